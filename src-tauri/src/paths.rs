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

/// Where the webview (WebKitGTK) keeps its own data — caches, `localStorage` (the language
/// choice), HSTS — on Linux: `$XDG_STATE_HOME/jp.hokenwallet.app/webview`
/// (`~/.local/state/…`). Never the vault folder: Tauri's default there is the app-data folder,
/// the vault's own, which then held WebKit's files and was "not empty" for a restore. Other
/// systems keep the default, which is not the vault folder (`%LOCALAPPDATA%` on Windows,
/// WebKit's own folder on macOS): `None`.
pub fn webview_dir() -> Option<PathBuf> {
    if cfg!(target_os = "linux") {
        dirs::state_dir().map(|d| d.join(APP_IDENTIFIER).join("webview"))
    } else {
        None
    }
}

/// What WebKitGTK writes into its data folder: found in the vault folder, it was left there by
/// an earlier version of the app.
pub const WEBKIT_LEFTOVERS: &[&str] = &[
    "WebKitCache",
    "CacheStorage",
    "storage",
    "localstorage",
    "databases",
    "indexeddb",
    "mediakeys",
    "serviceworkers",
    "deviceidhashsalts",
    "cookies",
    "hsts-storage.sqlite",
    "hsts-storage.sqlite-journal",
    "hsts-storage.sqlite-wal",
    "hsts-storage.sqlite-shm",
];

/// Moves WebKit's files that an earlier version left in the vault folder `vault` into the
/// webview's own folder `webview` (deleting them where that folder already has its own);
/// returns the names moved or removed. Vault files are never touched: only the names in
/// [`WEBKIT_LEFTOVERS`] are, only in the OS's default data folder (a folder given with
/// `--data-dir` was never WebKit's), and only when WebKit's own unmistakable files are there.
pub fn move_webview_leftovers(vault: &Path, webview: &Path) -> Vec<String> {
    if data_dir(None).ok().as_deref() != Some(vault) {
        return Vec::new();
    }
    move_leftovers(vault, webview)
}

fn move_leftovers(vault: &Path, webview: &Path) -> Vec<String> {
    let mut moved = Vec::new();
    let signed = ["WebKitCache", "CacheStorage", "hsts-storage.sqlite"]
        .iter()
        .any(|n| std::fs::symlink_metadata(vault.join(n)).is_ok());
    if !signed {
        return moved;
    }
    for name in WEBKIT_LEFTOVERS {
        let from = vault.join(name);
        if std::fs::symlink_metadata(&from).is_err() {
            continue;
        }
        let to = webview.join(name);
        let done = if std::fs::symlink_metadata(&to).is_ok() {
            remove_any(&from)
        } else {
            std::fs::create_dir_all(webview)
                .and_then(|()| std::fs::rename(&from, &to))
                // Another file system: the webview rebuilds its caches, so drop them.
                .or_else(|_| remove_any(&from))
        };
        if done.is_ok() {
            moved.push((*name).to_string());
        }
    }
    moved
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_move_out_of_the_vault_folder_and_vault_files_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("vault");
        let web = tmp.path().join("state/webview");
        std::fs::create_dir_all(vault.join("items")).unwrap();
        std::fs::create_dir_all(vault.join("WebKitCache/Version 16")).unwrap();
        std::fs::create_dir_all(vault.join("storage")).unwrap();
        std::fs::write(vault.join("storage/lang"), b"ja").unwrap();
        std::fs::write(vault.join("hsts-storage.sqlite"), b"x").unwrap();
        std::fs::write(vault.join("vault.json"), b"{}").unwrap();
        std::fs::write(vault.join("items/members.bin"), b"HKWV").unwrap();
        // The webview folder already has its own CacheStorage: the old one is dropped.
        std::fs::create_dir_all(vault.join("CacheStorage")).unwrap();
        std::fs::create_dir_all(web.join("CacheStorage")).unwrap();

        // Not the default data folder: nothing is moved.
        assert!(move_webview_leftovers(&vault, &web).is_empty());
        let mut moved = move_leftovers(&vault, &web);
        moved.sort();
        assert_eq!(
            moved,
            [
                "CacheStorage",
                "WebKitCache",
                "hsts-storage.sqlite",
                "storage"
            ]
        );
        let mut left: Vec<_> = std::fs::read_dir(&vault)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["items", "vault.json"]);
        assert_eq!(std::fs::read(web.join("storage/lang")).unwrap(), b"ja");
        assert!(web.join("WebKitCache/Version 16").is_dir());
        assert!(move_leftovers(&vault, &web).is_empty());
        // A folder without WebKit's own files keeps a "storage" of its own.
        std::fs::create_dir_all(vault.join("storage")).unwrap();
        assert!(move_leftovers(&vault, &web).is_empty());
        assert!(vault.join("storage").is_dir());
    }
}
