//! Settings: reminder lead times and the "start at login, stay in the tray" option.

use hoken_core::reminders::ReminderSettings;
use tauri::{AppHandle, Runtime, State};

use crate::error::{Error, Result};
use crate::state::AppState;

#[tauri::command]
pub async fn reminder_settings(state: State<'_, AppState>) -> Result<ReminderSettings> {
    state
        .run(|s| s.with_vault(|v| Ok(v.wallet_state()?.reminder_settings)))
        .await
}

#[tauri::command]
pub async fn set_reminder_settings(
    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> Result<()> {
    state
        .run(move |s| {
            s.with_vault(|v| {
                let mut w = v.wallet_state()?;
                w.reminder_settings = settings;
                v.save_wallet_state(&w)
            })
        })
        .await
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
