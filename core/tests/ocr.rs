//! Text recognition of screenshots and photos (issue #20), on documents this test makes: the
//! generated PDFs rendered to phone-sized screenshots, and photos of them (turned, scaled,
//! blurred, noisy, with less contrast, JPEG). Every field is compared with what was printed:
//! exactly right, flagged (unsure, invalid or not found: the user is asked), or wrong and not
//! flagged — which must never happen.
//!
//! Run with `--nocapture` for the table of results and times (the PDF path's beside them).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test
#![cfg(feature = "ocr")]

use std::time::{Duration, Instant};

use hoken_core::era::parse_date;
use hoken_core::import::{inspect, FieldState, Imported, Limits};
use hoken_core::testdoc::{pdf, photo, screenshot, Camera, Layout, Screen};

/// What each field should read, as the importer reports values.
fn expected(s: &Screen) -> Vec<(&'static str, String)> {
    let date = |t: &str| {
        parse_date(t.trim().trim_end_matches("時点"))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let digits = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect()
    };
    vec![
        ("insurer_number", digits(&s.insurer_number)),
        ("insurer_name", s.insurer_name.clone()),
        ("symbol", s.symbol.clone()),
        ("number", s.number.clone()),
        ("branch", s.branch.clone()),
        ("name", s.name.clone()),
        ("kana", s.kana.clone()),
        ("birth", date(&s.birth)),
        ("relation", s.relation.clone()),
        ("ratio", digits(&s.ratio)),
        ("acquired", date(&s.acquired)),
        ("as_of", date(&s.as_of)),
    ]
}

#[derive(Default, Debug)]
struct Tally {
    exact: usize,
    /// Unsure or invalid: shown for the user to check.
    flagged: usize,
    /// Not found: left for the user to type.
    missing: usize,
    wrong: Vec<String>,
    /// What was not exactly right, and how (for the table).
    notes: Vec<String>,
}

fn tally(doc: &Imported, s: &Screen) -> Tally {
    let fields = serde_json::to_value(&doc.fields).expect("json");
    let status = serde_json::to_value(&doc.field_status).expect("json");
    let mut t = Tally::default();
    for (key, want) in expected(s) {
        let state: FieldState =
            serde_json::from_value(status[key]["state"].clone()).expect("state");
        let got = fields[key].as_str().unwrap_or("");
        match state {
            FieldState::Found if got == want => t.exact += 1,
            FieldState::Found => t
                .wrong
                .push(format!("{key}: read {got:?}, printed {want:?}")),
            FieldState::Unsure | FieldState::Invalid => {
                t.flagged += 1;
                let raw = status[key]["raw"].as_str().unwrap_or("");
                let right = if got == want { "right" } else { "wrong" };
                t.notes.push(format!("{key} {state:?} ({right}): {raw:?}"));
            }
            FieldState::NotFound => {
                t.missing += 1;
                t.notes.push(format!("{key} not found"));
            }
        }
    }
    t
}

struct Case {
    label: &'static str,
    screen: Screen,
    layout: Layout,
    camera: Camera,
    /// At least this many fields exactly right (screenshot, photo).
    min_exact: (usize, usize),
}

fn timed(name: &str, bytes: &[u8]) -> (Imported, Duration) {
    let start = Instant::now();
    let doc = inspect(name, bytes, &Limits::default()).expect("imports");
    (doc, start.elapsed())
}

