//! Reminders reach the desktop: a real notification server (dunst) on the test session's bus,
//! the real app, a vault made with the real CLI in the real gnome-keyring.
//!
//! Launching the app with a member in the grace period shows exactly one notification (a
//! summary of what is due) naming the member; launching it again shows none: each reminder
//! fires once.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dunstctl(args: &[&str]) -> Option<Output> {
    Command::new("dunstctl").args(args).output().ok()
}

fn count(which: &str) -> usize {
    dunstctl(&["count", which])
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

fn total() -> usize {
    count("displayed") + count("waiting") + count("history")
}

/// Every notification's summary and body so far (closing the shown ones moves them to history).
fn texts() -> Vec<String> {
    let _ = dunstctl(&["close-all"]);
    std::thread::sleep(Duration::from_millis(300));
    let Some(out) = dunstctl(&["history"]) else {
        return Vec::new();
    };
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut texts = Vec::new();
    for n in v["data"][0].as_array().into_iter().flatten() {
        texts.push(format!(
            "{}\n{}",
            n["summary"]["data"].as_str().unwrap_or(""),
            n["body"]["data"].as_str().unwrap_or("")
        ));
    }
    texts
}

fn cli(app: &Path, dir: &Path, args: &[&str]) -> String {
    let out = Command::new(app)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("the CLI runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn launch(app: &Path, dir: &Path) -> Killed {
    Killed(
        Command::new(app)
            .env("HOKEN_WALLET_DATA_DIR", dir)
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app starts"),
    )
}

#[test]
fn a_member_in_the_grace_period_gets_one_notification() {
    assert!(
        std::env::var_os("DISPLAY").is_some()
            && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run under scripts/with-session.sh --xvfb (make e2e)"
    );
    let app = hoken_e2e::app_binary().expect("the app is built");
    let _dunst = Killed(
        Command::new("dunst")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst is installed (make apt)"),
    );
    let started = Instant::now();
    while dunstctl(&["is-paused"]).is_none_or(|o| !o.status.success()) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "dunst did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    cli(&app, &dir, &["init", "--json"]);
    // The certificate expired 20 days ago: the card is in its grace period.
    let expired = chrono_free_date_days_ago(20);
    cli(
        &app,
        &dir,
        &[
            "member",
            "add",
            "--name",
            "協会 花子",
            "--relation",
            "家族",
            "--birth",
            "1967-03-15",
            "--cert-expiry",
            &expired,
        ],
    );

    let before = total();
    let running = launch(&app, &dir);
    let started = Instant::now();
    while total() == before {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no notification within 60 s"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // Anything more would come right after the first.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(total() - before, 1, "exactly one notification");
    let all = texts();
    let last = all.first().cloned().unwrap_or_default();
    assert!(last.contains("協会 花子"), "names the member: {last:?}");
    assert!(
        last.contains("お知らせが") || last.contains("電子証明書"),
        "says what is due: {last:?}"
    );
    drop(running);

    // Launched again: nothing new, the reminders were recorded as delivered.
    let before = total();
    let again = launch(&app, &dir);
    std::thread::sleep(Duration::from_secs(8));
    assert_eq!(total(), before, "no second notification: {:?}", texts());
    drop(again);
}

/// `YYYY-MM-DD` of `n` days ago, by `date` (no date crate in this test crate).
fn chrono_free_date_days_ago(n: u32) -> String {
    let out = Command::new("date")
        .args(["-d", &format!("{n} days ago"), "+%Y-%m-%d"])
        .output()
        .expect("date runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
