//! The end-to-end harness: the real debug app, launched by `tauri-driver` (which runs
//! `WebKitWebDriver`, which runs the app), driven over WebDriver with fantoccini.
//!
//! Needs a display (run under `xvfb-run -a dbus-run-session -- …`), `tauri-driver` and
//! `WebKitWebDriver`, and an app built after the UI (`npm run build` in ui/, then
//! `cargo build -p hoken-wallet`: the binary embeds ui/dist).
//!
//! - app binary: `$HOKEN_APP`, else `<target>/debug/hoken-wallet`
//! - tauri-driver: `$TAURI_DRIVER`, else `<workspace>/.tools/bin/tauri-driver`, else `$PATH`
//! - each launch gets its own tauri-driver on free ports and its own temporary HOME,
//!   XDG_{DATA,CONFIG,CACHE}_HOME and HOKEN_WALLET_DATA_DIR (tauri-driver's environment is
//!   inherited by WebKitWebDriver and then by the app)
//! - driver and app output goes to `<target>/e2e-logs/<test>.log`, screenshots to
//!   `<target>/e2e-screenshots/<name>.png`
//!
//! Tests look like:
//!
//! ```no_run
//! # async fn f() {
//! hoken_e2e::with_app("my_test", |app| async move {
//!     app.fill("input-birth", "1980-06-01").await?;
//!     Ok(())
//! })
//! .await;
//! # }
//! ```

pub mod card;

use std::fs::File;
use std::future::Future;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long an explicit wait waits before failing: a cold debug app under Xvfb on a busy
/// 2-core machine can take a while to render its first page.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long tauri-driver and the app may take to start.
const STARTUP: Duration = Duration::from_secs(60);
/// The longest one test (after the launch) may take.
const TEST_TIMEOUT: Duration = Duration::from_secs(180);
/// How often polling waits look again.
const POLL: Duration = Duration::from_millis(100);

// ---------------------------------------------------------------------------------------------
// Paths

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the workspace), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The app under test: `$HOKEN_APP`, else the debug build.
pub fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("HOKEN_APP") {
        Some(p) => workspace_root().join(p),
        None => target_dir().join("debug").join("hoken-wallet"),
    };
    if !path.is_file() {
        bail!(
            "the app binary {} does not exist: build the UI (cd ui && npm ci && npm run build), \
             then `cargo build -p hoken-wallet`, or set HOKEN_APP",
            path.display()
        );
    }
    Ok(path)
}

/// `$TAURI_DRIVER`, else `<workspace>/.tools/bin/tauri-driver`, else `tauri-driver` on `$PATH`.
pub fn tauri_driver_binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        let p = workspace_root().join(p);
        if !p.is_file() {
            bail!("TAURI_DRIVER={} does not exist", p.display());
        }
        return Ok(p);
    }
    let local = workspace_root().join(".tools/bin/tauri-driver");
    if local.is_file() {
        return Ok(local);
    }
    find_on_path("tauri-driver").ok_or_else(|| {
        anyhow!(
            "tauri-driver not found: set TAURI_DRIVER or run \
             `cargo install tauri-driver --version ^2 --locked --root .tools`"
        )
    })
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A port nobody listens on right now (the OS picks it).
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Progress messages on stderr when `HOKEN_E2E_TRACE` is set (for a hanging launch).
pub fn trace(msg: impl std::fmt::Display) {
    if std::env::var_os("HOKEN_E2E_TRACE").is_some() {
        eprintln!("[hoken-e2e {:?}] {msg}", std::time::SystemTime::now());
    }
}

/// A file-system-safe version of a test name.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// tauri-driver

/// Set in the test process: the app's XDG_DATA_HOME instead of a fresh one (see
/// `tests/webview_dir.rs`).
pub const XDG_DATA_HOME_ENV: &str = "HOKEN_E2E_XDG_DATA_HOME";

/// A running tauri-driver in its own process group, with the app's isolated directories.
/// Dropping it ends the whole group: tauri-driver, WebKitWebDriver and the app.
pub struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
    /// The app's HOME, XDG directories and data directory; removed on drop.
    home: tempfile::TempDir,
}