/// Each case is a test of its own, so that the cases run side by side.
fn run(case: Case) {
    let pdf_bytes = pdf(&case.screen, case.layout);
    let (from_pdf, pdf_time) = timed("doc.pdf", &pdf_bytes);
    assert!(tally(&from_pdf, &case.screen).wrong.is_empty());

    // The PDF path's page image is the screenshot (2400 px long side, a phone's screen).
    let shot = from_pdf.display.clone();
    assert!(!shot.is_empty(), "a screenshot");
    let (from_shot, shot_time) = timed("screenshot.png", &shot);
    let shot_tally = tally(&from_shot, &case.screen);

    // The screenshot is the PDF's page: recognition places each value where the text layer
    // does (its box holds the middle of the text layer's; a value may share its box with its
    // label when recognition reads them as one run). The portal's screen prints each value
    // once; the notice prints some twice, and either place is right.
    let mut placed = 0;
    let once = matches!(case.layout, Layout::Phone);
    for ((field, by_text), (_, by_ocr)) in from_pdf
        .field_status
        .iter()
        .zip(from_shot.field_status.iter())
        .filter(|_| once)
    {
        if let (Some(a), Some(b)) = (by_text.place, by_ocr.place) {
            let (cx, cy) = (a.left + a.width / 2, a.top + a.height / 2);
            assert!(
                (b.left..=b.left + b.width).contains(&cx)
                    && (b.top..=b.top + b.height).contains(&cy),
                "{}: {field} placed at {b:?} by recognition, {a:?} by the text layer",
                case.label
            );
            placed += 1;
        }
    }
    assert!(
        !once || placed >= 5,
        "{}: {placed} values placed on the screenshot",
        case.label
    );
    if !once {
        let on_page = from_shot
            .field_status
            .iter()
            .filter(|(_, s)| s.place.is_some_and(|p| p.is_valid()))
            .count();
        assert!(on_page >= 5, "{}: {on_page} values placed", case.label);
    }

    let jpeg = photo(&shot, &case.camera);
    assert!(!jpeg.is_empty(), "a photo");
    let (from_photo, photo_time) = timed("photo.jpg", &jpeg);
    let photo_tally = tally(&from_photo, &case.screen);

    let size = image::load_from_memory(&jpeg).expect("jpeg");
    for (what, t, bytes) in [
        ("screenshot", &shot_tally, &shot),
        ("photo", &photo_tally, &jpeg),
    ] {
        if !t.notes.is_empty() || !t.wrong.is_empty() {
            println!("{}, {what}: {:?} {:?}", case.label, t.notes, t.wrong);
            if std::env::var_os("HOKEN_OCR_LINES").is_some() {
                let img = image::load_from_memory(bytes).expect("image");
                for l in hoken_core::import::ocr::text_lines(&img, &Limits::default()) {
                    println!("    {l}");
                }
            }
        }
    }
    println!(
        "\n{:<22} | exact flagged missing wrong | time   (PDF {:>5} ms)\n\
         {:<22} | {:>5} {:>7} {:>7} {:>5} | {:>5} ms ({}×{})\n\
         {:<22} | {:>5} {:>7} {:>7} {:>5} | {:>5} ms ({}×{})",
        case.label,
        pdf_time.as_millis(),
        "  screenshot",
        shot_tally.exact,
        shot_tally.flagged,
        shot_tally.missing,
        shot_tally.wrong.len(),
        shot_time.as_millis(),
        from_shot.width,
        from_shot.height,
        "  photo",
        photo_tally.exact,
        photo_tally.flagged,
        photo_tally.missing,
        photo_tally.wrong.len(),
        photo_time.as_millis(),
        size.width(),
        size.height(),
    );
    assert!(
        shot_tally.wrong.is_empty(),
        "{}: screenshot fields wrong and not flagged: {:?}",
        case.label,
        shot_tally.wrong
    );
    assert!(
        photo_tally.wrong.is_empty(),
        "{}: photo fields wrong and not flagged: {:?}",
        case.label,
        photo_tally.wrong
    );
    assert!(
        shot_tally.exact >= case.min_exact.0,
        "{}: screenshot {shot_tally:?}",
        case.label
    );
    assert!(
        photo_tally.exact >= case.min_exact.1,
        "{}: photo {photo_tally:?}",
        case.label
    );
}

#[test]
fn portal_screen_of_the_insured() {
    run(Case {
        label: "taro, portal app",
        screen: Screen::taro(),
        layout: Layout::Phone,
        camera: Camera::default(),
        min_exact: (8, 6),
    });
}

#[test]
#[ignore = "a third document for the report (make test runs two)"]
fn portal_screen_of_a_dependent() {
    run(Case {
        label: "sakura, portal app",
        screen: Screen::sakura(),
        layout: Layout::Phone,
        camera: Camera {
            angle: -3.0,
            scale: 1.1,
            seed: 11,
            ..Camera::default()
        },
        min_exact: (8, 6),
    });
}

#[test]
fn insurers_notice_of_the_insured() {
    run(Case {
        label: "jiro, insurer's notice",
        screen: Screen::jiro(),
        layout: Layout::Notice,
        camera: Camera {
            angle: 2.0,
            scale: 1.0,
            seed: 3,
            ..Camera::default()
        },
        min_exact: (7, 5),
    });
}

/// Recognition is bounded: with a deadline of a millisecond it gives up and the image still
/// imports, every field left for the user.
#[test]
fn recognition_stops_at_its_deadline() {
    let shot = screenshot(&Screen::taro(), Layout::Phone, 1600);
    let limits = Limits {
        ocr_millis: 1,
        ..Limits::default()
    };
    let doc = inspect("screenshot.png", &shot, &limits).expect("imports");
    assert!(doc
        .field_status
        .iter()
        .all(|(_, s)| s.state == FieldState::NotFound));
}

/// Writes the generated screenshots and photos to `$HOKEN_OCR_SAMPLES` (to look at them, or to
/// time other tools on them): `cargo test -p hoken-core --features ocr --test ocr -- --ignored`.
#[test]
#[ignore = "writes sample images for a person to look at"]
fn write_samples() {
    let Some(dir) = std::env::var_os("HOKEN_OCR_SAMPLES") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, screen, layout, long) in [
        ("taro-phone", Screen::taro(), Layout::Phone, 2532),
        ("sakura-phone", Screen::sakura(), Layout::Phone, 2400),
        ("jiro-notice", Screen::jiro(), Layout::Notice, 2339),
    ] {
        let shot = screenshot(&screen, layout, long);
        std::fs::write(dir.join(format!("{name}.pdf")), pdf(&screen, layout)).expect("pdf");
        std::fs::write(dir.join(format!("{name}.png")), &shot).expect("png");
        std::fs::write(
            dir.join(format!("{name}-photo.jpg")),
            photo(&shot, &Camera::default()),
        )
        .expect("jpg");
    }
}
