//! Settings and the guide in the real app, on a vault made with the CLI: the language both
//! ways, the recovery-code check (right and wrong), the calendar export through the save
//! dialog's test seam (HOKEN_WALLET_SAVE_FILE), and 「何を持っていけばいい？」 answered
//! through to its answer card. Screenshots of both screens at 390×844 and 1280×800 go to
//! `<target>/e2e-screenshots/settings-*.png`.
//!
//! Runs inside `scripts/with-session.sh` (a private, unlocked gnome-keyring): the app and the
//! CLI share that keyring.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use hoken_e2e::{cli, with_app_in, App};

/// The environment variable the app's save dialog answers from (src-tauri/src/commands/dialog.rs).
const SAVE_FILE_ENV: &str = "HOKEN_WALLET_SAVE_FILE";
const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 800)];

/// Saves the window at both sizes as `settings-<name>-<w>x<h>.png`, read from the X display
/// with ImageMagick's `import` where it is installed (WebKitGTK's own WebDriver screenshot
/// hangs under Xvfb after a few seconds), else through WebDriver. A picture that cannot be
/// taken is a warning: the test is about behaviour.
async fn shots(app: &App, name: &str, scroll_to: Option<&str>) -> Result<()> {
    let dir = hoken_e2e::target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    for (w, h) in SIZES {
        app.client.set_window_size(w, h).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        match scroll_to {
            Some(id) => app.scroll_to(id).await?,
            None => {
                app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let path = dir.join(format!("settings-{name}-{w}x{h}.png"));
        let import = Command::new("import")
            .args([
                "-window",
                "root",
                "-crop",
                &format!("{w}x{h}+0+0"),
                "+repage",
            ])
            .arg(&path)
            .status();
        if !matches!(import, Ok(s) if s.success()) {
            match tokio::time::timeout(Duration::from_secs(10), app.client.screenshot()).await {
                Ok(Ok(png)) => std::fs::write(&path, png)?,
                _ => eprintln!("warning: no screenshot {}", path.display()),
            }
        }
    }
    app.client.set_window_size(SIZES[0].0, SIZES[0].1).await?;
    Ok(())
}

async fn h1(app: &App) -> Result<String> {
    let el = app.client.find(Locator::Css("main h1")).await?;
    Ok(el.text().await?.trim().to_string())
}

async fn wait_h1(app: &App, want: &str) -> Result<()> {
    let probe = app.clone();
    let want_owned = want.to_string();
    app.wait_until(
        &format!("the heading reads {want:?}"),
        hoken_e2e::WAIT,
        move |_| {
            let probe = probe.clone();
            let want = want_owned.clone();
            async move { Ok(h1(&probe).await? == want) }
        },
    )
    .await
}

/// Waits for the recovery-code result and returns its `data-ok`.
async fn code_result(app: &App, want: &str) -> Result<String> {
    let probe = app.clone();
    let want_owned = want.to_string();
    app.wait_until(
        &format!("the code check says {want}"),
        hoken_e2e::WAIT,
        move |_| {
            let probe = probe.clone();
            let want = want_owned.clone();
            async move {
                let found = probe.find_all("settings-code-result").await?;
                Ok(match found.first() {
                    Some(el) => el.attr("data-ok").await?.as_deref() == Some(want.as_str()),
                    None => false,
                })
            }
        },
    )
    .await?;
    Ok(app.wait_for("settings-code-result").await?.text().await?)
}

fn vault_with_a_member() -> Result<(tempfile::TempDir, PathBuf, String)> {
    let root = tempfile::Builder::new()
        .prefix("hoken-e2e-settings-")
        .tempdir()?;
    let dir = root.path().join("wallet");
    std::fs::create_dir_all(&dir)?;
    let out = cli(&dir, &["init", "--json"])?;
    let v: serde_json::Value = serde_json::from_str(out.trim()).context("init --json")?;
    let code = v["recovery_code"]
        .as_str()
        .context("init --json prints the recovery code")?
        .to_string();
    cli(
        &dir,
        &[
            "member",
            "add",
            "--name",
            "山田 太郎",
            "--birth",
            "昭和55年6月1日",
            "--cert-issued",
            "2021-03-10",
        ],
    )?;
    Ok((root, dir, code))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_language_recovery_code_and_calendar() {
    let (root, dir, code) = vault_with_a_member().expect("a vault made with the CLI");
    let ics = root.path().join("out").join("hoken-wallet.ics");
    std::fs::create_dir_all(ics.parent().unwrap()).unwrap();
    // Inherited by tauri-driver, WebKitWebDriver and the app: the save dialog answers this path.
    std::env::set_var(SAVE_FILE_ENV, &ics);

    let written = ics.clone();
    with_app_in("settings", Some(dir), |app| async move {
        app.wait_for_visible("member-card").await?;
        app.click("nav-settings").await?;
        app.wait_for_visible("settings").await?;
        wait_h1(&app, "設定").await?;
        shots(&app, "top", None).await?;

        // English and back: the texts change, and <html lang> with them.
        app.click("settings-lang-en").await?;
        wait_h1(&app, "Settings").await?;
        ensure!(app.html_lang().await? == "en", "html lang after English");
        let nav = app.wait_for("nav-guide").await?;
        app.wait_for_text(&nav, "What should I bring?").await?;
        app.click("settings-lang-ja").await?;
        wait_h1(&app, "設定").await?;
        ensure!(app.html_lang().await? == "ja", "html lang after 日本語");

        // The recovery code: right (typed in lower case), then wrong.
        app.fill("settings-code-input", &code.to_lowercase())
            .await?;
        app.click("settings-code-check").await?;
        let text = code_result(&app, "true").await?;
        ensure!(text.contains("正しい回復コード"), "right code: {text:?}");
        app.fill("settings-code-input", "0000-0000-0000-0000-0000-0000")
            .await?;
        app.click("settings-code-check").await?;
        let text = code_result(&app, "false").await?;
        ensure!(
            text.contains("回復コードではありません"),
            "wrong code: {text:?}"
        );
        shots(&app, "code", Some("settings-code")).await?;

        // The calendar, written where the (test) dialog says.
        app.click("settings-export-ics").await?;
        let done = app.wait_for_visible("settings-ics-done").await?;
        let text = app.wait_for_text(&done, "hoken-wallet.ics").await?;
        ensure!(text.contains("書き出しました"), "{text:?}");
        let body = std::fs::read_to_string(&written)
            .with_context(|| format!("reading {}", written.display()))?;
        ensure!(
            body.starts_with("BEGIN:VCALENDAR"),
            "the file starts {:?}",
            &body[..body.len().min(40)]
        );
        ensure!(body.contains("山田 太郎"), "the calendar names the member");

        shots(&app, "backup", Some("settings-backup")).await?;
        shots(&app, "about", Some("settings-about")).await?;
        Ok(())
    })
    .await;
    std::env::remove_var(SAVE_FILE_ENV);
    drop(root);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_answers_through_to_the_card() {
    let (root, dir, _code) = vault_with_a_member().expect("a vault made with the CLI");
    with_app_in("settings_guide", Some(dir), |app| async move {
        app.wait_for_visible("member-card").await?;
        app.click("nav-guide").await?;
        app.wait_for_visible("guide").await?;
        wait_h1(&app, "何を持っていけばいい？").await?;
        shots(&app, "guide-question", None).await?;

        app.click("guide-answer-card_yes").await?;
        let q = app.wait_for_visible("guide-question").await?;
        app.wait_for_text(&q, "スマートフォン").await?;
        app.click("guide-answer-phone_no").await?;
        let result = app.wait_for_visible("guide-result").await?;
        ensure!(
            result.attr("data-result").await?.as_deref() == Some("card_and_notice"),
            "card, no smartphone → card and notice"
        );
        let text = result.text().await?;
        ensure!(text.contains("資格情報のお知らせ"), "{text:?}");
        let rule = app.wait_for_visible("guide-rule").await?;
        app.wait_for_text(&rule, "画面だけでは受診できません")
            .await?;
        shots(&app, "guide-result", Some("guide-result")).await?;

        // Start over, and the lost-card answer names the hotline.
        app.click("guide-restart").await?;
        app.click("guide-answer-card_lost").await?;
        let result = app.wait_for_visible("guide-result").await?;
        app.wait_for_text(&result, "0120-95-0178").await?;
        shots(&app, "guide-lost", Some("guide-result")).await?;

        // The same card in English.
        app.click("lang-toggle").await?;
        app.wait_for_text(&result, "First, suspend the card")
            .await?;
        shots(&app, "guide-lost-en", None).await?;
        app.click("lang-toggle").await?;

        // Back home from the guide.
        app.click("guide-close").await?;
        app.wait_for_visible("member-card").await?;
        Ok(())
    })
    .await;
    drop(root);
}
