//! The record a QR code carries, and how a received one is stored.

use super::*;

/// One member's record as a QR code carries it. Dates are ISO `YYYY-MM-DD`; absent values
/// are `null`. `Debug` shows which fields are filled in, never their values.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QrRecord {
    /// 氏名.
    pub name: String,
    /// フリガナ.
    pub kana: Option<String>,
    pub relation: Relation,
    pub birth: NaiveDate,
    /// 保険者番号.
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
    /// The day the sender vouches for the record (optional).
    pub as_of: Option<NaiveDate>,
    /// 電子証明書の有効期限 (printed, or computed by the sender's rules engine).
    pub cert_expiry: Option<NaiveDate>,
    /// 猶予期間の終了: the card's last usable day after the certificate expired.
    pub grace_end: Option<NaiveDate>,
    /// カードの有効期限.
    pub card_expiry: Option<NaiveDate>,
    /// 資格確認書の有効期限.
    pub kakunin_expiry: Option<NaiveDate>,
}

impl std::fmt::Debug for QrRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = |o: bool| if o { "<set>" } else { "<none>" };
        f.debug_struct("QrRecord")
            .field("name", &"<redacted>")
            .field("kana", &filled(self.kana.is_some()))
            .field("relation", &self.relation)
            .field("birth", &"<redacted>")
            .field("insurer_number", &filled(self.insurer_number.is_some()))
            .field("insurer_name", &filled(self.insurer_name.is_some()))
            .field("symbol", &filled(self.symbol.is_some()))
            .field("number", &filled(self.number.is_some()))
            .field("branch", &filled(self.branch.is_some()))
            .field("ratio", &filled(self.ratio.is_some()))
            .field("acquired", &filled(self.acquired.is_some()))
            .field("as_of", &filled(self.as_of.is_some()))
            .field("cert_expiry", &filled(self.cert_expiry.is_some()))
            .field("grace_end", &filled(self.grace_end.is_some()))
            .field("card_expiry", &filled(self.card_expiry.is_some()))
            .field("kakunin_expiry", &filled(self.kakunin_expiry.is_some()))
            .finish()
    }
}

impl QrRecord {
    /// The record of `m`, with the card's deadlines from the rules engine when the member has
    /// an issue date or a certificate expiry (else the printed card expiry, if any).
    pub fn from_member(m: &Member, as_of: Option<NaiveDate>) -> Result<QrRecord> {
        let dates = if m.cert_issued.is_some() || m.cert_expiry.is_some() {
            Some(rules::compute(&m.card_inputs())?)
        } else {
            None
        };
        Ok(QrRecord {
            name: m.name.clone(),
            kana: m.kana.clone(),
            relation: m.relation,
            birth: m.birth,
            insurer_number: m.insurer_number.clone(),
            insurer_name: m.insurer_name.clone(),
            symbol: m.symbol.clone(),
            number: m.number.clone(),
            branch: m.branch.clone(),
            ratio: m.ratio,
            acquired: m.acquired,
            as_of,
            cert_expiry: dates.as_ref().map(|d| d.certificate_expiry),
            grace_end: dates.as_ref().map(|d| d.grace_end),
            card_expiry: dates.as_ref().and_then(|d| d.card_expiry).or(m.card_expiry),
            kakunin_expiry: m.kakunin_expiry,
        })
    }

    /// A new member (empty id) holding the record. The deadlines become the member's printed
    /// dates, so the receiver's rules engine gives the same grace end; `as_of` is not kept.
    pub fn to_member(&self) -> Member {
        Member {
            id: String::new(),
            name: self.name.clone(),
            kana: self.kana.clone(),
            relation: self.relation,
            birth: self.birth,
            cert_issued: None,
            cert_expiry: self.cert_expiry,
            card_expiry: self.card_expiry,
            phone_cert_expiry: None,
            kakunin_expiry: self.kakunin_expiry,
            insurer_number: self.insurer_number.clone(),
            insurer_name: self.insurer_name.clone(),
            symbol: self.symbol.clone(),
            number: self.number.clone(),
            branch: self.branch.clone(),
            ratio: self.ratio,
            acquired: self.acquired,
            // A date received from another wallet was not read from a card here.
            cert_expiry_from_card: false,
            from_document: Vec::new(),
        }
    }

