//! Backup tests: real files in temporary folders, the key in a `MemoryKeyStore`, cheap
//! Argon2id parameters (64 KiB, 1 pass: `KdfParams::insecure_for_tests`).

use std::collections::BTreeMap;

use super::*;
use crate::vault::{Member, MemoryKeyStore, Relation};

fn cheap() -> KdfParams {
    KdfParams::insecure_for_tests()
}

fn person(name: &str) -> Member {
    Member {
        id: String::new(),
        name: name.into(),
        relation: Relation::Dependent,
        ..crate::vault::member::tests::sample()
    }
}

/// A vault with two members, a document and a thumbnail.
fn sample_vault(dir: &Path, keys: &dyn KeyStore) -> (Vault, RecoveryCode) {
    let (v, code) = Vault::create_with_params(dir, keys, cheap()).unwrap();
    v.add_member(person("協会 花子")).unwrap();
    v.add_member(person("協会 太郎")).unwrap();
    v.put_item(ItemKind::Document, "doc-1", b"%PDF-1.7 insurance card scan")
        .unwrap();
    v.put_item(
        ItemKind::Thumbnail,
        "doc-1-thumb",
        &[0x89, b'P', b'N', b'G', 0, 1, 2],
    )
    .unwrap();
    (v, code)
}

/// Every file under `dir` (relative path → bytes), but the lock file.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, p: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(p).unwrap() {
            let path = e.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if rel == LOCK_FILE {
                continue;
            }
            if path.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn code_secret(code: &RecoveryCode) -> BackupSecret {
    BackupSecret::RecoveryCode(RecoveryCode::parse(&code.reveal()).unwrap())
}

const PASS: &str = "さくら もち 2025 spring";

#[test]
fn recovery_code_round_trip_restores_every_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let keys = MemoryKeyStore::new();
    let (v, code) = sample_vault(&src, &keys);
    let file = tmp.path().join("family.hkwb");
    let s = v
        .export_backup(&file, &code_secret(&code), cheap())
        .unwrap();
    assert_eq!(s.members, 2);
    assert_eq!(s.items, 2);
    assert_eq!(s.secret, SecretKind::RecoveryCode);
    assert_eq!(s.vault_id, v.id());
    assert_eq!(s.bytes, fs::metadata(&file).unwrap().len());
    assert_eq!(&fs::read(&file).unwrap()[..5], b"HKWB\x01");

    // A new computer: an empty keyring, a folder that does not exist yet. The code typed in
    // lower case with spaces instead of hyphens.
    let dst = tmp.path().join("new").join("data");
    let fresh = MemoryKeyStore::new();
    let typed = code.reveal().to_lowercase().replace('-', " ");
    let (restored, sum) =
        import_backup(&file, &typed, &dst, ImportMode::IntoEmpty, &fresh).unwrap();
    assert_eq!(sum.mode, ImportMode::IntoEmpty);
    assert_eq!(sum.secret, SecretKind::RecoveryCode);
    assert_eq!((sum.members_added, sum.items_added), (2, 2));
    assert_eq!(
        (sum.members_already_present, sum.items_already_present),
        (0, 0)
    );
    assert!(sum.created_unix > 1_700_000_000);
    assert_eq!(restored.id(), v.id());
    assert_eq!(files(&dst), files(&src), "byte for byte");
    assert_eq!(fs::metadata(dst.join(LOCK_FILE)).unwrap().len(), 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dst.join(ITEMS_DIR)), 0o700);
        assert_eq!(mode(&dst.join(HEADER_FILE)), 0o600);
        assert_eq!(mode(&dst.join(ITEMS_DIR).join("doc-1.bin")), 0o600);
    }

    // The key is in the new keyring: the vault opens on the everyday path.
    let reopened = Vault::open(&dst, &fresh).unwrap();
    assert_eq!(reopened.list_members().unwrap(), v.list_members().unwrap());
    assert_eq!(
        &reopened
            .get_item(ItemKind::Thumbnail, "doc-1-thumb")
            .unwrap()[..],
        &[0x89, b'P', b'N', b'G', 0, 1, 2]
    );
    // And the same recovery code still opens the restored vault.
    Vault::recover(&dst, &code, &MemoryKeyStore::new()).unwrap();
}

