//! Settings: reminder lead times, the "start at login, stay in the tray" option, the calendar
//! export, backups and the recovery-code check.

use hoken_core::reminders::ReminderSettings;
use hoken_core::vault::{import_backup, BackupSecret, ImportMode, RecoveryCode};
use hoken_core::Msg;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::dialog::{self, FileDialog};
use crate::error::{Error, Result};
use crate::state::AppState;

#[tauri::command]
pub async fn reminder_settings(state: State<'_, AppState>) -> Result<ReminderSettings> {
    state
        .run(|s| s.with_vault(|v| Ok(v.wallet_state()?.reminder_settings)))
        .await
}

#[tauri::command]
pub async fn set_reminder_settings<R: Runtime>(
    app: AppHandle<R>,

    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> Result<()> {
    state
        .run(move |s| {
            s.with_vault(|v| {
                let mut w = v.wallet_state()?;
                w.reminder_settings = settings.checked()?;
                v.save_wallet_state(&w)
            })
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

/// The lead times a new wallet starts with ("reset to defaults").
#[tauri::command]
pub fn default_reminder_settings() -> ReminderSettings {
    ReminderSettings::default()
}

/// Whether the app starts at login and stays in the tray (desktop only; always false on
/// phones, where the OS delivers scheduled reminders).
#[tauri::command]
pub fn background_mode<R: Runtime>(app: AppHandle<R>) -> bool {
    #[cfg(desktop)]
    {
        crate::background::tray::enabled(&app)
    }
    #[cfg(mobile)]
    {
        let _ = app;
        false
    }
}

#[tauri::command]
pub fn set_background_mode<R: Runtime>(app: AppHandle<R>, on: bool) -> Result<()> {
    #[cfg(desktop)]
    {
        crate::background::tray::set_enabled(&app, on)
            .map_err(|e| Error::Io(std::io::Error::other(e)))
    }
    #[cfg(mobile)]
    {
        let _ = (app, on);
        Ok(())
    }
}

/// Writes every deadline to a calendar file the user chooses (`hoken-wallet.ics`); the path
/// written, or None when the dialog was cancelled.
#[tauri::command]
pub async fn export_ics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<String>> {
    let title = title.unwrap_or_else(|| "カレンダーに書き出す".into());
    let d = FileDialog {
        title: &title,
        filter_name: "iCalendar (.ics)",
        extensions: &["ics"],
    };
    let Some(path) = dialog::save_file(app, d, "hoken-wallet.ics").await? else {
        return Ok(None);
    };
    state
        .run(move |s| {
            s.with_vault(|v| hoken_core::ics::write_vault(v, &path, chrono::Utc::now()))?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

/// What a backup export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupExported {
    pub path: String,
    pub members: u32,
}

/// What a backup import did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupImported {
    /// Whether the wallet was replaced by the backup (false: merged, or restored into an
    /// empty folder).
    pub replaced: bool,
    pub members_added: u32,
    /// Backup members the wallet already had (merge keeps the wallet's copy).
    pub members_already_present: u32,
    /// Members in the wallet now.
    pub members_total: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes a backup of everything (documents included) to a file the user chooses
/// (`hoken-wallet.hkwb`), encrypted under `secret`: the recovery code (checked against the
/// vault first) or a passphrase of 10+ characters. None when the dialog was cancelled.
#[tauri::command]
pub async fn backup_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    secret: String,
    title: Option<String>,
) -> Result<Option<BackupExported>> {
    // A too-short passphrase is refused before the dialog opens.
    let secret = BackupSecret::from_typed(&secret)?;
    let title = title.unwrap_or_else(|| "バックアップを書き出す".into());
    let d = FileDialog {
        title: &title,
        filter_name: "保険ウォレットのバックアップ (.hkwb)",
        extensions: &["hkwb"],
    };
    let Some(path) = dialog::save_file(app, d, "hoken-wallet.hkwb").await? else {
        return Ok(None);
    };
    state
        .run(move |s| {
            let kdf = s.kdf;
            let done = s.with_vault(|v| v.export_backup(&path, &secret, kdf))?;
            Ok(Some(BackupExported {
                path: done.path.display().to_string(),
                members: count(done.members),
            }))
        })
        .await
}

/// Restores a backup file the user chooses, opened with `secret` (its recovery code or
/// passphrase). `mode`: `merge` adds the members and documents this wallet lacks; `replace`
/// replaces the whole wallet with the backup (the UI asks for confirmation first). None when
/// the dialog was cancelled.
#[tauri::command]
pub async fn backup_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    mode: String,
    secret: String,
    title: Option<String>,
) -> Result<Option<BackupImported>> {
    let mode = ImportMode::from_choice(&mode)?;
    if secret.trim().is_empty() {
        return Err(hoken_core::Error::InvalidInput(Msg::new(
            "回復コードまたはパスフレーズを入力してください",
            "Enter the recovery code or passphrase the backup was made with",
        ))
        .into());
    }
    let title = title.unwrap_or_else(|| "バックアップを読み込む".into());
    let d = FileDialog {
        title: &title,
        filter_name: "保険ウォレットのバックアップ (.hkwb)",
        extensions: &["hkwb"],
    };
    let Some(path) = dialog::pick_file(app.clone(), d).await? else {
        return Ok(None);
    };
    state
        .run(move |s| {
            let (vault, done) = import_backup(&path, &secret, &s.dir, mode, s.keys.as_ref())?;
            let total = vault.list_members()?.len();
            s.set_open(vault);
            Ok(Some(BackupImported {
                replaced: done.mode == ImportMode::Replace,
                members_added: count(done.members_added),
                members_already_present: count(done.members_already_present),
                members_total: count(total),
            }))
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

/// Whether `code` is this wallet's recovery code. Changes nothing. A code that cannot be one
/// (wrong length, a letter it cannot contain) is `invalid_input` saying why.
#[tauri::command]
pub async fn check_recovery_code(state: State<'_, AppState>, code: String) -> Result<bool> {
    state
        .run(move |s| {
            let code = RecoveryCode::parse(&code)?;
            s.with_vault(|v| v.check_recovery_code(&code))
        })
        .await
}
