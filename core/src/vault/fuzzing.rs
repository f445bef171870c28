//! Entry points for the fuzz targets in `core/fuzz/` (not an API: hidden from the docs).
//!
//! Each function feeds arbitrary bytes to the parser the vault uses on files it reads, and
//! panics only where an invariant is broken; every `Err` is an accepted outcome.

use chrono::NaiveDate;

use super::crypto::{self, ItemKind, SecretKey};
use super::{parse_member_index, HEADER_FILE, MEMBER_INDEX_ID};

/// The fixed data key of the fuzz targets.
fn fixed_key() -> SecretKey {
    SecretKey::from_slice(&[0x42; crypto::KEY_LEN]).unwrap_or_else(|| unreachable!())
}

/// `crypto::open_item` on an arbitrary file, for each kind (almost always fails: the AEAD).
pub fn open_item(bytes: &[u8]) {
    let key = fixed_key();
    for kind in [
        ItemKind::MemberIndex,
        ItemKind::Document,
        ItemKind::Thumbnail,
    ] {
        if let Ok(plain) = crypto::open_item(&key, kind, MEMBER_INDEX_ID, "members.bin", bytes) {
            let _ = parse_member_index(&plain, "members.bin");
        }
    }
}

/// Gets past the AEAD: seals `plaintext` as the member index under the fixed key, opens it
/// again as the vault does, parses it, and runs what the app runs on every member (its
/// timeline, the validation of an edit). What parses must re-serialise to the same index.
pub fn member_index(plaintext: &[u8]) {
    let key = fixed_key();
    let Ok(file) = crypto::seal_item(&key, ItemKind::MemberIndex, MEMBER_INDEX_ID, plaintext)
    else {
        return;
    };
    let plain = match crypto::open_item(
        &key,
        ItemKind::MemberIndex,
        MEMBER_INDEX_ID,
        "members.bin",
        &file,
    ) {
        Ok(p) => p,
        Err(e) => panic!("a freshly sealed item does not open: {e}"),
    };
    assert_eq!(&plain[..], plaintext);
    let Ok(index) = parse_member_index(&plain, "members.bin") else {
        return;
    };
    let again = match serde_json::to_vec(&index) {
        Ok(json) => parse_member_index(&json, "members.bin"),
        Err(e) => panic!("a parsed index does not serialise: {e}"),
    };
    match again {
        Ok(again) => assert!(
            again.members == index.members,
            "round trip changed the index"
        ),
        Err(e) => panic!("a re-serialised index does not parse: {e}"),
    }
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    for member in index.members {
        let _ = member.timeline(today);
        let _ = member.timeline(NaiveDate::MIN);
        let _ = member.timeline(NaiveDate::MAX);
        let mut edited = member;
        let _ = edited.validate();
    }
}

/// The `vault.json` parser, then what `Vault::open` does with a header that parses: the
/// header tag's associated data and its check (under the fixed key, so it fails).
pub fn header(bytes: &[u8]) {
    let parsed = super::parse_header(bytes).is_ok();
    let Ok(h) = super::decode_header(bytes, HEADER_FILE) else {
        assert!(!parsed, "parse_header and decode_header disagree");
        return;
    };
    assert!(parsed, "parse_header and decode_header disagree");
    let _ = h.verify(&fixed_key(), HEADER_FILE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{KdfParams, MemoryKeyStore, Vault};

    /// The fuzz targets' entry points accept what the vault writes and reject garbage
    /// without panicking (the seeds of `core/fuzz/seeds/` are made the same way).
    #[test]
    fn entry_points_run_on_real_and_garbage_input() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        let (v, _) =
            Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        v.add_member(crate::vault::member::tests::sample()).unwrap();
        let json = std::fs::read(tmp.path().join(HEADER_FILE)).unwrap();
        assert!(super::super::parse_header(&json).is_ok());
        header(&json);
        let item = std::fs::read(tmp.path().join("items/members.bin")).unwrap();
        open_item(&item);
        let index = br#"{"members":[{"id":"0123456789abcdef","name":"x","kana":null,"relation":"insured","birth":"1965-10-01","cert_issued":"2021-05-10","cert_expiry":null,"card_expiry":null,"phone_cert_expiry":null,"kakunin_expiry":null,"insurer_number":"01010016","insurer_name":null,"symbol":null,"number":null,"branch":null,"ratio":3,"acquired":null}]}"#;
        assert!(parse_member_index(index, "m").is_ok());
        member_index(index);
        for garbage in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"{\"members\":[1]}",
            &json[..10],
        ] {
            header(garbage);
            open_item(garbage);
            member_index(garbage);
            assert!(super::super::parse_header(garbage).is_err());
        }
    }
}
