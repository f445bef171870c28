//! Rollback, deletion and the index (docs/vault-format.md §4.1, §9): every item file is
//! recorded in the member index with its length, hash and generation, and the index's
//! generation is mirrored in the key store, so putting back an older copy of one file, of
//! the index, or of the whole vault is damage naming the file — never old data shown as
//! current.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use hoken_core::vault::{
    DocumentKind, DocumentPart, ItemKind, KdfParams, KeyStore, Member, MemoryKeyStore, NewDocument,
    Vault,
};

fn new_vault(dir: &Path, keys: &MemoryKeyStore) -> Vault {
    Vault::create_with_params(dir, keys, KdfParams::insecure_for_tests())
        .expect("created")
        .0
}

fn member(name: &str) -> Member {
    Member {
        name: name.into(),
        birth: NaiveDate::from_ymd_opt(1965, 10, 1).unwrap(),
        ..Member::default()
    }
}

fn item(dir: &Path, id: &str) -> std::path::PathBuf {
    dir.join("items").join(format!("{id}.bin"))
}

fn assert_damage_naming(e: hoken_core::Error, file: &str) {
    assert_eq!(e.kind(), "damaged", "{e}");
    assert!(e.is_damaged());
    assert!(e.to_string().contains(file), "{e} should name {file}");
}

fn doc(original: &[u8]) -> NewDocument<'_> {
    NewDocument {
        kind: DocumentKind::Pdf,
        original,
        original_mime: "application/pdf",
        display: b"display",
        display_mime: "image/jpeg",
        thumbnail: b"thumb",
        thumbnail_mime: "image/jpeg",
        pages: 1,
        width: 10,
        height: 10,
        thumb_width: 5,
        thumb_height: 5,
        as_of: None,
        insurer_number: None,
    }
}

#[test]
fn an_older_copy_of_one_item_is_damage_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = MemoryKeyStore::new();
    let v = new_vault(dir, &keys);

    // The wallet's state (reminders delivered): an old copy would make reminders fire again.
    v.record_delivered(["a".to_string()]).unwrap();
    let old_state = fs::read(item(dir, "state")).unwrap();
    v.record_delivered(["b".to_string()]).unwrap();
    fs::write(item(dir, "state"), &old_state).unwrap();
    assert_damage_naming(v.wallet_state().unwrap_err(), "state.bin");
    let fresh = Vault::open(dir, &keys).unwrap();
    assert_damage_naming(fresh.wallet_state().unwrap_err(), "state.bin");

    // A document (any item kind).
    v.put_item(ItemKind::Document, "doc-x", b"version 1")
        .unwrap();
    let old = fs::read(item(dir, "doc-x")).unwrap();
    v.put_item(ItemKind::Document, "doc-x", b"version 2")
        .unwrap();
    fs::write(item(dir, "doc-x"), &old).unwrap();
    assert_damage_naming(
        v.get_item(ItemKind::Document, "doc-x").unwrap_err(),
        "doc-x.bin",
    );
    // A thumbnail put in its place is damage too, and the newest copy reads again.
    v.put_item(ItemKind::Thumbnail, "thumb-x", b"t").unwrap();
    fs::copy(item(dir, "thumb-x"), item(dir, "doc-x")).unwrap();
    assert_damage_naming(
        v.get_item(ItemKind::Document, "doc-x").unwrap_err(),
        "doc-x.bin",
    );
    v.put_item(ItemKind::Document, "doc-x", b"version 3")
        .unwrap();
    assert_eq!(
        &v.get_item(ItemKind::Document, "doc-x").unwrap()[..],
        b"version 3"
    );
}

#[test]
fn a_deleted_item_is_damage_not_defaults_or_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = MemoryKeyStore::new();
    let v = new_vault(dir, &keys);
    // Before anything was saved, the state is the defaults.
    assert!(v.wallet_state().unwrap().delivered_reminders.is_empty());
    v.record_delivered(["a".to_string()]).unwrap();
    fs::remove_file(item(dir, "state")).unwrap();
    assert_damage_naming(v.wallet_state().unwrap_err(), "state.bin");

    let m = v.add_member(member("協会 太郎")).unwrap();
    let d = v
        .add_document(
            &m,
            doc(b"%PDF"),
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        )
        .unwrap();
    fs::remove_file(item(dir, &format!("doc-{}-display", d.id))).unwrap();
    assert_damage_naming(
        v.document_part(&d.id, DocumentPart::Display).unwrap_err(),
        "-display.bin",
    );
    // The other parts still read; removing the document removes the damage with it.
    v.document_part(&d.id, DocumentPart::Original).unwrap();
    v.remove_document(&d.id).unwrap();
    assert!(v.all_documents().unwrap().is_empty());
    // An id the index never recorded is simply not there.
    assert_eq!(
        v.get_item(ItemKind::Document, "never").unwrap_err().kind(),
        "not_found"
    );
}

