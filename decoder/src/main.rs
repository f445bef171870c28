//! `hoken-decoder`: the contained decoder child (see the library's docs). Not for people: it
//! reads one framed request on stdin and writes one framed reply on stdout.

#[cfg(not(any(target_os = "android", target_os = "ios")))]
fn main() {
    std::process::exit(hoken_decoder::child::main())
}

// Phones decode in the app's process.
#[cfg(any(target_os = "android", target_os = "ios"))]
fn main() {}
