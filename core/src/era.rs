//! Japanese era dates both ways (domain.md §5): 昭和 40 年 10 月 1 日, 平成元年1月8日,
//! full-width digits, S40.10.1 / H1.1.8 / R7.11.30, and ISO dates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

/// A date in both notations, as the CLI prints it: `{"iso":"1965-10-01","era":"昭和40年10月1日"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateInfo {
    pub iso: String,
    pub era: String,
}

/// Reads a date in ISO (`1965-10-01`, also `1965/10/01`) or era form, with full-width digits
/// and spaces allowed. Impossible dates are errors that say why.
pub fn parse_date(input: &str) -> Result<NaiveDate> {
    todo!("{input}")
}

/// The era form of a date, with 元年 for year 1 and no spaces: `平成元年1月8日`.
/// Dates before 明治 (1868-01-25) are an error.
pub fn format_era(date: NaiveDate) -> Result<String> {
    todo!("{date}")
}

/// Both notations of a date given in either.
pub fn date_info(input: &str) -> Result<DateInfo> {
    let d = parse_date(input)?;
    Ok(DateInfo { iso: d.format("%Y-%m-%d").to_string(), era: format_era(d)? })
}
