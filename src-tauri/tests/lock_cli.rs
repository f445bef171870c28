//! The app lock's CLI (issue #15) against the real binary and the real OS keyring:
//! `lock set|change|remove|status`, `--pin-stdin` on member commands (exit 3 naming it
//! without, exit 2 for a wrong PIN), the wait kept across runs, reminders and the calendar
//! without the PIN, and the recovery code resetting a forgotten PIN.
//! Needs HOKEN_REAL_KEYRING=1 inside scripts/with-session.sh (see common/mod.rs).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::PathBuf;

mod common;
use common::*;

const PIN: &str = "246810";

struct Wallet {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    code: String,
}

fn wallet_with_member() -> Wallet {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    let v = ok_json(&dir, &["init", "--json"]);
    let code = v["recovery_code"].as_str().expect("a code").to_string();
    ok_json(
        &dir,
        &[
            "member",
            "add",
            "--name",
            "協会 太郎",
            "--birth",
            "1965-10-01",
            "--cert-issued",
            "2021-05-10",
            "--insurer-number",
            "01010016",
            "--number",
            "7",
            "--json",
        ],
    );
    Wallet {
        _tmp: tmp,
        dir,
        code,
    }
}

fn status(w: &Wallet) -> serde_json::Value {
    ok_json(&w.dir, &["lock", "status", "--json"])
}

#[test]
fn pin_set_use_change_wait_and_recover() {
    if !real_keyring() {
        return;
    }
    let w = wallet_with_member();
    assert_eq!(status(&w)["enabled"], false);

    // Setting: only with --pin-stdin, and a real PIN.
    refused(&run(&w.dir, &["lock", "set"]), 2, "--pin-stdin");
    refused(
        &run_with(&w.dir, &["lock", "set", "--pin-stdin"], "12345\n"),
        2,
        "6 digits",
    );
    let out = run_with(&w.dir, &["lock", "set", "--pin-stdin"], &format!("{PIN}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let s = status(&w);
    assert_eq!(s["enabled"], true);
    assert_eq!(s["retry_after_s"], 0);

    // Members need the PIN: exit 3 naming the option, 2 for a wrong one.
    refused(
        &run(&w.dir, &["member", "list", "--json"]),
        3,
        "--pin-stdin",
    );
    refused(
        &run_with(
            &w.dir,
            &["member", "list", "--json", "--pin-stdin"],
            "999999\n",
        ),
        2,
        "Wrong PIN",
    );
    let list = ok_json_with(
        &w.dir,
        &["member", "list", "--json", "--pin-stdin"],
        &format!("{PIN}\n"),
    );
    assert_eq!(list[0]["number"], "7");

    // Reminders and the calendar without the PIN: names and dates, no numbers.
    let out = run(
        &w.dir,
        &["status", "--due", "--today", "2026-09-05", "--json"],
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("協会 太郎"), "{text}");
    assert!(!text.contains("01010016"), "{text}");
    let ics = w.dir.parent().unwrap().join("family.ics");
    let out = run(&w.dir, &["export-ics", ics.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&ics)
        .unwrap()
        .contains("BEGIN:VEVENT"));

    // Change: the old PIN, then the new one.
    let out = run_with(
        &w.dir,
        &["lock", "change", "--pin-stdin"],
        &format!("{PIN}\nmy new passphrase\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    refused(
        &run_with(
            &w.dir,
            &["member", "list", "--pin-stdin"],
            &format!("{PIN}\n"),
        ),
        2,
        "Wrong PIN",
    );

    // Wrong PINs: from the fourth a wait, kept in the vault across runs (each run is a new
    // process), so even the right PIN waits.
    for _ in 0..3 {
        refused(
            &run_with(&w.dir, &["member", "list", "--pin-stdin"], "000000\n"),
            2,
            "Wrong PIN",
        );
    }
    let s = status(&w);
    let wait = s["retry_after_s"].as_u64().unwrap();
    assert!(wait > 0 && wait <= 30, "{s}");
    let out = run_with(
        &w.dir,
        &["member", "list", "--pin-stdin"],
        "my new passphrase\n",
    );
    refused(&out, 3, "wait");
    assert!(!stderr(&out).contains("remain"));

    // A forgotten PIN: the recovery code opens everything and turns the lock off.
    let out = run_with(
        &w.dir,
        &["lock", "remove", "--recovery-stdin"],
        &format!("{}\n", w.code),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(status(&w)["enabled"], false);
    let list = ok_json(&w.dir, &["member", "list", "--json"]);
    assert_eq!(list[0]["number"], "7");

    // On again, then off with the PIN.
    let out = run_with(&w.dir, &["lock", "set", "--pin-stdin"], "13572468\n");
    assert!(out.status.success(), "{}", stderr(&out));
    refused(&run(&w.dir, &["lock", "remove"]), 2, "--pin-stdin");
    let out = run_with(&w.dir, &["lock", "remove", "--pin-stdin"], "13572468\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(status(&w)["enabled"], false);
    assert!(!w.dir.join("reminders.bin").exists());
}
