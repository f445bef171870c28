//! The family as the app, the CLI and the reminders see it: members entered as text (ISO or
//! era dates, full-width digits) and everyone's deadlines on a given day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checker::in_field;
use crate::era::parse_date;
use crate::timeline::{CardStatus, Deadline, Timeline};
use crate::vault::{DocumentMeta, Member, Relation};
use crate::vocabulary::{StatusDate, Tone};
use crate::{Error, Msg, Result};

/// A member as typed into a form or on the command line: every field a string, empty = absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MemberForm {
    pub name: String,
    pub kana: String,
    /// 本人 or 家族 (also insured/dependent); empty = 本人.
    pub relation: String,
    pub birth: String,
    pub cert_issued: String,
    pub cert_expiry: String,
    pub card_expiry: String,
    pub phone_cert_expiry: String,
    pub kakunin_expiry: String,
    pub insurer_number: String,
    pub insurer_name: String,
    pub symbol: String,
    pub number: String,
    pub branch: String,
    /// "3", "3割" or "３割"; empty = unknown.
    pub ratio: String,
    pub acquired: String,
    /// The certificate expiry as read from the card (ISO), when the form was filled from the
    /// card: `cert_expiry` counts as read from the card while it is still this date.
    #[ts(optional)]
    pub cert_expiry_card: Option<String>,
}

fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn date(s: &str, ja: &str, en: &str) -> Result<Option<NaiveDate>> {
    match text(s) {
        None => Ok(None),
        Some(v) => parse_date(&v).map(Some).map_err(|e| in_field(e, ja, en)),
    }
}