    /// The record as a member form (dates ISO), for the receiver to check before storing.
    pub fn to_form(&self) -> crate::family::MemberForm {
        crate::family::MemberForm::from_member(&self.to_member())
    }

    /// The record with the person and qualification fields as the user confirmed them in
    /// `form` (氏名, フリガナ, 区分, 生年月日, 保険者番号・名称, 記号, 番号, 枝番, 負担割合,
    /// 資格取得年月日; an empty field clears it). The card's dates and `as_of` stay as
    /// received. The form is checked as a member form is (dates, check digit, ratio).
    pub fn with_form(&self, form: &crate::family::MemberForm) -> Result<QrRecord> {
        let m = form.to_member("")?;
        Ok(QrRecord {
            name: m.name,
            kana: m.kana,
            relation: m.relation,
            birth: m.birth,
            insurer_number: m.insurer_number,
            insurer_name: m.insurer_name,
            symbol: m.symbol,
            number: m.number,
            branch: m.branch,
            ratio: m.ratio,
            acquired: m.acquired,
            ..self.clone()
        })
    }

    /// Updates an existing member (the one [`crate::family::match_member`] found) from the
    /// record: the qualification fields the record has (保険者番号・名称, 記号, 番号, 枝番,
    /// 負担割合, 資格取得年月日) replace the member's; the kana and the card's dates only fill
    /// what the member lacks (a member with an issue date keeps computing its own). The name,
    /// the birth date and the relation never change.
    pub fn apply_to(&self, m: &mut Member) {
        let replace = |slot: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                slot.clone_from(v);
            }
        };
        replace(&mut m.insurer_number, &self.insurer_number);
        replace(&mut m.insurer_name, &self.insurer_name);
        replace(&mut m.symbol, &self.symbol);
        replace(&mut m.number, &self.number);
        replace(&mut m.branch, &self.branch);
        if self.ratio.is_some() {
            m.ratio = self.ratio;
        }
        if self.acquired.is_some() {
            m.acquired = self.acquired;
        }
        if m.kana.is_none() {
            m.kana.clone_from(&self.kana);
        }
        if m.cert_issued.is_none() {
            m.cert_expiry = m.cert_expiry.or(self.cert_expiry);
            m.card_expiry = m.card_expiry.or(self.card_expiry);
        }
        m.kakunin_expiry = m.kakunin_expiry.or(self.kakunin_expiry);
    }
}

/// Stores a received record: under `target` if given, else under the member it matches
/// (see [`crate::family::match_member`]), else as a new member. Returns the member id and
/// whether it was added.
pub fn store(
    vault: &crate::vault::Vault,
    record: &QrRecord,
    target: Option<&str>,
) -> Result<(String, bool)> {
    use crate::intake::IntakeTarget;
    let target = match target {
        Some(id) => IntakeTarget::Member(id.to_string()),
        None => IntakeTarget::Auto,
    };
    store_to(vault, record, &target)
}

/// As [`store`], with the receiver's choice: the matching member or a new one (`Auto`), this
/// member, or a new member even when one matches.
pub fn store_to(
    vault: &crate::vault::Vault,
    record: &QrRecord,
    target: &crate::intake::IntakeTarget,
) -> Result<(String, bool)> {
    use crate::family::{match_member, MemberMatch};
    use crate::intake::IntakeTarget;
    let found = match target {
        IntakeTarget::Member(id) => MemberMatch::Existing {
            id: id.clone(),
            insurer_changed: false,
        },
        IntakeTarget::New => MemberMatch::New,
        IntakeTarget::Auto => match_member(&vault.list_members()?, &record.to_member()),
    };
    match found {
        MemberMatch::New => Ok((vault.add_member(record.to_member())?, true)),
        MemberMatch::Existing { id, .. } => {
            let mut m = vault.get_member(&id)?;
            record.apply_to(&mut m);
            vault.update_member(m)?;
            Ok((id, false))
        }
    }
}
