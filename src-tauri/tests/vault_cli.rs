//! The vault's CLI (issue #3) against the real binary and the real OS keyring.
//!
//! These tests need an unlocked Secret Service: `make test` runs them inside
//! `scripts/with-session.sh` (a private D-Bus session with gnome-keyring) and sets
//! HOKEN_REAL_KEYRING=1; a plain `cargo test` skips them.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

mod common;
use common::*;

struct Wallet {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    code: String,
}

fn init() -> Wallet {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    let v = ok_json(&dir, &["init", "--json"]);
    let code = v["recovery_code"].as_str().expect("a code").to_string();
    assert_eq!(code.len(), 29, "{code}");
    Wallet {
        _tmp: tmp,
        dir,
        code,
    }
}

fn add_taro(w: &Wallet) -> String {
    let v = ok_json(
        &w.dir,
        &[
            "member",
            "add",
            "--name",
            "協会 太郎",
            "--kana",
            "キョウカイ タロウ",
            "--relation",
            "本人",
            "--birth",
            "昭和40年10月1日",
            "--cert-issued",
            "R3.5.10",
            "--insurer-number",
            "01010016",
            "--symbol",
            "1010101",
            "--number",
            "1",
            "--json",
        ],
    );
    v["id"].as_str().expect("an id").to_string()
}

