//! The QR reader on arbitrary bytes (a picture of a code, or garbage): a text or a clear
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hoken_core::qr::read_image(data);
});