impl Driver {
    /// Starts tauri-driver on free ports and waits until both it and WebKitWebDriver listen.
    pub fn spawn(name: &str) -> Result<Driver> {
        Driver::spawn_in(name, None)
    }

    /// As [`Driver::spawn`], with `data_dir` as the app's HOKEN_WALLET_DATA_DIR instead of a
    /// fresh one (to relaunch on the same vault; the caller owns and removes it).
    pub fn spawn_in(name: &str, data_dir: Option<&Path>) -> Result<Driver> {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            bail!("no display: run the e2e tests under `xvfb-run -a dbus-run-session -- …`");
        }
        let binary = tauri_driver_binary()?;
        let home = tempfile::Builder::new().prefix("hoken-e2e-").tempdir()?;
        let dirs = ["home", "data", "config", "cache", "wallet"].map(|d| home.path().join(d));
        for d in &dirs {
            std::fs::create_dir_all(d)?;
        }
        let [home_dir, data, config, cache, wallet] = dirs;
        let wallet = data_dir.map(Path::to_path_buf).unwrap_or(wallet);
        // A test that needs the OS's default data folder (`$XDG_DATA_HOME/<identifier>`) to be
        // a folder it knows sets the app's XDG_DATA_HOME itself.
        let data = std::env::var_os(XDG_DATA_HOME_ENV)
            .map(PathBuf::from)
            .unwrap_or(data);

