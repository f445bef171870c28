//! Vault tests: round trips, tampering, missing keys and recovery.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cheap() -> KdfParams {
    KdfParams::insecure_for_tests()
}

fn new_vault(dir: &Path, keys: &dyn KeyStore) -> (Vault, RecoveryCode) {
    Vault::create_with_params(dir, keys, cheap()).unwrap()
}

fn taro() -> Member {
    Member {
        id: String::new(),
        name: "協会 太郎".into(),
        kana: Some("キョウカイ タロウ".into()),
        insurer_name: Some("全国健康保険協会 北海道支部".into()),
        ..super::member::tests::sample()
    }
}

/// Every file under `dir` with its bytes, but the (empty) lock file.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(p: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(p).unwrap() {
            let path = e.unwrap().path();
            if path.file_name().is_some_and(|n| n == LOCK_FILE) {
                assert_eq!(
                    fs::metadata(&path).unwrap().len(),
                    0,
                    "the lock file holds no data"
                );
                continue;
            }
            if path.is_dir() {
                out.insert(path.clone(), Vec::new());
                walk(&path, out);
            } else {
                out.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

#[test]
fn create_open_and_members_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let keys = MemoryKeyStore::new();
    assert!(!Vault::exists(&dir));
    let (v, code) = new_vault(&dir, &keys);
    assert!(Vault::exists(&dir));
    assert_eq!(code.reveal().len(), 29);
    assert!(v.list_members().unwrap().is_empty());

    let id = v.add_member(taro()).unwrap();
    let mut hanako = taro();
    hanako.name = "協会 花子".into();
    hanako.relation = Relation::Dependent;
    hanako.branch = Some("01".into());
    let id2 = v.add_member(hanako).unwrap();
    assert_ne!(id, id2);
    drop(v);

    let v = Vault::open(&dir, &keys).unwrap();
    let all = v.list_members().unwrap();
    assert_eq!(all.len(), 2);
    let mut expected = taro();
    expected.id = id.clone();
    assert_eq!(all[0], expected);
    assert_eq!(v.get_member(&id2).unwrap().relation, Relation::Dependent);

    let mut m = v.get_member(&id).unwrap();
    m.kana = Some("キョウカイ タロー".into());
    v.update_member(m.clone()).unwrap();
    assert_eq!(v.get_member(&id).unwrap(), m);
    assert!(v
        .get_member(&id)
        .unwrap()
        .timeline(d(2026, 1, 1))
        .unwrap()
        .is_some());

    v.remove_member(&id).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
    assert_eq!(v.get_member(&id).unwrap_err().kind(), "not_found");
    assert_eq!(v.remove_member(&id).unwrap_err().kind(), "not_found");
    let mut ghost = taro();
    ghost.id = "nope".into();
    assert_eq!(v.update_member(ghost).unwrap_err().kind(), "not_found");
    let mut bad = taro();
    bad.insurer_number = Some("01010017".into());
    assert_eq!(
        v.add_member(bad).unwrap_err().kind(),
        "invalid_insurer_number"
    );

    // Items round trip; the header records the parameters used.
    v.put_item(ItemKind::Document, "doc-1", b"%PDF-1.7 scan")
        .unwrap();
    assert_eq!(
        &v.get_item(ItemKind::Document, "doc-1").unwrap()[..],
        b"%PDF-1.7 scan"
    );
    assert_eq!(
        v.get_item(ItemKind::Document, "doc-2").unwrap_err().kind(),
        "not_found"
    );
    assert_eq!(
        v.put_item(ItemKind::Document, "../x", b"")
            .unwrap_err()
            .kind(),
        "invalid_input"
    );
    v.remove_item("doc-1").unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(HEADER_FILE)).unwrap()).unwrap();
    assert_eq!(header["recovery"]["params"]["m_cost_kib"], 64);
    assert_eq!(header["version"], 1);
    assert!(!format!("{v:?}").contains("key: ["));
}

