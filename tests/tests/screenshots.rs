//! `make screenshot`: renders the app's screens to PNG at phone (390 × 844) and desktop
//! (1280 × 800) sizes, in Japanese and English, into $HOKEN_SCREENSHOT_DIR (default
//! target/screenshots). Ignored by `cargo test`; `make screenshot` runs it with `--ignored`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use hoken_e2e::{with_app, App};

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
    with_app("screenshots", |app| async move {
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
