//! The deadline checker: text fields in (ISO or era dates), a timeline out. The app's
//! `check_deadlines` command and the CLI both call [`check`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::era::DateInfo;
use crate::rules::CardDates;
use crate::timeline::Timeline;
use crate::Result;

/// Dates as the user typed them; empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckRequest {
    pub birth: String,
    #[ts(optional)]
    pub issued: Option<String>,
    #[ts(optional)]
    pub cert_expiry: Option<String>,
    #[ts(optional)]
    pub card_expiry: Option<String>,
    #[ts(optional)]
    pub phone_cert_expiry: Option<String>,
    /// Defaults to the local date.
    #[ts(optional)]
    pub today: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckResult {
    pub birth: DateInfo,
    pub dates: CardDates,
    pub timeline: Timeline,
}

/// Parses every field (an error names the field, in both languages), computes the dates and
/// the timeline on `today` (unless the request names a day).
pub fn check(req: &CheckRequest, today: NaiveDate) -> Result<CheckResult> {
    todo!("{req:?} {today}")
}
