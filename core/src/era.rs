//! Japanese era dates both ways (docs/rules.md §5): 昭和 40 年 10 月 1 日, 平成元年1月8日,
//! full-width digits, S40.10.1 / H1.1.8 / R7.11.30, and ISO dates.
//!
//! Accepted forms (after trimming; full-width digits, letters, spaces and punctuation are
//! folded to ASCII, and whitespace between the parts is ignored):
//! - ISO-like: `1965-10-01`, `1965/10/01`, `1965.10.01`, `19651001`, `1965年10月1日`
//! - era: `昭和40年10月1日`, `昭和 40 年 10 月 1 日`, `平成元年1月8日`, `㍼40年10月1日`
//! - abbreviated era: `S40.10.1`, `H1.1.8`, `R7.11.30`, `s40/10/1`, `S40-10-1`, `S40年10月1日`
//!
//! A date outside its era (昭和65年, 平成31年5月1日, 令和元年4月30日) is an error that says
//! when the era began or ended; it is never shifted into another era.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Msg, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

const ALL_ERAS: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

impl Era {
    /// The era's name in kanji: 昭和.
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The one-letter abbreviation: S.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// (year, month, day) of the era's first day.
    fn first_ymd(self) -> (i32, u32, u32) {
        match self {
            Era::Meiji => (1868, 1, 25),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        }
    }

    /// The era's first day.
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = self.first_ymd();
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The era's last day (None for the current era).
    pub fn last_day(self) -> Option<NaiveDate> {
        let next = self.next()?;
        next.first_day().pred_opt()
    }

    /// The era that followed this one.
    pub fn next(self) -> Option<Era> {
        match self {
            Era::Meiji => Some(Era::Taisho),
            Era::Taisho => Some(Era::Showa),
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// The era that preceded this one.
    pub fn previous(self) -> Option<Era> {
        ALL_ERAS.iter().copied().find(|e| e.next() == Some(self))
    }

    /// The era a date belongs to (None before 明治, 1868-01-25).
    pub fn of(date: NaiveDate) -> Option<Era> {
        ALL_ERAS
            .iter()
            .rev()
            .copied()
            .find(|e| e.first_day() <= date)
    }

    /// The Western year of the era's year 1.
    fn first_year(self) -> i32 {
        self.first_ymd().0
    }
}

/// A date in both notations, as the CLI prints it: `{"iso":"1965-10-01","era":"昭和40年10月1日"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateInfo {
    pub iso: String,
    pub era: String,
}

/// Years this module reads (ISO or era): 1..=9999.
const MAX_YEAR: i64 = 9999;

/// Folds full-width and look-alike characters to ASCII, expands the square era signs
/// (㍼ → 昭和) and drops whitespace.
fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                // The full-width forms are exactly U+FEE0 above ASCII.
                if let Some(a) = char::from_u32(u32::from(c) - 0xFEE0) {
                    out.push(a);
                }
            }
            '．' | '。' | '・' => out.push('.'),
            '／' => out.push('/'),
            '－' | '−' | '‐' | '‑' | '–' | '—' | 'ー' | '―' => out.push('-'),
            '㍾' => out.push_str("明治"),
            '㍽' => out.push_str("大正"),
            '㍼' => out.push_str("昭和"),
            '㍻' => out.push_str("平成"),
            '㋿' => out.push_str("令和"),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

fn examples_msg(input: &str) -> Error {
    Error::InvalidDate(Msg::new(
        format!("「{input}」は日付として読めません。例: 1965-10-01、昭和40年10月1日、S40.10.1"),
        format!(
            "Cannot read \"{input}\" as a date. Examples: 1965-10-01, 昭和40年10月1日, S40.10.1"
        ),
    ))
}

/// Splits a leading era marker off: 昭和…, S…, s….
fn split_era(s: &str) -> (Option<Era>, &str) {
    for era in ALL_ERAS {
        if let Some(rest) = s.strip_prefix(era.kanji()) {
            return (Some(era), rest);
        }
    }
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let upper = first.to_ascii_uppercase();
        if let Some(era) = ALL_ERAS.iter().copied().find(|e| e.letter() == upper) {
            return (Some(era), chars.as_str());
        }
    }
    (None, s)
}

