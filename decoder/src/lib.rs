//! Hoken Wallet's decoder: every untrusted file (a PDF, PNG, JPEG or WebP to import, a picture
//! of a QR code) is decoded by hoken-core in a child process, `hoken-decoder`, that runs with
//! a memory limit (512 MiB of address space), a CPU-time limit, a wall-clock timeout and, on
//! Linux, a seccomp filter (no network, no program started, no file written). An input that
//! exhausts the decoder's memory or time ends the child, never the app: the app answers
//! 「この書類は読み込めません（大きすぎるか、壊れています）」 and carries on.
//!
//! The bytes go to the child on its stdin, the result comes back on its stdout in a small
//! framed format ([`protocol`]); the app checks every count, size and string it gets back
//! before it believes it. `hoken-decoder` is a small program (no Tauri, GTK or WebKit), shipped
//! beside the app's executable ([`find_program`]; docs/architecture.md).
//!
//! Phones cannot start processes: there the same functions call hoken-core in the app's own
//! process (docs/security.md says what that leaves).

pub mod protocol;

#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub mod child;
#[cfg(not(any(target_os = "android", target_os = "ios")))]
mod parent;
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub mod sandbox;

#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub use parent::{
    find_program, fuzz_reply, inspect, inspect_path, inspect_with, qr_text_from_bytes,
    qr_text_from_file, qr_text_with, unreadable, Options, Report, DECODER_ENV, PROGRAM,
};

#[cfg(any(target_os = "android", target_os = "ios"))]
mod in_process {
    use std::path::Path;

    use hoken_core::import::{Imported, Limits};
    use hoken_core::Result;

    pub fn inspect(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported> {
        hoken_core::import::inspect(name, bytes, limits)
    }
    pub fn inspect_path(path: &Path, limits: &Limits) -> Result<Imported> {
        hoken_core::import::inspect_path(path, limits)
    }
    pub fn qr_text_from_bytes(bytes: &[u8]) -> Result<String> {
        hoken_core::qr::text_from_bytes(bytes)
    }
    pub fn qr_text_from_file(path: &Path) -> Result<String> {
        hoken_core::qr::text_from_file(path)
    }
}
#[cfg(any(target_os = "android", target_os = "ios"))]
pub use in_process::*;