#[test]
fn no_plaintext_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = new_vault(tmp.path(), &keys);
    v.add_member(taro()).unwrap();
    let shown = code.reveal().to_string();
    let needles: Vec<&[u8]> = vec![
        "協会".as_bytes(),
        "太郎".as_bytes(),
        "キョウカイ".as_bytes(),
        "全国健康保険協会".as_bytes(),
        b"01010016",
        b"1010101",
        b"1965-10-01",
        shown.as_bytes(),
        shown.replace('-', "").as_bytes().to_vec().leak(),
    ];
    let key = keys.get(v.id()).unwrap().unwrap();
    let files = snapshot(tmp.path());
    assert!(files.len() >= 3);
    for (path, bytes) in files {
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == *n),
                "{} contains {:?}",
                path.display(),
                String::from_utf8_lossy(n)
            );
        }
        assert!(!bytes.windows(32).any(|w| w == &key.expose()[..]));
    }
}

#[test]
fn create_refuses_over_an_existing_vault_or_data() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = new_vault(tmp.path(), &keys);
    v.add_member(taro()).unwrap();
    let before = snapshot(tmp.path());
    let e = Vault::create_with_params(tmp.path(), &keys, cheap()).unwrap_err();
    assert_eq!(e.kind(), "vault_exists");
    assert_eq!(snapshot(tmp.path()), before);

    // Items without a header (a lost vault.json) are data too.
    fs::remove_file(tmp.path().join(HEADER_FILE)).unwrap();
    let e = Vault::create_with_params(tmp.path(), &keys, cheap()).unwrap_err();
    assert_eq!(e.kind(), "vault_exists");
}

#[test]
fn create_with_an_unavailable_keyring_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let e =
        Vault::create_with_params(tmp.path(), &MemoryKeyStore::unavailable(), cheap()).unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
    assert!(e.to_string().contains("nothing was created"), "{e}");
    assert!(!e.to_string().contains("recover"), "{e}");
    assert!(snapshot(tmp.path()).is_empty());
}

#[test]
fn open_without_key_is_key_unavailable_and_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (v, _) = new_vault(tmp.path(), &MemoryKeyStore::new());
    v.add_member(taro()).unwrap();
    drop(v);
    let before = snapshot(tmp.path());
    let mtimes = |s: &BTreeMap<PathBuf, Vec<u8>>| {
        s.keys()
            .map(|p| fs::metadata(p).unwrap().modified().unwrap())
            .collect::<Vec<_>>()
    };
    let before_m = mtimes(&before);

    for keys in [MemoryKeyStore::new(), MemoryKeyStore::unavailable()] {
        let e = Vault::open(tmp.path(), &keys).unwrap_err();
        assert_eq!(e.kind(), "key_unavailable");
        assert!(e.is_key_unavailable());
        assert!(e.to_string().contains("recovery code"), "{e}");
        assert!(e.message_ja().contains("回復コード"));
    }
    let after = snapshot(tmp.path());
    assert_eq!(after, before);
    assert_eq!(mtimes(&after), before_m);

    let empty = tempfile::tempdir().unwrap();
    let e = Vault::open(empty.path(), &MemoryKeyStore::new()).unwrap_err();
    assert_eq!(e.kind(), "no_vault");
}

#[test]
fn recover_with_the_right_code_stores_the_key_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (v, code) = new_vault(tmp.path(), &MemoryKeyStore::new());
    let id = v.add_member(taro()).unwrap();
    drop(v);
    let before = snapshot(tmp.path());

    // A new computer: an empty keyring.
    let fresh = MemoryKeyStore::new();
    let wrong = RecoveryCode::generate().unwrap();
    let e = Vault::recover(tmp.path(), &wrong, &fresh).unwrap_err();
    assert_eq!(e.kind(), "wrong_recovery_code");
    assert!(Vault::open(tmp.path(), &fresh).is_err());

    let typed = code.reveal().to_lowercase().replace('-', " ");
    let v = Vault::recover(tmp.path(), &RecoveryCode::parse(&typed).unwrap(), &fresh).unwrap();
    assert_eq!(v.get_member(&id).unwrap().name, "協会 太郎");
    drop(v);
    assert_eq!(snapshot(tmp.path()), before, "recovery writes no file");
    let v = Vault::open(tmp.path(), &fresh).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);

    // A locked keyring: recovery opens the vault but says it could not store the key.
    let e = Vault::recover(tmp.path(), &code, &MemoryKeyStore::unavailable()).unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
}

