//! The real OS keyring (Secret Service on Linux). Runs only with HOKEN_REAL_KEYRING=1, inside
//! a private session with an unlocked keyring:
//!
//! ```sh
//! HOKEN_REAL_KEYRING=1 scripts/with-session.sh cargo test -p hoken-core --test keyring
//! ```

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use hoken_core::vault::{KdfParams, KeyStore, Member, OsKeyring, SecretKey, Vault};

fn enabled() -> bool {
    if std::env::var("HOKEN_REAL_KEYRING").as_deref() == Ok("1") {
        true
    } else {
        eprintln!("skipped: set HOKEN_REAL_KEYRING=1 (and run under scripts/with-session.sh) to test the real keyring");
        false
    }
}

#[test]
fn os_keyring_set_get_delete() {
    if !enabled() {
        return;
    }
    let ks = OsKeyring;
    let id = "hoken-core-test-0001";
    ks.delete(id).unwrap();
    assert!(ks.get(id).unwrap().is_none(), "no entry is Ok(None)");
    let key = SecretKey::generate().unwrap();
    ks.set(id, &key).unwrap();
    assert!(ks.get(id).unwrap().unwrap() == key);
    let other = SecretKey::generate().unwrap();
    ks.set(id, &other).unwrap();
    assert!(ks.get(id).unwrap().unwrap() == other, "set replaces");
    ks.delete(id).unwrap();
    assert!(ks.get(id).unwrap().is_none());
    ks.delete(id).unwrap();
}

#[test]
fn vault_with_the_os_keyring_and_a_wiped_keyring() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (v, code) =
        Vault::create_with_params(tmp.path(), &OsKeyring, KdfParams::insecure_for_tests()).unwrap();
    let member = Member {
        name: "協会 太郎".into(),
        birth: chrono::NaiveDate::from_ymd_opt(1965, 10, 1).unwrap(),
        ..Member::default()
    };
    let id = v.add_member(member).unwrap();
    let vault_id = v.id().to_string();
    drop(v);

    let v = Vault::open(tmp.path(), &OsKeyring).unwrap();
    assert_eq!(v.get_member(&id).unwrap().name, "協会 太郎");
    drop(v);

    // The keyring loses the key (new machine, wiped keyring): key_unavailable, then recovery.
    OsKeyring.delete(&vault_id).unwrap();
    let e = Vault::open(tmp.path(), &OsKeyring).unwrap_err();
    assert_eq!(e.kind(), "key_unavailable");
    let v = Vault::recover(tmp.path(), &code, &OsKeyring).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
    drop(v);
    let v = Vault::open(tmp.path(), &OsKeyring).unwrap();
    assert_eq!(v.get_member(&id).unwrap().name, "協会 太郎");
    OsKeyring.delete(&vault_id).unwrap();
}

/// The generation mirror is a keyring entry of its own (service `hoken-wallet-generation`):
/// the key entry keeps holding the 32-byte data key and nothing else.
#[test]
fn the_generation_is_a_separate_entry_and_the_key_entry_holds_the_key_alone() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (v, _) =
        Vault::create_with_params(tmp.path(), &OsKeyring, KdfParams::insecure_for_tests()).unwrap();
    v.add_member(Member {
        name: "協会 太郎".into(),
        birth: chrono::NaiveDate::from_ymd_opt(1965, 10, 1).unwrap(),
        ..Member::default()
    })
    .unwrap();
    let id = v.id().to_string();
    let key = keyring::Entry::new(hoken_core::vault::KEYRING_SERVICE, &id)
        .unwrap()
        .get_secret()
        .unwrap();
    assert_eq!(key.len(), 32);
    assert_eq!(
        OsKeyring.get_generation(v.generation_id()).unwrap(),
        Some(2)
    );
    let gen =
        keyring::Entry::new(hoken_core::vault::GENERATION_SERVICE, v.generation_id()).unwrap();
    assert_eq!(gen.get_secret().unwrap(), b"2");
    // Putting back the older index is noticed through the real keyring.
    let index = tmp.path().join("items/members.bin");
    let newer = std::fs::read(&index).unwrap();
    drop(v);
    let v = Vault::open(tmp.path(), &OsKeyring).unwrap();
    v.remove_member(&v.list_members().unwrap()[0].id).unwrap();
    drop(v);
    std::fs::write(&index, &newer).unwrap();
    assert_eq!(
        Vault::open(tmp.path(), &OsKeyring).unwrap_err().kind(),
        "damaged"
    );
    gen.delete_credential().unwrap();
    OsKeyring.delete(&id).unwrap();
}