#[test]
fn passphrase_round_trip_and_wrong_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let keys = MemoryKeyStore::new();
    let (v, code) = sample_vault(&src, &keys);
    let file = tmp.path().join("family.hkwb");
    let secret = BackupSecret::passphrase(PASS).unwrap();
    assert_eq!(
        format!("{secret:?}"),
        "BackupSecret::Passphrase(<redacted>)"
    );
    let s = v.export_backup(&file, &secret, cheap()).unwrap();
    assert_eq!(s.secret, SecretKind::Passphrase);
    let before = fs::read(&file).unwrap();

    let dst = tmp.path().join("dst");
    for wrong in [
        "さくら もち 2025 Spring",
        "さくら もち 2025 spring ",
        "",
        &code.reveal(),
    ] {
        let e = import_backup(
            &file,
            wrong,
            &dst,
            ImportMode::IntoEmpty,
            &MemoryKeyStore::new(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), "wrong_recovery_code", "{wrong:?}");
        assert!(
            e.to_string()
                .contains("recovery code or passphrase does not open this backup"),
            "{e}"
        );
        assert!(!dst.exists(), "a wrong secret writes nothing");
    }
    assert_eq!(fs::read(&file).unwrap(), before);

    let fresh = MemoryKeyStore::new();
    let (restored, sum) = import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &fresh).unwrap();
    assert_eq!(sum.secret, SecretKind::Passphrase);
    assert_eq!(files(&dst), files(&src));
    assert_eq!(restored.list_members().unwrap().len(), 2);
    assert!(fresh.get(v.id()).unwrap().is_some());

    // A recovery-code backup says so when given something that is not a code.
    let by_code = tmp.path().join("by-code.hkwb");
    v.export_backup(&by_code, &code_secret(&code), cheap())
        .unwrap();
    let e = import_backup(
        &by_code,
        PASS,
        &tmp.path().join("x"),
        ImportMode::IntoEmpty,
        &fresh,
    )
    .unwrap_err();
    assert_eq!(e.kind(), "wrong_recovery_code");
    assert!(
        e.to_string()
            .contains("made with the vault's recovery code"),
        "{e}"
    );
    let other = RecoveryCode::generate().unwrap();
    let e = import_backup(
        &by_code,
        &other.reveal(),
        &tmp.path().join("x"),
        ImportMode::IntoEmpty,
        &fresh,
    )
    .unwrap_err();
    assert_eq!(e.kind(), "wrong_recovery_code");
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn export_refuses_a_short_passphrase_and_a_wrong_code_writing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = sample_vault(&tmp.path().join("src"), &keys);
    let file = tmp.path().join("b.hkwb");
    let e = BackupSecret::passphrase("short pw!").unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
    assert!(e.to_string().contains("at least 10 characters"), "{e}");
    // Ten characters, counted as characters (not bytes).
    assert!(BackupSecret::passphrase("さくらもちさくらもちさ").is_ok());
    let short = BackupSecret::Passphrase(Zeroizing::new("ひみつ".into()));
    let e = v.export_backup(&file, &short, cheap()).unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
    let wrong = BackupSecret::RecoveryCode(RecoveryCode::generate().unwrap());
    assert_eq!(
        format!("{wrong:?}"),
        "BackupSecret::RecoveryCode(<redacted>)"
    );
    let e = v.export_backup(&file, &wrong, cheap()).unwrap_err();
    assert_eq!(e.kind(), "wrong_recovery_code");
    assert!(e.to_string().contains("does not open this vault"), "{e}");
    assert!(!file.exists());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temporary file"
    );
}

