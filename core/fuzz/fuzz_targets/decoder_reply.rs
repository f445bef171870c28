//! The app's checks of what the decoder child answers (decoder/src/parent.rs): a child that
//! was subverted may send anything; the app must refuse it without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hoken_decoder::fuzz_reply(data);
});
