//! Vaults written before the index recorded each item (length, hash, generation) open with
//! nothing lost: the first open records every item, and from then on a rolled-back or missing
//! item is damage. The fixture `fixtures/vault-v1/` was written by that earlier version
//! (`write_fixture` below, run on it); its recovery code is in `fixtures/vault-v1.code`, so the
//! test needs no OS keyring.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hoken_core::vault::{
    DocumentKind, DocumentPart, KdfParams, Member, MemoryKeyStore, NewDocument, RecoveryCode, Vault,
};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Writes the fixture: `HOKEN_WRITE_FIXTURE=1 cargo test -p hoken-core --test migration --
/// --ignored write_fixture`. Run once, on the version whose format the fixture keeps.
#[test]
#[ignore = "writes tests/fixtures/vault-v1 (run once, by hand)"]
fn write_fixture() {
    if std::env::var("HOKEN_WRITE_FIXTURE").as_deref() != Ok("1") {
        return;
    }
    let dir = fixture().join("vault-v1");
    let _ = fs::remove_dir_all(&dir);
    let keys = MemoryKeyStore::new();
    let (v, code) =
        Vault::create_with_params(&dir, &keys, KdfParams::insecure_for_tests()).unwrap();
    let taro = v
        .add_member(Member {
            name: "協会 太郎".into(),
            kana: Some("キョウカイ タロウ".into()),
            birth: d("1965-10-01"),
            cert_issued: Some(d("2021-04-01")),
            insurer_number: Some("01010016".into()),
            symbol: Some("1010101".into()),
            number: Some("1".into()),
            ratio: Some(3),
            ..Member::default()
        })
        .unwrap();
    v.add_member(Member {
        name: "協会 花子".into(),
        birth: d("1990-02-03"),
        relation: hoken_core::vault::Relation::Dependent,
        ..Member::default()
    })
    .unwrap();
    v.add_document(
        &taro,
        NewDocument {
            kind: DocumentKind::Pdf,
            original: b"%PDF-1.7 fixture original",
            original_mime: "application/pdf",
            display: b"fixture display image",
            display_mime: "image/jpeg",
            thumbnail: b"fixture thumbnail",
            thumbnail_mime: "image/jpeg",
            pages: 1,
            width: 1700,
            height: 2400,
            thumb_width: 226,
            thumb_height: 320,
            as_of: Some(d("2025-06-07")),
            insurer_number: Some("01010016".into()),
        },
        d("2025-06-08"),
    )
    .unwrap();
    v.record_delivered(["fixture:reminder".to_string()])
        .unwrap();
    let _ = fs::remove_file(dir.join("vault.lock"));
    fs::write(
        fixture().join("vault-v1.code"),
        format!("{}\n", code.reveal().as_str()),
    )
    .unwrap();
}

/// The fixture opens with its recovery code (no OS keyring), loses nothing, and is migrated:
/// from then on its items are recorded, so rolling one back is damage.
#[test]
fn a_vault_written_before_item_records_migrates_losing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_dir(&fixture().join("vault-v1"), &dir);
    let code = fs::read_to_string(fixture().join("vault-v1.code")).unwrap();
    let code = RecoveryCode::parse(code.trim()).unwrap();
    let before = fs::read(dir.join("items/members.bin")).unwrap();
    let old_state = fs::read(dir.join("items/state.bin")).unwrap();

    let keys = MemoryKeyStore::new();
    let v = Vault::recover(&dir, &code, &keys).unwrap();
    // The index was rewritten with the records…
    assert_ne!(fs::read(dir.join("items/members.bin")).unwrap(), before);
    // …and everything is there.
    let members = v.list_members().unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["協会 太郎", "協会 花子"]);
    assert_eq!(members[0].insurer_number.as_deref(), Some("01010016"));
    let docs = v.all_documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].member_id, members[0].id);
    for (part, bytes) in [
        (DocumentPart::Original, &b"%PDF-1.7 fixture original"[..]),
        (DocumentPart::Display, b"fixture display image"),
        (DocumentPart::Thumbnail, b"fixture thumbnail"),
    ] {
        assert_eq!(&v.document_part(&docs[0].id, part).unwrap().0[..], bytes);
    }
    assert!(v
        .wallet_state()
        .unwrap()
        .delivered_reminders
        .contains("fixture:reminder"));

    // Recorded now: an older state.bin (or a deleted part) is damage.
    v.record_delivered(["new".to_string()]).unwrap();
    fs::write(dir.join("items/state.bin"), &old_state).unwrap();
    let e = v.wallet_state().unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("state.bin"), "{e}");
    let part = dir.join(format!("items/doc-{}-thumb.bin", docs[0].id));
    fs::remove_file(part).unwrap();
    let e = v
        .document_part(&docs[0].id, DocumentPart::Thumbnail)
        .unwrap_err();
    assert_eq!(e.kind(), "damaged");
    // Opening again (the key is in the store now) needs no second migration.
    let after = fs::read(dir.join("items/members.bin")).unwrap();
    Vault::open(&dir, &keys).unwrap();
    assert_eq!(fs::read(dir.join("items/members.bin")).unwrap(), after);
}
