//! The app's side: starts the decoder child with its limits, sends the file, waits at most
//! the timeout, and checks everything the child answers before believing it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hoken_core::import::{DocKind, FieldReport, Fields, Imported, Limits, Mime, PageImage};
use hoken_core::{Error, Msg, Result};

use crate::protocol::{self, Malformed, Op, Reader, Writer, REPLY_MAGIC, REQUEST_MAGIC};

/// Names the decoder program, overriding the search beside the executable (tests, packagers).
pub const DECODER_ENV: &str = "HOKEN_DECODER";
/// The decoder program's file name.
pub const PROGRAM: &str = if cfg!(windows) {
    "hoken-decoder.exe"
} else {
    "hoken-decoder"
};

/// How the child is limited.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address space (RLIMIT_AS): 512 MiB.
    pub memory_bytes: u64,
    /// CPU time (RLIMIT_CPU): 20 s (60 s in debug builds).
    pub cpu_seconds: u64,
    /// Wall clock, from the start to the last byte of the answer: 30 s (120 s in debug
    /// builds, whose PDF renderer is unoptimised and whose tests share a loaded machine).
    pub timeout: Duration,
    /// The program; `None`: [`find_program`].
    pub program: Option<PathBuf>,
    /// Extra environment for the child (the tests' hooks).
    pub env: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            memory_bytes: 512 * 1024 * 1024,
            cpu_seconds: if cfg!(debug_assertions) { 60 } else { 20 },
            timeout: Duration::from_secs(if cfg!(debug_assertions) { 120 } else { 30 }),
            program: None,
            env: Vec::new(),
        }
    }
}

/// How a run went (for tests and benchmarks).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The child's peak resident memory in KiB (Unix; 0 elsewhere).
    pub peak_rss_kb: u64,
    pub elapsed: Duration,
    /// Why the child did not answer, when it did not: "timeout", "signal 6", "exit 70", …
    pub failure: Option<String>,
    /// The child's standard error (first 4 KiB; for diagnostics only, never shown).
    pub stderr: String,
}

/// The decoder program: `$HOKEN_DECODER`, else `hoken-decoder` beside this executable, else
/// one folder up (a `cargo test` binary runs from `target/<profile>/deps`, the program is in
/// `target/<profile>`).
pub fn find_program() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DECODER_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| missing(&e.to_string()))?;
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    let candidates = [dir.join(PROGRAM), dir.join("..").join(PROGRAM)];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| missing(&format!("{} not found", dir.join(PROGRAM).display())))
}

fn missing(detail: &str) -> Error {
    Error::Io(Msg::new(
        format!("書類を読み込むための部品（{PROGRAM}）が見つかりません。アプリを入れ直してください（{detail}）"),
        format!("The part that reads documents ({PROGRAM}) is missing; reinstall the app ({detail})"),
    ))
}

/// The message for a child that ran out of memory or time, or crashed.
pub fn unreadable(name: &str) -> Error {
    Error::UnsupportedFile(Msg::new(
        format!("{name}: この書類は読み込めません（大きすぎるか、壊れています）"),
        format!("{name}: this document cannot be read (it is too large or damaged)"),
    ))
}

/// `hoken_core::import::inspect`, run in the decoder child.
pub fn inspect(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported> {
    inspect_with(name, bytes, limits, &Options::default()).0
}

/// [`inspect`] with explicit options; also says how the child ran.
pub fn inspect_with(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    opts: &Options,
) -> (Result<Imported>, Report) {
    let shown = display_name(name);
    // Cheap refusals need no child.
    if bytes.len() as u64 > limits.max_file_bytes {
        return (
            hoken_core::import::inspect(name, bytes, limits),
            Report::default(),
        );
    }
    let (reply, report) = match run(Op::Inspect, name, bytes, limits, opts) {
        Ok(r) => r,
        Err(e) => return (Err(e), Report::default()),
    };
    let Some(reply) = reply else {
        return (Err(unreadable(&shown)), report);
    };
    let result = parse_inspect(&reply, &shown, bytes, limits)
        .unwrap_or_else(|m| Err(damaged_reply(&shown, &m)));
    (result, report)
}

/// [`inspect`] of the file at `path` (read here, at most [`Limits::max_file_bytes`]).
pub fn inspect_path(path: &Path, limits: &Limits) -> Result<Imported> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = hoken_core::import::read_capped(path, limits.max_file_bytes)?;
    inspect(&name, &bytes, limits)
}

