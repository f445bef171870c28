//! The importer on arbitrary bytes: PDF, PNG, JPEG, WebP or garbage. It must return a
//! document or a clear error, never panic, within the memory limits.
#![no_main]

use hoken_core::import::{inspect, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Smaller pictures than in the app, so the fuzzer spends its time on parsing.
    let limits = Limits {
        max_pixels: 4_000_000,
        display_long_side: 600,
        extra_pdf_pages: 1,
        ..Limits::default()
    };
    let _ = inspect("fuzz.bin", data, &limits);
});
