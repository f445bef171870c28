//! The vault's commands: first run, recovery, members.

use hoken_core::family::{self, FamilyStatus, MemberForm, MemberStatus};
use hoken_core::home::{HomeScreen, Launch};
use hoken_core::vault::{Member, RecoveryCode, Vault};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::Result;
use crate::state::{today, AppState};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CreatedVault {
    /// Shown once, in groups of four: `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
    pub recovery_code: String,
}

/// One member for the member screen: the record, the same as a form, and the deadlines.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MemberDetail {
    pub member: Member,
    pub form: MemberForm,
    pub status: MemberStatus,
    /// Each of the member's documents' age, by document id (clinic mode, the member screen).
    pub document_ages: std::collections::BTreeMap<String, hoken_core::freshness::DocumentAge>,
}

/// The UI's first command: the vault's state and, when it is open, the home screen, prepared
/// while the window started (`AppState::prepare_launch`).
#[tauri::command]
pub async fn launch(state: State<'_, AppState>) -> Result<Launch> {
    super::perf_mark("first-command".into());
    state.run(|s| s.take_launch()).await
}

/// Home: the family's status with the newest thumbnails inline.
#[tauri::command]
pub async fn home(state: State<'_, AppState>) -> Result<HomeScreen> {
    state.run(|s| s.home(today())).await
}

#[tauri::command]
pub async fn create_vault(state: State<'_, AppState>) -> Result<CreatedVault> {
    state
        .run(|s| {
            let (vault, code) = Vault::create_with_params(&s.dir, s.keys.as_ref(), s.kdf)?;
            // Kept (encrypted) until written down: the first run need not stop for it.
            vault.hold_recovery_code(&code)?;
            s.set_open(vault);
            Ok(CreatedVault {
                recovery_code: code.reveal().to_string(),
            })
        })
        .await
}

#[tauri::command]
pub async fn recover_vault<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> Result<()> {
    state
        .run(move |s| {
            let code = RecoveryCode::parse(&code)?;
            s.set_open(Vault::recover(&s.dir, &code, s.keys.as_ref())?);
            Ok(())
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

#[tauri::command]
pub async fn family_status(state: State<'_, AppState>) -> Result<FamilyStatus> {
    state
        .run(|s| s.with_vault(|v| family::family_status_of(v, today())))
        .await
}

#[tauri::command]
pub async fn get_member(state: State<'_, AppState>, id: String) -> Result<MemberDetail> {
    state
        .run(move |s| {
            s.with_vault(|v| {
                let member = v.get_member(&id)?;
                let documents = v.documents(&id)?;
                let today = today();
                Ok(MemberDetail {
                    form: MemberForm::from_member(&member),
                    status: MemberStatus::of(&member, today)?
                        .with_documents(&member, &documents, today),
                    document_ages: hoken_core::freshness::document_ages(&member, &documents, today),
                    member,
                })
            })
        })
        .await
}

#[tauri::command]
pub async fn add_member<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: MemberForm,
) -> Result<String> {
    state
        .run(move |s| s.with_vault(|v| v.add_member(form.to_member("")?)))
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

#[tauri::command]
pub async fn update_member<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    form: MemberForm,
) -> Result<()> {
    state
        .run(move |s| s.with_vault(|v| v.update_member(form.to_member(&id)?)))
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

#[tauri::command]
pub async fn remove_member<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<()> {
    state
        .run(move |s| s.with_vault(|v| v.remove_member(&id)))
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

/// The recovery code still to be written down (home asks for it until then), or None.
#[tauri::command]
pub async fn pending_recovery_code(state: State<'_, AppState>) -> Result<Option<String>> {
    state
        .run(|s| s.with_vault(|v| Ok(v.pending_recovery_code()?.map(|c| c.to_string()))))
        .await
}

/// The user typed back group `group` (0-based) of the code: true when it matches (the code
/// is then forgotten and home stops asking).
#[tauri::command]
pub async fn recovery_code_kept(
    state: State<'_, AppState>,
    group: usize,
    typed: String,
) -> Result<bool> {
    state
        .run(move |s| s.with_vault(|v| v.recovery_code_kept(group, &typed)))
        .await
}
