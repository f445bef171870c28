//! A member's deadlines on a given day: date, days left, severity and what to do.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::CardDates;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadlineKind {
    RenewalOpens,
    CertificateExpiry,
    GraceWarn,
    GraceEnd,
    CardExpiry,
    PhoneCertificateExpiry,
    KakuninExpiry,
    SnapshotStale,
}

pub use crate::vocabulary::Severity;
use crate::vocabulary::{Tense, Tone};

/// The member's overall state on the day, for the home screen badge:
/// 使えます / 更新できます / まもなく期限 / 期限切れ・猶予中 (until) / 使えません.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CardStatus {
    Usable,
    RenewalOpen,
    ExpiringSoon,
    Grace,
    Unusable,
}

impl CardStatus {
    /// The badge's words (the UI and the CLI show these; see `vocabulary`).
    pub fn label_ja(self) -> &'static str {
        match self {
            CardStatus::Usable => "使えます",
            CardStatus::RenewalOpen => "更新できます",
            CardStatus::ExpiringSoon => "まもなく期限",
            CardStatus::Grace => "期限切れ・猶予中",
            CardStatus::Unusable => "使えません",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CardStatus::Usable => "usable",
            CardStatus::RenewalOpen => "renewal open",
            CardStatus::ExpiringSoon => "expiring soon",
            CardStatus::Grace => "expired, in the grace period",
            CardStatus::Unusable => "not usable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub date: NaiveDate,
    /// Negative once the date has passed.
    #[ts(type = "number")]
    pub days_left: i64,
    pub severity: Severity,
    /// The severity's word, colour and icon as this date reads today.
    pub tone: Tone,
    /// What happens on the date, in its tense (「…が切れました」 once passed).
    pub title_ja: String,
    pub title_en: String,
    /// What to do, in Japanese and in English.
    pub message_ja: String,
    pub message_en: String,
}

impl Deadline {
    fn new(
        kind: DeadlineKind,
        date: NaiveDate,
        today: NaiveDate,
        severity: Severity,
        (message_ja, message_en): (String, String),
    ) -> Deadline {
        let tense = Tense::of(date, today);
        let (title_ja, title_en) = crate::vocabulary::deadline_title(kind, tense);
        Deadline {
            kind,
            date,
            days_left: days_between(today, date),
            severity,
            tone: severity.tone(tense),
            title_ja: title_ja.into(),
            title_en: title_en.into(),
            message_ja,
            message_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Timeline {
    pub today: NaiveDate,
    pub status: CardStatus,
    /// The last day of the current status (for `grace`: the card's last usable day); None once
    /// the card is unusable.
    pub status_until: Option<NaiveDate>,
    /// The badge: the status's words with its severity's colour and icon.
    pub status_tone: Tone,
    /// The date the status line names, labelled by what happens on it (None once unusable).
    pub status_date: Option<crate::vocabulary::StatusDate>,
    /// Whether the smartphone マイナ保険証 works today (None: no smartphone certificate known).
    pub phone_usable: Option<bool>,
    /// Sorted by date.
    pub deadlines: Vec<Deadline>,
    /// Where the certificate expiry came from: computed, typed, or read from the card.
    #[serde(default)]
    #[ts(as = "Option<crate::rules::DateSource>", optional)]
    pub certificate_expiry_source: crate::rules::DateSource,
}

/// Days from `today` to `date` (negative once passed).
fn days_between(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

fn ja(d: NaiveDate) -> String {
    crate::era::format_display(d)
}

/// `date` − `days`, saturating at chrono's range.
fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Severity by days left with "soon" and "urgent" thresholds (days, inclusive).
fn by_days(days_left: i64, soon: i64, urgent: i64) -> Severity {
    if days_left < 0 {
        Severity::Expired
    } else if days_left <= urgent {
        Severity::Urgent
    } else if days_left <= soon {
        Severity::Soon
    } else {
        Severity::Info
    }
}

/// Days before the certificate expiry from which it is `urgent` (and the status
/// `expiring_soon`).
pub const CERT_URGENT_DAYS: i64 = 30;
/// Days before the card body's expiry from which it is `soon` / `urgent`.
pub const CARD_SOON_DAYS: i64 = 90;
pub const CARD_URGENT_DAYS: i64 = 30;
/// Days before the smartphone certificate's or the 資格確認書's expiry from which it is
/// `soon` / `urgent`.
pub const SHORT_SOON_DAYS: i64 = 30;
pub const SHORT_URGENT_DAYS: i64 = 7;

/// One deadline's severity and advice on `today`.
///
/// Severity by kind (`d` = days left, negative once passed):
/// - `renewal_opens`: `info` before the window opens and once the certificate has expired
///   (the expiry and grace deadlines then carry the urgency); `soon` while the window is open
///   and the certificate is still valid.
/// - `certificate_expiry`: `info` before the renewal window opens (about 90 days ahead, the
///   exact day is `renewal_opens`), `soon` once it is open, `urgent` when d ≤ 30, `expired`
///   when d < 0.
/// - `grace_warn` (the day-for-day end some insurers use): `info` while the certificate is
///   valid, `urgent` from the day after expiry through this date, `expired` after it.
/// - `grace_end`: `info` while the certificate is valid, `urgent` during the grace period,
///   `expired` after it.
/// - `card_expiry`: `info` when d > 90, `soon` when d ≤ 90, `urgent` when d ≤ 30, `expired`
///   when d < 0.
/// - `phone_certificate_expiry` and `kakunin_expiry`: `info` when d > 30, `soon` when d ≤ 30,
///   `urgent` when d ≤ 7, `expired` when d < 0.
fn deadline(kind: DeadlineKind, date: NaiveDate, dates: &CardDates, today: NaiveDate) -> Deadline {
    let days_left = days_between(today, date);
    let cert = dates.certificate_expiry;
    let cert_expired = today > cert;
    let grace_end = dates.grace_end;
    let (severity, message_ja, message_en): (Severity, String, String) = match kind {
        DeadlineKind::RenewalOpens => {
            if cert_expired {
                (
                    Severity::Info,
                    "電子証明書の有効期限が過ぎています。市区町村の窓口で更新してください".into(),
                    "The certificate has expired: please renew it at your municipal office".into(),
                )
            } else if today >= date {
                (
                    Severity::Soon,
                    "市区町村の窓口で電子証明書を更新できます。期限前に更新しても損はありません".into(),
                    "You can renew the certificate at your municipal office now; renewing early loses nothing".into(),
                )
            } else {
                (
                    Severity::Info,
                    format!("{}から市区町村の窓口で電子証明書を更新できます", ja(date)),
                    format!("From {date} you can renew the certificate at your municipal office"),
                )
            }
        }
        DeadlineKind::CertificateExpiry => {
            let (severity, mut ja_text, mut en_text): (Severity, String, String) = if cert_expired {
                (
                    Severity::Expired,
                    format!(
                        "電子証明書の有効期限が切れました。カードは{}までマイナ保険証として使えます（資格確認のみ）。スマホのマイナ保険証は有効期限の日で終わり、猶予はありません。市区町村の窓口で更新してください",
                        ja(grace_end)
                    ),
                    format!(
                        "The certificate has expired. The card still works as マイナ保険証 until {grace_end} (qualification check only); the smartphone マイナ保険証 stopped on the expiry day, with no grace period. Please renew at your municipal office"
                    ),
                )
            } else if days_left <= CERT_URGENT_DAYS {
                (
                    Severity::Urgent,
                    "電子証明書の有効期限が近づいています。市区町村の窓口で早めに更新してください。期限後はスマホのマイナ保険証が使えなくなります".into(),
                    "The certificate expires soon: please renew it at your municipal office. After this day the smartphone マイナ保険証 stops working".into(),
                )
            } else if today >= dates.renewal_opens {
                (
                    Severity::Soon,
                    "電子証明書の有効期限が近づいています。市区町村の窓口で更新できます".into(),
                    "The certificate expires in less than 3 months: you can renew it at your municipal office".into(),
                )
            } else {
                (
                    Severity::Info,
                    format!(
                        "電子証明書の有効期限です。{}から更新できます",
                        ja(dates.renewal_opens)
                    ),
                    format!(
                        "Certificate expiry. You can renew it from {}",
                        dates.renewal_opens
                    ),
                )
            };
            if dates.leap_day_adjusted {
                ja_text.push_str("（2月29日生まれのため2月28日としています。カードに書かれた日付を優先してください）");
                en_text.push_str(" (born on 29 February: the app used 28 February; prefer the date printed on the card)");
            }
            if dates.capped_by_card {
                ja_text.push_str("（カードの有効期限に合わせています）");
                en_text.push_str(" (cut to the card's own expiry)");
            }
            (severity, ja_text, en_text)
        }
        DeadlineKind::GraceWarn => {
            if !cert_expired {
                (
                    Severity::Info,
                    "有効期限の3か月後（日付どおり）です。保険者によってはこの日で猶予が終わります".into(),
                    "3 months after the expiry, day for day: some insurers end the grace period on this day".into(),
                )
            } else if today <= date {
                (
                    Severity::Urgent,
                    "猶予期間中です。保険者によってはこの日で使えなくなります。すぐに電子証明書を更新してください".into(),
                    "You are in the grace period: some insurers stop accepting the card after this day. Please renew the certificate now".into(),
                )
            } else {
                (
                    Severity::Expired,
                    format!(
                        "保険者によっては猶予期間が終わっています。{}までに電子証明書を更新してください",
                        ja(grace_end)
                    ),
                    format!(
                        "Some insurers have already ended the grace period. Please renew the certificate by {grace_end}"
                    ),
                )
            }
        }
        DeadlineKind::GraceEnd => {
            if !cert_expired {
                (
                    Severity::Info,
                    "有効期限が切れても、カードはこの日までマイナ保険証として使えます（資格確認のみ。スマホは対象外）".into(),
                    "If the certificate expires, the card still works as マイナ保険証 until this day (qualification check only; not the smartphone)".into(),
                )
            } else if today <= date {
                (
                    Severity::Urgent,
                    "猶予期間の最終日です。過ぎるとマイナ保険証が使えなくなり、利用登録も解除されます。市区町村の窓口で更新してください。間に合わないときは、保険者（健康保険組合など）に資格確認書を申請してください".into(),
                    "The last day of the grace period: after it the card no longer works as マイナ保険証 and its registration is cancelled. Please renew at your municipal office; if you cannot in time, apply to your insurer (e.g. your health insurance society) for a 資格確認書".into(),
                )
            } else {
                (
                    Severity::Expired,
                    "マイナ保険証は使えません。資格確認書が必要です。保険者（健康保険組合など）に申請してください。電子証明書を更新したら、保険証利用登録をもう一度してください".into(),
                    "The card no longer works as マイナ保険証. You need a 資格確認書 (eligibility certificate): please apply to your insurer (e.g. your health insurance society). After renewing the certificate, register the card for insurance use again".into(),
                )
            }
        }
        DeadlineKind::CardExpiry => {
            let severity = by_days(days_left, CARD_SOON_DAYS, CARD_URGENT_DAYS);
            let (j, e): (String, String) = match severity {
                Severity::Ok | Severity::Info => (
                    "カードの有効期限です。有効期限の3か月前から市区町村の窓口で新しいカードを申請できます".into(),
                    "Card expiry. From 3 months before, you can apply for a new card at your municipal office".into(),
                ),
                Severity::Soon | Severity::Urgent => (
                    "カードの有効期限が近づいています。市区町村の窓口で新しいカードを申請してください".into(),
                    "The card expires soon: please apply for a new card at your municipal office".into(),
                ),
                Severity::Expired => (
                    "カードの有効期限が切れています。マイナ保険証としても使えません。市区町村の窓口で新しいカードを申請し、それまでは保険者に資格確認書を申請してください".into(),
                    "The card has expired and no longer works as マイナ保険証. Please apply for a new card at your municipal office, and ask your insurer for a 資格確認書 meanwhile".into(),
                ),
            };
            (severity, j, e)
        }
        DeadlineKind::PhoneCertificateExpiry => {
            let severity = by_days(days_left, SHORT_SOON_DAYS, SHORT_URGENT_DAYS);
            let (j, e): (String, String) = match severity {
                Severity::Ok | Severity::Info => (
                    "スマホ用電子証明書の有効期限です。スマホのマイナ保険証はこの日まで使えます（猶予期間はありません）".into(),
                    "Smartphone certificate expiry: the smartphone マイナ保険証 works through this day, with no grace period".into(),
                ),
                Severity::Soon | Severity::Urgent => (
                    "スマホ用電子証明書の有効期限が近づいています。スマホのマイナ保険証は有効期限の翌日から使えません。更新してください".into(),
                    "The smartphone certificate expires soon: the smartphone マイナ保険証 stops after this day (no grace period). Please renew it".into(),
                ),
                Severity::Expired => (
                    "スマホのマイナ保険証は使えません（猶予期間はありません）。受診にはカードを持参し、スマホ用電子証明書を更新してください".into(),
                    "The smartphone マイナ保険証 no longer works (there is no grace period). Bring the card to the clinic, and renew the smartphone certificate".into(),
                ),
            };
            (severity, j, e)
        }
        DeadlineKind::KakuninExpiry => {
            let severity = by_days(days_left, SHORT_SOON_DAYS, SHORT_URGENT_DAYS);
            let (j, e) = kakunin_text(severity);
            (severity, j, e)
        }
        DeadlineKind::SnapshotStale => (
            by_days(days_left, SHORT_SOON_DAYS, SHORT_URGENT_DAYS),
            "保存した資格情報画面が古くなっています。マイナポータルで保存し直してください".into(),
            "The saved qualification screen is out of date: please save it again from Mynaportal"
                .into(),
        ),
    };
    Deadline::new(kind, date, today, severity, (message_ja, message_en))
}

/// The 資格確認書's deadline on `today`. It does not depend on the card: a member who holds
/// a 資格確認書 and no マイナ保険証 has this deadline alone.
pub fn kakunin_deadline(date: NaiveDate, today: NaiveDate) -> Deadline {
    let severity = by_days(
        days_between(today, date),
        SHORT_SOON_DAYS,
        SHORT_URGENT_DAYS,
    );
    Deadline::new(
        DeadlineKind::KakuninExpiry,
        date,
        today,
        severity,
        kakunin_text(severity),
    )
}

fn kakunin_text(severity: Severity) -> (String, String) {
    match severity {
        Severity::Ok | Severity::Info => (
            "資格確認書の有効期限です".into(),
            "Expiry of the 資格確認書 (eligibility certificate)".into(),
        ),
        Severity::Soon | Severity::Urgent => (
            "資格確認書の有効期限が近づいています。新しい資格確認書が届かない場合は保険者に問い合わせてください".into(),
            "The 資格確認書 expires soon. If a new one has not arrived, please contact your insurer".into(),
        ),
        Severity::Expired => (
            "資格確認書の有効期限が切れています。保険者に新しい資格確認書を申請してください".into(),
            "The 資格確認書 has expired: please ask your insurer for a new one".into(),
        ),
    }
}

/// The overall status on `today` and the date it lasts until (see [`Timeline::status_until`]):
/// - `unusable`: the card body has expired, or `today` is after `grace_end`;
/// - `grace`: the certificate has expired and `today` ≤ `grace_end` (until: `grace_end`, or
///   the card body's expiry if earlier);
/// - `expiring_soon`: at most 30 days to the certificate expiry (until: the expiry day);
/// - `renewal_open`: from `renewal_opens` (until: the day before `expiring_soon` begins);
/// - `usable`: before `renewal_opens` (until: the day before it).
///
/// The date is never later than the card body's expiry.
fn status(dates: &CardDates, today: NaiveDate) -> (CardStatus, Option<NaiveDate>) {
    let cert = dates.certificate_expiry;
    let card_dead = dates.card_expiry.is_some_and(|c| today > c);
    if card_dead || today > dates.grace_end {
        return (CardStatus::Unusable, None);
    }
    if today > cert {
        let until = match dates.card_expiry {
            Some(card) => dates.grace_end.min(card),
            None => dates.grace_end,
        };
        return (CardStatus::Grace, Some(until));
    }
    let soon_from = minus_days(cert, CERT_URGENT_DAYS as u64);
    let (status, until) = if today >= soon_from {
        (CardStatus::ExpiringSoon, cert)
    } else if today >= dates.renewal_opens {
        (CardStatus::RenewalOpen, minus_days(soon_from, 1))
    } else {
        (CardStatus::Usable, minus_days(dates.renewal_opens, 1))
    };
    let until = match dates.card_expiry {
        Some(card) => until.min(card),
        None => until,
    };
    (status, Some(until))
}

/// The timeline of a card's dates on `today`: one deadline per known date (renewal opens,
/// certificate expiry, grace warning, grace end, and the card, smartphone certificate and
/// 資格確認書 expiries when known), sorted by date. See [`deadline`] for the severities and
/// [`status`] for the overall status.
pub fn timeline(dates: &CardDates, today: NaiveDate) -> Timeline {
    let mut kinds = vec![
        (DeadlineKind::RenewalOpens, dates.renewal_opens),
        (DeadlineKind::CertificateExpiry, dates.certificate_expiry),
        (DeadlineKind::GraceWarn, dates.grace_warn),
        (DeadlineKind::GraceEnd, dates.grace_end),
    ];
    if let Some(card) = dates.card_expiry {
        kinds.push((DeadlineKind::CardExpiry, card));
    }
    if let Some(phone) = dates.phone_cert_expiry {
        kinds.push((DeadlineKind::PhoneCertificateExpiry, phone));
    }
    if let Some(k) = dates.kakunin_expiry {
        kinds.push((DeadlineKind::KakuninExpiry, k));
    }
    let mut deadlines: Vec<Deadline> = kinds
        .into_iter()
        .map(|(kind, date)| deadline(kind, date, dates, today))
        .collect();
    deadlines.sort_by_key(|d| (d.date, d.kind));
    let (status, status_until) = status(dates, today);
    Timeline {
        today,
        status,
        status_until,
        status_tone: crate::vocabulary::badge_tone(status, status_until),
        status_date: crate::vocabulary::status_date(status, dates),
        phone_usable: dates
            .phone_cert_expiry
            .map(|e| crate::rules::phone_usable(e, today)),
        deadlines,
        certificate_expiry_source: dates.certificate_expiry_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{compute, CardInputs};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// The worked example: certificate 2025-06-01, renewal 2025-03-02, warn 2025-09-01,
    /// grace end 2025-09-30, card 2030-06-01.
    fn worked() -> CardDates {
        compute(&CardInputs {
            birth: d("1980-06-01"),
            issued: Some(d("2021-03-10")),
            phone_cert_expiry: Some(d("2025-06-01")),
            kakunin_expiry: Some(d("2026-07-31")),
            ..Default::default()
        })
        .expect("worked example")
    }

    fn sev(t: &Timeline, kind: DeadlineKind) -> Severity {
        t.deadlines
            .iter()
            .find(|x| x.kind == kind)
            .map(|x| x.severity)
            .expect("kind present")
    }

    #[test]
    fn one_deadline_per_date_sorted() {
        let t = timeline(&worked(), d("2024-01-01"));
        let kinds: Vec<_> = t.deadlines.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DeadlineKind::RenewalOpens,
                DeadlineKind::CertificateExpiry,
                DeadlineKind::PhoneCertificateExpiry,
                DeadlineKind::GraceWarn,
                DeadlineKind::GraceEnd,
                DeadlineKind::KakuninExpiry,
                DeadlineKind::CardExpiry,
            ]
        );
        assert!(t.deadlines.windows(2).all(|w| w[0].date <= w[1].date));
        let c = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::CertificateExpiry);
        assert_eq!(c.map(|x| x.days_left), Some(517));
        assert!(t
            .deadlines
            .iter()
            .all(|x| !x.message_ja.is_empty() && !x.message_en.is_empty()));
    }

    #[test]
    fn without_optional_dates() {
        let mut dates = worked();
        dates.card_expiry = None;
        dates.card_expiry_source = None;
        dates.phone_cert_expiry = None;
        dates.kakunin_expiry = None;
        let t = timeline(&dates, d("2024-01-01"));
        assert_eq!(t.deadlines.len(), 4);
        assert_eq!(t.phone_usable, None);
    }

    #[test]
    fn usable_far_ahead() {
        let t = timeline(&worked(), d("2025-03-01"));
        assert_eq!(t.status, CardStatus::Usable);
        assert_eq!(t.status_until, Some(d("2025-03-01")));
        assert_eq!(sev(&t, DeadlineKind::RenewalOpens), Severity::Info);
        assert_eq!(sev(&t, DeadlineKind::CertificateExpiry), Severity::Info);
        assert_eq!(sev(&t, DeadlineKind::GraceEnd), Severity::Info);
        assert_eq!(sev(&t, DeadlineKind::CardExpiry), Severity::Info);
        assert_eq!(t.phone_usable, Some(true));
    }

    #[test]
    fn renewal_window_open() {
        let t = timeline(&worked(), d("2025-03-02"));
        assert_eq!(t.status, CardStatus::RenewalOpen);
        assert_eq!(t.status_until, Some(d("2025-05-01")));
        assert_eq!(sev(&t, DeadlineKind::RenewalOpens), Severity::Soon);
        assert_eq!(sev(&t, DeadlineKind::CertificateExpiry), Severity::Soon);
        let r = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::RenewalOpens);
        assert!(r.is_some_and(|x| x
            .message_ja
            .contains("市区町村の窓口で電子証明書を更新できます")));
        assert!(r.is_some_and(|x| x
            .message_en
            .contains("renew the certificate at your municipal office")));
    }

    #[test]
    fn expiring_soon() {
        let t = timeline(&worked(), d("2025-05-02"));
        assert_eq!(t.status, CardStatus::ExpiringSoon);
        assert_eq!(t.status_until, Some(d("2025-06-01")));
        assert_eq!(sev(&t, DeadlineKind::CertificateExpiry), Severity::Urgent);
        assert_eq!(
            sev(&t, DeadlineKind::PhoneCertificateExpiry),
            Severity::Soon
        );
        let t = timeline(&worked(), d("2025-06-01"));
        assert_eq!(t.status, CardStatus::ExpiringSoon);
        assert_eq!(
            sev(&t, DeadlineKind::PhoneCertificateExpiry),
            Severity::Urgent
        );
        assert_eq!(t.phone_usable, Some(true));
    }

    #[test]
    fn grace_period() {
        let t = timeline(&worked(), d("2025-06-02"));
        assert_eq!(t.status, CardStatus::Grace);
        assert_eq!(t.status_until, Some(d("2025-09-30")));
        assert_eq!(t.phone_usable, Some(false));
        assert_eq!(sev(&t, DeadlineKind::CertificateExpiry), Severity::Expired);
        assert_eq!(
            sev(&t, DeadlineKind::PhoneCertificateExpiry),
            Severity::Expired
        );
        assert_eq!(sev(&t, DeadlineKind::GraceWarn), Severity::Urgent);
        assert_eq!(sev(&t, DeadlineKind::GraceEnd), Severity::Urgent);
        assert_eq!(sev(&t, DeadlineKind::RenewalOpens), Severity::Info);
        let c = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::CertificateExpiry);
        assert!(c.is_some_and(|x| x.message_en.contains("until 2025-09-30")));
        assert!(c.is_some_and(|x| x.message_ja.contains("令和7年（2025年）9月30日まで")));
        let t = timeline(&worked(), d("2025-09-02"));
        assert_eq!(t.status, CardStatus::Grace);
        assert_eq!(sev(&t, DeadlineKind::GraceWarn), Severity::Expired);
        assert_eq!(sev(&t, DeadlineKind::GraceEnd), Severity::Urgent);
        let t = timeline(&worked(), d("2025-09-30"));
        assert_eq!(t.status, CardStatus::Grace);
    }

