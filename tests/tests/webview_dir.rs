//! The webview has a data folder of its own (issue #16): a first launch leaves the vault
//! folder — the OS's default app-data folder — free of WebKit's files, a backup then restores
//! into it without `--replace`, and WebKit files an earlier version left there move out at
//! the next launch.
//!
//! Runs inside `scripts/with-session.sh` (the CLI and the app share its keyring).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{ensure, Context, Result};
use hoken_e2e::{app_binary, cli, with_app_in, XDG_DATA_HOME_ENV};

/// What WebKitGTK writes into its data folder.
const WEBKIT: &[&str] = &[
    "WebKitCache",
    "CacheStorage",
    "storage",
    "localstorage",
    "databases",
    "indexeddb",
    "mediakeys",
    "cookies",
    "hsts-storage.sqlite",
];

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn webkit_files(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| WEBKIT.contains(&n.as_str()))
        .collect()
}

/// `hoken-wallet --data-dir DIR ARGS…` with `stdin`; its standard output.
fn cli_with(dir: &Path, args: &[&str], stdin: &str) -> Result<String> {
    let mut child = Command::new(app_binary()?)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(stdin.as_bytes())?;
    let out = child.wait_with_output()?;
    ensure!(
        out.status.success(),
        "hoken-wallet {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vault_folder_holds_no_webkit_files() {
    let tmp = tempfile::Builder::new()
        .prefix("hoken-e2e-webview-")
        .tempdir()
        .expect("temp dir");
    let xdg_data = tmp.path().join("xdg-data");
    // The OS's default data folder under that XDG_DATA_HOME: the vault folder, and (before
    // this fix) Tauri's default folder for WebKit's data too.
    let vault: PathBuf = xdg_data.join("jp.hokenwallet.app");
    std::fs::create_dir_all(&xdg_data).expect("mkdir");
    std::env::set_var(XDG_DATA_HOME_ENV, &xdg_data);

    let seen = vault.clone();
    with_app_in(
        "webview_dir_first_launch",
        Some(vault.clone()),
        |app| async move {
            app.wait_for_visible("start").await?;
            let found = webkit_files(&seen);
            ensure!(
                found.is_empty(),
                "WebKit's files in the vault folder after a first launch: {found:?}"
            );
            Ok(())
        },
    )
    .await;
    let found = webkit_files(&vault);
    assert!(
        found.is_empty(),
        "after quitting: {found:?} in {}",
        vault.display()
    );

    // A backup made elsewhere restores into this fresh install without --merge/--replace.
    let other = tmp.path().join("other");
    let code: serde_json::Value =
        serde_json::from_str(&cli(&other, &["init", "--json"]).expect("init")).expect("JSON");
    let code = code["recovery_code"].as_str().expect("a code").to_string();
    cli_with(
        &other,
        &["member", "add", "--from-json", "-"],
        r#"{"name": "協会 花子", "birth": "1967-03-15"}"#,
    )
    .expect("member added");
    let backup = tmp.path().join("wallet.hkwb");
    cli_with(
        &other,
        &["backup", "export", backup.to_str().expect("utf-8")],
        &format!("{code}\n"),
    )
    .expect("backup written");
    cli_with(
        &vault,
        &["backup", "import", backup.to_str().expect("utf-8")],
        &format!("{code}\n"),
    )
    .expect("restored into a fresh install without flags");
    let list = cli(&vault, &["member", "list", "--json"]).expect("list");
    assert!(list.contains("協会 花子"), "{list}");

    // Files an earlier version's webview left in the vault folder move out at launch.
    std::fs::create_dir_all(vault.join("WebKitCache/Version 16")).expect("mkdir");
    std::fs::create_dir_all(vault.join("storage")).expect("mkdir");
    std::fs::write(vault.join("hsts-storage.sqlite"), b"SQLite format 3\0").expect("write");
    let seen = vault.clone();
    with_app_in("webview_dir_moved", Some(vault.clone()), |app| async move {
        app.wait_for_visible("member-card").await?;
        let found = webkit_files(&seen);
        ensure!(found.is_empty(), "left in the vault folder: {found:?}");
        Ok(())
    })
    .await;
    std::env::remove_var(XDG_DATA_HOME_ENV);
    let left = entries(&vault);
    assert!(
        left.iter()
            .all(|n| ["items", "vault.json", "vault.lock"].contains(&n.as_str())),
        "the vault folder holds {left:?}"
    );
}
