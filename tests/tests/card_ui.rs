//! 「カードから読み取る」 in the real app: with pcscd, the virtual reader and the JPKI
//! emulator (hoken_e2e::card), the member form's button fills the certificate expiry from
//! the card; saved, the member screen marks it as read from the card and the timeline
//! follows it. Without a reader the button is not offered.

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, NaiveDate};
use fantoccini::Locator;
use hoken_core::testcert::{self, CertSpec};
use hoken_e2e::card::{CardSpec, Pcscd, VirtualCard};
use hoken_e2e::{target_dir, testid, with_app, App};

/// A certificate expiry some three years ahead (the card is usable whatever today is).
fn expiry() -> NaiveDate {
    let today = chrono::Local::now().date_naive();
    NaiveDate::from_ymd_opt(today.year() + 3, 2, 10).unwrap()
}

async fn value(app: &App, id: &str) -> Result<String> {
    let el = app.wait_for_visible(id).await?;
    Ok(el.prop("value").await?.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_member_form_reads_the_expiry_from_the_card() {
    let log = target_dir().join("e2e-logs");
    let _ = std::fs::create_dir_all(&log);
    let pcscd = Pcscd::start(&log.join("pcscd-card-ui.log")).expect("pcscd");
    let expiry = expiry();
    let card = VirtualCard::insert(CardSpec::jpki(testcert::certificate(&CertSpec::auth(
        expiry,
    ))))
    .expect("card on the reader");
    let iso = expiry.format("%Y-%m-%d").to_string();

    with_app("card_read_form", move |app| async move {
        app.first_run().await?;
        app.click("first-member-later").await?;
        app.click("add-member").await?;
        app.fill("member-name", "山田 花子").await?;
        app.fill("member-birth", "昭和55年6月1日").await?;
        app.fill("member-cert-issued", "2021-03-10").await?;
        // The reader is there: the button is offered.
        app.click("card-read-button").await?;
        let shown = app.wait_for_visible("card-read-date").await?;
        ensure!(
            shown.attr("data-date").await?.as_deref() == Some(iso.as_str()),
            "the read shows {:?}",
            shown.text().await?
        );
        let filled = value(&app, "member-cert-expiry").await?;
        ensure!(filled == iso, "the expiry field holds {filled:?}");
        app.click("member-save").await?;

        // The member screen: the date, marked as read from the card, wins in the timeline.
        app.wait_for_visible("notice").await?;
        app.click("member-open").await?;
        app.wait_for_visible("cert-expiry-from-card").await?;
        let row = app.wait_for_visible("deadline-certificate_expiry").await?;
        let date = row
            .find(Locator::Css(&testid("deadline-date")))
            .await?
            .text()
            .await?;
        ensure!(
            date.contains(&expiry.year().to_string()) && date.contains("2月10日") || date == iso,
            "the certificate expiry row shows {date:?}"
        );
        // The timeline row says where its date came from, too.
        row.find(Locator::Css(&testid("deadline-from-card")))
            .await
            .context("the certificate expiry row is not marked as read from the card")?;
        Ok(())
    })
    .await;
    card.remove();
    pcscd.stop();

    // No reader (pcscd stopped): the form offers no card reading.
    with_app("card_read_no_reader", |app| async move {
        app.first_run().await?;
        app.click("first-member-later").await?;
        app.click("add-member").await?;
        app.wait_for_visible("member-cert-expiry").await?;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        ensure!(
            app.find_all("card-read-button").await?.is_empty(),
            "「カードから読み取る」 without a reader"
        );
        Ok(())
    })
    .await;
}
