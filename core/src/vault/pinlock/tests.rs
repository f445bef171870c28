//! The app lock: what the files plus the keyring open, PINs, delays, recovery, reminders.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::vault::{DocumentKind, MemoryKeyStore, NewDocument, ITEMS_DIR};

const PIN: &str = "246810";

fn cheap() -> KdfParams {
    KdfParams::insecure_for_tests()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn pin(s: &str) -> Pin {
    Pin::parse(s).unwrap()
}

fn hanako() -> Member {
    crate::vault::member::tests::sample()
}

fn doc(bytes: &[u8]) -> NewDocument<'_> {
    NewDocument {
        kind: DocumentKind::Pdf,
        original: bytes,
        original_mime: "application/pdf",
        display: b"display-bytes",
        display_mime: "image/jpeg",
        thumbnail: b"thumb-bytes",
        thumbnail_mime: "image/jpeg",
        pages: 1,
        width: 10,
        height: 10,
        thumb_width: 1,
        thumb_height: 1,
        as_of: Some(d(2025, 1, 1)),
        insurer_number: Some("01010016".into()),
    }
}

/// A vault with one member and one document, the lock on with `PIN`.
fn locked(dir: &Path, keys: &MemoryKeyStore) -> (String, RecoveryCode) {
    let (mut v, code) = Vault::create_with_params(dir, keys, cheap()).unwrap();
    let id = v.add_member(hanako()).unwrap();
    v.add_document(&id, doc(b"%PDF secret document"), d(2025, 1, 2))
        .unwrap();
    v.set_pin(&pin(PIN), cheap(), keys).unwrap();
    (id, code)
}

fn locked_vault(dir: &Path, keys: &MemoryKeyStore) -> LockedVault {
    match Vault::open_or_locked(dir, keys).unwrap() {
        Opened::Locked(l) => l,
        Opened::Open(_) => panic!("the lock is off"),
    }
}

fn header(dir: &Path) -> Header {
    read_header(dir).unwrap().0
}

#[test]
fn pins_and_passphrases() {
    assert!(Pin::parse("12345").is_err());
    assert!(Pin::parse("123456").is_ok());
    assert!(Pin::parse(" ２４６８１０ ").unwrap().bytes() == b"246810");
    assert!(Pin::parse("abcdefg").is_err());
    assert!(Pin::parse("かぎのことば8字").is_ok());
    assert!(Pin::parse(&"9".repeat(300)).is_err());
    assert_eq!(format!("{:?}", pin(PIN)), "Pin(<redacted>)");
    assert_eq!(delay_after(3), Some(0));
    assert!(delay_after(4).unwrap() > 0);
    assert_eq!(delay_after(MAX_FAILURES), None);
}

#[test]
fn with_the_lock_on_the_keyring_alone_opens_no_member_or_document_item() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (id, _) = locked(tmp.path(), &keys);
    let h = header(tmp.path());
    let ring = keys.get(&h.vault_id).unwrap().unwrap();

    let e = Vault::open(tmp.path(), &keys).unwrap_err();
    assert_eq!(e.kind(), "pin_required");
    assert!(e.is_key_unavailable(), "CLI exit 3");

    // Every item file, under the keyring's secret and every key derived from it alone.
    let candidates = [ring.clone(), reminders_key(&ring), slot_key(&ring)];
    let mut n = 0;
    for e in fs::read_dir(tmp.path().join(ITEMS_DIR)).unwrap() {
        let path = e.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let kind = ItemKind::from_byte(bytes[5]).unwrap();
        for k in &candidates {
            assert!(
                crypto::open_item(k, kind, &name, "x", &bytes).is_err(),
                "{name} opens with the keyring alone"
            );
        }
        n += 1;
    }
    assert!(n >= 4, "members, the document's three parts");

    // The reminders file opens with the keyring alone and holds names and dates only.
    let l = locked_vault(tmp.path(), &keys);
    let view = l.reminders().unwrap();
    assert_eq!(view.members.len(), 1);
    assert_eq!(view.members[0].name, "協会 花子");
    assert_eq!(view.members[0].id, id);
    assert_eq!(view.members[0].birth, d(1965, 10, 1));
    assert!(view.members[0].insurer_number.is_none());
    assert!(view.members[0].number.is_none() && view.members[0].symbol.is_none());
    assert!(view.members[0].kana.is_none() && view.members[0].ratio.is_none());
    assert_eq!(view.documents.len(), 1);
    assert!(view.documents[0].insurer_number.is_none());
    let raw = fs::read(tmp.path().join(REMINDERS_FILE)).unwrap();
    let plain = crypto::open_item(
        &reminders_key(&ring),
        ItemKind::ReminderView,
        "reminders",
        "x",
        &raw,
    )
    .unwrap();
    let text = String::from_utf8_lossy(&plain);
    for secret in ["01010016", "1010101", "キョウカイ", "secret document"] {
        assert!(!text.contains(secret), "{secret} readable without the PIN");
    }
    // No plaintext name in any file.
    for e in fs::read_dir(tmp.path()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let b = fs::read(&p).unwrap();
            assert!(!b.windows(6).any(|w| w == "協会".as_bytes()), "{p:?}");
        }
    }

    // Files plus the PIN, without the keyring's secret: nothing.
    let empty = MemoryKeyStore::new();
    assert_eq!(
        Vault::open(tmp.path(), &empty).unwrap_err().kind(),
        "key_unavailable"
    );
    let wrong_ring = MemoryKeyStore::new();
    wrong_ring
        .set(&h.vault_id, &SecretKey::generate().unwrap())
        .unwrap();
    assert_eq!(
        Vault::open(tmp.path(), &wrong_ring).unwrap_err().kind(),
        "damaged"
    );

    // The right PIN opens everything.
    let v = l.unlock(&pin(PIN)).unwrap();
    assert!(v.pin_enabled());
    assert_eq!(v.list_members().unwrap()[0].number.as_deref(), Some("1"));
    let docs = v.documents(&id).unwrap();
    assert_eq!(
        &v.document_part(&docs[0].id, crate::vault::DocumentPart::Original)
            .unwrap()
            .0[..],
        b"%PDF secret document"
    );
}

