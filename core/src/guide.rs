//! 「何を持っていけばいい？」: the insurers' decision chart (docs/rules.md) as a short flow —
//! one question per step, the answer card at the end. The chart (which answers a question
//! offers, where each leads, what to bring, whether the card rule applies) is decided here;
//! the UI names each id in its language and draws the step.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuideQuestion {
    /// Do you have your My Number Card (registered for insurance use)?
    Card,
    /// Can you show the qualification screen on a smartphone?
    Phone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuideAnswer {
    CardYes,
    CardNo,
    CardLost,
    PhoneYes,
    PhoneNo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuideResult {
    CardAndPhone,
    CardAndNotice,
    NoCard,
    Lost,
}

/// What to take to the clinic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuideBring {
    /// The My Number Card.
    Card,
    /// The qualification screen saved on the smartphone.
    PhoneScreen,
    /// The paper 資格情報のお知らせ.
    Notice,
    /// The 資格確認書.
    Kakunin,
    /// A 資格確認書 until the card is reissued.
    KakuninTemp,
}

/// Where the answers so far lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum GuideStep {
    Question {
        question: GuideQuestion,
        /// The answers offered, in order.
        answers: Vec<GuideAnswer>,
        /// This question's number (from 1) and how many the longest path asks.
        number: u32,
        total: u32,
        /// The answers that led here (those that did not fit the chart dropped).
        path: Vec<GuideAnswer>,
    },
    Result {
        result: GuideResult,
        /// What to take, in order.
        bring: Vec<GuideBring>,
        /// Whether "a screen alone is not enough: always with the card" applies.
        with_card: bool,
        path: Vec<GuideAnswer>,
    },
}

/// The longest path's number of questions.
pub const QUESTION_COUNT: u32 = 2;

enum Next {
    Ask(GuideQuestion),
    Show(GuideResult),
}

fn answers_of(q: GuideQuestion) -> Vec<GuideAnswer> {
    use GuideAnswer::*;
    match q {
        GuideQuestion::Card => vec![CardYes, CardNo, CardLost],
        GuideQuestion::Phone => vec![PhoneYes, PhoneNo],
    }
}

fn next(a: GuideAnswer) -> Next {
    match a {
        GuideAnswer::CardYes => Next::Ask(GuideQuestion::Phone),
        GuideAnswer::CardNo => Next::Show(GuideResult::NoCard),
        GuideAnswer::CardLost => Next::Show(GuideResult::Lost),
        GuideAnswer::PhoneYes => Next::Show(GuideResult::CardAndPhone),
        GuideAnswer::PhoneNo => Next::Show(GuideResult::CardAndNotice),
    }
}

fn result(result: GuideResult, path: Vec<GuideAnswer>) -> GuideStep {
    use GuideBring::*;
    let (bring, with_card) = match result {
        GuideResult::CardAndPhone => (vec![Card, PhoneScreen], true),
        GuideResult::CardAndNotice => (vec![Card, Notice], true),
        GuideResult::NoCard => (vec![Kakunin], false),
        GuideResult::Lost => (vec![KakuninTemp], false),
    };
    GuideStep::Result {
        result,
        bring,
        with_card,
        path,
    }
}

/// The step the answers lead to: the first question with no answers; an answer that does not
/// belong to its question ends the walk there (it is dropped from `path`), as do answers
/// after the result.
pub fn step(answers: &[GuideAnswer]) -> GuideStep {
    let mut question = GuideQuestion::Card;
    let mut path = Vec::new();
    for &a in answers {
        if !answers_of(question).contains(&a) {
            break;
        }
        path.push(a);
        match next(a) {
            Next::Ask(q) => question = q,
            Next::Show(r) => return result(r, path),
        }
    }
    GuideStep::Question {
        question,
        answers: answers_of(question),
        number: u32::try_from(path.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1),
        total: QUESTION_COUNT,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GuideAnswer::*;

    fn result_of(answers: &[GuideAnswer]) -> (GuideResult, Vec<GuideBring>, bool) {
        match step(answers) {
            GuideStep::Result {
                result,
                bring,
                with_card,
                ..
            } => (result, bring, with_card),
            other => panic!("still asking: {other:?}"),
        }
    }

    #[test]
    fn starts_with_the_card_question_numbered_one() {
        let GuideStep::Question {
            question,
            answers,
            number,
            total,
            path,
        } = step(&[])
        else {
            panic!("a question");
        };
        assert_eq!((question, number, total), (GuideQuestion::Card, 1, 2));
        assert_eq!(answers, vec![CardYes, CardNo, CardLost]);
        assert!(path.is_empty());
    }

    #[test]
    fn card_and_smartphone_bring_the_card_with_the_saved_screen() {
        assert!(matches!(
            step(&[CardYes]),
            GuideStep::Question {
                question: GuideQuestion::Phone,
                number: 2,
                ..
            }
        ));
        assert_eq!(
            result_of(&[CardYes, PhoneYes]),
            (
                GuideResult::CardAndPhone,
                vec![GuideBring::Card, GuideBring::PhoneScreen],
                true
            )
        );
    }

    #[test]
    fn card_without_a_smartphone_brings_the_paper_notice() {
        assert_eq!(
            result_of(&[CardYes, PhoneNo]),
            (
                GuideResult::CardAndNotice,
                vec![GuideBring::Card, GuideBring::Notice],
                true
            )
        );
    }

    #[test]
    fn no_card_or_a_lost_one_means_the_kakunin_without_the_card_rule() {
        assert_eq!(
            result_of(&[CardNo]),
            (GuideResult::NoCard, vec![GuideBring::Kakunin], false)
        );
        assert_eq!(
            result_of(&[CardLost]),
            (GuideResult::Lost, vec![GuideBring::KakuninTemp], false)
        );
    }

    #[test]
    fn an_answer_that_does_not_belong_ends_the_walk_and_is_dropped() {
        let GuideStep::Question { question, path, .. } = step(&[PhoneYes]) else {
            panic!("a question");
        };
        assert_eq!((question, path), (GuideQuestion::Card, vec![]));
        let GuideStep::Result { path, .. } = step(&[CardNo, CardYes]) else {
            panic!("a result");
        };
        assert_eq!(path, vec![CardNo]);
    }
}
