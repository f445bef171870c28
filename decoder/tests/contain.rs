//! The decoder child as the app runs it: bombs that would take the app down end the child
//! only, within its memory limit; a decoder that hangs is killed by the timeout; the sandbox
//! refuses sockets, programs and writes; ordinary and malformed files read as in-process.
//!
//! The bombs are made here (a few MB each), never committed.

use std::time::Duration;

use hoken_core::import::{inspect, Limits};
use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_decoder::{inspect_with, Options};

mod bombs;

/// The program `cargo test` built for this package.
fn options() -> Options {
    Options {
        program: Some(env!("CARGO_BIN_EXE_hoken-decoder").into()),
        ..Options::default()
    }
}

/// hoken-core's own caps switched off: only the child's limits stand between the bomb and
/// the machine.
fn no_caps() -> Limits {
    Limits {
        max_side: u32::MAX,
        max_pixels: u64::MAX,
        max_alloc: u64::MAX,
        ..Limits::default()
    }
}

fn assert_refused_within_limits(name: &str, bytes: &[u8], limits: &Limits, says: &str) {
    let mut opts = options();
    // Without hoken-core's caps a debug build inflates for a long time before the memory
    // limit is reached: the timeout ends it sooner (either limit is the point here).
    opts.timeout = Duration::from_secs(6);
    let (result, report) = inspect_with(name, bytes, limits, &opts);
    let e = result.expect_err(name);
    println!(
        "{name}: {} bytes → {e} (child: {:?}, peak {} MB, {:.1} s)",
        bytes.len(),
        report.failure,
        report.peak_rss_kb / 1024,
        report.elapsed.as_secs_f64()
    );
    assert_eq!(e.kind(), "unsupported_file", "{name}: {e}");
    assert!(e.is_bad_input(), "{name}: exit 2 from the CLI");
    assert!(e.message_ja().starts_with(&format!("{name}: ")), "{e}");
    assert!(e.message_ja().contains(says), "{name}: {e}");
    if cfg!(target_os = "linux") {
        assert!(
            report.peak_rss_kb <= opts.memory_bytes / 1024,
            "{name}: the child's peak {} KB is over its limit",
            report.peak_rss_kb
        );
    }
}

const CONTAINED: &str = "この書類は読み込めません（大きすぎるか、壊れています）";

#[test]
fn flate_bomb_is_refused_and_contained() {
    // 3 GiB of spaces in a 3 MB content stream.
    let bytes = bombs::flate_content_pdf(3 << 30);
    assert!(bytes.len() < 4 << 20, "{}", bytes.len());
    // hoken-core counts what the streams expand to before decoding them…
    assert_refused_within_limits("spaces.pdf", &bytes, &Limits::default(), "大きすぎて");
    // … and without that count, the child's memory limit ends it.
    assert_refused_within_limits("spaces.pdf", &bytes, &no_caps(), CONTAINED);
}

#[test]
fn inline_image_bomb_is_refused_and_contained() {
    // A 30000 × 30000 RGB inline image (2.7 GB of pixels) in a 2.6 MB PDF.
    let bytes = bombs::inline_image_pdf(30_000, 30_000);
    assert!(bytes.len() < 4 << 20, "{}", bytes.len());
    assert_refused_within_limits("inline.pdf", &bytes, &Limits::default(), "画像が大きすぎて");
    assert_refused_within_limits("inline.pdf", &bytes, &no_caps(), CONTAINED);
}

#[test]
#[cfg(debug_assertions)]
fn a_hanging_decoder_is_killed_by_the_timeout() {
    let mut opts = options();
    opts.timeout = Duration::from_millis(1500);
    opts.env = vec![(hoken_decoder::child::TEST_HOOK_ENV.into(), "hang".into())];
    let bytes = pdf(&Screen::taro(), Layout::Table);
    let (result, report) = inspect_with("slow.pdf", &bytes, &Limits::default(), &opts);
    let e = result.expect_err("timed out");
    assert!(e
        .message_ja()
        .contains("この書類は読み込めません（大きすぎるか、壊れています）"));
    assert!(e.to_string().starts_with("slow.pdf: "), "{e}");
    assert_eq!(report.failure.as_deref(), Some("timeout"));
    assert!(report.elapsed < Duration::from_secs(5), "{report:?}");

    // A decoder burning CPU is stopped by its CPU-time limit.
    opts.timeout = Duration::from_secs(20);
    opts.cpu_seconds = 1;
    opts.env = vec![(hoken_decoder::child::TEST_HOOK_ENV.into(), "spin".into())];
    let (result, report) = inspect_with("spin.pdf", &bytes, &Limits::default(), &opts);
    assert!(result.is_err());
    if cfg!(target_os = "linux") {
        assert!(
            matches!(
                report.failure.as_deref(),
                Some("signal 24") | Some("signal 9")
            ),
            "{report:?}"
        );
    }
}

