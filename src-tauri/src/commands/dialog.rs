//! The system's file dialogs, with a seam for tests: WebDriver cannot drive a native dialog, so
//! when `HOKEN_WALLET_SAVE_FILE` (save) or `HOKEN_WALLET_PICK_FILE` (open) is set, that path
//! is used as if the user had chosen it.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};

/// The path a save dialog answers in tests.
pub const SAVE_FILE_ENV: &str = "HOKEN_WALLET_SAVE_FILE";
/// The path an open dialog answers in tests.
pub const PICK_FILE_ENV: &str = "HOKEN_WALLET_PICK_FILE";

/// The path in `var` when it is set and not empty: the dialog is then not shown.
pub fn dialog_override(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// What a dialog shows: its title and one file-type filter.
pub struct FileDialog<'a> {
    pub title: &'a str,
    pub filter_name: &'a str,
    pub extensions: &'a [&'a str],
}

/// Asks where to save (`default_name` filled in); None when cancelled.
pub async fn save_file<R: Runtime>(
    app: AppHandle<R>,
    d: FileDialog<'_>,
    default_name: &str,
) -> Result<Option<PathBuf>> {
    if let Some(path) = dialog_override(SAVE_FILE_ENV) {
        return Ok(Some(path));
    }
    let builder = app
        .dialog()
        .file()
        .set_title(d.title)
        .set_file_name(default_name)
        .add_filter(d.filter_name, d.extensions);
    let picked = tauri::async_runtime::spawn_blocking(move || builder.blocking_save_file())
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// Asks which file to open; None when cancelled.
pub async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    d: FileDialog<'_>,
) -> Result<Option<PathBuf>> {
    if let Some(path) = dialog_override(PICK_FILE_ENV) {
        return Ok(Some(path));
    }
    let builder = app
        .dialog()
        .file()
        .set_title(d.title)
        .add_filter(d.filter_name, d.extensions);
    let picked = tauri::async_runtime::spawn_blocking(move || builder.blocking_pick_file())
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}
