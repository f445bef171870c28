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

mod base45;
mod codec;
mod lock;
mod record;
mod render;
mod scan;

pub use base45::*;
pub use codec::*;
pub use lock::*;
pub use record::*;
pub use render::*;
pub use scan::*;

/// What every Hoken Wallet QR text starts with (all QR alphanumeric characters).
pub const PREFIX: &str = "HKW1:";
/// The payload format version this code writes and reads (byte 0 of the payload).
pub const FORMAT_VERSION: u8 = 1;
/// Flags bit 0: the body is encrypted under a key derived from a lock code.
pub(super) const FLAG_LOCKED: u8 = 0x01;
/// Random salt of a locked payload.
pub const SALT_LEN: usize = 16;
/// version, flags, m (MiB), t, salt: the associated data of a locked payload.
pub(super) const LOCK_HEADER_LEN: usize = 4 + SALT_LEN;
pub(super) const CRC_LEN: usize = 4;
/// The shortest and longest lock code accepted when locking (after removing spaces and
/// hyphens): 8 characters are 40 bits, years of guessing (docs/qr-format.md §5.1).
pub const MIN_CODE_LEN: usize = 8;
pub const MAX_CODE_LEN: usize = 64;
/// The shortest code tried when unlocking: codes made by earlier versions (6+ characters)
/// still open.
pub(super) const MIN_LEGACY_CODE_LEN: usize = 6;
/// Length of a code made by [`generate_code`] (8 × 5 = 40 random bits).
pub const GENERATED_CODE_LEN: usize = 8;
/// Longest string field, in UTF-8 bytes (its length is one byte).
pub const MAX_FIELD_BYTES: usize = 255;
/// Crockford's base32: digits and capitals without I, L, O and U.
pub(super) const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// RFC 9285's alphabet: the 45 characters of the QR alphanumeric mode.
pub(super) const BASE45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
/// Dates are days since this day (a signed 24-bit number).
pub(super) const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// Images larger than this (either side) are refused before decoding.
pub const MAX_IMAGE_SIDE: u32 = 8000;
/// The most memory the image decoder may allocate.
pub const MAX_IMAGE_ALLOC: u64 = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors

pub(super) fn damaged() -> Error {
    Error::InvalidInput(Msg::new(
        "QR コードの内容が壊れているか、途中で切れています。もう一度読み取ってください",
        "The QR code's text is damaged or incomplete; scan it again",
    ))
}

pub(super) fn foreign() -> Error {
    Error::InvalidInput(Msg::new(
        "保険ウォレットの QR コードではありません",
        "This is not a Hoken Wallet QR code",
    ))
}

pub(super) fn newer(what: &str) -> Error {
    Error::InvalidInput(Msg::new(
        format!(
            "この QR コードは新しい版の保険ウォレットで作られています（{what}）。アプリを更新してください"
        ),
        format!("This QR code was made by a newer Hoken Wallet ({what}); update the app to read it"),
    ))
}

pub(super) fn code_missing() -> Error {
    Error::WrongCode(Msg::new(
        "この QR コードにはロックがかかっています。送った人が読み上げるコードを入力してください",
        "This QR code is locked: enter the code its sender reads out to you",
    ))
}

pub(super) fn code_wrong() -> Error {
    Error::WrongCode(Msg::new(
        "コードが違います。送った人にもう一度確認してください",
        "The code does not unlock this QR code; check it with the sender",
    ))
}

pub(super) fn too_long(field: &str) -> Error {
    Error::InvalidInput(Msg::new(
        format!("{field}が長すぎて QR コードに入りません（{MAX_FIELD_BYTES} バイトまで）"),
        format!("{field} is too long for a QR code (at most {MAX_FIELD_BYTES} bytes of UTF-8)"),
    ))
}

#[cfg(test)]
mod tests;
