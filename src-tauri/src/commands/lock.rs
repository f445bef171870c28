//! The app lock's commands: the lock screen, settings, auto-lock and the counter lock.

use hoken_core::autolock::{self, LockReason};
use hoken_core::home::Launch;
use hoken_core::vault::{Pin, PinStatus};
use tauri::{AppHandle, Runtime, State};

use crate::error::Result;
use crate::state::{today, AppState};

/// Locks the app (if its lock is on) and tells the UI.
pub fn lock_app<R: Runtime>(app: &AppHandle<R>, state: &AppState, reason: LockReason) {
    if state.blocking(|s| Ok(s.lock_now())).unwrap_or(false) {
        crate::ipc::APP_LOCKED_EVENT.emit(app, &reason);
    }
}

/// Whether the lock is on, and the wait before the next PIN.
#[tauri::command]
pub async fn lock_status(state: State<'_, AppState>) -> Result<PinStatus> {
    state.run(|s| s.pin_status()).await
}

/// Opens the vault with the PIN; answers like `launch` (the vault's state and home).
#[tauri::command]
pub async fn unlock<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pin: String,
) -> Result<Launch> {
    state
        .run(move |s| {
            s.unlock(&pin)?;
            s.launch(today())
        })
        .await
        .inspect(|_| crate::background::data_changed(&app))
}

/// Locks now (the lock button, leaving clinic mode). Returns whether it locked (the lock on).
#[tauri::command]
pub async fn lock_now(state: State<'_, AppState>) -> Result<bool> {
    state.run(|s| Ok(s.lock_now())).await
}

/// Turns the lock on with a new PIN.
#[tauri::command]
pub async fn set_pin(state: State<'_, AppState>, pin: String) -> Result<()> {
    state
        .run(move |s| {
            let pin = Pin::parse(&pin)?;
            let kdf = s.pin_kdf();
            let keys = s.keys.clone();
            s.with_vault_mut(|v| v.set_pin(&pin, kdf, keys.as_ref()))?;
            s.touch();
            Ok(())
        })
        .await
}

/// Changes the PIN: the current one is checked (a counted attempt) first.
#[tauri::command]
pub async fn change_pin(state: State<'_, AppState>, current: String, pin: String) -> Result<()> {
    state
        .run(move |s| {
            let new = Pin::parse(&pin)?;
            let vault = s.verify_pin(&current)?;
            vault.change_pin(&new, s.pin_kdf())?;
            // A PIN kept for biometric unlock is the old one now.
            let _ = std::fs::remove_file(s.dir.join(super::biometric::BIOMETRIC_FILE));
            s.set_open(vault);
            Ok(())
        })
        .await
}

/// Turns the lock off: the current PIN is checked first.
#[tauri::command]
pub async fn remove_pin(state: State<'_, AppState>, current: String) -> Result<()> {
    state
        .run(move |s| {
            let mut vault = s.verify_pin(&current)?;
            vault.remove_pin(s.keys.as_ref())?;
            let _ = std::fs::remove_file(s.dir.join(super::biometric::BIOMETRIC_FILE));
            s.set_open(vault);
            Ok(())
        })
        .await
}

/// The idle minutes before the app locks itself.
#[tauri::command]
pub async fn lock_idle_minutes(state: State<'_, AppState>) -> Result<u32> {
    state
        .run(|s| {
            s.with_vault(|v| {
                Ok(v.wallet_state()?
                    .lock_idle_minutes
                    .unwrap_or(autolock::DEFAULT_IDLE_MINUTES))
            })
        })
        .await
}

#[tauri::command]
pub async fn set_lock_idle_minutes(state: State<'_, AppState>, minutes: u32) -> Result<()> {
    state
        .run(move |s| {
            let minutes = autolock::checked_minutes(minutes)?;
            s.with_vault(|v| {
                let mut st = v.wallet_state()?;
                st.lock_idle_minutes = Some(minutes);
                v.save_wallet_state(&st)
            })?;
            s.set_idle_minutes(Some(minutes));
            Ok(())
        })
        .await
}

/// The user did something in the window (sent at most every few seconds).
#[tauri::command]
pub fn user_active(state: State<'_, AppState>) {
    let _ = state.blocking(|s| {
        s.touch();
        Ok(())
    });
}
