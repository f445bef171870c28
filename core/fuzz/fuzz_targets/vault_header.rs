//! `vault.json` (docs/vault-format.md §2): the parser `Vault::open` and `Vault::recover` use.
#![no_main]

use hoken_core::vault::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::header(data);
});
