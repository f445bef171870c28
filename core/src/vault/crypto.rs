//! The data key, the item file format and the AEAD around it (docs/vault-format.md §3).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Msg, Result};

/// The first four bytes of every vault item file.
pub const MAGIC: &[u8; 4] = b"HKWV";
/// The item file format version this code writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// Length of the data key (XChaCha20-Poly1305 key).
pub const KEY_LEN: usize = 32;
/// Length of an XChaCha20 nonce.
pub const NONCE_LEN: usize = 24;
/// Length of the Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// magic (4) + version (1) + kind (1) + nonce (24).
pub const HEADER_LEN: usize = 4 + 1 + 1 + NONCE_LEN;

/// A 256-bit key, wiped from memory when dropped. Its `Debug` never shows the bytes.
pub struct SecretKey(Box<[u8; KEY_LEN]>);

impl SecretKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Result<SecretKey> {
        let mut k = SecretKey(Box::new([0u8; KEY_LEN]));
        fill_random(&mut k.0[..])?;
        Ok(k)
    }

    /// A key from exactly 32 bytes (the keyring's copy); `None` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Option<SecretKey> {
        if bytes.len() != KEY_LEN {
            return None;
        }
        let mut k = SecretKey(Box::new([0u8; KEY_LEN]));
        k.0.copy_from_slice(bytes);
        Some(k)
    }

    /// The raw bytes, for the keyring and the AEAD. Do not copy them anywhere else.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(&self.0[..]))
    }
}

impl Clone for SecretKey {
    fn clone(&self) -> Self {
        SecretKey(Box::new(*self.0))
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl PartialEq for SecretKey {
    /// Constant-time enough for tests: compares every byte.
    fn eq(&self, other: &Self) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// Fills `buf` from the operating system's random generator.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| {
        Error::Io(Msg::new(
            format!("乱数を取得できません: {e}"),
            format!("Cannot get random bytes from the operating system: {e}"),
        ))
    })
}

/// What an item file holds (byte 5 of the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ItemKind {
    /// The encrypted list of members (`items/members.bin`).
    MemberIndex = 1,
    /// A document (scan, photo, PDF).
    Document = 2,
    /// A document's thumbnail.
    Thumbnail = 3,
    /// The wallet's own state: delivered reminders and reminder settings (`items/state.bin`).
    WalletState = 4,
    /// What reminders need while the app is locked (`reminders.bin`, under a key from the
    /// keyring's device secret; docs/vault-format.md §12.3).
    ReminderView = 5,
}

impl ItemKind {
    pub fn from_byte(b: u8) -> Option<ItemKind> {
        match b {
            1 => Some(ItemKind::MemberIndex),
            2 => Some(ItemKind::Document),
            3 => Some(ItemKind::Thumbnail),
            4 => Some(ItemKind::WalletState),
            5 => Some(ItemKind::ReminderView),
            _ => None,
        }
    }
}

/// The associated data of an item: magic, version, kind, then the item id in UTF-8.
fn item_aad(version: u8, kind: u8, id: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(6 + id.len());
    aad.extend_from_slice(MAGIC);
    aad.push(version);
    aad.push(kind);
    aad.extend_from_slice(id.as_bytes());
    aad
}

fn damaged(file: &str, ja: String, en: String) -> Error {
    Error::Damaged {
        file: file.to_string(),
        msg: Msg::new(ja, en),
    }
}

/// Encrypts one item: `HKWV | version | kind | nonce | ciphertext+tag`.
pub fn seal_item(key: &SecretKey, kind: ItemKind, id: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let aad = item_aad(FORMAT_VERSION, kind as u8, id);
    let ct = key
        .cipher()
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .map_err(|_| {
            Error::Io(Msg::new(
                "暗号化に失敗しました",
                "Encryption failed (the item is too large)",
            ))
        })?;
    let mut out = Vec::with_capacity(HEADER_LEN + ct.len());
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    out.push(kind as u8);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Decrypts one item file's bytes. `file` names the file in the error; `id` and `kind` are
/// what the caller expects, so a file renamed to another id or kind fails authentication.
pub fn open_item(
    key: &SecretKey,
    kind: ItemKind,
    id: &str,
    file: &str,
    bytes: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if bytes.len() < HEADER_LEN + TAG_LEN {
        return Err(damaged(
            file,
            format!(
                "{file} が壊れています（短すぎます: {} バイト）",
                bytes.len()
            ),
            format!(
                "{file} is damaged: too short ({} bytes) to be a vault item",
                bytes.len()
            ),
        ));
    }
    if &bytes[0..4] != MAGIC {
        return Err(damaged(
            file,
            format!("{file} は Hoken Wallet の保管庫ファイルではないか、壊れています"),
            format!("{file} is damaged or not a Hoken Wallet vault file (bad magic)"),
        ));
    }
    let version = bytes[4];
    if version != FORMAT_VERSION {
        return Err(damaged(
            file,
            format!("{file} の形式バージョン {version} は読めません（壊れているか、新しい版で書かれています）"),
            format!("{file} has format version {version}, which this version cannot read (damaged, or written by a newer Hoken Wallet)"),
        ));
    }
    let found = bytes[5];
    if found != kind as u8 {
        return Err(damaged(
            file,
            format!("{file} の種類が違います（壊れているか、別のファイルです）"),
            format!(
                "{file} is damaged or misplaced: item kind {found}, expected {}",
                kind as u8
            ),
        ));
    }
    let nonce = XNonce::from_slice(&bytes[6..HEADER_LEN]);
    let aad = item_aad(version, found, id);
    let pt = key
        .cipher()
        .decrypt(
            nonce,
            Payload {
                msg: &bytes[HEADER_LEN..],
                aad: &aad,
            },
        )
        .map_err(|_| {
            damaged(
                file,
                format!("{file} が壊れているか、改ざんされています（認証に失敗しました）。ほかのデータは読めます"),
                format!("{file} is damaged or has been tampered with (authentication failed); the rest of the vault is unaffected"),
            )
        })?;
    Ok(Zeroizing::new(pt))
}

/// Wraps (`encrypt`) the data key under `kek` with the given nonce and associated data.
pub fn wrap(
    kek: &SecretKey,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    data_key: &SecretKey,
) -> Result<Vec<u8>> {
    kek.cipher()
        .encrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: &data_key.expose()[..],
                aad,
            },
        )
        .map_err(|_| Error::Io(Msg::new("鍵の暗号化に失敗しました", "Key wrapping failed")))
}