#[test]
fn init_add_list_show_edit_remove() {
    if !real_keyring() {
        return;
    }
    let w = init();
    let id = add_taro(&w);
    let list = ok_json(&w.dir, &["member", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["name"], "協会 太郎");
    assert_eq!(list[0]["birth"], "1965-10-01");

    let shown = ok_json(&w.dir, &["member", "show", &id, "--json"]);
    assert_eq!(shown["member"]["insurer_number"], "01010016");
    assert!(shown["deadlines"].as_array().is_some_and(|d| !d.is_empty()));

    ok_json(
        &w.dir,
        &[
            "member",
            "edit",
            &id,
            "--cert-expiry",
            "2030-10-01",
            "--json",
        ],
    );
    let shown = ok_json(&w.dir, &["member", "show", &id, "--json"]);
    assert_eq!(shown["member"]["cert_expiry"], "2030-10-01");
    assert_eq!(
        shown["member"]["name"], "協会 太郎",
        "untouched fields stay"
    );

    ok_json(&w.dir, &["member", "remove", &id, "--json"]);
    let list = ok_json(&w.dir, &["member", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    refused(&run(&w.dir, &["member", "show", &id]), 2, &id);
}

#[test]
fn status_json_contract() {
    if !real_keyring() {
        return;
    }
    let w = init();
    let id = add_taro(&w);
    // Certificate issued 2021-05-10 → expires on the 5th birthday after: 2025-10-01.
    let v = ok_json(&w.dir, &["status", "--today", "2025-08-01", "--json"]);
    assert_eq!(v["today"], "2025-08-01");
    let m = &v["members"][0];
    assert_eq!(m["id"], id.as_str());
    assert_eq!(m["name"], "協会 太郎");
    let deadlines = m["deadlines"].as_array().expect("deadlines");
    let kinds: Vec<&str> = deadlines
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    for k in [
        "renewal_opens",
        "certificate_expiry",
        "grace_warn",
        "grace_end",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let cert = deadlines
        .iter()
        .find(|d| d["kind"] == "certificate_expiry")
        .expect("certificate expiry");
    assert_eq!(cert["date"], "2025-10-01");
    assert_eq!(cert["days_left"], 61);
    for key in ["severity", "message_ja", "message_en"] {
        assert!(cert[key].is_string(), "{key}: {cert}");
    }
    // Era form for --today too.
    let v = ok_json(&w.dir, &["status", "--today", "令和7年8月1日", "--json"]);
    assert_eq!(v["today"], "2025-08-01");
}

#[test]
fn bad_input_is_exit_2() {
    if !real_keyring() {
        return;
    }
    let w = init();
    let add = |extra: &[&str]| {
        let mut args = vec!["member", "add", "--name", "x"];
        args.extend_from_slice(extra);
        run(&w.dir, &args)
    };
    refused(&add(&["--birth", "昭和65年1月1日"]), 2, "昭和65年");
    refused(
        &add(&["--birth", "1990-01-01", "--insurer-number", "01010017"]),
        2,
        "insurer number",
    );
    refused(&add(&[]), 2, "--birth");
    refused(
        &run(&w.dir, &["status", "--today", "2025-02-30"]),
        2,
        "--today",
    );
    refused(&run(&w.dir, &["init"]), 1, "already holds a vault");
    let wrong = run_in(
        &w.dir,
        &["recover"],
        "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n",
        false,
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
}

#[test]
fn damaged_data_is_exit_4_and_names_the_file() {
    if !real_keyring() {
        return;
    }
    let w = init();
    add_taro(&w);
    let index = w.dir.join("items/members.bin");
    let mut bytes = std::fs::read(&index).expect("index");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&index, bytes).expect("tampered");
    refused(&run(&w.dir, &["status"]), 4, "members.bin");
}

#[test]
fn no_plaintext_on_disk() {
    if !real_keyring() {
        return;
    }
    let w = init();
    add_taro(&w);
    let code = w.code.replace('-', "");
    let needles: [&[u8]; 6] = [
        "協会".as_bytes(),
        "キョウカイ".as_bytes(),
        b"01010016",
        b"1010101",
        b"1965",
        code.as_bytes(),
    ];
    for entry in walk(&w.dir) {
        let bytes = std::fs::read(&entry).expect("readable");
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|win| win == n),
                "{} holds {:?}",
                entry.display(),
                String::from_utf8_lossy(n)
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

/// The failure that must not happen: on a new computer (the data folder copied, an empty
/// keyring) the CLI says so with exit 3 and changes nothing; `recover` brings everything back.
#[test]
fn new_machine_needs_the_recovery_code() {
    if !real_keyring() {
        return;
    }
    let w = init();
    add_taro(&w);
    let before = ok_json(&w.dir, &["member", "list", "--json"]);
    let copy_tmp = tempfile::tempdir().expect("temp");
    let copy = copy_tmp.path().join("moved");
    copy_dir(&w.dir, &copy);
    let snapshot = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walk(d)
            .into_iter()
            .filter(|p| !p.ends_with("vault.lock"))
            .map(|p| {
                let bytes = std::fs::read(&p).expect("read");
                (p.strip_prefix(d).expect("inside").to_path_buf(), bytes)
            })
            .collect();
        files.sort();
        files
    };
    let original = snapshot(&copy);

    let out = run_in(&copy, &["member", "list", "--json"], "", true);
    refused(&out, 3, "hoken-wallet recover");
    assert_eq!(snapshot(&copy), original, "a locked vault is not touched");

    // The same fresh session: recover stores the key, then the data is readable.
    let script = format!(
        "{BIN} --data-dir '{d}' recover && {BIN} --data-dir '{d}' member list --json",
        d = copy.display()
    );
    // Lower case and without hyphens is accepted too.
    let typed = w.code.to_lowercase().replace('-', " ");
    let out = fresh_session_script(
        &script,
        &format!(
            "{typed}
"
        ),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let json_line = text.lines().last().expect("output");
    let after: serde_json::Value = serde_json::from_str(json_line).expect("JSON");
    assert_eq!(after, before, "the data is back, field for field");
    assert_eq!(snapshot(&copy), original, "recovery rewrote no file");
}

/// Issue #16: putting back an older copy of the index, of one item, or of the whole vault,
/// deleting an item, or deleting vault.json beside intact items: exit 4 naming the file —
/// never the old value with exit 0, never "no vault".
#[test]
fn rollback_deletion_and_a_missing_header_are_exit_4_naming_the_file() {
    if !real_keyring() {
        return;
    }
    let w = init();
    let id = add_taro(&w);
    let index = w.dir.join("items/members.bin");
    let before = std::fs::read(&index).expect("index");
    let whole = w._tmp.path().join("whole");
    copy_dir(&w.dir, &whole);
    ok_json(
        &w.dir,
        &["member", "edit", &id, "--symbol", "2020202", "--json"],
    );
    std::fs::write(&index, &before).expect("rolled back");
    refused(&run(&w.dir, &["member", "show", &id]), 4, "members.bin");
    refused(&run(&w.dir, &["member", "list"]), 4, "rolled back");

    // The whole folder put back on the same computer: the keyring's generation notices.
    std::fs::remove_dir_all(&w.dir).expect("removed");
    copy_dir(&whole, &w.dir);
    refused(&run(&w.dir, &["status"]), 4, "members.bin");
    std::fs::remove_dir_all(&w.dir).expect("removed");

    // vault.json deleted beside intact items: damage, not "run init".
    let w = init();
    add_taro(&w);
    std::fs::remove_file(w.dir.join("vault.json")).expect("removed");
    refused(&run(&w.dir, &["member", "list"]), 4, "vault.json");

    // A deleted item the index records (the reminders' state): damage, not the defaults.
    let w = init();
    add_taro(&w);
    // Certificate expiry 2026-10-01: the renewal reminder is due in September.
    let out = run(
        &w.dir,
        &["status", "--due", "--ack", "--today", "2026-09-15"],
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let state = w.dir.join("items/state.bin");
    std::fs::remove_file(&state).expect("the state was saved");
    refused(
        &run(&w.dir, &["status", "--due", "--today", "2026-09-15"]),
        4,
        "state.bin",
    );
}

/// `member add|edit --from-json FILE|-`: names and numbers stay off the command line.
#[test]
fn members_from_json_on_stdin_or_in_a_file() {
    if !real_keyring() {
        return;
    }
    let w = init();
    let v = ok_json_with(
        &w.dir,
        &["member", "add", "--from-json", "-", "--json"],
        r#"{"name": "協会 花子", "birth": "昭和42年3月15日", "relation": "家族",
            "insurer_number": "01010016", "symbol": "1010101", "number": "2"}"#,
    );
    let id = v["id"].as_str().expect("an id").to_string();
    let file = w._tmp.path().join("changes.json");
    std::fs::write(&file, r#"{"number": "3", "kana": "キョウカイ ハナコ"}"#).expect("written");
    ok_json(
        &w.dir,
        &[
            "member",
            "edit",
            &id,
            "--from-json",
            file.to_str().expect("utf-8"),
            "--json",
        ],
    );
    let shown = ok_json(&w.dir, &["member", "show", &id, "--json"]);
    assert_eq!(shown["member"]["number"], "3");
    assert_eq!(shown["member"]["kana"], "キョウカイ ハナコ");
    assert_eq!(shown["member"]["symbol"], "1010101");
    assert_eq!(shown["member"]["relation"], "dependent");
    // A misspelt field is refused (exit 2), never silently ignored; so is a missing name.
    refused(
        &run_with(
            &w.dir,
            &["member", "add", "--from-json", "-"],
            r#"{"nmae": "x"}"#,
        ),
        2,
        "nmae",
    );
    refused(
        &run_with(
            &w.dir,
            &["member", "add", "--from-json", "-"],
            r#"{"birth": "1990-01-01"}"#,
        ),
        2,
        "--name",
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

#[test]
fn status_due_for_cron_and_calendar_export() {
    if !real_keyring() {
        return;
    }
    let w = init();
    ok_json(
        &w.dir,
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
            "2027-03-15",
            "--insurer-number",
            "01010016",
            "--json",
        ],
    );
    let nothing = run(&w.dir, &["status", "--due", "--today", "2026-11-22"]);
    assert_eq!(nothing.status.code(), Some(0), "{}", stderr(&nothing));

    let due = run(
        &w.dir,
        &[
            "status",
            "--due",
            "--today",
            "2027-03-20",
            "--json",
            "--ack",
        ],
    );
    assert_eq!(due.status.code(), Some(10), "{}", stderr(&due));
    let v: serde_json::Value = serde_json::from_slice(&due.stdout).expect("JSON");
    let kinds: Vec<&str> = v["due"]
        .as_array()
        .expect("due")
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["certificate_expiry", "renewal_opens"],
        "one per deadline"
    );
    // Acknowledged: reported once.
    let again = run(&w.dir, &["status", "--due", "--today", "2027-03-21"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));

    let ics = w.dir.parent().expect("parent").join("family.ics");
    let out = run(&w.dir, &["export-ics", ics.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&ics).expect("written");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20270315"));
    assert!(!text.contains("01010016") && !text.contains("1967"));
}

#[test]
fn backup_restores_on_a_new_machine_byte_for_byte() {
    if !real_keyring() {
        return;
    }
    let w = init();
    add_taro(&w);
    let tmp = tempfile::tempdir().expect("temp");
    let file = tmp.path().join("wallet.hkwb");
    let file_s = file.to_str().expect("utf-8");
    let out = run_in(
        &w.dir,
        &["backup", "export", file_s],
        &format!("{}\n", w.code),
        false,
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // A new computer: an empty keyring, an empty data folder.
    let restored = tmp.path().join("restored");
    let script = format!(
        "{BIN} --data-dir '{d}' backup import '{file_s}' && {BIN} --data-dir '{d}' member list --json",
        d = restored.display()
    );
    let out = fresh_session_script(
        &script,
        &format!(
            "{}
",
            w.code
        ),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let list: serde_json::Value =
        serde_json::from_str(text.lines().last().expect("output")).expect("JSON");
    assert_eq!(list, ok_json(&w.dir, &["member", "list", "--json"]));
    for f in ["vault.json", "items/members.bin"] {
        assert_eq!(
            std::fs::read(w.dir.join(f)).expect("original"),
            std::fs::read(restored.join(f)).expect("restored"),
            "{f} restored byte for byte"
        );
    }

    // With a passphrase; into a folder that holds a vault only when told to merge or replace.
    let file2 = tmp.path().join("pass.hkwb");
    let file2_s = file2.to_str().expect("utf-8");
    let pass = "correct horse battery staple\n";
    let out = run_in(&w.dir, &["backup", "export", file2_s], pass, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_in(&w.dir, &["backup", "import", file2_s], pass, false);
    refused(&out, 1, "merge");
    let out = run_in(
        &w.dir,
        &["backup", "import", file2_s, "--merge"],
        pass,
        false,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_in(
        &w.dir,
        &["backup", "import", file2_s, "--merge"],
        "wrong passphrase!\n",
        false,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let short = run_in(&w.dir, &["backup", "export", file2_s], "short\n", false);
    assert_eq!(short.status.code(), Some(2), "{}", stderr(&short));
}