#[test]
fn export_reports_a_damaged_item_instead_of_copying_it() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let src = tmp.path().join("src");
    let (v, _) = sample_vault(&src, &keys);
    let doc = src.join(ITEMS_DIR).join("doc-1.bin");
    let mut bytes = fs::read(&doc).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&doc, bytes).unwrap();
    let file = tmp.path().join("b.hkwb");
    let secret = BackupSecret::passphrase(PASS).unwrap();
    let e = v.export_backup(&file, &secret, cheap()).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("doc-1.bin"), "{e}");
    assert!(!file.exists());
    // A missing item is damage too (exit 4), naming it: a backup never leaves a part out.
    fs::remove_file(&doc).unwrap();
    let e = v.export_backup(&file, &secret, cheap()).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("doc-1.bin"), "{e}");
    assert!(e.to_string().contains("missing"), "{e}");
    assert!(!file.exists());
    v.remove_item("doc-1").unwrap();
    // Temporary files in items/ are not vault data and are not copied.
    fs::write(
        src.join(ITEMS_DIR)
            .join(".members.bin.0011223344556677.tmp"),
        b"x",
    )
    .unwrap();
    let s = v.export_backup(&file, &secret, cheap()).unwrap();
    assert_eq!(s.items, 1);
}

#[test]
fn import_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = sample_vault(&tmp.path().join("src"), &keys);
    let file = tmp.path().join("b.hkwb");
    v.export_backup(&file, &BackupSecret::passphrase(PASS).unwrap(), cheap())
        .unwrap();

    // A folder with a vault, and a folder with any other file.
    let with_vault = tmp.path().join("vault");
    sample_vault(&with_vault, &keys);
    let with_file = tmp.path().join("other");
    fs::create_dir(&with_file).unwrap();
    fs::write(with_file.join("notes.txt"), "mine").unwrap();
    for dir in [&with_vault, &with_file] {
        let before = files(dir);
        let e = import_backup(&file, PASS, dir, ImportMode::IntoEmpty, &keys).unwrap_err();
        assert_eq!(e.kind(), "vault_exists");
        assert!(e.to_string().contains("is not empty"), "{e}");
        assert!(e.to_string().contains("merge or replace"), "{e}");
        assert_eq!(files(dir), before);
    }
    // Merge needs a vault: other files are not one.
    let e = import_backup(&file, PASS, &with_file, ImportMode::Merge, &keys).unwrap_err();
    assert_eq!(e.kind(), "no_vault");
    // A folder holding only the lock file is empty.
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join(LOCK_FILE), b"").unwrap();
    import_backup(
        &file,
        PASS,
        &locked,
        ImportMode::IntoEmpty,
        &MemoryKeyStore::new(),
    )
    .unwrap();
}

