//! PDFs: kept as they are; page 1 rendered with hayro on white; the text layer read from the
//! same parse (each glyph's Unicode value and position, grouped into lines).

use std::sync::Arc;

use hayro::hayro_interpret::font::GlyphRun;
use hayro::hayro_interpret::hayro_syntax::object::{Name, Object};
use hayro::hayro_interpret::hayro_syntax::page::Page;
use hayro::hayro_interpret::hayro_syntax::{Filter, LoadPdfError, Pdf};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, SoftMask,
};
use hayro::kurbo::{Affine, BezPath, Point, Rect};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};
use image::DynamicImage;

use super::fields::{self, Cell, TextLine};
use super::raster::{self, fit};
use super::sniff::{self, unsupported};
use super::{guarded, DocKind, Imported, Limits, Mime, PageImage};
use crate::{Error, Result};

fn broken(name: &str) -> Error {
    unsupported(
        name,
        "PDF が壊れているか、途中で切れています。マイナポータルからもう一度保存してください",
        "the PDF is damaged or cut off. Save it from Mynaportal once more",
    )
}

fn crashed(name: &str) -> Error {
    unsupported(
        name,
        "この PDF は読み込めませんでした（解析中に異常が起きました）。マイナポータルからもう一度保存するか、スクリーンショットを撮ってください",
        "this PDF could not be read (its parser failed). Save it from Mynaportal once more or take a screenshot",
    )
}

fn encrypted(name: &str) -> Error {
    unsupported(
        name,
        "パスワード付き（暗号化された）PDF は読み込めません。パスワードなしで保存し直してください",
        "password-protected (encrypted) PDFs cannot be read. Save it again without a password",
    )
}

/// A complete PDF ends with `%%EOF` (within its last kilobyte); a download cut off does not.
fn looks_complete(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    sniff::rfind(tail, b"%%EOF").is_some()
}

