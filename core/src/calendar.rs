//! Calendar arithmetic with the conventions of docs/rules.md §3.6.
//!
//! None of these functions panic: results that would fall outside chrono's date range are
//! clamped to [`NaiveDate::MIN`] / [`NaiveDate::MAX`].

use chrono::{Datelike, NaiveDate};

/// The first day of a month, clamped to chrono's range; `month` is clamped to 1..=12.
fn first_day_of_month(year: i32, month: u32) -> NaiveDate {
    let month = month.clamp(1, 12);
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The last day of a month. A `month` outside 1..=12 is clamped into it.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let month = month.clamp(1, 12);
    (28..=31)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
        .unwrap_or_else(|| first_day_of_month(year, month))
}

/// `date` plus `months` (negative: minus), keeping the day of the month, clamped to the
/// month's last day: 2027-03-31 − 3 months = 2026-12-31; 2026-11-30 + 3 months = 2027-02-28.
pub fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(months);
    let year = index.div_euclid(12);
    // rem_euclid(12) is in 0..12, so the cast and the +1 cannot overflow.
    let month = index.rem_euclid(12) as u32 + 1;
    let Ok(year) = i32::try_from(year) else {
        return if months < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
    };
    let last = last_day_of_month(year, month);
    if last.year() != year || last.month() != month {
        // Outside chrono's range.
        return if months < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
    }
    NaiveDate::from_ymd_opt(year, month, date.day().min(last.day())).unwrap_or(last)
}

/// The birthday of someone born on `birth` in `year`; 29 February falls on 28 February in
/// non-leap years.
pub fn birthday_in_year(birth: NaiveDate, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).unwrap_or_else(|| {
        let last = last_day_of_month(year, birth.month());
        NaiveDate::from_ymd_opt(year, birth.month(), birth.day().min(last.day())).unwrap_or(last)
    })
}

/// The `n`th birthday strictly after `date` (a birthday on `date` itself does not count).
/// `n = 0` is treated as 1.
pub fn nth_birthday_after(birth: NaiveDate, date: NaiveDate, n: u32) -> NaiveDate {
    let this_year = birthday_in_year(birth, date.year());
    let first_year = if this_year > date {
        date.year()
    } else {
        date.year().saturating_add(1)
    };
    let offset = i32::try_from(n.max(1) - 1).unwrap_or(i32::MAX);
    birthday_in_year(birth, first_year.saturating_add(offset))
}

/// Age in whole years on `date` (the years since `birth` whose birthday, by
/// [`birthday_in_year`], has been reached on or before `date`). Negative before birth.
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> i32 {
    let years = date.year() - birth.year();
    if date >= birthday_in_year(birth, date.year()) {
        years
    } else {
        years - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn last_day() {
        assert_eq!(last_day_of_month(2024, 2), d("2024-02-29"));
        assert_eq!(last_day_of_month(2025, 2), d("2025-02-28"));
        assert_eq!(last_day_of_month(1900, 2), d("1900-02-28"));
        assert_eq!(last_day_of_month(2000, 2), d("2000-02-29"));
        assert_eq!(last_day_of_month(2025, 4), d("2025-04-30"));
        assert_eq!(last_day_of_month(2025, 12), d("2025-12-31"));
        assert_eq!(last_day_of_month(2025, 1), d("2025-01-31"));
    }

    #[test]
    fn add_months_examples_from_domain() {
        assert_eq!(add_months(d("2027-03-31"), -3), d("2026-12-31"));
        assert_eq!(add_months(d("2026-11-30"), 3), d("2027-02-28"));
        assert_eq!(add_months(d("2020-09-24"), -3), d("2020-06-24"));
        assert_eq!(add_months(d("2025-11-10"), 3), d("2026-02-10"));
        assert_eq!(add_months(d("2023-11-30"), 3), d("2024-02-29"));
        assert_eq!(add_months(d("2025-05-31"), -3), d("2025-02-28"));
        assert_eq!(add_months(d("2025-01-15"), 0), d("2025-01-15"));
        assert_eq!(add_months(d("2025-01-15"), -13), d("2023-12-15"));
        assert_eq!(add_months(d("2025-12-15"), 1), d("2026-01-15"));
    }

    #[test]
    fn add_months_saturates() {
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_months(NaiveDate::MIN, -1), NaiveDate::MIN);
        assert_eq!(add_months(d("2025-01-01"), i32::MAX), NaiveDate::MAX);
        assert_eq!(add_months(d("2025-01-01"), i32::MIN), NaiveDate::MIN);
    }

    #[test]
    fn birthdays() {
        let leap = d("2000-02-29");
        assert_eq!(birthday_in_year(leap, 2024), d("2024-02-29"));
        assert_eq!(birthday_in_year(leap, 2025), d("2025-02-28"));
        assert_eq!(birthday_in_year(d("1980-06-01"), 2025), d("2025-06-01"));
    }

    #[test]
    fn nth_birthday_is_strictly_after() {
        // A birthday on the day itself does not count (§3.1).
        assert_eq!(
            nth_birthday_after(d("1990-10-10"), d("2020-10-10"), 5),
            d("2025-10-10")
        );
        assert_eq!(
            nth_birthday_after(d("1990-10-10"), d("2020-10-09"), 5),
            d("2024-10-10")
        );
        assert_eq!(
            nth_birthday_after(d("1990-10-10"), d("2020-10-11"), 1),
            d("2021-10-10")
        );
        assert_eq!(
            nth_birthday_after(d("1980-06-01"), d("2021-03-10"), 5),
            d("2025-06-01")
        );
        assert_eq!(
            nth_birthday_after(d("1980-06-01"), d("2021-03-10"), 10),
            d("2030-06-01")
        );
        assert_eq!(
            nth_birthday_after(d("1980-06-01"), d("2021-03-10"), 0),
            d("2021-06-01")
        );
        // 29 February: 28 February in non-leap years; a Feb-28 birthday on the day is skipped.
        assert_eq!(
            nth_birthday_after(d("2000-02-29"), d("2020-05-01"), 5),
            d("2025-02-28")
        );
        assert_eq!(
            nth_birthday_after(d("2000-02-29"), d("2019-05-01"), 5),
            d("2024-02-29")
        );
        assert_eq!(
            nth_birthday_after(d("2000-02-29"), d("2021-02-28"), 1),
            d("2022-02-28")
        );
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(d("2000-04-02"), d("2018-04-01")), 17);
        assert_eq!(age_on(d("2000-04-02"), d("2018-04-02")), 18);
        assert_eq!(age_on(d("2000-02-29"), d("2018-02-27")), 17);
        assert_eq!(age_on(d("2000-02-29"), d("2018-02-28")), 18);
        assert_eq!(age_on(d("2000-02-29"), d("2020-02-28")), 19);
        assert_eq!(age_on(d("2000-02-29"), d("2020-02-29")), 20);
        assert_eq!(age_on(d("2000-01-01"), d("2000-01-01")), 0);
        assert_eq!(age_on(d("2000-01-02"), d("2000-01-01")), -1);
    }
}
