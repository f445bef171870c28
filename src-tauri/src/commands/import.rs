//! Importing a qualification screen: pick or drop a file, preview what it says, confirm.
//! The decoded document waits in memory (never on disk) until it is confirmed or discarded.

use hoken_core::family::MemberForm;
use hoken_core::import::{self, Limits};
use hoken_core::intake::{self, IntakePreview, IntakeResult, IntakeTarget};
use hoken_core::vault::DocumentMeta;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::Result;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    /// Names the waiting document: `hoken://localhost/pending/<id>/display` shows it.
    pub preview_id: String,
    /// The file's name (not its folder).
    pub file_name: String,
    pub preview: IntakePreview,
}

/// The system's file dialog, filtered to what the importer reads (PDF, PNG, JPEG, WebP: a
/// document or a picture of a QR code). The chosen file's token (never its path: see
/// [`AppState::grant_file`]), or None when cancelled.
///
/// In test builds (feature `test-seams`) `HOKEN_WALLET_PICK_FILE` answers instead of the
/// dialog (WebDriver cannot drive the system's dialog; see [`super::dialog`]).
#[tauri::command]
pub async fn pick_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let d = super::dialog::FileDialog {
        title: "資格情報画面のファイルを選ぶ",
        filter_name: "PDF・画像",
        extensions: &["pdf", "png", "jpg", "jpeg", "webp"],
    };
    match super::dialog::pick_file(app, d).await? {
        Some(path) => Ok(Some(state.grant_file(path)?)),
        None => Ok(None),
    }
}

/// Reads the file behind `token` (chosen or dropped in this run) and keeps it in memory for
/// the preview.
#[tauri::command]
pub async fn inspect_document(state: State<'_, AppState>, token: String) -> Result<ImportPreview> {
    state
        .run(move |s| {
            let path = s.granted_file(&token)?;
            let doc = import::inspect_path(&path, &Limits::default())?;
            let members = match s.status()?.state {
                hoken_core::vault::session::VaultState::Open => {
                    s.with_vault(|v| v.list_members())?
                }
                _ => Vec::new(),
            };
            let preview = intake::preview(&doc, &members);
            let preview_id = s.hold_pending(doc)?;
            Ok(ImportPreview {
                preview_id,
                file_name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                preview,
            })
        })
        .await
}

/// Stores the waiting document with the fields as the user confirmed them.
#[tauri::command]
pub async fn confirm_import<R: Runtime>(
    app: AppHandle<R>,

    state: State<'_, AppState>,
    preview_id: String,
    form: MemberForm,
    as_of: String,
    target: IntakeTarget,
) -> Result<IntakeResult> {
    state
        .run(move |s| {
            let doc = s.take_pending(&preview_id)?;
            let today = chrono::Local::now().date_naive();
            let stored = s.with_vault(|v| intake::store(v, &doc, &form, &as_of, &target, today));
            if stored.is_err() {
                // Let the user correct the form and try again.
                s.put_back_pending(&preview_id, doc);
            }
            stored
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

#[tauri::command]
pub async fn discard_import(state: State<'_, AppState>, preview_id: String) -> Result<()> {
    state
        .run(move |s| {
            let _ = s.take_pending(&preview_id);
            Ok(())
        })
        .await
}

/// A member's documents, newest first.
#[tauri::command]
pub async fn member_documents(
    state: State<'_, AppState>,
    member_id: String,
) -> Result<Vec<DocumentMeta>> {
    state
        .run(move |s| s.with_vault(|v| v.documents(&member_id)))
        .await
}

#[tauri::command]
pub async fn remove_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<()> {
    state
        .run(move |s| s.with_vault(|v| v.remove_document(&id)))
        .await
        .inspect(|_| crate::background::data_changed(&app))
}
