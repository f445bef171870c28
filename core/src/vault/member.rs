//! A family member's record: the card's dates and the qualification record (docs/rules.md §2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::{self, CardInputs};
use crate::timeline::{self, Timeline};
use crate::{Error, Msg, Result};

use super::{random_hex, LockMode, Vault};

/// 本人 (the insured person) or 家族 (a dependent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Relation {
    /// 本人
    #[default]
    Insured,
    /// 家族
    Dependent,
}

impl Relation {
    /// Reads 本人/家族 (or insured/dependent, self/family).
    pub fn parse(s: &str) -> Result<Relation> {
        match s.trim().to_lowercase().as_str() {
            "本人" | "insured" | "self" => Ok(Relation::Insured),
            "家族" | "dependent" | "family" => Ok(Relation::Dependent),
            _ => Err(Error::InvalidInput(Msg::new(
                format!("続柄は「本人」か「家族」です（入力: {s}）"),
                format!("The relation is 本人 (insured) or 家族 (dependent), not \"{s}\""),
            ))),
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Relation::Insured => "本人",
            Relation::Dependent => "家族",
        }
    }
}

/// One member of the family. Everything but `id` is personal: `Debug` shows only the id and
/// which fields are filled in.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Member {
    /// Random, assigned by the vault (16 hex digits).
    pub id: String,
    /// 氏名 as the user wants it shown.
    pub name: String,
    /// フリガナ.
    pub kana: Option<String>,
    pub relation: Relation,
    pub birth: NaiveDate,
    /// The card's (and its certificate's) issue date.
    pub cert_issued: Option<NaiveDate>,
    /// 電子証明書の有効期限 as printed.
    pub cert_expiry: Option<NaiveDate>,
    /// The card body's expiry as printed.
    pub card_expiry: Option<NaiveDate>,
    /// The smartphone certificate's expiry.
    pub phone_cert_expiry: Option<NaiveDate>,
    /// 資格確認書 expiry.
    pub kakunin_expiry: Option<NaiveDate>,
    /// 保険者番号 (6 or 8 digits, check digit verified on add/update).
    pub insurer_number: Option<String>,
    /// 保険者名称.
    pub insurer_name: Option<String>,
    /// 記号.
    pub symbol: Option<String>,
    /// 番号.
    pub number: Option<String>,
    /// 枝番.
    pub branch: Option<String>,
    /// 負担割合 in 割 (1, 2 or 3).
    pub ratio: Option<u8>,
    /// 資格取得年月日.
    pub acquired: Option<NaiveDate>,
    /// `cert_expiry` was read from the card's certificate (core::card), not typed. Records
    /// stored before this field existed read as typed.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub cert_expiry_from_card: bool,
    /// The fields (by the names in [`ORIGIN_FIELDS`]) whose value was read from a stored
    /// document rather than typed; a field loses its mark when its value is changed.
    #[serde(default)]
    pub from_document: Vec<String>,
}

/// The qualification fields whose origin (read from a document, or typed) is kept.
pub const ORIGIN_FIELDS: [&str; 11] = [
    "name",
    "kana",
    "relation",
    "birth",
    "insurer_number",
    "insurer_name",
    "symbol",
    "number",
    "branch",
    "ratio",
    "acquired",
];

impl std::fmt::Debug for Member {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = |o: bool| if o { "<set>" } else { "<none>" };
        f.debug_struct("Member")
            .field("id", &self.id)
            .field("name", &"<redacted>")
            .field("kana", &filled(self.kana.is_some()))
            .field("relation", &self.relation)
            .field("birth", &"<redacted>")
            .field("cert_issued", &filled(self.cert_issued.is_some()))
            .field("cert_expiry", &filled(self.cert_expiry.is_some()))
            .field("card_expiry", &filled(self.card_expiry.is_some()))
            .field(
                "phone_cert_expiry",
                &filled(self.phone_cert_expiry.is_some()),
            )
            .field("kakunin_expiry", &filled(self.kakunin_expiry.is_some()))
            .field("insurer_number", &filled(self.insurer_number.is_some()))
            .field("insurer_name", &filled(self.insurer_name.is_some()))
            .field("symbol", &filled(self.symbol.is_some()))
            .field("number", &filled(self.number.is_some()))
            .field("branch", &filled(self.branch.is_some()))
            .field("ratio", &filled(self.ratio.is_some()))
            .field("acquired", &filled(self.acquired.is_some()))
            .field("cert_expiry_from_card", &self.cert_expiry_from_card)
            .field("from_document", &self.from_document)
            .finish()
    }
}

