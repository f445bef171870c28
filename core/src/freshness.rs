//! How old a stored qualification screen is, and whether it can still be trusted at the
//! counter: 「1年5か月前の情報」 beside its as-of date, and a warning once it is stale — a year
//! after its date (the same rule as the stale-screen reminder), at once when the member has a
//! newer screen of another insurer, when the record's insurer number differs from the
//! screen's, or when the member's latest qualification date is after the screen's date.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::add_months;
use crate::reminders::SNAPSHOT_STALE_MONTHS;
use crate::vault::{DocumentMeta, Member};

/// Why a screen should not be relied on any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StaleReason {
    /// Its date is a year (or more) ago.
    Old,
    /// The member has a newer screen of another insurer.
    NewerInsurer,
    /// The member's record names another insurer number than the screen.
    RecordInsurer,
    /// The member's latest qualification date is after the screen's date.
    Predates,
}

/// A stored screen's age on a day, in words, and a warning when it is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentAge {
    /// The document's as-of date, else the day it was imported.
    pub since: NaiveDate,
    /// False when the screen's own date is unknown and `since` is the import day.
    pub dated: bool,
    /// Whole months from `since` to the day.
    pub months: u32,
    /// 「1年5か月前の情報」「今日の情報」 (or 「…前に取り込み」 without a date).
    pub label_ja: String,
    pub label_en: String,
    pub stale: Option<StaleReason>,
    /// What is wrong, when stale (short: clinic mode shows only this).
    pub warning_ja: Option<String>,
    pub warning_en: Option<String>,
    /// What to do about it, when stale.
    pub advice_ja: Option<String>,
    pub advice_en: Option<String>,
}

/// Whole months from `from` to `to` (0 when `to` is not after `from`).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if add_months(from, months) > to {
        months -= 1;
    }
    months.max(0) as u32
}

fn span_ja(months: u32, days: i64) -> String {
    let (y, m) = (months / 12, months % 12);
    match (y, m) {
        (0, 0) if days <= 0 => "今日".to_string(),
        (0, 0) => format!("{days}日前"),
        (0, m) => format!("{m}か月前"),
        (y, 0) => format!("{y}年前"),
        (y, m) => format!("{y}年{m}か月前"),
    }
}

fn span_en(months: u32, days: i64) -> String {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let (y, m) = (months / 12, months % 12);
    match (y, m) {
        (0, 0) if days <= 0 => "today".to_string(),
        (0, 0) if days == 1 => "1 day ago".to_string(),
        (0, 0) => format!("{days} days ago"),
        (0, m) => format!("{} ago", plural(m, "month", "months")),
        (y, 0) => format!("{} ago", plural(y, "year", "years")),
        (y, m) => format!(
            "{} {} ago",
            plural(y, "year", "years"),
            plural(m, "month", "months")
        ),
    }
}

/// The age of `doc` (one of `member`'s documents) on `today`; `documents` are the member's
/// others (anyone else's are ignored), for "a newer screen of another insurer".
pub fn document_age(
    doc: &DocumentMeta,
    member: &Member,
    documents: &[DocumentMeta],
    today: NaiveDate,
) -> DocumentAge {
    let since = doc.as_of.unwrap_or(doc.imported);
    let months = whole_months(since, today);
    let days = (today - since).num_days();
    let (label_ja, label_en) = match (doc.as_of.is_some(), span_ja(months, days)) {
        (true, span) if span == "今日" => (
            "今日の情報".to_string(),
            "Information from today".to_string(),
        ),
        (true, span) => (
            format!("{span}の情報"),
            format!("Information from {}", span_en(months, days)),
        ),
        (false, span) if span == "今日" => {
            ("今日取り込み".to_string(), "Imported today".to_string())
        }
        (false, span) => (
            format!("{span}に取り込み"),
            format!("Imported {}", span_en(months, days)),
        ),
    };
    let key = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let newer_insurer = documents.iter().any(|o| {
        o.member_id == doc.member_id
            && o.id != doc.id
            && o.as_of.unwrap_or(o.imported) > since
            && key(&o.insurer_number).is_some()
            && key(&doc.insurer_number).is_some()
            && key(&o.insurer_number) != key(&doc.insurer_number)
    });
    let record_insurer = key(&member.insurer_number).is_some()
        && key(&doc.insurer_number).is_some()
        && key(&member.insurer_number) != key(&doc.insurer_number);
    let stale = if newer_insurer {
        Some(StaleReason::NewerInsurer)
    } else if record_insurer {
        Some(StaleReason::RecordInsurer)
    } else if member.acquired.is_some_and(|a| since < a) {
        Some(StaleReason::Predates)
    } else if months >= SNAPSHOT_STALE_MONTHS as u32 {
        Some(StaleReason::Old)
    } else {
        None
    };
    let (warning_ja, warning_en) = match stale {
        None => (None, None),
        Some(StaleReason::Old) => (Some("1年以上前の情報です"), Some("Over a year old")),
        Some(StaleReason::NewerInsurer) => (
            Some("以前の保険者の情報です"),
            Some("From a previous insurer"),
        ),
        Some(StaleReason::RecordInsurer) => (
            Some("登録の保険者番号と違います"),
            Some("Another insurer number than on record"),
        ),
        Some(StaleReason::Predates) => (
            Some("資格取得日より前の情報です"),
            Some("Older than the latest qualification date"),
        ),
    };
    let (advice_ja, advice_en) = match stale {
        None => (None, None),
        Some(_) => (
            Some("マイナポータルで新しい資格情報画面を保存して、取り込んでください"),
            Some("Save a new qualification screen from Mynaportal and import it."),
        ),
    };
    DocumentAge {
        since,
        dated: doc.as_of.is_some(),
        months,
        label_ja,
        label_en,
        stale,
        warning_ja: warning_ja.map(str::to_string),
        warning_en: warning_en.map(str::to_string),
        advice_ja: advice_ja.map(str::to_string),
        advice_en: advice_en.map(str::to_string),
    }
}