#[test]
fn wrong_key_in_the_keyring_is_damage_not_garbage() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = new_vault(tmp.path(), &keys);
    v.add_member(taro()).unwrap();
    keys.set(v.id(), &SecretKey::generate().unwrap()).unwrap();
    let e = Vault::open(tmp.path(), &keys).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains(HEADER_FILE));
    // An item under another key fails too.
    let other = Vault::assemble(
        tmp.path(),
        v.id().to_string(),
        SecretKey::generate().unwrap(),
        &MemoryKeyStore::new(),
    );
    let e = other.list_members().unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("members.bin"));
}

#[test]
fn a_renamed_item_fails_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = new_vault(tmp.path(), &keys);
    v.put_item(ItemKind::Document, "doc-a", b"A").unwrap();
    v.put_item(ItemKind::Document, "doc-b", b"B").unwrap();
    let items = tmp.path().join(ITEMS_DIR);
    fs::rename(items.join("doc-a.bin"), items.join("doc-b.bin")).unwrap();
    let e = v.get_item(ItemKind::Document, "doc-b").unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.is_damaged());
    assert!(e.to_string().contains("doc-b.bin"), "{e}");
    // A document put in the member index's place fails as well.
    fs::copy(items.join("doc-b.bin"), items.join("members.bin")).unwrap();
    let e = v.list_members().unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("members.bin"), "{e}");
    // A missing member index is damage, not an empty family.
    fs::remove_file(items.join("members.bin")).unwrap();
    assert_eq!(v.list_members().unwrap_err().kind(), "damaged");
}

#[test]
fn every_single_byte_flip_is_caught_for_that_file_only() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = new_vault(tmp.path(), &keys);
    v.add_member(taro()).unwrap();
    v.put_item(ItemKind::Document, "doc-1", b"a small document")
        .unwrap();
    let header = fs::read(tmp.path().join(HEADER_FILE)).unwrap();
    let id_at = header
        .windows(v.id().len())
        .position(|w| w == v.id().as_bytes())
        .unwrap();
    let id_range = id_at..id_at + v.id().len();
    let members = v.list_members().unwrap();
    drop(v);
    let files: Vec<(PathBuf, Vec<u8>)> = snapshot(tmp.path())
        .into_iter()
        .filter(|(p, _)| p.is_file())
        .collect();
    assert_eq!(files.len(), 3);
    let mut checked = 0;
    for (path, original) in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for i in 0..original.len() {
            for mask in [0x01u8, 0x80, 0xFF] {
                let mut bytes = original.clone();
                bytes[i] ^= mask;
                fs::write(path, &bytes).unwrap();
                match name.as_str() {
                    HEADER_FILE => {
                        let e = Vault::open(tmp.path(), &keys).unwrap_err();
                        // A flip inside the vault id that leaves valid hex points at another
                        // vault's keyring entry: no key, so key_unavailable.
                        let in_id = id_range.contains(&i);
                        assert!(
                            (e.kind() == "damaged" && e.to_string().contains(HEADER_FILE))
                                || (in_id && e.kind() == "key_unavailable"),
                            "byte {i} ^ {mask:#x}: {e:?}"
                        );
                        // The recovery code never opens a damaged header either.
                        let fresh = MemoryKeyStore::new();
                        let e = Vault::recover(tmp.path(), &code, &fresh).unwrap_err();
                        assert!(
                            ["damaged", "wrong_recovery_code"].contains(&e.kind()),
                            "byte {i} ^ {mask:#x}: {e:?}"
                        );
                        assert!(format!("{fresh:?}").contains("entries: 0"));
                    }
                    "members.bin" => {
                        let v = Vault::open(tmp.path(), &keys).unwrap();
                        let e = v.list_members().unwrap_err();
                        assert_eq!(e.kind(), "damaged", "byte {i}");
                        assert!(e.to_string().contains("members.bin"));
                        // The index is the root of every other item (§4.1): reading one
                        // reports the index's damage.
                        let e = v.get_item(ItemKind::Document, "doc-1").unwrap_err();
                        assert_eq!(e.kind(), "damaged", "byte {i}");
                        assert!(e.to_string().contains("members.bin"));
                    }
                    "doc-1.bin" => {
                        let v = Vault::open(tmp.path(), &keys).unwrap();
                        let e = v.get_item(ItemKind::Document, "doc-1").unwrap_err();
                        assert_eq!(e.kind(), "damaged", "byte {i}");
                        assert!(e.to_string().contains("doc-1.bin"));
                        assert_eq!(v.list_members().unwrap(), members);
                    }
                    other => panic!("unexpected file {other}"),
                }
                checked += 1;
            }
        }
        fs::write(path, original).unwrap();
        // Truncated files are damage too (vault.json's final newline is insignificant JSON
        // whitespace, so cut two bytes at most).
        for n in [0, 1, original.len() / 2, original.len() - 2] {
            fs::write(path, &original[..n]).unwrap();
            let r = Vault::open(tmp.path(), &keys).and_then(|v| {
                v.list_members()?;
                v.get_item(ItemKind::Document, "doc-1")
            });
            assert_eq!(r.unwrap_err().kind(), "damaged", "{name} cut to {n}");
        }
        fs::write(path, original).unwrap();
    }
    assert!(checked > 1000);
    let v = Vault::open(tmp.path(), &keys).unwrap();
    assert_eq!(v.list_members().unwrap(), members);
}

