//! The deadline checker screen, end to end: the real app, its real UI and its real commands.
//!
//! Each test launches a fresh app (own HOME, so the saved language starts as Japanese; no vault,
//! so it opens on the first-run screen, where the checker is one tap away) and leaves a screenshot of its final state in target/e2e-screenshots/<test>.png.

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use hoken_e2e::{testid, with_app, App};

/// The ISO date shown in the `deadline-<kind>` row (waits for the row).
async fn deadline_date(app: &App, kind: &str) -> Result<String> {
    let row = app.wait_for(&format!("deadline-{kind}")).await?;
    let date = row
        .find(Locator::Css(&testid("deadline-date")))
        .await
        .with_context(|| format!("the deadline-{kind} row has a deadline-date"))?;
    Ok(date.text().await?)
}

/// Asserts the certificate expiry and grace end rows of the 1980-06-01 / 2021-03-10 card.
async fn assert_1980_card_deadlines(app: &App) -> Result<()> {
    app.wait_for_visible("result").await?;
    let expiry = deadline_date(app, "certificate_expiry").await?;
    ensure!(
        expiry.contains("2025-06-01"),
        "certificate_expiry shows {expiry:?}"
    );
    let grace_end = deadline_date(app, "grace_end").await?;
    ensure!(
        grace_end.contains("2025-09-30"),
        "grace_end shows {grace_end:?}"
    );
    app.wait_for_visible("status-badge").await?;
    Ok(())
}

/// Waits until no `result` section is shown.
async fn wait_for_no_result(app: &App) -> Result<()> {
    let probe = app.clone();
    app.wait_until("the result is gone", hoken_e2e::WAIT, move |_| {
        let probe = probe.clone();
        async move { Ok(probe.find_all("result").await?.is_empty()) }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iso_and_era_birth_dates_give_the_same_deadlines() {
    with_app("checker_deadlines", |app| async move {
        app.click("open-checker").await?;
        app.fill("input-birth", "1980-06-01").await?;
        app.fill("input-issued", "2021-03-10").await?;
        app.click("check-button").await?;
        assert_1980_card_deadlines(&app)
            .await
            .context("with the ISO birth date")?;

        // Submitting without a birth date takes the result away (the form's own check), so
        // the result that comes back next is certainly the era date's.
        app.fill("input-birth", "").await?;
        app.click("check-button").await?;
        wait_for_no_result(&app).await?;

        app.fill("input-birth", "昭和55年6月1日").await?;
        app.click("check-button").await?;
        assert_1980_card_deadlines(&app)
            .await
            .context("with the era birth date")?;
        app.scroll_to("result").await?;
        ensure!(
            app.find_all("error").await?.is_empty(),
            "an error is shown next to the result"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_toggle_switches_between_japanese_and_english() {
    with_app("checker_lang_toggle", |app| async move {
        app.click("open-checker").await?;
        let button = app.wait_for_visible("check-button").await?;
        ensure!(
            app.html_lang().await? == "ja",
            "a fresh app starts in Japanese"
        );
        let label_ja = button.text().await?;
        ensure!(!label_ja.trim().is_empty(), "the check button has a label");

        app.click("lang-toggle").await?;
        let probe = app.clone();
        app.wait_until("<html lang> is en", hoken_e2e::WAIT, move |_| {
            let probe = probe.clone();
            async move { Ok(probe.html_lang().await? == "en") }
        })
        .await?;
        let label_en = app.wait_for_visible("check-button").await?.text().await?;
        ensure!(
            label_en != label_ja,
            "the check button still reads {label_en:?} in English"
        );
        ensure!(
            label_en.is_ascii(),
            "the English label {label_en:?} is not English"
        );

        app.click("lang-toggle").await?;
        let probe = app.clone();
        app.wait_until("<html lang> is ja again", hoken_e2e::WAIT, move |_| {
            let probe = probe.clone();
            async move { Ok(probe.html_lang().await? == "ja") }
        })
        .await?;
        let label_back = app.wait_for_visible("check-button").await?.text().await?;
        ensure!(
            label_back == label_ja,
            "back in Japanese the button reads {label_back:?}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_era_date_shows_an_error_and_no_result() {
    with_app("checker_impossible_date", |app| async move {
        app.click("open-checker").await?;
        // 昭和 ended on its 64th year (1989-01-07): 昭和65年 never happened.
        app.fill("input-birth", "昭和65年1月1日").await?;
        app.fill("input-issued", "2021-03-10").await?;
        app.click("check-button").await?;

        let error = app.wait_for_visible("error").await?;
        ensure!(
            error.attr("role").await?.as_deref() == Some("alert"),
            "the error is an alert"
        );
        app.wait_for_text(&error, "昭和")
            .await
            .context("the error names the era")?;
        ensure!(
            app.find_all("result").await?.is_empty(),
            "a result is shown next to the error"
        );
        Ok(())
    })
    .await;
}
