//! Vault speed (bench/README.md): `cargo bench -p hoken-core --bench vault`.
//!
//! - `open_and_decrypt_2mb`: `Vault::open` (header, key store, header tag) and `get_item` of a
//!   2 MB document, the key in a `MemoryKeyStore` so the keyring's time is not in it;
//! - `raw_xchacha20poly1305_2mb`: the AEAD alone on the same bytes, already in memory;
//! - `os_keyring_get`: the real keyring's round trip, only with HOKEN_REAL_KEYRING=1 (under
//!   `scripts/with-session.sh`); skipped otherwise;
//! - `argon2id_recovery`: one recovery-key derivation with `KdfParams::RECOVERY`;
//! - `pin_unlock`: opening a vault with the app lock on (`LockedVault::unlock`: the counter
//!   written, Argon2id with `KdfParams::PIN`, the key unwrapped, the counter reset) — what a
//!   user waits for on the lock screen;
//! - `argon2id_pin`: the Argon2id derivation alone, the cost of one offline guess.
//!
//! `cargo bench -p hoken-core --bench vault -- pin` runs the last two.
//! - `qr_lock_guess`: one wrong guess at a locked QR code's code (`qr::decode` with a wrong
//!   8-character code, `LockParams::DEFAULT`): what each guess costs an attacker holding the
//!   picture (docs/qr-format.md §5.1). Only this one:
//!   `cargo bench -p hoken-core --bench vault -- qr_lock_guess`.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::hint::black_box;
use std::time::Duration;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use hoken_core::vault::crypto::HEADER_LEN;
use hoken_core::vault::recovery::{derive_kek, derive_pin};
use hoken_core::vault::{
    ItemKind, KdfParams, KeyStore, MemoryKeyStore, Opened, OsKeyring, Pin, RecoveryCode, SecretKey,
    Vault, ITEMS_DIR,
};

const DOC_LEN: usize = 2 * 1024 * 1024;

fn document() -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..DOC_LEN)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn open_and_raw(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (v, _) =
        Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
    let doc = document();
    v.put_item(ItemKind::Document, "scan", &doc).unwrap();
    let vault_id = v.id().to_string();
    drop(v);

    let mut g = c.benchmark_group("vault");
    g.throughput(Throughput::Bytes(DOC_LEN as u64));
    g.bench_function("open_and_decrypt_2mb", |b| {
        b.iter(|| {
            let v = Vault::open(black_box(tmp.path()), &keys).unwrap();
            let plain = v.get_item(ItemKind::Document, "scan").unwrap();
            assert_eq!(plain.len(), DOC_LEN);
            plain
        })
    });

    // The same file's bytes, decrypted by the AEAD alone.
    let file = std::fs::read(tmp.path().join(ITEMS_DIR).join("scan.bin")).unwrap();
    let key = keys.get(&vault_id).unwrap().unwrap();
    let cipher = XChaCha20Poly1305::new(Key::from_slice(&key.expose()[..]));
    let mut aad = b"HKWV\x01\x02".to_vec();
    aad.extend_from_slice(b"scan");
    let nonce = XNonce::from_slice(&file[6..HEADER_LEN]);
    g.bench_function("raw_xchacha20poly1305_2mb", |b| {
        b.iter(|| {
            let plain = cipher
                .decrypt(
                    nonce,
                    Payload {
                        msg: black_box(&file[HEADER_LEN..]),
                        aad: &aad,
                    },
                )
                .unwrap();
            assert_eq!(plain.len(), DOC_LEN);
            plain
        })
    });
    g.finish();
}

fn os_keyring(c: &mut Criterion) {
    if std::env::var("HOKEN_REAL_KEYRING").as_deref() != Ok("1") {
        eprintln!(
            "vault/os_keyring_get skipped: set HOKEN_REAL_KEYRING=1 and run under \
             scripts/with-session.sh to measure the real keyring"
        );
        return;
    }
    let id = "hoken-core-bench-0001";
    let key = SecretKey::generate().unwrap();
    OsKeyring.set(id, &key).unwrap();
    c.bench_function("vault/os_keyring_get", |b| {
        b.iter(|| OsKeyring.get(black_box(id)).unwrap().unwrap())
    });
    OsKeyring.delete(id).unwrap();
}

fn argon2id(c: &mut Criterion) {
    let code = RecoveryCode::generate().unwrap();
    let mut g = c.benchmark_group("vault");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("argon2id_recovery", |b| {
        b.iter(|| {
            derive_kek(
                &code,
                black_box(&[7u8; 32]),
                &KdfParams::RECOVERY,
                "vault.json",
            )
            .unwrap()
        })
    });
    g.finish();
}

fn pin(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::new();
    let (mut v, _) =
        Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
    let pin = Pin::parse("246810").unwrap();
    v.set_pin(&pin, KdfParams::PIN, &keys).unwrap();
    drop(v);
    let Opened::Locked(locked) = Vault::open_or_locked(tmp.path(), &keys).unwrap() else {
        panic!("the lock is on");
    };
    let mut g = c.benchmark_group("vault");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("pin_unlock", |b| {
        b.iter(|| locked.unlock(black_box(&pin)).unwrap())
    });
    g.bench_function("argon2id_pin", |b| {
        b.iter(|| {
            derive_pin(
                black_box(b"246810"),
                &[7u8; 32],
                &KdfParams::PIN,
                "vault.json",
            )
            .unwrap()
        })
    });
    g.finish();
}

fn qr_lock_guess(c: &mut Criterion) {
    use hoken_core::qr::{self, QrRecord};
    let record = QrRecord {
        name: "協会 花子".into(),
        kana: None,
        relation: hoken_core::vault::Relation::Insured,
        birth: chrono::NaiveDate::from_ymd_opt(1967, 3, 15).unwrap(),
        insurer_number: Some("01010016".into()),
        insurer_name: None,
        symbol: Some("1010101".into()),
        number: Some("2".into()),
        branch: None,
        ratio: Some(3),
        acquired: None,
        as_of: None,
        cert_expiry: None,
        grace_end: None,
        card_expiry: None,
        kakunin_expiry: None,
    };
    let text = qr::encode(&record, Some("7K3QW9TB")).unwrap();
    let mut g = c.benchmark_group("vault");
    g.sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("qr_lock_guess", |b| {
        b.iter(|| {
            let e = qr::decode(black_box(&text), Some("7K3QW9TC")).unwrap_err();
            assert_eq!(e.kind(), "wrong_code");
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    open_and_raw,
    os_keyring,
    argon2id,
    pin,
    qr_lock_guess
);
criterion_main!(benches);
