//! The installed package (`make test-package`, scripts/test-package.sh): the release app at
//! `HOKEN_APP=/usr/bin/hoken-wallet` opens its window on the first-run screen and creates a vault
//! in the session's real keyring. Ignored in `make test`, which has no package installed.
//!
//! WebDriver drives a release build too: tauri-driver starts the app with
//! `TAURI_WEBVIEW_AUTOMATION=true`, the variable that lets Tauri's WebKitGTK context accept
//! automation (it is off unless that variable is set, in debug and release builds alike).

use anyhow::ensure;
use hoken_e2e::with_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the installed package: make test-package"]
async fn installed_app_opens_on_the_first_run_screen() {
    let app = std::env::var("HOKEN_APP").unwrap_or_default();
    assert!(
        app.starts_with("/usr/"),
        "HOKEN_APP must name the installed binary (/usr/bin/hoken-wallet), not {app:?}"
    );
    with_app("package_first_run", |app| async move {
        let screen = app.wait_for_visible("first-run").await?;
        ensure!(
            !screen.text().await?.trim().is_empty(),
            "the first-run screen is empty"
        );
        // The real keyring works from the installed app: the first run makes the vault.
        app.first_run().await?;
        app.click("first-member-later").await?;
        let groups = app.keep_code().await?;
        ensure!(!groups.is_empty(), "no recovery code was shown");
        Ok(())
    })
    .await;
}
