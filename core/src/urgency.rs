//! Which deadline is the most urgent: the family's one for the home banner, and each
//! member's next one for the home card.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::family::MemberStatus;
use crate::timeline::{Deadline, Severity};

/// One member's deadline, the most urgent of the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UrgentDeadline {
    pub member_id: String,
    pub member_name: String,
    pub deadline: Deadline,
}

/// The family's most urgent deadline: the highest severity, then the nearest date (for
/// passed deadlines: the most recently passed); the first member wins a tie. None when
/// nothing is at least `soon`.
pub fn most_urgent(members: &[MemberStatus]) -> Option<UrgentDeadline> {
    let mut best: Option<(&MemberStatus, &Deadline)> = None;
    for m in members {
        for d in &m.deadlines {
            if d.severity < Severity::Soon {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, b)) => {
                    d.severity > b.severity
                        || (d.severity == b.severity && d.days_left.abs() < b.days_left.abs())
                }
            };
            if better {
                best = Some((m, d));
            }
        }
    }
    best.map(|(m, d)| UrgentDeadline {
        member_id: m.id.clone(),
        member_name: m.name.clone(),
        deadline: d.clone(),
    })
}

/// The nearest deadline from today on (the first of the earliest date), if any.
pub fn next_deadline(deadlines: &[Deadline]) -> Option<Deadline> {
    deadlines
        .iter()
        .filter(|d| d.days_left >= 0)
        .min_by_key(|d| d.days_left)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::DeadlineKind;
    use crate::vocabulary::Tense;

    fn deadline(kind: DeadlineKind, days_left: i64, severity: Severity) -> Deadline {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date")
            + chrono::Duration::days(days_left);
        Deadline {
            kind,
            date,
            days_left,
            severity,
            tone: severity.tone(Tense::Future),
            title_ja: String::new(),
            title_en: String::new(),
            message_ja: "ja".into(),
            message_en: "en".into(),
        }
    }

    fn member(id: &str, deadlines: Vec<Deadline>) -> MemberStatus {
        MemberStatus {
            id: id.into(),
            name: id.into(),
            relation: crate::vault::Relation::Insured,
            status: None,
            status_until: None,
            status_tone: None,
            status_date: None,
            phone_usable: None,
            next_deadline: next_deadline(&deadlines),
            deadlines,
            certificate_expiry_source: None,
            document: None,
            document_age: None,
        }
    }

    use DeadlineKind::*;
    use Severity::*;

    #[test]
    fn nothing_below_soon_makes_a_banner() {
        assert_eq!(most_urgent(&[]), None);
        assert_eq!(
            most_urgent(&[member("a", vec![deadline(CertificateExpiry, 400, Info)])]),
            None
        );
    }

    #[test]
    fn the_highest_severity_across_the_family_wins() {
        let a = member("a", vec![deadline(RenewalOpens, 3, Soon)]);
        let b = member(
            "b",
            vec![
                deadline(GraceEnd, 60, Urgent),
                deadline(CardExpiry, 900, Info),
            ],
        );
        let hit = most_urgent(&[a, b]).expect("a banner");
        assert_eq!((hit.member_id.as_str(), hit.deadline.kind), ("b", GraceEnd));
    }

    #[test]
    fn expired_beats_urgent_whatever_the_dates() {
        let a = member("a", vec![deadline(GraceEnd, 2, Urgent)]);
        let b = member("b", vec![deadline(CertificateExpiry, -30, Expired)]);
        assert_eq!(most_urgent(&[a, b]).expect("banner").member_id, "b");
    }

    #[test]
    fn among_equals_the_nearest_date_wins_and_then_the_first_member() {
        let a = member("a", vec![deadline(RenewalOpens, 40, Soon)]);
        let b = member(
            "b",
            vec![
                deadline(RenewalOpens, 12, Soon),
                deadline(PhoneCertificateExpiry, 20, Soon),
            ],
        );
        let hit = most_urgent(&[a.clone(), b]).expect("banner");
        assert_eq!((hit.member_id.as_str(), hit.deadline.days_left), ("b", 12));
        let twin = member("c", vec![deadline(RenewalOpens, 40, Soon)]);
        assert_eq!(most_urgent(&[a, twin]).expect("banner").member_id, "a");
    }

    #[test]
    fn the_next_deadline_is_the_nearest_from_today_on() {
        let d = vec![
            deadline(CertificateExpiry, -3, Expired),
            deadline(GraceEnd, 118, Urgent),
            deadline(CardExpiry, 0, Urgent),
        ];
        assert_eq!(next_deadline(&d).expect("next").kind, CardExpiry);
        assert_eq!(next_deadline(&[deadline(GraceEnd, -1, Expired)]), None);
    }
}