/// `hoken_core::qr::text_from_bytes`: a text file's text here, a picture's QR code in the
/// decoder child.
pub fn qr_text_from_bytes(bytes: &[u8]) -> Result<String> {
    qr_text_with(bytes, &Options::default()).0
}

pub fn qr_text_with(bytes: &[u8], opts: &Options) -> (Result<String>, Report) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Ok(s.trim().to_string()), Report::default());
    }
    let limits = Limits::default();
    let (reply, report) = match run(Op::QrText, "qr", bytes, &limits, opts) {
        Ok(r) => r,
        Err(e) => return (Err(e), Report::default()),
    };
    let result = match reply {
        None => Err(not_a_qr_picture()),
        Some(reply) => parse_text(&reply).unwrap_or_else(|_| Err(not_a_qr_picture())),
    };
    (result, report)
}

/// [`qr_text_from_bytes`] of the file at `path` (at most `hoken_core::qr::MAX_FILE`).
pub fn qr_text_from_file(path: &Path) -> Result<String> {
    qr_text_from_bytes(&hoken_core::import::read_capped(
        path,
        hoken_core::qr::MAX_FILE,
    )?)
}

fn not_a_qr_picture() -> Error {
    Error::InvalidInput(Msg::new(
        "この画像は読み込めません（大きすぎるか、壊れています）。QR コードのスクリーンショットか写真を選んでください",
        "This picture cannot be read (it is too large or damaged). Choose a screenshot or photo of the QR code",
    ))
}

/// A child that answers nonsense was subverted or broken: the same refusal as a crash.
fn damaged_reply(name: &str, _why: &Malformed) -> Error {
    unreadable(name)
}

/// The name as messages show it (as hoken-core shows it).
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(80).collect();
    if clean.trim().is_empty() {
        "(名前なし / unnamed)".to_string()
    } else {
        clean
    }
}

/// The most an answer may weigh: the original image re-encoded (at worst about 4 bytes a
/// pixel), the pages and the thumbnail.
fn reply_cap(limits: &Limits) -> u64 {
    limits
        .max_pixels
        .saturating_mul(5)
        .saturating_add(64 * 1024 * 1024)
}

/// Starts the child, sends the request, collects the reply. `Ok(None)`: the child failed
/// (killed by a limit, crashed, timed out, or said too much) — the report says how.
fn run(
    op: Op,
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    opts: &Options,
) -> Result<(Option<Vec<u8>>, Report)> {
    let started = Instant::now();
    let program = match &opts.program {
        Some(p) => p.clone(),
        None => find_program()?,
    };
    let mut request = Writer::new(REQUEST_MAGIC);
    request.u8(op as u8).str(name);
    protocol::write_limits(&mut request, limits);
    request.u64(bytes.len() as u64);

    let mut cmd = Command::new(&program);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // glibc reserves 64 MiB of address space per malloc arena: two are plenty.
        .env("MALLOC_ARENA_MAX", "2");
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    limit(&mut cmd, opts);
    let mut child = cmd
        .spawn()
        .map_err(|e| missing(&format!("{}: {e}", program.display())))?;
    let (mut stdin, mut stdout, mut stderr) =
        match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
            (Some(i), Some(o), Some(e)) => (i, o, e),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(missing("no pipes"));
            }
        };
    let cap = reply_cap(limits);
    let (tx, rx) = mpsc::channel::<std::io::Result<Vec<u8>>>();
    let header = request.buf;
    let report = std::thread::scope(|s| {
        // The request is written while the reply is read: neither side can block the other.
        s.spawn(move || {
            // A child that exits early closes the pipe: that is its answer, not an error here.
            let _ = stdin
                .write_all(&header)
                .and_then(|()| stdin.write_all(bytes));
        });
        s.spawn(move || {
            let mut out = Vec::new();
            let r = (&mut stdout)
                .take(cap.saturating_add(1))
                .read_to_end(&mut out)
                .map(|_| out);
            let _ = tx.send(r);
        });
        let err = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(4096).read_to_end(&mut buf);
            // Drain the rest so a chatty child never blocks on a full pipe.
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            String::from_utf8_lossy(&buf).into_owned()
        });
        let reply = match rx.recv_timeout(opts.timeout.saturating_sub(started.elapsed())) {
            Ok(Ok(out)) if out.len() as u64 <= cap => Ok(out),
            Ok(Ok(_)) => Err("answer too long".to_string()),
            Ok(Err(e)) => Err(format!("read: {e}")),
            Err(_) => Err("timeout".to_string()),
        };
        if reply.is_err() {
            // Killed before it is reaped: the pid is still ours.
            let _ = child.kill();
        }
        let (status, peak_rss_kb) = reap(&mut child);
        let stderr = err.join().unwrap_or_default();
        let failure = match (&reply, status) {
            (Err(why), _) => Some(why.clone()),
            (Ok(_), Some(0)) => None,
            (Ok(_), Some(code)) if code >= 0 => Some(format!("exit {code}")),
            (Ok(_), Some(code)) => Some(format!("signal {}", -code)),
            (Ok(_), None) => Some("lost".to_string()),
        };
        Report {
            peak_rss_kb,
            elapsed: started.elapsed(),
            failure,
            stderr,
        }
        .with_reply(reply.ok())
    });
    Ok(report)
}

