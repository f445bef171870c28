//! One member's record as a QR code (issue #7): a compact, versioned payload of fields (never
//! an image of a card), optionally locked with a short code the sender reads out.
//! The format, to the byte, and the lock's threat model: docs/qr-format.md.
//!
//! ```text
//! text    = "HKW1:" || Base45(payload)                          (RFC 9285)
//! payload = version 0x01 | flags | [lock header] | body or its ciphertext | CRC-32
//! ```
//!
//! - [`encode`] / [`decode`]: a [`QrRecord`] to the text and back;
//! - [`render_svg`] / [`render_png`]: the text as a QR code (level M, quiet zone kept);
//! - [`read_image`]: the text of the QR code in a PNG or JPEG (a photo, a screenshot).

use std::io::Cursor;

use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Duration, NaiveDate};
use qrcode::{EcLevel, QrCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::rules;
use crate::vault::crypto::{self, fill_random, SecretKey, KEY_LEN, NONCE_LEN, TAG_LEN};
use crate::vault::{Member, Relation};
use crate::{Error, Msg, Result};

/// What every Hoken Wallet QR text starts with (all QR alphanumeric characters).
pub const PREFIX: &str = "HKW1:";
/// The payload format version this code writes and reads (byte 0 of the payload).
pub const FORMAT_VERSION: u8 = 1;
/// Flags bit 0: the body is encrypted under a key derived from a lock code.
const FLAG_LOCKED: u8 = 0x01;
/// Random salt of a locked payload.
pub const SALT_LEN: usize = 16;
/// version, flags, m (MiB), t, salt: the associated data of a locked payload.
const LOCK_HEADER_LEN: usize = 4 + SALT_LEN;
const CRC_LEN: usize = 4;
/// The shortest and longest lock code accepted when locking (after removing spaces and
/// hyphens): 8 characters are 40 bits, years of guessing (docs/qr-format.md §5.1).
pub const MIN_CODE_LEN: usize = 8;
pub const MAX_CODE_LEN: usize = 64;
/// The shortest code tried when unlocking: codes made by earlier versions (6+ characters)
/// still open.
const MIN_LEGACY_CODE_LEN: usize = 6;
/// Length of a code made by [`generate_code`] (8 × 5 = 40 random bits).
pub const GENERATED_CODE_LEN: usize = 8;
/// Longest string field, in UTF-8 bytes (its length is one byte).
pub const MAX_FIELD_BYTES: usize = 255;
/// Crockford's base32: digits and capitals without I, L, O and U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// RFC 9285's alphabet: the 45 characters of the QR alphanumeric mode.
const BASE45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
/// Dates are days since this day (a signed 24-bit number).
const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// Images larger than this (either side) are refused before decoding.
pub const MAX_IMAGE_SIDE: u32 = 8000;
/// The most memory the image decoder may allocate.
pub const MAX_IMAGE_ALLOC: u64 = 256 * 1024 * 1024;

/// One member's record as a QR code carries it. Dates are ISO `YYYY-MM-DD`; absent values
/// are `null`. `Debug` shows which fields are filled in, never their values.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QrRecord {
    /// 氏名.
    pub name: String,
    /// フリガナ.
    pub kana: Option<String>,
    pub relation: Relation,
    pub birth: NaiveDate,
    /// 保険者番号.
    pub insurer_number: Option<String>,
    /// 保険者名称.
    pub insurer_name: Option<String>,
    /// 記号.
    pub symbol: Option<String>,
    /// 番号.
    pub number: Option<String>,
    /// 枝番.
    pub branch: Option<String>,
    /// 負担割合 in 割 (1, 2 or 3).
    pub ratio: Option<u8>,
    /// 資格取得年月日.
    pub acquired: Option<NaiveDate>,
    /// The day the sender vouches for the record (optional).
    pub as_of: Option<NaiveDate>,
    /// 電子証明書の有効期限 (printed, or computed by the sender's rules engine).
    pub cert_expiry: Option<NaiveDate>,
    /// 猶予期間の終了: the card's last usable day after the certificate expired.
    pub grace_end: Option<NaiveDate>,
    /// カードの有効期限.
    pub card_expiry: Option<NaiveDate>,
    /// 資格確認書の有効期限.
    pub kakunin_expiry: Option<NaiveDate>,
}