        let logs = target_dir().join("e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let log = logs.join(format!("{}.log", file_name(name)));
        let out = File::create(&log).with_context(|| format!("creating {}", log.display()))?;

        let port = free_port()?;
        let native_port = loop {
            let p = free_port()?;
            if p != port {
                break p;
            }
        };

        let mut cmd = Command::new(&binary);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("HOME", &home_dir)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_CACHE_HOME", &cache)
            .env("HOKEN_WALLET_DATA_DIR", &wallet)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            // Its own process group, so that drop can end the driver's children too.
            .process_group(0);
        // WebKitGTK's DMA-BUF renderer draws nothing (or crashes) on Xvfb without a GPU.
        if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
            cmd.env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
        if let Some(native) = std::env::var_os("WEBKIT_WEBDRIVER") {
            cmd.arg("--native-driver").arg(native);
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut driver = Driver {
            child,
            port,
            log,
            home,
        };

        let deadline = Instant::now() + STARTUP;
        for p in [port, native_port] {
            while TcpStream::connect((Ipv4Addr::LOCALHOST, p)).is_err() {
                if let Some(status) = driver.child.try_wait()? {
                    bail!("tauri-driver exited ({status}); {}", driver.log_tail());
                }
                if Instant::now() > deadline {
                    bail!(
                        "tauri-driver did not listen on {p} within {STARTUP:?}; {}",
                        driver.log_tail()
                    );
                }
                std::thread::sleep(POLL);
            }
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The app's temporary HOME (and XDG directories) root.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// The end of the driver's and the app's output, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!("log {}:\n{tail}", self.log.display())
    }

    fn signal_group(&self, signal: i32) {
        let pgid = self.child.id() as i32;
        // SAFETY: kill(2) with a negative pid signals our own child's process group.
        unsafe {
            libc::kill(-pgid, signal);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // tauri-driver kills WebKitWebDriver on SIGTERM; the app shares the process group.
        self.signal_group(libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        // Whatever is left of the group (the app, WebKit's helper processes).
        self.signal_group(libc::SIGKILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// The app

/// A launched app: a WebDriver session on its main window. Cloning shares the session.
#[derive(Clone)]
pub struct App {
    pub client: Client,
}

/// Launches the app under its own tauri-driver; the caller keeps the driver alive.
pub async fn launch(name: &str) -> Result<(App, Driver)> {
    launch_in(name, None).await
}

/// As [`launch`], on the given data folder (see [`Driver::spawn_in`]).
pub async fn launch_in(name: &str, data_dir: Option<PathBuf>) -> Result<(App, Driver)> {
    let application = app_binary()?;
    let name = name.to_string();
    let driver =
        tokio::task::spawn_blocking(move || Driver::spawn_in(&name, data_dir.as_deref())).await??;
    trace(format!(
        "tauri-driver listens at {}; starting {}",
        driver.url(),
        application.display()
    ));

    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        json!({ "application": application }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = tokio::time::timeout(
        STARTUP,
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url()),
    )
    .await
    .map_err(|_| {
        anyhow!(
            "no WebDriver session within {STARTUP:?}; {}",
            driver.log_tail()
        )
    })?
    .map_err(|e| anyhow!("no WebDriver session: {e}; {}", driver.log_tail()))?;

    trace("session created");
    let app = App { client };
    app.wait_until("the page has loaded", WAIT, |c| async move {
        Ok(c.execute("return document.readyState", vec![]).await? == json!("complete"))
    })
    .await
    .with_context(|| driver.log_tail())?;
    trace("page loaded");
    Ok((app, driver))
}

/// Runs one test against a fresh app: launches it, runs `test`, saves a screenshot of the final
/// state as `<name>.png` (whether the test passed or not), ends the session and the driver,
/// then fails the calling test if `test` failed or panicked.
pub async fn with_app<F, Fut>(name: &str, test: F)
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    with_app_in(name, None, test).await
}

/// As [`with_app`], with the app's data in `data_dir` (kept after the test): launching twice
/// on the same folder is quitting and reopening the app.
pub async fn with_app_in<F, Fut>(name: &str, data_dir: Option<PathBuf>, test: F)
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let (app, driver) = match launch_in(name, data_dir).await {
        Ok(launched) => launched,
        Err(e) => panic!("{name}: the app did not start: {e:#}"),
    };
    // Spawned, so that a panicking assertion still leaves the screenshot and the cleanup.
    let task = tokio::spawn(test(app.clone()));
    let abort = task.abort_handle();
    let outcome = match tokio::time::timeout(TEST_TIMEOUT, task).await {
        Ok(joined) => joined,
        Err(_) => {
            abort.abort();
            Ok(Err(anyhow!(
                "the test did not finish within {TEST_TIMEOUT:?}"
            )))
        }
    };
    let shot = match tokio::time::timeout(Duration::from_secs(10), app.screenshot(name)).await {
        Ok(shot) => shot,
        Err(_) => Err(anyhow!("the screenshot did not come within 10 s")),
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), app.client.clone().close()).await;
    let log = driver.log_tail();
    drop(driver);
    match outcome {
        Ok(Ok(())) => {
            // The screenshot is a diagnostic: WebKitGTK under Xvfb sometimes never answers it
            // (seen after a recovery) although the page works.
            if let Err(e) = shot {
                eprintln!("{name}: warning: no final screenshot: {e:#}");
            }
        }
        Ok(Err(e)) => panic!("{name}: {e:#}\n{log}"),
        Err(join) if join.is_panic() => {
            eprintln!("{name}: {log}");
            std::panic::resume_unwind(join.into_panic())
        }
        Err(join) => panic!("{name}: {join}"),
    }
}

/// Runs the app binary as the command-line tool on `data_dir` (`hoken-wallet --data-dir D
/// ARGS…`) in this session (the same keyring as the app) and returns its standard output.
pub fn cli(data_dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(app_binary()?)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running hoken-wallet {args:?}"))?;
    if !out.status.success() {
        bail!(
            "hoken-wallet {args:?} exited with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The CSS selector of a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App {
    /// Waits (up to [`WAIT`]) for an element with the given `data-testid` to exist.
    pub async fn wait_for(&self, id: &str) -> Result<Element> {
        self.wait_for_css(&testid(id)).await
    }

    /// Waits (up to [`WAIT`]) for an element matching a CSS selector to exist.
    pub async fn wait_for_css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// Waits (up to [`WAIT`]) for an element with the given `data-testid` to be displayed.
    pub async fn wait_for_visible(&self, id: &str) -> Result<Element> {
        let el = self.wait_for(id).await?;
        let probe = el.clone();
        self.wait_until(&format!("{id} is displayed"), WAIT, move |_| {
            let probe = probe.clone();
            async move { Ok(probe.is_displayed().await?) }
        })
        .await?;
        Ok(el)
    }

    /// All elements with the given `data-testid` right now (no waiting).
    pub async fn find_all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&testid(id))).await?)
    }

    /// Polls `ready` until it returns true, failing after `timeout`; errors while polling
    /// (e.g. a stale element during a re-render) count as "not yet".
    pub async fn wait_until<F, Fut>(
        &self,
        what: &str,
        timeout: Duration,
        mut ready: F,
    ) -> Result<()>
    where
        F: FnMut(Client) -> Fut,
        Fut: Future<Output = Result<bool>>,
    {
        let deadline = Instant::now() + timeout;
        let mut last_error = None;
        loop {
            // A WebDriver command can itself hang (e.g. while the page navigates): bound it too.
            let left = deadline.saturating_duration_since(Instant::now()).max(POLL);
            match tokio::time::timeout(left, ready(self.client.clone())).await {
                Ok(Ok(true)) => return Ok(()),
                Ok(Ok(false)) => {}
                Ok(Err(e)) => last_error = Some(e),
                Err(_) => last_error = Some(anyhow!("a WebDriver command did not answer")),
            }
            if Instant::now() > deadline {
                let why = last_error
                    .map(|e| format!(" (last error: {e:#})"))
                    .unwrap_or_default();
                bail!("timed out after {timeout:?} waiting until {what}{why}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the element's visible text contains `needle`; returns the text.
    pub async fn wait_for_text(&self, el: &Element, needle: &str) -> Result<String> {
        let probe = el.clone();
        let needle_owned = needle.to_string();
        let waited = self
            .wait_until(&format!("the text contains {needle:?}"), WAIT, move |_| {
                let probe = probe.clone();
                let needle = needle_owned.clone();
                async move { Ok(probe.text().await?.contains(&needle)) }
            })
            .await;
        let text = el.text().await.unwrap_or_default();
        waited.with_context(|| format!("the text is {text:?}"))?;
        Ok(text)
    }

    /// Replaces the text of the input with the given `data-testid`, as a user typing would
    /// (key events, so the UI sees `input` events).
    pub async fn fill(&self, id: &str, text: &str) -> Result<Element> {
        let el = self.wait_for_visible(id).await?;
        el.clear().await.with_context(|| format!("clearing {id}"))?;
        // WebDriver's clear does not promise an `input` event; the UI's bindings listen for one.
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        if !text.is_empty() {
            el.send_keys(text)
                .await
                .with_context(|| format!("typing into {id}"))?;
        }
        let value = el.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("{id} holds {value:?} after typing {text:?}");
        }
        Ok(el)
    }

    /// Clicks the element with the given `data-testid` once it is displayed.
    pub async fn click(&self, id: &str) -> Result<()> {
        self.wait_for_visible(id)
            .await?
            .click()
            .await
            .with_context(|| format!("clicking {id}"))?;
        Ok(())
    }

    /// Scrolls the element with the given `data-testid` to the top of the window (e.g. so that
    /// the final screenshot shows it).
    pub async fn scroll_to(&self, id: &str) -> Result<()> {
        let el = self.wait_for(id).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'})",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        Ok(())
    }

    /// `<html lang>`.
    pub async fn html_lang(&self) -> Result<String> {
        let v = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Goes through the first run: 始める makes the vault, and the first-member step follows.
    pub async fn first_run(&self) -> Result<()> {
        self.click("start").await?;
        self.wait_for_visible("first-member").await?;
        Ok(())
    }

    /// From home: opens the recovery code its banner asks for, reads it and types back the
    /// group asked for; home follows without the banner. Returns the code's groups.
    pub async fn keep_code(&self) -> Result<Vec<String>> {
        self.click("recovery-banner-open").await?;
        self.wait_for_visible("recovery-code").await?;
        let mut groups = Vec::new();
        for el in self.find_all("code-group").await? {
            groups.push(el.text().await?.trim().to_string());
        }
        self.click("code-written").await?;
        let n: usize = self
            .wait_for_visible("confirm-group")
            .await?
            .attr("data-group")
            .await?
            .context("the confirm step names a group")?
            .parse()?;
        let group = groups
            .get(n.wrapping_sub(1))
            .with_context(|| format!("group {n} of {groups:?}"))?
            .clone();
        self.fill("code-confirm", &group).await?;
        self.click("code-confirm-submit").await?;
        self.wait_for_visible("home").await?;
        Ok(groups)
    }

    /// Waits until the `<img>` with this test id is decoded (the `hoken:` scheme answered);
    /// returns its natural width.
    pub async fn image_decoded(&self, id: &str) -> Result<u64> {
        let css = testid(id);
        let width = |c: Client, css: String| async move {
            let v = c
                .execute(
                    "const i = document.querySelector(arguments[0]); \
                     return i && i.complete ? i.naturalWidth : 0;",
                    vec![Value::from(css)],
                )
                .await?;
            Ok::<u64, anyhow::Error>(v.as_u64().unwrap_or(0))
        };
        let probe = css.clone();
        self.wait_until(&format!("{id} is decoded"), WAIT, move |c| {
            let css = probe.clone();
            async move { Ok(width(c, css).await? > 0) }
        })
        .await?;
        width(self.client.clone(), css).await
    }

    /// Fails where a line of Japanese text begins with a small kana, ー or closing punctuation, or
    /// breaks between two katakana (inside a word): each character's box, line by line.
    pub async fn japanese_lines(&self, at: &str) -> Result<()> {
        let out = self
            .js(
                r#"const bad = [];
                 const START = /[ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーｰ）)」』】〕〉》］｝。、．，！？：；]/;
                 const KATA = /[ァ-ヺー]/;
                 const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                 for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                   const t = n.data;
                   if (!/[぀-ヿ㐀-鿿]/.test(t)) continue;
                   const el = n.parentElement;
                   if (!el || el.closest('input, textarea, script, style, .visually-hidden')) continue;
                   let top = null, prev = null;
                   for (let i = 0; i < t.length; i++) {
                     const ch = t[i];
                     if (ch === '\u200b' || /\s/.test(ch)) { prev = null; continue; }
                     const r = document.createRange();
                     r.setStart(n, i);
                     r.setEnd(n, i + 1);
                     const rects = r.getClientRects();
                     if (!rects.length) continue;
                     const y = rects[0].top;
                     if (top !== null && y > top + 2) {
                       if (START.test(ch)) bad.push(`a line starts with ${ch} in ${JSON.stringify(t.replaceAll('\u200b', '|'))}`);
                       if (prev && KATA.test(prev) && KATA.test(ch)) bad.push(`a break inside ${JSON.stringify(t.replaceAll('\u200b', '|'))} at ${prev}/${ch}`);
                     }
                     top = y;
                     prev = ch;
                   }
                 }
                 return bad.slice(0, 8).join('; ');"#,
                vec![],
            )
            .await?;
        let bad = out.as_str().unwrap_or_default();
        ensure!(bad.is_empty(), "Japanese line breaks at {at}: {bad}");
        Ok(())
    }

    /// [`App::japanese_lines`] at a small phone (360 × 640), a phone (390 × 844) and a desktop
    /// window (1280 × 800); the window is left at the desktop size.
    pub async fn japanese_lines_at_sizes(&self, at: &str) -> Result<()> {
        for (w, h) in [(360, 640), (390, 844), (1280, 800)] {
            self.client.set_window_size(w, h).await?;
            tokio::time::sleep(Duration::from_millis(350)).await;
            self.japanese_lines(&format!("{at} {w}×{h}")).await?;
        }
        Ok(())
    }

    /// Saves a PNG screenshot of the window to `<target>/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}.png", file_name(name)));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }
}
