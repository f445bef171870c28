//! The certificate's expiry read from the My Number Card itself, without a PIN.
//!
//! The card's JPKI application (公的個人認証AP) holds the user-authentication certificate
//! (利用者証明用電子証明書) in a file anyone may read: select the application by its name,
//! select the file, READ BINARY it in chunks, take `notAfter`. Nothing else on the card is
//! touched: not the signing certificate, not the card-face application (券面事項), and no PIN
//! is ever sent (no VERIFY). The same steps serve every way of talking to the card — PC/SC
//! on desktops, NFC on phones — through [`Transmit`].

use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Msg, Result};

/// The JPKI application's name (DF name / AID): D3 92 F0 00 26 01 00 00 00 01.
pub const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// The user-authentication certificate's file inside the JPKI application.
pub const EF_AUTH_CERT: [u8; 2] = [0x00, 0x0A];
/// Bytes asked for per READ BINARY after the 4-byte header (short APDUs; some NFC readers
/// refuse Le = 256).
pub const CHUNK: usize = 0xFF;
/// A JPKI certificate is about 1.5 KB; anything larger than this is not one (bounded memory).
pub const MAX_CERTIFICATE_LEN: usize = 8 * 1024;

/// What went wrong while reading the card: each has its own error kind, message and exit
/// status 5 on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CardProblem {
    /// No reader is connected, or the smart-card service is not running.
    NoReader,
    /// No card was put on the reader before the wait ended.
    NoCard,
    /// The card left the reader before the certificate was read.
    Removed,
    /// Another program holds the reader (or the card) for itself.
    Busy,
    /// The card is not a My Number Card (no JPKI application, or a certificate from
    /// another issuer).
    NotMyNumberCard,
    /// A My Number Card without a user-authentication certificate (not issued or revoked).
    NoCertificate,
    /// The reader or the card answered something unexpected.
    Failed,
}

impl CardProblem {
    /// The error kind the UI and scripts branch on.
    pub fn kind(self) -> crate::ErrorKind {
        use crate::ErrorKind;
        match self {
            CardProblem::NoReader => ErrorKind::CardNoReader,
            CardProblem::NoCard => ErrorKind::CardNoCard,
            CardProblem::Removed => ErrorKind::CardRemoved,
            CardProblem::Busy => ErrorKind::CardReaderBusy,
            CardProblem::NotMyNumberCard => ErrorKind::CardNotMyNumberCard,
            CardProblem::NoCertificate => ErrorKind::CardNoCertificate,
            CardProblem::Failed => ErrorKind::CardReadFailed,
        }
    }

    /// The error, with `detail` (what the reader or the card said) after the message.
    pub fn error(self, detail: &str) -> Error {
        let (ja, en) = match self {
            CardProblem::NoReader => (
                "ICカードリーダーが見つかりません。リーダーをパソコンにつないでください",
                "No IC card reader was found: connect a reader to this computer",
            ),
            CardProblem::NoCard => (
                "カードを置いてください。マイナンバーカードをICカードリーダーに置いて（差し込んで）から、もう一度お試しください",
                "Put the card on the reader: place (or insert) the My Number Card, then try again",
            ),
            CardProblem::Removed => (
                "読み取りの途中でカードが離れました。カードを置いたまま動かさずに、もう一度お試しください",
                "The card left the reader while it was being read: keep it still on the reader and try again",
            ),
            CardProblem::Busy => (
                "ほかのアプリがICカードリーダーを使っています。そのアプリを閉じてから、もう一度お試しください",
                "Another program is using the IC card reader: close it and try again",
            ),
            CardProblem::NotMyNumberCard => (
                "マイナンバーカードではないようです。マイナンバーカードを置いてください",
                "This does not look like a My Number Card: put a My Number Card on the reader",
            ),
            CardProblem::NoCertificate => (
                "このカードには利用者証明用電子証明書が入っていません（発行されていないか失効しています）。市区町村の窓口でご確認ください",
                "This card holds no user-authentication certificate (not issued, or revoked): ask your municipal office",
            ),
            CardProblem::Failed => (
                "カードを読み取れませんでした。カードを置き直して、もう一度お試しください",
                "The card could not be read: put it on the reader again and try again",
            ),
        };
        let (ja, en) = if detail.is_empty() {
            (ja.to_string(), en.to_string())
        } else {
            (format!("{ja}（{detail}）"), format!("{en} ({detail})"))
        };
        Error::Card(self, Msg::new(ja, en))
    }
}

