//! `make screenshot`: renders the app's screens to PNG at phone (390 × 844) and desktop
//! (1280 × 800) sizes into $HOKEN_SCREENSHOT_DIR (default target/screenshots): first run, the
//! recovery code, home (empty and with two members, in Japanese and English), a member, the
//! member form, the locked (recovery) screen and the deadline checker. Ignored by
//! `cargo test`; `make screenshot` runs it with `--ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};
use hoken_e2e::{cli, with_app, with_app_in, App};

const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 800)];

fn out_dir() -> PathBuf {
    std::env::var_os("HOKEN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| hoken_e2e::target_dir().join("screenshots"))
}

async fn save(app: &App, name: &str) -> Result<()> {
    let png = app.client.screenshot().await.context("screenshot")?;
    let dir = out_dir();
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

/// Saves `<name>-<w>x<h>.png` at both sizes, scrolled to the top (or to `scroll_to`).
async fn save_sizes(app: &App, name: &str, scroll_to: Option<&str>) -> Result<()> {
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
        save(app, &format!("{name}-{w}x{h}")).await?;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "renders PNGs for `make screenshot`"]
async fn render_screens() {
    let root = tempfile::Builder::new()
        .prefix("hoken-screens-")
        .tempdir()
        .expect("a temporary folder");

    // First run: welcome, the recovery code, its check, the empty home.
    let fresh = data_dir(root.path(), "fresh").unwrap();
    with_app_in("screenshots_first_run", Some(fresh), |app| async move {
        app.wait_for_visible("start").await?;
        save_sizes(&app, "first-run", None).await?;
        app.click("start").await?;
        app.wait_for_visible("recovery-code").await?;
        save_sizes(&app, "recovery-code", None).await?;
        let mut groups = Vec::new();
        for el in app.find_all("code-group").await? {
            groups.push(el.text().await?.trim().to_string());
        }
        app.click("code-written").await?;
        let n: usize = app
            .wait_for_visible("confirm-group")
            .await?
            .attr("data-group")
            .await?
            .context("data-group")?
            .parse()?;
        app.fill("code-confirm", &groups[n - 1]).await?;
        save_sizes(&app, "recovery-code-check", None).await?;
        app.click("code-confirm-submit").await?;
        app.wait_for_visible("family-empty").await?;
        save_sizes(&app, "home-empty", None).await?;
        Ok(())
    })
    .await;

    // A family of two, made with the CLI: home, a member, the form, in both languages.
    let family = data_dir(root.path(), "family").unwrap();
    cli(&family, &["init", "--json"]).expect("init");
    let taro_expiry = iso_in_days(40);
    cli(
        &family,
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
    )
    .expect("member add 太郎");
    cli(
        &family,
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
    )
    .expect("member add 花子");
    with_app_in("screenshots_family", Some(family), |app| async move {
        let cards = {
            app.wait_for_visible("member-card").await?;
            app.find_all("member-card").await?
        };
        ensure!(cards.len() == 2, "{} member cards", cards.len());
        save_sizes(&app, "home", None).await?;
        app.click("lang-toggle").await?;
        save_sizes(&app, "home-en", None).await?;
        app.click("lang-toggle").await?;

        app.click("banner-details").await?;
        app.wait_for_visible("member-screen").await?;
        save_sizes(&app, "member", None).await?;
        save_sizes(&app, "member-timeline", Some("deadlines")).await?;
        app.click("member-delete").await?;
        app.wait_for_visible("confirm-cancel").await?;
        save_sizes(&app, "member-delete", None).await?;
        app.click("confirm-cancel").await?;

        app.click("member-edit").await?;
        app.wait_for_visible("member-name").await?;
        save_sizes(&app, "member-form", None).await?;
        // A wrong date: the alert next to the save button.
        app.fill("member-birth", "昭和65年1月1日").await?;
        app.click("member-save").await?;
        app.wait_for_visible("error").await?;
        save_sizes(&app, "member-form-error", Some("error")).await?;
        Ok(())
    })
    .await;

    // A vault whose key is not in this keyring: the recovery screen.
    let locked = data_dir(root.path(), "locked").unwrap();
    cli(&locked, &["init", "--json"]).expect("init");
    let header = std::fs::read_to_string(locked.join("vault.json")).expect("vault.json");
    let header: serde_json::Value = serde_json::from_str(&header).expect("vault.json is JSON");
    let id = header["vault_id"].as_str().expect("vault_id").to_string();
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", "hoken-wallet", "username", &id])
        .status()
        .expect("secret-tool");
    assert!(cleared.success());
    with_app_in("screenshots_locked", Some(locked), |app| async move {
        app.wait_for_visible("recovery-input").await?;
        save_sizes(&app, "locked", None).await?;
        Ok(())
    })
    .await;

    // The deadline checker, one tap from the first-run screen.
    with_app("screenshots_checker", |app| async move {
        app.click("open-checker").await?;
        app.wait_for_visible("check-button").await?;
        for (w, h) in SIZES {
            app.client.set_window_size(w, h).await?;
            app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
            save(&app, &format!("checker-empty-{w}x{h}")).await?;
            checked(&app).await?;
            // The result, scrolled into view as the app does after a check.
            app.client
                .execute(
                    "document.querySelector('[data-testid=result]').scrollIntoView()",
                    vec![],
                )
                .await?;
            save(&app, &format!("checker-{w}x{h}")).await?;
            app.click("lang-toggle").await?;
            save(&app, &format!("checker-en-{w}x{h}")).await?;
            app.click("lang-toggle").await?;
        }
        Ok(())
    })
    .await;
}
