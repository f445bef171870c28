//! Text recognition (OCR) for screenshots and photos, which have no text layer: the image is
//! made upright and readable ([`prepare`]: greyscale, the paper cut out of a photo's
//! background, deskewed, contrast stretched, scaled so text is about 36 px high), a
//! [`TextRecognizer`] reads its words, the words become lines and cells like a PDF's text
//! layer ([`lines_of`]) and the same label reader and validators ([`fields::extract`]) find
//! the fields. A word the recognizer is not sure of makes its field
//! [`FieldState::Unsure`](super::FieldState::Unsure): shown for the user to confirm, never
//! stored silently; a value that fails a validator is invalid as from a PDF. The name, the kana
//! and the insurer's name have no validator (a similar kanji, a lost space): read from an image
//! they are always unsure.
//!
//! Engines: Tesseract with its Japanese data on desktops (cargo feature `ocr`, see
//! [`tesseract`]); on phones the platform's own recognizer (Vision, ML Kit), which the app
//! registers with [`set_text_recognizer`] (docs/mobile.md). Without either, images are not
//! read and every field is reported as not found.

use std::sync::OnceLock;
use std::time::Duration;

use image::{imageops, DynamicImage, GrayImage, Luma};

use super::fields::{self, Cell, FieldReport, Fields, TextLine};
use super::Limits;

/// One word as a recognizer read it: its text, its box in the prepared image's pixels and how
/// sure the recognizer is (0–100).
#[derive(Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub confidence: f32,
}

impl std::fmt::Debug for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Words are personal: their boxes and confidence only.
        f.debug_struct("Word")
            .field("left", &self.left)
            .field("top", &self.top)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("confidence", &self.confidence)
            .finish_non_exhaustive()
    }
}

/// A text recognition engine.
pub trait TextRecognizer: Send + Sync {
    /// Reads the words of `image` (upright, 8-bit grey, dark text on a light ground), giving
    /// up after `budget`; `None` when it cannot read (no engine data, time out, failure).
    fn recognize(&self, image: &GrayImage, budget: Duration) -> Option<Vec<Word>>;
}

static RECOGNIZER: OnceLock<Box<dyn TextRecognizer>> = OnceLock::new();

/// Installs the engine images are read with (the phones' Vision or ML Kit, registered by the
/// app at start-up). Only the first call counts; `false` when one was already set.
pub fn set_text_recognizer(engine: Box<dyn TextRecognizer>) -> bool {
    RECOGNIZER.set(engine).is_ok()
}

fn recognizer() -> Option<&'static dyn TextRecognizer> {
    if let Some(engine) = RECOGNIZER.get() {
        return Some(engine.as_ref());
    }
    #[cfg(feature = "ocr")]
    {
        Some(&tesseract::Tesseract)
    }
    #[cfg(not(feature = "ocr"))]
    {
        None
    }
}

/// Whether this build reads images at all (a recognizer is built in or registered).
pub fn available() -> bool {
    recognizer().is_some()
}

/// Below this a word is not sure (Tesseract's LSTM confidence; a clean screenshot's words are
/// 90–97, a misread kanji often under 60).
pub const SURE_CONFIDENCE: f32 = 80.0;

/// The text height (in pixels) images are scaled to before recognition.
const TARGET_TEXT_HEIGHT: f32 = 36.0;

/// The fields of an upright image, read with the installed recognizer (every field not found
/// when there is none or it cannot read the image).
pub(crate) fn read_fields(img: &DynamicImage, limits: &Limits) -> (Fields, FieldReport) {
    let Some(engine) = recognizer() else {
        return (Fields::default(), FieldReport::all_not_found());
    };
    let (prepared, frame) = prepare_framed(img, limits.ocr_max_pixels);
    let budget = Duration::from_millis(u64::from(limits.ocr_millis));
    match engine.recognize(&prepared, budget) {
        Some(words) => {
            // Places on the upright image (what the display shows), unless it was deskewed.
            let mut lines = lines_of(words);
            let page = frame.map(|f| {
                f.to_original(&mut lines);
                (f64::from(img.width()), f64::from(img.height()))
            });
            let (fields, mut report) = fields::extract(&lines, page);
            report.confirm_unvalidated();
            (fields, report)
        }
        None => (Fields::default(), FieldReport::all_not_found()),
    }
}