/// `YYYY-MM-DD`, or empty when unknown (how forms show dates).
pub(crate) fn iso(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Reads "3", "3割", "３割", "30%" as 3.
fn parse_ratio(s: &str) -> Result<Option<u8>> {
    let Some(t) = text(s) else { return Ok(None) };
    let digits: String = t
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect();
    let rest: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect();
    let n: Option<u8> = digits.parse().ok();
    match (n, rest.trim()) {
        (Some(n @ 1..=3), "" | "割") => Ok(Some(n)),
        (Some(n @ (10 | 20 | 30)), "%" | "％") => Ok(Some(n / 10)),
        _ => Err(Error::InvalidInput(Msg::new(
            format!("負担割合: 1割・2割・3割のどれかを入力してください（入力: {t}）"),
            format!("co-payment ratio: enter 1, 2 or 3 (割), not \"{t}\""),
        ))),
    }
}

/// Member fields given as JSON (`hoken-wallet member add|edit --from-json FILE|-`): an object
/// of [`MemberForm`] fields, each a string (`null` or `""` clears an optional field), so that
/// names and numbers need not appear on a command line (`ps`, shell history). A field the
/// form does not have is refused, so a misspelt one is never silently ignored.
#[derive(Debug, Clone, Default)]
pub struct FormPatch(serde_json::Map<String, serde_json::Value>);

/// The largest JSON accepted, in bytes.
pub const MAX_FORM_JSON: usize = 64 * 1024;

impl FormPatch {
    pub fn from_json(bytes: &[u8]) -> Result<FormPatch> {
        let bad = |ja: String, en: String| Error::InvalidInput(Msg::new(ja, en));
        if bytes.len() > MAX_FORM_JSON {
            return Err(bad(
                format!("JSON が大きすぎます（最大 {MAX_FORM_JSON} バイト）"),
                format!("The JSON is too large (at most {MAX_FORM_JSON} bytes)"),
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            bad(
                format!("JSON として読めません: {e}"),
                format!("The member's fields cannot be read as JSON: {e}"),
            )
        })?;
        let serde_json::Value::Object(map) = value else {
            return Err(bad(
                "JSON はオブジェクト（{\"name\": …}）にしてください".into(),
                "The member's fields must be a JSON object ({\"name\": …})".into(),
            ));
        };
        let known = match serde_json::to_value(MemberForm::default()) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (k, v) in &map {
            if !known.contains_key(k) {
                let fields: Vec<&str> = known.keys().map(String::as_str).collect();
                return Err(bad(
                    format!(
                        "項目 \"{k}\" はありません（使える項目: {}）",
                        fields.join(", ")
                    ),
                    format!("Unknown field \"{k}\" (fields: {})", fields.join(", ")),
                ));
            }
            if !(v.is_string() || v.is_null()) {
                return Err(bad(
                    format!("項目 \"{k}\" は文字列にしてください"),
                    format!("Field \"{k}\" must be a string (or null)"),
                ));
            }
        }
        Ok(FormPatch(map))
    }

    /// Whether the patch sets `field` to something not blank.
    pub fn sets(&self, field: &str) -> bool {
        self.0
            .get(field)
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
    }

    /// Writes the fields given over `form`.
    pub fn apply(&self, form: &mut MemberForm) -> Result<()> {
        let mut value = serde_json::to_value(&*form).map_err(|e| {
            Error::InvalidInput(Msg::new(
                format!("内部エラー: {e}"),
                format!("Internal error: {e}"),
            ))
        })?;
        if let serde_json::Value::Object(m) = &mut value {
            for (k, v) in &self.0 {
                let s = v.as_str().unwrap_or_default();
                m.insert(k.clone(), serde_json::Value::String(s.to_string()));
            }
        }
        *form = serde_json::from_value(value).map_err(|e| {
            Error::InvalidInput(Msg::new(
                format!("内部エラー: {e}"),
                format!("Internal error: {e}"),
            ))
        })?;
        Ok(())
    }
}

impl MemberForm {
    /// Parses and validates the form into a member with the given id. Errors name the field.
    pub fn to_member(&self, id: &str) -> Result<Member> {
        if text(&self.birth).is_none() {
            return Err(Error::InvalidInput(Msg::new(
                "生年月日を入力してください",
                "birth date: required",
            )));
        }
        let mut m = Member {
            id: id.to_string(),
            name: self.name.trim().to_string(),
            kana: text(&self.kana),
            relation: match text(&self.relation) {
                None => Relation::Insured,
                Some(r) => Relation::parse(&r).map_err(|e| in_field(e, "続柄", "relation"))?,
            },
            birth: date(&self.birth, "生年月日", "birth date")?.unwrap_or_default(),
            cert_issued: date(&self.cert_issued, "発行日", "issue date")?,
            cert_expiry: date(
                &self.cert_expiry,
                "電子証明書の有効期限",
                "certificate expiry",
            )?,
            card_expiry: date(&self.card_expiry, "カードの有効期限", "card expiry")?,
            phone_cert_expiry: date(
                &self.phone_cert_expiry,
                "スマホ用電子証明書の有効期限",
                "smartphone certificate expiry",
            )?,
            kakunin_expiry: date(
                &self.kakunin_expiry,
                "資格確認書の有効期限",
                "資格確認書 expiry",
            )?,
            insurer_number: text(&self.insurer_number),
            insurer_name: text(&self.insurer_name),
            symbol: text(&self.symbol),
            number: text(&self.number),
            branch: text(&self.branch),
            ratio: parse_ratio(&self.ratio)?,
            acquired: date(&self.acquired, "資格取得年月日", "qualification date")?,
            cert_expiry_from_card: false,
            from_document: Vec::new(),
        };
        let from_card = self
            .cert_expiry_card
            .as_deref()
            .and_then(|s| parse_date(s).ok());
        m.cert_expiry_from_card = m.cert_expiry.is_some() && m.cert_expiry == from_card;
        if let Some(n) = &m.insurer_number {
            crate::insurer::validate(n).map_err(|e| in_field(e, "保険者番号", "insurer number"))?;
        }
        m.validate()?;
        Ok(m)
    }

    /// The form showing a stored member (dates in ISO form).
    pub fn from_member(m: &Member) -> MemberForm {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        MemberForm {
            name: m.name.clone(),
            kana: s(&m.kana),
            relation: m.relation.label_ja().to_string(),
            birth: iso(Some(m.birth)),
            cert_issued: iso(m.cert_issued),
            cert_expiry: iso(m.cert_expiry),
            card_expiry: iso(m.card_expiry),
            phone_cert_expiry: iso(m.phone_cert_expiry),
            kakunin_expiry: iso(m.kakunin_expiry),
            insurer_number: s(&m.insurer_number),
            insurer_name: s(&m.insurer_name),
            symbol: s(&m.symbol),
            number: s(&m.number),
            branch: s(&m.branch),
            ratio: m.ratio.map(|r| format!("{r}割")).unwrap_or_default(),
            acquired: iso(m.acquired),
            cert_expiry_card: (m.cert_expiry_from_card && m.cert_expiry.is_some())
                .then(|| iso(m.cert_expiry)),
        }
    }
}

/// One member's state on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberStatus {
    pub id: String,
    pub name: String,
    pub relation: Relation,
    /// None when neither the issue date nor the certificate expiry is known.
    pub status: Option<CardStatus>,
    pub status_until: Option<NaiveDate>,
    /// The badge's words, colour and icon (None without card dates).
    pub status_tone: Option<Tone>,
    /// The date the status line names, labelled by what happens on it.
    pub status_date: Option<StatusDate>,
    pub phone_usable: Option<bool>,
    /// Sorted by date.
    pub deadlines: Vec<Deadline>,
    /// The nearest deadline from today on (the home card's 「次の期限」).
    pub next_deadline: Option<Deadline>,
    /// Where the certificate expiry came from (None without マイナ保険証 dates): a date read
    /// from the card is marked as such wherever it is shown.
    #[serde(default)]
    #[ts(optional)]
    pub certificate_expiry_source: Option<crate::rules::DateSource>,
    /// The newest stored document (its thumbnail and as-of date on the home card), if any.
    #[serde(default)]
    pub document: Option<DocumentMeta>,
    /// How old `document` is, and whether it is stale.
    #[serde(default)]
    pub document_age: Option<crate::freshness::DocumentAge>,
}

/// Everyone's deadlines on `today`: the `status` command and the home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FamilyStatus {
    pub today: NaiveDate,
    pub members: Vec<MemberStatus>,
    /// The family's most urgent deadline (the home banner), if anything is at least `soon`.
    pub urgent: Option<crate::urgency::UrgentDeadline>,
}

