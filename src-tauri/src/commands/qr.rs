//! Sharing a member's record as a QR code, and receiving one.

use hoken_core::family::{match_member, MemberForm, MemberMatch};
use hoken_core::intake::IntakeTarget;
use hoken_core::qr::{self, QrRecord};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::Result;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct QrShare {
    /// The code as SVG (quiet zone kept), for an <img src="data:image/svg+xml,…">.
    pub svg: String,
    /// The lock code to read out to the receiver (when locked).
    pub code: Option<String>,
    pub version: i16,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct QrReceived {
    pub record: QrRecord,
    /// The record as a member form, for the receiver to check (and correct) before storing.
    pub form: MemberForm,
    #[serde(rename = "match")]
    #[ts(rename = "match")]
    pub matched: MemberMatch,
}

/// The QR code of a member's record (fields only, never the image), optionally locked with a
/// new code the sender reads out.
#[tauri::command]
pub async fn qr_share(
    state: State<'_, AppState>,
    member_id: String,
    lock: bool,
) -> Result<QrShare> {
    state
        .run(move |s| {
            s.with_vault(|v| {
                let member = v.get_member(&member_id)?;
                let as_of = v.documents(&member_id)?.first().and_then(|d| d.as_of);
                let record = QrRecord::from_member(&member, as_of)?;
                let code = if lock {
                    Some(qr::generate_code()?)
                } else {
                    None
                };
                let text = qr::encode(&record, code.as_ref().map(|c| c.as_str()))?;
                Ok(QrShare {
                    svg: qr::render_svg(&text)?,
                    version: qr::qr_version(&text)?,
                    code: code.map(|c| c.to_string()),
                })
            })
        })
        .await
}

/// Reads a QR code from a picture (or text) file, the one behind `token` (chosen or dropped
/// in this run). A locked code without `code` is refused with kind `wrong_code`: ask for the
/// code and call again.
#[tauri::command]
pub async fn qr_read(
    state: State<'_, AppState>,
    token: String,
    code: Option<String>,
) -> Result<QrReceived> {
    state
        .run(move |s| {
            let text = qr::text_from_file(&s.granted_file(&token)?)?;
            let record = qr::decode(&text, code.as_deref())?;
            let members = s.with_vault(|v| v.list_members())?;
            Ok(QrReceived {
                matched: match_member(&members, &record.to_member()),
                form: record.to_form(),
                record,
            })
        })
        .await
}

/// Stores a received record (after the user confirmed it). Where: `target` when given
/// (`auto` = the matching member or a new one, `member` = that member, `new` = a new member
/// even when one matches), else `member_id`, else the matching member or a new one.
/// `form`: the person and qualification fields as the user confirmed (and perhaps corrected)
/// them; the card's dates stay as received. Returns the member id.
#[tauri::command]
pub async fn qr_store<R: Runtime>(
    app: AppHandle<R>,

    state: State<'_, AppState>,
    token: String,
    code: Option<String>,
    member_id: Option<String>,
    target: Option<IntakeTarget>,
    form: Option<MemberForm>,
) -> Result<String> {
    state
        .run(move |s| {
            let text = qr::text_from_file(&s.granted_file(&token)?)?;
            let mut record = qr::decode(&text, code.as_deref())?;
            if let Some(form) = &form {
                record = record.with_form(form)?;
            }
            let target = target.unwrap_or(match member_id {
                Some(id) => IntakeTarget::Member(id),
                None => IntakeTarget::Auto,
            });
            s.with_vault(|v| qr::store_to(v, &record, &target))
                .map(|(id, _)| id)
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}