impl std::fmt::Debug for QrRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = |o: bool| if o { "<set>" } else { "<none>" };
        f.debug_struct("QrRecord")
            .field("name", &"<redacted>")
            .field("kana", &filled(self.kana.is_some()))
            .field("relation", &self.relation)
            .field("birth", &"<redacted>")
            .field("insurer_number", &filled(self.insurer_number.is_some()))
            .field("insurer_name", &filled(self.insurer_name.is_some()))
            .field("symbol", &filled(self.symbol.is_some()))
            .field("number", &filled(self.number.is_some()))
            .field("branch", &filled(self.branch.is_some()))
            .field("ratio", &filled(self.ratio.is_some()))
            .field("acquired", &filled(self.acquired.is_some()))
            .field("as_of", &filled(self.as_of.is_some()))
            .field("cert_expiry", &filled(self.cert_expiry.is_some()))
            .field("grace_end", &filled(self.grace_end.is_some()))
            .field("card_expiry", &filled(self.card_expiry.is_some()))
            .field("kakunin_expiry", &filled(self.kakunin_expiry.is_some()))
            .finish()
    }
}

impl QrRecord {
    /// The record of `m`, with the card's deadlines from the rules engine when the member has
    /// an issue date or a certificate expiry (else the printed card expiry, if any).
    pub fn from_member(m: &Member, as_of: Option<NaiveDate>) -> Result<QrRecord> {
        let dates = if m.cert_issued.is_some() || m.cert_expiry.is_some() {
            Some(rules::compute(&m.card_inputs())?)
        } else {
            None
        };
        Ok(QrRecord {
            name: m.name.clone(),
            kana: m.kana.clone(),
            relation: m.relation,
            birth: m.birth,
            insurer_number: m.insurer_number.clone(),
            insurer_name: m.insurer_name.clone(),
            symbol: m.symbol.clone(),
            number: m.number.clone(),
            branch: m.branch.clone(),
            ratio: m.ratio,
            acquired: m.acquired,
            as_of,
            cert_expiry: dates.as_ref().map(|d| d.certificate_expiry),
            grace_end: dates.as_ref().map(|d| d.grace_end),
            card_expiry: dates.as_ref().and_then(|d| d.card_expiry).or(m.card_expiry),
            kakunin_expiry: m.kakunin_expiry,
        })
    }

    /// A new member (empty id) holding the record. The deadlines become the member's printed
    /// dates, so the receiver's rules engine gives the same grace end; `as_of` is not kept.
    pub fn to_member(&self) -> Member {
        Member {
            id: String::new(),
            name: self.name.clone(),
            kana: self.kana.clone(),
            relation: self.relation,
            birth: self.birth,
            cert_issued: None,
            cert_expiry: self.cert_expiry,
            card_expiry: self.card_expiry,
            phone_cert_expiry: None,
            kakunin_expiry: self.kakunin_expiry,
            insurer_number: self.insurer_number.clone(),
            insurer_name: self.insurer_name.clone(),
            symbol: self.symbol.clone(),
            number: self.number.clone(),
            branch: self.branch.clone(),
            ratio: self.ratio,
            acquired: self.acquired,
        }
    }

    /// The record as a member form (dates ISO), for the receiver to check before storing.
    pub fn to_form(&self) -> crate::family::MemberForm {
        crate::family::MemberForm::from_member(&self.to_member())
    }

    /// The record with the person and qualification fields as the user confirmed them in
    /// `form` (氏名, フリガナ, 区分, 生年月日, 保険者番号・名称, 記号, 番号, 枝番, 負担割合,
    /// 資格取得年月日; an empty field clears it). The card's dates and `as_of` stay as
    /// received. The form is checked as a member form is (dates, check digit, ratio).
    pub fn with_form(&self, form: &crate::family::MemberForm) -> Result<QrRecord> {
        let m = form.to_member("")?;
        Ok(QrRecord {
            name: m.name,
            kana: m.kana,
            relation: m.relation,
            birth: m.birth,
            insurer_number: m.insurer_number,
            insurer_name: m.insurer_name,
            symbol: m.symbol,
            number: m.number,
            branch: m.branch,
            ratio: m.ratio,
            acquired: m.acquired,
            ..self.clone()
        })
    }