impl Member {
    /// A qualification field's value as text, for comparing two versions of a record.
    pub fn field_text(&self, field: &str) -> Option<String> {
        let s = |v: &Option<String>| v.clone();
        let d = |v: Option<NaiveDate>| v.map(|d| d.to_string());
        match field {
            "name" => Some(self.name.clone()),
            "kana" => s(&self.kana),
            "relation" => Some(self.relation.label_ja().to_string()),
            "birth" => Some(self.birth.to_string()),
            "insurer_number" => s(&self.insurer_number),
            "insurer_name" => s(&self.insurer_name),
            "symbol" => s(&self.symbol),
            "number" => s(&self.number),
            "branch" => s(&self.branch),
            "ratio" => self.ratio.map(|r| r.to_string()),
            "acquired" => d(self.acquired),
            _ => None,
        }
    }

    /// Keeps `old`'s from-document marks on the fields whose value is unchanged (an edit
    /// makes a changed field "typed"); marks already on `self` stay.
    pub fn carry_origins(&mut self, old: &Member) {
        for f in &old.from_document {
            if !self.from_document.contains(f) && self.field_text(f) == old.field_text(f) {
                self.from_document.push(f.clone());
            }
        }
        let mut marks = std::mem::take(&mut self.from_document);
        marks.retain(|f| ORIGIN_FIELDS.contains(&f.as_str()) && self.field_text(f).is_some());
        marks.sort_by_key(|f| ORIGIN_FIELDS.iter().position(|o| o == f));
        marks.dedup();
        self.from_document = marks;
    }

    /// The rules engine's inputs for this member's card.
    pub fn card_inputs(&self) -> CardInputs {
        CardInputs {
            birth: self.birth,
            issued: self.cert_issued,
            cert_expiry: self.cert_expiry,
            card_expiry: self.card_expiry,
            phone_cert_expiry: self.phone_cert_expiry,
            kakunin_expiry: self.kakunin_expiry,
            cert_expiry_from_card: self.cert_expiry_from_card && self.cert_expiry.is_some(),
        }
    }

    /// Stores the certificate expiry read from the card (it wins over a computed or typed one
    /// and is marked as read from the card), checked like any other date.
    pub fn set_cert_expiry_from_card(&mut self, expiry: NaiveDate) -> Result<()> {
        self.cert_expiry = Some(expiry);
        self.cert_expiry_from_card = true;
        self.validate()
    }

    /// The member's deadlines on `today`; `Ok(None)` when neither the issue date nor the
    /// certificate expiry is known (the rules engine needs one of them).
    pub fn timeline(&self, today: NaiveDate) -> Result<Option<Timeline>> {
        if self.cert_issued.is_none() && self.cert_expiry.is_none() {
            return Ok(None);
        }
        let dates = rules::compute(&self.card_inputs())?;
        Ok(Some(timeline::timeline(&dates, today)))
    }

    /// Checks and normalises what the user entered: a name, a valid insurer number (stored
    /// as plain digits), a ratio of 1–3, no date before the birth date.
    pub fn validate(&mut self) -> Result<()> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(Error::InvalidInput(Msg::new(
                "名前を入力してください",
                "A member needs a name",
            )));
        }
        for field in [
            &mut self.kana,
            &mut self.insurer_name,
            &mut self.symbol,
            &mut self.number,
            &mut self.branch,
        ] {
            if let Some(v) = field {
                let t = v.trim();
                *field = if t.is_empty() {
                    None
                } else {
                    Some(t.to_string())
                };
            }
        }
        if let Some(n) = &self.insurer_number {
            self.insurer_number = Some(crate::insurer::validate(n)?.normalized);
        }
        if let Some(r) = self.ratio {
            if !(1..=3).contains(&r) {
                return Err(Error::InvalidInput(Msg::new(
                    format!("負担割合は1割・2割・3割のどれかです（入力: {r}割）"),
                    format!("The co-payment ratio is 1, 2 or 3 (割), not {r}"),
                )));
            }
        }
        if let Some(a) = self.acquired {
            if a < self.birth {
                return Err(Error::InvalidInput(Msg::new(
                    "資格取得年月日が生年月日より前です",
                    format!("The qualification date ({a}) is before the birth date"),
                )));
            }
        }
        // The rules engine checks every card date against the birth date.
        let mut inputs = self.card_inputs();
        if inputs.issued.is_none() && inputs.cert_expiry.is_none() {
            // compute() needs one of the two; the other dates are still worth checking.
            inputs.cert_expiry = Some(self.birth);
        }
        rules::compute(&inputs)?;
        Ok(())
    }
}

impl Vault {
    pub(super) fn not_found(id: &str) -> Error {
        Error::NotFound(Msg::new(
            format!("メンバー {id} は見つかりません"),
            format!("No member with id {id}"),
        ))
    }

    /// Every member, in the order they were added.
    pub fn list_members(&self) -> Result<Vec<Member>> {
        let _lock = self.lock(LockMode::Shared)?;
        Ok(self.read_members()?.members)
    }

