//! The recovery code and the Argon2id key derivation of the recovery slot.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::vault::crypto::{self, fill_random, from_hex, SecretKey, KEY_LEN};
use crate::vault::lock::LockMode;
use crate::vault::{read_header, recovery_aad, Header, Vault};
use crate::{Error, Msg, Result};

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a recovery code (24 × 5 = 120 random bits).
pub const CODE_LEN: usize = 24;

/// A recovery code: 24 Crockford base32 characters, shown as `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
/// Wiped from memory when dropped; `Debug` never shows it. Use [`RecoveryCode::reveal`] to
/// show it to the user, once.
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    /// A fresh random code (120 bits from the operating system's generator).
    pub fn generate() -> Result<RecoveryCode> {
        let mut bytes = Zeroizing::new([0u8; 15]);
        fill_random(&mut bytes[..])?;
        let mut s = Zeroizing::new(String::with_capacity(CODE_LEN));
        // 15 bytes = 120 bits = 24 groups of 5 bits, most significant first.
        for i in 0..CODE_LEN {
            let bit = i * 5;
            let (byte, off) = (bit / 8, bit % 8);
            let hi = u16::from(bytes[byte]) << 8;
            let lo = u16::from(*bytes.get(byte + 1).unwrap_or(&0));
            let v = ((hi | lo) >> (11 - off)) & 31;
            s.push(ALPHABET[v as usize] as char);
        }
        Ok(RecoveryCode(s))
    }

    /// Reads a code as the user typed it: lower case, spaces and hyphens are fine, and
    /// O/I/L are read as 0/1/1 (Crockford).
    pub fn parse(input: &str) -> Result<RecoveryCode> {
        let mut s = Zeroizing::new(String::with_capacity(CODE_LEN));
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, '-' | 'ー' | '－' | '‐' | '−') {
                continue;
            }
            let u = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                u => u,
            };
            if !u.is_ascii() || !ALPHABET.contains(&(u as u8)) {
                return Err(Error::InvalidInput(Msg::new(
                    "回復コードに使えない文字があります（0-9 と A-Z、ただし U を除く）",
                    "The recovery code has a character it cannot contain (0-9 and A-Z except U)",
                )));
            }
            s.push(u);
        }
        if s.len() != CODE_LEN {
            return Err(Error::InvalidInput(Msg::new(
                format!("回復コードは{CODE_LEN}文字です（入力は{}文字）", s.len()),
                format!(
                    "A recovery code has {CODE_LEN} characters; this one has {}",
                    s.len()
                ),
            )));
        }
        Ok(RecoveryCode(s))
    }

    /// The code in groups of four, for the user to write down: `XXXX-XXXX-…`.
    pub fn reveal(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(CODE_LEN + CODE_LEN / 4));
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// The canonical form fed to Argon2id: 24 upper-case characters, no separators.
    fn canonical(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

/// Argon2id parameters, recorded in `vault.json` next to the salt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl KdfParams {
    /// What new vaults use: 128 MiB, 3 passes, 1 lane (≈ 0.5 s here; docs/vault-format.md).
    pub const RECOVERY: KdfParams = KdfParams {
        m_cost_kib: 128 * 1024,
        t_cost: 3,
        p_cost: 1,
    };

    /// Cheap parameters (64 KiB, 1 pass) for tests only. Never for real vaults.
    pub const fn insecure_for_tests() -> KdfParams {
        KdfParams {
            m_cost_kib: 64,
            t_cost: 1,
            p_cost: 1,
        }
    }

    /// The most memory a file may ask for: 4 × what the app writes (512 MiB).
    pub const MAX_M_COST_KIB: u32 = 4 * KdfParams::RECOVERY.m_cost_kib;
    /// The most passes a file may ask for: 4 × what the app writes.
    pub const MAX_T_COST: u32 = 4 * KdfParams::RECOVERY.t_cost;
    /// The most lanes a file may ask for.
    pub const MAX_P_COST: u32 = 4;

    /// Refuses parameters beyond what the app writes (with headroom: [`Self::MAX_M_COST_KIB`],
    /// [`Self::MAX_T_COST`], [`Self::MAX_P_COST`]) before anything is allocated: a damaged
    /// or hostile `vault.json` or backup must not exhaust (or abort) the process.
    pub(crate) fn check(&self, file: &str) -> Result<Params> {
        let sane = self.m_cost_kib <= KdfParams::MAX_M_COST_KIB
            && self.t_cost <= KdfParams::MAX_T_COST
            && self.p_cost <= KdfParams::MAX_P_COST;
        let params = if sane {
            Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(KEY_LEN)).ok()
        } else {
            None
        };
        params.ok_or_else(|| Error::Damaged {
            file: file.to_string(),
            msg: Msg::new(
                format!(
                    "{file} の鍵導出パラメータが不正です（m={} KiB, t={}, p={}。上限は m={} KiB, t={}, p={}）",
                    self.m_cost_kib, self.t_cost, self.p_cost,
                    KdfParams::MAX_M_COST_KIB, KdfParams::MAX_T_COST, KdfParams::MAX_P_COST
                ),
                format!(
                    "{file} is damaged: invalid Argon2id parameters (m={} KiB, t={}, p={}; at most m={} KiB, t={}, p={})",
                    self.m_cost_kib, self.t_cost, self.p_cost,
                    KdfParams::MAX_M_COST_KIB, KdfParams::MAX_T_COST, KdfParams::MAX_P_COST
                ),
            ),
        })
    }
}

/// Derives the recovery slot's wrapping key: Argon2id v1.3 (code, salt, params) → 32 bytes.
/// `file` names the header in the error when the parameters are invalid.
pub fn derive_kek(
    code: &RecoveryCode,
    salt: &[u8],
    params: &KdfParams,
    file: &str,
) -> Result<SecretKey> {
    derive(code.canonical(), salt, params, file)
}

