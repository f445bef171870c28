//! `inspect` and `import` against the real binary (and, for import, the real keyring: run by
//! `make test` inside scripts/with-session.sh with HOKEN_REAL_KEYRING=1).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::Path;

use hoken_core::testdoc::{pdf, Layout, Screen};

mod common;
use common::*;

#[test]
fn inspect_reports_the_fields_and_stores_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("taro.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("written");
    let dir = tmp.path().join("data");
    let v = json(run(
        &dir,
        &["inspect", file.to_str().expect("utf-8"), "--json"],
    ));
    assert_eq!(v["kind"], "pdf");
    assert_eq!(v["pages"], 1);
    assert_eq!(v["height"], 2400);
    assert_eq!(v["fields"]["symbol"], "1010101");
    assert_eq!(v["fields"]["birth"], "1965-10-01");
    assert_eq!(v["fields"]["as_of"], "2024-06-07");
    assert!(!dir.exists(), "inspect stores nothing");

    let bad = tmp.path().join("scan.heic");
    std::fs::write(&bad, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").expect("written");
    let out = run(&dir, &["inspect", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scan.heic") && err.contains("HEIC"), "{err}");
}

/// The insurer's 資格情報のお知らせ about a dependent (issue #20): her name without 様, not the
/// insured person's; the body's 記号・番号, not the header's zero-padded ones; 家族; 負担割合.
#[test]
fn inspect_reads_the_insurers_notice() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("notice.pdf");
    std::fs::write(&file, pdf(&Screen::sakura(), Layout::Notice)).expect("written");
    let dir = tmp.path().join("data");
    let v = json(run(
        &dir,
        &["inspect", file.to_str().expect("utf-8"), "--json"],
    ));
    let f = &v["fields"];
    assert_eq!(f["name"], "保険 さくら");
    assert_eq!(f["relation"], "家族");
    assert_eq!(f["symbol"], "2345");
    assert_eq!(f["number"], "678");
    assert_eq!(f["branch"], "02");
    assert_eq!(f["ratio"], "2割");
    assert_eq!(f["insurer_number"], "06270011");
    assert_eq!(f["as_of"], "2025-01-15");
    let out = run(&dir, &["inspect", file.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("氏名 (name): 保険 さくら\n"), "{text}");
    assert!(!text.contains("様"), "{text}");
}

#[test]
fn import_finds_the_member_and_keeps_history() {
    if std::env::var("HOKEN_REAL_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: set HOKEN_REAL_KEYRING=1 inside scripts/with-session.sh");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("data");
    json(run(&dir, &["init", "--json"]));
    let taro = tmp.path().join("taro.pdf");
    std::fs::write(&taro, pdf(&Screen::taro(), Layout::Table)).expect("written");
    let hanako = tmp.path().join("hanako.pdf");
    std::fs::write(&hanako, pdf(&Screen::hanako(), Layout::Compact)).expect("written");
    let p = |f: &Path| f.to_str().expect("utf-8").to_string();

    let first = json(run(&dir, &["import", &p(&taro), "--json"]));
    assert_eq!(first["created"], true);
    let second = json(run(&dir, &["import", &p(&hanako), "--json"]));
    assert_eq!(second["created"], true);
    assert_ne!(first["member_id"], second["member_id"]);
    // The same person again: no new member, one more document.
    let again = json(run(&dir, &["import", &p(&taro), "--json"]));
    assert_eq!(again["created"], false);
    assert_eq!(again["member_id"], first["member_id"]);
    // A new insurer (a new job): the same member, called out.
    let mut moved = Screen::taro();
    moved.insurer_number = "06132013".into();
    moved.symbol = "2".into();
    moved.number = "345".into();
    let newjob = tmp.path().join("newjob.pdf");
    std::fs::write(&newjob, pdf(&moved, Layout::Table)).expect("written");
    let changed = json(run(&dir, &["import", &p(&newjob), "--json"]));
    assert_eq!(changed["member_id"], first["member_id"]);
    assert_eq!(changed["insurer_changed"], true);

    let id = first["member_id"].as_str().expect("id");
    let shown = json(run(&dir, &["member", "show", id, "--json"]));
    assert_eq!(shown["member"]["insurer_number"], "06132013");
    assert_eq!(shown["member"]["kana"], "キョウカイ タロウ");
    // Nothing readable on disk: not the name, not the PDF.
    for e in std::fs::read_dir(dir.join("items"))
        .expect("items")
        .flatten()
    {
        let bytes = std::fs::read(e.path()).expect("read");
        for needle in ["%PDF".as_bytes(), "協会".as_bytes(), b"1010101", b"JFIF"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{:?}",
                e.path()
            );
        }
    }
}

#[path = "../../decoder/tests/bombs/mod.rs"]
mod bombs;

/// Decompression bombs end the decoder child, not the CLI: exit 2 with a clear message, fast,
/// and the command goes on to the next file (here: a good one).
#[test]
fn bombs_are_refused_and_the_cli_carries_on() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("data");
    for (name, bytes) in [
        ("spaces.pdf", bombs::flate_content_pdf(3 << 30)),
        ("inline.pdf", bombs::inline_image_pdf(30_000, 30_000)),
    ] {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).expect("written");
        let started = std::time::Instant::now();
        let out = run(&dir, &["inspect", file.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains("too large"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
    let good = tmp.path().join("taro.pdf");
    std::fs::write(&good, pdf(&Screen::taro(), Layout::Table)).expect("written");
    let v = json(run(
        &dir,
        &["inspect", good.to_str().expect("utf-8"), "--json"],
    ));
    assert_eq!(v["fields"]["symbol"], "1010101");
}