#[test]
fn wrong_pins_wait_survive_a_restart_and_block_after_ten() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    locked(tmp.path(), &keys);
    let l = locked_vault(tmp.path(), &keys);
    for i in 1..=3 {
        let e = l.unlock(&pin("999999")).unwrap_err();
        assert_eq!(e.kind(), "wrong_pin", "try {i}");
        assert_eq!(l.status().unwrap().retry_after_s, 0);
    }
    let e = l.unlock(&pin("999999")).unwrap_err();
    assert_eq!(e.kind(), "wrong_pin");
    assert!(e.to_string().contains("wait"), "{e}");
    assert!(!e.to_string().contains("remain"), "{e}");

    // A restart: a new process reads the delay from the vault.
    let again = locked_vault(tmp.path(), &keys);
    let s = again.status().unwrap();
    assert!(s.enabled && !s.blocked);
    assert!(s.retry_after_s > 0 && s.retry_after_s <= 30, "{s:?}");
    let e = again.unlock(&pin(PIN)).unwrap_err();
    assert_eq!(e.kind(), "pin_required", "even the right PIN waits");
    assert!(e.message_ja().contains("待って"), "{}", e.message_ja());
    assert_eq!(
        Vault::open(tmp.path(), &keys).unwrap_err().kind(),
        "pin_required"
    );

    // Editing the counter in vault.json is damage, not a reset.
    let text = fs::read_to_string(tmp.path().join(HEADER_FILE)).unwrap();
    let edited = text.replace("\"failures\": 4", "\"failures\": 0");
    assert_ne!(text, edited);
    fs::write(tmp.path().join(HEADER_FILE), &edited).unwrap();
    assert_eq!(again.status().unwrap_err().kind(), "damaged");
    fs::write(tmp.path().join(HEADER_FILE), &text).unwrap();

    // Nine failures, the last long ago (as if waited out), then the tenth: blocked.
    set_attempts(tmp.path(), &keys, 9, 0);
    assert_eq!(again.status().unwrap().retry_after_s, 0);
    let e = again.unlock(&pin("999999")).unwrap_err();
    assert_eq!(e.kind(), "pin_required");
    assert!(again.status().unwrap().blocked);
    let e = again.unlock(&pin(PIN)).unwrap_err();
    assert!(e.to_string().contains("recovery code"), "{e}");
}

/// Writes a counter (as the app would after `failures` wrong PINs, the last at `last`).
fn set_attempts(dir: &Path, keys: &MemoryKeyStore, failures: u32, last: i64) {
    let mut h = header(dir);
    let ring = keys.get(&h.vault_id).unwrap().unwrap();
    let salt = h.pin.as_ref().unwrap().salt.clone();
    h.pin_attempts = Some(PinAttempts::new(
        &slot_key(&ring),
        &h.vault_id,
        &salt,
        failures,
        last,
    ));
    write_header(dir, &h).unwrap();
}

