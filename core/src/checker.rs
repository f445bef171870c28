//! The deadline checker: text fields in (ISO or era dates), a timeline out. The app's
//! `check_deadlines` command and the CLI both call [`check`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::era::{format_era, parse_date, DateInfo};
use crate::rules::{compute, CardDates, CardInputs};
use crate::timeline::{timeline, Timeline};
use crate::{Error, Msg, Result};

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

/// Prefixes an error's message with the field's name: `生年月日: …` / `birth date: …`.
pub(crate) fn in_field(e: Error, field_ja: &str, field_en: &str) -> Error {
    let wrap = |m: Msg| {
        Msg::new(
            format!("{field_ja}: {}", m.ja),
            format!("{field_en}: {}", m.en),
        )
    };
    match e {
        Error::InvalidDate(m) => Error::InvalidDate(wrap(m)),
        Error::InvalidInsurerNumber(m) => Error::InvalidInsurerNumber(wrap(m)),
        Error::InvalidInput(m) => Error::InvalidInput(wrap(m)),
        other => other,
    }
}

/// Parses an optional field; empty or blank counts as absent.
fn optional(value: Option<&String>, field_ja: &str, field_en: &str) -> Result<Option<NaiveDate>> {
    match value.map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse_date(v)
            .map(Some)
            .map_err(|e| in_field(e, field_ja, field_en)),
    }
}

/// Parses every field (an error names the field, in both languages), computes the dates and
/// the timeline on `today` (unless the request names a day).
pub fn check(req: &CheckRequest, today: NaiveDate) -> Result<CheckResult> {
    let birth_date = parse_date(&req.birth).map_err(|e| in_field(e, "生年月日", "birth date"))?;
    let birth = DateInfo {
        iso: birth_date.format("%Y-%m-%d").to_string(),
        era: format_era(birth_date).map_err(|e| in_field(e, "生年月日", "birth date"))?,
    };
    let issued = optional(req.issued.as_ref(), "発行日", "issue date")?;
    let cert_expiry = optional(
        req.cert_expiry.as_ref(),
        "電子証明書の有効期限",
        "certificate expiry",
    )?;
    let card_expiry = optional(req.card_expiry.as_ref(), "カードの有効期限", "card expiry")?;
    let phone_cert_expiry = optional(
        req.phone_cert_expiry.as_ref(),
        "スマホ用電子証明書の有効期限",
        "smartphone certificate expiry",
    )?;
    let today = optional(req.today.as_ref(), "基準日", "today")?.unwrap_or(today);
    let dates = compute(&CardInputs {
        birth: birth_date,
        issued,
        cert_expiry,
        card_expiry,
        phone_cert_expiry,
        kakunin_expiry: None,
        cert_expiry_from_card: false,
    })?;
    let timeline = timeline(&dates, today);
    Ok(CheckResult {
        birth,
        dates,
        timeline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::CardStatus;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn req(birth: &str, issued: &str) -> CheckRequest {
        CheckRequest {
            birth: birth.into(),
            issued: Some(issued.into()),
            ..Default::default()
        }
    }

    #[test]
    fn worked_example_in_era_form() {
        let r = check(&req("昭和55年6月1日", "R3.3.10"), d("2025-03-02")).expect("check");
        assert_eq!(r.birth.iso, "1980-06-01");
        assert_eq!(r.birth.era, "昭和55年6月1日");
        assert_eq!(r.dates.certificate_expiry, d("2025-06-01"));
        assert_eq!(r.dates.renewal_opens, d("2025-03-02"));
        assert_eq!(r.dates.grace_warn, d("2025-09-01"));
        assert_eq!(r.dates.grace_end, d("2025-09-30"));
        assert_eq!(r.dates.card_expiry, Some(d("2030-06-01")));
        assert_eq!(r.timeline.today, d("2025-03-02"));
        assert_eq!(r.timeline.status, CardStatus::RenewalOpen);
    }

    #[test]
    fn request_today_overrides() {
        let mut q = req("1980-06-01", "2021-03-10");
        q.today = Some("2025-06-02".into());
        let r = check(&q, d("2020-01-01")).expect("check");
        assert_eq!(r.timeline.today, d("2025-06-02"));
        assert_eq!(r.timeline.status, CardStatus::Grace);
        q.today = Some("  ".into());
        let r = check(&q, d("2020-01-01")).expect("check");
        assert_eq!(r.timeline.today, d("2020-01-01"));
    }

    #[test]
    fn empty_fields_are_absent() {
        let q = CheckRequest {
            birth: "1980-06-01".into(),
            issued: Some(String::new()),
            cert_expiry: Some("2025-06-01".into()),
            card_expiry: Some("".into()),
            phone_cert_expiry: Some("２０２５－０６－０１".into()),
            today: None,
        };
        let r = check(&q, d("2025-06-02")).expect("check");
        assert_eq!(r.dates.card_expiry, None);
        assert_eq!(r.timeline.phone_usable, Some(false));
    }

    type Setter = fn(&mut CheckRequest);

    #[test]
    fn errors_name_the_field() {
        let e = check(&req("昭和65年1月1日", "2021-03-10"), d("2025-01-01")).expect_err("birth");
        assert_eq!(e.kind(), "invalid_date");
        assert!(
            e.message_ja().starts_with("生年月日: 昭和65年はありません"),
            "{}",
            e.message_ja()
        );
        assert!(
            e.to_string()
                .starts_with("birth date: 昭和65年 does not exist"),
            "{e}"
        );

        let cases: [(Setter, &str, &str); 5] = [
            (
                |q| q.issued = Some("2021-02-30".into()),
                "発行日: ",
                "issue date: ",
            ),
            (
                |q| q.cert_expiry = Some("平成31年5月1日".into()),
                "電子証明書の有効期限: ",
                "certificate expiry: ",
            ),
            (
                |q| q.card_expiry = Some("tomorrow".into()),
                "カードの有効期限: ",
                "card expiry: ",
            ),
            (
                |q| q.phone_cert_expiry = Some("令和元年4月30日".into()),
                "スマホ用電子証明書の有効期限: ",
                "smartphone certificate expiry: ",
            ),
            (
                |q| q.today = Some("2025-13-01".into()),
                "基準日: ",
                "today: ",
            ),
        ];
        for (set, ja, en) in cases {
            let mut q = req("1980-06-01", "2021-03-10");
            set(&mut q);
            let e = check(&q, d("2025-01-01")).expect_err(en);
            assert_eq!(e.kind(), "invalid_date");
            assert!(e.message_ja().starts_with(ja), "{}", e.message_ja());
            assert!(e.to_string().starts_with(en), "{e}");
        }
        let e = check(&req("", "2021-03-10"), d("2025-01-01")).expect_err("empty birth");
        assert!(e.to_string().starts_with("birth date: "), "{e}");
    }

    #[test]
    fn missing_issue_and_expiry() {
        let q = CheckRequest {
            birth: "1980-06-01".into(),
            ..Default::default()
        };
        let e = check(&q, d("2025-01-01")).expect_err("missing");
        assert_eq!(e.kind(), "invalid_input");
    }
}