    /// Updates an existing member (the one [`crate::family::match_member`] found) from the
    /// record: the qualification fields the record has (保険者番号・名称, 記号, 番号, 枝番,
    /// 負担割合, 資格取得年月日) replace the member's; the kana and the card's dates only fill
    /// what the member lacks (a member with an issue date keeps computing its own). The name,
    /// the birth date and the relation never change.
    pub fn apply_to(&self, m: &mut Member) {
        let replace = |slot: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                slot.clone_from(v);
            }
        };
        replace(&mut m.insurer_number, &self.insurer_number);
        replace(&mut m.insurer_name, &self.insurer_name);
        replace(&mut m.symbol, &self.symbol);
        replace(&mut m.number, &self.number);
        replace(&mut m.branch, &self.branch);
        if self.ratio.is_some() {
            m.ratio = self.ratio;
        }
        if self.acquired.is_some() {
            m.acquired = self.acquired;
        }
        if m.kana.is_none() {
            m.kana.clone_from(&self.kana);
        }
        if m.cert_issued.is_none() {
            m.cert_expiry = m.cert_expiry.or(self.cert_expiry);
            m.card_expiry = m.card_expiry.or(self.card_expiry);
        }
        m.kakunin_expiry = m.kakunin_expiry.or(self.kakunin_expiry);
    }
}

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

    fn argon2(self) -> Option<Params> {
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
// Errors

fn damaged() -> Error {
    Error::InvalidInput(Msg::new(
        "QR コードの内容が壊れているか、途中で切れています。もう一度読み取ってください",
        "The QR code's text is damaged or incomplete; scan it again",
    ))
}

fn foreign() -> Error {
    Error::InvalidInput(Msg::new(
        "保険ウォレットの QR コードではありません",
        "This is not a Hoken Wallet QR code",
    ))
}

fn newer(what: &str) -> Error {
    Error::InvalidInput(Msg::new(
        format!(
            "この QR コードは新しい版の保険ウォレットで作られています（{what}）。アプリを更新してください"
        ),
        format!("This QR code was made by a newer Hoken Wallet ({what}); update the app to read it"),
    ))
}

fn code_missing() -> Error {
    Error::WrongCode(Msg::new(
        "この QR コードにはロックがかかっています。送った人が読み上げるコードを入力してください",
        "This QR code is locked: enter the code its sender reads out to you",
    ))
}

fn code_wrong() -> Error {
    Error::WrongCode(Msg::new(
        "コードが違います。送った人にもう一度確認してください",
        "The code does not unlock this QR code; check it with the sender",
    ))
}

fn too_long(field: &str) -> Error {
    Error::InvalidInput(Msg::new(
        format!("{field}が長すぎて QR コードに入りません（{MAX_FIELD_BYTES} バイトまで）"),
        format!("{field} is too long for a QR code (at most {MAX_FIELD_BYTES} bytes of UTF-8)"),
    ))
}

// ---------------------------------------------------------------------------------------------
// Lock codes

/// The code as Argon2id's password: upper-case Crockford base32 without separators. Reads
/// what a person types: any case, spaces and hyphens, full-width characters, O for 0 and
/// I/L for 1. At least `min` characters (and at most [`MAX_CODE_LEN`]).
fn canonical_code(input: &str, min: usize) -> Result<Zeroizing<String>> {
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

fn derive_key(code: &str, salt: &[u8], params: Params) -> Result<SecretKey> {
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

// ---------------------------------------------------------------------------------------------
// Encoding

/// Field bits of the body's presence map, in the order the fields follow.
const KANA: u16 = 1 << 0;
const INSURER_NUMBER: u16 = 1 << 1;
const INSURER_NAME: u16 = 1 << 2;
const SYMBOL: u16 = 1 << 3;
const NUMBER: u16 = 1 << 4;
const BRANCH: u16 = 1 << 5;
const ACQUIRED: u16 = 1 << 6;
const AS_OF: u16 = 1 << 7;
const CERT_EXPIRY: u16 = 1 << 8;
const GRACE_END: u16 = 1 << 9;
const CARD_EXPIRY: u16 = 1 << 10;
const KAKUNIN_EXPIRY: u16 = 1 << 11;
const KNOWN_FIELDS: u16 = (1 << 12) - 1;

fn put_str(out: &mut Vec<u8>, s: &str, field: &str) -> Result<()> {
    let len = u8::try_from(s.len()).map_err(|_| too_long(field))?;
    out.push(len);
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_date(out: &mut Vec<u8>, d: NaiveDate) -> Result<()> {
    let days = (d - EPOCH).num_days();
    if !(-(1 << 23)..(1 << 23)).contains(&days) {
        return Err(Error::InvalidInput(Msg::new(
            format!("日付 {d} は QR コードに入れられません"),
            format!("The date {d} cannot be put in a QR code"),
        )));
    }
    // Two's complement, 24 bits, little-endian.
    let u = (days as i32 as u32) & 0x00FF_FFFF;
    out.extend_from_slice(&u.to_le_bytes()[..3]);
    Ok(())
}

fn encode_body(r: &QrRecord) -> Result<Zeroizing<Vec<u8>>> {
    if r.name.trim().is_empty() {
        return Err(Error::InvalidInput(Msg::new(
            "名前を入力してください",
            "A member needs a name",
        )));
    }
    let ratio = match r.ratio {
        None => 0,
        Some(n @ 1..=3) => n,
        Some(n) => {
            return Err(Error::InvalidInput(Msg::new(
                format!("負担割合は1割・2割・3割のどれかです（入力: {n}割）"),
                format!("The co-payment ratio is 1, 2 or 3 (割), not {n}"),
            )))
        }
    };
    let strings: [(u16, &Option<String>, &str); 6] = [
        (KANA, &r.kana, "フリガナ / kana"),
        (
            INSURER_NUMBER,
            &r.insurer_number,
            "保険者番号 / insurer number",
        ),
        (INSURER_NAME, &r.insurer_name, "保険者名称 / insurer name"),
        (SYMBOL, &r.symbol, "記号 / symbol"),
        (NUMBER, &r.number, "番号 / number"),
        (BRANCH, &r.branch, "枝番 / branch"),
    ];
    let dates: [(u16, Option<NaiveDate>); 6] = [
        (ACQUIRED, r.acquired),
        (AS_OF, r.as_of),
        (CERT_EXPIRY, r.cert_expiry),
        (GRACE_END, r.grace_end),
        (CARD_EXPIRY, r.card_expiry),
        (KAKUNIN_EXPIRY, r.kakunin_expiry),
    ];
    let mut present = 0u16;
    for (bit, v, _) in &strings {
        if v.is_some() {
            present |= bit;
        }
    }
    for (bit, v) in &dates {
        if v.is_some() {
            present |= bit;
        }
    }
    let mut out = Zeroizing::new(Vec::with_capacity(128));
    out.extend_from_slice(&present.to_le_bytes());
    let relation = match r.relation {
        Relation::Insured => 0,
        Relation::Dependent => 1,
    };
    out.push(relation | ratio << 2);
    put_date(&mut out, r.birth)?;
    put_str(&mut out, &r.name, "氏名 / name")?;
    for (_, v, field) in &strings {
        if let Some(s) = v {
            put_str(&mut out, s, field)?;
        }
    }
    for (_, v) in &dates {
        if let Some(d) = v {
            put_date(&mut out, *d)?;
        }
    }
    Ok(out)
}

/// The QR text of `record`: `HKW1:` and Base45. With `lock`, the fields are encrypted under a
/// key derived from that code (6–64 characters: digits and letters; docs/qr-format.md §5).
/// Fails when a field is too long or the whole does not fit one QR code at level M.
pub fn encode(record: &QrRecord, lock: Option<&str>) -> Result<String> {
    encode_with_params(record, lock, LockParams::DEFAULT)
}

/// [`encode`] with chosen Argon2id costs: tests use [`LockParams::insecure_for_tests`].
#[doc(hidden)]
pub fn encode_with_params(
    record: &QrRecord,
    lock: Option<&str>,
    params: LockParams,
) -> Result<String> {
    let body = encode_body(record)?;
    let mut payload = vec![FORMAT_VERSION];
    match lock {
        None => {
            payload.push(0);
            payload.extend_from_slice(&body);
        }
        Some(code) => {
            let code = canonical_code(code, MIN_CODE_LEN)?;
            let argon = params.argon2().ok_or_else(|| {
                Error::InvalidInput(Msg::new(
                    "鍵導出パラメータが不正です",
                    "Invalid Argon2id parameters for a QR code",
                ))
            })?;
            let mut salt = [0u8; SALT_LEN];
            fill_random(&mut salt)?;
            payload.extend_from_slice(&[FLAG_LOCKED, params.m_cost_mib, params.t_cost]);
            payload.extend_from_slice(&salt);
            let key = derive_key(&code, &salt, argon)?;
            // The key is new for every code (fresh salt), so a fixed nonce is never reused.
            let ct = crypto::seal(&key, &[0u8; NONCE_LEN], &payload, &body)?;
            payload.extend_from_slice(&ct);
        }
    }
    let crc = crc32(&payload);
    payload.extend_from_slice(&crc.to_le_bytes());
    let text = format!("{PREFIX}{}", base45_encode(&payload));
    qr_code(&text)?;
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Decoding

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(damaged)?;
        let s = self.bytes.get(self.pos..end).ok_or_else(damaged)?;
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn date(&mut self) -> Result<NaiveDate> {
        let b = self.take(3)?;
        let u = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
        let days = ((u << 8) as i32) >> 8;
        EPOCH
            .checked_add_signed(Duration::days(i64::from(days)))
            .ok_or_else(damaged)
    }

    fn string(&mut self) -> Result<String> {
        let n = self.byte()?;
        let b = self.take(usize::from(n))?;
        String::from_utf8(b.to_vec()).map_err(|_| damaged())
    }
}

fn decode_body(body: &[u8]) -> Result<QrRecord> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let map = r.take(2)?;
    let present = u16::from_le_bytes([map[0], map[1]]);
    if present & !KNOWN_FIELDS != 0 {
        return Err(newer("unknown fields"));
    }
    let rel_ratio = r.byte()?;
    // Relations 2–3 and bits 4–7 are reserved for later versions.
    let relation = match rel_ratio & 3 {
        0 => Relation::Insured,
        1 => Relation::Dependent,
        _ => return Err(newer("unknown relation")),
    };
    if rel_ratio >> 4 != 0 {
        return Err(newer("unknown fields"));
    }
    let ratio = match rel_ratio >> 2 & 3 {
        0 => None,
        n => Some(n),
    };
    let birth = r.date()?;
    let name = r.string()?;
    if name.trim().is_empty() {
        return Err(damaged());
    }
    let mut s = |bit: u16| -> Result<Option<String>> {
        if present & bit != 0 {
            r.string().map(Some)
        } else {
            Ok(None)
        }
    };
    let kana = s(KANA)?;
    let insurer_number = s(INSURER_NUMBER)?;
    let insurer_name = s(INSURER_NAME)?;
    let symbol = s(SYMBOL)?;
    let number = s(NUMBER)?;
    let branch = s(BRANCH)?;
    let mut d = |bit: u16| -> Result<Option<NaiveDate>> {
        if present & bit != 0 {
            r.date().map(Some)
        } else {
            Ok(None)
        }
    };
    let record = QrRecord {
        name,
        kana,
        relation,
        birth,
        insurer_number,
        insurer_name,
        symbol,
        number,
        branch,
        ratio,
        acquired: d(ACQUIRED)?,
        as_of: d(AS_OF)?,
        cert_expiry: d(CERT_EXPIRY)?,
        grace_end: d(GRACE_END)?,
        card_expiry: d(CARD_EXPIRY)?,
        kakunin_expiry: d(KAKUNIN_EXPIRY)?,
    };
    if r.pos != body.len() {
        return Err(damaged());
    }
    Ok(record)
}

/// The payload bytes of a QR text, checked: prefix, Base45, CRC-32 and version.
fn payload_of(text: &str) -> Result<Vec<u8>> {
    // Base45 has no lower case, and its last character is never a space: trimming and
    // upper-casing only undo what copying the text by hand may have done.
    let text = text.trim().to_ascii_uppercase();
    let Some(rest) = text.strip_prefix(PREFIX) else {
        if let Some(after) = text.strip_prefix("HKW") {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && after[digits.len()..].starts_with(':') {
                return Err(newer(&format!("HKW{digits}")));
            }
        }
        return Err(foreign());
    };
    let payload = base45_decode(rest).ok_or_else(damaged)?;
    if payload.len() < 2 + CRC_LEN {
        return Err(damaged());
    }
    let (data, crc) = payload.split_at(payload.len() - CRC_LEN);
    if crc32(data).to_le_bytes() != crc {
        return Err(damaged());
    }
    match data[0] {
        FORMAT_VERSION => {}
        0 => return Err(damaged()),
        v => return Err(newer(&format!("format version {v}"))),
    }
    if data[1] & !FLAG_LOCKED != 0 {
        return Err(newer(&format!("flags {:#04x}", data[1])));
    }
    Ok(data.to_vec())
}

/// Whether the QR text is locked (so the user must be asked for the code). Errors as
/// [`decode`] for text that is not a readable Hoken Wallet code.
pub fn is_locked(text: &str) -> Result<bool> {
    Ok(payload_of(text)?[1] & FLAG_LOCKED != 0)
}

/// The record in a QR text. A locked code needs `code` (else `wrong_code`); an unlocked one
/// ignores it. Foreign, damaged, truncated or newer text is `invalid_input` saying which.
pub fn decode(text: &str, code: Option<&str>) -> Result<QrRecord> {
    let data = payload_of(text)?;
    if data[1] & FLAG_LOCKED == 0 {
        return decode_body(&data[2..]);
    }
    if data.len() < LOCK_HEADER_LEN + TAG_LEN {
        return Err(damaged());
    }
    let params = LockParams {
        m_cost_mib: data[2],
        t_cost: data[3],
    };
    let argon = params.argon2().ok_or_else(damaged)?;
    let Some(code) = code else {
        return Err(code_missing());
    };
    let code = match canonical_code(code, MIN_LEGACY_CODE_LEN) {
        Ok(c) => c,
        Err(_) if code.trim().is_empty() => return Err(code_missing()),
        // A code that cannot be valid cannot be right either.
        Err(_) => return Err(code_wrong()),
    };
    let (header, ct) = data.split_at(LOCK_HEADER_LEN);
    let key = derive_key(&code, &header[4..], argon)?;
    let body = crypto::open(&key, &[0u8; NONCE_LEN], header, ct).ok_or_else(code_wrong)?;
    decode_body(&body)
}

// ---------------------------------------------------------------------------------------------
// QR images

fn qr_code(text: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| {
        Error::InvalidInput(Msg::new(
            "内容が多すぎて 1 つの QR コードに入りません",
            "Too much to fit in one QR code",
        ))
    })
}

/// The QR version (1–40) the text needs at error-correction level M.
pub fn qr_version(text: &str) -> Result<i16> {
    Ok(match qr_code(text)?.version() {
        qrcode::Version::Normal(n) | qrcode::Version::Micro(n) => n,
    })
}

/// The text as an SVG QR code at level M, 8 units a module, with its 4-module quiet zone.
pub fn render_svg(text: &str) -> Result<String> {
    let code = qr_code(text)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(8, 8)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// The text as a greyscale PNG QR code at level M, `scale` pixels a module (1–64), with its
/// 4-module quiet zone.
pub fn render_png(text: &str, scale: u32) -> Result<Vec<u8>> {
    const QUIET: usize = 4;
    let code = qr_code(text)?;
    let modules = code.width();
    let colors = code.to_colors();
    let scale = scale.clamp(1, 64) as usize;
    let side = (modules + 2 * QUIET) * scale;
    let side32 = u32::try_from(side)
        .map_err(|_| Error::InvalidInput(Msg::new("大きすぎます", "Too large")))?;
    let img = image::GrayImage::from_fn(side32, side32, |x, y| {
        let (mx, my) = (x as usize / scale, y as usize / scale);
        let dark = mx >= QUIET
            && my >= QUIET
            && mx < QUIET + modules
            && my < QUIET + modules
            && colors.get((my - QUIET) * modules + (mx - QUIET)) == Some(&qrcode::Color::Dark);
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| {
            Error::Io(Msg::new(
                format!("PNG を作れません: {e}"),
                format!("Cannot write the PNG: {e}"),
            ))
        })?;
    Ok(png)
}

fn not_an_image(e: impl std::fmt::Display) -> Error {
    Error::InvalidInput(Msg::new(
        format!("画像を読めません（PNG か JPEG にしてください）: {e}"),
        format!("Cannot read the image (use a PNG or JPEG): {e}"),
    ))
}

/// The text of the QR code in an image (PNG or JPEG: a photo, a screenshot). Every QR code
/// found is decoded; a Hoken Wallet one wins, else the first readable one is returned (and
/// [`decode`] then says it is not ours). Images over 8000 pixels a side, or that would need
/// more than 256 MB, are refused before decoding.
pub fn read_image(bytes: &[u8]) -> Result<String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(not_an_image)?;
    if reader.format().is_none() {
        return Err(not_an_image("unknown format"));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(not_an_image)?.into_luma8();
    // rqrr misses some codes that a sharper or smaller copy shows (smoothed screenshots,
    // soft photos): try the image, then it in black and white, then at half and a third.
    let mut texts = Vec::new();
    for pass in 0..4 {
        let found = match pass {
            0 => grid_texts(&img),
            1 => grid_texts(&binarize(&img)),
            k => {
                let (w, h) = (img.width() / k, img.height() / k);
                if w < 21 || h < 21 {
                    break;
                }
                let small =
                    image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
                grid_texts(&small)
            }
        };
        if let Some(ours) = found.iter().find(|t| t.trim_start().starts_with("HKW")) {
            return Ok(ours.clone());
        }
        texts.extend(found);
    }
    texts.into_iter().next().ok_or_else(|| {
        Error::InvalidInput(Msg::new(
            "画像の中に読み取れる QR コードがありません。QR コード全体がはっきり写るようにしてください",
            "No readable QR code in the image; make sure the whole code is sharp and visible",
        ))
    })
}

/// The text of every QR code rqrr finds and decodes in the image.
fn grid_texts(img: &image::GrayImage) -> Vec<String> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    // rqrr reads untrusted pixels; a panic in it must not take the app down.
    std::panic::catch_unwind(|| {
        let raw = img.as_raw();
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            raw.get(y * w + x).copied().unwrap_or(255)
        });
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect::<Vec<String>>()
    })
    .unwrap_or_default()
}

/// Black and white at Otsu's threshold (the one that best separates the two tones).
fn binarize(img: &image::GrayImage) -> image::GrayImage {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[usize::from(p.0[0])] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut sum_below, mut best, mut threshold) = (0u64, 0f64, -1f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        below += n;
        sum_below += t as f64 * n as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let mean_below = sum_below / below as f64;
        let mean_above = (sum_all - sum_below) / above as f64;
        let between = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    image::GrayImage::from_fn(img.width(), img.height(), |x, y| {
        image::Luma([if img.get_pixel(x, y).0[0] <= threshold {
            0
        } else {
            255
        }])
    })
}

// ---------------------------------------------------------------------------------------------
// Base45 (RFC 9285) and CRC-32

/// The most a file holding a QR code may weigh (a photo of it is well below).
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// The code's text in the file at `path` (see [`text_from_bytes`]), read up to [`MAX_FILE`].
pub fn text_from_file(path: &std::path::Path) -> Result<String> {
    text_from_bytes(&crate::import::read_capped(path, MAX_FILE)?)
}

/// The code's text from a file's bytes: a picture of the code (PNG, JPEG — a screenshot or a
/// photo) or a text file holding it.
pub fn text_from_bytes(bytes: &[u8]) -> Result<String> {
    // PNG and JPEG never start as valid UTF-8; a text file holds the code's text.
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.trim().to_string()),
        Err(_) => read_image(bytes),
    }
}