/// Unwraps a data key; `None` when authentication fails (wrong key or damaged slot).
pub fn unwrap(kek: &SecretKey, nonce: &[u8], aad: &[u8], wrapped: &[u8]) -> Option<SecretKey> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    let pt = Zeroizing::new(
        kek.cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: wrapped, aad })
            .ok()?,
    );
    SecretKey::from_slice(&pt)
}

/// XChaCha20-Poly1305 under any key: the ciphertext followed by its 16-byte tag.
pub fn seal(
    key: &SecretKey,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    key.cipher()
        .encrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| {
            Error::Io(Msg::new(
                "暗号化に失敗しました",
                "Encryption failed (the data is too large)",
            ))
        })
}

/// Decrypts what [`seal`] made; `None` when authentication fails (wrong key or damage).
pub fn open(
    key: &SecretKey,
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    key.cipher()
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// An authentication tag over `aad` alone (empty plaintext): a MAC under the data key.
pub fn tag(key: &SecretKey, nonce: &[u8; NONCE_LEN], aad: &[u8]) -> Result<Vec<u8>> {
    key.cipher()
        .encrypt(XNonce::from_slice(nonce), Payload { msg: &[], aad })
        .map_err(|_| Error::Io(Msg::new("認証タグを作れません", "Cannot compute a tag")))
}

/// Whether `tag` authenticates `aad` under `key`.
pub fn verify_tag(key: &SecretKey, nonce: &[u8], aad: &[u8], tag: &[u8]) -> bool {
    nonce.len() == NONCE_LEN
        && key
            .cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: tag, aad })
            .is_ok()
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Strict lower-case hex (the vault writes lower case only); `None` on anything else.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if b.len() % 2 == 1 {
        return None;
    }
    b.chunks(2)
        .map(|p| Some(val(p[0])? << 4 | val(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_round_trip_and_binding() {
        let k = SecretKey::generate().unwrap();
        let f = seal_item(&k, ItemKind::Document, "doc-1", b"hello").unwrap();
        assert_eq!(f.len(), HEADER_LEN + 5 + TAG_LEN);
        assert_eq!(&f[..4], b"HKWV");
        let p = open_item(&k, ItemKind::Document, "doc-1", "doc-1.bin", &f).unwrap();
        assert_eq!(&p[..], b"hello");
        // Another id, kind or key fails, naming the file.
        let e = open_item(&k, ItemKind::Document, "doc-2", "doc-2.bin", &f).unwrap_err();
        assert_eq!(e.kind(), "damaged");
        assert!(e.to_string().contains("doc-2.bin"));
        let e = open_item(&k, ItemKind::Thumbnail, "doc-1", "x.bin", &f).unwrap_err();
        assert_eq!(e.kind(), "damaged");
        let other = SecretKey::generate().unwrap();
        let e = open_item(&other, ItemKind::Document, "doc-1", "doc-1.bin", &f).unwrap_err();
        assert_eq!(e.kind(), "damaged");
        // Truncations never panic.
        for n in 0..f.len() {
            assert!(open_item(&k, ItemKind::Document, "doc-1", "d", &f[..n]).is_err());
        }
    }

    #[test]
    fn key_debug_is_redacted() {
        let k = SecretKey::from_slice(&[0xAB; 32]).unwrap();
        let d = format!("{k:?}");
        assert!(!d.to_lowercase().contains("ab"), "{d}");
        assert!(SecretKey::from_slice(&[0; 31]).is_none());
    }

    #[test]
    fn hex_round_trip() {
        let b = [0u8, 1, 0x7f, 0xff];
        assert_eq!(to_hex(&b), "00017fff");
        assert_eq!(from_hex("00017fff").unwrap(), b);
        assert!(from_hex("0A").is_none());
        assert!(from_hex("abc").is_none());
    }
}
