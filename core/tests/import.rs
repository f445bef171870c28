//! The importer on documents this test makes: PDFs with a Japanese text layer in two layouts,
//! screenshots, photos with EXIF orientation, GPS and camera tags, and every malformed kind.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::io::Cursor;

use hoken_core::import::{inspect, DocKind, FieldState, Limits, Mime};
use hoken_core::testdoc::{pdf, Layout, Screen};
use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage};

fn fields_json(bytes: &[u8], name: &str) -> serde_json::Value {
    let doc = inspect(name, bytes, &Limits::default()).expect("imports");
    serde_json::to_value(&doc.fields).expect("json")
}

#[test]
fn pdf_fields_in_both_layouts() {
    let taro = fields_json(&pdf(&Screen::taro(), Layout::Table), "taro.pdf");
    let expect = serde_json::json!({
        "insurer_number": "01010016", "insurer_name": "全国健康保険協会 北海道支部",
        "symbol": "1010101", "number": "1", "branch": "00", "name": "協会 太郎",
        "kana": "キョウカイ タロウ", "birth": "1965-10-01", "relation": "本人", "ratio": "3割",
        "acquired": "1985-10-01", "as_of": "2024-06-07"});
    assert_eq!(taro, expect);
    // Other labels, full-width digits and spaces inside the era dates.
    let hanako = fields_json(&pdf(&Screen::hanako(), Layout::Compact), "hanako.pdf");
    assert_eq!(hanako["insurer_number"], "01010016");
    assert_eq!(hanako["birth"], "1967-03-15");
    assert_eq!(hanako["acquired"], "1992-04-01");
    assert_eq!(hanako["as_of"], "2024-06-07");
    assert_eq!(hanako["relation"], "家族");
    assert_eq!(hanako["branch"], "01");
    assert_eq!(hanako["kana"], "キョウカイ ハナコ");
}

/// Each value read from a PDF knows its place on page 1 (thousandths of the page, from the top
/// left), so the import screen can mark it on the page while the user checks the field: the
/// table layout prints the values at x = 230 pt on an A4 page, one row every 30 pt from the top.
#[test]
fn pdf_values_know_their_place_on_the_page() {
    let doc = inspect(
        "taro.pdf",
        &pdf(&Screen::taro(), Layout::Table),
        &Limits::default(),
    )
    .expect("imports");
    let (w, h) = Layout::Table.page();
    let report = &doc.field_status;
    let number = report.insurer_number.place.expect("insurer number placed");
    let name = report.name.place.expect("name placed");
    let expected_left = (230.0 / w * 1000.0) as u16;
    assert!(number.left.abs_diff(expected_left) <= 2, "{number:?}");
    // Row 1's baseline is 102 pt from the top; the box stands on it.
    let baseline = ((h - 740.0) / h * 1000.0) as u16;
    assert!(
        number.top < baseline && number.top + number.height >= baseline,
        "{number:?}"
    );
    assert!(number.height > 5 && number.height < 30, "{number:?}");
    // 氏名 is five rows (150 pt) below.
    let rows = (150.0 / h * 1000.0) as u16;
    assert!(
        name.top.abs_diff(number.top + rows) <= 8,
        "{name:?} vs {number:?}"
    );
    for (field, status) in report.iter() {
        if let Some(p) = status.place {
            assert!(p.is_valid(), "{field}: {p:?}");
        }
    }
}

