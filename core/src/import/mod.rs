//! Document import (issue #4): a saved Mynaportal screen (PDF), a screenshot (PNG/WebP) or a
//! photo of the paper notice (JPEG) in; a display image, a thumbnail, a metadata-free original
//! and the qualification record's fields (docs/rules.md §2) out. Pure: no vault, no Tauri, no
//! network, no file written.
//!
//! Pipeline ([`inspect`]):
//! 1. sniff the format from the bytes (never the name): PDF, PNG, JPEG, WebP; everything else
//!    (HEIC, GIF, ZIP, random bytes, …) is refused with [`Error::UnsupportedFile`] naming the
//!    file and what to do instead;
//! 2. images: read the width and height from the header and refuse anything over the
//!    [`Limits`] before a decoder allocates; decode with `image::Limits` set; apply the EXIF
//!    orientation; keep the pixels only (EXIF, GPS, camera model, ICC, text chunks are gone);
//! 3. PDFs: refuse truncated or password-protected files; render page 1 with hayro on white
//!    (long side ≤ [`Limits::display_long_side`]); read the text layer with hayro's glyph
//!    Unicode mapping; find the fields by their labels ([`fields`]);
//! 4. every field found goes through the validators (insurer check digit, era dates, …); one
//!    that fails is reported as [`FieldState::Invalid`] with the reason, never dropped.
//!
//! Every call into a decoder runs under `catch_unwind`: a panic in a third-party parser comes
//! back as a clear [`Error::UnsupportedFile`].

mod fields;
pub mod ocr;
mod pdf;
mod raster;
mod sniff;

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Msg, Result};

pub use fields::{FieldMessage, FieldReport, FieldState, FieldStatus, Fields, Place};
pub(crate) use pdf::system_japanese_font;
pub use pdf::NO_SYSTEM_FONTS_ENV;

/// What a file may cost. [`Limits::default`] is what the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file [`inspect_path`] reads (64 MiB).
    pub max_file_bytes: u64,
    /// Largest image width or height in pixels, from the header (20 000).
    pub max_side: u32,
    /// Largest image in pixels, width × height (50 megapixels).
    pub max_pixels: u64,
    /// The decoder's allocation cap (`image::Limits::max_alloc`, 256 MiB).
    pub max_alloc: u64,
    /// The display image's long side (2400 px).
    pub display_long_side: u32,
    /// The thumbnail's long side (320 px).
    pub thumb_long_side: u32,
    /// PDF pages after the first rendered into [`Imported::pages_display`] (4).
    pub extra_pdf_pages: u32,
    /// Longest side of a PDF page rendered for [`Imported::pages_display`] (1600 px).
    pub extra_page_long_side: u32,
    /// Time the text recognition of an image may take (20 s; the engine's own deadline).
    pub ocr_millis: u32,
    /// Pixels of the image the text recognition reads (8 megapixels; a bigger photo is shrunk).
    pub ocr_max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_side: 20_000,
            max_pixels: 50_000_000,
            max_alloc: 256 * 1024 * 1024,
            display_long_side: 2400,
            thumb_long_side: 320,
            extra_pdf_pages: 4,
            extra_page_long_side: 1600,
            ocr_millis: 20_000,
            ocr_max_pixels: 8_000_000,
        }
    }
}

/// The kind of document imported: the vault's [`DocumentKind`](crate::vault::DocumentKind)
/// (one type, under the name the importer's callers know).
pub type DocKind = crate::vault::DocumentKind;

/// The media type of a stored byte buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Mime {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
}

impl Mime {
    pub fn as_str(self) -> &'static str {
        match self {
            Mime::Pdf => "application/pdf",
            Mime::Png => "image/png",
            Mime::Jpeg => "image/jpeg",
        }
    }
}

/// One rendered page beyond the first (PDFs only).
#[derive(Clone, PartialEq, Eq)]
pub struct PageImage {
    /// 1-based page number.
    pub page: u32,
    pub width: u32,
    pub height: u32,
    pub mime: Mime,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for PageImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageImage")
            .field("page", &self.page)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("mime", &self.mime)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

/// An imported document. Everything in it is personal: `Debug` shows sizes and which fields
/// were found, never a value or a byte.
#[derive(Clone, PartialEq, Eq)]
pub struct Imported {
    pub kind: DocKind,
    /// Pages in the PDF (1 for an image).
    pub pages: u32,
    /// Width of [`Imported::display`] in pixels (after the EXIF orientation).
    pub width: u32,
    /// Height of [`Imported::display`] in pixels (after the EXIF orientation).
    pub height: u32,
    /// The PDF's bytes as they were, or the image upright and re-encoded without any
    /// metadata (PNG for PNG/lossless WebP screenshots, JPEG quality 90 for photos).
    pub original: Vec<u8>,
    pub original_mime: Mime,
    /// Page 1 (or the image), long side ≤ [`Limits::display_long_side`].
    pub display: Vec<u8>,
    pub display_mime: Mime,
    /// Pages 2 … (PDFs only, at most [`Limits::extra_pdf_pages`]; empty for images).
    pub pages_display: Vec<PageImage>,
    /// Long side ≤ [`Limits::thumb_long_side`], always JPEG.
    pub thumbnail: Vec<u8>,
    /// The qualification record read from the PDF's text layer, or from an image by text
    /// recognition ([`ocr`]; where a build has none, every field of an image is not found).
    pub fields: Fields,
    pub field_status: FieldReport,
}

impl std::fmt::Debug for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imported")
            .field("kind", &self.kind)
            .field("pages", &self.pages)
            .field("width", &self.width)
            .field("height", &self.height)
            .field(
                "original",
                &format_args!(
                    "<{} bytes {}>",
                    self.original.len(),
                    self.original_mime.as_str()
                ),
            )
            .field(
                "display",
                &format_args!(
                    "<{} bytes {}>",
                    self.display.len(),
                    self.display_mime.as_str()
                ),
            )
            .field("pages_display", &self.pages_display)
            .field(
                "thumbnail",
                &format_args!("<{} bytes>", self.thumbnail.len()),
            )
            .field("fields", &self.fields)
            .field("field_status", &self.field_status)
            .finish()
    }
}