    #[test]
    fn after_grace_unusable() {
        let t = timeline(&worked(), d("2025-10-01"));
        assert_eq!(t.status, CardStatus::Unusable);
        assert_eq!(t.status_until, None);
        assert_eq!(sev(&t, DeadlineKind::GraceEnd), Severity::Expired);
        let g = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::GraceEnd);
        assert!(g.is_some_and(|x| x.message_ja.starts_with(
            "マイナ保険証は使えません。資格確認書が必要です。保険者（健康保険組合など）に申請してください"
        )));
    }

    #[test]
    fn card_body_expired_is_unusable() {
        let mut dates = worked();
        dates.card_expiry = Some(d("2025-01-31"));
        let t = timeline(&dates, d("2025-02-01"));
        assert_eq!(t.status, CardStatus::Unusable);
        assert_eq!(sev(&t, DeadlineKind::CardExpiry), Severity::Expired);
        // Before it: the status lasts no longer than the card.
        let t = timeline(&dates, d("2024-06-01"));
        assert_eq!(t.status, CardStatus::Usable);
        assert_eq!(t.status_until, Some(d("2025-01-31")));
    }

    #[test]
    fn card_severity_thresholds() {
        let dates = worked(); // card 2030-06-01
        assert_eq!(
            sev(&timeline(&dates, d("2030-03-02")), DeadlineKind::CardExpiry),
            Severity::Info
        );
        assert_eq!(
            sev(&timeline(&dates, d("2030-03-03")), DeadlineKind::CardExpiry),
            Severity::Soon
        );
        assert_eq!(
            sev(&timeline(&dates, d("2030-05-02")), DeadlineKind::CardExpiry),
            Severity::Urgent
        );
        assert_eq!(
            sev(&timeline(&dates, d("2030-06-01")), DeadlineKind::CardExpiry),
            Severity::Urgent
        );
        assert_eq!(
            sev(&timeline(&dates, d("2030-06-02")), DeadlineKind::CardExpiry),
            Severity::Expired
        );
    }