/// The insurer's 資格情報のお知らせ (issue #20): the notice is about the 対象者, who may be a
/// dependent; the mailing header's zero-padded 記号・番号 and the insured person's name (with 様)
/// are not the record; 負担割合 has a date in its label; the 保険者番号 is only on the cut-out.
#[test]
fn notice_pdf_reads_the_person_it_is_about() {
    let hanako = inspect(
        "notice.pdf",
        &pdf(&Screen::hanako(), Layout::Notice),
        &Limits::default(),
    )
    .expect("imports");
    let f = serde_json::to_value(&hanako.fields).expect("json");
    assert_eq!(
        f,
        serde_json::json!({
            "insurer_number": "01010016", "insurer_name": "全国健康保険協会 北海道支部",
            "symbol": "1010101", "number": "1", "branch": "01", "name": "協会 花子",
            "kana": "キョウカイ ハナコ", "birth": "1967-03-15", "relation": "家族",
            "ratio": "3割", "acquired": "1992-04-01", "as_of": "2024-06-07"})
    );
    assert!(
        hanako
            .field_status
            .iter()
            .all(|(_, s)| s.state == FieldState::Found),
        "{:?}",
        hanako.field_status
    );

    // Other people and values: the insured person himself (本人), his daughter (家族, 2割), a
    // 記号 the header pads to 00002345 and a 番号 it pads to 0000678.
    let jiro = fields_json(&pdf(&Screen::jiro(), Layout::Notice), "jiro.pdf");
    assert_eq!(jiro["name"], "保険 次郎");
    assert_eq!(jiro["relation"], "本人");
    assert_eq!(jiro["symbol"], "2345");
    assert_eq!(jiro["number"], "678");
    assert_eq!(jiro["branch"], "00");
    assert_eq!(jiro["insurer_number"], "06270011");
    assert_eq!(jiro["birth"], "1990-12-24");
    assert_eq!(jiro["as_of"], "2025-01-15");
    let sakura = fields_json(&pdf(&Screen::sakura(), Layout::Notice), "sakura.pdf");
    assert_eq!(sakura["name"], "保険 さくら");
    assert_eq!(sakura["relation"], "家族");
    assert_eq!(sakura["ratio"], "2割");
    assert_eq!(sakura["branch"], "02");
    assert_eq!(sakura["kana"], "ホケン サクラ");

    // The portal app's screen as a PDF (label above its value).
    let phone = fields_json(&pdf(&Screen::sakura(), Layout::Phone), "phone.pdf");
    assert_eq!(phone["name"], "保険 さくら");
    assert_eq!(phone["relation"], "家族");
    assert_eq!(phone["insurer_number"], "06270011");
    assert_eq!(phone["acquired"], "2018-05-09");
}

/// The text layer does not depend on a Japanese font being installed: the same fields come
/// out, and hayro renders (with a substitute font) without crashing, in a child process that
/// does not look for system fonts.
#[test]
fn pdf_without_japanese_fonts() {
    const CHILD: &str = "HOKEN_IMPORT_FONT_CHILD";
    if std::env::var_os(CHILD).is_some() {
        for (name, layout) in [
            ("table.pdf", Layout::Table),
            ("compact.pdf", Layout::Compact),
        ] {
            let doc = inspect(name, &pdf(&Screen::taro(), layout), &Limits::default())
                .expect("imports without fonts");
            assert_eq!(doc.fields.insurer_number.as_deref(), Some("01010016"));
            assert_eq!(doc.fields.symbol.as_deref(), Some("1010101"));
            assert!(image::load_from_memory(&doc.display).is_ok());
        }
        println!("\nFONT_CHILD_OK");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "pdf_without_japanese_fonts", "--nocapture"])
        .env(CHILD, "1")
        .env(hoken_core::import::NO_SYSTEM_FONTS_ENV, "1")
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("FONT_CHILD_OK"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pdf_keeps_the_original_and_renders_page_one() {
    let bytes = pdf(&Screen::taro(), Layout::Table);
    let doc = inspect("taro.pdf", &bytes, &Limits::default()).expect("imports");
    assert_eq!(doc.kind, DocKind::Pdf);
    assert_eq!(doc.original, bytes, "the PDF is kept as it is");
    assert_eq!(doc.pages, 1);
    assert_eq!(doc.width.max(doc.height), 2400, "long side capped at 2400");
    let shown = image::load_from_memory(&doc.display).expect("a display image");
    assert_eq!((shown.width(), shown.height()), (doc.width, doc.height));
    // White background, not transparent.
    assert_eq!(shown.to_rgba8().get_pixel(2, 2).0, [255, 255, 255, 255]);
    let thumb = image::load_from_memory(&doc.thumbnail).expect("a thumbnail");
    assert!(thumb.width().max(thumb.height()) <= 320);
}

#[test]
fn invalid_fields_are_marked_with_the_reason() {
    let mut s = Screen::taro();
    s.insurer_number = "01010017".into();
    s.birth = "昭和65年1月1日".into();
    let doc = inspect("bad.pdf", &pdf(&s, Layout::Table), &Limits::default()).expect("imports");
    let st = &doc.field_status;
    assert_eq!(st.insurer_number.state, FieldState::Invalid);
    assert!(st
        .insurer_number
        .message
        .as_ref()
        .is_some_and(|m| m.en.contains("check digit")));
    assert_eq!(st.insurer_number.raw.as_deref(), Some("01010017"));
    assert_eq!(st.birth.state, FieldState::Invalid);
    assert!(st
        .birth
        .message
        .as_ref()
        .is_some_and(|m| m.ja.contains("昭和65年")));
    assert_eq!(doc.fields.insurer_number, None);
    assert_eq!(st.name.state, FieldState::Found);
}

fn screenshot(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        if x < 40 && y < 40 {
            Rgb([255, 0, 0]) // a red mark in the top-left corner
        } else {
            Rgb([240, (y % 200) as u8, 250])
        }
    })
}