/// One way of talking to a card: sends a command APDU, returns the response with its two
/// status bytes at the end. Transport failures come back as [`CardProblem`] errors.
pub trait Transmit {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>>;
}

/// A response split into its data and status word.
fn split(response: &[u8]) -> Result<(&[u8], u16)> {
    match response.len() {
        n if n >= 2 => {
            let (data, sw) = response.split_at(n - 2);
            Ok((data, u16::from_be_bytes([sw[0], sw[1]])))
        }
        _ => Err(CardProblem::Failed.error("short response")),
    }
}

/// SELECT by DF name (P1 04) or by file id (P1 02), no answer wanted (P2 0C).
fn select(p1: u8, id: &[u8]) -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, p1, 0x0C, id.len() as u8];
    apdu.extend_from_slice(id);
    apdu
}

/// READ BINARY at `offset` (at most 0x7FFF) for `le` bytes (1..=255; 0 = 256).
fn read_binary(offset: usize, le: u8) -> [u8; 5] {
    let [hi, lo] = (offset as u16 & 0x7FFF).to_be_bytes();
    [0x00, 0xB0, hi, lo, le]
}

/// Sends `command`, following the ISO 7816 conventions a T=0 reader may need: 61xx (more
/// data: GET RESPONSE) and 6Cxx (wrong length: ask again with the length the card wants).
fn exchange(card: &mut dyn Transmit, command: &[u8]) -> Result<(Vec<u8>, u16)> {
    let mut command = command.to_vec();
    for _ in 0..4 {
        let response = card.transmit(&command)?;
        let (data, sw) = split(&response)?;
        match sw >> 8 {
            0x6C if command.len() == 5 => command[4] = (sw & 0xFF) as u8,
            0x61 => {
                let mut data = data.to_vec();
                let mut sw = sw;
                // Bounded: a certificate never needs more than a few GET RESPONSEs.
                for _ in 0..64 {
                    if sw >> 8 != 0x61 {
                        return Ok((data, sw));
                    }
                    let more = card.transmit(&[0x00, 0xC0, 0x00, 0x00, (sw & 0xFF) as u8])?;
                    let (chunk, next) = split(&more)?;
                    data.extend_from_slice(chunk);
                    sw = next;
                }
                return Err(CardProblem::Failed.error("endless GET RESPONSE"));
            }
            _ => return Ok((data.to_vec(), sw)),
        }
    }
    Err(CardProblem::Failed.error("the card keeps asking for another length"))
}

/// The DER length of the certificate from its first 4 bytes (SEQUENCE header included).
fn certificate_len(header: &[u8]) -> Result<usize> {
    let not_cert = || CardProblem::NotMyNumberCard.error("the file is not a certificate");
    let (&tag, rest) = header.split_first().ok_or_else(not_cert)?;
    if tag != 0x30 {
        return Err(not_cert());
    }
    let (&first, rest) = rest.split_first().ok_or_else(not_cert)?;
    let (len, header_len) = match first {
        n if n < 0x80 => (usize::from(n), 2),
        0x81 => (usize::from(*rest.first().ok_or_else(not_cert)?), 3),
        0x82 => match rest {
            [a, b, ..] => (usize::from(u16::from_be_bytes([*a, *b])), 4),
            _ => return Err(not_cert()),
        },
        _ => return Err(not_cert()),
    };
    let total = header_len + len;
    if total > MAX_CERTIFICATE_LEN {
        return Err(CardProblem::NotMyNumberCard.error(&format!(
            "a {total}-byte file is too large for a certificate"
        )));
    }
    Ok(total)
}

