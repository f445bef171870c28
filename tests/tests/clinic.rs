//! At the counter (issue #5, #7) in the real app: a wallet prepared with the CLI (a generated
//! Mynaportal screen imported, and a second member without any document), then home shows the
//! card with its thumbnail and badge; 窓口で見せる opens clinic mode with the record's fields
//! and the decoded document image; Esc returns home; the member view lists the document and
//! opens the printable sheet. Screenshots at 390 × 844 and 1280 × 800 go to
//! `<target>/e2e-screenshots/counter-*.png`, and the print layout itself (WebDriver's Print
//! Page, A4) to `counter-print.pdf`.
//!
//! Runs inside `scripts/with-session.sh --xvfb` (the app and the CLI share its keyring).

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_e2e::{cli, testid, with_app_in, App};
use serde_json::Value;

/// A certificate expiry some four years ahead: the badge says 使えます (usable).
fn far_cert_expiry() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{}-06-01", 1970 + secs / 31_556_952 + 4)
}

fn field(v: &Value, key: &str) -> Result<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .with_context(|| format!("no {key} in {v}"))
}

/// A wallet with 協会 太郎 (imported from a generated PDF, card dates added) and 協会 花子
/// (typed in, no document). Returns the folder (kept by the guard) and 太郎's member id.
fn prepare() -> Result<(tempfile::TempDir, PathBuf, String)> {
    let keep = tempfile::Builder::new()
        .prefix("hoken-e2e-counter-")
        .tempdir()?;
    let dir = keep.path().join("wallet");
    std::fs::create_dir_all(&dir)?;
    cli(&dir, &["init", "--json"])?;
    let file = keep.path().join("taro.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table))?;
    let imported: Value = serde_json::from_str(&cli(
        &dir,
        &["import", file.to_str().context("utf-8 path")?, "--json"],
    )?)?;
    let id = field(&imported, "member_id")?;
    ensure!(
        imported.get("as_of") == Some(&Value::from("2024-06-07")),
        "the import read the as-of date: {imported}"
    );
    cli(
        &dir,
        &["member", "edit", &id, "--cert-expiry", &far_cert_expiry()],
    )?;
    cli(
        &dir,
        &[
            "member",
            "add",
            "--name",
            "協会 花子",
            "--birth",
            "昭和42年3月15日",
            "--relation",
            "家族",
        ],
    )?;
    // 協会 一郎: a screen dated today (fresh: an age, no stale warning).
    let today = chrono::Local::now().date_naive();
    let ichiro = Screen {
        name: "協会 一郎".into(),
        kana: "キョウカイ イチロウ".into(),
        birth: "平成20年4月1日".into(),
        acquired: "平成20年4月1日".into(),
        relation: "家族".into(),
        branch: "02".into(),
        as_of: format!("{}時点", hoken_core::era::format_era(today)?),
        ..Screen::taro()
    };
    let fresh = keep.path().join("ichiro.pdf");
    std::fs::write(&fresh, pdf(&ichiro, Layout::Table))?;
    cli(
        &dir,
        &["import", fresh.to_str().context("utf-8 path")?, "--json"],
    )?;
    Ok((keep, dir, id))
}

/// Fails unless every element with these test ids lies wholly inside the window (no scrolling).
async fn inside_viewport(app: &App, ids: &[&str], at: &str) -> Result<()> {
    let out = app
        .js(
            "const bad = []; \
             for (const id of arguments[0]) { \
               const el = document.querySelector(`[data-testid=\"${id}\"]`); \
               if (!el) { bad.push(id + ': missing'); continue; } \
               const r = el.getBoundingClientRect(); \
               if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) \
                 bad.push(`${id}: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} in ${innerWidth}×${innerHeight}`); \
             } \
             return bad.join('; ') + (document.scrollingElement.scrollHeight > innerHeight + 1 ? '; the page scrolls' : '');",
            vec![serde_json::json!(ids)],
        )
        .await?;
    let bad = out.as_str().unwrap_or_default().trim_start_matches("; ");
    ensure!(bad.is_empty(), "at {at}: outside the window: {bad}");
    Ok(())
}

/// Everything the receptionist reads in clinic mode.
const CLINIC_IDS: [&str; 15] = [
    "field-insurer_name",
    "field-insurer_number",
    "field-relation",
    "field-ratio",
    "field-symbol",
    "field-number",
    "field-branch",
    "field-kana",
    "field-name",
    "field-birth",
    "clinic-as-of",
    "as-of-age",
    "clinic-banner",
    "clinic-close",
    "clinic-document-open",
];

/// The window's pixels from the X display (WebKitGTK's WebDriver screenshot stops answering
/// under Xvfb after a while), else the WebDriver screenshot.
async fn save(app: &App, name: &str, (w, h): (u32, u32)) -> Result<PathBuf> {
    let dir = hoken_e2e::target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
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
        std::fs::write(&path, app.client.screenshot().await?)?;
    }
    Ok(path)
}