impl MemberStatus {
    pub fn of(m: &Member, today: NaiveDate) -> Result<MemberStatus> {
        let timeline: Option<Timeline> = m.timeline(today)?;
        let mut status = MemberStatus {
            id: m.id.clone(),
            name: m.name.clone(),
            relation: m.relation,
            status: timeline.as_ref().map(|t| t.status),
            status_until: timeline.as_ref().and_then(|t| t.status_until),
            status_tone: timeline.as_ref().map(|t| t.status_tone.clone()),
            status_date: timeline.as_ref().and_then(|t| t.status_date.clone()),
            phone_usable: timeline.as_ref().and_then(|t| t.phone_usable),
            certificate_expiry_source: timeline.as_ref().map(|t| t.certificate_expiry_source),
            // Without マイナ保険証 dates, a 資格確認書's expiry is the member's one deadline.
            deadlines: match timeline {
                Some(t) => t.deadlines,
                None => m
                    .kakunin_expiry
                    .map(|k| crate::timeline::kakunin_deadline(k, today))
                    .into_iter()
                    .collect(),
            }
            .into_iter()
            .collect(),
            next_deadline: None,
            document: None,
            document_age: None,
        };
        status.next_deadline = crate::urgency::next_deadline(&status.deadlines);
        Ok(status)
    }

    /// The same, with `m`'s newest document out of `documents` (anyone's, any order) and its
    /// age on `today`.
    pub fn with_documents(
        mut self,
        m: &Member,
        documents: &[DocumentMeta],
        today: NaiveDate,
    ) -> MemberStatus {
        self.document = crate::vault::documents::newest_of(documents, &self.id).cloned();
        self.document_age = self
            .document
            .as_ref()
            .map(|d| crate::freshness::document_age(d, m, documents, today));
        self
    }
}

