//! `make screenshot`: renders the app's screens to PNG at phones (360 × 640, 390 × 844) and desktop
//! (1280 × 800) sizes into $HOKEN_SCREENSHOT_DIR (default target/screenshots): first run, the
//! recovery code, home (empty and with two members, in Japanese and English), a member, the
//! member form, the locked (recovery) screen, the deadline checker, the first member step,
//! the import preview, clinic mode (and in English), the printable sheet, the QR share and
//! receive screens, the guide (a question and an answer), and settings. Ignored by
//! `cargo test`; `make screenshot` runs it with `--ignored`.
//!
//! Each screen gets its own short launch: WebKitGTK under Xvfb stops answering WebDriver
//! screenshots a few seconds after the app starts (seen 2026-11-22, also with the old UI), so
//! a long session would hang on its later pictures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};
use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_e2e::{cli, with_app_in, App};

const SIZES: [(u32, u32); 3] = [(360, 640), (390, 844), (1280, 800)];

fn out_dir() -> PathBuf {
    std::env::var_os("HOKEN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| hoken_e2e::target_dir().join("screenshots"))
}

/// Saves the window as `<name>.png`. Where ImageMagick's `import` is installed it reads the
/// pixels from the X display (the app's window sits at the top left of Xvfb, undecorated):
/// WebKitGTK's own WebDriver screenshot hangs after a few seconds under Xvfb.
async fn save(app: &App, name: &str, (w, h): (u32, u32)) -> Result<()> {
    let dir = out_dir();
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
    match import {
        Ok(status) if status.success() => Ok(()),
        _ => {
            let png = app.client.screenshot().await.context("screenshot")?;
            std::fs::write(&path, png)?;
            Ok(())
        }
    }
}

/// `-dark` while the pictures are taken in the dark palette (GTK_THEME=Adwaita:dark, which the
/// app inherits and WebKitGTK reports as a dark system).
fn theme_suffix() -> &'static str {
    if std::env::var_os("GTK_THEME").is_some() {
        "-dark"
    } else {
        ""
    }
}

/// Saves `<name>[-dark]-<w>x<h>.png` at each size, scrolled to the top (or to `scroll_to`).
async fn save_sizes(app: &App, name: &str, scroll_to: Option<&str>) -> Result<()> {
    let name = format!("{name}{}", theme_suffix());
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
        hoken_e2e::trace(format!("saving {name}-{w}x{h}"));
        save(app, &format!("{name}-{w}x{h}"), (w, h)).await?;
    }
    Ok(())
}