/// Reads the user-authentication certificate (DER) from the card: SELECT the JPKI
/// application, SELECT its file 000A, READ BINARY its 4-byte header, then the rest in
/// chunks of at most [`CHUNK`] bytes. No PIN, no other file.
pub fn read_auth_certificate(card: &mut dyn Transmit) -> Result<Vec<u8>> {
    let (_, sw) = exchange(card, &select(0x04, &JPKI_AID))?;
    if sw != 0x9000 {
        return Err(
            CardProblem::NotMyNumberCard.error(&format!("no JPKI application: status {sw:04X}"))
        );
    }
    let (_, sw) = exchange(card, &select(0x02, &EF_AUTH_CERT))?;
    match sw {
        0x9000 => {}
        0x6A82 => return Err(CardProblem::NoCertificate.error("")),
        _ => {
            return Err(CardProblem::NotMyNumberCard
                .error(&format!("no certificate file: status {sw:04X}")))
        }
    }
    let (mut der, sw) = exchange(card, &read_binary(0, 4))?;
    if sw != 0x9000 && sw != 0x6282 {
        return Err(CardProblem::NoCertificate.error(&format!("status {sw:04X}")));
    }
    if der.iter().all(|&b| b == 0xFF) && !der.is_empty() {
        // An erased file: the certificate was revoked or never written.
        return Err(CardProblem::NoCertificate.error(""));
    }
    let total = certificate_len(&der)?;
    der.truncate(total);
    while der.len() < total {
        let want = (total - der.len()).min(CHUNK) as u8;
        let (chunk, sw) = exchange(card, &read_binary(der.len(), want))?;
        if (sw != 0x9000 && sw != 0x6282) || chunk.is_empty() {
            return Err(CardProblem::Failed.error(&format!(
                "READ BINARY at {} answered {sw:04X} with {} bytes",
                der.len(),
                chunk.len()
            )));
        }
        let room = total - der.len();
        der.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(der)
}

/// What the card's certificate says, as the app uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CardCertificate {
    /// notAfter as a date in Japan (JST): the certificate's last valid day.
    pub expiry: NaiveDate,
    /// The same day in era form: 令和12年6月1日.
    pub expiry_era: String,
    /// notBefore as a date in Japan: the day the certificate was issued.
    pub issued: NaiveDate,
}

/// One reading of a card: `card read --json` prints the first and the last key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CardRead {
    pub certificate_expiry: NaiveDate,
    /// The same day in era form.
    pub certificate_expiry_era: String,
    pub certificate_issued: NaiveDate,
    /// The reader the card was on, as the system names it.
    pub reader: String,
}

impl CardRead {
    pub fn new(certificate: CardCertificate, reader: &str) -> CardRead {
        CardRead {
            certificate_expiry: certificate.expiry,
            certificate_expiry_era: certificate.expiry_era,
            certificate_issued: certificate.issued,
            reader: reader.to_string(),
        }
    }
}

const OID_COUNTRY: &str = "2.5.4.6";
const OID_ORGANIZATION: &str = "2.5.4.10";
const OID_UNIT: &str = "2.5.4.11";
/// The issuer's organisational unit on every user-authentication certificate.
pub const AUTH_CA_UNIT: &str = "JPKI for user authentication";
/// … and on the signing certificate, which this module never reads: named to say so.
const SIGN_CA_UNIT: &str = "JPKI for digital signature";

/// The date in Japan of a certificate time.
fn jst_date(t: x509_cert::time::Time) -> Result<NaiveDate> {
    let secs = i64::try_from(t.to_unix_duration().as_secs())
        .map_err(|_| CardProblem::NotMyNumberCard.error("a date out of range"))?;
    let jst = FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
    jst.timestamp_opt(secs, 0)
        .single()
        .map(|t| t.date_naive())
        .ok_or_else(|| CardProblem::NotMyNumberCard.error("a date out of range"))
}

/// Parses the certificate read from the card and checks that JPKI's user-authentication CA
/// issued it (C=JP, O=JPKI, OU=JPKI for user authentication). Anything else — another
/// card's certificate, the signing certificate, bytes that are not a certificate — is a
/// `card_not_my_number_card` error, never a date.
pub fn parse_certificate(der: &[u8]) -> Result<CardCertificate> {
    use x509_cert::der::Decode;
    use x509_cert::ext::pkix::name::DirectoryString;

    if der.len() > MAX_CERTIFICATE_LEN {
        return Err(CardProblem::NotMyNumberCard.error("the certificate is too large"));
    }
    let cert = x509_cert::Certificate::from_der(der).map_err(|e| {
        CardProblem::NotMyNumberCard.error(&format!("not an X.509 certificate: {e}"))
    })?;
    let tbs = cert.tbs_certificate();
    let mut country = Vec::new();
    let mut organization = Vec::new();
    let mut units = Vec::new();
    for atav in tbs.issuer().iter() {
        let Ok(value) = DirectoryString::try_from(&atav.value) else {
            continue;
        };
        let value = value.value().trim().to_string();
        match atav.oid.to_string().as_str() {
            OID_COUNTRY => country.push(value),
            OID_ORGANIZATION => organization.push(value),
            OID_UNIT => units.push(value),
            _ => {}
        }
    }
    let is_jpki = country.iter().any(|c| c == "JP") && organization.iter().any(|o| o == "JPKI");
    if !is_jpki || !units.iter().any(|u| u == AUTH_CA_UNIT) {
        let detail = if is_jpki && units.iter().any(|u| u == SIGN_CA_UNIT) {
            "a signing certificate, not the user-authentication one".to_string()
        } else {
            format!("issuer {}", tbs.issuer())
        };
        return Err(CardProblem::NotMyNumberCard.error(&detail));
    }
    let validity = tbs.validity();
    let issued = jst_date(validity.not_before)?;
    let expiry = jst_date(validity.not_after)?;
    if expiry < issued {
        return Err(CardProblem::NotMyNumberCard.error("the certificate ends before it starts"));
    }
    Ok(CardCertificate {
        expiry,
        expiry_era: crate::era::format_era(expiry)?,
        issued,
    })
}

