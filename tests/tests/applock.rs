//! The app lock in the real app (issue #15), with the real keyring: a PIN set in settings →
//! reopening shows the lock screen → a wrong PIN shows `pin-error` → the right PIN shows home;
//! the counter lock (clinic mode → 閉じる → the lock screen); the screen saver's D-Bus signal
//! locks; and the auto-lock after a short idle time (a test-only variable).
//!
//! Runs inside `scripts/with-session.sh` (a private, unlocked gnome-keyring and session bus).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use hoken_e2e::{cli, testid, with_app_in, App};

const PIN: &str = "246810";

fn prepare() -> Result<(tempfile::TempDir, PathBuf)> {
    let keep = tempfile::Builder::new()
        .prefix("hoken-e2e-applock-")
        .tempdir()?;
    let dir = keep.path().join("wallet");
    std::fs::create_dir_all(&dir)?;
    cli(&dir, &["init", "--json"])?;
    cli(
        &dir,
        &[
            "member",
            "add",
            "--name",
            "協会 太郎",
            "--birth",
            "昭和40年10月1日",
            "--insurer-number",
            "01010016",
        ],
    )?;
    Ok((keep, dir))
}

/// Types `pin` on the lock screen and opens.
async fn enter_pin(app: &App, pin: &str) -> Result<()> {
    app.wait_for_visible("lock-screen").await?;
    app.fill("pin-input", pin).await?;
    app.click("pin-submit").await
}

async fn unlock_to_home(app: &App) -> Result<()> {
    enter_pin(app, PIN).await?;
    let card = app.wait_for_visible("member-card").await?;
    app.wait_for_text(&card, "協会 太郎").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pin_from_settings_lock_screen_counter_lock_and_session_lock() {
    let (_keep, dir) = prepare().expect("a vault with a member");

    // Set the PIN in settings.
    with_app_in("applock_set", Some(dir.clone()), |app| async move {
        app.wait_for_visible("member-card").await?;
        app.click("nav-settings").await?;
        let status = app.wait_for_visible("pin-status").await?;
        ensure!(status.attr("data-enabled").await?.as_deref() == Some("false"));
        app.fill("pin-new", PIN).await?;
        app.fill("pin-confirm", PIN).await?;
        app.click("pin-set").await?;
        app.wait_for_visible("pin-done").await?;
        let status = app.wait_for_visible("pin-status").await?;
        ensure!(status.attr("data-enabled").await?.as_deref() == Some("true"));
        Ok(())
    })
    .await;
    let out = cli(&dir, &["lock", "status", "--json"]).expect("lock status");
    assert!(out.contains("\"enabled\":true"), "{out}");

    // Reopen: the lock screen; a wrong PIN, then the right one.
    with_app_in("applock_unlock", Some(dir.clone()), |app| async move {
        enter_pin(&app, "000000").await?;
        let error = app.wait_for_visible("pin-error").await?;
        ensure!(error.attr("role").await?.as_deref() == Some("alert"));
        ensure!(
            app.find_all("member-card").await?.is_empty(),
            "nothing of the family shows before the right PIN"
        );
        unlock_to_home(&app).await?;

        // The counter lock: clinic mode → 閉じる → the lock screen, not home.
        let card = app.wait_for_visible("member-card").await?;
        card.find(Locator::Css(&testid("clinic-open")))
            .await
            .context("the card opens clinic mode")?
            .click()
            .await?;
        app.wait_for_visible("clinic-mode").await?;
        app.click("clinic-close").await?;
        app.wait_for_visible("lock-screen").await?;
        ensure!(app.find_all("member-card").await?.is_empty());
        unlock_to_home(&app).await?;

        // The desktop's screen saver turns on (its D-Bus signal): the app locks.
        let sent = Command::new("dbus-send")
            .args([
                "--session",
                "--type=signal",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged",
                "boolean:true",
            ])
            .status()?;
        ensure!(sent.success(), "dbus-send failed");
        app.wait_for_visible("lock-screen").await?;
        unlock_to_home(&app).await?;
        Ok(())
    })
    .await;

    // Auto-lock after a short idle time (test-only: 4 s instead of the settings' minutes).
    std::env::set_var("HOKEN_WALLET_TEST_IDLE_SECONDS", "4");
    with_app_in("applock_idle", Some(dir.clone()), |app| async move {
        unlock_to_home(&app).await?;
        // No input: within a few seconds the lock screen replaces home.
        app.wait_for_visible("lock-screen").await?;
        ensure!(app.find_all("member-card").await?.is_empty());
        Ok(())
    })
    .await;
    std::env::remove_var("HOKEN_WALLET_TEST_IDLE_SECONDS");
}
