//! The My Number Card: read the certificate's expiry (no PIN) for the member form and the
//! member screen. Desktops use the PC/SC reader (crate::card), phones NFC (crate::nfc).

use hoken_core::card::CardRead;
#[cfg(mobile)]
use tauri::{AppHandle, Runtime};

use crate::error::Result;

/// The IC card readers connected now; empty when there is none (the UI then offers no
/// 「カードから読み取る」). On phones: whether NFC is there, as one pseudo-reader.
#[cfg(desktop)]
#[tauri::command]
pub async fn card_readers() -> Result<Vec<String>> {
    tauri::async_runtime::spawn_blocking(crate::card::readers)
        .await
        .map_err(|e| crate::error::Error::Io(std::io::Error::other(e)))
}

/// Waits for the card (up to 30 seconds) and reads its certificate's expiry; stores
/// nothing (the form or the member screen saves it).
#[cfg(desktop)]
#[tauri::command]
pub async fn card_read() -> Result<CardRead> {
    tauri::async_runtime::spawn_blocking(|| {
        crate::card::read(crate::card::DEFAULT_WAIT, &mut || {})
    })
    .await
    .map_err(|e| crate::error::Error::Io(std::io::Error::other(e)))?
}

#[cfg(mobile)]
#[tauri::command]
pub async fn card_readers<R: Runtime>(app: AppHandle<R>) -> Result<Vec<String>> {
    Ok(crate::nfc::readers(&app))
}

#[cfg(mobile)]
#[tauri::command]
pub async fn card_read<R: Runtime>(app: AppHandle<R>) -> Result<CardRead> {
    tauri::async_runtime::spawn_blocking(move || crate::nfc::read(&app))
        .await
        .map_err(|e| crate::error::Error::Io(std::io::Error::other(e)))?
}