/// Derives a backup's key from a passphrase: Argon2id v1.3 over its UTF-8 bytes exactly as
/// given (no trimming, no normalisation).
pub fn derive_passphrase_key(
    passphrase: &str,
    salt: &[u8],
    params: &KdfParams,
    file: &str,
) -> Result<SecretKey> {
    derive(passphrase.as_bytes(), salt, params, file)
}

fn derive(password: &[u8], salt: &[u8], params: &KdfParams, file: &str) -> Result<SecretKey> {
    let p = params.check(file)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password, salt, &mut out[..])
        .map_err(|e| Error::Damaged {
            file: file.to_string(),
            msg: Msg::new(
                format!("{file} の鍵導出に失敗しました: {e}"),
                format!("{file} is damaged: key derivation failed: {e}"),
            ),
        })?;
    SecretKey::from_slice(&out[..])
        .ok_or_else(|| Error::Io(Msg::new("鍵導出に失敗しました", "Key derivation failed")))
}

/// Whether `code` opens the recovery slot of `header` and unwraps exactly `key`: Argon2id over
/// the code with the slot's salt and parameters, then the AEAD open of the wrapped key (a
/// wrong code fails the tag), then a constant-time comparison with `key` (a slot that opens
/// to another key does not count). `file` names `vault.json` in errors.
pub(super) fn slot_opens_to(
    header: &Header,
    code: &RecoveryCode,
    key: &SecretKey,
    file: &str,
) -> Result<bool> {
    let r = &header.recovery;
    let salt = from_hex(&r.salt).unwrap_or_default();
    let nonce = from_hex(&r.nonce).unwrap_or_default();
    let wrapped = from_hex(&r.wrapped_key).unwrap_or_default();
    let kek = derive_kek(code, &salt, &r.params, file)?;
    let aad = recovery_aad(header.version, &header.vault_id);
    // `SecretKey`'s equality looks at every byte whatever they hold.
    Ok(crypto::unwrap(&kek, &nonce, &aad, &wrapped).is_some_and(|k| k == *key))
}

impl Vault {
    /// Whether `code` is this vault's recovery code (the settings screen's "check my code").
    /// Reads `vault.json` and writes nothing: no file, no keyring entry, no lock file beyond
    /// the one the open vault already has. A wrong code is `Ok(false)`; a damaged header is
    /// `Error::Damaged` naming it.
    pub fn check_recovery_code(&self, code: &RecoveryCode) -> Result<bool> {
        let _lock = self.lock(LockMode::Shared)?;
        let (header, file) = read_header(&self.dir)?;
        header.verify(&self.key, &file)?;
        slot_opens_to(&header, code, &self.key, &file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_parse_back_in_any_typing() {
        let a = RecoveryCode::generate().unwrap();
        let b = RecoveryCode::generate().unwrap();
        let shown = a.reveal();
        assert_eq!(shown.len(), 29);
        assert_eq!(shown.matches('-').count(), 5);
        assert_ne!(*shown, *b.reveal());
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(*RecoveryCode::parse(&typed).unwrap().reveal(), *shown);
        let bare = shown.replace('-', "");
        assert_eq!(*RecoveryCode::parse(&bare).unwrap().reveal(), *shown);
        assert_eq!(format!("{a:?}"), "RecoveryCode(<redacted>)");
    }

    #[test]
    fn crockford_reads_ambiguous_letters_and_rejects_bad_ones() {
        let c = RecoveryCode::parse("oooo-iiii-llll-0000-1111-2222").unwrap();
        assert_eq!(*c.reveal(), "0000-1111-1111-0000-1111-2222");
        for bad in [
            "UUUU-0000-0000-0000-0000-0000",
            "0000",
            "0000-0000-0000-0000-0000-0000-0",
        ] {
            let e = RecoveryCode::parse(bad).unwrap_err();
            assert_eq!(e.kind(), "invalid_input", "{bad}");
        }
        // Every generated character is in the alphabet.
        for _ in 0..50 {
            let c = RecoveryCode::generate().unwrap();
            assert!(c.0.bytes().all(|b| ALPHABET.contains(&b)));
        }
    }

    #[test]
    fn kdf_is_deterministic_and_rejects_absurd_params() {
        let c = RecoveryCode::parse("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01").unwrap();
        let p = KdfParams::insecure_for_tests();
        let k1 = derive_kek(&c, &[7; 16], &p, "vault.json").unwrap();
        let k2 = derive_kek(&c, &[7; 16], &p, "vault.json").unwrap();
        let k3 = derive_kek(&c, &[8; 16], &p, "vault.json").unwrap();
        assert_eq!(k1, k2);
        assert!(k1 != k3);
        let huge = KdfParams {
            m_cost_kib: u32::MAX,
            t_cost: 1,
            p_cost: 1,
        };
        assert_eq!(
            derive_kek(&c, &[7; 16], &huge, "vault.json")
                .unwrap_err()
                .kind(),
            "damaged"
        );
    }

    /// `cargo test -p hoken-core --release -- --ignored argon2_timing --nocapture`
    #[test]
    #[ignore]
    fn argon2_timing() {
        let c = RecoveryCode::generate().unwrap();
        for (m, t) in [
            (64 * 1024, 3),
            (128 * 1024, 3),
            (256 * 1024, 2),
            (256 * 1024, 3),
        ] {
            let p = KdfParams {
                m_cost_kib: m,
                t_cost: t,
                p_cost: 1,
            };
            let start = std::time::Instant::now();
            derive_kek(&c, &[1; 32], &p, "x").unwrap();
            println!("m={} MiB t={t}: {:?}", m / 1024, start.elapsed());
        }
    }
}