#[test]
fn screenshot_png_is_kept_as_pixels() {
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(screenshot(1179, 2556))
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    let doc = inspect("screen.png", &png, &Limits::default()).expect("imports");
    assert_eq!(doc.kind, DocKind::Image);
    assert_eq!(doc.original_mime, Mime::Png);
    assert_eq!((doc.width, doc.height), (1107, 2400));
    assert!(doc
        .field_status
        .iter()
        .all(|(_, s)| s.state == FieldState::NotFound));
}

/// A JPEG with an EXIF APP1 segment: orientation, camera model and a GPS position.
fn photo_with_exif(orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(screenshot(400, 300))
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    // TIFF, little endian: IFD0 (Orientation, Model, GPS pointer), then the GPS IFD.
    let model = b"SecretCam X100\0";
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    let ifd0_len = 2 + 3 * 12 + 4;
    let model_off = 8 + ifd0_len;
    let gps_off = model_off + model.len() as u32;
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&typ.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x0110, 2, model.len() as u32, model_off);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, gps_off);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(model);
    t.extend_from_slice(&1u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")); // GPSLatitudeRef
    t.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&t);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn red_at(img: &DynamicImage, x: u32, y: u32) -> bool {
    let p = img.get_pixel(x, y).0;
    p[0] > 200 && p[1] < 80 && p[2] < 80
}

#[test]
fn photos_are_turned_upright_and_lose_their_metadata() {
    for (orientation, corner) in [(6u16, "top-right"), (8, "bottom-left")] {
        let bytes = photo_with_exif(orientation);
        assert!(
            bytes.windows(9).any(|w| w == b"SecretCam"),
            "the test photo has EXIF"
        );
        let doc = inspect("photo.jpg", &bytes, &Limits::default()).expect("imports");
        assert_eq!(
            (doc.width, doc.height),
            (300, 400),
            "rotated: orientation {orientation}"
        );
        for (what, b) in [
            ("original", &doc.original),
            ("display", &doc.display),
            ("thumbnail", &doc.thumbnail),
        ] {
            for needle in [&b"Exif"[..], b"SecretCam", b"II*\0"] {
                assert!(
                    !b.windows(needle.len()).any(|w| w == needle),
                    "{what} of orientation {orientation} still holds {:?}",
                    String::from_utf8_lossy(needle)
                );
            }
        }
        let img = image::load_from_memory(&doc.original).expect("decodes");
        let (w, h) = (img.width(), img.height());
        let expect = match corner {
            "top-right" => (w - 5, 5),
            _ => (5, h - 5),
        };
        assert!(
            red_at(&img, expect.0, expect.1),
            "orientation {orientation}: mark at {corner}"
        );
        assert!(!red_at(&img, 5, 5) || corner == "top-left");
    }
}

