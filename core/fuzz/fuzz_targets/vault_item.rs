//! Item files (`items/<id>.bin`, docs/vault-format.md §3) and the member index inside them.
//! The first byte picks the mode:
//! - even: the bytes are an item file, opened under a fixed key (the magic, version, kind
//!   and length checks, then the AEAD, which arbitrary bytes never pass);
//! - odd: the bytes are a plaintext, sealed under the fixed key, opened again and parsed as
//!   the member index (§4), so the JSON parser and what runs on each member are reached.
#![no_main]

use hoken_core::vault::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        fuzzing::open_item(rest);
    } else {
        fuzzing::member_index(rest);
    }
});