impl Report {
    fn with_reply(self, reply: Option<Vec<u8>>) -> (Option<Vec<u8>>, Report) {
        let reply = if self.failure.is_none() { reply } else { None };
        (reply, self)
    }
}

/// Waits for the child; its exit code (negative: the signal that ended it) and peak RSS.
#[cfg(unix)]
fn reap(child: &mut std::process::Child) -> (Option<i32>, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is valid; wait4 writes into both out-parameters.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child, which nothing else reaps.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        return (None, 0);
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        -libc::WTERMSIG(status)
    } else {
        -1
    };
    // ru_maxrss is in KiB on Linux, in bytes on macOS.
    let rss = usage.ru_maxrss.max(0) as u64;
    let rss_kb = if cfg!(target_os = "macos") {
        rss / 1024
    } else {
        rss
    };
    (Some(code), rss_kb)
}

#[cfg(not(unix))]
fn reap(child: &mut std::process::Child) -> (Option<i32>, u64) {
    match child.wait() {
        Ok(s) => (Some(s.code().unwrap_or(-1)), 0),
        Err(_) => (None, 0),
    }
}

/// The child's limits, set between fork and exec (async-signal-safe calls only).
#[cfg(unix)]
fn limit(cmd: &mut Command, opts: &Options) {
    use std::os::unix::process::CommandExt;
    let mem = opts.memory_bytes as libc::rlim_t;
    let cpu = opts.cpu_seconds as libc::rlim_t;
    // SAFETY: the closure only calls setrlimit and prctl, both async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            let set = |res, soft: libc::rlim_t, hard: libc::rlim_t| {
                let l = libc::rlimit {
                    rlim_cur: soft,
                    rlim_max: hard,
                };
                if libc::setrlimit(res, &l) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            };
            set(libc::RLIMIT_AS, mem, mem)?;
            // SIGXCPU at the soft limit, SIGKILL a second later.
            set(libc::RLIMIT_CPU, cpu, cpu + 1)?;
            // No core file (it would hold the document) and no file written at all.
            set(libc::RLIMIT_CORE, 0, 0)?;
            set(libc::RLIMIT_FSIZE, 0, 0)?;
            #[cfg(target_os = "linux")]
            {
                // The child dies with the app.
                let sig = libc::SIGKILL as libc::c_ulong;
                let zero: libc::c_ulong = 0;
                if libc::prctl(libc::PR_SET_PDEATHSIG, sig, zero, zero, zero) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit(_cmd: &mut Command, _opts: &Options) {}

fn parse_text(reply: &[u8]) -> std::result::Result<Result<String>, Malformed> {
    let mut r = Reader::new(reply, REPLY_MAGIC)?;
    match r.u8("status")? {
        protocol::REPLY_TEXT => {
            // A QR code holds at most 7089 characters.
            let text = r.str(32 * 1024, "text")?.to_string();
            r.end()?;
            Ok(Ok(text))
        }
        protocol::REPLY_ERROR => parse_error(&mut r, "qr"),
        _ => Err(Malformed("status")),
    }
}

/// A refusal as hoken-core worded it; only the kinds a decoder can give are believed.
fn parse_error<T>(r: &mut Reader<'_>, name: &str) -> std::result::Result<Result<T>, Malformed> {
    let kind = r.str(64, "kind")?;
    let ja = r.str(4096, "ja")?.to_string();
    let en = r.str(4096, "en")?.to_string();
    r.end()?;
    let msg = Msg::new(ja, en);
    Ok(Err(match kind {
        "unsupported_file" => Error::UnsupportedFile(msg),
        "invalid_input" => Error::InvalidInput(msg),
        _ => unreadable(name),
    }))
}

/// Width and height from an encoded image's header, when it is the format claimed.
fn image_size(bytes: &[u8], mime: Mime) -> Option<(u32, u32)> {
    match mime {
        Mime::Png => {
            if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
                return None;
            }
            let be = |at: usize| -> Option<u32> {
                let s = bytes.get(at..at + 4)?;
                Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            };
            Some((be(16)?, be(20)?))
        }
        Mime::Jpeg => {
            if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
                return None;
            }
            // Walk the marker segments to the frame header.
            let mut at = 2usize;
            while at + 4 <= bytes.len() {
                if bytes[at] != 0xFF {
                    return None;
                }
                let marker = bytes[at + 1];
                let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    let s = bytes.get(at + 5..at + 9)?;
                    let h = u32::from(u16::from_be_bytes([s[0], s[1]]));
                    let w = u32::from(u16::from_be_bytes([s[2], s[3]]));
                    return Some((w, h));
                }
                if len < 2 {
                    return None;
                }
                at += 2 + len;
            }
            None
        }
        Mime::Pdf => None,
    }
}