/// Reads and checks the certificate: [`read_auth_certificate`], then [`parse_certificate`].
pub fn read_certificate(card: &mut dyn Transmit) -> Result<CardCertificate> {
    parse_certificate(&read_auth_certificate(card)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testcert::{self, CertSpec};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A card in memory: the JPKI application with one certificate file.
    struct FakeCard {
        file: Option<Vec<u8>>,
        jpki: bool,
        selected_ap: bool,
        selected_ef: bool,
        sent: Vec<Vec<u8>>,
        /// Fail (as if removed) after this many commands.
        remove_after: Option<usize>,
    }

    impl FakeCard {
        fn with(file: Vec<u8>) -> FakeCard {
            FakeCard {
                file: Some(file),
                jpki: true,
                selected_ap: false,
                selected_ef: false,
                sent: Vec::new(),
                remove_after: None,
            }
        }
    }

    impl Transmit for FakeCard {
        fn transmit(&mut self, c: &[u8]) -> Result<Vec<u8>> {
            self.sent.push(c.to_vec());
            if self.remove_after.is_some_and(|n| self.sent.len() > n) {
                return Err(CardProblem::Removed.error(""));
            }
            let ok = |mut v: Vec<u8>| {
                v.extend_from_slice(&[0x90, 0x00]);
                Ok(v)
            };
            match (c[1], c[2]) {
                (0xA4, 0x04) if self.jpki && c[5..] == JPKI_AID => {
                    self.selected_ap = true;
                    ok(vec![])
                }
                (0xA4, 0x02) if self.selected_ap && c[5..] == EF_AUTH_CERT => {
                    if self.file.is_none() {
                        return Ok(vec![0x6A, 0x82]);
                    }
                    self.selected_ef = true;
                    ok(vec![])
                }
                (0xB0, _) if self.selected_ef => {
                    let file = self.file.as_ref().unwrap();
                    let offset = usize::from(u16::from_be_bytes([c[2], c[3]]));
                    let le = if c[4] == 0 { 256 } else { usize::from(c[4]) };
                    let end = (offset + le).min(file.len());
                    ok(file[offset.min(end)..end].to_vec())
                }
                _ => Ok(vec![0x6A, 0x82]),
            }
        }
    }

    #[test]
    fn reads_the_expiry_in_japan_time() {
        // notAfter 2030-06-01 23:59:59 JST = 14:59:59Z: the date is 1 June in Japan.
        let der = testcert::certificate(&CertSpec::auth(d("2030-06-01")));
        let mut card = FakeCard::with(der.clone());
        let cert = read_certificate(&mut card).unwrap();
        assert_eq!(cert.expiry, d("2030-06-01"));
        assert_eq!(cert.expiry_era, "令和12年6月1日");
        // Exactly: SELECT AP, SELECT EF, header, then chunks; no VERIFY, no other file.
        assert_eq!(card.sent[0], select(0x04, &JPKI_AID));
        assert_eq!(card.sent[1], [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A]);
        assert_eq!(card.sent[2], [0x00, 0xB0, 0x00, 0x00, 0x04]);
        assert!(card.sent.iter().all(|c| c[1] != 0x20), "never a VERIFY");
        assert!(card.sent[2..]
            .iter()
            .all(|c| c[1] == 0xB0 && c[4] as usize <= CHUNK));
        assert_eq!(card.sent.len(), 3 + (der.len() - 4).div_ceil(CHUNK));
    }

    #[test]
    fn a_large_certificate_takes_many_reads() {
        let mut spec = CertSpec::auth(d("2029-12-31"));
        spec.padding = 3000;
        let der = testcert::certificate(&spec);
        assert!(der.len() > 3000);
        let mut card = FakeCard::with(der.clone());
        assert_eq!(read_auth_certificate(&mut card).unwrap(), der);
        assert!(card.sent.len() > 12);
        assert_eq!(read_certificate(&mut card).unwrap().expiry, d("2029-12-31"));
    }

    #[test]
    fn other_cards_are_errors_not_dates() {
        let mut card = FakeCard::with(vec![]);
        card.jpki = false;
        assert_eq!(
            read_certificate(&mut card).unwrap_err().kind(),
            "card_not_my_number_card"
        );
        let mut card = FakeCard::with(vec![]);
        card.file = None;
        assert_eq!(
            read_certificate(&mut card).unwrap_err().kind(),
            "card_no_certificate"
        );
        // A certificate from another issuer, and JPKI's signing certificate.
        for issuer in [testcert::Issuer::Other, testcert::Issuer::JpkiSigning] {
            let mut spec = CertSpec::auth(d("2030-01-01"));
            spec.issuer = issuer;
            let e = parse_certificate(&testcert::certificate(&spec)).unwrap_err();
            assert_eq!(e.kind(), "card_not_my_number_card", "{e}");
            assert!(e.message_ja().contains("マイナンバーカードではない"));
        }
        // Not a certificate at all, and a header that claims too much.
        for junk in [vec![0x30, 0x03, 1, 2, 3], vec![0x04, 0x02, 0, 0], vec![]] {
            assert_eq!(
                parse_certificate(&junk).unwrap_err().kind(),
                "card_not_my_number_card"
            );
        }
        let mut card = FakeCard::with(vec![0x30, 0x82, 0xFF, 0xFF, 0, 0]);
        assert_eq!(
            read_auth_certificate(&mut card).unwrap_err().kind(),
            "card_not_my_number_card"
        );
        let mut card = FakeCard::with(vec![0xFF; 64]);
        assert_eq!(
            read_auth_certificate(&mut card).unwrap_err().kind(),
            "card_no_certificate"
        );
    }

    #[test]
    fn a_file_shorter_than_its_header_says_is_an_error() {
        let der = testcert::certificate(&CertSpec::auth(d("2030-01-01")));
        let mut card = FakeCard::with(der[..600].to_vec());
        let e = read_auth_certificate(&mut card).unwrap_err();
        assert_eq!(e.kind(), "card_read_failed", "{e}");
    }

    #[test]
    fn removal_midway_is_reported_as_removal() {
        let der = testcert::certificate(&CertSpec::auth(d("2030-01-01")));
        let mut card = FakeCard::with(der);
        card.remove_after = Some(4);
        assert_eq!(
            read_certificate(&mut card).unwrap_err().kind(),
            "card_removed"
        );
    }

    #[test]
    fn t0_status_words_are_followed() {
        /// Answers 61xx to everything, then the data on GET RESPONSE; 6Cxx once.
        struct T0(FakeCard, Option<Vec<u8>>, bool);
        impl Transmit for T0 {
            fn transmit(&mut self, c: &[u8]) -> Result<Vec<u8>> {
                if c[1] == 0xC0 {
                    let mut r = self.1.take().unwrap();
                    r.extend_from_slice(&[0x90, 0x00]);
                    return Ok(r);
                }
                if c[1] == 0xB0 && !self.2 {
                    self.2 = true;
                    return Ok(vec![0x6C, c[4]]);
                }
                let r = self.0.transmit(c)?;
                let (data, _) = split(&r)?;
                if data.is_empty() {
                    return Ok(r);
                }
                self.1 = Some(data.to_vec());
                Ok(vec![0x61, data.len() as u8])
            }
        }
        let der = testcert::certificate(&CertSpec::auth(d("2031-03-31")));
        let mut card = T0(FakeCard::with(der), None, false);
        assert_eq!(read_certificate(&mut card).unwrap().expiry, d("2031-03-31"));
    }

    #[test]
    fn problems_have_both_languages() {
        for p in [
            CardProblem::NoReader,
            CardProblem::NoCard,
            CardProblem::Removed,
            CardProblem::Busy,
            CardProblem::NotMyNumberCard,
            CardProblem::NoCertificate,
            CardProblem::Failed,
        ] {
            let e = p.error("x");
            assert_eq!(e.kind(), p.kind().as_str());
            assert!(e.is_card());
            assert!(e.message_ja().ends_with("（x）"));
            assert!(e.to_string().ends_with("(x)"));
        }
        assert!(CardProblem::NoReader
            .error("")
            .message_ja()
            .starts_with("ICカードリーダーが見つかりません"));
        assert!(CardProblem::NoCard
            .error("")
            .message_ja()
            .starts_with("カードを置いてください"));
    }
}
