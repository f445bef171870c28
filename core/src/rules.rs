//! The My Number Card's dates (domain.md §3), computed exactly as §3.6 says.
//! A date the user copies from the card always wins over a computed one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;

/// What the user knows about one card. `issued` is the card's (and its certificate's) issue
/// date; the printed dates, when given, win over the computed ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CardInputs {
    pub birth: NaiveDate,
    pub issued: Option<NaiveDate>,
    /// 電子証明書の有効期限 as printed on the card or shown in Mynaportal.
    pub cert_expiry: Option<NaiveDate>,
    /// The card body's expiry as printed on the card.
    pub card_expiry: Option<NaiveDate>,
    /// The smartphone certificate's own expiry (user-entered, §3.5).
    pub phone_cert_expiry: Option<NaiveDate>,
    /// 資格確認書 expiry, for members who hold one.
    pub kakunin_expiry: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DateSource {
    /// Computed from the birth and issue dates.
    Computed,
    /// Entered by the user from the card or Mynaportal.
    Entered,
}

/// The card's deadlines. `calc expiry --json` prints the first five keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CardDates {
    pub certificate_expiry: NaiveDate,
    /// (certificate expiry − 3 months) + 1 day.
    pub renewal_opens: NaiveDate,
    /// certificate expiry + 3 months, day for day: the app warns by this date.
    pub grace_warn: NaiveDate,
    /// The last day of the 3rd month after the month of expiry: the card's last usable day.
    pub grace_end: NaiveDate,
    /// Unknown when neither the issue date nor the printed card expiry is given.
    pub card_expiry: Option<NaiveDate>,
    pub certificate_expiry_source: DateSource,
    pub card_expiry_source: Option<DateSource>,
    /// The computed certificate expiry was cut to the card's expiry.
    pub capped_by_card: bool,
    /// A 29 February birthday was moved to 28 February: the user should prefer the printed date.
    pub leap_day_adjusted: bool,
    pub phone_cert_expiry: Option<NaiveDate>,
    pub kakunin_expiry: Option<NaiveDate>,
}

/// The card body's expiry: the 10th birthday strictly after issue if the holder was at least
/// 18 on the issue date (20 when issued before 2022-04-01), else the 5th.
pub fn card_expiry(birth: NaiveDate, issued: NaiveDate) -> NaiveDate {
    todo!("{birth} {issued}")
}

/// The certificate's expiry: the 5th birthday strictly after issue, never later than the card.
pub fn certificate_expiry(birth: NaiveDate, issued: NaiveDate) -> NaiveDate {
    todo!("{birth} {issued}")
}

/// All deadlines. Needs `issued` or `cert_expiry`; dates before the birth date are errors.
pub fn compute(inputs: &CardInputs) -> Result<CardDates> {
    todo!("{inputs:?}")
}

/// The smartphone マイナ保険証 is usable through its expiry day and not after.
pub fn phone_usable(expiry: NaiveDate, today: NaiveDate) -> bool {
    today <= expiry
}
