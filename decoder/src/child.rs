//! The decoder child: reads one request on stdin, runs hoken-core's own code on it (the whole
//! `import::inspect` path: sniff → decode → fields, or the QR reader), writes one reply on
//! stdout and exits. It opens no file for writing, no socket and starts no program (see
//! [`crate::sandbox`]); the parent set its memory, CPU-time and file-size limits before it
//! started.

use std::io::{Read, Write};

use hoken_core::import::{self, Imported};
use hoken_core::qr;

use crate::protocol::{self, Op, Reader, Writer, REPLY_MAGIC, REQUEST_MAGIC};

/// Test hook (debug builds only): `hang` makes the child sleep forever after reading its
/// request, `spin` burn CPU, `alloc` allocate 3 GiB, so the tests can show the limits end it;
/// `probe` replies with what the sandbox lets through instead of decoding.
pub const TEST_HOOK_ENV: &str = "HOKEN_DECODER_TEST_HOOK";

/// The child's `main`: returns the exit status.
pub fn main() -> i32 {
    if let Err(e) = crate::sandbox::enter() {
        // Refuse to decode without the sandbox the platform promises.
        let _ = writeln!(std::io::stderr(), "hoken-decoder: sandbox: {e}");
        return 70;
    }
    let mut input = Vec::new();
    // The request is the file (≤ 64 MiB in the app) and a small header.
    let cap = 1024 * 1024 * 1024;
    if std::io::stdin()
        .lock()
        .take(cap)
        .read_to_end(&mut input)
        .is_err()
    {
        return 65;
    }
    let reply = match handle(&input) {
        Some(r) => r,
        None => return 65,
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(&reply).and_then(|()| out.flush()).is_err() {
        return 74;
    }
    0
}

fn handle(input: &[u8]) -> Option<Vec<u8>> {
    let mut r = Reader::new(input, REQUEST_MAGIC).ok()?;
    let op = Op::from_u8(r.u8("op").ok()?)?;
    let name = r.str(4096, "name").ok()?.to_string();
    let limits = protocol::read_limits(&mut r).ok()?;
    let bytes = r.blob(u64::MAX, "bytes").ok()?;
    r.end().ok()?;
    #[cfg(debug_assertions)]
    match std::env::var(TEST_HOOK_ENV).as_deref() {
        Ok("hang") => loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        },
        Ok("probe") => {
            let mut w = Writer::new(REPLY_MAGIC);
            w.u8(protocol::REPLY_TEXT).str(&crate::sandbox::probe());
            return Some(w.buf);
        }
        Ok("alloc") => {
            // 3 GiB, touched: over the memory limit.
            let mut v: Vec<u8> = Vec::new();
            for _ in 0..3 * 1024 {
                v.extend(std::iter::repeat_n(1u8, 1024 * 1024));
            }
            std::hint::black_box(&v);
        }
        Ok("spin") => {
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        _ => {}
    }
    let mut w = Writer::new(REPLY_MAGIC);
    match op {
        Op::Inspect => match import::inspect(&name, bytes, &limits) {
            Ok(doc) => write_imported(&mut w, &doc),
            Err(e) => write_error(&mut w, &e),
        },
        Op::QrText => match qr::read_image(bytes) {
            Ok(text) => {
                w.u8(protocol::REPLY_TEXT).str(&text);
            }
            Err(e) => write_error(&mut w, &e),
        },
    }
    Some(w.buf)
}

fn write_error(w: &mut Writer, e: &hoken_core::Error) {
    w.u8(protocol::REPLY_ERROR)
        .str(e.kind())
        .str(&e.message_ja())
        .str(&e.to_string());
}

fn write_imported(w: &mut Writer, doc: &Imported) {
    let fields = serde_json::json!({
        "fields": doc.fields,
        "field_status": doc.field_status,
    })
    .to_string();
    w.u8(protocol::REPLY_IMPORTED)
        .u8(protocol::kind_to_u8(doc.kind))
        .u32(doc.pages)
        .u32(doc.width)
        .u32(doc.height)
        .u8(protocol::mime_to_u8(doc.original_mime))
        .u8(protocol::mime_to_u8(doc.display_mime))
        .str(&fields);
    // A PDF's original is the request's own bytes: the parent keeps its copy.
    if doc.original_mime == import::Mime::Pdf {
        w.blob(&[]);
    } else {
        w.blob(&doc.original);
    }
    w.blob(&doc.display).blob(&doc.thumbnail);
    w.u32(u32::try_from(doc.pages_display.len()).unwrap_or(u32::MAX));
    for p in &doc.pages_display {
        w.u32(p.page)
            .u32(p.width)
            .u32(p.height)
            .u8(protocol::mime_to_u8(p.mime))
            .blob(&p.bytes);
    }
}
