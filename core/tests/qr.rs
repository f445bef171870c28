//! The QR payload (docs/qr-format.md): encode → PNG → read → decode round trips for random
//! records, with and without a lock code, and a clear error for every kind of bad input.
//!
//! Locked codes here use `LockParams::insecure_for_tests()` (1 MiB, 1 pass) so that the
//! property tests stay fast; one test uses the real parameters.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::NaiveDate;
use hoken_core::family::{match_member, MemberMatch};
use hoken_core::qr::{self, LockParams, QrRecord};
use hoken_core::vault::{Member, Relation};
use image::{ImageFormat, Rgb, RgbImage};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

/// A long, realistic record: every field filled, long Japanese names.
fn long_record() -> QrRecord {
    QrRecord {
        name: "長谷川 久美子".into(),
        kana: Some("ハセガワ クミコ".into()),
        relation: Relation::Dependent,
        birth: d(1958, 2, 28),
        insurer_number: Some("06139997".into()),
        insurer_name: Some("全国健康保険協会 東京支部（協会けんぽ）".into()),
        symbol: Some("12345678".into()),
        number: Some("1234567".into()),
        branch: Some("01".into()),
        ratio: Some(3),
        acquired: Some(d(2019, 4, 1)),
        as_of: Some(d(2025, 6, 1)),
        cert_expiry: Some(d(2029, 2, 28)),
        grace_end: Some(d(2029, 5, 31)),
        card_expiry: Some(d(2034, 2, 28)),
        kakunin_expiry: Some(d(2026, 7, 31)),
    }
}

fn cheap(record: &QrRecord, code: Option<&str>) -> String {
    qr::encode_with_params(record, code, LockParams::insecure_for_tests()).expect("encodes")
}

fn through_png(text: &str, scale: u32) -> String {
    let png = qr::render_png(text, scale).expect("renders");
    qr::read_image(&png).expect("reads back")
}

fn kind(e: hoken_core::Error) -> String {
    e.kind().to_string()
}

#[test]
fn long_record_fits_a_small_qr_at_level_m() {
    let r = long_record();
    let plain = cheap(&r, None);
    let locked = qr::encode(&r, Some("7K3Q-W9TB")).expect("encodes");
    let (vp, vl) = (
        qr::qr_version(&plain).expect("version"),
        qr::qr_version(&locked).expect("version"),
    );
    eprintln!(
        "long record: {} chars → version {vp} (M); locked {} chars → version {vl} (M)",
        plain.len(),
        locked.len()
    );
    assert!(plain.starts_with("HKW1:"));
    assert!(vp <= 10, "plain needs version {vp}");
    assert!(vl <= 12, "locked needs version {vl}");
    // The real parameters round-trip too.
    assert_eq!(qr::decode(&locked, Some("7k3qw9tb")).expect("opens"), r);
    assert_eq!(
        qr::decode(&through_png(&locked, 4), Some("7K3QW9TB")).expect("opens"),
        r
    );
}

#[test]
fn wrong_or_missing_code() {
    let r = long_record();
    let text = cheap(&r, Some("12345678"));
    assert!(qr::is_locked(&text).expect("readable"));
    assert!(!qr::is_locked(&cheap(&r, None)).expect("readable"));
    let e = qr::decode(&text, None).expect_err("needs a code");
    assert_eq!(e.kind(), "wrong_code");
    assert!(e.to_string().contains("locked"), "{e}");
    assert!(e.message_ja().contains("ロック"));
    assert!(e.is_bad_input());
    for wrong in ["12345679", "87654321", "123456789", "1234567", "ＡＢＣ"] {
        let e = qr::decode(&text, Some(wrong)).expect_err("wrong code");
        assert_eq!(e.kind(), "wrong_code", "{wrong}");
        assert!(e.to_string().contains("does not unlock"), "{e}");
    }
    assert_eq!(
        kind(qr::decode(&text, Some("  ")).expect_err("empty")),
        "wrong_code"
    );
    // Typed with full-width digits and spaces: the same code.
    assert_eq!(
        qr::decode(&text, Some("１２３４ ５６７８")).expect("opens"),
        r
    );
    // A code given for an unlocked QR code is ignored.
    assert_eq!(
        qr::decode(&cheap(&r, None), Some("999999")).expect("reads"),
        r
    );
    // A lock code that cannot be typed back, or shorter than 8 characters (a 6-digit code
    // is hours of guessing on one computer), is refused when encoding.
    for short in ["12345", "123456", "7K3QW9T"] {
        let e = qr::encode(&r, Some(short)).expect_err("short");
        assert_eq!(kind(e), "invalid_input", "{short}");
    }
    const { assert!(qr::MIN_CODE_LEN >= 8) };
    assert_eq!(
        kind(qr::encode(&r, Some("UUUUUUUU")).expect_err("U")),
        "invalid_input"
    );
}