/// A number (or 元 for 1) followed by its separator.
struct Part<'a> {
    digits: &'a str,
    sep: Option<char>,
}

/// Splits `40年10月1日` / `40.10.1` into three numbers; checks the separators are one style.
fn split_parts(s: &str) -> Option<[i64; 3]> {
    let mut parts: Vec<Part<'_>> = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let end = if rest.starts_with('元') {
            '元'.len_utf8()
        } else {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        };
        if end == 0 {
            return None;
        }
        let (digits, after) = rest.split_at(end);
        let mut chars = after.chars();
        let sep = chars.next();
        parts.push(Part { digits, sep });
        rest = chars.as_str();
        if parts.len() > 3 {
            return None;
        }
    }
    if parts.len() != 3 {
        return None;
    }
    let seps = [parts[0].sep, parts[1].sep, parts[2].sep];
    let kanji = seps[0] == Some('年')
        && seps[1] == Some('月')
        && (seps[2] == Some('日') || seps[2].is_none());
    let punct = matches!(seps[0], Some('.' | '/' | '-')) && seps[1] == seps[0] && seps[2].is_none();
    if !(kanji || punct) {
        return None;
    }
    let mut nums = [0i64; 3];
    for (i, p) in parts.iter().enumerate() {
        nums[i] = if p.digits == "元" {
            if i != 0 {
                return None;
            }
            1
        } else if p.digits.len() > 9 {
            // Far too large for any date.
            return None;
        } else {
            p.digits.parse().ok()?
        };
    }
    Some(nums)
}

/// 昭和40年 / 平成元年 (the year part of an era date, no spaces).
fn era_year_text(era: Era, year: i64) -> String {
    if year == 1 {
        format!("{}元年", era.kanji())
    } else {
        format!("{}{}年", era.kanji(), year)
    }
}

fn ja_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The month's English name (1 = January).
pub(crate) fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Checks month and day; `label_ja` / `label_en` name the year (昭和40年（1965年） / 1965).
fn checked_ymd(
    year: i32,
    month: i64,
    day: i64,
    label_ja: &str,
    label_en: &str,
) -> Result<NaiveDate> {
    if !(1..=12).contains(&month) {
        return Err(Error::InvalidDate(Msg::new(
            format!("{month}月はありません（月は1〜12です）"),
            format!("There is no month {month} (months are 1 to 12)"),
        )));
    }
    let m = month as u32; // 1..=12 checked above
    let last = crate::calendar::last_day_of_month(year, m).day();
    if day < 1 || day > i64::from(last) {
        return Err(Error::InvalidDate(Msg::new(
            format!("{label_ja}{m}月に{day}日はありません（{m}月は{last}日までです）"),
            format!(
                "{} {label_en} has no day {day} (it has {last} days)",
                month_name(m)
            ),
        )));
    }
    NaiveDate::from_ymd_opt(year, m, day as u32).ok_or_else(|| {
        Error::InvalidDate(Msg::new(
            format!("{label_ja}{m}月{day}日はありません"),
            format!("{} {day}, {label_en} does not exist", month_name(m)),
        ))
    })
}