pub(crate) fn import(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported> {
    if !looks_complete(bytes) {
        return Err(broken(name));
    }
    guarded(|| import_inner(name, bytes, limits)).map_err(|()| crashed(name))?
}

fn settings() -> InterpreterSettings {
    InterpreterSettings {
        // Japanese text in a PDF that does not embed its font: use an installed Japanese
        // font when there is one (rendering only; the text layer does not need it).
        font_resolver: Arc::new(|query| {
            use hayro::hayro_interpret::font::FontQuery;
            match query {
                FontQuery::Standard(s) => Some(s.get_font_data()),
                FontQuery::Fallback(f) => {
                    let japanese = f.character_collection.as_ref().is_some_and(|cc| {
                        matches!(
                            cc.family,
                            hayro::hayro_interpret::hayro_cmap::CidFamily::AdobeJapan1
                        )
                    });
                    if japanese {
                        if let Some(font) = system_japanese_font() {
                            return Some((font, 0));
                        }
                    }
                    Some(f.pick_standard_font().get_font_data())
                }
            }
        }),
        ..Default::default()
    }
}

/// Set (to anything) to render as on a machine without Japanese fonts (tests do).
pub const NO_SYSTEM_FONTS_ENV: &str = "HOKEN_IMPORT_NO_SYSTEM_FONTS";

/// An installed Japanese font (IPA or Noto CJK), read once.
pub(crate) fn system_japanese_font() -> Option<Arc<dyn AsRef<[u8]> + Send + Sync>> {
    use std::sync::OnceLock;
    static FONT: OnceLock<Option<Arc<Vec<u8>>>> = OnceLock::new();
    let font = FONT.get_or_init(|| {
        if std::env::var_os(NO_SYSTEM_FONTS_ENV).is_some() {
            return None;
        }
        const CANDIDATES: [&str; 6] = [
            "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
            "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
            "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
            "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
            "C:\\Windows\\Fonts\\YuGothM.ttc",
            "C:\\Windows\\Fonts\\msgothic.ttc",
        ];
        CANDIDATES
            .iter()
            .find_map(|p| std::fs::read(p).ok())
            .map(Arc::new)
    });
    font.clone()
        .map(|f| f as Arc<dyn AsRef<[u8]> + Send + Sync>)
}

fn import_inner(name: &str, bytes: &[u8], limits: &Limits) -> Result<Imported> {
    let pdf = match Pdf::new(bytes.to_vec()) {
        Ok(pdf) => pdf,
        Err(LoadPdfError::Decryption(_)) => return Err(encrypted(name)),
        Err(_) => return Err(broken(name)),
    };
    check_images(name, &pdf, limits)?;
    check_expansion(name, &pdf, limits)?;
    let pages = pdf.pages();
    let first = pages.first().ok_or_else(|| broken(name))?;
    let page_count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let settings = settings();
    let cache = RenderCache::new();

    let (text, images_fit) = page_text(first, &settings, limits);
    if !images_fit {
        return Err(image_too_large(name));
    }
    let (w, h) = first.render_dimensions();
    let (fields, field_status) = fields::extract(&text, Some((f64::from(w), f64::from(h))));

    let page1 = render_page(name, first, &cache, &settings, limits.display_long_side)?;
    let display = raster::encode_png(&page1).map_err(|_| broken(name))?;
    let thumb = raster::shrink(&page1, limits.thumb_long_side);
    let thumbnail =
        raster::encode_jpeg(thumb.as_ref().unwrap_or(&page1), 80).map_err(|_| broken(name))?;

    let mut pages_display = Vec::new();
    for (i, page) in pages
        .iter()
        .enumerate()
        .skip(1)
        .take(limits.extra_pdf_pages as usize)
    {
        if !page_text(page, &settings, limits).1 {
            return Err(image_too_large(name));
        }
        let img = render_page(name, page, &cache, &settings, limits.extra_page_long_side)?;
        pages_display.push(PageImage {
            page: u32::try_from(i + 1).unwrap_or(u32::MAX),
            width: img.width(),
            height: img.height(),
            mime: Mime::Png,
            bytes: raster::encode_png(&img).map_err(|_| broken(name))?,
        });
    }

    Ok(Imported {
        kind: DocKind::Pdf,
        pages: page_count,
        width: page1.width(),
        height: page1.height(),
        original: bytes.to_vec(),
        original_mime: Mime::Pdf,
        display,
        display_mime: Mime::Png,
        pages_display,
        thumbnail,
        fields,
        field_status,
    })
}

/// hayro decodes an embedded image whole: refuse one that declares more pixels than an image
/// file may have, before anything is decoded.
fn check_images(name: &str, pdf: &Pdf, limits: &Limits) -> Result<()> {
    for obj in pdf.objects() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        let dict = stream.dict();
        let is_image = dict
            .get::<Name<'_>>(b"Subtype")
            .is_some_and(|n| &*n == b"Image");
        if !is_image {
            continue;
        }
        let w = dict.get::<f64>(b"Width").unwrap_or(0.0);
        let h = dict.get::<f64>(b"Height").unwrap_or(0.0);
        let side = limits.max_side as f64;
        if !(w.is_finite() && h.is_finite())
            || w > side
            || h > side
            || w * h > limits.max_pixels as f64
        {
            return Err(image_too_large(name));
        }
    }
    Ok(())
}

fn image_too_large(name: &str) -> Error {
    unsupported(
        name,
        "PDF の中の画像が大きすぎて読み込めません。スクリーンショットを撮ってください",
        "an image inside the PDF is too large to read. Take a screenshot instead",
    )
}

fn image_fits(w: u32, h: u32, limits: &Limits) -> bool {
    w <= limits.max_side && h <= limits.max_side && u64::from(w) * u64::from(h) <= limits.max_pixels
}

