//! Property tests for the rules of docs/rules.md §3–§5.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::{Datelike, NaiveDate};
use hoken_core::calendar::{add_months, birthday_in_year, last_day_of_month};
use hoken_core::era::{format_era, parse_date};
use hoken_core::insurer::{check_digit, validate};
use hoken_core::rules::{certificate_expiry, compute, CardInputs};
use hoken_core::timeline::timeline;
use proptest::prelude::*;

fn date_between(from: NaiveDate, to: NaiveDate) -> impl Strategy<Value = NaiveDate> {
    let a = from.num_days_from_ce();
    let b = to.num_days_from_ce();
    (a..=b).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A birth date and an issue date on or after it.
fn birth_and_issue() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    date_between(ymd(1900, 1, 1), ymd(2030, 12, 31))
        .prop_flat_map(|birth| (Just(birth), date_between(birth, ymd(2040, 12, 31))))
}

fn is_leap(y: i32) -> bool {
    NaiveDate::from_ymd_opt(y, 2, 29).is_some()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn cert_expiry_is_a_birthday_within_five_years((birth, issued) in birth_and_issue()) {
        let cert = certificate_expiry(birth, issued);
        let r = compute(&CardInputs { birth, issued: Some(issued), ..Default::default() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(r.certificate_expiry, cert);
        prop_assert!(!r.capped_by_card);
        let leap_birth = birth.month() == 2 && birth.day() == 29;
        if leap_birth && !is_leap(cert.year()) {
            prop_assert_eq!((cert.month(), cert.day()), (2, 28));
            prop_assert!(r.leap_day_adjusted);
        } else {
            prop_assert_eq!((cert.month(), cert.day()), (birth.month(), birth.day()));
            prop_assert!(!r.leap_day_adjusted);
        }
        prop_assert_eq!(cert, birthday_in_year(birth, cert.year()));
        prop_assert!(cert > issued);
        prop_assert!(cert <= add_months(issued, 60));
        if let Some(card) = r.card_expiry {
            prop_assert!(cert <= card);
        }
    }

    #[test]
    fn deadlines_are_ordered((birth, issued) in birth_and_issue()) {
        let r = compute(&CardInputs { birth, issued: Some(issued), ..Default::default() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.renewal_opens < r.certificate_expiry);
        prop_assert!(r.certificate_expiry < r.grace_warn);
        prop_assert!(r.grace_warn <= r.grace_end);
        let g = r.grace_end;
        prop_assert_eq!(g, last_day_of_month(g.year(), g.month()));
    }

    #[test]
    fn printed_expiry_deadlines_are_ordered(cert in date_between(ymd(1900, 1, 1), ymd(9000, 12, 31))) {
        let r = compute(&CardInputs {
            birth: ymd(1900, 1, 1),
            cert_expiry: Some(cert),
            ..Default::default()
        })
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(r.certificate_expiry, cert);
        prop_assert!(r.renewal_opens < r.certificate_expiry);
        prop_assert!(r.certificate_expiry < r.grace_warn);
        prop_assert!(r.grace_warn <= r.grace_end);
    }

    #[test]
    fn timeline_never_panics_and_is_sorted(
        (birth, issued) in birth_and_issue(),
        today in date_between(ymd(1900, 1, 1), ymd(2060, 12, 31)),
    ) {
        let r = compute(&CardInputs { birth, issued: Some(issued), ..Default::default() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let t = timeline(&r, today);
        prop_assert!(t.deadlines.windows(2).all(|w| w[0].date <= w[1].date));
        prop_assert_eq!(t.deadlines.len(), 5);
    }

    #[test]
    fn era_round_trip(date in date_between(ymd(1868, 1, 25), ymd(9999, 12, 31))) {
        let text = format_era(date).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(!text.contains(' '));
        prop_assert_eq!(parse_date(&text).ok(), Some(date), "{}", text);
        let iso = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_date(&iso).ok(), Some(date));
    }

    #[test]
    fn before_meiji_has_no_era(date in date_between(ymd(1, 1, 1), ymd(1868, 1, 24))) {
        prop_assert!(format_era(date).is_err());
    }

    #[test]
    fn parse_date_never_panics(s in "\\PC{0,20}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn parse_date_never_panics_on_date_like(s in "[明治大正昭和平成令和MTSHRmtshr元０-９0-9年月日./\\- 　]{0,16}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn check_digit_round_trip(base in "([0-9]{5}|[0-9]{7})") {
        let c = check_digit(&base).ok_or_else(|| TestCaseError::fail("no check digit"))?;
        prop_assert!(c <= 9);
        let good = format!("{base}{c}");
        let v = validate(&good).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(v.valid);
        prop_assert_eq!(v.check_digit, c);
        prop_assert_eq!(v.normalized, good);
        for other in 0..=9u8 {
            if other != c {
                let bad = format!("{base}{other}");
                prop_assert!(validate(&bad).is_err(), "{}", bad);
            }
        }
    }

    #[test]
    fn validate_never_panics(s in "\\PC{0,12}") {
        let _ = validate(&s);
    }

    #[test]
    fn add_months_lands_in_the_right_month(
        date in date_between(ymd(1, 1, 1), ymd(9999, 12, 31)),
        months in -12_000i32..=12_000,
    ) {
        let r = add_months(date, months);
        let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(months);
        prop_assert_eq!(i64::from(r.year()) * 12 + i64::from(r.month0()), index);
        let last = last_day_of_month(r.year(), r.month()).day();
        prop_assert_eq!(r.day(), date.day().min(last));
    }

    #[test]
    fn add_months_never_panics(days in any::<i32>(), months in any::<i32>()) {
        let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN);
        let _ = add_months(date, months);
    }
}
