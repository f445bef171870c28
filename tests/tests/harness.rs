//! The harness itself: the real app starts under tauri-driver, its page loads, a screenshot is
//! taken, and each launch gets its own HOME (so localStorage and data never leak between tests).

use hoken_e2e::with_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_starts_and_renders_a_page() {
    with_app("harness_app_starts", |app| async move {
        let body = app.wait_for_css("body").await?;
        // Either the built UI or the placeholder: a page with some text, not an error page.
        let text = app.wait_for_text(&body, "").await?;
        anyhow::ensure!(!text.trim().is_empty(), "the page is blank");
        let url = app.client.current_url().await?;
        anyhow::ensure!(
            url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost"),
            "the app's own page, not {url}"
        );
        // The window starts hidden and is shown once the page has loaded (src-tauri/src/reveal.rs).
        app.wait_until(
            "the window is shown",
            std::time::Duration::from_secs(10),
            |c| async move {
                Ok(c.execute("return document.visibilityState", vec![]).await? == "visible")
            },
        )
        .await?;
        // The page names its platform, so app.css picks this system's fonts.
        let os = app
            .js("return document.documentElement.dataset.os ?? ''", vec![])
            .await?;
        anyhow::ensure!(os == "linux", "data-os is {os}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_launch_starts_with_empty_storage() {
    // A value saved by one launch must not be seen by the next.
    for round in 0..2 {
        with_app(
            &format!("harness_fresh_storage_{round}"),
            |app| async move {
                let seen = app
                    .js(
                        "const v = localStorage.getItem('hoken-e2e.marker'); \
                     localStorage.setItem('hoken-e2e.marker', 'set'); return v;",
                        vec![],
                    )
                    .await?;
                anyhow::ensure!(
                    seen.is_null(),
                    "storage leaked from an earlier launch: {seen}"
                );
                Ok(())
            },
        )
        .await;
    }
}