/// Stores a received record: under `target` if given, else under the member it matches
/// (see [`crate::family::match_member`]), else as a new member. Returns the member id and
/// whether it was added.
pub fn store(
    vault: &crate::vault::Vault,
    record: &QrRecord,
    target: Option<&str>,
) -> Result<(String, bool)> {
    use crate::intake::IntakeTarget;
    let target = match target {
        Some(id) => IntakeTarget::Member(id.to_string()),
        None => IntakeTarget::Auto,
    };
    store_to(vault, record, &target)
}

/// As [`store`], with the receiver's choice: the matching member or a new one (`Auto`), this
/// member, or a new member even when one matches.
pub fn store_to(
    vault: &crate::vault::Vault,
    record: &QrRecord,
    target: &crate::intake::IntakeTarget,
) -> Result<(String, bool)> {
    use crate::family::{match_member, MemberMatch};
    use crate::intake::IntakeTarget;
    let found = match target {
        IntakeTarget::Member(id) => MemberMatch::Existing {
            id: id.clone(),
            insurer_changed: false,
        },
        IntakeTarget::New => MemberMatch::New,
        IntakeTarget::Auto => match_member(&vault.list_members()?, &record.to_member()),
    };
    match found {
        MemberMatch::New => Ok((vault.add_member(record.to_member())?, true)),
        MemberMatch::Existing { id, .. } => {
            let mut m = vault.get_member(&id)?;
            record.apply_to(&mut m);
            vault.update_member(m)?;
            Ok((id, false))
        }
    }
}

