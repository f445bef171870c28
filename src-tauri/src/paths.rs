//! Where the wallet keeps its data: the same folder for the app and the CLI.

use std::path::{Path, PathBuf};

use hoken_core::{Error, Msg};

/// The app's identifier (tauri.conf.json): Tauri's app-data folder is `<data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "jp.hokenwallet.app";

/// `explicit` (from `--data-dir` or `HOKEN_WALLET_DATA_DIR`), else the OS app-data folder:
/// `~/.local/share/jp.hokenwallet.app` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(d) = explicit {
        return Ok(d.to_path_buf());
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or_else(|| {
            Error::Io(Msg::new(
                "データを保存するフォルダーが見つかりません。--data-dir で指定してください",
                "This system has no app-data folder: choose one with --data-dir",
            ))
        })
}

/// The app reads `HOKEN_WALLET_DATA_DIR` too (tests and portable installs).
pub fn data_dir_from_env() -> Result<PathBuf, Error> {
    let env = std::env::var_os("HOKEN_WALLET_DATA_DIR").filter(|v| !v.is_empty());
    data_dir(env.as_deref().map(Path::new))
}