fn parse_era_date(era: Era, [y, month, day]: [i64; 3]) -> Result<NaiveDate> {
    let name = era.kanji();
    if y < 1 {
        return Err(Error::InvalidDate(Msg::new(
            format!("{name}{y}年はありません（1年目は元年です）"),
            format!("{name}{y}年 does not exist: the first year of an era is 元年 (year 1)"),
        )));
    }
    // The era's last year: a year beyond it does not exist at all.
    if let Some(last) = era.last_day() {
        let last_era_year = i64::from(last.year() - era.first_year() + 1);
        if y > last_era_year {
            return Err(Error::InvalidDate(Msg::new(
                format!(
                    "{}はありません。{name}は{}年{}月{}日（{}）までです",
                    era_year_text(era, y),
                    last_era_year,
                    last.month(),
                    last.day(),
                    ja_date(last),
                ),
                format!(
                    "{} does not exist: {name} ended on {} ({}{}月{}日)",
                    era_year_text(era, y),
                    iso(last),
                    era_year_text(era, last_era_year),
                    last.month(),
                    last.day(),
                ),
            )));
        }
    }
    let western = i64::from(era.first_year()).saturating_add(y - 1);
    if western > MAX_YEAR {
        return Err(Error::InvalidDate(Msg::new(
            format!("{}は遠すぎます（西暦9999年まで）", era_year_text(era, y)),
            format!(
                "{} is too far in the future (the limit is the year 9999)",
                era_year_text(era, y)
            ),
        )));
    }
    let western = western as i32; // ≤ 9999 checked above
    let year_text = era_year_text(era, y);
    let date = checked_ymd(
        western,
        month,
        day,
        &format!("{year_text}（{western}年）"),
        &format!("{western} ({year_text})"),
    )?;
    let written = format!("{year_text}{}月{}日", date.month(), date.day());
    let first = era.first_day();
    if date < first {
        let before = era.previous().map(|p| p.kanji()).unwrap_or("");
        return Err(Error::InvalidDate(Msg::new(
            format!(
                "{written}はありません。{name}は{}（{}元年{}月{}日）からです。それより前は{before}です",
                ja_date(first),
                name,
                first.month(),
                first.day(),
            ),
            format!(
                "{written} does not exist: it is before {name} began on {} ({name}元年{}月{}日); earlier dates are {before}",
                iso(first),
                first.month(),
                first.day(),
            ),
        )));
    }
    if let Some(last) = era.last_day() {
        if date > last {
            let next = era.next().map(|n| n.kanji()).unwrap_or("");
            return Err(Error::InvalidDate(Msg::new(
                format!(
                    "{written}はありません。{name}は{}年{}月{}日（{}）までです。{}からは{next}です",
                    last.year() - era.first_year() + 1,
                    last.month(),
                    last.day(),
                    ja_date(last),
                    ja_date(date),
                ),
                format!(
                    "{written} does not exist: it is after the end of {name}, which ended on {} ({}{}月{}日); {} is in {next}",
                    iso(last),
                    era_year_text(era, i64::from(last.year() - era.first_year() + 1)),
                    last.month(),
                    last.day(),
                    iso(date),
                ),
            )));
        }
    }
    Ok(date)
}

fn parse_western(nums: [i64; 3], year_digits: usize) -> Result<NaiveDate> {
    let [y, month, day] = nums;
    if year_digits != 4 || !(1..=MAX_YEAR).contains(&y) {
        return Err(Error::InvalidDate(Msg::new(
            "西暦の年は4桁で書いてください（例: 1965-10-01）。和暦なら元号を付けてください（例: 昭和40年10月1日、S40.10.1）".to_string(),
            "Write the Western year with 4 digits (e.g. 1965-10-01), or add the era (e.g. 昭和40年10月1日 or S40.10.1)".to_string(),
        )));
    }
    let y = y as i32; // 1..=9999 checked above
    checked_ymd(y, month, day, &format!("{y}年"), &y.to_string())
}

/// Reads a date in ISO (`1965-10-01`, also `1965/10/01`) or era form, with full-width digits
/// and spaces allowed. Impossible dates are errors that say why.
pub fn parse_date(input: &str) -> Result<NaiveDate> {
    let shown = input.trim();
    let s = normalize(input);
    if s.is_empty() {
        return Err(Error::InvalidDate(Msg::new(
            "日付が入力されていません",
            "No date was entered",
        )));
    }
    let (era, rest) = split_era(&s);
    // A compact Western date: 19651001.
    if era.is_none() && rest.len() == 8 && rest.bytes().all(|b| b.is_ascii_digit()) {
        let num = |r: std::ops::Range<usize>| rest.get(r).and_then(|t| t.parse::<i64>().ok());
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(4..6), num(6..8)) {
            return parse_western([y, m, d], 4);
        }
    }
    let nums = split_parts(rest).ok_or_else(|| examples_msg(shown))?;
    match era {
        Some(era) => parse_era_date(era, nums),
        None => {
            let year_digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            parse_western(nums, year_digits)
        }
    }
}