/// RFC 9285: every 2 bytes become 3 characters, a last single byte 2.
pub fn base45_encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for chunk in bytes.chunks(2) {
        let (mut n, digits) = match chunk {
            [a, b] => (usize::from(*a) << 8 | usize::from(*b), 3),
            [a] => (usize::from(*a), 2),
            _ => (0, 0),
        };
        for _ in 0..digits {
            s.push(BASE45[n % 45] as char);
            n /= 45;
        }
    }
    s
}

/// The bytes of RFC 9285 text; `None` for a character outside the alphabet, a lone last
/// character, or a group whose value is too large.
pub fn base45_decode(s: &str) -> Option<Vec<u8>> {
    let values = s
        .bytes()
        .map(|c| BASE45.iter().position(|&a| a == c))
        .collect::<Option<Vec<usize>>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for group in values.chunks(3) {
        match group {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xFFFF {
                    return None;
                }
                out.push((n >> 8) as u8);
                out.push((n & 0xFF) as u8);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xFF {
                    return None;
                }
                out.push(n as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// CRC-32 (IEEE 802.3, as in zlib and PNG): reflected, polynomial 0xEDB88320.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                crc >> 1 ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base45_rfc9285_vectors() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(base45_encode(bytes), text);
            assert_eq!(base45_decode(text).as_deref(), Some(bytes));
        }
        // A lone character, a value too large, a character outside the alphabet.
        for bad in ["A", "GGW", "ZZ", "ab", "QED8WEX0ABC", "QED8"] {
            assert_eq!(base45_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn dates_use_24_signed_bits() {
        for d in [
            EPOCH,
            NaiveDate::from_ymd_opt(1868, 10, 23).unwrap_or(EPOCH),
            NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(EPOCH),
        ] {
            let mut out = Vec::new();
            put_date(&mut out, d).unwrap();
            assert_eq!(out.len(), 3);
            let mut r = Reader {
                bytes: &out,
                pos: 0,
            };
            assert_eq!(r.date().unwrap(), d);
        }
        let mut out = Vec::new();
        put_date(&mut out, EPOCH.pred_opt().unwrap()).unwrap();
        assert_eq!(out, [0xFF, 0xFF, 0xFF]);
    }

    #[test]
    fn codes_read_as_typed() {
        let m = MIN_CODE_LEN;
        assert_eq!(*canonical_code("7k3q-w9tb", m).unwrap(), "7K3QW9TB");
        assert_eq!(*canonical_code("１２３４ ５６７８", m).unwrap(), "12345678");
        assert_eq!(*canonical_code("oil23456", m).unwrap(), "01123456");
        assert!(canonical_code("1234567", m).is_err());
        assert!(canonical_code("UUUUUUUU", m).is_err());
        // Unlocking still reads the 6-character codes of earlier versions.
        assert_eq!(*canonical_code("１２３ ４５６", 6).unwrap(), "123456");
        let g = generate_code().unwrap();
        assert_eq!(g.len(), GENERATED_CODE_LEN);
        assert_eq!(*canonical_code(&g, m).unwrap(), *g);
    }
}