#[test]
fn truncated_or_damaged_text() {
    let r = long_record();
    for text in [cheap(&r, None), cheap(&r, Some("12345678"))] {
        for n in 0..text.len() {
            let e = qr::decode(&text[..n], Some("12345678")).expect_err("truncated");
            assert_eq!(e.kind(), "invalid_input", "{n}: {e}");
        }
        // One character changed anywhere after the prefix: damaged, never a wrong record
        // and never "wrong code".
        let bytes = text.as_bytes();
        for i in 5..bytes.len() {
            let mut changed = bytes.to_vec();
            changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(changed).expect("ASCII");
            let e = qr::decode(&changed, Some("12345678")).expect_err("damaged");
            assert_eq!(e.kind(), "invalid_input", "{i}: {e}");
            assert!(
                e.to_string().contains("damaged") || e.to_string().contains("newer"),
                "{e}"
            );
        }
    }
    let e = qr::decode("HKW1:", None).expect_err("empty");
    assert!(e.message_ja().contains("壊れ"));
    // Lower case and surrounding whitespace (copied by hand) are fine.
    let text = cheap(&r, None);
    assert_eq!(
        qr::decode(&format!("  {}\n", text.to_lowercase()), None).expect("reads"),
        r
    );
}

#[test]
fn foreign_and_newer_codes() {
    for foreign in ["https://example.com/", "HC1:NCFOXN%TS3DH", "", "hello"] {
        let e = qr::decode(foreign, None).expect_err("foreign");
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.to_string().contains("not a Hoken Wallet"), "{e}");
        assert!(e
            .message_ja()
            .contains("保険ウォレットの QR コードではありません"));
    }
    // A URL as a QR code in a picture: read, then refused as foreign.
    let url =
        qr::read_image(&qr::render_png("https://example.com/x", 3).expect("png")).expect("read");
    assert_eq!(url, "https://example.com/x");
    assert!(qr::decode(&url, None)
        .expect_err("foreign")
        .to_string()
        .contains("not a Hoken Wallet"));

    let e = qr::decode("HKW2:ABC", None).expect_err("newer prefix");
    assert!(e.to_string().contains("newer Hoken Wallet"), "{e}");

    // A payload with another version byte (and a correct checksum): newer.
    let text = cheap(&long_record(), None);
    let mut payload = qr::base45_decode(&text[5..]).expect("base45");
    let n = payload.len() - 4;
    for (byte, value, expect) in [
        (0, 2u8, "newer"),
        (0, 0, "damaged"),
        (1, 0x02, "newer"),
        (4, 0x02, "newer"),
        (4, 0x10, "newer"),
    ] {
        let mut p = payload[..n].to_vec();
        p[byte] = value;
        let crc = qr::crc32(&p);
        p.extend_from_slice(&crc.to_le_bytes());
        let e = qr::decode(&format!("HKW1:{}", qr::base45_encode(&p)), None).expect_err("bad");
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.to_string().contains(expect), "{e}");
    }
    // An unknown field bit: newer.
    payload[3] |= 0x80;
    let crc = qr::crc32(&payload[..n]);
    payload[n..].copy_from_slice(&crc.to_le_bytes());
    let e = qr::decode(&format!("HKW1:{}", qr::base45_encode(&payload)), None).expect_err("bad");
    assert!(e.to_string().contains("newer"), "{e}");
}