#[test]
#[cfg(all(unix, debug_assertions))]
fn a_decoder_over_its_memory_limit_ends_alone() {
    let mut opts = options();
    opts.env = vec![(hoken_decoder::child::TEST_HOOK_ENV.into(), "alloc".into())];
    let bytes = pdf(&Screen::taro(), Layout::Table);
    let (result, report) = inspect_with("big.pdf", &bytes, &Limits::default(), &opts);
    let e = result.expect_err("out of memory");
    assert_eq!(e.kind(), "unsupported_file");
    assert!(e.message_ja().contains("大きすぎるか、壊れています"), "{e}");
    assert!(
        report
            .failure
            .as_deref()
            .is_some_and(|f| f.starts_with("signal")),
        "{report:?}"
    );
    assert!(report.peak_rss_kb <= opts.memory_bytes / 1024, "{report:?}");
}

#[test]
#[cfg(all(target_os = "linux", debug_assertions))]
fn the_sandbox_refuses_network_programs_and_writes() {
    let mut opts = options();
    opts.env = vec![(hoken_decoder::child::TEST_HOOK_ENV.into(), "probe".into())];
    // Not UTF-8, so it goes to the child.
    let (text, report) = hoken_decoder::qr_text_with(&[0xFF, 0xD8, 0xFF, 0x00], &opts);
    let text = text.unwrap_or_else(|e| panic!("{e} {report:?}"));
    assert_eq!(
        text,
        "tcp=denied udp=denied write=denied exec=denied read=allowed"
    );
}

#[test]
fn documents_read_as_in_process_and_refusals_keep_their_words() {
    let opts = options();
    let limits = Limits::default();
    let taro = pdf(&Screen::taro(), Layout::Table);
    let (doc, report) = inspect_with("taro.pdf", &taro, &limits, &opts);
    let doc = doc.unwrap_or_else(|e| panic!("{e} {report:?}"));
    let here = inspect("taro.pdf", &taro, &limits).expect("in process");
    assert_eq!(doc, here, "the child's answer is the in-process one");

    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(500, 900, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 200])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .expect("png");
    let (doc, _) = inspect_with("screen.png", &png, &limits, &opts);
    assert_eq!(
        doc.expect("png"),
        inspect("screen.png", &png, &limits).expect("in process")
    );

    let mut cut = taro.clone();
    cut.truncate(cut.len() / 2);
    for (name, bytes) in [
        ("empty.png", Vec::new()),
        ("photo.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec()),
        ("cut.pdf", cut),
        (
            "not-a.pdf",
            b"%PDF-1.7\nthis is not a pdf\n%%EOF\n".to_vec(),
        ),
    ] {
        let (child, _) = inspect_with(name, &bytes, &limits, &opts);
        let child = child.expect_err(name);
        let here = inspect(name, &bytes, &limits).expect_err(name);
        assert_eq!(child.to_string(), here.to_string());
        assert_eq!(child.message_ja(), here.message_ja());
        assert_eq!(child.kind(), here.kind());
    }
}

#[test]
fn a_missing_decoder_is_a_clear_error() {
    let mut opts = options();
    opts.program = Some("/nonexistent/hoken-decoder".into());
    let (e, _) = inspect_with("a.pdf", b"%PDF-1.7", &Limits::default(), &opts);
    let e = e.expect_err("no program");
    assert_eq!(e.kind(), "io");
    assert!(e.to_string().contains("hoken-decoder"), "{e}");
}