fn check(ok: bool, what: &'static str) -> std::result::Result<(), Malformed> {
    if ok {
        Ok(())
    } else {
        Err(Malformed(what))
    }
}

fn long_side(w: u32, h: u32) -> u32 {
    w.max(h)
}

/// Reads and checks an `Imported` reply: every count, size and format against the limits
/// and against the images' own headers.
fn parse_inspect(
    reply: &[u8],
    name: &str,
    input: &[u8],
    limits: &Limits,
) -> std::result::Result<Result<Imported>, Malformed> {
    let mut r = Reader::new(reply, REPLY_MAGIC)?;
    match r.u8("status")? {
        protocol::REPLY_IMPORTED => {}
        protocol::REPLY_ERROR => return parse_error(&mut r, name),
        _ => return Err(Malformed("status")),
    }
    let kind = protocol::kind_from_u8(r.u8("kind")?).ok_or(Malformed("kind"))?;
    let pages = r.u32("pages")?;
    let width = r.u32("width")?;
    let height = r.u32("height")?;
    let original_mime = protocol::mime_from_u8(r.u8("mime")?).ok_or(Malformed("mime"))?;
    let display_mime = protocol::mime_from_u8(r.u8("mime")?).ok_or(Malformed("mime"))?;
    let fields_json = r.str(256 * 1024, "fields")?;
    let cap = reply_cap(limits);
    let original = r.blob(cap, "original")?;
    let display = r.blob(cap, "display")?;
    let thumbnail = r.blob(cap, "thumbnail")?;
    let n = r.u32("pages_display")?;
    check(n <= limits.extra_pdf_pages, "too many pages")?;
    let mut pages_display = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let page = r.u32("page")?;
        let w = r.u32("page width")?;
        let h = r.u32("page height")?;
        let mime = protocol::mime_from_u8(r.u8("page mime")?).ok_or(Malformed("page mime"))?;
        let bytes = r.blob(cap, "page bytes")?;
        check((2..=pages).contains(&page), "page number")?;
        check(
            w >= 1 && h >= 1 && long_side(w, h) <= limits.extra_page_long_side,
            "page size",
        )?;
        check(mime != Mime::Pdf, "page mime")?;
        check(image_size(bytes, mime) == Some((w, h)), "page image")?;
        pages_display.push(PageImage {
            page,
            width: w,
            height: h,
            mime,
            bytes: bytes.to_vec(),
        });
    }
    r.end()?;

    // The display image: the size announced, within the limits, in the format announced.
    check(width >= 1 && height >= 1, "size")?;
    check(
        long_side(width, height) <= limits.display_long_side,
        "display size",
    )?;
    check(display_mime != Mime::Pdf, "display mime")?;
    check(
        image_size(display, display_mime) == Some((width, height)),
        "display image",
    )?;
    let (tw, th) = image_size(thumbnail, Mime::Jpeg).ok_or(Malformed("thumbnail"))?;
    check(
        long_side(tw, th) <= limits.thumb_long_side.max(1),
        "thumbnail size",
    )?;
    let original = match kind {
        DocKind::Pdf => {
            check(
                original_mime == Mime::Pdf && original.is_empty(),
                "pdf original",
            )?;
            check(pages >= 1, "pages")?;
            check(display_mime == Mime::Png, "pdf display")?;
            input.to_vec()
        }
        DocKind::Image => {
            check(original_mime != Mime::Pdf && pages == 1, "image original")?;
            check(pages_display.is_empty(), "image pages")?;
            let (ow, oh) = image_size(original, original_mime).ok_or(Malformed("original"))?;
            check(
                ow <= limits.max_side
                    && oh <= limits.max_side
                    && u64::from(ow) * u64::from(oh) <= limits.max_pixels
                    && ow >= width
                    && oh >= height,
                "original size",
            )?;
            original.to_vec()
        }
    };
    let mut read: serde_json::Value =
        serde_json::from_str(fields_json).map_err(|_| Malformed("fields"))?;
    let fields: Fields =
        serde_json::from_value(read["fields"].take()).map_err(|_| Malformed("fields"))?;
    let field_status: FieldReport =
        serde_json::from_value(read["field_status"].take()).map_err(|_| Malformed("fields"))?;
    if field_status
        .iter()
        .any(|(_, s)| s.place.is_some_and(|p| !p.is_valid()))
    {
        return Err(Malformed("fields"));
    }
    Ok(Ok(Imported {
        kind,
        pages,
        width,
        height,
        original,
        original_mime,
        display: display.to_vec(),
        display_mime,
        pages_display,
        thumbnail: thumbnail.to_vec(),
        fields,
        field_status,
    }))
}

