//! The vault in the real app: first run (recovery code, typed back), adding a member, the
//! member still there after quitting and reopening; and a vault whose key this computer's
//! keyring does not have, opened again with its recovery code.
//!
//! Runs inside `scripts/with-session.sh` (a private, unlocked gnome-keyring): the app and the
//! CLI share that keyring.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use hoken_e2e::{cli, testid, with_app_in, App};

/// A certificate expiry some four years ahead: the card is 使えます (usable) whatever today is.
fn far_cert_expiry() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let year = 1970 + secs / 31_556_952;
    format!("{}-06-01", year + 4)
}

/// The texts of every element with the given `data-testid`.
async fn texts(app: &App, id: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for el in app.find_all(id).await? {
        out.push(el.text().await?.trim().to_string());
    }
    Ok(out)
}

/// Waits for exactly one member card with `name` and returns its badge's `data-status`.
async fn member_badge(app: &App, name: &str) -> Result<String> {
    let card = app.wait_for_visible("member-card").await?;
    app.wait_for_text(&card, name).await?;
    let cards = app.find_all("member-card").await?;
    ensure!(cards.len() == 1, "{} member cards", cards.len());
    let badge = card
        .find(Locator::Css(&testid("status-badge")))
        .await
        .context("the member card has a status badge")?;
    Ok(badge.attr("data-status").await?.unwrap_or_default())
}

fn data_dir() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("hoken-e2e-vault-")
        .tempdir()?;
    let path = dir.path().join("wallet");
    std::fs::create_dir_all(&path)?;
    Ok((dir, path))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_add_a_member_and_find_it_after_reopening() {
    let (_keep, dir) = data_dir().expect("a temporary data folder");
    let expiry = far_cert_expiry();

    let expiry_first = expiry.clone();
    with_app_in("vault_first_run", Some(dir.clone()), |app| async move {
        // 始める: straight to the first member, which can wait.
        app.click("start").await?;
        app.wait_for_visible("first-member").await?;
        app.click("first-member-later").await?;
        app.wait_for_visible("family-empty").await?;
        ensure!(
            app.find_all("deadline-banner").await?.is_empty(),
            "an empty family has no deadline banner"
        );
        // Home asks for the recovery code until it is written down.
        app.click("recovery-banner-open").await?;
        app.wait_for_visible("recovery-code").await?;
        let groups = texts(&app, "code-group").await?;
        ensure!(
            groups.len() == 6 && groups.iter().all(|g| g.len() == 4),
            "the recovery code is six groups of four: {groups:?}"
        );
        app.click("code-written").await?;

        let asked = app.wait_for_visible("confirm-group").await?;
        let n: usize = asked
            .attr("data-group")
            .await?
            .context("the confirm step says which group")?
            .parse()?;
        ensure!((2..=6).contains(&n), "asks for group {n}");

        // A wrong group is refused, with the reason in an alert.
        let wrong = if groups[n - 1] == "ZZZZ" {
            "YYYY"
        } else {
            "ZZZZ"
        };
        app.fill("code-confirm", wrong).await?;
        app.click("code-confirm-submit").await?;
        let error = app.wait_for_visible("error").await?;
        ensure!(error.attr("role").await?.as_deref() == Some("alert"));

        // The right one, typed in lower case.
        app.fill("code-confirm", &groups[n - 1].to_lowercase())
            .await?;
        app.click("code-confirm-submit").await?;
        app.wait_for_visible("family-empty").await?;
        ensure!(
            app.find_all("recovery-banner").await?.is_empty(),
            "the banner is gone once the code is written down"
        );

        app.click("add-member").await?;
        app.fill("member-name", "山田 太郎").await?;
        app.fill("member-birth", "昭和55年6月1日").await?;
        app.fill("member-cert-expiry", &expiry_first).await?;
        app.click("member-save").await?;

        let status = member_badge(&app, "山田 太郎").await?;
        ensure!(status == "usable", "the badge says {status:?}");
        app.wait_for_visible("notice").await?;
        Ok(())
    })
    .await;

    // Quit and reopen on the same data: straight to home, the member is there.
    with_app_in("vault_reopened", Some(dir.clone()), |app| async move {
        let status = member_badge(&app, "山田 太郎").await?;
        ensure!(
            status == "usable",
            "after reopening the badge says {status:?}"
        );
        app.click("member-open").await?;
        let row = app.wait_for_visible("deadline-certificate_expiry").await?;
        let date = row
            .find(Locator::Css(&testid("deadline-date")))
            .await?
            .text()
            .await?;
        ensure!(date == expiry, "the certificate expiry row shows {date:?}");
        let birth = app.wait_for_visible("record-birth").await?.text().await?;
        ensure!(birth.contains("1980"), "the birth date reads {birth:?}");
        Ok(())
    })
    .await;
}

/// The `vault_id` in `<dir>/vault.json`.
fn vault_id(dir: &Path) -> Result<String> {
    let text = std::fs::read_to_string(dir.join("vault.json"))?;
    let header: serde_json::Value = serde_json::from_str(&text)?;
    Ok(header["vault_id"]
        .as_str()
        .context("vault.json has a vault_id")?
        .to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vault_without_its_key_opens_with_the_recovery_code() {
    let (_keep, dir) = data_dir().expect("a temporary data folder");
    // A vault made by the CLI, whose key is then taken out of the keyring: as on a new computer.
    let created = cli(&dir, &["init", "--json"]).expect("hoken-wallet init");
    let created: serde_json::Value = serde_json::from_str(&created).expect("init --json");
    let code = created["recovery_code"]
        .as_str()
        .expect("a recovery code")
        .to_string();
    cli(
        &dir,
        &[
            "member",
            "add",
            "--name",
            "佐藤 花子",
            "--birth",
            "S40.10.1",
        ],
    )
    .expect("member add");
    let id = vault_id(&dir).expect("the vault id");
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", "hoken-wallet", "username", &id])
        .status()
        .expect("secret-tool runs");
    assert!(cleared.success(), "secret-tool clear failed");

    with_app_in("vault_locked", Some(dir.clone()), |app| async move {
        let screen = app.wait_for_visible("locked").await?;
        let text = screen.text().await?;
        ensure!(
            text.contains("鍵の保管場所"),
            "the screen explains where keys are kept, in plain words: {text:?}"
        );
        app.wait_for_visible("locked-reason").await?;

        // A wrong code: an alert, still locked.
        app.fill("recovery-input", "0000-0000-0000-0000-0000-0000")
            .await?;
        app.click("recovery-submit").await?;
        app.wait_for_visible("error").await?;
        ensure!(
            app.find_all("home").await?.is_empty(),
            "a wrong code opened the vault"
        );

        // The right one, in lower case with spaces.
        app.fill("recovery-input", &code.to_lowercase().replace('-', " "))
            .await?;
        app.click("recovery-submit").await?;
        let status = member_badge(&app, "佐藤 花子").await?;
        ensure!(
            status == "unknown",
            "without card dates the badge says {status:?}"
        );
        Ok(())
    })
    .await;

    // The key is back in the keyring: the next launch opens straight away.
    with_app_in(
        "vault_unlocked_again",
        Some(dir.clone()),
        |app| async move {
            member_badge(&app, "佐藤 花子").await?;
            Ok(())
        },
    )
    .await;
}