/// The ISO date `days` from today (UTC), for members whose deadlines are near whenever the
/// screenshots are made.
fn iso_in_days(days: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = now / 86_400 + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn data_dir(root: &Path, name: &str) -> Result<PathBuf> {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Fills the checker with the domain reference's worked example and shows the result.
async fn checked(app: &App) -> Result<()> {
    app.fill("input-birth", "昭和55年6月1日").await?;
    app.fill("input-issued", "2021-03-10").await?;
    app.click("check-button").await?;
    app.wait_for_visible("result").await?;
    Ok(())
}

/// Launches the app on `dir` (a fresh folder when None), runs `to` to reach a screen, then
/// saves it as `<name>-<w>x<h>.png` at both sizes (scrolled to `scroll`, else to the top).
async fn shoot<F, Fut>(
    name: &'static str,
    dir: Option<PathBuf>,
    scroll: Option<&'static str>,
    to: F,
) where
    F: FnOnce(App) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send + 'static,
{
    with_app_in(&format!("screenshots_{name}"), dir, move |app| async move {
        to(app.clone()).await?;
        save_sizes(&app, name, scroll).await
    })
    .await;
}

/// A vault made with the CLI whose key is then cleared from the keyring.
fn locked_vault(dir: &Path) -> Result<()> {
    cli(dir, &["init", "--json"])?;
    let header = std::fs::read_to_string(dir.join("vault.json"))?;
    let header: serde_json::Value = serde_json::from_str(&header)?;
    let id = header["vault_id"].as_str().context("vault_id")?.to_string();
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", "hoken-wallet", "username", &id])
        .status()?;
    ensure!(cleared.success(), "secret-tool clear failed");
    Ok(())
}

/// Two members made with the CLI: 太郎 (本人, certificate expiring in 40 days, insurance card
/// details) and 花子 (家族, years to go).
fn family_vault(dir: &Path) -> Result<()> {
    cli(dir, &["init", "--json"])?;
    let taro_expiry = iso_in_days(40);
    cli(
        dir,
        &[
            "member",
            "add",
            "--name",
            "山田 太郎",
            "--kana",
            "ヤマダ タロウ",
            "--relation",
            "本人",
            "--birth",
            "昭和55年6月1日",
            "--cert-expiry",
            &taro_expiry,
            "--insurer-number",
            "01010016",
            "--insurer-name",
            "全国健康保険協会 東京支部",
            "--symbol",
            "1234",
            "--number",
            "56",
            "--ratio",
            "3割",
        ],
    )?;
    cli(
        dir,
        &[
            "member",
            "add",
            "--name",
            "山田 花子",
            "--relation",
            "家族",
            "--birth",
            "平成2年4月10日",
            "--cert-expiry",
            &iso_in_days(900),
            "--card-expiry",
            &iso_in_days(2700),
        ],
    )?;
    // Mark the reminders due today as delivered (as cron would), so that the app does not
    // show them as an OS notification floating over the pictures. Exits 10 when some were due.
    let status = Command::new(hoken_e2e::app_binary()?)
        .arg("--data-dir")
        .arg(dir)
        .args(["status", "--due", "--ack"])
        .stdout(std::process::Stdio::null())
        .status()?;
    ensure!(
        matches!(status.code(), Some(0 | 10)),
        "status --due --ack: {status}"
    );
    Ok(())
}

/// A wallet with 太郎's imported qualification screen (and his certificate expiry entered).
/// Returns his id; `file` is the generated PDF.
fn documents_vault(dir: &Path, file: &Path) -> Result<String> {
    cli(dir, &["init", "--json"])?;
    std::fs::write(file, pdf(&Screen::taro(), Layout::Table))?;
    let imported: serde_json::Value = serde_json::from_str(&cli(
        dir,
        &["import", file.to_str().context("utf-8")?, "--json"],
    )?)?;
    let id = imported["member_id"]
        .as_str()
        .context("member_id")?
        .to_string();
    cli(
        dir,
        &["member", "edit", &id, "--cert-expiry", &iso_in_days(1400)],
    )?;
    // The screen is from 2024: its "refresh it" reminder is due; deliver it now, as cron would.
    let status = Command::new(hoken_e2e::app_binary()?)
        .arg("--data-dir")
        .arg(dir)
        .args(["status", "--due", "--ack"])
        .stdout(std::process::Stdio::null())
        .status()?;
    ensure!(matches!(status.code(), Some(0 | 10)), "status --due --ack");
    Ok(id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "renders PNGs for `make screenshot`"]
async fn render_screens() {
    std::env::remove_var("GTK_THEME");
    render_all().await;
    std::env::set_var("GTK_THEME", "Adwaita:dark");
    render_all().await;
    std::env::remove_var("GTK_THEME");
}

/// 特大 text: choosing it in settings, then the screen.
async fn extra_large(app: &App) -> Result<()> {
    app.click("nav-settings").await?;
    app.click("settings-size-xlarge").await?;
    app.click("settings-back").await?;
    app.wait_for_visible("member-card").await?;
    Ok(())
}

/// Every screen in the current palette.
async fn render_all() {
    let root = tempfile::Builder::new()
        .prefix("hoken-screens-")
        .tempdir()
        .expect("a temporary folder");

    // A family of two: home, a member, the delete dialog, the form.
    let family = data_dir(root.path(), "family").unwrap();
    family_vault(&family).expect("the family vault");
    // First run: the welcome, then the recovery code (a fresh folder each).
    shoot("first-run", None, None, |app| async move {
        app.wait_for_visible("start").await?;
        Ok(())
    })
    .await;
    shoot("recovery-code", None, None, |app| async move {
        app.first_run().await?;
        app.click("first-member-later").await?;
        app.click("recovery-banner-open").await?;
        app.wait_for_visible("recovery-code").await?;
        Ok(())
    })
    .await;
    shoot("home-recovery-banner", None, None, |app| async move {
        app.first_run().await?;
        app.click("first-member-later").await?;
        app.wait_for_visible("recovery-banner").await?;
        Ok(())
    })
    .await;
    shoot("recovery-code-check", None, None, |app| async move {
        app.first_run().await?;
        app.click("first-member-later").await?;
        app.click("recovery-banner-open").await?;
        app.wait_for_visible("recovery-code").await?;
        app.click("code-written").await?;
        app.wait_for_visible("code-confirm").await?;
        Ok(())
    })
    .await;

    // An open vault with nobody in it.
    let empty = data_dir(root.path(), "empty").unwrap();
    cli(&empty, &["init", "--json"]).expect("init");
    shoot("home-empty", Some(empty), None, |app| async move {
        app.wait_for_visible("family-empty").await?;
        Ok(())
    })
    .await;

    let home = |app: App| async move {
        app.wait_for_visible("member-card").await?;
        let cards = app.find_all("member-card").await?;
        ensure!(cards.len() == 2, "{} member cards", cards.len());
        Ok(())
    };
    let member = |app: App| async move {
        app.click("banner-details").await?;
        app.wait_for_visible("member-screen").await?;
        Ok(())
    };
    shoot("member", Some(family.clone()), None, member).await;
    shoot(
        "member-timeline",
        Some(family.clone()),
        Some("deadlines"),
        member,
    )
    .await;
    shoot(
        "member-delete",
        Some(family.clone()),
        None,
        move |app| async move {
            member(app.clone()).await?;
            app.click("member-delete").await?;
            app.wait_for_visible("confirm-cancel").await?;
            Ok(())
        },
    )
    .await;
    shoot(
        "member-form",
        Some(family.clone()),
        None,
        move |app| async move {
            member(app.clone()).await?;
            app.click("member-edit").await?;
            app.wait_for_visible("member-name").await?;
            Ok(())
        },
    )
    .await;
    shoot(
        "member-form-error",
        Some(family.clone()),
        Some("error"),
        move |app| async move {
            member(app.clone()).await?;
            app.click("member-edit").await?;
            app.fill("member-birth", "昭和65年1月1日").await?;
            app.click("member-save").await?;
            app.wait_for_visible("error").await?;
            Ok(())
        },
    )
    .await;

    // Home last: the warm-up's notification bubble (top right) is gone by now.
    shoot("home", Some(family.clone()), None, home).await;
    shoot(
        "home-en",
        Some(family.clone()),
        None,
        move |app| async move {
            home(app.clone()).await?;
            app.click("lang-toggle").await?;
            Ok(())
        },
    )
    .await;

    // A vault whose key is not in this keyring: the recovery screen.
    let locked = data_dir(root.path(), "locked").unwrap();
    locked_vault(&locked).expect("the locked vault");
    shoot("locked", Some(locked), None, |app| async move {
        app.wait_for_visible("recovery-input").await?;
        Ok(())
    })
    .await;

    // The deadline checker, one tap from the first-run screen.
    shoot("checker-empty", None, None, |app| async move {
        app.click("open-checker").await?;
        app.wait_for_visible("check-button").await?;
        Ok(())
    })
    .await;
    shoot("checker", None, Some("result"), |app| async move {
        app.click("open-checker").await?;
        checked(&app).await
    })
    .await;
    shoot("checker-en", None, Some("result"), |app| async move {
        app.click("open-checker").await?;
        checked(&app).await?;
        app.click("lang-toggle").await?;
        Ok(())
    })
    .await;

    // The counter: a wallet with an imported document.
    let docs = data_dir(root.path(), "documents").unwrap();
    let pdf_file = root.path().join("taro.pdf");
    documents_vault(&docs, &pdf_file).expect("the documents vault");
    std::env::set_var("HOKEN_WALLET_PICK_FILE", &pdf_file);
    let home_docs = |app: App| async move {
        app.wait_for_visible("member-card").await?;
        Ok(())
    };
    shoot("home-document", Some(docs.clone()), None, home_docs).await;
    for (name, en) in [("clinic", false), ("clinic-en", true)] {
        shoot(name, Some(docs.clone()), None, move |app| async move {
            home_docs(app.clone()).await?;
            if en {
                app.click("lang-toggle").await?;
            }
            app.click("clinic-open").await?;
            app.wait_for_css("[data-testid=\"clinic-mode\"][data-ready=\"true\"]")
                .await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok(())
        })
        .await;
    }
    shoot(
        "home-xlarge",
        Some(docs.clone()),
        None,
        move |app| async move {
            home_docs(app.clone()).await?;
            extra_large(&app).await
        },
    )
    .await;
    shoot(
        "clinic-xlarge",
        Some(docs.clone()),
        None,
        move |app| async move {
            home_docs(app.clone()).await?;
            extra_large(&app).await?;
            app.click("clinic-open").await?;
            app.wait_for_css("[data-testid=\"clinic-mode\"][data-ready=\"true\"]")
                .await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok(())
        },
    )
    .await;
    shoot(
        "member-documents",
        Some(docs.clone()),
        Some("document-item"),
        move |app| async move {
            home_docs(app.clone()).await?;
            app.click("member-card").await?;
            app.wait_for_visible("document-item").await?;
            Ok(())
        },
    )
    .await;
    shoot("print", Some(docs.clone()), None, move |app| async move {
        home_docs(app.clone()).await?;
        app.click("print-all").await?;
        app.wait_for_visible("print-sheet").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    })
    .await;
    shoot(
        "qr-share",
        Some(docs.clone()),
        None,
        move |app| async move {
            home_docs(app.clone()).await?;
            app.click("member-card").await?;
            app.click("member-share").await?;
            app.wait_for_visible("qr-svg").await?;
            app.click("qr-lock").await?;
            app.wait_for_visible("qr-code").await?;
            Ok(())
        },
    )
    .await;
    shoot(
        "import-preview",
        Some(docs.clone()),
        None,
        move |app| async move {
            home_docs(app.clone()).await?;
            app.click("import-start").await?;
            app.click("import-pick").await?;
            app.wait_for_visible("import-preview").await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok(())
        },
    )
    .await;
    shoot(
        "import-target",
        Some(docs.clone()),
        Some("import-target"),
        move |app| async move {
            home_docs(app.clone()).await?;
            app.click("import-start").await?;
            app.click("import-pick").await?;
            app.wait_for_visible("import-preview").await?;
            Ok(())
        },
    )
    .await;
    shoot("first-member", None, None, |app| async move {
        app.first_run().await?;
        app.wait_for_visible("first-member").await?;
        Ok(())
    })
    .await;

    // The guide and settings.
    shoot("guide", Some(docs.clone()), None, move |app| async move {
        home_docs(app.clone()).await?;
        app.click("nav-guide").await?;
        app.wait_for_visible("guide-question").await?;
        Ok(())
    })
    .await;
    shoot(
        "guide-result",
        Some(docs.clone()),
        None,
        move |app| async move {
            home_docs(app.clone()).await?;
            app.click("nav-guide").await?;
            app.click("guide-answer-card_yes").await?;
            app.click("guide-answer-phone_no").await?;
            app.wait_for_visible("guide-result").await?;
            Ok(())
        },
    )
    .await;
    for (name, en) in [("settings", false), ("settings-en", true)] {
        shoot(name, Some(docs.clone()), None, move |app| async move {
            home_docs(app.clone()).await?;
            if en {
                app.click("lang-toggle").await?;
            }
            app.click("nav-settings").await?;
            app.wait_for_visible("settings").await?;
            Ok(())
        })
        .await;
    }
}