    pub fn get_member(&self, id: &str) -> Result<Member> {
        let _lock = self.lock(LockMode::Shared)?;
        self.read_members()?
            .members
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| Vault::not_found(id))
    }

    /// Validates and adds a member under a new random id, which it returns (`member.id` is
    /// ignored).
    pub fn add_member(&self, mut member: Member) -> Result<String> {
        member.validate()?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        member.id = random_hex(8)?;
        let id = member.id.clone();
        index.members.push(member);
        self.write_members(&mut index)?;
        Ok(id)
    }

    /// Validates and replaces the member with the same id.
    pub fn update_member(&self, mut member: Member) -> Result<()> {
        member.validate()?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let slot = index
            .members
            .iter_mut()
            .find(|m| m.id == member.id)
            .ok_or_else(|| Vault::not_found(&member.id))?;
        member.carry_origins(slot);
        *slot = member;
        self.write_members(&mut index)
    }

    pub fn remove_member(&self, id: &str) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let before = index.members.len();
        index.members.retain(|m| m.id != id);
        if index.members.len() == before {
            return Err(Vault::not_found(id));
        }
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut index.documents)
            .into_iter()
            .partition(|d| d.member_id == id);
        index.documents = kept;
        for d in &gone {
            super::documents::forget_items(&mut index, &d.id);
        }
        self.write_members(&mut index)?;
        for d in gone {
            self.remove_document_items(&d.id);
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The sample insured person of docs/rules.md §2 (also used by the vault's tests).
    pub(crate) fn sample() -> Member {
        Member {
            id: "0123456789abcdef".into(),
            name: "協会 花子".into(),
            kana: Some("キョウカイ ハナコ".into()),
            relation: Relation::Insured,
            birth: d(1965, 10, 1),
            cert_issued: Some(d(2021, 5, 10)),
            insurer_number: Some("01010016".into()),
            symbol: Some("1010101".into()),
            number: Some("1".into()),
            branch: Some("00".into()),
            ratio: Some(3),
            acquired: Some(d(1985, 10, 1)),
            ..Member::default()
        }
    }

    #[test]
    fn an_edited_field_loses_its_from_document_mark() {
        let mut old = sample();
        old.from_document = vec!["name".into(), "insurer_number".into(), "symbol".into()];
        let mut edited = sample();
        edited.symbol = Some("2020202".into());
        edited.carry_origins(&old);
        assert_eq!(edited.from_document, ["name", "insurer_number"]);
        // A fresh import's marks stay, in the fields' order, once each.
        let mut imported = sample();
        imported.from_document = vec!["symbol".into(), "name".into(), "bogus".into()];
        imported.carry_origins(&old);
        assert_eq!(imported.from_document, ["name", "insurer_number", "symbol"]);
    }

    #[test]
    fn debug_shows_no_personal_field() {
        let m = sample();
        let dbg = format!("{m:?} {m:#?}");
        for secret in ["協会", "キョウカイ", "1965", "01010016", "1010101", "2021"] {
            assert!(!dbg.contains(secret), "{secret} in {dbg}");
        }
        assert!(dbg.contains("0123456789abcdef"));
    }

    #[test]
    fn validation() {
        let mut m = sample();
        m.insurer_number = Some("0101 0016".into());
        m.validate().unwrap();
        assert_eq!(m.insurer_number.as_deref(), Some("01010016"));
        let mut bad = sample();
        bad.insurer_number = Some("01010017".into());
        assert_eq!(bad.validate().unwrap_err().kind(), "invalid_insurer_number");
        let mut bad = sample();
        bad.name = "  ".into();
        assert_eq!(bad.validate().unwrap_err().kind(), "invalid_input");
        let mut bad = sample();
        bad.ratio = Some(4);
        assert!(bad.validate().is_err());
        let mut bad = sample();
        bad.cert_issued = None;
        bad.card_expiry = Some(d(1960, 1, 1));
        assert!(bad.validate().is_err());
        assert_eq!(Relation::parse("家族").unwrap(), Relation::Dependent);
        assert!(Relation::parse("友達").is_err());
    }

    #[test]
    fn records_without_the_card_flag_still_load() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json.as_object_mut()
            .unwrap()
            .remove("cert_expiry_from_card");
        let m: Member = serde_json::from_value(json).unwrap();
        assert!(!m.cert_expiry_from_card);
    }

    #[test]
    fn a_date_from_the_card_is_marked_and_checked() {
        let mut m = sample();
        m.set_cert_expiry_from_card(d(2026, 10, 1)).unwrap();
        let t = m.timeline(d(2026, 1, 1)).unwrap().unwrap();
        assert_eq!(t.certificate_expiry_source, crate::rules::DateSource::Card);
        assert!(t.deadlines.iter().any(|x| x.date == d(2026, 10, 1)));
        // A date before the birth date is refused like a typed one.
        assert!(sample().set_cert_expiry_from_card(d(1960, 1, 1)).is_err());
    }

    #[test]
    fn timeline_when_dates_allow() {
        let m = sample();
        let t = m.timeline(d(2026, 1, 1)).unwrap().unwrap();
        assert!(!t.deadlines.is_empty());
        let mut none = sample();
        none.cert_issued = None;
        assert!(none.timeline(d(2026, 1, 1)).unwrap().is_none());
    }
}