/// A phone screenshot: the QR code on a larger white screen with a header bar and text
/// lines, the whole scaled 3× with smoothing, saved as PNG and as JPEG.
#[test]
fn screenshot_like_images_decode() {
    let r = long_record();
    let text = cheap(&r, Some("7K3QW9TB"));
    let qr_png = qr::render_png(&text, 2).expect("png");
    let code = image::load_from_memory(&qr_png).expect("decodes").to_rgb8();
    let mut screen = RgbImage::from_pixel(360, 640, Rgb([255, 255, 255]));
    for (x, y, p) in screen.enumerate_pixels_mut() {
        if y < 48 {
            *p = Rgb([30, 90, 160]); // the app bar
        } else if (500..506).contains(&y) && x > 40 && x < 320 {
            *p = Rgb([60, 60, 60]); // a line of text
        }
    }
    image::imageops::overlay(&mut screen, &code, 60, 120);
    let big = image::imageops::resize(&screen, 1080, 1920, image::imageops::FilterType::Triangle);
    assert_eq!(big.dimensions(), (1080, 1920));
    for format in [ImageFormat::Png, ImageFormat::Jpeg] {
        let mut bytes = Vec::new();
        big.write_to(&mut std::io::Cursor::new(&mut bytes), format)
            .expect("encodes");
        let read = qr::read_image(&bytes).expect("a QR code is found");
        assert_eq!(read, text, "{format:?}");
        assert_eq!(qr::decode(&read, Some("7K3QW9TB")).expect("opens"), r);
    }
    // Not an image; an image with no QR code.
    assert_eq!(
        kind(qr::read_image(b"HKW1:not a picture").expect_err("x")),
        "invalid_input"
    );
    let mut blank = Vec::new();
    RgbImage::from_pixel(50, 50, Rgb([255, 255, 255]))
        .write_to(&mut std::io::Cursor::new(&mut blank), ImageFormat::Png)
        .expect("png");
    let e = qr::read_image(&blank).expect_err("no code");
    assert!(e.to_string().contains("No readable QR code"), "{e}");
}

#[test]
fn svg_has_the_quiet_zone() {
    let text = cheap(&long_record(), None);
    let svg = qr::render_svg(&text).expect("svg");
    assert!(svg.contains("<svg"));
    let modules = 17 + 4 * i32::from(qr::qr_version(&text).expect("v"));
    let side = (modules + 8) * 8;
    assert!(
        svg.contains(&format!("width=\"{side}\"")),
        "{}",
        &svg[..200]
    );
    assert!(
        svg.contains("M32 32"),
        "the first dark module sits after 4 quiet modules"
    );
}

#[test]
fn member_round_trip_keeps_the_deadlines() {
    let m = Member {
        id: "0123456789abcdef".into(),
        name: "協会 花子".into(),
        kana: Some("キョウカイ ハナコ".into()),
        relation: Relation::Insured,
        birth: d(1965, 10, 1),
        cert_issued: Some(d(2021, 5, 10)),
        insurer_number: Some("01010016".into()),
        symbol: Some("1010101".into()),
        number: Some("1".into()),
        branch: Some("00".into()),
        ratio: Some(3),
        acquired: Some(d(1985, 10, 1)),
        ..Member::default()
    };
    let rec = QrRecord::from_member(&m, Some(d(2025, 8, 1))).expect("record");
    assert_eq!(rec.cert_expiry, Some(d(2025, 10, 1)));
    assert_eq!(rec.grace_end, Some(d(2026, 1, 31)));
    assert_eq!(rec.card_expiry, Some(d(2030, 10, 1)));
    let back = qr::decode(&cheap(&rec, None), None).expect("reads");
    let mut received = back.to_member();
    received.validate().expect("a valid member");
    let today = d(2025, 8, 1);
    let (a, b) = (
        m.timeline(today).expect("ok").expect("dates"),
        received.timeline(today).expect("ok").expect("dates"),
    );
    let dates = |t: &hoken_core::timeline::Timeline| {
        t.deadlines
            .iter()
            .map(|x| (x.kind, x.date))
            .collect::<Vec<_>>()
    };
    assert_eq!(dates(&a), dates(&b));
    // The receiver who already has her matches, and gets the new qualification fields.
    assert!(matches!(
        match_member(std::slice::from_ref(&m), &received),
        MemberMatch::Existing { .. }
    ));
    let mut changed = back.clone();
    changed.insurer_number = Some("06139997".into());
    changed.symbol = Some("2".into());
    let mut mine = m.clone();
    changed.apply_to(&mut mine);
    assert_eq!(mine.insurer_number.as_deref(), Some("06139997"));
    assert_eq!(mine.symbol.as_deref(), Some("2"));
    assert_eq!(mine.cert_issued, m.cert_issued);
    assert_eq!(
        mine.cert_expiry, None,
        "an issue date keeps computing its own"
    );
    assert_eq!(mine.name, m.name);
    // Debug shows no personal field.
    let dbg = format!("{back:?}");
    assert!(!dbg.contains("協会") && !dbg.contains("1965"), "{dbg}");
}

