//! The payload, to the byte (docs/qr-format.md): fields, dates, the lock header, the CRC.

use super::*;

// ---------------------------------------------------------------------------------------------
// Encoding

/// Field bits of the body's presence map, in the order the fields follow.
pub(super) const KANA: u16 = 1 << 0;
pub(super) const INSURER_NUMBER: u16 = 1 << 1;
pub(super) const INSURER_NAME: u16 = 1 << 2;
pub(super) const SYMBOL: u16 = 1 << 3;
pub(super) const NUMBER: u16 = 1 << 4;
pub(super) const BRANCH: u16 = 1 << 5;
pub(super) const ACQUIRED: u16 = 1 << 6;
pub(super) const AS_OF: u16 = 1 << 7;
pub(super) const CERT_EXPIRY: u16 = 1 << 8;
pub(super) const GRACE_END: u16 = 1 << 9;
pub(super) const CARD_EXPIRY: u16 = 1 << 10;
pub(super) const KAKUNIN_EXPIRY: u16 = 1 << 11;
pub(super) const KNOWN_FIELDS: u16 = (1 << 12) - 1;

pub(super) fn put_str(out: &mut Vec<u8>, s: &str, field: &str) -> Result<()> {
    let len = u8::try_from(s.len()).map_err(|_| too_long(field))?;
    out.push(len);
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

pub(super) fn put_date(out: &mut Vec<u8>, d: NaiveDate) -> Result<()> {
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

pub(super) fn encode_body(r: &QrRecord) -> Result<Zeroizing<Vec<u8>>> {
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

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(damaged)?;
        let s = self.bytes.get(self.pos..end).ok_or_else(damaged)?;
        self.pos = end;
        Ok(s)
    }

    pub(super) fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn date(&mut self) -> Result<NaiveDate> {
        let b = self.take(3)?;
        let u = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
        let days = ((u << 8) as i32) >> 8;
        EPOCH
            .checked_add_signed(Duration::days(i64::from(days)))
            .ok_or_else(damaged)
    }

    pub(super) fn string(&mut self) -> Result<String> {
        let n = self.byte()?;
        let b = self.take(usize::from(n))?;
        String::from_utf8(b.to_vec()).map_err(|_| damaged())
    }
}

pub(super) fn decode_body(body: &[u8]) -> Result<QrRecord> {
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
pub(super) fn payload_of(text: &str) -> Result<Vec<u8>> {
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
