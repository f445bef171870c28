//! The whole journey of issue #5 in the real app, with the real keyring: first run → the
//! recovery code → import a Mynaportal PDF → the card dates entered → home shows the member
//! with the right badge → clinic mode shows the fields from the PDF → the language switches →
//! quit and reopen: the member and the document are still there.
//!
//! The file dialog is replaced by `HOKEN_WALLET_PICK_FILE` (the test seam of `pick_document`).

use anyhow::{ensure, Result};
use fantoccini::Locator;
use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_e2e::{testid, with_app_in, App};
use serde_json::json;

/// A certificate expiry some four years ahead: the card is 使えます (usable) whatever today is.
fn far_cert_expiry() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{}-06-01", 1970 + secs / 31_556_952 + 4)
}

async fn text(app: &App, id: &str) -> Result<String> {
    Ok(app
        .wait_for_visible(id)
        .await?
        .text()
        .await?
        .trim()
        .to_string())
}

/// The one member card's badge (`data-status`), once the card shows `name`.
async fn badge(app: &App, name: &str) -> Result<String> {
    let card = app.wait_for_visible("member-card").await?;
    app.wait_for_text(&card, name).await?;
    ensure!(app.find_all("member-card").await?.len() == 1, "one card");
    let badge = card.find(Locator::Css(&testid("status-badge"))).await?;
    Ok(badge.attr("data-status").await?.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_import_clinic_language_and_reopen() {
    let root = tempfile::Builder::new()
        .prefix("hoken-e2e-journey-")
        .tempdir()
        .expect("a temporary folder");
    let dir = root.path().join("wallet");
    std::fs::create_dir_all(&dir).expect("a data folder");
    let file = root.path().join("資格情報.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("the PDF");
    std::env::set_var("HOKEN_WALLET_PICK_FILE", &file);
    let expiry = far_cert_expiry();

    with_app_in("journey", Some(dir.clone()), |app| async move {
        app.first_run().await?;
        app.click("first-member-import").await?;
        app.click("import-pick").await?;
        app.wait_for_visible("import-preview").await?;
        app.click("import-confirm").await?;
        let heading = app.wait_for_visible("member-screen").await?;
        app.wait_for_text(&heading, "協会 太郎").await?;

        // The screen carries no card dates: the badge says so until they are entered.
        app.click("back").await?;
        let unknown = badge(&app, "協会 太郎").await?;
        ensure!(unknown == "unknown", "before the card dates: {unknown:?}");
        app.click("member-card").await?;
        app.click("member-edit").await?;
        app.fill("member-cert-expiry", &expiry).await?;
        app.click("member-save").await?;
        app.wait_for_visible("member-screen").await?;
        app.click("back").await?;
        let usable = badge(&app, "協会 太郎").await?;
        ensure!(usable == "usable", "with the card dates: {usable:?}");

        // One tap to clinic mode: the fields as the PDF has them, the image decoded.
        app.click("clinic-open").await?;
        app.wait_for_visible("clinic-mode").await?;
        for (id, want) in [
            ("field-insurer_number", "01010016"),
            ("field-symbol", "1010101"),
            ("field-number", "1"),
            ("field-branch", "00"),
            ("field-name", "協会 太郎"),
            ("field-birth", "昭和40年（1965年）10月1日"),
        ] {
            let got = text(&app, id).await?;
            ensure!(got == want, "{id}: {got:?}, want {want:?}");
        }
        // The window is phone-sized: the document is one tap away, its thumbnail decoded.
        app.image_decoded("clinic-document-thumb").await?;
        let banner = text(&app, "clinic-banner").await?;
        ensure!(banner.contains("マイナ保険証"), "{banner}");
        // Esc leaves clinic mode.
        app.js(
            "window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));",
            vec![],
        )
        .await?;
        app.wait_for_visible("home").await?;

        // English: the badge and the headings follow.
        app.click("lang-toggle").await?;
        app.wait_until("English", hoken_e2e::WAIT, |c| async move {
            Ok(c.execute("return document.documentElement.lang", vec![])
                .await?
                == json!("en"))
        })
        .await?;
        let card = app.wait_for_visible("member-card").await?;
        app.wait_for_text(&card, "Usable").await?;
        Ok(())
    })
    .await;

    // Quit and reopen on the same data: straight to home, the member and the document.
    with_app_in("journey_reopened", Some(dir), |app| async move {
        let usable = badge(&app, "協会 太郎").await?;
        ensure!(usable == "usable", "after reopening: {usable:?}");
        app.click("clinic-open").await?;
        let number = text(&app, "field-insurer_number").await?;
        ensure!(number == "01010016", "{number}");
        app.image_decoded("clinic-document-thumb").await?;
        Ok(())
    })
    .await;
}
