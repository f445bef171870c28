//! One vocabulary for how serious something is: the word, the colour and the icon that the
//! status badge, the home banner, the timeline, the checker and the notifications all show.
//!
//! Everything a person reads about a date is decided here: its severity ([`Tone`]), what happens
//! on it ([`deadline_title`]) in the tense of the date, and which date the status line names
//! ([`StatusDate`]). The UI renders these; it derives nothing from dates itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::CardDates;
use crate::timeline::{CardStatus, DeadlineKind};

/// How serious a state is, least first. Each level has one word, one colour (the UI's
/// `--c-<level>` palette entry) and one icon, wherever it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Nothing to do (the badge of a card that works).
    Ok,
    /// A date to know about, nothing to do yet.
    Info,
    /// Something to do in the coming weeks (the renewal window is open).
    Soon,
    /// Something to do now.
    Urgent,
    /// Too late: the date has passed and something no longer works.
    Expired,
}

/// The icons of the vocabulary (the UI's `Icon` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Icon {
    Check,
    Info,
    Clock,
    Warning,
    Cross,
}

/// Whether a date is behind, on or ahead of the day it is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Today,
    Future,
}

impl Tense {
    pub fn of(date: NaiveDate, today: NaiveDate) -> Tense {
        match date.cmp(&today) {
            std::cmp::Ordering::Less => Tense::Past,
            std::cmp::Ordering::Equal => Tense::Today,
            std::cmp::Ordering::Greater => Tense::Future,
        }
    }
}

/// A severity as it is shown: its colour (`severity`), icon and word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tone {
    pub severity: Severity,
    pub icon: Icon,
    pub word_ja: String,
    pub word_en: String,
}

impl Severity {
    pub fn icon(self) -> Icon {
        match self {
            Severity::Ok => Icon::Check,
            Severity::Info => Icon::Info,
            Severity::Soon => Icon::Clock,
            Severity::Urgent => Icon::Warning,
            Severity::Expired => Icon::Cross,
        }
    }

    /// The word for a date in `tense` at this severity. No word speaks of the future when the
    /// date has passed: a window that opened 51 days ago is 「早めに」 (act early), never
    /// 「まもなく」 (soon).
    pub fn word(self, tense: Tense) -> (&'static str, &'static str) {
        match (self, tense) {
            (Severity::Ok, _) => ("使えます", "Usable"),
            (Severity::Info, Tense::Past) => ("過ぎた日", "Passed"),
            (Severity::Info, _) => ("予定", "Upcoming"),
            (Severity::Soon, _) => ("早めに", "Act soon"),
            (Severity::Urgent, _) => ("急いで", "Urgent"),
            (Severity::Expired, _) => ("期限切れ", "Expired"),
        }
    }

    pub fn tone(self, tense: Tense) -> Tone {
        let (word_ja, word_en) = self.word(tense);
        Tone {
            severity: self,
            icon: self.icon(),
            word_ja: word_ja.into(),
            word_en: word_en.into(),
        }
    }
}

impl CardStatus {
    /// The badge's place on the one scale: its colour and icon are the severity's, so the
    /// badge and a deadline of the same urgency look alike.
    pub fn severity(self) -> Severity {
        match self {
            CardStatus::Usable => Severity::Ok,
            CardStatus::RenewalOpen => Severity::Soon,
            CardStatus::ExpiringSoon | CardStatus::Grace => Severity::Urgent,
            CardStatus::Unusable => Severity::Expired,
        }
    }
}

/// The badge: the status's own words (for `grace` with the last usable day `until`) in its
/// severity's colour and icon.
pub fn badge_tone(status: CardStatus, until: Option<NaiveDate>) -> Tone {
    let severity = status.severity();
    let (word_ja, word_en) = match (status, until) {
        (CardStatus::Usable, _) => ("使えます".into(), "Usable".into()),
        (CardStatus::RenewalOpen, _) => ("更新できます".into(), "Renewal open".into()),
        (CardStatus::ExpiringSoon, _) => ("まもなく期限".into(), "Expiring soon".into()),
        (CardStatus::Grace, Some(until)) => (
            format!("期限切れ・猶予は{}まで", crate::era::format_display(until)),
            format!("Expired – grace period (until {})", format_en(until)),
        ),
        (CardStatus::Grace, None) => ("期限切れ・猶予中".into(), "Expired – grace period".into()),
        (CardStatus::Unusable, _) => ("使えません".into(), "Not usable".into()),
    };
    Tone {
        severity,
        icon: severity.icon(),
        word_ja,
        word_en,
    }
}

/// `30 September 2025`.
fn format_en(date: NaiveDate) -> String {
    use chrono::Datelike;
    let month = crate::era::month_name(date.month());
    format!("{} {month} {}", date.day(), date.year())
}

