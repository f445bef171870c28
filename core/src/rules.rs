//! The My Number Card's dates (docs/rules.md §3), computed exactly as §3.6 says.
//! A date the user copies from the card always wins over a computed one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{add_months, age_on, last_day_of_month, nth_birthday_after};
use crate::{Error, Msg, Result};

/// What the user knows about one card. `issued` is the card's (and its certificate's) issue
/// date; the printed dates, when given, win over the computed ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    /// `cert_expiry` was read from the card's certificate (core::card), not typed.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub cert_expiry_from_card: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DateSource {
    /// Computed from the birth and issue dates.
    #[default]
    Computed,
    /// Entered by the user from the card or Mynaportal.
    Entered,
    /// Read from the certificate on the card itself (an IC card reader or NFC).
    Card,
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
    let adult_age = if issued < ADULT_AGE_CHANGE { 20 } else { 18 };
    let n = if age_on(birth, issued) >= adult_age {
        10
    } else {
        5
    };
    nth_birthday_after(birth, issued, n)
}

/// 2022-04-01: from this day the age of majority (and of the 10-year card) is 18, not 20.
const ADULT_AGE_CHANGE: NaiveDate = match NaiveDate::from_ymd_opt(2022, 4, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The certificate's expiry: the 5th birthday strictly after issue, never later than the card.
pub fn certificate_expiry(birth: NaiveDate, issued: NaiveDate) -> NaiveDate {
    nth_birthday_after(birth, issued, 5).min(card_expiry(birth, issued))
}

fn is_leap(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

fn ja(d: NaiveDate) -> String {
    crate::era::format_display(d)
}

/// A date entered for `field` must not be before the birth date.
fn not_before_birth(
    birth: NaiveDate,
    date: Option<NaiveDate>,
    field_ja: &str,
    field_en: &str,
) -> Result<()> {
    match date {
        Some(d) if d < birth => Err(Error::InvalidInput(Msg::new(
            format!(
                "{field_ja}（{}）が生年月日（{}）より前です",
                ja(d),
                ja(birth)
            ),
            format!("The {field_en} ({d}) is before the birth date ({birth})"),
        ))),
        _ => Ok(()),
    }
}

/// The deadlines that follow from a certificate expiry (§3.2, §3.3).
fn window(cert: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate) {
    let before = add_months(cert, -3);
    let renewal_opens = before.succ_opt().unwrap_or(before);
    let grace_warn = add_months(cert, 3);
    let third_month = add_months(cert.with_day(1).unwrap_or(cert), 3);
    let grace_end = last_day_of_month(third_month.year(), third_month.month());
    (renewal_opens, grace_warn, grace_end)
}

/// All deadlines. Needs `issued` or `cert_expiry`; dates before the birth date are errors.
///
/// - The printed certificate and card expiries win over the computed ones (source `Entered`).
/// - A computed certificate expiry later than the card expiry is cut to it (`capped_by_card`).
/// - `leap_day_adjusted`: a 29 February birth whose computed (uncapped) certificate expiry
///   falls in a non-leap year, so the app used 28 February.
pub fn compute(inputs: &CardInputs) -> Result<CardDates> {
    let birth = inputs.birth;
    not_before_birth(birth, inputs.issued, "発行日", "issue date")?;
    not_before_birth(
        birth,
        inputs.cert_expiry,
        "電子証明書の有効期限",
        "certificate expiry",
    )?;
    not_before_birth(birth, inputs.card_expiry, "カードの有効期限", "card expiry")?;
    not_before_birth(
        birth,
        inputs.phone_cert_expiry,
        "スマホ用電子証明書の有効期限",
        "smartphone certificate expiry",
    )?;
    not_before_birth(
        birth,
        inputs.kakunin_expiry,
        "資格確認書の有効期限",
        "資格確認書 expiry",
    )?;
    if let Some(issued) = inputs.issued {
        for (expiry, field_ja, field_en) in [
            (
                inputs.cert_expiry,
                "電子証明書の有効期限",
                "certificate expiry",
            ),
            (inputs.card_expiry, "カードの有効期限", "card expiry"),
        ] {
            if let Some(e) = expiry.filter(|e| *e < issued) {
                return Err(Error::InvalidInput(Msg::new(
                    format!(
                        "{field_ja}（{}）が発行日（{}）より前です",
                        ja(e),
                        ja(issued)
                    ),
                    format!("The {field_en} ({e}) is before the issue date ({issued})"),
                )));
            }
        }
    }

    let (card_expiry, card_expiry_source) = match (inputs.card_expiry, inputs.issued) {
        (Some(printed), _) => (Some(printed), Some(DateSource::Entered)),
        (None, Some(issued)) => (
            Some(self::card_expiry(birth, issued)),
            Some(DateSource::Computed),
        ),
        (None, None) => (None, None),
    };

    let (certificate_expiry, certificate_expiry_source, capped_by_card, leap_day_adjusted) =
        match (inputs.cert_expiry, inputs.issued) {
            (Some(printed), _) if inputs.cert_expiry_from_card => {
                (printed, DateSource::Card, false, false)
            }
            (Some(printed), _) => (printed, DateSource::Entered, false, false),
            (None, Some(issued)) => {
                let birthday = nth_birthday_after(birth, issued, 5);
                let cert = match card_expiry {
                    Some(card) => birthday.min(card),
                    None => birthday,
                };
                let capped = cert < birthday;
                let leap = !capped
                    && birth.month() == 2
                    && birth.day() == 29
                    && !is_leap(birthday.year());
                (cert, DateSource::Computed, capped, leap)
            }
            (None, None) => {
                return Err(Error::InvalidInput(Msg::new(
                    "電子証明書の有効期限を出すには、カードの発行日か、カードに書かれた電子証明書の有効期限が必要です",
                    "To work out the certificate expiry, enter the card's issue date or the certificate expiry printed on the card",
                )))
            }
        };

    let (renewal_opens, grace_warn, grace_end) = window(certificate_expiry);
    Ok(CardDates {
        certificate_expiry,
        renewal_opens,
        grace_warn,
        grace_end,
        card_expiry,
        certificate_expiry_source,
        card_expiry_source,
        capped_by_card,
        leap_day_adjusted,
        phone_cert_expiry: inputs.phone_cert_expiry,
        kakunin_expiry: inputs.kakunin_expiry,
    })
}

/// The smartphone マイナ保険証 is usable through its expiry day and not after.
pub fn phone_usable(expiry: NaiveDate, today: NaiveDate) -> bool {
    today <= expiry
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn inputs(birth: &str, issued: Option<&str>) -> CardInputs {
        CardInputs {
            birth: d(birth),
            issued: issued.map(d),
            ..Default::default()
        }
    }

    fn ok(i: &CardInputs) -> CardDates {
        compute(i).unwrap_or_else(|e| panic!("{i:?}: {e}"))
    }

    #[test]
    fn worked_example() {
        let r = ok(&inputs("1980-06-01", Some("2021-03-10")));
        assert_eq!(r.certificate_expiry, d("2025-06-01"));
        assert_eq!(r.renewal_opens, d("2025-03-02"));
        assert_eq!(r.grace_warn, d("2025-09-01"));
        assert_eq!(r.grace_end, d("2025-09-30"));
        assert_eq!(r.card_expiry, Some(d("2030-06-01")));
        assert_eq!(r.certificate_expiry_source, DateSource::Computed);
        assert_eq!(r.card_expiry_source, Some(DateSource::Computed));
        assert!(!r.capped_by_card);
        assert!(!r.leap_day_adjusted);
    }

    #[test]
    fn birthday_on_issue_day_does_not_count() {
        assert_eq!(
            certificate_expiry(d("1990-10-10"), d("2020-10-10")),
            d("2025-10-10")
        );
        assert_eq!(
            card_expiry(d("1990-10-10"), d("2020-10-10")),
            d("2030-10-10")
        );
    }

    #[test]
    fn windows_from_domain() {
        assert_eq!(window(d("2020-09-24")).0, d("2020-06-25"));
        assert_eq!(window(d("2026-01-15")).2, d("2026-04-30"));
        assert_eq!(window(d("2025-11-10")).1, d("2026-02-10"));
        assert_eq!(window(d("2025-11-10")).2, d("2026-02-28"));
        // Expiry in February → usable to the end of May.
        assert_eq!(window(d("2026-02-20")).2, d("2026-05-31"));
        // Month-end clamping: 2027-03-31 − 3 months = 2026-12-31, + 1 day.
        assert_eq!(window(d("2027-03-31")).0, d("2027-01-01"));
        assert_eq!(window(d("2026-11-30")).1, d("2027-02-28"));
        assert_eq!(window(d("2026-11-30")).2, d("2027-02-28"));
    }

    #[test]
    fn card_expiry_by_age() {
        // 18 on the issue date, after the 2022-04-01 change: 10 years.
        assert_eq!(
            card_expiry(d("2005-01-01"), d("2023-01-01")),
            d("2033-01-01")
        );
        // 17: 5 years.
        assert_eq!(
            card_expiry(d("2005-06-01"), d("2023-01-01")),
            d("2027-06-01")
        );
        // 19 before 2022-04-01: still a minor's 5-year card.
        assert_eq!(
            card_expiry(d("2001-06-01"), d("2021-01-01")),
            d("2025-06-01")
        );
        // 20 before 2022-04-01: 10 years.
        assert_eq!(
            card_expiry(d("2000-06-01"), d("2021-01-01")),
            d("2030-06-01")
        );
        // 19 on 2022-04-01: 10 years.
        assert_eq!(
            card_expiry(d("2003-01-01"), d("2022-04-01")),
            d("2032-01-01")
        );
        // Turning 18 on the issue day counts as 18.
        assert_eq!(
            card_expiry(d("2005-01-01"), d("2023-01-01")),
            d("2033-01-01")
        );
        assert_eq!(
            card_expiry(d("2005-01-02"), d("2023-01-01")),
            d("2027-01-02")
        );
    }

    #[test]
    fn certificate_never_after_card() {
        // A child's card: 5th birthday for both.
        assert_eq!(
            certificate_expiry(d("2010-05-05"), d("2015-01-01")),
            d("2019-05-05")
        );
        assert_eq!(
            card_expiry(d("2010-05-05"), d("2015-01-01")),
            d("2019-05-05")
        );
    }

    #[test]
    fn printed_dates_win() {
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.cert_expiry = Some(d("2025-07-01"));
        i.card_expiry = Some(d("2031-06-01"));
        let r = ok(&i);
        assert_eq!(r.certificate_expiry, d("2025-07-01"));
        assert_eq!(r.certificate_expiry_source, DateSource::Entered);
        assert_eq!(r.card_expiry, Some(d("2031-06-01")));
        assert_eq!(r.card_expiry_source, Some(DateSource::Entered));
        assert_eq!(r.renewal_opens, d("2025-04-02"));
        assert!(!r.capped_by_card);
    }

    #[test]
    fn a_date_read_from_the_card_wins_and_says_so() {
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.cert_expiry = Some(d("2026-02-10"));
        i.cert_expiry_from_card = true;
        let r = ok(&i);
        assert_eq!(r.certificate_expiry, d("2026-02-10"));
        assert_eq!(r.certificate_expiry_source, DateSource::Card);
        assert!(!r.capped_by_card);
        // The flag alone (no date) changes nothing.
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.cert_expiry_from_card = true;
        assert_eq!(ok(&i).certificate_expiry_source, DateSource::Computed);
    }

    #[test]
    fn printed_certificate_alone_is_enough() {
        let mut i = inputs("1980-06-01", None);
        i.cert_expiry = Some(d("2025-06-01"));
        let r = ok(&i);
        assert_eq!(r.certificate_expiry, d("2025-06-01"));
        assert_eq!(r.card_expiry, None);
        assert_eq!(r.card_expiry_source, None);
        assert_eq!(r.grace_end, d("2025-09-30"));
    }

    #[test]
    fn computed_certificate_capped_by_entered_card() {
        // A foreign resident's card ending with the period of stay.
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.card_expiry = Some(d("2024-01-31"));
        let r = ok(&i);
        assert_eq!(r.certificate_expiry, d("2024-01-31"));
        assert!(r.capped_by_card);
        assert_eq!(r.card_expiry_source, Some(DateSource::Entered));
        assert_eq!(r.grace_end, d("2024-04-30"));
    }

    #[test]
    fn leap_day_birth() {
        let r = ok(&inputs("2000-02-29", Some("2020-05-01")));
        assert_eq!(r.certificate_expiry, d("2025-02-28"));
        assert!(r.leap_day_adjusted);
        assert_eq!(r.card_expiry, Some(d("2030-02-28")));
        let r = ok(&inputs("2000-02-29", Some("2019-05-01")));
        assert_eq!(r.certificate_expiry, d("2024-02-29"));
        assert!(!r.leap_day_adjusted);
        let mut i = inputs("2000-02-29", Some("2020-05-01"));
        i.cert_expiry = Some(d("2025-02-28"));
        assert!(!ok(&i).leap_day_adjusted);
    }

    #[test]
    fn pass_through() {
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.phone_cert_expiry = Some(d("2027-01-01"));
        i.kakunin_expiry = Some(d("2026-07-31"));
        let r = ok(&i);
        assert_eq!(r.phone_cert_expiry, Some(d("2027-01-01")));
        assert_eq!(r.kakunin_expiry, Some(d("2026-07-31")));
    }

    #[test]
    fn missing_issue_and_expiry_is_an_error() {
        let e = compute(&inputs("1980-06-01", None)).expect_err("missing");
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.to_string().contains("issue date"), "{e}");
        assert!(e.message_ja().contains("発行日"), "{}", e.message_ja());
        // A printed card expiry alone is not enough.
        let mut i = inputs("1980-06-01", None);
        i.card_expiry = Some(d("2030-06-01"));
        assert!(compute(&i).is_err());
    }

    #[test]
    fn dates_before_birth_are_errors() {
        let e = compute(&inputs("1980-06-01", Some("1980-05-31"))).expect_err("before birth");
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.to_string().contains("before the birth date"), "{e}");
        assert!(e.message_ja().contains("生年月日"), "{}", e.message_ja());
        let mut i = inputs("1980-06-01", None);
        i.cert_expiry = Some(d("1970-01-01"));
        assert!(compute(&i).is_err());
        let mut i = inputs("1980-06-01", Some("2021-03-10"));
        i.card_expiry = Some(d("2020-01-01"));
        assert!(compute(&i)
            .expect_err("card")
            .to_string()
            .contains("issue date"));
        // Issued on the birth day is fine (a newborn's card).
        assert!(compute(&inputs("2024-06-01", Some("2024-06-01"))).is_ok());
    }

    #[test]
    fn phone_usable_through_the_expiry_day() {
        assert!(phone_usable(d("2025-06-01"), d("2025-06-01")));
        assert!(!phone_usable(d("2025-06-01"), d("2025-06-02")));
    }
}
