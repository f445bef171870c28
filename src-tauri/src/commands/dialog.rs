//! The system's file dialogs, with a seam for tests: WebDriver cannot drive a native dialog, so
//! when `HOKEN_WALLET_SAVE_FILE` (save) or `HOKEN_WALLET_PICK_FILE` (open) is set, that path
//! is used as if the user had chosen it. The seam exists only with the cargo feature
//! `test-seams`, which the test build enables (the dev-dependency on this crate) and a
//! release build does not: the shipped app always asks the user.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};

/// The path a save dialog answers in tests.
#[cfg(feature = "test-seams")]
pub const SAVE_FILE_ENV: &str = "HOKEN_WALLET_SAVE_FILE";
/// The path an open dialog answers in tests.
#[cfg(feature = "test-seams")]
pub const PICK_FILE_ENV: &str = "HOKEN_WALLET_PICK_FILE";

/// Whether this build has the dialogs' test seam (feature `test-seams`).
pub const TEST_SEAMS: bool = cfg!(feature = "test-seams");

/// Test builds: the path in the seam's variable when it is set and not empty (the dialog is
/// then not shown).
#[cfg(feature = "test-seams")]
fn save_override() -> Option<PathBuf> {
    env_path(SAVE_FILE_ENV)
}

#[cfg(feature = "test-seams")]
fn pick_override() -> Option<PathBuf> {
    env_path(PICK_FILE_ENV)
}

#[cfg(feature = "test-seams")]
fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Release builds: the dialog always asks.
#[cfg(not(feature = "test-seams"))]
fn save_override() -> Option<PathBuf> {
    None
}

#[cfg(not(feature = "test-seams"))]
fn pick_override() -> Option<PathBuf> {
    None
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
    if let Some(path) = save_override() {
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
    if let Some(path) = pick_override() {
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
