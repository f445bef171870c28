//! From an imported document to the vault: the form the user checks (pre-filled from what the
//! importer read), the member it belongs to, and the storing of the document under them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::era::parse_date;
use crate::family::{iso, match_member, MemberForm, MemberMatch};
use crate::import::{FieldReport, FieldState, FieldStatus, Fields, Imported};
use crate::vault::{DocumentKind, DocumentMeta, Member, NewDocument, Vault};
use crate::{Error, Msg, Result};

/// The value to put in the form: the checked value, else the raw text of an invalid field
/// (for the user to correct), else nothing.
fn pick(value: Option<String>, status: &FieldStatus) -> String {
    match (value, status.state) {
        (Some(v), _) => v,
        (None, FieldState::Invalid) => status.raw.clone().unwrap_or_default(),
        (None, _) => String::new(),
    }
}

/// The form the import preview shows, filled with what the document says.
pub fn form_from_fields(f: &Fields, s: &FieldReport) -> MemberForm {
    MemberForm {
        name: pick(f.name.clone(), &s.name),
        kana: pick(f.kana.clone(), &s.kana),
        relation: pick(f.relation.clone(), &s.relation),
        birth: pick(f.birth.map(|d| iso(Some(d))), &s.birth),
        insurer_number: pick(f.insurer_number.clone(), &s.insurer_number),
        insurer_name: pick(f.insurer_name.clone(), &s.insurer_name),
        symbol: pick(f.symbol.clone(), &s.symbol),
        number: pick(f.number.clone(), &s.number),
        branch: pick(f.branch.clone(), &s.branch),
        ratio: pick(f.ratio.clone(), &s.ratio),
        acquired: pick(f.acquired.map(|d| iso(Some(d))), &s.acquired),
        ..MemberForm::default()
    }
}

/// What the preview needs to say about an import before anything is stored.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntakePreview {
    pub kind: DocumentKind,
    pub pages: u32,
    pub width: u32,
    pub height: u32,
    pub fields: Fields,
    pub field_status: FieldReport,
    /// The form pre-filled from the document.
    pub form: MemberForm,
    /// The 時点 date, ISO (empty when not found).
    pub as_of: String,
    /// Whom it belongs to, judged from the fields as read (None when they are not enough to
    /// tell: no name or birth date).
    #[serde(rename = "match")]
    #[ts(rename = "match")]
    pub matched: Option<MemberMatch>,
}

/// The preview of `imported` against the family in `members`.
pub fn preview(imported: &Imported, members: &[Member]) -> IntakePreview {
    let form = form_from_fields(&imported.fields, &imported.field_status);
    let matched = form
        .to_member("")
        .ok()
        .map(|record| match_member(members, &record));
    IntakePreview {
        kind: imported.kind,
        pages: imported.pages,
        width: imported.width,
        height: imported.height,
        fields: imported.fields.clone(),
        field_status: imported.field_status.clone(),
        form,
        as_of: iso(imported.fields.as_of),
        matched,
    }
}

/// Where to store a confirmed import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum IntakeTarget {
    /// Find the member by the record (or add a new one).
    Auto,
    /// This member.
    Member(String),
    /// A new member.
    New,
}

/// What a confirmed import did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntakeResult {
    pub member_id: String,
    pub created: bool,
    /// The record's insurer number differs from the one stored before: "your insurer changed".
    pub insurer_changed: bool,
    pub document: DocumentMeta,
}

/// Writes every non-empty qualification field of `form` over `member` (card dates the user
/// entered stay as they are).
fn overlay(member: &Member, form: &MemberForm) -> MemberForm {
    let mut merged = MemberForm::from_member(member);
    let pairs: [(&String, &mut String); 11] = [
        (&form.name, &mut merged.name),
        (&form.kana, &mut merged.kana),
        (&form.relation, &mut merged.relation),
        (&form.birth, &mut merged.birth),
        (&form.insurer_number, &mut merged.insurer_number),
        (&form.insurer_name, &mut merged.insurer_name),
        (&form.symbol, &mut merged.symbol),
        (&form.number, &mut merged.number),
        (&form.branch, &mut merged.branch),
        (&form.ratio, &mut merged.ratio),
        (&form.acquired, &mut merged.acquired),
    ];
    for (value, slot) in pairs {
        if !value.trim().is_empty() {
            *slot = value.clone();
        }
    }
    for (value, slot) in [
        (&form.cert_issued, &mut merged.cert_issued),
        (&form.cert_expiry, &mut merged.cert_expiry),
        (&form.card_expiry, &mut merged.card_expiry),
        (&form.phone_cert_expiry, &mut merged.phone_cert_expiry),
        (&form.kakunin_expiry, &mut merged.kakunin_expiry),
    ] {
        if !value.trim().is_empty() {
            *slot = value.clone();
        }
    }
    merged
}

/// The fields of the confirmed `form` that hold what the document said (`read`), untouched
/// by the user: they are marked as read from the document.
fn from_document(form: &MemberForm, read: &MemberForm) -> Vec<String> {
    let pairs: [(&str, &String, &String); 11] = [
        ("name", &form.name, &read.name),
        ("kana", &form.kana, &read.kana),
        ("relation", &form.relation, &read.relation),
        ("birth", &form.birth, &read.birth),
        ("insurer_number", &form.insurer_number, &read.insurer_number),
        ("insurer_name", &form.insurer_name, &read.insurer_name),
        ("symbol", &form.symbol, &read.symbol),
        ("number", &form.number, &read.number),
        ("branch", &form.branch, &read.branch),
        ("ratio", &form.ratio, &read.ratio),
        ("acquired", &form.acquired, &read.acquired),
    ];
    pairs
        .into_iter()
        .filter(|(_, typed, read)| !typed.trim().is_empty() && typed.trim() == read.trim())
        .map(|(name, _, _)| name.to_string())
        .collect()
}

