//! `qr export` / `qr import` (issue #7) against the real binary and the real OS keyring:
//! a member's QR code goes from one wallet to another as a PNG, with and without a lock code.
//!
//! Like vault_cli.rs these need an unlocked Secret Service: run them with
//! `HOKEN_REAL_KEYRING=1 scripts/with-session.sh cargo test -p hoken-wallet --test qr_cli`;
//! a plain `cargo test` skips them.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

mod common;
use common::*;

fn init(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    ok_json(&dir, &["init", "--json"]);
    dir
}

fn add_hanako(dir: &Path) -> String {
    let v = ok_json(
        dir,
        &[
            "member",
            "add",
            "--name",
            "長谷川 花子",
            "--kana",
            "ハセガワ ハナコ",
            "--relation",
            "家族",
            "--birth",
            "昭和40年10月1日",
            "--cert-issued",
            "R3.5.10",
            "--insurer-number",
            "01010016",
            "--insurer-name",
            "全国健康保険協会 東京支部",
            "--symbol",
            "1010101",
            "--number",
            "12",
            "--branch",
            "01",
            "--ratio",
            "3",
            "--acquired",
            "1985-10-01",
            "--json",
        ],
    );
    v["id"].as_str().expect("an id").to_string()
}

fn show(dir: &Path, id: &str) -> serde_json::Value {
    ok_json(dir, &["member", "show", id, "--json"])
}