#[test]
fn the_right_pin_resets_the_count_and_a_pin_can_be_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    locked(tmp.path(), &keys);
    let l = locked_vault(tmp.path(), &keys);
    l.unlock(&pin("111111")).unwrap_err();
    l.unlock(&pin("111111")).unwrap_err();
    let v = l.unlock(&pin(PIN)).unwrap();
    assert_eq!(header(tmp.path()).pin_attempts.unwrap().failures, 0);
    v.change_pin(&pin("new passphrase"), cheap()).unwrap();
    drop(v);
    let l = locked_vault(tmp.path(), &keys);
    assert_eq!(l.unlock(&pin(PIN)).unwrap_err().kind(), "wrong_pin");
    let v = l.unlock(&pin("new passphrase")).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
}

#[test]
fn removing_the_lock_puts_the_data_key_back() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    locked(tmp.path(), &keys);
    let mut v = locked_vault(tmp.path(), &keys).unlock(&pin(PIN)).unwrap();
    v.remove_pin(&keys).unwrap();
    assert!(!v.pin_enabled());
    let h = header(tmp.path());
    assert!(h.pin.is_none() && h.pin_attempts.is_none());
    assert!(!tmp.path().join(REMINDERS_FILE).exists());
    let v = Vault::open(tmp.path(), &keys).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
    assert_eq!(
        Vault::pin_status(tmp.path(), &keys).unwrap(),
        PinStatus::OFF
    );
}

#[test]
fn the_recovery_code_opens_everything_and_resets_a_forgotten_pin() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (_, code) = locked(tmp.path(), &keys);
    set_attempts(tmp.path(), &keys, MAX_FAILURES, 0);
    assert!(Vault::pin_status(tmp.path(), &keys).unwrap().blocked);
    let mut v = Vault::remove_pin_with_recovery(tmp.path(), &code, &keys).unwrap();
    assert!(!v.pin_enabled());
    assert_eq!(v.list_members().unwrap().len(), 1);
    assert!(header(tmp.path()).pin.is_none());
    // A new PIN.
    v.set_pin(&pin("135790"), cheap(), &keys).unwrap();
    drop(v);
    let v = locked_vault(tmp.path(), &keys)
        .unlock(&pin("135790"))
        .unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
    // On another computer (empty keyring), the recovery code too.
    let other = MemoryKeyStore::new();
    let v = Vault::recover(tmp.path(), &code, &other).unwrap();
    assert_eq!(v.list_members().unwrap().len(), 1);
}

#[test]
fn a_lock_set_cut_short_before_the_keyring_leaves_the_lock_off() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) = Vault::create_with_params(tmp.path(), &keys, cheap()).unwrap();
    v.add_member(hanako()).unwrap();
    let data_key = keys.get(v.id()).unwrap().unwrap();
    let mut v = v;
    v.set_pin(&pin(PIN), cheap(), &keys).unwrap();
    // The keyring write "did not happen".
    keys.set(v.id(), &data_key).unwrap();
    let opened = Vault::open(tmp.path(), &keys).unwrap();
    assert_eq!(opened.list_members().unwrap().len(), 1);
    assert_eq!(
        Vault::pin_status(tmp.path(), &keys).unwrap(),
        PinStatus::OFF
    );
    // Setting it again works over the stale slot.
    let mut opened = opened;
    opened.set_pin(&pin(PIN), cheap(), &keys).unwrap();
    assert!(Vault::pin_status(tmp.path(), &keys).unwrap().enabled);
}

#[test]
fn reminders_work_while_locked_and_are_not_repeated_after_unlocking() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    locked(tmp.path(), &keys);
    let l = locked_vault(tmp.path(), &keys);
    // The certificate (issued 2021-05-10, born 1965-10-01) expires on the 5th birthday after
    // issue: 2026-10-01; 30 days before it a reminder fires.
    let day = d(2026, 9, 5);
    let p = crate::reminders::pending_locked(&l, day).unwrap();
    assert!(!p.due.is_empty());
    assert!(p.due[0].title_ja.contains("協会 花子"));
    crate::reminders::acknowledge_locked(&l, &p).unwrap();
    assert!(crate::reminders::pending_locked(&l, day)
        .unwrap()
        .due
        .is_empty());
    let v = l.unlock(&pin(PIN)).unwrap();
    assert!(crate::reminders::pending(&v, day).unwrap().due.is_empty());
    // A change made with the PIN reaches the reminders file.
    let mut m = v.list_members().unwrap().remove(0);
    m.name = "協会 はなこ".into();
    v.update_member(m).unwrap();
    assert_eq!(l.reminders().unwrap().members[0].name, "協会 はなこ");
    assert!(crate::reminders::pending_locked(&l, day)
        .unwrap()
        .due
        .is_empty());
    // The calendar, without the PIN.
    let ics = tmp.path().join("out.ics");
    crate::ics::write_locked(&l, &ics, chrono::Utc::now()).unwrap();
    let text = fs::read_to_string(&ics).unwrap();
    assert!(text.contains("BEGIN:VEVENT"));
}
