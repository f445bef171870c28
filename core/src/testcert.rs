//! Test certificates shaped like the My Number Card's: X.509 v3, RSA 2048, sha256WithRSA,
//! the issuer and validity chosen by the test, optionally padded to any size. For tests and
//! the card emulator only. The key and the signature are filler bytes: the app reads the
//! certificate's dates and issuer and never verifies its signature.

use chrono::{Datelike, Days, NaiveDate};

/// Who issued the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// JPKI's user-authentication CA (the certificate the app reads).
    JpkiAuth,
    /// JPKI's signing CA (a certificate the app must refuse).
    JpkiSigning,
    /// Somebody else (a bank card, a company badge).
    Other,
}

#[derive(Debug, Clone)]
pub struct CertSpec {
    /// The last valid day in Japan: notAfter is 23:59:59 JST (14:59:59Z) on this day.
    pub not_after: NaiveDate,
    /// The first day in Japan: notBefore is 00:00:00 JST (15:00:00Z the day before).
    pub not_before: NaiveDate,
    pub issuer: Issuer,
    /// Extra bytes in a private extension, to make the certificate larger.
    pub padding: usize,
}

impl CertSpec {
    /// A user-authentication certificate ending on `not_after`, issued five years before.
    pub fn auth(not_after: NaiveDate) -> CertSpec {
        CertSpec {
            not_after,
            not_before: not_after
                .with_year(not_after.year() - 5)
                .unwrap_or(not_after),
            issuer: Issuer::JpkiAuth,
            padding: 0,
        }
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n <= 0xFF {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        let [hi, lo] = (n as u16).to_be_bytes();
        out.extend_from_slice(&[0x82, hi, lo]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// One name attribute (a SET of one SEQUENCE { OID, PrintableString }).
fn rdn(oid_last: u8, value: &str) -> Vec<u8> {
    let atav = seq(&[
        tlv(0x06, &[0x55, 0x04, oid_last]),
        tlv(0x13, value.as_bytes()),
    ]);
    tlv(0x31, &atav)
}

fn time(date: NaiveDate, hms: &str) -> Vec<u8> {
    let y = date.year();
    if (1950..2050).contains(&y) {
        let s = format!("{:02}{:02}{:02}{hms}Z", y % 100, date.month(), date.day());
        tlv(0x17, s.as_bytes())
    } else {
        let s = format!("{y:04}{:02}{:02}{hms}Z", date.month(), date.day());
        tlv(0x18, s.as_bytes())
    }
}

/// Filler bytes (a fixed pseudo-random sequence).
fn filler(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// The certificate's DER bytes.
pub fn certificate(spec: &CertSpec) -> Vec<u8> {
    let sha256_rsa = seq(&[
        tlv(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B],
        ),
        tlv(0x05, &[]),
    ]);
    let issuer = match spec.issuer {
        Issuer::JpkiAuth => seq(&[
            rdn(0x06, "JP"),
            rdn(0x0A, "JPKI"),
            rdn(0x0B, "JPKI for user authentication"),
            rdn(0x0B, "Japan Agency for Local Authority Information Systems"),
        ]),
        Issuer::JpkiSigning => seq(&[
            rdn(0x06, "JP"),
            rdn(0x0A, "JPKI"),
            rdn(0x0B, "JPKI for digital signature"),
            rdn(0x0B, "Japan Agency for Local Authority Information Systems"),
        ]),
        Issuer::Other => seq(&[
            rdn(0x06, "JP"),
            rdn(0x0A, "Example Bank"),
            rdn(0x03, "Example Bank Card CA"),
        ]),
    };
    let seed = spec.not_after.num_days_from_ce() as u32;
    let before = spec
        .not_before
        .checked_sub_days(Days::new(1))
        .unwrap_or(spec.not_before);
    let validity = seq(&[time(before, "150000"), time(spec.not_after, "145959")]);
    let subject = seq(&[rdn(0x06, "JP"), rdn(0x03, "TEST0000CARD0000HOKEN00")]);
    let mut modulus = vec![0x00];
    modulus.extend(filler(256, seed));
    modulus[1] |= 0x80;
    let rsa_key = seq(&[tlv(0x02, &modulus), tlv(0x02, &[0x01, 0x00, 0x01])]);
    let mut key_bits = vec![0x00];
    key_bits.extend(rsa_key);
    let spki = seq(&[
        seq(&[
            tlv(
                0x06,
                &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01],
            ),
            tlv(0x05, &[]),
        ]),
        tlv(0x03, &key_bits),
    ]);
    // keyUsage: digitalSignature (critical), and the padding in a private extension.
    let mut extensions = vec![seq(&[
        tlv(0x06, &[0x55, 0x1D, 0x0F]),
        tlv(0x01, &[0xFF]),
        tlv(0x04, &tlv(0x03, &[0x07, 0x80])),
    ])];
    if spec.padding > 0 {
        extensions.push(seq(&[
            tlv(0x06, &[0x2A, 0x03, 0x04]),
            tlv(0x04, &tlv(0x04, &filler(spec.padding, seed ^ 0x5A5A))),
        ]));
    }
    let tbs = seq(&[
        tlv(0xA0, &tlv(0x02, &[0x02])),
        tlv(0x02, &[0x01, 0x23, 0x45, 0x67]),
        sha256_rsa.clone(),
        issuer,
        validity,
        subject,
        spki,
        tlv(0xA3, &seq(&extensions)),
    ]);
    let mut signature = vec![0x00];
    signature.extend(filler(256, seed ^ 0xA5A5));
    seq(&[tbs, sha256_rsa, tlv(0x03, &signature)])
}