/// A date as people read it in the app, era first with the Western year beside it:
/// `令和8年（2026年）12月1日`, `令和元年（2019年）5月1日`; before 明治 the Western date alone.
pub fn format_display(date: NaiveDate) -> String {
    match Era::of(date) {
        Some(era) => format!(
            "{}（{}年）{}月{}日",
            era_year_text(era, i64::from(date.year() - era.first_year() + 1)),
            date.year(),
            date.month(),
            date.day()
        ),
        None => ja_date(date),
    }
}

/// The era form of a date, with 元年 for year 1 and no spaces: `平成元年1月8日`.
/// Dates before 明治 (1868-01-25) are an error.
pub fn format_era(date: NaiveDate) -> Result<String> {
    let era = Era::of(date).ok_or_else(|| {
        Error::InvalidDate(Msg::new(
            format!(
                "{}は明治（1868年1月25日から）より前なので和暦で書けません",
                ja_date(date)
            ),
            format!(
                "{} is before 明治 began (1868-01-25) and has no era date",
                iso(date)
            ),
        ))
    })?;
    let year = i64::from(date.year() - era.first_year() + 1);
    Ok(format!(
        "{}{}月{}日",
        era_year_text(era, year),
        date.month(),
        date.day()
    ))
}

/// A typed date read for the date input: its parts (the era and its year when it has one) to
/// set the era, year, month and day pickers, and the date as the app displays it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DateParts {
    pub iso: String,
    /// None before 明治.
    pub era: Option<Era>,
    pub era_year: Option<u32>,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// [`format_display`]: 昭和40年（1965年）10月1日.
    pub display: String,
}

/// Reads a date typed in any form [`parse_date`] accepts, into [`DateParts`].
pub fn date_parts(input: &str) -> Result<DateParts> {
    let d = parse_date(input)?;
    let era = Era::of(d);
    Ok(DateParts {
        iso: iso(d),
        era,
        era_year: era.and_then(|e| u32::try_from(d.year() - e.first_year() + 1).ok()),
        year: d.year(),
        month: d.month(),
        day: d.day(),
        display: format_display(d),
    })
}