/// The family's status on `today`, members in the vault's order.
pub fn family_status(members: &[Member], today: NaiveDate) -> Result<FamilyStatus> {
    let members: Vec<MemberStatus> = members
        .iter()
        .map(|m| MemberStatus::of(m, today))
        .collect::<Result<_>>()?;
    Ok(FamilyStatus {
        today,
        urgent: crate::urgency::most_urgent(&members),
        members,
    })
}

/// The family's status with each member's newest document (the home screen).
pub fn family_status_with_documents(
    members: &[Member],
    documents: &[DocumentMeta],
    today: NaiveDate,
) -> Result<FamilyStatus> {
    let mut status = family_status(members, today)?;
    status.members = status
        .members
        .into_iter()
        .zip(members)
        .map(|(s, m)| s.with_documents(m, documents, today))
        .collect();
    Ok(status)
}

/// The family's status as stored in `vault`, from one read of its index (home, `status`).
pub fn family_status_of(vault: &crate::vault::Vault, today: NaiveDate) -> Result<FamilyStatus> {
    let (members, documents) = vault.members_and_documents()?;
    family_status_with_documents(&members, &documents, today)
}

/// Whom an imported screen belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MemberMatch {
    /// A member with the same 記号・番号・枝番 and birth date, or (after a change of
    /// insurer) the same name and birth date.
    Existing {
        id: String,
        /// The insurer number differs from the member's: "your insurer changed".
        insurer_changed: bool,
    },
    /// Nobody matches: a new member.
    New,
}

/// Digits and letters only, full-width folded to ASCII: "１０１０ １０１" → "1010101".
fn key(s: Option<&str>) -> Option<String> {
    let folded: String = s?
        .chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
                c => c,
            };
            (!c.is_whitespace() && c != '-' && c != '－').then_some(c)
        })
        .collect();
    (!folded.is_empty()).then_some(folded)
}

fn same_name(a: &str, b: &str) -> bool {
    let f = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    !a.trim().is_empty() && f(a) == f(b)
}

