//! Base45 (RFC 9285) and CRC-32.

use super::*;

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