/// Both notations of a date given in either.
pub fn date_info(input: &str) -> Result<DateInfo> {
    let d = parse_date(input)?;
    Ok(DateInfo {
        iso: d.format("%Y-%m-%d").to_string(),
        era: format_era(d)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn the_display_style_is_era_first_with_the_western_year() {
        assert_eq!(format_display(d("2026-12-01")), "令和8年（2026年）12月1日");
        assert_eq!(format_display(d("2019-05-01")), "令和元年（2019年）5月1日");
        assert_eq!(format_display(d("1965-10-01")), "昭和40年（1965年）10月1日");
        assert_eq!(format_display(d("1800-01-01")), "1800年1月1日");
    }

    fn ok(input: &str) -> NaiveDate {
        match parse_date(input) {
            Ok(v) => v,
            Err(e) => panic!("{input}: {e}"),
        }
    }

    fn err(input: &str) -> Msg {
        match parse_date(input) {
            Ok(v) => panic!("{input} should fail, got {v}"),
            Err(Error::InvalidDate(m)) => m,
            Err(e) => panic!("{input}: wrong kind {e:?}"),
        }
    }

    #[test]
    fn iso_forms() {
        assert_eq!(ok("1965-10-01"), d("1965-10-01"));
        assert_eq!(ok("1965/10/01"), d("1965-10-01"));
        assert_eq!(ok("1965.10.01"), d("1965-10-01"));
        assert_eq!(ok("1965/10/1"), d("1965-10-01"));
        assert_eq!(ok("19651001"), d("1965-10-01"));
        assert_eq!(ok("1965年10月1日"), d("1965-10-01"));
        assert_eq!(ok("  1965-10-01\n"), d("1965-10-01"));
        assert_eq!(ok("１９６５－１０－０１"), d("1965-10-01"));
        assert_eq!(ok("2024-02-29"), d("2024-02-29"));
    }

    #[test]
    fn era_forms_from_domain() {
        assert_eq!(ok("昭和40年10月1日"), d("1965-10-01"));
        assert_eq!(ok("昭和 40 年 10 月 1 日"), d("1965-10-01"));
        assert_eq!(ok("昭和　４０　年　１０　月　１　日"), d("1965-10-01"));
        assert_eq!(ok("昭和４０年１０月１日"), d("1965-10-01"));
        assert_eq!(ok("平成元年1月8日"), d("1989-01-08"));
        assert_eq!(ok("平成元年3月31日"), d("1989-03-31"));
        assert_eq!(ok("昭和64年1月7日"), d("1989-01-07"));
        assert_eq!(ok("昭和60年10月1日"), d("1985-10-01"));
        assert_eq!(ok("S40.10.1"), d("1965-10-01"));
        assert_eq!(ok("s40.10.1"), d("1965-10-01"));
        assert_eq!(ok("S40/10/1"), d("1965-10-01"));
        assert_eq!(ok("S40-10-1"), d("1965-10-01"));
        assert_eq!(ok("Ｓ４０．１０．１"), d("1965-10-01"));
        assert_eq!(ok("H1.1.8"), d("1989-01-08"));
        assert_eq!(ok("h01.01.08"), d("1989-01-08"));
        assert_eq!(ok("R7.11.30"), d("2025-11-30"));
        assert_eq!(ok("令和元年5月1日"), d("2019-05-01"));
        assert_eq!(ok("令和7年11月30日"), d("2025-11-30"));
        assert_eq!(ok("平成31年4月30日"), d("2019-04-30"));
        assert_eq!(ok("明治元年1月25日"), d("1868-01-25"));
        assert_eq!(ok("M45.7.29"), d("1912-07-29"));
        assert_eq!(ok("大正元年7月30日"), d("1912-07-30"));
        assert_eq!(ok("T15.12.24"), d("1926-12-24"));
        assert_eq!(ok("昭和元年12月25日"), d("1926-12-25"));
        assert_eq!(ok("㍼40年10月1日"), d("1965-10-01"));
        assert_eq!(ok("昭和40年10月1"), d("1965-10-01"));
    }

    #[test]
    fn showa_65_does_not_exist() {
        let m = err("昭和65年1月1日");
        assert_eq!(
            m.en,
            "昭和65年 does not exist: 昭和 ended on 1989-01-07 (昭和64年1月7日)"
        );
        assert_eq!(
            m.ja,
            "昭和65年はありません。昭和は64年1月7日（1989年1月7日）までです"
        );
        let m = err("S65.10.1");
        assert!(m.en.starts_with("昭和65年 does not exist"), "{}", m.en);
    }

    #[test]
    fn heisei_31_may_is_after_the_era() {
        let m = err("平成31年5月1日");
        assert!(m.en.contains("after the end of 平成"), "{}", m.en);
        assert!(m.en.contains("2019-04-30"), "{}", m.en);
        assert!(
            m.ja.contains("平成は31年4月30日（2019年4月30日）まで"),
            "{}",
            m.ja
        );
        assert!(m.ja.contains("令和"), "{}", m.ja);
        let m = err("平成32年1月1日");
        assert!(m.en.starts_with("平成32年 does not exist"), "{}", m.en);
    }

    #[test]
    fn reiwa_before_it_began() {
        let m = err("令和元年4月30日");
        assert!(m.en.contains("before 令和 began on 2019-05-01"), "{}", m.en);
        assert!(m.ja.contains("令和は2019年5月1日"), "{}", m.ja);
        let m = err("昭和元年12月24日");
        assert!(m.en.contains("before 昭和 began on 1926-12-25"), "{}", m.en);
        let m = err("M1.1.1");
        assert!(m.en.contains("before 明治 began on 1868-01-25"), "{}", m.en);
        let m = err("昭和64年1月8日");
        assert!(m.en.contains("after the end of 昭和"), "{}", m.en);
    }

    #[test]
    fn impossible_days_and_months() {
        let m = err("1965-02-30");
        assert!(m.en.contains("February 1965 has no day 30"), "{}", m.en);
        assert!(m.ja.contains("1965年2月に30日はありません"), "{}", m.ja);
        let m = err("昭和40年2月30日");
        assert!(m.en.contains("February 1965"), "{}", m.en);
        assert!(m.en.contains("has no day 30"), "{}", m.en);
        assert!(m.ja.contains("2月に30日はありません"), "{}", m.ja);
        let m = err("2025-02-29");
        assert!(m.en.contains("February 2025 has no day 29"), "{}", m.en);
        let m = err("2025-04-31");
        assert!(m.en.contains("April 2025 has no day 31"), "{}", m.en);
        let m = err("2025-13-01");
        assert!(m.en.contains("no month 13"), "{}", m.en);
        let m = err("2025-00-10");
        assert!(m.en.contains("no month 0"), "{}", m.en);
        let m = err("2025-01-00");
        assert!(m.en.contains("no day 0"), "{}", m.en);
        let m = err("昭和0年1月1日");
        assert!(m.en.contains("元年"), "{}", m.en);
        let m = err("令和99999年1月1日");
        assert!(m.en.contains("too far"), "{}", m.en);
        let m = err("令和99999999999年1月1日");
        assert!(m.en.contains("Cannot read"), "{}", m.en);
    }

    #[test]
    fn garbage_and_empty() {
        assert!(err("").en.contains("No date"));
        assert!(err("  　 ").en.contains("No date"));
        for bad in [
            "tomorrow",
            "昭和",
            "S40",
            "S40.10",
            "1965-10",
            "1965-10-01-02",
            "1965-10/01",
            "昭和40年10月1日x",
            "昭和40年1元月1日",
            "X40.10.1",
            "40年10月1日extra",
            "..",
        ] {
            let m = err(bad);
            assert!(!m.en.is_empty() && !m.ja.is_empty(), "{bad}");
        }
        assert!(err("tomorrow").en.contains("Cannot read \"tomorrow\""));
        assert!(err("65-10-01").en.contains("4 digits"));
    }

    #[test]
    fn format_examples() {
        assert_eq!(
            format_era(d("1965-10-01")).ok().as_deref(),
            Some("昭和40年10月1日")
        );
        assert_eq!(
            format_era(d("1989-01-08")).ok().as_deref(),
            Some("平成元年1月8日")
        );
        assert_eq!(
            format_era(d("1989-01-07")).ok().as_deref(),
            Some("昭和64年1月7日")
        );
        assert_eq!(
            format_era(d("2019-04-30")).ok().as_deref(),
            Some("平成31年4月30日")
        );
        assert_eq!(
            format_era(d("2019-05-01")).ok().as_deref(),
            Some("令和元年5月1日")
        );
        assert_eq!(
            format_era(d("2025-11-30")).ok().as_deref(),
            Some("令和7年11月30日")
        );
        assert_eq!(
            format_era(d("1868-01-25")).ok().as_deref(),
            Some("明治元年1月25日")
        );
        assert!(format_era(d("1868-01-24")).is_err());
    }

    #[test]
    fn date_parts_set_the_date_input_from_any_typed_form() {
        for typed in [
            "昭和40年10月1日",
            "S40.10.1",
            "1965-10-01",
            "ｓ４０．１０．１",
        ] {
            let p = date_parts(typed).unwrap();
            assert_eq!(
                (p.era, p.era_year, p.year, p.month, p.day),
                (Some(Era::Showa), Some(40), 1965, 10, 1),
                "{typed}"
            );
            assert_eq!(p.iso, "1965-10-01");
            assert_eq!(p.display, "昭和40年（1965年）10月1日");
        }
        let first = date_parts("令和元年5月1日").unwrap();
        assert_eq!((first.era, first.era_year), (Some(Era::Reiwa), Some(1)));
        assert!(date_parts("昭和65年1月1日").is_err());
    }

    #[test]
    fn date_info_both_ways() {
        let i = date_info("S40.10.1").ok();
        assert_eq!(
            i,
            Some(DateInfo {
                iso: "1965-10-01".into(),
                era: "昭和40年10月1日".into()
            })
        );
    }
}