/// A read document without its bytes (what `examples/import_file.rs` prints).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub kind: DocKind,
    pub pages: u32,
    pub width: u32,
    pub height: u32,
    pub original_mime: Mime,
    pub display_mime: Mime,
    pub fields: Fields,
    pub field_status: FieldReport,
}

impl std::fmt::Debug for DocumentSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentSummary")
            .field("kind", &self.kind)
            .field("pages", &self.pages)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("fields", &self.fields)
            .field("field_status", &self.field_status)
            .finish()
    }
}

impl Imported {
    pub fn summary(&self) -> DocumentSummary {
        DocumentSummary {
            kind: self.kind,
            pages: self.pages,
            width: self.width,
            height: self.height,
            original_mime: self.original_mime,
            display_mime: self.display_mime,
            fields: self.fields.clone(),
            field_status: self.field_status.clone(),
        }
    }
}

/// Reads a document from memory. `name` is only used in messages (the file's name as the user
/// knows it). Images are read by text recognition where the build has it ([`ocr`]); a field it
/// is not sure of is [`FieldState::Unsure`], for the user to confirm.
pub fn inspect(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported> {
    let name = display_name(name);
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_big(&name, bytes.len() as u64, limits.max_file_bytes));
    }
    match sniff::sniff(&name, bytes)? {
        sniff::Format::Pdf => pdf::import(&name, bytes, limits),
        sniff::Format::Image(format) => raster::import(&name, bytes, format, limits),
    }
}

/// The text layer of a PDF's first page as lines, cells joined by ` | ` — a diagnostic for
/// "why was this field not found" (the fields are read from exactly this text).
pub fn pdf_text_lines(name: &str, bytes: &[u8]) -> Result<Vec<String>> {
    pdf::text_lines(&display_name(name), bytes)
}

/// Reads the file at `path` (at most [`Limits::max_file_bytes`]; a bigger file is refused
/// before it is read) and [`inspect`]s it.
pub fn inspect_path(path: &Path, limits: &Limits) -> Result<Imported> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = read_capped(path, limits.max_file_bytes)?;
    inspect(&name, &bytes, limits)
}

/// Reads at most `cap` bytes; a file that is (or grows) bigger is refused without reading on.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let io_err = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            return Error::NotFound(Msg::new(
                format!("{}: ファイルがありません", path.display()),
                format!("{}: the file does not exist", path.display()),
            ));
        }
        Error::Io(Msg::new(
            format!("{}: ファイルを読めません（{e}）", path.display()),
            format!("{}: cannot read the file ({e})", path.display()),
        ))
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(Error::UnsupportedFile(Msg::new(
            format!("{name}: ファイルではありません。PDF か画像ファイルを選んでください"),
            format!("{name}: not a file. Please choose a PDF or an image file"),
        )));
    }
    if meta.len() > cap {
        return Err(too_big(&name, meta.len(), cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > cap {
        return Err(too_big(&name, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

fn mib(n: u64) -> String {
    let tenths = n.saturating_mul(10) / (1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn too_big(name: &str, len: u64, cap: u64) -> Error {
    Error::UnsupportedFile(Msg::new(
        format!(
            "{name}: ファイルが大きすぎます（{} MB、上限 {} MB）。画面を PDF で保存し直すか、スクリーンショットを撮ってください",
            mib(len),
            cap / (1024 * 1024)
        ),
        format!(
            "{name}: the file is too large ({} MB, at most {} MB). Save the screen as PDF again or take a screenshot",
            mib(len),
            cap / (1024 * 1024)
        ),
    ))
}

/// The name as shown in messages: no directories, no control characters, at most 80 chars.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(80).collect();
    if clean.trim().is_empty() {
        "(名前なし / unnamed)".to_string()
    } else {
        clean
    }
}

/// Runs a third-party decoder; a panic becomes `Err(())` for the caller to turn into a
/// message that names the file.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| ())
}