// --- preparing the image ------------------------------------------------------------------

/// Where the prepared image's pixels are on the original: original = offset + prepared × scale
/// (per axis). None once the image was rotated (deskewed).
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f64,
    y: f64,
    kx: f64,
    ky: f64,
}

impl Frame {
    fn crop(&mut self, x: u32, y: u32) {
        self.x += f64::from(x) * self.kx;
        self.y += f64::from(y) * self.ky;
    }

    fn resize(&mut self, from: (u32, u32), to: (u32, u32)) {
        self.kx *= f64::from(from.0) / f64::from(to.0.max(1));
        self.ky *= f64::from(from.1) / f64::from(to.1.max(1));
    }

    fn to_original(self, lines: &mut [TextLine]) {
        for c in lines.iter_mut().flat_map(|l| l.cells.iter_mut()) {
            c.x0 = self.x + c.x0 * self.kx;
            c.x1 = self.x + c.x1 * self.kx;
            c.y0 = self.y + c.y0 * self.ky;
            c.y1 = self.y + c.y1 * self.ky;
        }
    }
}

/// Greyscale; a photo's paper cut out of its background; deskewed; contrast stretched;
/// scaled so its text is about [`TARGET_TEXT_HEIGHT`] high, within `max_pixels`.
pub fn prepare(img: &DynamicImage, max_pixels: u64) -> GrayImage {
    prepare_framed(img, max_pixels).0
}

/// [`prepare`], and where its pixels are on `img` (None when it was deskewed).
fn prepare_framed(img: &DynamicImage, max_pixels: u64) -> (GrayImage, Option<Frame>) {
    let mut frame = Frame {
        x: 0.0,
        y: 0.0,
        kx: 1.0,
        ky: 1.0,
    };
    // A photo larger than the cap is shrunk before anything else (area average, in the image
    // crate): no full-size copy is made, and its text is still large enough.
    let max_pixels = max_pixels.max(1_000_000);
    let (w, h) = (u64::from(img.width()), u64::from(img.height()));
    let mut g = if w * h > max_pixels {
        let scale = (max_pixels as f64 / (w * h) as f64).sqrt();
        let nw = ((w as f64 * scale) as u32).max(1);
        let nh = ((h as f64 * scale) as u32).max(1);
        frame.resize((img.width(), img.height()), (nw, nh));
        img.thumbnail_exact(nw, nh).to_luma8()
    } else {
        img.to_luma8()
    };
    if let Some((x, y, w, h)) = paper_bounds(&g) {
        frame.crop(x, y);
        g = imageops::crop_imm(&g, x, y, w, h).to_image();
    }
    let mut framed = Some(frame);
    let angle = skew_angle(&g);
    if angle.abs() > 0.15 {
        framed = None;
        g = rotate(&g, -angle);
        if let Some((x, y, w, h)) = paper_bounds(&g) {
            g = imageops::crop_imm(&g, x, y, w, h).to_image();
        }
    }
    stretch_contrast(&mut g);
    if let Some(text_height) = text_height(&g) {
        let pixels = f64::from(g.width()) * f64::from(g.height());
        let room = (max_pixels as f64 / pixels).sqrt() as f32;
        let scale = (TARGET_TEXT_HEIGHT / text_height).clamp(0.5, 3.0).min(room);
        if (scale - 1.0).abs() > 0.15 {
            let w = ((g.width() as f32 * scale).round() as u32).max(1);
            let h = ((g.height() as f32 * scale).round() as u32).max(1);
            if let Some(f) = framed.as_mut() {
                f.resize((g.width(), g.height()), (w, h));
            }
            g = imageops::resize(&g, w, h, imageops::FilterType::CatmullRom);
        }
    }
    (g, framed)
}