/// What happens on a deadline's date, in the tense of the date: 「電子証明書の有効期限」 ahead of
/// it, 「電子証明書の有効期限が切れました」 after it.
pub fn deadline_title(kind: DeadlineKind, tense: Tense) -> (&'static str, &'static str) {
    use DeadlineKind::*;
    if tense == Tense::Past {
        return match kind {
            RenewalOpens => ("更新受付が始まりました", "Renewal opened"),
            CertificateExpiry => (
                "電子証明書の有効期限が切れました",
                "The certificate expired",
            ),
            GraceWarn => (
                "猶予の注意日が過ぎました",
                "The grace-period warning day passed",
            ),
            GraceEnd => ("猶予期間が終わりました", "The grace period ended"),
            CardExpiry => ("カードの有効期限が切れました", "The card expired"),
            PhoneCertificateExpiry => (
                "スマホ用電子証明書の有効期限が切れました",
                "The smartphone certificate expired",
            ),
            KakuninExpiry => ("資格確認書の有効期限が切れました", "The 資格確認書 expired"),
            SnapshotStale => (
                "資格情報画面が古くなりました",
                "The qualification screen became out of date",
            ),
        };
    }
    match kind {
        RenewalOpens => ("更新受付開始", "Renewal opens"),
        CertificateExpiry => ("電子証明書の有効期限", "Certificate expiry"),
        GraceWarn => ("猶予の注意日", "Grace-period warning"),
        GraceEnd => (
            "猶予期間の終了（最終利用日）",
            "End of the grace period (last usable day)",
        ),
        CardExpiry => ("カードの有効期限", "Card expiry"),
        PhoneCertificateExpiry => (
            "スマホ用電子証明書の有効期限",
            "Smartphone certificate expiry",
        ),
        KakuninExpiry => ("資格確認書の有効期限", "資格確認書 expiry"),
        SnapshotStale => (
            "資格情報画面の更新目安",
            "Time to refresh the qualification screen",
        ),
    }
}

/// The one date the status line names, labelled by what happens on it. Not the last day of
/// the badge's words (「…まで」 read as a deadline when it was only the day the badge changed):
/// the next event that matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusDate {
    pub date: NaiveDate,
    pub kind: DeadlineKind,
    pub label_ja: String,
    pub label_en: String,
}

impl StatusDate {
    fn new(date: NaiveDate, kind: DeadlineKind, (ja, en): (&str, &str)) -> StatusDate {
        StatusDate {
            date,
            kind,
            label_ja: ja.into(),
            label_en: en.into(),
        }
    }
}