/// The receiver corrects the fields before storing: the person and qualification fields come
/// from the form, the card's dates stay as received, and a bad form is refused as the member
/// form refuses it.
#[test]
fn received_record_with_the_confirmed_form() {
    let r = long_record();
    let mut form = r.to_form();
    assert_eq!(form.name, "長谷川 久美子");
    assert_eq!(form.relation, "家族");
    assert_eq!(form.ratio, "3割");
    assert_eq!(form.birth, "1958-02-28");
    form.name = "長谷川 久美".into();
    form.birth = "昭和33年2月28日".into();
    form.branch = String::new();
    form.ratio = "2割".into();
    form.insurer_number = "06139992".into();
    let edited = r.with_form(&form).expect("a valid form");
    assert_eq!(edited.name, "長谷川 久美");
    assert_eq!(edited.birth, d(1958, 2, 28));
    assert_eq!(edited.branch, None);
    assert_eq!(edited.ratio, Some(2));
    assert_eq!(edited.cert_expiry, r.cert_expiry);
    assert_eq!(edited.grace_end, r.grace_end);
    assert_eq!(edited.as_of, r.as_of);

    form.insurer_number = "06139997".into();
    let e = r.with_form(&form).expect_err("a wrong check digit");
    assert_eq!(kind(e), "invalid_insurer_number");
}

fn date_1900_2100() -> impl Strategy<Value = NaiveDate> {
    let lo = d(1900, 1, 1);
    let span = (d(2100, 12, 31) - lo).num_days();
    (0..=span).prop_map(move |n| lo + chrono::Duration::days(n))
}

fn text_field() -> impl Strategy<Value = String> {
    "[一-龥ぁ-んァ-ヶーa-zA-Z0-9 ・（）]{0,24}"
}

prop_compose! {
    fn record()(
        name in "[一-龥ァ-ヶA-Za-z][一-龥ぁ-んァ-ヶA-Za-z ・]{0,19}",
        kana in proptest::option::of("[ァ-ヶー ]{0,20}"),
        dependent in any::<bool>(),
        birth in date_1900_2100(),
        insurer_number in proptest::option::of("[0-9]{6,8}"),
        insurer_name in proptest::option::of(text_field()),
        symbol in proptest::option::of("[0-9０-９A-Z-]{0,10}"),
        number in proptest::option::of("[0-9]{1,10}"),
        branch in proptest::option::of("[0-9]{2}"),
        ratio in proptest::option::of(1u8..=3),
        dates in proptest::collection::vec(proptest::option::of(date_1900_2100()), 6),
    ) -> QrRecord {
        QrRecord {
            name, kana, birth, insurer_number, insurer_name, symbol, number, branch, ratio,
            relation: if dependent { Relation::Dependent } else { Relation::Insured },
            acquired: dates[0], as_of: dates[1], cert_expiry: dates[2], grace_end: dates[3],
            card_expiry: dates[4], kakunin_expiry: dates[5],
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trip_through_a_png(
        r in record(),
        code in proptest::option::of("[0-9A-HJKMNP-TV-Z]{8,10}"),
        scale in 2u32..=4,
    ) {
        let text = cheap(&r, code.as_deref());
        prop_assert!(qr::qr_version(&text).expect("fits") <= 15);
        let read = through_png(&text, scale);
        prop_assert_eq!(&read, &text);
        let back = qr::decode(&read, code.as_deref()).expect("decodes");
        prop_assert_eq!(back, r);
    }

    #[test]
    fn garbage_never_panics(s in "HKW1:[0-9A-Z $%*+./:-]{0,80}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = qr::decode(&s, Some("123456"));
        let _ = qr::is_locked(&s);
        let _ = qr::read_image(&bytes);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&bytes);
        let _ = qr::read_image(&png);
    }
}

#[test]
fn image_limits_refuse_huge_images_before_decoding() {
    // A PNG header claiming 9000 × 9000 pixels: refused without allocating them.
    let img = image::GrayImage::new(1, 1);
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    // IHDR width/height are bytes 16..24; fix the chunk's CRC after editing them.
    png[16..20].copy_from_slice(&9000u32.to_be_bytes());
    png[20..24].copy_from_slice(&9000u32.to_be_bytes());
    let crc = qr::crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let e = qr::read_image(&png).expect_err("too large");
    assert_eq!(e.kind(), "invalid_input");
}

/// `cargo test -p hoken-core --release --test qr -- --ignored lock_timing --nocapture`
#[test]
#[ignore = "a measurement, not a check"]
fn lock_timing() {
    let r = long_record();
    for (m, t) in [(19u8, 2u8), (38, 2), (64, 3)] {
        let p = LockParams {
            m_cost_mib: m,
            t_cost: t,
        };
        let text = qr::encode_with_params(&r, Some("12345678"), p).expect("encodes");
        let start = std::time::Instant::now();
        for _ in 0..5 {
            qr::decode(&text, Some("12345678")).expect("opens");
        }
        eprintln!("m = {m} MiB, t = {t}: {:?} a decode", start.elapsed() / 5);
    }
}