/// Otsu's threshold of a histogram.
fn otsu(hist: &[u64; 256]) -> u8 {
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut sum_b, mut w_b, mut best, mut best_t) = (0.0f64, 0u64, -1.0f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        w_b += n;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as f64 * n as f64;
        let m_b = sum_b / w_b as f64;
        let m_f = (sum - sum_b) / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

fn histogram(g: &GrayImage) -> [u64; 256] {
    let mut hist = [0u64; 256];
    for p in g.as_raw() {
        hist[usize::from(*p)] += 1;
    }
    hist
}

/// A smaller copy for measuring (long side ≤ `long`), and its scale.
fn small(g: &GrayImage, long: u32) -> (GrayImage, f32) {
    let side = g.width().max(g.height());
    if side <= long {
        return (g.clone(), 1.0);
    }
    let s = long as f32 / side as f32;
    let w = ((g.width() as f32 * s) as u32).max(1);
    let h = ((g.height() as f32 * s) as u32).max(1);
    (imageops::thumbnail(g, w, h), s)
}

/// The paper in a photo: when the image's border is darker than the page (a document on a
/// table), the box of the rows and columns that are mostly light. `None` for a screenshot
/// (light to its edges) or when no clear page stands out.
fn paper_bounds(g: &GrayImage) -> Option<(u32, u32, u32, u32)> {
    let (s, scale) = small(g, 800);
    let (w, h) = s.dimensions();
    if w < 16 || h < 16 {
        return None;
    }
    let t = otsu(&histogram(&s));
    let frame = (w.min(h) / 30).max(1);
    let (mut border_sum, mut border_n) = (0u64, 0u64);
    for (x, y, p) in s.enumerate_pixels() {
        if x < frame || y < frame || x >= w - frame || y >= h - frame {
            border_sum += u64::from(p[0]);
            border_n += 1;
        }
    }
    let border_light = border_n > 0 && border_sum / border_n > u64::from(t);
    if border_light {
        return None;
    }
    let light = |x: u32, y: u32| s.get_pixel(x, y)[0] > t;
    let rows: Vec<bool> = (0..h)
        .map(|y| (0..w).filter(|&x| light(x, y)).count() as f32 > 0.3 * w as f32)
        .collect();
    let cols: Vec<bool> = (0..w)
        .map(|x| (0..h).filter(|&y| light(x, y)).count() as f32 > 0.3 * h as f32)
        .collect();
    let y0 = rows.iter().position(|&r| r)? as u32;
    let y1 = rows.iter().rposition(|&r| r)? as u32 + 1;
    let x0 = cols.iter().position(|&c| c)? as u32;
    let x1 = cols.iter().rposition(|&c| c)? as u32 + 1;
    if (x1 - x0) * (y1 - y0) < w * h / 10 {
        return None;
    }
    // Back to full size, a little inside the edge (the paper's border and shadow).
    let inset_x = (x1 - x0) / 100;
    let inset_y = (y1 - y0) / 100;
    let to_full = |v: u32| ((v as f32) / scale) as u32;
    let fx0 = to_full(x0 + inset_x).min(g.width() - 1);
    let fy0 = to_full(y0 + inset_y).min(g.height() - 1);
    let fx1 = to_full(x1.saturating_sub(inset_x)).clamp(fx0 + 1, g.width());
    let fy1 = to_full(y1.saturating_sub(inset_y)).clamp(fy0 + 1, g.height());
    Some((fx0, fy0, fx1 - fx0, fy1 - fy0))
}

/// The angle (degrees, clockwise positive) of the text lines: the rotation that makes the
/// dark pixels' row profile sharpest, searched within ±6°.
fn skew_angle(g: &GrayImage) -> f32 {
    let (s, _) = small(g, 1000);
    let (w, h) = s.dimensions();
    let t = otsu(&histogram(&s));
    // Dark pixels away from the edges (a photo's leftover background).
    let (mx, my) = (w / 20, h / 20);
    let mut dark: Vec<(f32, f32)> = Vec::new();
    for (x, y, p) in s.enumerate_pixels() {
        if p[0] < t && x > mx && y > my && x + mx < w && y + my < h {
            dark.push((x as f32, y as f32));
        }
    }
    if dark.len() < 50 || dark.len() > (w * h / 2) as usize {
        return 0.0;
    }
    let bins = (w + h) as usize * 2 + 4;
    let mut profile = vec![0u32; bins];
    let mut score = |deg: f32| -> f64 {
        let (sin, cos) = deg.to_radians().sin_cos();
        profile.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in &dark {
            let r = y * cos - x * sin + w as f32;
            let i = (r.max(0.0) as usize).min(bins - 1);
            profile[i] += 1;
        }
        profile.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let mut best = (0.0f32, score(0.0));
    let mut deg = -6.0f32;
    while deg <= 6.0 {
        let sc = score(deg);
        if sc > best.1 * 1.0001 {
            best = (deg, sc);
        }
        deg += 0.25;
    }
    let centre = best.0;
    let mut deg = centre - 0.25;
    while deg <= centre + 0.25 {
        let sc = score(deg);
        if sc > best.1 {
            best = (deg, sc);
        }
        deg += 0.05;
    }
    best.0
}

/// Rotates by `deg` degrees (clockwise positive) about the centre, bilinear, white outside.
fn rotate(g: &GrayImage, deg: f32) -> GrayImage {
    rotate_fill(g, deg, 255)
}

/// Rotates by `deg` degrees (clockwise positive) about the centre, bilinear, `fill` outside.
pub(crate) fn rotate_fill(g: &GrayImage, deg: f32, fill: u8) -> GrayImage {
    let (w, h) = g.dimensions();
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = g.as_raw();
    let mut out = GrayImage::from_pixel(w, h, Luma([fill]));
    let stride = w as usize;
    for (y, row) in out.as_mut().chunks_exact_mut(stride).enumerate() {
        let dy = y as f32 - cy;
        // Source = R(-deg) · (dest − centre) + centre.
        let mut sx = -cx * cos + dy * sin + cx;
        let mut sy = cx * sin + dy * cos + cy;
        for px in row.iter_mut() {
            if sx >= 0.0 && sy >= 0.0 && sx < (w - 1) as f32 && sy < (h - 1) as f32 {
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let i = y0 * stride + x0;
                let top = f32::from(src[i]) * (1.0 - fx) + f32::from(src[i + 1]) * fx;
                let bottom =
                    f32::from(src[i + stride]) * (1.0 - fx) + f32::from(src[i + stride + 1]) * fx;
                *px = (top * (1.0 - fy) + bottom * fy + 0.5) as u8;
            }
            sx += cos;
            sy -= sin;
        }
    }
    out
}

/// Stretches the grey levels so the darkest 1 % are black and the lightest 1 % white (a
/// photo's grey paper and grey ink).
fn stretch_contrast(g: &mut GrayImage) {
    let hist = histogram(g);
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return;
    }
    let cut = total / 100;
    let mut acc = 0;
    let lo = hist
        .iter()
        .position(|&n| {
            acc += n;
            acc > cut
        })
        .unwrap_or(0);
    acc = 0;
    let hi = 255
        - hist
            .iter()
            .rev()
            .position(|&n| {
                acc += n;
                acc > cut
            })
            .unwrap_or(0);
    if hi <= lo + 16 {
        return;
    }
    let mut map = [0u8; 256];
    for (v, m) in map.iter_mut().enumerate() {
        let x = (v as f32 - lo as f32) / (hi - lo) as f32;
        *m = (x.clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
    }
    for p in g.iter_mut() {
        *p = map[usize::from(*p)];
    }
}

/// The typical height of a line of text: the median height of the bands of rows that hold
/// dark pixels.
fn text_height(g: &GrayImage) -> Option<f32> {
    let (s, scale) = small(g, 1600);
    let (w, _) = s.dimensions();
    let t = otsu(&histogram(&s)).min(160);
    let min_dark = (w / 400).max(2) as usize;
    let mut bands = Vec::new();
    let mut run = 0u32;
    for row in s.rows() {
        let dark = row.filter(|p| p[0] < t).count();
        if dark >= min_dark {
            run += 1;
        } else if run > 0 {
            bands.push(run);
            run = 0;
        }
    }
    if run > 0 {
        bands.push(run);
    }
    // Rules and noise are a row or two; a band taller than a sixth of the image is a picture.
    let limit = s.height() / 6;
    bands.retain(|&b| b >= 4 && b <= limit);
    if bands.len() < 3 {
        return None;
    }
    bands.sort_unstable();
    Some(bands[bands.len() / 2] as f32 / scale)
}

// --- words to lines -------------------------------------------------------------------------

/// Groups words (or single characters) into lines — a word joins the line whose middle it
/// shares — and lines into cells, split at a gap wider than 1.5 × the text's height, as the PDF
/// reader does with glyphs. Inside a cell a space goes where the characters' centres are
/// farther apart than the cell's usual pitch by 30 %: the space between a family and a given
/// name, not the side bearings of a narrow kana.
pub(crate) fn lines_of(mut words: Vec<Word>) -> Vec<TextLine> {
    words.retain(|w| !w.text.trim().is_empty() && w.height > 0);
    words.sort_by_key(|w| (w.top + w.height / 2, w.left));
    // (top, bottom, words) of each line so far.
    let mut rows: Vec<(u32, u32, Vec<Word>)> = Vec::new();
    for w in words {
        let mid = w.top as f32 + w.height as f32 / 2.0;
        let joined = rows.iter_mut().rev().take(3).find(|(top, bottom, _)| {
            let row_mid = (*top + *bottom) as f32 / 2.0;
            let row_h = (*bottom - *top) as f32;
            (mid - row_mid).abs() <= 0.35 * row_h.max(w.height as f32)
        });
        match joined {
            Some((top, bottom, row)) => {
                *top = (*top).min(w.top);
                *bottom = (*bottom).max(w.top + w.height);
                row.push(w);
            }
            None => rows.push((w.top, w.top + w.height, vec![w])),
        }
    }
    let mut out = Vec::new();
    for (_, _, mut row) in rows {
        row.sort_by_key(|w| w.left);
        let em = row.iter().map(|w| w.height).max().unwrap_or(1) as f32;
        // Cells: runs of words with no gap over 1.5 em.
        let mut runs: Vec<Vec<Word>> = Vec::new();
        let mut prev_end: Option<f32> = None;
        for w in row {
            let x0 = w.left as f32;
            let x1 = (w.left + w.width) as f32;
            match (prev_end, runs.last_mut()) {
                (Some(end), Some(run)) if x0 - end <= 1.5 * em => run.push(w),
                _ => runs.push(vec![w]),
            }
            prev_end = Some(prev_end.map_or(x1, |e| e.max(x1)));
        }
        let mut cells = Vec::new();
        for run in runs {
            // Full-width characters sit one em apart centre to centre whatever their glyph's
            // width (く is narrow, 保 wide); a space adds half an em or more.
            let centre = |w: &Word| w.left as f32 + w.width as f32 / 2.0;
            let pitches: Vec<f32> = run
                .windows(2)
                .map(|p| centre(&p[1]) - centre(&p[0]))
                .collect();
            let pitch = if pitches.len() >= 3 {
                let mut sorted = pitches.clone();
                sorted.sort_by(f32::total_cmp);
                sorted[sorted.len() / 2]
            } else {
                em / 0.88
            };
            let mut text = String::new();
            for (i, w) in run.iter().enumerate() {
                if i > 0 {
                    let prev = &run[i - 1];
                    let gap = w.left as f32 - (prev.left + prev.width) as f32;
                    if pitches[i - 1] > 1.3 * pitch && gap > 0.25 * em {
                        text.push(' ');
                    }
                }
                text.push_str(w.text.trim());
            }
            let first = &run[0];
            let last_end = run.iter().map(|w| w.left + w.width).max().unwrap_or(0);
            cells.push(Cell {
                text,
                x0: f64::from(first.left),
                x1: f64::from(last_end),
                y0: f64::from(run.iter().map(|w| w.top).min().unwrap_or(0)),
                y1: f64::from(run.iter().map(|w| w.top + w.height).max().unwrap_or(0)),
                sure: run.iter().all(|w| w.confidence >= SURE_CONFIDENCE),
            });
        }
        out.push(TextLine { cells });
    }
    out
}

/// The text an image reads as (lines, cells joined by ` | `): a diagnostic for "why was this
/// field not found", like [`super::pdf_text_lines`]. Empty without a recognizer.
pub fn text_lines(img: &DynamicImage, limits: &Limits) -> Vec<String> {
    let Some(engine) = recognizer() else {
        return Vec::new();
    };
    let prepared = prepare(img, limits.ocr_max_pixels);
    let budget = Duration::from_millis(u64::from(limits.ocr_millis));
    engine
        .recognize(&prepared, budget)
        .map(|words| {
            lines_of(words)
                .into_iter()
                .map(|l| {
                    l.cells
                        .iter()
                        .map(|c| {
                            if c.sure {
                                c.text.clone()
                            } else {
                                format!("{}(?)", c.text)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(feature = "ocr")]
pub mod tesseract;

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: u32, top: u32, width: u32, conf: f32) -> Word {
        Word {
            text: text.into(),
            left,
            top,
            width,
            height: 30,
            confidence: conf,
        }
    }

    #[test]
    fn words_become_lines_and_cells() {
        let lines = lines_of(vec![
            word("生年月日", 50, 100, 120, 95.0),
            word("昭和", 400, 102, 60, 96.0),
            word("40年", 470, 101, 60, 40.0),
            // Characters: a space only at the wide gap, not between kana.
            word("協", 50, 200, 28, 95.0),
            word("会", 82, 200, 28, 95.0),
            word("太", 125, 198, 28, 95.0),
            word("郎", 157, 198, 28, 95.0),
            word("キ", 50, 300, 26, 95.0),
            word("ョ", 84, 300, 20, 95.0),
            word("ウ", 112, 300, 26, 95.0),
            word("タ", 165, 300, 26, 95.0),
        ]);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].cells.len(), 2, "{lines:?}");
        assert_eq!(lines[0].cells[1].text, "昭和 40年");
        assert!(!lines[0].cells[1].sure);
        assert!(lines[0].cells[0].sure);
        assert_eq!(lines[1].cells.len(), 1);
        assert_eq!(lines[1].cells[0].text, "協会 太郎");
        assert_eq!(lines[2].cells[0].text, "キョウ タ");
    }

    #[test]
    fn skew_is_measured_and_undone() {
        // Dark text-like bars on white, rotated by 3°.
        let mut g = GrayImage::from_pixel(800, 600, Luma([250]));
        for line in 0..10 {
            let y0 = 60 + line * 45;
            for y in y0..y0 + 14 {
                for x in 100..700 {
                    if (x / 12) % 3 != 0 {
                        g.put_pixel(x, y, Luma([20]));
                    }
                }
            }
        }
        let tilted = rotate(&g, 3.0);
        let found = skew_angle(&tilted);
        assert!((found - 3.0).abs() < 0.3, "{found}");
        assert!(skew_angle(&g).abs() < 0.3);
    }

    #[test]
    fn the_paper_is_cut_out_of_a_dark_table() {
        let mut g = GrayImage::from_pixel(1000, 800, Luma([90]));
        for y in 200..600 {
            for x in 300..800 {
                g.put_pixel(x, y, Luma([235]));
            }
        }
        let (x, y, w, h) = paper_bounds(&g).expect("a page");
        assert!(
            (295..=320).contains(&x) && (195..=215).contains(&y),
            "{x},{y}"
        );
        assert!(
            (470..=505).contains(&w) && (370..=405).contains(&h),
            "{w}×{h}"
        );
        // A screenshot is light to its edges: nothing is cut.
        assert_eq!(
            paper_bounds(&GrayImage::from_pixel(300, 600, Luma([245]))),
            None
        );
    }

    #[test]
    fn contrast_is_stretched() {
        let mut g = GrayImage::from_fn(100, 100, |x, _| Luma([if x < 50 { 100 } else { 180 }]));
        stretch_contrast(&mut g);
        assert_eq!(g.get_pixel(0, 0)[0], 0);
        assert_eq!(g.get_pixel(99, 0)[0], 255);
    }
}