/// The status line's date for a card in `status`:
/// - `usable`: the day renewal opens;
/// - `renewal_open` and `expiring_soon`: the certificate's expiry (never after the card's own,
///   `rules::compute` caps it);
/// - `grace`: the last usable day (the grace period's end, or the card's expiry if earlier);
/// - `unusable`: none.
pub fn status_date(status: CardStatus, dates: &CardDates) -> Option<StatusDate> {
    match status {
        CardStatus::Usable => Some(StatusDate::new(
            dates.renewal_opens,
            DeadlineKind::RenewalOpens,
            ("更新受付開始", "Renewal opens"),
        )),
        CardStatus::RenewalOpen | CardStatus::ExpiringSoon => Some(StatusDate::new(
            dates.certificate_expiry,
            DeadlineKind::CertificateExpiry,
            ("電子証明書の有効期限", "Certificate expiry"),
        )),
        CardStatus::Grace => {
            let (date, kind) = match dates.card_expiry {
                Some(c) if c < dates.grace_end => (c, DeadlineKind::CardExpiry),
                _ => (dates.grace_end, DeadlineKind::GraceEnd),
            };
            Some(StatusDate::new(
                date,
                kind,
                ("最終利用日", "Last usable day"),
            ))
        }
        CardStatus::Unusable => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{compute, CardInputs};
    use crate::timeline::timeline;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// Certificate 2025-06-01, renewal 2025-03-02, grace end 2025-09-30, card 2030-06-01.
    fn worked() -> CardDates {
        compute(&CardInputs {
            birth: d("1980-06-01"),
            issued: Some(d("2021-03-10")),
            ..Default::default()
        })
        .expect("dates")
    }

    const ALL: [Severity; 5] = [
        Severity::Ok,
        Severity::Info,
        Severity::Soon,
        Severity::Urgent,
        Severity::Expired,
    ];

    #[test]
    fn each_severity_has_one_icon_and_its_own_word() {
        let icons: std::collections::BTreeSet<String> =
            ALL.iter().map(|s| format!("{:?}", s.icon())).collect();
        assert_eq!(icons.len(), ALL.len(), "one icon per severity");
        let words: std::collections::BTreeSet<&str> =
            ALL.iter().map(|s| s.word(Tense::Future).0).collect();
        assert_eq!(words.len(), ALL.len(), "one word per severity");
        for s in ALL {
            for tense in [Tense::Past, Tense::Today, Tense::Future] {
                let t = s.tone(tense);
                assert!(!t.word_ja.is_empty() && !t.word_en.is_empty());
                assert_eq!((t.severity, t.icon), (s, s.icon()));
            }
        }
    }

    #[test]
    fn no_word_says_soon_about_a_passed_date() {
        for s in ALL {
            let (ja, en) = s.word(Tense::Past);
            assert!(
                !ja.contains("まもなく") && !ja.contains("予定"),
                "{s:?}: {ja}"
            );
            assert!(!en.to_lowercase().contains("upcoming"), "{s:?}: {en}");
        }
    }

    /// The case: renewal opened 51 days ago. The deadline is still `soon` (renewal is
    /// open), but it is tagged 早めに and titled in the past tense.
    #[test]
    fn a_window_opened_51_days_ago_is_not_tagged_soon() {
        let dates = worked();
        let today = d("2025-04-22");
        let t = timeline(&dates, today);
        let renewal = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::RenewalOpens)
            .expect("renewal");
        assert_eq!(renewal.days_left, -51);
        assert_eq!(renewal.severity, Severity::Soon);
        assert_eq!(renewal.tone.word_ja, "早めに");
        assert_eq!(renewal.title_ja, "更新受付が始まりました");
        assert_eq!(renewal.title_en, "Renewal opened");
    }

    #[test]
    fn past_dates_are_titled_in_the_past_tense() {
        use DeadlineKind::*;
        for kind in [
            RenewalOpens,
            CertificateExpiry,
            GraceWarn,
            GraceEnd,
            CardExpiry,
            PhoneCertificateExpiry,
            KakuninExpiry,
            SnapshotStale,
        ] {
            let (ja, en) = deadline_title(kind, Tense::Past);
            let (fja, fen) = deadline_title(kind, Tense::Future);
            assert!(ja.ends_with("ました"), "{kind:?}: {ja}");
            assert_ne!(en, fen, "{kind:?}");
            assert!(!fja.ends_with("ました"), "{kind:?}: {fja}");
            assert_eq!(deadline_title(kind, Tense::Today), (fja, fen));
        }
    }

    /// The banner (a deadline) and the badge (the status) of the same day agree: in the renewal
    /// window with 40 days left both are `soon` (one colour, one icon).
    #[test]
    fn badge_and_banner_agree_in_the_renewal_window() {
        let t = timeline(&worked(), d("2025-04-22"));
        assert_eq!(t.status, CardStatus::RenewalOpen);
        let expiry = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::CertificateExpiry)
            .expect("expiry");
        assert_eq!(expiry.days_left, 40);
        assert_eq!(expiry.tone.severity, t.status_tone.severity);
        assert_eq!(expiry.tone.icon, t.status_tone.icon);
        assert_eq!(t.status_tone.word_ja, "更新できます");
        let grace = timeline(&worked(), d("2025-07-01")).status_tone;
        assert_eq!(
            grace.word_ja,
            "期限切れ・猶予は令和7年（2025年）9月30日まで"
        );
        assert_eq!(
            grace.word_en,
            "Expired – grace period (until 30 September 2025)"
        );
    }

    #[test]
    fn the_badge_colours_follow_the_scale() {
        assert_eq!(CardStatus::Usable.severity(), Severity::Ok);
        assert_eq!(CardStatus::RenewalOpen.severity(), Severity::Soon);
        assert_eq!(CardStatus::ExpiringSoon.severity(), Severity::Urgent);
        assert_eq!(CardStatus::Grace.severity(), Severity::Urgent);
        assert_eq!(CardStatus::Unusable.severity(), Severity::Expired);
    }

    /// The status line names what happens on its date, never the day before renewal opens
    /// as 「…まで」.
    #[test]
    fn the_status_date_is_labelled_by_what_happens_on_it() {
        let dates = worked();
        let at = |day: &str| timeline(&dates, d(day)).status_date;
        let usable = at("2024-01-10").expect("usable");
        assert_eq!(
            (usable.date, usable.kind, usable.label_ja.as_str()),
            (d("2025-03-02"), DeadlineKind::RenewalOpens, "更新受付開始")
        );
        let open = at("2025-04-22").expect("renewal open");
        assert_eq!(
            (open.date, open.kind),
            (d("2025-06-01"), DeadlineKind::CertificateExpiry)
        );
        let soon = at("2025-05-20").expect("expiring soon");
        assert_eq!(soon.date, d("2025-06-01"));
        let grace = at("2025-07-01").expect("grace");
        assert_eq!(
            (grace.date, grace.label_ja.as_str()),
            (d("2025-09-30"), "最終利用日")
        );
        assert_eq!(at("2025-10-01"), None);
    }

    #[test]
    fn a_card_expiring_in_the_grace_period_ends_it() {
        let dates = compute(&CardInputs {
            birth: d("1980-06-01"),
            issued: Some(d("2021-03-10")),
            cert_expiry: Some(d("2025-06-01")),
            card_expiry: Some(d("2025-08-01")),
            ..Default::default()
        })
        .expect("dates");
        let s = status_date(CardStatus::Grace, &dates).expect("date");
        assert_eq!(
            (s.date, s.kind),
            (d("2025-08-01"), DeadlineKind::CardExpiry)
        );
        assert_eq!(s.label_ja, "最終利用日");
    }
}