/// Width and height from an encoded image's header.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

fn digits(s: Option<&str>) -> Option<String> {
    let d: String = s?.chars().filter(|c| c.is_ascii_digit()).collect();
    (!d.is_empty()).then_some(d)
}

/// Stores a confirmed import: updates or adds the member from the (user-checked) form, then
/// adds the document under them. `as_of` is the 時点 date as the user confirmed it (ISO or era;
/// empty = unknown).
pub fn store(
    vault: &Vault,
    imported: &Imported,
    form: &MemberForm,
    as_of: &str,
    target: &IntakeTarget,
    today: NaiveDate,
) -> Result<IntakeResult> {
    let as_of = match as_of.trim() {
        "" => None,
        s => Some(parse_date(s).map_err(|e| crate::checker::in_field(e, "時点", "as-of date"))?),
    };
    // For a named member the form only adds to their record; otherwise it must be a record.
    let existing = match target {
        IntakeTarget::New => None,
        IntakeTarget::Member(id) => Some(vault.get_member(id)?),
        IntakeTarget::Auto => {
            let record = form.to_member("")?;
            let members = vault.list_members()?;
            match match_member(&members, &record) {
                MemberMatch::Existing { id, .. } => members.into_iter().find(|m| m.id == id),
                MemberMatch::New => None,
            }
        }
    };
    let new_insurer = digits(Some(form.insurer_number.as_str()));
    let marks = from_document(
        form,
        &form_from_fields(&imported.fields, &imported.field_status),
    );
    let (member_id, created, insurer_changed) = match existing {
        Some(m) => {
            let changed = match (digits(m.insurer_number.as_deref()), new_insurer.clone()) {
                (Some(a), Some(b)) => a != b,
                _ => false,
            };
            let mut updated = overlay(&m, form).to_member(&m.id)?;
            updated.from_document = marks;
            vault.update_member(updated)?;
            (m.id, false, changed)
        }
        None => {
            let mut added = form.to_member("")?;
            added.from_document = marks;
            (vault.add_member(added)?, true, false)
        }
    };
    let kind = imported.kind;
    let (tw, th) = image_size(&imported.thumbnail).unwrap_or((imported.width, imported.height));
    let document = vault.add_document(
        &member_id,
        NewDocument {
            kind,
            original: &imported.original,
            original_mime: imported.original_mime.as_str(),
            display: &imported.display,
            display_mime: imported.display_mime.as_str(),
            thumbnail: &imported.thumbnail,
            thumbnail_mime: "image/jpeg",
            pages: imported.pages,
            width: imported.width,
            height: imported.height,
            thumb_width: tw,
            thumb_height: th,
            as_of,
            insurer_number: new_insurer,
        },
        today,
    )?;
    Ok(IntakeResult {
        member_id,
        created,
        insurer_changed,
        document,
    })
}

/// The fields without those text recognition is not sure of (no one confirmed them).
fn sure_fields(f: &Fields, s: &FieldReport) -> Fields {
    let keep = |status: &FieldStatus| status.state != FieldState::Unsure;
    Fields {
        insurer_number: f.insurer_number.clone().filter(|_| keep(&s.insurer_number)),
        insurer_name: f.insurer_name.clone().filter(|_| keep(&s.insurer_name)),
        symbol: f.symbol.clone().filter(|_| keep(&s.symbol)),
        number: f.number.clone().filter(|_| keep(&s.number)),
        branch: f.branch.clone().filter(|_| keep(&s.branch)),
        name: f.name.clone().filter(|_| keep(&s.name)),
        kana: f.kana.clone().filter(|_| keep(&s.kana)),
        birth: f.birth.filter(|_| keep(&s.birth)),
        relation: f.relation.clone().filter(|_| keep(&s.relation)),
        ratio: f.ratio.clone().filter(|_| keep(&s.ratio)),
        acquired: f.acquired.filter(|_| keep(&s.acquired)),
        as_of: f.as_of.filter(|_| keep(&s.as_of)),
    }
}

/// For callers that have no form: the document's own fields, which must name the member. A
/// value text recognition is not sure of is left out (nobody confirmed it).
pub fn store_as_read(
    vault: &Vault,
    imported: &Imported,
    target: &IntakeTarget,
    today: NaiveDate,
) -> Result<IntakeResult> {
    let fields = sure_fields(&imported.fields, &imported.field_status);
    let form = form_from_fields(&fields, &imported.field_status);
    if matches!(target, IntakeTarget::Auto | IntakeTarget::New)
        && (form.name.trim().is_empty() || form.birth.trim().is_empty())
    {
        return Err(Error::InvalidInput(Msg::new(
            "書類から氏名と生年月日を読み取れませんでした。保存先のメンバーを指定してください",
            "The document does not show a readable name and birth date: name the member to store it under",
        )));
    }
    store(vault, imported, &form, &iso(fields.as_of), target, today)
}