/// The age of each of `member`'s documents on `today`, by document id.
pub fn document_ages(
    member: &Member,
    documents: &[DocumentMeta],
    today: NaiveDate,
) -> BTreeMap<String, DocumentAge> {
    documents
        .iter()
        .filter(|d| d.member_id == member.id)
        .map(|d| (d.id.clone(), document_age(d, member, documents, today)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::DocumentKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn doc(id: &str, as_of: Option<&str>, imported: &str, insurer: Option<&str>) -> DocumentMeta {
        DocumentMeta {
            id: id.into(),
            member_id: "m".into(),
            kind: DocumentKind::Pdf,
            original_mime: "application/pdf".into(),
            display_mime: "image/jpeg".into(),
            thumbnail_mime: "image/jpeg".into(),
            pages: 1,
            width: 10,
            height: 10,
            thumb_width: 5,
            thumb_height: 5,
            as_of: as_of.map(d),
            imported: d(imported),
            insurer_number: insurer.map(str::to_string),
            original_len: 1,
        }
    }

    fn member() -> Member {
        Member {
            id: "m".into(),
            name: "協会 太郎".into(),
            birth: d("1965-10-01"),
            insurer_number: Some("01010016".into()),
            ..Member::default()
        }
    }

    #[test]
    fn whole_months_count_full_months_only() {
        assert_eq!(whole_months(d("2024-06-07"), d("2025-11-06")), 16);
        assert_eq!(whole_months(d("2024-06-07"), d("2025-11-07")), 17);
        assert_eq!(whole_months(d("2024-01-31"), d("2024-02-29")), 1);
        assert_eq!(whole_months(d("2024-06-07"), d("2024-06-01")), 0);
    }

    #[test]
    fn labels_say_how_old_in_both_languages() {
        let m = member();
        let one = doc("a", Some("2024-06-07"), "2024-06-08", Some("01010016"));
        let age = document_age(&one, &m, &[], d("2025-11-22"));
        assert_eq!(age.label_ja, "1年5か月前の情報");
        assert_eq!(age.label_en, "Information from 1 year 5 months ago");
        assert_eq!(age.stale, Some(StaleReason::Old));
        assert_eq!(age.warning_ja.as_deref(), Some("1年以上前の情報です"));
        assert!(age.advice_ja.unwrap().contains("マイナポータル"));

        let fresh = document_age(&one, &m, &[], d("2024-06-07"));
        assert_eq!(fresh.label_ja, "今日の情報");
        assert_eq!(fresh.stale, None);
        assert_eq!(fresh.warning_ja, None);
        assert_eq!(
            document_age(&one, &m, &[], d("2024-06-20")).label_ja,
            "13日前の情報"
        );
        assert_eq!(
            document_age(&one, &m, &[], d("2024-08-07")).label_en,
            "Information from 2 months ago"
        );
        let year = document_age(&one, &m, &[], d("2025-06-07"));
        assert_eq!(
            (year.label_ja.as_str(), year.stale),
            ("1年前の情報", Some(StaleReason::Old))
        );
        assert_eq!(
            document_age(&one, &m, &[], d("2025-06-06")).stale,
            None,
            "a day short of a year"
        );

        let undated = doc("b", None, "2025-01-10", None);
        assert_eq!(
            document_age(&undated, &m, &[], d("2025-04-10")).label_ja,
            "3か月前に取り込み"
        );
    }

    #[test]
    fn a_newer_screen_of_another_insurer_makes_the_older_stale_at_once() {
        let mut m = member();
        let old = doc("a", Some("2025-04-01"), "2025-04-01", Some("01010016"));
        let new = doc("b", Some("2025-05-01"), "2025-05-01", Some("06139999"));
        let docs = [old.clone(), new.clone()];
        m.insurer_number = Some("06139999".into());
        let ages = document_ages(&m, &docs, d("2025-05-10"));
        assert_eq!(ages["a"].stale, Some(StaleReason::NewerInsurer));
        assert_eq!(ages["b"].stale, None);
        // The record says another insurer than the only screen.
        let age = document_age(&old, &m, std::slice::from_ref(&old), d("2025-05-10"));
        assert_eq!(age.stale, Some(StaleReason::RecordInsurer));
        // A newer screen of the same insurer does not.
        let same = doc("c", Some("2025-05-01"), "2025-05-01", Some("01010016"));
        let m = member();
        assert_eq!(
            document_age(&old, &m, &[old.clone(), same], d("2025-05-10")).stale,
            None
        );
    }
}