#[test]
fn a_damaged_recovery_slot_never_yields_a_key() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (_, code) = new_vault(tmp.path(), &keys);
    let path = tmp.path().join(HEADER_FILE);
    let original = fs::read_to_string(&path).unwrap();
    let mut header: serde_json::Value = serde_json::from_str(&original).unwrap();
    let wrapped = header["recovery"]["wrapped_key"]
        .as_str()
        .unwrap()
        .to_string();
    let flipped = format!(
        "{}{}",
        if wrapped.starts_with('0') { "1" } else { "0" },
        &wrapped[1..]
    );
    header["recovery"]["wrapped_key"] = flipped.into();
    fs::write(&path, serde_json::to_vec(&header).unwrap()).unwrap();
    let fresh = MemoryKeyStore::new();
    let e = Vault::recover(tmp.path(), &code, &fresh).unwrap_err();
    assert_eq!(e.kind(), "wrong_recovery_code");
    // The keyring copy still opens it, but the tag notices the edited header.
    assert_eq!(
        Vault::open(tmp.path(), &keys).unwrap_err().kind(),
        "damaged"
    );
    assert!(fresh
        .get(header["vault_id"].as_str().unwrap())
        .unwrap()
        .is_none());
}

#[test]
fn checking_the_recovery_code_says_right_or_wrong_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = new_vault(tmp.path(), &keys);
    v.add_member(taro()).unwrap();
    let before = snapshot(tmp.path());
    let key_before = keys.get(v.id()).unwrap().unwrap();

    // As the user types it: lower case, spaces for hyphens.
    let typed = code.reveal().to_lowercase().replace('-', " ");
    assert!(v
        .check_recovery_code(&RecoveryCode::parse(&typed).unwrap())
        .unwrap());
    // Another vault's code, and a random one: wrong, not an error.
    let other = tempfile::tempdir().unwrap();
    let (_, other_code) = new_vault(other.path(), &MemoryKeyStore::new());
    assert!(!v.check_recovery_code(&other_code).unwrap());
    assert!(!v
        .check_recovery_code(&RecoveryCode::generate().unwrap())
        .unwrap());

    assert_eq!(snapshot(tmp.path()), before, "checking writes no file");
    assert_eq!(keys.get(v.id()).unwrap().unwrap(), key_before);
    assert_eq!(v.list_members().unwrap().len(), 1);
}

#[test]
fn a_recovery_slot_that_opens_to_another_key_is_not_the_code() {
    // The right code for a header whose slot wraps a different data key (a copied vault.json):
    // the AEAD opens, the key differs, so the answer is no.
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = new_vault(tmp.path(), &keys);
    let other = Vault::assemble(
        tmp.path(),
        v.id().to_string(),
        SecretKey::generate().unwrap(),
        &MemoryKeyStore::new(),
    );
    let (header, file) = read_header(tmp.path()).unwrap();
    assert!(recovery::slot_opens_to(&header, &code, &v.key, &file).unwrap());
    assert!(!recovery::slot_opens_to(&header, &code, &other.key, &file).unwrap());
    // Through the method the edited-header check comes first: damage, named.
    assert_eq!(
        other.check_recovery_code(&code).unwrap_err().kind(),
        "damaged"
    );
}

#[test]
fn a_damaged_header_is_reported_when_checking_the_code() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, code) = new_vault(tmp.path(), &keys);
    fs::write(tmp.path().join(HEADER_FILE), b"{not json").unwrap();
    let e = v.check_recovery_code(&code).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains(HEADER_FILE), "{e}");
}