/// Certificate expiry and grace end of a `member show --json`.
fn deadlines(shown: &serde_json::Value) -> Vec<(String, String)> {
    shown["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap_or_default().to_string(),
                d["date"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const QUALIFICATION: [&str; 10] = [
    "name",
    "kana",
    "relation",
    "birth",
    "insurer_number",
    "insurer_name",
    "symbol",
    "number",
    "branch",
    "ratio",
];

#[test]
fn export_png_import_into_another_wallet() {
    if !real_keyring() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let sender = init(tmp.path(), "sender");
    let receiver = init(tmp.path(), "receiver");
    let id = add_hanako(&sender);
    let png = tmp.path().join("hanako.png");
    let png_s = png.to_str().expect("UTF-8 path");

    let v = ok_json(
        &sender,
        &[
            "qr",
            "export",
            &id,
            "--out",
            png_s,
            "--as-of",
            "令和7年8月1日",
            "--json",
        ],
    );
    assert_eq!(v["locked"], false);
    let version = v["qr_version"].as_i64().expect("a version");
    assert!((1..=12).contains(&version), "{version}");
    let bytes = std::fs::read(&png).expect("the PNG exists");
    assert!(bytes.starts_with(b"\x89PNG"));

    let v = ok_json(&receiver, &["qr", "import", png_s, "--json"]);
    assert_eq!(v["action"], "added");
    assert_eq!(v["match"]["kind"], "new");
    assert_eq!(v["record"]["as_of"], "2025-08-01");
    assert_eq!(v["record"]["cert_expiry"], "2025-10-01");
    assert_eq!(v["record"]["grace_end"], "2026-01-31");
    let new_id = v["id"].as_str().expect("an id").to_string();

    let (a, b) = (show(&sender, &id), show(&receiver, &new_id));
    for field in QUALIFICATION {
        assert_eq!(a["member"][field], b["member"][field], "{field}");
    }
    assert_eq!(b["member"]["acquired"], "1985-10-01");
    assert_eq!(deadlines(&a), deadlines(&b), "the same deadlines");

    // Importing it again updates the member it matches instead of adding a second one.
    let v = ok_json(&receiver, &["qr", "import", png_s, "--json"]);
    assert_eq!(v["action"], "updated");
    assert_eq!(v["match"]["kind"], "existing");
    assert_eq!(v["id"], new_id.as_str());
    let list = ok_json(&receiver, &["member", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));

    // Text output shows the fields and ends with the id.
    let out = run_with(&receiver, &["qr", "import", png_s], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("長谷川 花子") && text.contains("01010016"),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some(new_id.as_str()));
}

#[test]
fn locked_code_needs_the_right_code() {
    if !real_keyring() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let sender = init(tmp.path(), "sender");
    let receiver = init(tmp.path(), "receiver");
    let id = add_hanako(&sender);
    let png = tmp.path().join("locked.png");
    let png_s = png.to_str().expect("UTF-8 path");

    let v = ok_json_with(
        &sender,
        &[
            "qr",
            "export",
            &id,
            "--out",
            png_s,
            "--code-stdin",
            "--json",
        ],
        "7K3Q-W9TB\n",
    );
    assert_eq!(v["locked"], true);

    refused(
        &run_with(&receiver, &["qr", "import", png_s], ""),
        2,
        "locked",
    );
    refused(
        &run_with(
            &receiver,
            &["qr", "import", png_s, "--code-stdin"],
            "7K3Q-W9TC\n",
        ),
        2,
        "does not unlock",
    );
    refused(
        &run_with(&receiver, &["qr", "import", png_s, "--code-stdin"], "\n"),
        2,
        "nothing was read",
    );
    let list = ok_json(&receiver, &["member", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(0), "nothing stored");

    // Typed in lower case without the hyphen: the same code.
    let v = ok_json_with(
        &receiver,
        &["qr", "import", png_s, "--code-stdin", "--json"],
        "7k3qw9tb\n",
    );
    assert_eq!(v["action"], "added");
    let new_id = v["id"].as_str().expect("an id");
    let (a, b) = (show(&sender, &id), show(&receiver, new_id));
    for field in QUALIFICATION {
        assert_eq!(a["member"][field], b["member"][field], "{field}");
    }
}

#[test]
fn text_files_svg_and_bad_input() {
    if !real_keyring() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let sender = init(tmp.path(), "sender");
    let receiver = init(tmp.path(), "receiver");
    let id = add_hanako(&sender);
    let path = |name: &str| tmp.path().join(name).to_str().expect("UTF-8").to_string();

    // The payload as text, and as SVG.
    ok_json(
        &sender,
        &["qr", "export", &id, "--out", &path("h.txt"), "--json"],
    );
    let text = std::fs::read_to_string(path("h.txt")).expect("text");
    assert!(text.starts_with("HKW1:"), "{text}");
    ok_json(
        &sender,
        &["qr", "export", &id, "--out", &path("h.svg"), "--json"],
    );
    let svg = std::fs::read_to_string(path("h.svg")).expect("svg");
    assert!(svg.contains("<svg"));
    let v = ok_json(&receiver, &["qr", "import", &path("h.txt"), "--json"]);
    assert_eq!(v["record"]["name"], "長谷川 花子");

    // A foreign QR text, a damaged one, a missing file, a wrong extension, a missing member.
    std::fs::write(path("url.txt"), "https://example.com/\n").expect("write");
    refused(
        &run_with(&receiver, &["qr", "import", &path("url.txt")], ""),
        2,
        "not a Hoken Wallet",
    );
    std::fs::write(path("cut.txt"), &text[..text.len() / 2]).expect("write");
    refused(
        &run_with(&receiver, &["qr", "import", &path("cut.txt")], ""),
        2,
        "damaged",
    );
    refused(
        &run_with(&receiver, &["qr", "import", &path("none.png")], ""),
        2,
        "does not exist",
    );
    refused(
        &run_with(&sender, &["qr", "export", &id, "--out", &path("h.gif")], ""),
        2,
        ".png, .svg or .txt",
    );
    refused(
        &run_with(
            &sender,
            &["qr", "export", "0000000000000000", "--out", &path("x.png")],
            "",
        ),
        2,
        "0000000000000000",
    );
    refused(
        &run_with(
            &sender,
            &[
                "qr",
                "export",
                &id,
                "--out",
                &path("y.png"),
                "--as-of",
                "昭和65年1月1日",
            ],
            "",
        ),
        2,
        "--as-of",
    );
    refused(
        &run_with(
            &sender,
            &["qr", "export", &id, "--out", &path("z.png"), "--code-stdin"],
            "123456\n",
        ),
        2,
        "8 to 64 characters",
    );
}