    #[test]
    fn kakunin_and_phone_thresholds() {
        let dates = worked(); // kakunin 2026-07-31
        assert_eq!(
            sev(
                &timeline(&dates, d("2026-06-30")),
                DeadlineKind::KakuninExpiry
            ),
            Severity::Info
        );
        assert_eq!(
            sev(
                &timeline(&dates, d("2026-07-01")),
                DeadlineKind::KakuninExpiry
            ),
            Severity::Soon
        );
        assert_eq!(
            sev(
                &timeline(&dates, d("2026-07-24")),
                DeadlineKind::KakuninExpiry
            ),
            Severity::Urgent
        );
        assert_eq!(
            sev(
                &timeline(&dates, d("2026-08-01")),
                DeadlineKind::KakuninExpiry
            ),
            Severity::Expired
        );
        // phone 2025-06-01
        assert_eq!(
            sev(
                &timeline(&dates, d("2025-05-01")),
                DeadlineKind::PhoneCertificateExpiry
            ),
            Severity::Info
        );
        assert_eq!(
            sev(
                &timeline(&dates, d("2025-05-25")),
                DeadlineKind::PhoneCertificateExpiry
            ),
            Severity::Urgent
        );
    }

    #[test]
    fn leap_day_note() {
        let dates = compute(&CardInputs {
            birth: d("2000-02-29"),
            issued: Some(d("2020-05-01")),
            ..Default::default()
        })
        .expect("leap");
        let t = timeline(&dates, d("2024-01-01"));
        let c = t
            .deadlines
            .iter()
            .find(|x| x.kind == DeadlineKind::CertificateExpiry);
        assert!(c.is_some_and(|x| x.message_en.contains("29 February")));
    }
}
