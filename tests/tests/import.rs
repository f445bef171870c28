//! Importing in the real app: the first run ends by adding the first member from a generated
//! Mynaportal PDF (preview with the document's image and the fields read, then the member
//! screen); and a member's QR code made by the CLI on one wallet, received by the app on
//! another (plus the share screen on the first).
//!
//! The system's file dialog cannot be driven over WebDriver: `HOKEN_WALLET_PICK_FILE` names
//! the file `pick_document` returns (the test seam in src-tauri/src/commands/import.rs).
//!
//! With `HOKEN_E2E_SCREENS=1` (and ImageMagick's `import`), every screen is also saved at
//! 390 × 844 and 1280 × 800 as `<target>/e2e-screenshots/importui-<screen>-<w>x<h>.png`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Result};
use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_e2e::{cli, testid, with_app_in, App};

const PICK_FILE: &str = "HOKEN_WALLET_PICK_FILE";

fn temp_root() -> Result<tempfile::TempDir> {
    Ok(tempfile::Builder::new()
        .prefix("hoken-e2e-import-")
        .tempdir()?)
}

fn folder(root: &Path, name: &str) -> Result<PathBuf> {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Saves the screen at phone and desktop sizes when HOKEN_E2E_SCREENS is set: the pixels of
/// the X display (WebKitGTK's own WebDriver screenshot stops answering under Xvfb).
async fn screens(app: &App, name: &str, scroll_to: Option<&str>) -> Result<()> {
    if std::env::var_os("HOKEN_E2E_SCREENS").is_none() {
        return Ok(());
    }
    let dir = hoken_e2e::target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    for (w, h) in [(390u32, 844u32), (1280, 800)] {
        app.client.set_window_size(w, h).await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        match scroll_to {
            Some(id) => app.scroll_to(id).await?,
            None => {
                app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        let path = dir.join(format!("importui-{name}-{w}x{h}.png"));
        let status = Command::new("import")
            .args([
                "-window",
                "root",
                "-crop",
                &format!("{w}x{h}+0+0"),
                "+repage",
            ])
            .arg(&path)
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("importui: no screenshot {name} (ImageMagick's import missing?)");
        }
    }
    app.client.set_window_size(420, 860).await?;
    Ok(())
}

/// An input's current value.
async fn value(app: &App, id: &str) -> Result<String> {
    let el = app.wait_for(id).await?;
    Ok(el.prop("value").await?.unwrap_or_default())
}

/// The `data-state` of an `import-field-<name>` row.
async fn field_state(app: &App, name: &str) -> Result<String> {
    let el = app.wait_for(&format!("import-field-{name}")).await?;
    Ok(el.attr("data-state").await?.unwrap_or_default())
}

/// Boxes of test ids (left, top, right, bottom; zero-sized when hidden or missing).
async fn boxes(app: &App, ids: &[&str]) -> Result<Vec<[f64; 4]>> {
    let out = app
        .js(
            "return arguments[0].map((id) => { \
               const el = document.querySelector(`[data-testid=\"${id}\"]`); \
               const r = el ? el.getBoundingClientRect() : { left: 0, top: 0, right: 0, bottom: 0 }; \
               return [r.left, r.top, r.right, r.bottom]; });",
            vec![serde_json::json!(ids)],
        )
        .await?;
    Ok(serde_json::from_value(out)?)
}

/// Checking an import (issue #14): a wide window shows the page beside the fields and marks
/// the value of the field being edited on it; a phone shows each value's crop of the page
/// under its field.
async fn checking_side_by_side(app: &App) -> Result<()> {
    app.client.set_window_size(1280, 800).await?;
    app.js("window.scrollTo(0, 0)", vec![]).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let b = boxes(app, &["import-image", "intake-fields"]).await?;
    let (page, fields) = (b[0], b[1]);
    ensure!(
        page[2] <= fields[0] + 1.0 && page[1] < 400.0 && page[3] > page[1],
        "the page beside the fields at 1280 px: page {page:?}, fields {fields:?}"
    );
    app.js(
        "document.querySelector('[data-testid=\"import-input-insurer_number\"]').focus()",
        vec![],
    )
    .await?;
    let spot = app.wait_for_visible("import-spot").await?;
    ensure!(spot.attr("data-field").await?.as_deref() == Some("insurer_number"));
    let b = boxes(app, &["import-image", "import-spot"]).await?;
    let (page, mark) = (b[0], b[1]);
    // The table prints the insurer number in its first row, about 12 % down the page, in the
    // right-hand column.
    let height = page[3] - page[1];
    let width = page[2] - page[0];
    let down = (mark[1] + mark[3]) / 2.0 - page[1];
    let across = mark[0] - page[0];
    ensure!(
        mark[0] >= page[0]
            && mark[2] <= page[2] + 1.0
            && down > 0.08 * height
            && down < 0.16 * height
            && across > 0.3 * width,
        "the insurer number marked on the page: mark {mark:?} on page {page:?}"
    );
    app.js("document.activeElement.blur()", vec![]).await?;

    app.client.set_window_size(390, 844).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.scroll_to("import-crop-insurer_number").await?;
    let b = boxes(
        app,
        &["import-crop-insurer_number", "import-input-insurer_number"],
    )
    .await?;
    let (crop, input) = (b[0], b[1]);
    ensure!(
        crop[2] > crop[0] + 40.0
            && crop[3] > crop[1] + 10.0
            && crop[2] <= 390.5
            && crop[1] >= input[3] - 1.0,
        "the insurer number's crop under its field at 390 px: crop {crop:?}, input {input:?}"
    );
    app.client.set_window_size(420, 860).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_adds_the_first_member_by_importing_the_mynaportal_pdf() {
    let root = temp_root().expect("a temporary folder");
    let dir = folder(root.path(), "wallet").expect("a data folder");
    let file = root.path().join("shikaku-joho.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("the PDF is written");
    std::env::set_var(PICK_FILE, &file);

    with_app_in("import_first_run", Some(dir), |app| async move {
        app.first_run().await?;
        app.wait_for_visible("first-member").await?;
        screens(&app, "first-member", None).await?;

        app.click("first-member-import").await?;
        app.wait_for_visible("import-screen").await?;
        screens(&app, "choose", None).await?;

        app.click("import-pick").await?;
        app.wait_for_visible("import-preview").await?;
        ensure!(
            value(&app, "import-input-insurer_number").await? == "01010016",
            "the insurer number reads {:?}",
            value(&app, "import-input-insurer_number").await?
        );
        ensure!(field_state(&app, "insurer_number").await? == "found");
        ensure!(value(&app, "import-input-name").await? == "協会 太郎");
        ensure!(value(&app, "import-input-birth").await? == "1965-10-01");
        ensure!(value(&app, "import-input-symbol").await? == "1010101");
        ensure!(value(&app, "import-input-as_of").await? == "2024-06-07");
        ensure!(field_state(&app, "name").await? == "found");
        // The document's image, through the hoken: scheme, in a box reserved from its size.
        app.image_decoded("import-image").await?;
        checking_side_by_side(&app).await?;
        let target = app.wait_for("import-target").await?;
        ensure!(
            target.attr("data-choice").await?.as_deref() == Some("new"),
            "an empty wallet stores a new member"
        );
        screens(&app, "preview", None).await?;
        screens(&app, "preview-target", Some("import-target")).await?;

        app.click("import-confirm").await?;
        let heading = app.wait_for_visible("member-screen").await?;
        app.wait_for_text(&heading, "協会 太郎").await?;
        let notice = app.wait_for_visible("notice").await?;
        app.wait_for_text(&notice, "書類を保存しました").await?;
        let number = app.wait_for_visible("record-insurer-number").await?;
        app.wait_for_text(&number, "01010016").await?;
        screens(&app, "member-after", None).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_qr_code_from_another_wallet_is_received_with_the_same_fields() {
    let root = temp_root().expect("a temporary folder");
    let a = folder(root.path(), "a").expect("wallet A");
    let b = folder(root.path(), "b").expect("wallet B");
    let file = root.path().join("taro.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("the PDF is written");
    cli(&a, &["init", "--json"]).expect("init A");
    let stored = cli(&a, &["import", file.to_str().expect("utf-8"), "--json"]).expect("import");
    let stored: serde_json::Value = serde_json::from_str(&stored).expect("JSON");
    let id = stored["member_id"]
        .as_str()
        .expect("a member id")
        .to_string();
    let png = root.path().join("taro-qr.png");
    cli(
        &a,
        &["qr", "export", &id, "--out", png.to_str().expect("utf-8")],
    )
    .expect("qr export");
    cli(&b, &["init", "--json"]).expect("init B");
    // B already has him, from before he changed insurer.
    let old = cli(
        &b,
        &[
            "member",
            "add",
            "--name",
            "協会 太郎",
            "--birth",
            "昭和40年10月1日",
            "--insurer-number",
            "06139992",
            "--json",
        ],
    )
    .expect("member add on B");
    let old: serde_json::Value = serde_json::from_str(&old).expect("JSON");
    let old_id = old["id"].as_str().expect("an id").to_string();
    std::env::set_var(PICK_FILE, &png);

    // The sender's screen on A: the code, then locked with a code to read out.
    with_app_in("import_qr_share", Some(a.clone()), |app| async move {
        app.click("member-open").await?;
        app.click("member-share").await?;
        app.wait_for_visible("qr-svg").await?;
        let width = app
            .js(
                &format!(
                    "return document.querySelector('{} svg').getBoundingClientRect().width",
                    testid("qr-svg")
                ),
                vec![],
            )
            .await?;
        let width = width.as_f64().unwrap_or(0.0);
        ensure!(width >= 260.0, "the QR code is {width} px wide");
        screens(&app, "qr-share", None).await?;
        app.click("qr-lock").await?;
        let code = app.wait_for_visible("qr-code").await?;
        // Hidden until tapped (a screenshot of the QR code must not hold the code).
        ensure!(
            code.attr("data-revealed").await?.as_deref() == Some("false"),
            "the lock code is shown before it is tapped"
        );
        app.click("qr-code-show").await?;
        let value = app.wait_for_visible("qr-code-value").await?;
        let raw = value.attr("data-code").await?.unwrap_or_default();
        ensure!(raw.len() == 8, "the lock code is {raw:?}");
        screens(&app, "qr-share-locked", Some("qr-code")).await?;
        Ok(())
    })
    .await;

    // The receiver on B: home → read a QR code → check → save → the member's fields.
    with_app_in("import_qr_receive", Some(b), |app| async move {
        app.wait_for_visible("home").await?;
        screens(&app, "home", Some("import-start")).await?;
        app.click("qr-receive-start").await?;
        app.wait_for_visible("qr-receive").await?;
        screens(&app, "qr-receive", None).await?;
        app.click("qr-pick").await?;
        app.wait_for_visible("qr-preview").await?;
        ensure!(value(&app, "import-input-name").await? == "協会 太郎");
        ensure!(value(&app, "import-input-insurer_number").await? == "01010016");
        ensure!(value(&app, "import-input-birth").await? == "1965-10-01");
        screens(&app, "qr-confirm", None).await?;
        // He matches the member B has; his insurer number changed.
        let target = app.wait_for("import-target").await?;
        let choice = target.attr("data-choice").await?.unwrap_or_default();
        ensure!(
            choice == old_id,
            "the choice is {choice:?}, B's member is {old_id:?}"
        );
        let callout = app.wait_for_visible("import-insurer-changed").await?;
        app.wait_for_text(&callout, "保険者が変わりました").await?;
        screens(&app, "qr-insurer-changed", Some("import-target")).await?;
        app.click("qr-confirm").await?;
        let heading = app.wait_for_visible("member-screen").await?;
        app.wait_for_text(&heading, "協会 太郎").await?;
        for (row, want) in [
            ("record-insurer-number", "01010016"),
            ("record-symbol", "1010101"),
            ("record-number", "1"),
            ("record-branch", "00"),
            ("record-kana", "キョウカイ タロウ"),
        ] {
            let el = app.wait_for_visible(row).await?;
            let text = el.text().await?;
            ensure!(text.trim() == want, "{row} reads {text:?}, want {want:?}");
        }
        let birth = app.wait_for_visible("record-birth").await?.text().await?;
        ensure!(birth.contains("1965"), "the birth date reads {birth:?}");
        // Stored over the member B had, not as a second one.
        app.click("back").await?;
        app.wait_for_visible("member-card").await?;
        let cards = app.find_all("member-card").await?;
        ensure!(cards.len() == 1, "{} member cards", cards.len());
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_cannot_be_read_says_why_and_another_can_be_chosen() {
    let root = temp_root().expect("a temporary folder");
    let dir = folder(root.path(), "wallet").expect("a data folder");
    cli(&dir, &["init", "--json"]).expect("init");
    let file = root.path().join("scan.heic");
    std::fs::write(&file, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").expect("written");
    std::env::set_var(PICK_FILE, &file);

    with_app_in("import_unreadable", Some(dir), |app| async move {
        app.click("import-start").await?;
        app.click("import-pick").await?;
        let error = app.wait_for_visible("import-error").await?;
        let text = app.wait_for_text(&error, "scan.heic").await?;
        ensure!(
            app.find_all("import-preview").await?.is_empty(),
            "no preview for an unreadable file"
        );
        let again = app.wait_for_visible("import-pick").await?.text().await?;
        ensure!(
            again.contains("ほかのファイル"),
            "the button reads {again:?}; {text}"
        );
        screens(&app, "error", None).await?;
        // In English too: the backend's own message, in English.
        app.click("lang-toggle").await?;
        let error = app.wait_for_visible("import-error").await?;
        app.wait_for_text(&error, "could not be imported").await?;
        app.wait_for_text(&error, "scan.heic").await?;
        screens(&app, "error-en", None).await?;
        // The way back: cancel to the family.
        app.click("back").await?;
        app.wait_for_visible("home").await?;
        Ok(())
    })
    .await;
}