#[test]
fn an_older_index_is_damage_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = MemoryKeyStore::new();
    let v = new_vault(dir, &keys);
    let a = v.add_member(member("協会 太郎")).unwrap();
    let b = v.add_member(member("協会 花子")).unwrap();
    let old_index = fs::read(item(dir, "members")).unwrap();
    v.remove_member(&b).unwrap();
    let mut edited = v.get_member(&a).unwrap();
    edited.kana = Some("キョウカイ タロウ".into());
    v.update_member(edited).unwrap();

    // The older index would bring back the removed member and the old record.
    fs::write(item(dir, "members"), &old_index).unwrap();
    // The open vault has seen a newer generation.
    assert_damage_naming(v.list_members().unwrap_err(), "members.bin");
    assert_damage_naming(v.get_member(&a).unwrap_err(), "members.bin");
    // A new opening on this computer: the key store's mirror.
    assert_damage_naming(Vault::open(dir, &keys).unwrap_err(), "members.bin");
    // Nothing is written over it.
    assert_damage_naming(v.add_member(member("x")).unwrap_err(), "members.bin");
}

#[test]
fn a_whole_vault_put_back_is_damage_on_this_computer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let copy = tmp.path().join("copy");
    let keys = MemoryKeyStore::new();
    let v = new_vault(&dir, &keys);
    v.add_member(member("協会 太郎")).unwrap();
    v.record_delivered(["a".to_string()]).unwrap();
    drop(v);
    copy_dir(&dir, &copy);
    let v = Vault::open(&dir, &keys).unwrap();
    v.add_member(member("協会 花子")).unwrap();
    drop(v);

    fs::remove_dir_all(&dir).unwrap();
    copy_dir(&copy, &dir);
    assert_damage_naming(Vault::open(&dir, &keys).unwrap_err(), "members.bin");

    // The mirror is an entry of its own: the key entry still holds the data key alone.
    let id =
        serde_json::from_slice::<serde_json::Value>(&fs::read(dir.join("vault.json")).unwrap())
            .unwrap()["vault_id"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(keys.get(&id).unwrap().is_some());
    let gen_id = hoken_core::vault::generation_key(&dir, &id);
    assert!(gen_id.starts_with(&id) && gen_id != id);
    assert_eq!(keys.get_generation(&gen_id).unwrap(), Some(4));
    assert_eq!(keys.get_generation(&id).unwrap(), None);

    // Another computer (no mirror) opens the older copy: that is what §9 does not catch.
    let elsewhere = MemoryKeyStore::new();
    elsewhere
        .set(&id, &keys.get(&id).unwrap().unwrap())
        .unwrap();
    assert_eq!(
        Vault::open(&dir, &elsewhere)
            .unwrap()
            .list_members()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn writes_record_generations_and_a_fresh_keyring_trusts_the_first_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = MemoryKeyStore::new();
    let v = new_vault(dir, &keys);
    let id = v.id().to_string();
    let gen = v.generation_id().to_string();
    assert_eq!(keys.get_generation(&gen).unwrap(), Some(1));
    v.add_member(member("協会 太郎")).unwrap();
    v.put_item(ItemKind::Document, "doc-1", b"1").unwrap();
    // A new item: one index write; a rewrite: two (the next version noted first).
    assert_eq!(keys.get_generation(&gen).unwrap(), Some(3));
    v.put_item(ItemKind::Document, "doc-1", b"2").unwrap();
    assert_eq!(keys.get_generation(&gen).unwrap(), Some(5));
    // A keyring that lost the mirror (or a new computer after recovery): set on opening.
    let other = MemoryKeyStore::new();
    other.set(&id, &keys.get(&id).unwrap().unwrap()).unwrap();
    Vault::open(dir, &other).unwrap();
    assert_eq!(other.get_generation(&gen).unwrap(), Some(5));
    // A mirror behind the index (a crash between the two writes) is brought up to date.
    keys.set_generation(&gen, 4).unwrap();
    Vault::open(dir, &keys).unwrap();
    assert_eq!(keys.get_generation(&gen).unwrap(), Some(5));
    // A second copy of the vault in another folder of this computer has a mirror of its
    // own: writing one does not make the other look rolled back.
    drop(v);
    let copy = tempfile::tempdir().unwrap();
    copy_dir(dir, copy.path());
    let a = Vault::open(dir, &keys).unwrap();
    let b = Vault::open(copy.path(), &keys).unwrap();
    b.add_member(member("協会 花子")).unwrap();
    b.add_member(member("協会 次郎")).unwrap();
    a.add_member(member("協会 三郎")).unwrap();
    assert_eq!(
        Vault::open(dir, &keys)
            .unwrap()
            .list_members()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_missing_vault_json_beside_items_is_damage_not_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = MemoryKeyStore::new();
    let v = new_vault(dir, &keys);
    v.add_member(member("協会 太郎")).unwrap();
    drop(v);
    fs::remove_file(dir.join("vault.json")).unwrap();
    assert_damage_naming(Vault::open(dir, &keys).unwrap_err(), "vault.json");
    // A folder with no items at all is no vault.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        Vault::open(empty.path(), &keys).unwrap_err().kind(),
        "no_vault"
    );
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