/// hayro inflates a Flate stream whole into memory: every Flate stream is inflated here
/// first, counting and keeping nothing, and a PDF whose streams would expand past the
/// allocation cap ([`Limits::max_alloc`], all streams together) is refused before any of them
/// is decoded. (A 3 MB content stream can hold 3 GiB of spaces.)
fn check_expansion(name: &str, pdf: &Pdf, limits: &Limits) -> Result<()> {
    use std::io::Read;
    let cap = limits.max_alloc;
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    let mut count = |r: &mut dyn Read, total: &mut u64| -> u64 {
        let mut n = 0u64;
        while *total <= cap {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => {
                    n += k as u64;
                    *total += k as u64;
                }
            }
        }
        n
    };
    for obj in pdf.objects() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.filters().first() != Some(&Filter::FlateDecode) {
            continue;
        }
        let raw = stream.raw_data();
        // hayro reads a zlib stream, or a raw deflate one when that fails.
        if count(&mut flate2::read::ZlibDecoder::new(&raw[..]), &mut total) == 0 {
            count(&mut flate2::read::DeflateDecoder::new(&raw[..]), &mut total);
        }
        if total > cap {
            return Err(unsupported(
                name,
                "PDF の中身が大きすぎて読み込めません（展開すると上限を超えます）。スクリーンショットを撮ってください",
                "the PDF's contents are too large to read (they expand past the limit). Take a screenshot instead",
            ));
        }
    }
    Ok(())
}

fn render_page<'a>(
    name: &str,
    page: &'a Page<'a>,
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    long_side: u32,
) -> Result<DynamicImage> {
    let (w, h) = page.render_dimensions();
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0) {
        return Err(broken(name));
    }
    // hayro's pixmaps are at most u16::MAX a side.
    let long = long_side.clamp(1, u32::from(u16::MAX));
    let (tw, th) = fit(
        (w.ceil() as u32).max(1).saturating_mul(64),
        (h.ceil() as u32).max(1).saturating_mul(64),
        long,
    );
    let scale = (tw as f32 / w).min(th as f32 / h);
    let pixmap = render(
        page,
        cache,
        settings,
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    // On a white background every pixel is opaque: premultiplied RGBA is plain RGBA.
    let rgba = image::RgbaImage::from_raw(pw, ph, pixmap.data_as_u8_slice().to_vec())
        .ok_or_else(|| broken(name))?;
    if pw == 0 || ph == 0 {
        return Err(broken(name));
    }
    Ok(DynamicImage::ImageRgb8(
        DynamicImage::ImageRgba8(rgba).to_rgb8(),
    ))
}

/// One glyph of the text layer: where its baseline starts (page space, y down) and its size.
struct TextGlyph {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

struct TextDevice<'l> {
    glyphs: Vec<TextGlyph>,
    limits: &'l Limits,
    /// Whether every image the page draws (inline ones too) is within the limits; known from
    /// its dictionary, before anything is decoded.
    images_fit: bool,
}

/// More glyphs than any qualification screen has: the rest of a huge page is ignored.
const MAX_GLYPHS: usize = 200_000;

