//! Calendar arithmetic with the conventions of domain.md §3.6.

use chrono::NaiveDate;

/// The last day of a month.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    todo!("{year}-{month}")
}

/// `date` plus `months` (negative: minus), keeping the day of the month, clamped to the
/// month's last day: 2027-03-31 − 3 months = 2026-12-31; 2026-11-30 + 3 months = 2027-02-28.
pub fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    todo!("{date} {months}")
}

/// The birthday of someone born on `birth` in `year`; 29 February falls on 28 February in
/// non-leap years.
pub fn birthday_in_year(birth: NaiveDate, year: i32) -> NaiveDate {
    todo!("{birth} {year}")
}

/// The `n`th birthday strictly after `date` (a birthday on `date` itself does not count).
pub fn nth_birthday_after(birth: NaiveDate, date: NaiveDate, n: u32) -> NaiveDate {
    todo!("{birth} {date} {n}")
}

/// Age in whole years on `date`.
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> i32 {
    todo!("{birth} {date}")
}