fn png_header(w: u32, h: u32) -> Vec<u8> {
    // A valid signature and IHDR, then a tiny IDAT: the header alone claims the size.
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    v.extend_from_slice(&13u32.to_be_bytes());
    v.extend_from_slice(&ihdr);
    v.extend_from_slice(&crc(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01".to_vec();
    v.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
    v.extend_from_slice(&idat);
    v.extend_from_slice(&crc(&idat).to_be_bytes());
    v.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    v
}

fn crc(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn malformed_files_get_a_clear_error_naming_the_file() {
    let mut truncated_png = Vec::new();
    DynamicImage::ImageRgb8(screenshot(300, 300))
        .write_to(&mut Cursor::new(&mut truncated_png), ImageFormat::Png)
        .expect("png");
    truncated_png.truncate(truncated_png.len() / 2);
    let mut truncated_pdf = pdf(&Screen::taro(), Layout::Table);
    truncated_pdf.truncate(truncated_pdf.len() / 2);
    let mut random = vec![0u8; 4096];
    for (i, b) in random.iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.png", Vec::new(), "empty"),
        (
            "photo.heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
            "HEIC",
        ),
        ("anim.gif", b"GIF89a\x01\0\x01\0\x80\0\0".to_vec(), "GIF"),
        ("docs.zip", b"PK\x03\x04\x14\0\0\0\0\0".to_vec(), "ZIP"),
        ("random.bin", random, "not a PDF"),
        (
            "notes.png",
            "これはテキストです".as_bytes().to_vec(),
            "not a PDF",
        ),
        (
            "not-a.pdf",
            b"%PDF-1.7\nthis is not a pdf\n%%EOF\n".to_vec(),
            "PDF",
        ),
        ("cut.pdf", truncated_pdf, "PDF"),
        ("cut.png", truncated_png, "damaged"),
        ("huge.png", png_header(100_000, 100_000), "too large"),
        ("bomb.png", png_header(20_000, 20_000), "too large"),
    ];
    for (name, bytes, needle) in cases {
        let e = inspect(name, &bytes, &Limits::default()).expect_err(name);
        assert_eq!(e.kind(), "unsupported_file", "{name}: {e}");
        let text = e.to_string();
        assert!(
            text.contains(name),
            "{name}: the message names the file: {text}"
        );
        assert!(
            text.contains(needle),
            "{name}: {text:?} should say {needle:?}"
        );
        assert!(e.is_bad_input(), "{name}: CLI exit 2");
        assert!(!e.message_ja().is_empty());
    }
}

/// In a child process: the 100000 × 100000 header and the 20000 × 20000 bomb are refused, then
/// the largest allowed image (7000 × 7000) is decoded; the peak RSS of it all stays ≤ 512 MB.
#[test]
fn peak_memory_is_bounded() {
    if std::env::var_os("HOKEN_IMPORT_CHILD").is_some() {
        return;
    }
    if !cfg!(target_os = "linux") {
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "child_decodes_a_large_image",
            "--ignored",
            "--nocapture",
        ])
        .env("HOKEN_IMPORT_CHILD", "1")
        .output()
        .expect("child runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kb: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("peak-kb "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the child reports its peak");
    println!("peak RSS of the child: {} MB", kb / 1024);
    assert!(kb < 512 * 1024, "peak RSS {kb} KB is over 512 MB");
}

#[test]
#[ignore = "run by peak_memory_is_bounded in a child process"]
fn child_decodes_a_large_image() {
    if std::env::var_os("HOKEN_IMPORT_CHILD").is_none() {
        return;
    }
    for (name, w) in [("huge.png", 100_000), ("bomb.png", 20_000)] {
        let e = inspect(name, &png_header(w, w), &Limits::default()).expect_err(name);
        assert_eq!(e.kind(), "unsupported_file");
    }
    // 7000 × 7000 (49 megapixels, just under the limit), mostly one colour: a few hundred KB
    // of PNG that decodes to 147 MB of pixels.
    let img = image::GrayImage::from_fn(7000, 7000, |x, _| image::Luma([(x / 1000) as u8 * 30]));
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(img)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    let doc = inspect("big.png", &png, &Limits::default());
    assert!(doc.is_ok(), "{doc:?}");
    drop(doc);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().trim_end_matches("kB").trim().to_string())
        .unwrap_or_default();
    println!("peak-kb {peak}");
}

/// An upright photo keeps its compressed pixels (no second lossy generation) without any
/// metadata; an upright PNG keeps its pixel chunks only.
#[test]
fn upright_images_keep_their_pixels_and_lose_their_metadata() {
    let bytes = photo_with_exif(1);
    let doc = inspect("photo.jpg", &bytes, &Limits::default()).expect("imports");
    assert_eq!(doc.original_mime, Mime::Jpeg);
    for needle in [&b"Exif"[..], b"SecretCam", b"II*\0"] {
        assert!(!doc.original.windows(needle.len()).any(|w| w == needle));
    }
    let before = image::load_from_memory(&bytes).expect("input decodes");
    let after = image::load_from_memory(&doc.original).expect("original decodes");
    assert_eq!(
        before.to_rgb8(),
        after.to_rgb8(),
        "the same pixels, bit for bit"
    );
    assert!(doc.original.len() < bytes.len());

    // A PNG with a text chunk (a name) and a time stamp before the pixels.
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(screenshot(300, 500))
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    let mut text = b"tEXtAuthor\0Kyoukai Taro".to_vec();
    let mut chunk = ((text.len() - 4) as u32).to_be_bytes().to_vec();
    let c = crc(&text);
    chunk.append(&mut text);
    chunk.extend_from_slice(&c.to_be_bytes());
    let at = 8 + 25; // after the signature and IHDR
    png.splice(at..at, chunk);
    let doc = inspect("screen.png", &png, &Limits::default()).expect("imports");
    assert!(!doc.original.windows(5).any(|w| w == b"Kyouk"));
    assert!(!doc.display.windows(5).any(|w| w == b"Kyouk"));
    let before = image::load_from_memory(&png).expect("input decodes");
    let after = image::load_from_memory(&doc.original).expect("original decodes");
    assert_eq!(before.to_rgb8(), after.to_rgb8());
    assert_eq!((doc.width, doc.height), (300, 500));
}