/// Finds the member an imported record belongs to (see [`MemberMatch`]).
pub fn match_member(members: &[Member], record: &Member) -> MemberMatch {
    let ident = |m: &Member| {
        (
            key(m.symbol.as_deref()),
            key(m.number.as_deref()),
            key(m.branch.as_deref()),
        )
    };
    let wanted = ident(record);
    let changed = |m: &Member| match (
        key(m.insurer_number.as_deref()),
        key(record.insurer_number.as_deref()),
    ) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    if wanted.0.is_some() && wanted.1.is_some() {
        if let Some(m) = members
            .iter()
            .find(|m| m.birth == record.birth && ident(m) == wanted)
        {
            return MemberMatch::Existing {
                id: m.id.clone(),
                insurer_changed: changed(m),
            };
        }
    }
    match members
        .iter()
        .find(|m| m.birth == record.birth && same_name(&m.name, &record.name))
    {
        Some(m) => MemberMatch::Existing {
            id: m.id.clone(),
            insurer_changed: changed(m),
        },
        None => MemberMatch::New,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{DeadlineKind, Severity};

    fn form() -> MemberForm {
        MemberForm {
            name: " 協会 太郎 ".into(),
            kana: "キョウカイ タロウ".into(),
            relation: "本人".into(),
            birth: "昭和40年10月1日".into(),
            cert_issued: "R3.5.10".into(),
            insurer_number: "０１０１００１６".into(),
            ratio: "３割".into(),
            ..MemberForm::default()
        }
    }

    #[test]
    fn a_kakunin_holder_without_a_card_sees_its_expiry() {
        let m = MemberForm {
            name: "協会 ウメ".into(),
            relation: "家族".into(),
            birth: "1940-05-05".into(),
            kakunin_expiry: "令和9年7月31日".into(),
            ..MemberForm::default()
        }
        .to_member("u")
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2027, 7, 10).unwrap();
        let s = MemberStatus::of(&m, today).unwrap();
        assert_eq!(s.status, None, "no マイナ保険証 status");
        assert_eq!(s.deadlines.len(), 1);
        assert_eq!(s.deadlines[0].kind, DeadlineKind::KakuninExpiry);
        assert_eq!(s.deadlines[0].days_left, 21);
        assert_eq!(s.deadlines[0].severity, Severity::Soon);
    }

    #[test]
    fn form_round_trip() {
        let m = form().to_member("abc").unwrap();
        assert_eq!(m.name, "協会 太郎");
        assert_eq!(m.birth, NaiveDate::from_ymd_opt(1965, 10, 1).unwrap());
        assert_eq!(m.insurer_number.as_deref(), Some("01010016"));
        assert_eq!(m.ratio, Some(3));
        let back = MemberForm::from_member(&m);
        assert_eq!(back.birth, "1965-10-01");
        assert_eq!(back.to_member("abc").unwrap(), m);
    }

    #[test]
    fn the_card_mark_lasts_while_the_date_is_the_cards() {
        let mut f = form();
        f.cert_expiry = "2026-05-01".into();
        f.cert_expiry_card = Some("2026-05-01".into());
        let m = f.to_member("a").unwrap();
        assert!(m.cert_expiry_from_card);
        let back = MemberForm::from_member(&m);
        assert_eq!(back.cert_expiry_card.as_deref(), Some("2026-05-01"));
        assert!(back.to_member("a").unwrap().cert_expiry_from_card);
        // Typed over (even as an era date of another day): no longer from the card.
        f.cert_expiry = "令和8年5月2日".into();
        assert!(!f.to_member("a").unwrap().cert_expiry_from_card);
        // The same day typed in era form still is the card's date.
        f.cert_expiry = "令和8年5月1日".into();
        assert!(f.to_member("a").unwrap().cert_expiry_from_card);
        f.cert_expiry = String::new();
        assert!(!f.to_member("a").unwrap().cert_expiry_from_card);
        let s = MemberStatus::of(&m, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        assert_eq!(
            s.certificate_expiry_source,
            Some(crate::rules::DateSource::Card)
        );
    }

    #[test]
    fn errors_name_the_field() {
        let mut f = form();
        f.cert_issued = "昭和65年1月1日".into();
        let e = f.to_member("x").unwrap_err();
        assert!(e.to_string().starts_with("issue date:"), "{e}");
        assert!(e.message_ja().starts_with("発行日:"));
        let mut f = form();
        f.insurer_number = "01010017".into();
        assert!(f
            .to_member("x")
            .unwrap_err()
            .to_string()
            .starts_with("insurer number:"));
        let mut f = form();
        f.ratio = "5割".into();
        assert!(f.to_member("x").is_err());
        let mut f = form();
        f.birth = " ".into();
        assert!(f
            .to_member("x")
            .unwrap_err()
            .message_ja()
            .contains("生年月日"));
        let mut f = form();
        f.relation = "友達".into();
        assert!(f
            .to_member("x")
            .unwrap_err()
            .to_string()
            .starts_with("relation:"));
    }

    #[test]
    fn matching_members() {
        let mut taro = form().to_member("t").unwrap();
        taro.symbol = Some("1010101".into());
        taro.number = Some("1".into());
        taro.branch = Some("00".into());
        let mut hanako = taro.clone();
        hanako.id = "h".into();
        hanako.name = "協会 花子".into();
        hanako.birth = NaiveDate::from_ymd_opt(1967, 3, 15).unwrap();
        hanako.branch = Some("01".into());
        let family = [taro.clone(), hanako.clone()];

        let mut screen = hanako.clone();
        screen.id = String::new();
        screen.symbol = Some("１０１０１０１".into());
        screen.name = "協会　花子".into();
        assert_eq!(
            match_member(&family, &screen),
            MemberMatch::Existing {
                id: "h".into(),
                insurer_changed: false
            }
        );
        // A new job: new insurer, new symbol and number; the same person.
        screen.insurer_number = Some("06132013".into());
        screen.symbol = Some("2".into());
        screen.number = Some("345".into());
        assert_eq!(
            match_member(&family, &screen),
            MemberMatch::Existing {
                id: "h".into(),
                insurer_changed: true
            }
        );
        // The same number but another birth date is someone else.
        let mut child = hanako.clone();
        child.name = "協会 一郎".into();
        child.birth = NaiveDate::from_ymd_opt(2015, 4, 1).unwrap();
        assert_eq!(match_member(&family, &child), MemberMatch::New);
    }

    #[test]
    fn ratios() {
        for (s, r) in [("1", 1), ("2割", 2), ("３割", 3), ("30%", 3)] {
            assert_eq!(parse_ratio(s).unwrap(), Some(r), "{s}");
        }
        assert_eq!(parse_ratio(" ").unwrap(), None);
        for s in ["0", "4割", "割", "3分"] {
            assert!(parse_ratio(s).is_err(), "{s}");
        }
    }

    #[test]
    fn status_lists_deadlines() {
        let m = form().to_member("abc").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let s = family_status(std::slice::from_ref(&m), today).unwrap();
        assert_eq!(s.members.len(), 1);
        let ms = &s.members[0];
        assert!(ms.status.is_some());
        assert!(ms
            .deadlines
            .iter()
            .any(|d| d.kind == DeadlineKind::CertificateExpiry));
        let mut bare = m;
        bare.cert_issued = None;
        let s = family_status(&[bare], today).unwrap();
        assert!(s.members[0].deadlines.is_empty());
        assert_eq!(s.members[0].status, None);
        assert_eq!(s.members[0].document, None);
    }

    fn doc(id: &str, member: &str, as_of: Option<(i32, u32, u32)>, imported: u32) -> DocumentMeta {
        DocumentMeta {
            id: id.into(),
            member_id: member.into(),
            kind: crate::vault::DocumentKind::Pdf,
            original_mime: "application/pdf".into(),
            display_mime: "image/png".into(),
            thumbnail_mime: "image/png".into(),
            pages: 1,
            width: 1240,
            height: 1754,
            thumb_width: 240,
            thumb_height: 340,
            as_of: as_of.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            imported: NaiveDate::from_ymd_opt(2026, 11, imported).unwrap(),
            insurer_number: None,
            original_len: 10,
        }
    }

    #[test]
    fn home_shows_each_members_newest_document() {
        let m = form().to_member("abc").unwrap();
        let mut other = m.clone();
        other.id = "def".into();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let docs = [
            doc("old", "abc", Some((2024, 6, 7)), 20),
            doc("undated", "abc", None, 21),
            doc("new", "abc", Some((2025, 1, 5)), 1),
            doc("theirs", "zzz", Some((2026, 1, 1)), 1),
        ];
        let s = family_status_with_documents(&[m, other], &docs, today).unwrap();
        assert_eq!(
            s.members[0].document.as_ref().map(|d| d.id.as_str()),
            Some("new")
        );
        assert_eq!(s.members[1].document, None);
    }
}

#[cfg(test)]
mod form_patch_tests {
    use super::*;

    #[test]
    fn a_patch_sets_the_fields_given_and_refuses_unknown_ones() {
        let p = FormPatch::from_json(
            r#"{"name": "協会 花子", "birth": "1967-03-15", "kana": null}"#.as_bytes(),
        )
        .unwrap();
        let mut form = MemberForm {
            kana: "キョウカイ".into(),
            symbol: "1".into(),
            ..MemberForm::default()
        };
        p.apply(&mut form).unwrap();
        assert_eq!(form.name, "協会 花子");
        assert_eq!(form.kana, "");
        assert_eq!(form.symbol, "1");
        assert!(p.sets("name") && !p.sets("kana") && !p.sets("number"));
        for bad in [
            &br#"{"nmae": "x"}"#[..],
            br#"["x"]"#,
            br#"{"ratio": 3}"#,
            b"{",
        ] {
            assert_eq!(
                FormPatch::from_json(bad).unwrap_err().kind(),
                "invalid_input"
            );
        }
    }
}