#[test]
fn merge_adds_what_is_missing_and_keeps_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let a_dir = tmp.path().join("a");
    let (a, _) = sample_vault(&a_dir, &keys);
    let first = tmp.path().join("first.hkwb");
    let secret = BackupSecret::passphrase(PASS).unwrap();
    a.export_backup(&first, &secret, cheap()).unwrap();

    // B starts as a restored copy of A, then both change.
    let b_dir = tmp.path().join("b");
    let (b, _) = import_backup(&first, PASS, &b_dir, ImportMode::IntoEmpty, &keys).unwrap();
    let b_only = b.add_member(person("協会 次郎")).unwrap();
    b.put_item(ItemKind::Document, "doc-1", b"B's newer scan")
        .unwrap();
    let a_only = a.add_member(person("協会 三郎")).unwrap();
    a.put_item(ItemKind::Document, "doc-2", b"A's second scan")
        .unwrap();
    let second = tmp.path().join("second.hkwb");
    a.export_backup(&second, &secret, cheap()).unwrap();

    let (merged, sum) = import_backup(&second, PASS, &b_dir, ImportMode::Merge, &keys).unwrap();
    assert_eq!(sum.mode, ImportMode::Merge);
    assert_eq!((sum.members_added, sum.members_already_present), (1, 2));
    assert_eq!((sum.items_added, sum.items_already_present), (1, 2));
    assert_eq!(merged.id(), b.id());
    let names: Vec<String> = merged
        .list_members()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["協会 花子", "協会 太郎", "協会 次郎", "協会 三郎"]);
    assert_eq!(merged.get_member(&a_only).unwrap().name, "協会 三郎");
    assert_eq!(merged.get_member(&b_only).unwrap().name, "協会 次郎");
    // Existing items are kept, missing ones added.
    assert_eq!(
        &merged.get_item(ItemKind::Document, "doc-1").unwrap()[..],
        b"B's newer scan"
    );
    assert_eq!(
        &merged.get_item(ItemKind::Document, "doc-2").unwrap()[..],
        b"A's second scan"
    );
    // Merging the same backup again adds nothing.
    let (_, again) = import_backup(&second, PASS, &b_dir, ImportMode::Merge, &keys).unwrap();
    assert_eq!((again.members_added, again.items_added), (0, 0));

    // Another vault altogether (another key): its items are re-encrypted under B's key.
    let c_dir = tmp.path().join("c");
    let (c, _) = Vault::create_with_params(&c_dir, &keys, cheap()).unwrap();
    c.add_member(person("別家 一郎")).unwrap();
    c.put_item(ItemKind::Thumbnail, "c-thumb", b"tiny").unwrap();
    let third = tmp.path().join("third.hkwb");
    c.export_backup(&third, &secret, cheap()).unwrap();
    let before_c = files(&c_dir);
    let (merged, sum) = import_backup(&third, PASS, &b_dir, ImportMode::Merge, &keys).unwrap();
    assert_eq!((sum.members_added, sum.items_added), (1, 1));
    assert_eq!(sum.backup_vault_id, c.id());
    drop(merged);
    let b = Vault::open(&b_dir, &keys).unwrap();
    assert_eq!(b.list_members().unwrap().len(), 5);
    assert_eq!(
        &b.get_item(ItemKind::Thumbnail, "c-thumb").unwrap()[..],
        b"tiny"
    );
    assert_eq!(files(&c_dir), before_c);
    assert!(keys.get(c.id()).unwrap().is_some());

    // Without B's key in the keyring: key_unavailable, and nothing changes.
    let before = files(&b_dir);
    let e = import_backup(
        &third,
        PASS,
        &b_dir,
        ImportMode::Merge,
        &MemoryKeyStore::new(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
    assert_eq!(files(&b_dir), before);
}

#[test]
fn replace_swaps_in_the_backup_and_keeps_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let a_dir = tmp.path().join("a");
    let (a, code) = sample_vault(&a_dir, &keys);
    let file = tmp.path().join("a.hkwb");
    a.export_backup(&file, &code_secret(&code), cheap())
        .unwrap();

    let b_dir = tmp.path().join("b");
    let (b, _) = Vault::create_with_params(&b_dir, &keys, cheap()).unwrap();
    b.add_member(person("協会 次郎")).unwrap();
    b.put_item(ItemKind::Document, "b-doc", b"B").unwrap();
    fs::write(b_dir.join("notes.txt"), "not vault data").unwrap();

    // A keyring that refuses the key: the old vault stays exactly as it was.
    let before = files(&b_dir);
    let e = import_backup(
        &file,
        &code.reveal(),
        &b_dir,
        ImportMode::Replace,
        &MemoryKeyStore::unavailable(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
    assert_eq!(files(&b_dir), before);
    assert_eq!(b.list_members().unwrap().len(), 1);

    let fresh = MemoryKeyStore::new();
    let (v, sum) =
        import_backup(&file, &code.reveal(), &b_dir, ImportMode::Replace, &fresh).unwrap();
    assert_eq!(sum.mode, ImportMode::Replace);
    assert_eq!((sum.members_added, sum.items_added), (2, 2));
    assert_eq!(v.id(), a.id());
    let mut expected = files(&a_dir);
    expected.insert("notes.txt".into(), b"not vault data".to_vec());
    assert_eq!(
        files(&b_dir),
        expected,
        "A's vault, the other file kept, no leftovers"
    );
    let v = Vault::open(&b_dir, &fresh).unwrap();
    assert_eq!(v.list_members().unwrap(), a.list_members().unwrap());
    // B's old handle no longer opens what is there.
    assert!(b.list_members().is_err());

    // Replace into an empty folder is a plain restore.
    let empty = tmp.path().join("empty");
    let (_, sum) =
        import_backup(&file, &code.reveal(), &empty, ImportMode::Replace, &fresh).unwrap();
    assert_eq!(sum.mode, ImportMode::IntoEmpty);
    assert_eq!(files(&empty), files(&a_dir));
}

#[test]
fn a_keyring_holding_another_key_for_the_id_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = sample_vault(&tmp.path().join("src"), &keys);
    let file = tmp.path().join("b.hkwb");
    v.export_backup(&file, &BackupSecret::passphrase(PASS).unwrap(), cheap())
        .unwrap();
    let odd = MemoryKeyStore::new();
    let other = SecretKey::generate().unwrap();
    odd.set(v.id(), &other).unwrap();
    let dst = tmp.path().join("dst");
    let e = import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &odd).unwrap_err();
    assert_eq!(e.kind(), "vault_exists");
    assert!(odd.get(v.id()).unwrap().unwrap() == other);
    assert!(files(&dst).is_empty());
    // A locked keyring: nothing is restored.
    let e = import_backup(
        &file,
        PASS,
        &dst,
        ImportMode::IntoEmpty,
        &MemoryKeyStore::unavailable(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
    assert!(files(&dst).is_empty());
}

/// A small backup (one member, no document) and its secret.
#[test]
fn export_refuses_a_document_with_a_missing_part_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let src = tmp.path().join("src");
    let (v, _) = Vault::create_with_params(&src, &keys, cheap()).unwrap();
    let m = v.add_member(person("協会 花子")).unwrap();
    let doc = crate::vault::NewDocument {
        kind: crate::vault::DocumentKind::Pdf,
        original: b"%PDF-1.7",
        original_mime: "application/pdf",
        display: b"display",
        display_mime: "image/jpeg",
        thumbnail: b"thumb",
        thumbnail_mime: "image/jpeg",
        pages: 1,
        width: 1,
        height: 1,
        thumb_width: 1,
        thumb_height: 1,
        as_of: None,
        insurer_number: None,
    };
    let meta = v
        .add_document(
            &m,
            doc,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        )
        .unwrap();
    let part = format!("doc-{}-thumb.bin", meta.id);
    fs::remove_file(src.join(ITEMS_DIR).join(&part)).unwrap();
    let file = tmp.path().join("b.hkwb");
    let e = v
        .export_backup(&file, &BackupSecret::passphrase(PASS).unwrap(), cheap())
        .unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.is_damaged());
    assert!(e.to_string().contains(&part), "{e}");
    assert!(!file.exists());
}