impl<'a> Device<'a> for TextDevice<'_> {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        // Invisible text (an OCR layer) counts as text too.
        for glyph in run.glyphs() {
            if self.glyphs.len() >= MAX_GLYPHS {
                return;
            }
            let Some(unicode) = glyph.as_unicode() else {
                continue;
            };
            let text = match unicode {
                hayro::hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
                hayro::hayro_interpret::hayro_cmap::BfString::String(s) => s,
            };
            let t: Affine = props.transform * glyph.transform();
            let origin = t * Point::ZERO;
            let size = t.determinant().abs().sqrt() * 1000.0;
            if !(origin.x.is_finite() && origin.y.is_finite() && size.is_finite()) {
                continue;
            }
            self.glyphs.push(TextGlyph {
                x: origin.x,
                y: origin.y,
                size,
                text,
            });
        }
    }
    fn draw_image(&mut self, image: Image<'a, '_>, _: ImageDrawProps<'a>) {
        if !image_fits(image.width(), image.height(), self.limits) {
            self.images_fit = false;
        }
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// The page's text as lines (top to bottom), each a list of cells (left to right) split at
/// wide gaps — the gap between a label and its value in a table; and whether every image on
/// the page is within the limits.
fn page_text(
    page: &Page<'_>,
    settings: &InterpreterSettings,
    limits: &Limits,
) -> (Vec<TextLine>, bool) {
    let (w, h) = page.render_dimensions();
    let cache = InterpreterCache::new();
    let mut ctx = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
        &cache,
        page.xref(),
        settings.clone(),
    );
    let mut device = TextDevice {
        glyphs: Vec::new(),
        limits,
        images_fit: true,
    };
    interpret_page(page, &mut ctx, &mut device);
    (lines(device.glyphs), device.images_fit)
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The advance of a glyph, estimated (hayro does not expose widths): 1 em for CJK and
/// full-width forms, half an em otherwise.
fn advance(g: &TextGlyph) -> f64 {
    g.text
        .chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.5 })
        .sum::<f64>()
        * g.size
}

fn lines(mut glyphs: Vec<TextGlyph>) -> Vec<TextLine> {
    glyphs.retain(|g| g.size > 0.0);
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Group by baseline: a glyph joins the line whose baseline is within 40 % of its size.
    let mut rows: Vec<(f64, Vec<TextGlyph>)> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some((y, row)) if (g.y - *y).abs() <= 0.4 * g.size.max(1.0) => row.push(g),
            _ => rows.push((g.y, vec![g])),
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for (_, mut row) in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut cells: Vec<Cell> = Vec::new();
        let mut cell: Option<Cell> = None;
        let mut prev: Option<(f64, f64)> = None; // (x where the last glyph ends, its size)
        for g in row {
            let end = g.x + advance(&g);
            if let (Some((prev_end, prev_size)), Some(c)) = (prev, cell.as_mut()) {
                let gap = g.x - prev_end;
                let size = prev_size.max(g.size);
                if gap > 1.5 * size {
                    cells.extend(cell.take());
                } else if gap > 0.25 * size && !c.text.ends_with(' ') {
                    c.text.push(' ');
                }
            }
            // A glyph's box from its baseline: CJK fonts rise about 0.88 em above it and
            // descend 0.12 em below.
            let (top, bottom) = (g.y - 0.88 * g.size, g.y + 0.12 * g.size);
            let c = cell.get_or_insert_with(|| Cell {
                text: String::new(),
                x0: g.x,
                x1: end,
                y0: top,
                y1: bottom,
                sure: true,
            });
            c.text.push_str(&g.text);
            c.x1 = c.x1.max(end);
            c.y0 = c.y0.min(top);
            c.y1 = c.y1.max(bottom);
            prev = Some((end, g.size));
        }
        cells.extend(cell);
        cells.retain(|c| !c.text.trim().is_empty());
        if !cells.is_empty() {
            out.push(TextLine { cells });
        }
    }
    out
}

/// Page 1's text lines, cells joined by " | " (diagnostics: why a field was not found).
pub(crate) fn text_lines(name: &str, bytes: &[u8]) -> Result<Vec<String>> {
    guarded(|| {
        let pdf = match Pdf::new(bytes.to_vec()) {
            Ok(pdf) => pdf,
            Err(LoadPdfError::Decryption(_)) => return Err(encrypted(name)),
            Err(_) => return Err(broken(name)),
        };
        let pages = pdf.pages();
        let first = pages.first().ok_or_else(|| broken(name))?;
        Ok(page_text(first, &settings(), &Limits::default())
            .0
            .into_iter()
            .map(|l| {
                l.cells
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect())
    })
    .map_err(|()| crashed(name))?
}
