//! The words of the OS notification for what is due, in both languages: each reminder opens
//! with its severity's word (the one vocabulary of `vocabulary`), several become a summary.

use crate::reminders::Reminder;
use crate::vocabulary::Tense;

/// The language a notification is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// The language for a POSIX locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, first set wins):
    /// English for an English locale, Japanese otherwise (the app's first language, also for
    /// `C` and an unset locale).
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Ja,
        }
    }
}

/// One notification: its title and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
}

/// The reminder's line: its severity's word, then its title.
fn line(r: &Reminder, lang: Lang) -> String {
    let (ja, en) = r.severity.word(Tense::of(r.deadline, r.fires));
    match lang {
        Lang::Ja => format!("【{ja}】{}", r.title_ja),
        Lang::En => format!("{en}: {}", r.title_en),
    }
}

/// The notification for `due` (most serious first, as `reminders::due` sorts them): one
/// reminder is its line and its advice; several are a count and one line each. None when
/// nothing is due.
pub fn notification(due: &[Reminder], lang: Lang) -> Option<Notification> {
    match due {
        [] => None,
        [one] => Some(Notification {
            title: line(one, lang),
            body: match lang {
                Lang::Ja => one.body_ja.clone(),
                Lang::En => one.body_en.clone(),
            },
        }),
        many => Some(Notification {
            title: match lang {
                Lang::Ja => format!("保険ウォレット: お知らせが{}件あります", many.len()),
                Lang::En => format!("Hoken Wallet: {} reminders", many.len()),
            },
            body: many
                .iter()
                .map(|r| line(r, lang))
                .collect::<Vec<_>>()
                .join("\n"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{DeadlineKind, Severity};
    use chrono::NaiveDate;

    fn reminder(severity: Severity, title: &str) -> Reminder {
        let day = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        Reminder {
            key: title.into(),
            member_id: "m".into(),
            member_name: "太郎".into(),
            kind: DeadlineKind::CertificateExpiry,
            deadline: day,
            fires: day,
            lead_days: 0,
            severity,
            title_ja: format!("{title}（ja）"),
            title_en: format!("{title} (en)"),
            body_ja: "窓口で更新してください".into(),
            body_en: "Renew at the office".into(),
        }
    }

    #[test]
    fn one_reminder_opens_with_its_severity_word_in_both_languages() {
        let due = [reminder(Severity::Urgent, "a")];
        let ja = notification(&due, Lang::Ja).expect("one");
        assert_eq!(ja.title, "【急いで】a（ja）");
        assert_eq!(ja.body, "窓口で更新してください");
        let en = notification(&due, Lang::En).expect("one");
        assert_eq!(en.title, "Urgent: a (en)");
        assert_eq!(en.body, "Renew at the office");
    }

    #[test]
    fn several_reminders_are_summed_up_one_line_each() {
        let due = [
            reminder(Severity::Expired, "a"),
            reminder(Severity::Soon, "b"),
        ];
        let ja = notification(&due, Lang::Ja).expect("two");
        assert_eq!(ja.title, "保険ウォレット: お知らせが2件あります");
        assert_eq!(ja.body, "【期限切れ】a（ja）\n【早めに】b（ja）");
        let en = notification(&due, Lang::En).expect("two");
        assert_eq!(en.title, "Hoken Wallet: 2 reminders");
        assert_eq!(en.body, "Expired: a (en)\nAct soon: b (en)");
        assert_eq!(notification(&[], Lang::Ja), None);
    }

    #[test]
    fn the_locale_picks_the_language_japanese_first() {
        assert_eq!(Lang::from_locale(Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("ja_JP.UTF-8")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("C")), Lang::Ja);
        assert_eq!(Lang::from_locale(None), Lang::Ja);
    }
}
