//! The frames between the app and its decoder child: a request on the child's stdin, a reply
//! on its stdout. Little-endian lengths before every variable part; nothing else.
//!
//! ```text
//! request: "HKDQ" op:u8 name:str limits:10×u64 bytes:blob
//! reply:   "HKDR" 0 kind:u8 pages:u32 width:u32 height:u32 original_mime:u8 display_mime:u8
//!                   fields:str(JSON) original:blob display:blob thumbnail:blob
//!                   n:u32 n×(page:u32 width:u32 height:u32 mime:u8 bytes:blob)
//!          "HKDR" 1 text:str                        (a QR code's text)
//!          "HKDR" 2 kind:str ja:str en:str          (a refusal, as hoken-core words it)
//! str: len:u32 UTF-8    blob: len:u64 bytes
//! ```
//!
//! The child is untrusted: [`Reader`] never reads past the end, never allocates more than the
//! frame holds, and refuses bad UTF-8; the parent checks every value it gets (see
//! `parent::validate`).

use hoken_core::import::{DocKind, Limits, Mime};

pub const REQUEST_MAGIC: &[u8; 4] = b"HKDQ";
pub const REPLY_MAGIC: &[u8; 4] = b"HKDR";

/// What the child is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `hoken_core::import::inspect`: sniff → decode → fields.
    Inspect = 1,
    /// `hoken_core::qr::read_image`: the text of the QR code in a picture.
    QrText = 2,
}

impl Op {
    pub fn from_u8(b: u8) -> Option<Op> {
        match b {
            1 => Some(Op::Inspect),
            2 => Some(Op::QrText),
            _ => None,
        }
    }
}

pub const REPLY_IMPORTED: u8 = 0;
pub const REPLY_TEXT: u8 = 1;
pub const REPLY_ERROR: u8 = 2;

pub fn mime_to_u8(m: Mime) -> u8 {
    match m {
        Mime::Pdf => 1,
        Mime::Png => 2,
        Mime::Jpeg => 3,
    }
}

pub fn mime_from_u8(b: u8) -> Option<Mime> {
    match b {
        1 => Some(Mime::Pdf),
        2 => Some(Mime::Png),
        3 => Some(Mime::Jpeg),
        _ => None,
    }
}

pub fn kind_to_u8(k: DocKind) -> u8 {
    match k {
        DocKind::Pdf => 1,
        DocKind::Image => 2,
    }
}

pub fn kind_from_u8(b: u8) -> Option<DocKind> {
    match b {
        1 => Some(DocKind::Pdf),
        2 => Some(DocKind::Image),
        _ => None,
    }
}

/// Builds a frame.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn new(magic: &[u8; 4]) -> Writer {
        Writer {
            buf: magic.to_vec(),
        }
    }
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.buf.extend_from_slice(s.as_bytes());
        self
    }
    pub fn blob(&mut self, b: &[u8]) -> &mut Self {
        self.u64(b.len() as u64);
        self.buf.extend_from_slice(b);
        self
    }
}

/// The frame was cut off, too long or not what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

/// Reads a frame without trusting it.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(frame: &'a [u8], magic: &[u8; 4]) -> Result<Reader<'a>, Malformed> {
        let rest = frame.strip_prefix(&magic[..]).ok_or(Malformed("magic"))?;
        Ok(Reader { rest })
    }
    fn take(&mut self, n: u64, what: &'static str) -> Result<&'a [u8], Malformed> {
        let n = usize::try_from(n).map_err(|_| Malformed(what))?;
        if n > self.rest.len() {
            return Err(Malformed(what));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }
    pub fn u8(&mut self, what: &'static str) -> Result<u8, Malformed> {
        Ok(self.take(1, what)?[0])
    }
    pub fn u32(&mut self, what: &'static str) -> Result<u32, Malformed> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self, what: &'static str) -> Result<u64, Malformed> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// A string of at most `max` bytes.
    pub fn str(&mut self, max: usize, what: &'static str) -> Result<&'a str, Malformed> {
        let n = self.u32(what)?;
        if n as usize > max {
            return Err(Malformed(what));
        }
        std::str::from_utf8(self.take(u64::from(n), what)?).map_err(|_| Malformed(what))
    }
    /// A byte string of at most `max` bytes.
    pub fn blob(&mut self, max: u64, what: &'static str) -> Result<&'a [u8], Malformed> {
        let n = self.u64(what)?;
        if n > max {
            return Err(Malformed(what));
        }
        self.take(n, what)
    }
    pub fn end(&self) -> Result<(), Malformed> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Malformed("trailing bytes"))
        }
    }
}

/// The limits as 10 numbers, in [`Limits`]' field order.
pub fn write_limits(w: &mut Writer, l: &Limits) {
    w.u64(l.max_file_bytes)
        .u64(u64::from(l.max_side))
        .u64(l.max_pixels)
        .u64(l.max_alloc)
        .u64(u64::from(l.display_long_side))
        .u64(u64::from(l.thumb_long_side))
        .u64(u64::from(l.extra_pdf_pages))
        .u64(u64::from(l.extra_page_long_side))
        .u64(u64::from(l.ocr_millis))
        .u64(l.ocr_max_pixels);
}

pub fn read_limits(r: &mut Reader<'_>) -> Result<Limits, Malformed> {
    let mut n = [0u64; 10];
    for v in &mut n {
        *v = r.u64("limits")?;
    }
    let small = |v: u64| u32::try_from(v).map_err(|_| Malformed("limits"));
    Ok(Limits {
        max_file_bytes: n[0],
        max_side: small(n[1])?,
        max_pixels: n[2],
        max_alloc: n[3],
        display_long_side: small(n[4])?,
        thumb_long_side: small(n[5])?,
        extra_pdf_pages: small(n[6])?,
        extra_page_long_side: small(n[7])?,
        ocr_millis: small(n[8])?,
        ocr_max_pixels: n[9],
    })
}