/// The reply parsers on arbitrary bytes (the fuzz target `decoder_reply`): they must return,
/// never panic or allocate beyond the reply's size.
#[doc(hidden)]
pub fn fuzz_reply(reply: &[u8]) {
    let limits = Limits {
        max_pixels: 4_000_000,
        ..Limits::default()
    };
    let _ = parse_inspect(reply, "fuzz.bin", b"%PDF-", &limits);
    let _ = parse_text(reply);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_checked_before_it_is_believed() {
        let limits = Limits::default();
        let bad: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"HKDR".to_vec(),
            b"XXXX\0".to_vec(),
            {
                let mut w = Writer::new(REPLY_MAGIC);
                w.u8(9);
                w.buf
            },
            {
                // An error whose message claims 4 GiB.
                let mut w = Writer::new(REPLY_MAGIC);
                w.u8(protocol::REPLY_ERROR)
                    .str("unsupported_file")
                    .u32(u32::MAX);
                w.buf
            },
            {
                // A display image bigger than announced.
                let mut w = Writer::new(REPLY_MAGIC);
                w.u8(protocol::REPLY_IMPORTED)
                    .u8(2)
                    .u32(1)
                    .u32(10)
                    .u32(10)
                    .u8(2)
                    .u8(2)
                    .str("{}")
                    .blob(b"")
                    .blob(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x27\x10\0\0\x27\x10")
                    .blob(b"")
                    .u32(0);
                w.buf
            },
        ];
        for reply in bad {
            assert!(
                parse_inspect(&reply, "a.pdf", b"", &limits).is_err(),
                "{reply:?}"
            );
        }
        // A refusal keeps hoken-core's words; an unknown kind does not pass through.
        let mut w = Writer::new(REPLY_MAGIC);
        w.u8(protocol::REPLY_ERROR)
            .str("unsupported_file")
            .str("a.pdf: 壊れています")
            .str("a.pdf: damaged");
        let e = parse_inspect(&w.buf, "a.pdf", b"", &limits)
            .expect("well formed")
            .unwrap_err();
        assert_eq!(e.kind(), "unsupported_file");
        assert_eq!(e.to_string(), "a.pdf: damaged");
        let mut w = Writer::new(REPLY_MAGIC);
        w.u8(protocol::REPLY_ERROR).str("damaged").str("x").str("x");
        let e = parse_inspect(&w.buf, "a.pdf", b"", &limits)
            .expect("well formed")
            .unwrap_err();
        assert_eq!(e.kind(), "unsupported_file");
    }
}