#[test]
fn argon2_parameters_beyond_what_the_app_writes_are_damage_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let (file, original) = small_backup(tmp.path());
    let dst = tmp.path().join("dst");
    let keys = MemoryKeyStore::new();
    let body_len = original.len() - CHECKSUM_LEN;
    let with = |at: usize, value: u32| {
        let mut b = original[..body_len].to_vec();
        b[at..at + 4].copy_from_slice(&value.to_le_bytes());
        let sum = checksum(&b);
        b.extend_from_slice(&sum);
        fs::write(&file, &b).unwrap();
        import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &keys).unwrap_err()
    };
    // t = 64 passes (cheap here at 64 KiB, but 64 × 128 MiB is minutes), 4 GiB, 16 lanes:
    // refused as damage, naming the file, before the key derivation allocates anything.
    for (at, value) in [(10, 64), (6, 4 * 1024 * 1024), (6, u32::MAX), (14, 16)] {
        let started = std::time::Instant::now();
        let e = with(at, value);
        assert_eq!(e.kind(), "damaged", "{at}={value}: {e}");
        assert!(e.to_string().contains("small.hkwb"), "{e}");
        assert!(e.to_string().contains("Argon2"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
    assert!(!dst.exists());
    // What the app writes, and the headroom, stay accepted.
    let p = KdfParams::RECOVERY;
    assert!(p.check("x").is_ok());
    let edge = KdfParams {
        m_cost_kib: KdfParams::MAX_M_COST_KIB,
        t_cost: KdfParams::MAX_T_COST,
        p_cost: KdfParams::MAX_P_COST,
    };
    assert!(edge.check("x").is_ok());
    assert!(KdfParams::MAX_M_COST_KIB >= 4 * p.m_cost_kib);

    // vault.json too: the header reader refuses them, so neither the everyday path nor
    // recovery runs Argon2 with them.
    let vdir = tmp.path().join("v");
    let (_, code) = Vault::create_with_params(&vdir, &keys, cheap()).unwrap();
    let path = vdir.join(HEADER_FILE);
    let mut header: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    header["recovery"]["params"]["m_cost_kib"] = (1u32 << 30).into();
    fs::write(&path, serde_json::to_vec(&header).unwrap()).unwrap();
    let e = Vault::recover(&vdir, &code, &MemoryKeyStore::new()).unwrap_err();
    assert_eq!(e.kind(), "damaged", "{e}");
    assert!(e.to_string().contains(HEADER_FILE), "{e}");
    assert_eq!(Vault::open(&vdir, &keys).unwrap_err().kind(), "damaged");
}

fn small_backup(tmp: &Path) -> (PathBuf, Vec<u8>) {
    let keys = MemoryKeyStore::new();
    let (v, _) = Vault::create_with_params(&tmp.join("src"), &keys, cheap()).unwrap();
    v.add_member(person("協会 花子")).unwrap();
    let file = tmp.join("small.hkwb");
    v.export_backup(&file, &BackupSecret::passphrase(PASS).unwrap(), cheap())
        .unwrap();
    let bytes = fs::read(&file).unwrap();
    (file, bytes)
}

#[test]
fn every_single_byte_flip_and_every_truncation_is_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let (file, original) = small_backup(tmp.path());
    let dst = tmp.path().join("dst");
    let keys = MemoryKeyStore::new();
    let check = |bytes: &[u8], what: &str| {
        fs::write(&file, bytes).unwrap();
        let e = import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &keys).unwrap_err();
        assert_eq!(e.kind(), "damaged", "{what}: {e}");
        assert!(e.to_string().contains("small.hkwb"), "{what}: {e}");
        assert!(!dst.exists(), "{what}");
    };
    let mut n = 0;
    for i in 0..original.len() {
        for mask in [0x01u8, 0x80] {
            let mut b = original.clone();
            b[i] ^= mask;
            check(&b, &format!("byte {i} ^ {mask:#x}"));
            n += 1;
        }
    }
    assert!(n > 1000, "{n}");
    for len in 0..original.len() {
        check(&original[..len], &format!("cut to {len}"));
    }
    let mut longer = original.clone();
    longer.push(0);
    check(&longer, "one byte more");
    fs::write(&file, &original).unwrap();
    import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &keys).unwrap();
}

