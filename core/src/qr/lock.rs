//! The lock: its Argon2id cost and the short code a sender reads out.

use super::*;

/// The Argon2id cost of a locked code, recorded in the payload (memory in MiB, passes; one
/// lane). docs/qr-format.md §4 explains the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockParams {
    pub m_cost_mib: u8,
    pub t_cost: u8,
}

impl LockParams {
    /// What new codes use: 19 MiB, 2 passes (OWASP's Argon2id minimum; fast on phones).
    pub const DEFAULT: LockParams = LockParams {
        m_cost_mib: 19,
        t_cost: 2,
    };
    /// The most a reader accepts: a hostile QR code must not exhaust a phone.
    pub const MAX_M_MIB: u8 = 64;
    pub const MAX_T: u8 = 8;

    /// Cheap parameters (1 MiB, 1 pass) for tests only.
    #[doc(hidden)]
    pub const fn insecure_for_tests() -> LockParams {
        LockParams {
            m_cost_mib: 1,
            t_cost: 1,
        }
    }

    pub(super) fn argon2(self) -> Option<Params> {
        let ok = (1..=Self::MAX_M_MIB).contains(&self.m_cost_mib)
            && (1..=Self::MAX_T).contains(&self.t_cost);
        if !ok {
            return None;
        }
        Params::new(
            u32::from(self.m_cost_mib) * 1024,
            u32::from(self.t_cost),
            1,
            Some(KEY_LEN),
        )
        .ok()
    }
}

// ---------------------------------------------------------------------------------------------
// Lock codes

/// The code as Argon2id's password: upper-case Crockford base32 without separators. Reads
/// what a person types: any case, spaces and hyphens, full-width characters, O for 0 and
/// I/L for 1. At least `min` characters (and at most [`MAX_CODE_LEN`]).
pub(super) fn canonical_code(input: &str, min: usize) -> Result<Zeroizing<String>> {
    let mut s = Zeroizing::new(String::with_capacity(input.len()));
    for c in input.chars() {
        if c.is_whitespace() || matches!(c, '-' | 'ー' | '－' | '‐' | '−') {
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        let u = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            u => u,
        };
        if !u.is_ascii() || !CROCKFORD.contains(&(u as u8)) {
            return Err(Error::InvalidInput(Msg::new(
                "コードに使えない文字があります（数字と英字、ただし U を除く）",
                "The code has a character it cannot contain (digits and letters except U)",
            )));
        }
        s.push(u);
    }
    if !(min..=MAX_CODE_LEN).contains(&s.len()) {
        return Err(Error::InvalidInput(Msg::new(
            format!(
                "コードは{min}〜{MAX_CODE_LEN}文字です（入力は{}文字）",
                s.len()
            ),
            format!(
                "A code has {min} to {MAX_CODE_LEN} characters; this one has {}",
                s.len()
            ),
        )));
    }
    Ok(s)
}

/// A fresh lock code: 8 Crockford base32 characters (40 random bits), e.g. `7K3QW9TB`.
pub fn generate_code() -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; GENERATED_CODE_LEN]);
    fill_random(&mut bytes[..])?;
    // 32 divides 256: the low five bits of a random byte are uniform.
    Ok(Zeroizing::new(
        bytes
            .iter()
            .map(|b| CROCKFORD[usize::from(b & 31)] as char)
            .collect(),
    ))
}

pub(super) fn derive_key(code: &str, salt: &[u8], params: Params) -> Result<SecretKey> {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(code.as_bytes(), salt, &mut out[..])
        .map_err(|e| {
            Error::Io(Msg::new(
                format!("鍵導出に失敗しました: {e}"),
                format!("Key derivation failed: {e}"),
            ))
        })?;
    SecretKey::from_slice(&out[..])
        .ok_or_else(|| Error::Io(Msg::new("鍵導出に失敗しました", "Key derivation failed")))
}
