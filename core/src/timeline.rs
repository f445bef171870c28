//! A member's deadlines on a given day: date, days left, severity and what to do.

use chrono::NaiveDate;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    Info,
    Soon,
    Urgent,
    Expired,
}

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub date: NaiveDate,
    /// Negative once the date has passed.
    pub days_left: i64,
    pub severity: Severity,
    /// What to do, in Japanese and in English.
    pub message_ja: String,
    pub message_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Timeline {
    pub today: NaiveDate,
    pub status: CardStatus,
    /// For `grace`: the last usable day; for the others the next date that changes the status.
    pub status_until: Option<NaiveDate>,
    /// Whether the smartphone マイナ保険証 works today (None: no smartphone certificate known).
    pub phone_usable: Option<bool>,
    /// Sorted by date.
    pub deadlines: Vec<Deadline>,
}

/// The timeline of a card's dates on `today`.
pub fn timeline(dates: &CardDates, today: NaiveDate) -> Timeline {
    todo!("{dates:?} {today}")
}