#[test]
fn tampering_that_fixes_the_checksum_never_opens_the_backup() {
    // Someone who knows the format can recompute the unkeyed checksum; the AEAD and the
    // parameter limits still refuse every change, without a panic.
    let tmp = tempfile::tempdir().unwrap();
    let (file, original) = small_backup(tmp.path());
    let dst = tmp.path().join("dst");
    let keys = MemoryKeyStore::new();
    let body_len = original.len() - CHECKSUM_LEN;
    let positions: Vec<usize> = (0..BACKUP_HEADER_LEN)
        .chain((BACKUP_HEADER_LEN..body_len).step_by(7))
        .chain(body_len - 16..body_len)
        .collect();
    for i in positions {
        // m_cost's third byte: 64 KiB → 64 MiB + 64 KiB is valid, just slow; skip it.
        if i == 8 {
            continue;
        }
        let mut b = original[..body_len].to_vec();
        b[i] ^= 0x01;
        let sum = checksum(&b);
        b.extend_from_slice(&sum);
        fs::write(&file, &b).unwrap();
        let e = import_backup(&file, PASS, &dst, ImportMode::IntoEmpty, &keys).unwrap_err();
        assert!(
            ["damaged", "wrong_recovery_code"].contains(&e.kind()),
            "byte {i}: {e:?}"
        );
        assert!(!dst.exists());
    }
}