async fn size(app: &App, (w, h): (u32, u32)) -> Result<()> {
    app.client.set_window_size(w, h).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
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

async fn press(app: &App, key: &str) -> Result<()> {
    app.js(
        "window.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], bubbles: true}));",
        vec![Value::from(key)],
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_card_opens_clinic_mode_member_view_and_print_sheet() {
    let (_keep, dir, taro) = prepare().expect("a wallet prepared with the CLI");
    with_app_in("counter", Some(dir.clone()), move |app| async move {
        // Home: 太郎's card with his document's thumbnail and the usable badge; 花子 without.
        size(&app, (390, 844)).await?;
        app.wait_for_visible("member-card").await?;
        let card = app
            .wait_for_css(&format!("[data-member-id=\"{taro}\"]"))
            .await?;
        app.wait_for_text(&card, "協会 太郎").await?;
        let badge = card.find(Locator::Css(&testid("status-badge"))).await?;
        ensure!(
            badge.attr("data-status").await?.as_deref() == Some("usable"),
            "太郎's badge is usable"
        );
        card.find(Locator::Css(&testid("doc-thumbnail"))).await?;
        ensure!(
            app.image_decoded("doc-thumbnail").await? > 0,
            "the thumbnail is decoded"
        );
        ensure!(
            app.find_all("doc-thumbnail-none").await?.len() == 1,
            "花子's card shows that she has no document"
        );
        let as_of = card.find(Locator::Css(&testid("member-as-of"))).await?;
        ensure!(
            as_of.text().await?.contains("令和6年（2024年）6月7日時点"),
            "the card shows the as-of date"
        );
        // Its age, and a warning apart from the badge: the screen is over a year old.
        let age = card.find(Locator::Css(&testid("as-of-age"))).await?.text().await?;
        ensure!(age.ends_with("前の情報"), "the card says how old the screen is: {age:?}");
        let stale = card.find(Locator::Css(&testid("stale-warning"))).await?.text().await?;
        ensure!(stale.contains("1年以上前の情報です"), "stale warning: {stale:?}");
        // 一郎's screen is dated today: an age, no warning; 花子 has no screen: neither.
        let mut fresh = 0;
        for c in app.find_all("member-card").await? {
            let t = c.text().await?;
            let warned = !c.find_all(Locator::Css(&testid("stale-warning"))).await?.is_empty();
            if t.contains("協会 一郎") {
                fresh += 1;
                ensure!(t.contains("今日の情報") && !warned, "一郎's fresh screen: {t:?}");
            } else if t.contains("協会 花子") {
                ensure!(!warned && !t.contains("前の情報"), "花子 has no screen: {t:?}");
            }
        }
        ensure!(fresh == 1, "一郎's card");
        app.japanese_lines("home 390×844").await?;
        save(&app, "counter-home-390x844", (390, 844)).await?;

        // One tap from the card: clinic mode, without the app's header.
        card.find(Locator::Css(&testid("clinic-open")))
            .await?
            .click()
            .await?;
        app.wait_for_visible("clinic-mode").await?;
        for (id, want) in [
            ("field-insurer_name", "全国健康保険協会 北海道支部"),
            ("field-insurer_number", "01010016"),
            ("field-relation", "本人"),
            ("field-ratio", "3割"),
            ("field-symbol", "1010101"),
            ("field-number", "1"),
            ("field-branch", "00"),
            ("field-name", "協会 太郎"),
            ("field-kana", "キョウカイ タロウ"),
            ("field-birth", "昭和40年（1965年）10月1日"),
        ] {
            let got = text(&app, id).await?;
            ensure!(got == want, "{id}: {got:?}, want {want:?}");
        }
        ensure!(
            text(&app, "clinic-as-of").await? == "令和6年（2024年）6月7日時点",
            "the as-of date in era form"
        );
        let age = text(&app, "as-of-age").await?;
        ensure!(
            age.ends_with("前の情報") && age.contains('年'),
            "the screen's age: {age:?}"
        );
        ensure!(
            text(&app, "stale-warning").await?.contains("1年以上前の情報です"),
            "a screen over a year old is flagged in clinic mode"
        );
        ensure!(
            text(&app, "clinic-banner")
                .await?
                .contains("マイナ保険証（マイナンバーカード）と一緒にご提示ください"),
            "the banner"
        );
        // Every field was read from the imported screen (the card date edit kept the marks).
        let origins = app
            .js(
                "return [...document.querySelectorAll('.fields [data-origin]')].map(e => e.dataset.origin).join(',')",
                vec![],
            )
            .await?;
        ensure!(
            origins.as_str() == Some(&["document"; 10].join(",")),
            "each field marked as read from the document: {origins}"
        );
        ensure!(
            app.js(
                "return document.querySelector('.app-header') === null",
                vec![]
            )
            .await?
                == Value::Bool(true),
            "clinic mode hides the app's header"
        );
        // A phone: everything on one screen, at two sizes, without scrolling.
        inside_viewport(&app, &CLINIC_IDS, "390×844").await?;
        app.japanese_lines("clinic 390×844").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        save(&app, "counter-clinic-390x844", (390, 844)).await?;
        size(&app, (360, 640)).await?;
        inside_viewport(&app, &CLINIC_IDS, "360×640").await?;
        app.japanese_lines("clinic 360×640").await?;
        save(&app, "counter-clinic-360x640", (360, 640)).await?;

        // The document is one tap away, full screen; zoom with the keyboard, Esc goes back.
        app.click("clinic-document-open").await?;
        app.wait_for_visible("clinic-document").await?;
        let width = app.image_decoded("snapshot-image").await?;
        ensure!(width > 0, "the document image is decoded");
        press(&app, "+").await?;
        press(&app, "+").await?;
        let scale = app
            .wait_for_visible("snapshot-viewer")
            .await?
            .attr("data-scale")
            .await?
            .unwrap_or_default();
        ensure!(scale == "1.563", "two + presses zoom to 156%: {scale}");
        save(&app, "counter-clinic-zoomed-360x640", (360, 640)).await?;
        press(&app, "Escape").await?;
        app.wait_for_visible("clinic-document-open").await?;
        ensure!(
            app.find_all("clinic-document").await?.is_empty(),
            "Esc closes the document first, clinic mode stays"
        );
        size(&app, (390, 844)).await?;

        // Desktop: the document beside the fields.
        size(&app, (1280, 800)).await?;
        app.image_decoded("snapshot-image").await?;
        ensure!(
            app.find_all("clinic-document-open").await?.is_empty(),
            "no document button beside the document itself"
        );
        app.japanese_lines("clinic 1280×800").await?;
        save(&app, "counter-clinic-1280x800", (1280, 800)).await?;

        // Esc returns home.
        press(&app, "Escape").await?;
        app.wait_for_visible("home").await?;
        app.image_decoded("doc-thumbnail").await?;
        app.japanese_lines("home 1280×800").await?;
        save(&app, "counter-home-1280x800", (1280, 800)).await?;
        size(&app, (390, 844)).await?;

        // In English, clinic mode says the same.
        app.click("lang-toggle").await?;
        let card = app
            .wait_for_css(&format!("[data-member-id=\"{taro}\"]"))
            .await?;
        card.find(Locator::Css(&testid("clinic-open")))
            .await?
            .click()
            .await?;
        app.wait_for_visible("clinic-mode").await?;
        ensure!(
            text(&app, "clinic-banner").await?
                == "Please show this together with your My Number Card (マイナ保険証)",
            "the English banner"
        );
        app.image_decoded("clinic-document-thumb").await?;
        save(&app, "counter-clinic-en-390x844", (390, 844)).await?;
        app.click("clinic-close").await?;
        app.wait_for_visible("home").await?;
        app.click("lang-toggle").await?;

        // 花子: clinic mode without a document still shows her fields, calmly.
        let mut hanako = None;
        for c in app.find_all("member-card").await? {
            if c.text().await?.contains("協会 花子") {
                hanako = Some(c);
            }
        }
        hanako
            .context("花子's card")?
            .find(Locator::Css(&testid("clinic-open")))
            .await?
            .click()
            .await?;
        app.wait_for_visible("clinic-no-document").await?;
        ensure!(
            text(&app, "field-name").await? == "協会 花子",
            "花子's name"
        );
        save(&app, "counter-clinic-nodoc-390x844", (390, 844)).await?;
        app.click("clinic-close").await?;

        // 家族全員を印刷: one page each.
        app.click("print-all").await?;
        app.wait_for_visible("print-sheet").await?;
        let pages = app.find_all("print-page").await?.len();
        ensure!(pages == 3, "{pages} print pages for three members");
        app.click("back").await?;
        app.wait_for_visible("home").await?;

        // The member view lists the document and opens the printable sheet.
        let card = app
            .wait_for_css(&format!("[data-member-id=\"{taro}\"]"))
            .await?;
        card.find(Locator::Css(&testid("member-open")))
            .await?
            .click()
            .await?;
        app.wait_for_visible("member-screen").await?;
        let item = app.wait_for_visible("document-item").await?;
        app.wait_for_text(&item, "令和6年（2024年）6月7日時点").await?;
        ensure!(
            app.find_all("document-item").await?.len() == 1,
            "one document"
        );
        app.image_decoded("doc-thumbnail").await?;
        save(&app, "counter-member-390x844", (390, 844)).await?;
        app.scroll_to("member-documents").await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        save(&app, "counter-member-documents-390x844", (390, 844)).await?;

        app.click("print-open").await?;
        app.wait_for_visible("print-sheet").await?;
        app.wait_for_visible("print-button").await?;
        ensure!(
            text(&app, "print-warning")
                .await?
                .contains("この用紙のみでは受診できません"),
            "the print warning"
        );
        app.image_decoded("print-image").await?;
        save(&app, "counter-print-390x844", (390, 844)).await?;
        size(&app, (1280, 800)).await?;
        save(&app, "counter-print-1280x800", (1280, 800)).await?;

        // The print layout: the @media print rules applied on screen at A4's width (96 dpi).
        app.js(
            "for (const sheet of document.styleSheets) { for (const rule of sheet.cssRules) { \
               if (rule instanceof CSSMediaRule && rule.media.mediaText.includes('print')) \
                 rule.media.mediaText = 'all'; } } \
             document.body.style.padding = '12mm'; window.scrollTo(0, 0);",
            vec![],
        )
        .await?;
        size(&app, (794, 1024)).await?;
        save(&app, "counter-print-a4", (794, 1024)).await?;

        // And the system's own print (A4), where WebKitWebDriver offers Print Page.
        let config = fantoccini::wd::PrintConfiguration::builder()
            .background(true)
            .build()
            .map_err(|e| anyhow::anyhow!("print configuration: {e}"))?;
        match app.client.print(config).await {
            Ok(pdf) => {
                let path = hoken_e2e::target_dir()
                    .join("e2e-screenshots")
                    .join("counter-print.pdf");
                std::fs::write(&path, &pdf)?;
                ensure!(pdf.starts_with(b"%PDF"), "a PDF");
            }
            Err(e) => eprintln!("counter: WebDriver Print Page is not available here: {e}"),
        }
        Ok(())
    })
    .await;
}
