//! Imports documents the way the app will, and prints what came out.
//!
//! ```sh
//! cargo run --release -p hoken-core --example import_file -- FILE…          # summary JSON
//! cargo run --release -p hoken-core --example import_file -- --text FILE    # PDF text lines
//! cargo run --release -p hoken-core --example import_file -- --out DIR FILE # + images
//! cargo run --release -p hoken-core --example import_file -- --repeat N FILE # timing
//! ```
//! Exit status 2 when a file is refused (bad input), 1 on other errors.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::time::Instant;

use hoken_core::import::{inspect, inspect_path, pdf_text_lines, Limits, Mime};

fn ext(m: Mime) -> &'static str {
    match m {
        Mime::Pdf => "pdf",
        Mime::Png => "png",
        Mime::Jpeg => "jpg",
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut text = false;
    let mut out: Option<PathBuf> = None;
    let mut repeat = 0usize;
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--text" => text = true,
            "--out" => out = args.next().map(PathBuf::from),
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            _ => files.push(PathBuf::from(a)),
        }
    }
    let limits = Limits::default();
    let mut status = 0;
    for file in &files {
        if text {
            let bytes = std::fs::read(file).unwrap_or_default();
            match pdf_text_lines(&file.display().to_string(), &bytes) {
                Ok(lines) => lines.iter().for_each(|l| println!("{l}")),
                Err(e) => {
                    eprintln!("{e}");
                    status = 2;
                }
            }
            continue;
        }
        if repeat > 0 {
            // Timing: read once, import N times, print each duration in ms.
            let bytes = std::fs::read(file).unwrap_or_default();
            let name = file.display().to_string();
            for _ in 0..repeat {
                let t = Instant::now();
                let r = inspect(&name, &bytes, &limits);
                println!("{:.1}", t.elapsed().as_secs_f64() * 1000.0);
                if let Err(e) = r {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            }
            continue;
        }
        match inspect_path(file, &limits) {
            Ok(doc) => {
                let summary = serde_json::to_string_pretty(&doc.summary()).unwrap_or_default();
                println!("{}: {summary}", file.display());
                if let Some(dir) = &out {
                    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
                    let stem = stem.unwrap_or_default();
                    let write = |suffix: &str, m: Mime, bytes: &[u8]| {
                        let p = Path::new(dir).join(format!("{stem}.{suffix}.{}", ext(m)));
                        if let Err(e) = std::fs::write(&p, bytes) {
                            eprintln!("{}: {e}", p.display());
                        }
                    };
                    write("original", doc.original_mime, &doc.original);
                    write("display", doc.display_mime, &doc.display);
                    write("thumb", Mime::Jpeg, &doc.thumbnail);
                }
            }
            Err(e) => {
                eprintln!("{e}");
                status = if e.is_bad_input() { 2 } else { 1 };
            }
        }
    }
    std::process::exit(status);
}