#[test]
fn the_payload_parser_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, original) = small_backup(tmp.path());
    let (_, payload) = decrypt(&original, PASS, "p").unwrap();
    assert!(parse_payload(&payload, "p").is_ok());
    for i in 0..payload.len() {
        let mut p = payload.to_vec();
        p[i] ^= 0x01;
        match parse_payload(&p, "p") {
            // The creation time is not checked.
            Ok(_) => assert!((VAULT_ID_LEN + KEY_LEN..VAULT_ID_LEN + KEY_LEN + 8).contains(&i)),
            Err(e) => assert!(
                ["damaged", "key_unavailable"].contains(&e.kind()),
                "byte {i}: {e:?}"
            ),
        }
    }
    for len in 0..payload.len() {
        assert_eq!(
            parse_payload(&payload[..len], "p").err().map(|e| e.kind()),
            Some("damaged")
        );
    }
}

#[test]
fn a_file_over_one_gib_is_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("huge.hkwb");
    let f = File::create(&file).unwrap();
    f.set_len(MAX_BACKUP_LEN + 1).unwrap(); // sparse: no disk space used
    drop(f);
    let start = std::time::Instant::now();
    let e = import_backup(
        &file,
        PASS,
        &tmp.path().join("dst"),
        ImportMode::IntoEmpty,
        &MemoryKeyStore::new(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("huge.hkwb"), "{e}");
    assert!(e.to_string().contains("at most 1 GiB"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    // A missing file is not_found, not damage.
    let e = import_backup(
        &tmp.path().join("nope.hkwb"),
        PASS,
        &tmp.path().join("dst"),
        ImportMode::IntoEmpty,
        &MemoryKeyStore::new(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "not_found");
}

#[test]
fn the_backup_file_holds_no_plaintext() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = sample_vault(&tmp.path().join("src"), &keys);
    let file = tmp.path().join("b.hkwb");
    v.export_backup(&file, &code_secret(&code), cheap())
        .unwrap();
    let bytes = fs::read(&file).unwrap();
    let key = keys.get(v.id()).unwrap().unwrap();
    let shown = code.reveal().to_string();
    let bare = shown.replace('-', "");
    let needles: [&[u8]; 8] = [
        "協会".as_bytes(),
        b"01010016",
        b"1965-10-01",
        b"%PDF",
        b"hoken-wallet-vault",
        v.id().as_bytes(),
        shown.as_bytes(),
        bare.as_bytes(),
    ];
    for n in needles {
        assert!(
            !bytes.windows(n.len()).any(|w| w == n),
            "{:?}",
            String::from_utf8_lossy(n)
        );
    }
    assert!(!bytes.windows(KEY_LEN).any(|w| w == &key.expose()[..]));
}

#[test]
fn typed_secrets_read_as_a_code_when_they_are_one() {
    let code = RecoveryCode::generate().unwrap();
    let typed = code.reveal().to_lowercase().replace('-', " ");
    assert_eq!(
        BackupSecret::from_typed(&typed).unwrap().kind(),
        SecretKind::RecoveryCode
    );
    assert_eq!(
        BackupSecret::from_typed("correct horse battery")
            .unwrap()
            .kind(),
        SecretKind::Passphrase
    );
    let e = BackupSecret::from_typed("short").unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
}

#[test]
fn the_apps_import_choice_is_merge_or_replace() {
    assert_eq!(ImportMode::from_choice("merge").unwrap(), ImportMode::Merge);
    assert_eq!(
        ImportMode::from_choice("replace").unwrap(),
        ImportMode::Replace
    );
    let e = ImportMode::from_choice("into_empty").unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
    assert!(e.to_string().contains("into_empty"), "{e}");
}
