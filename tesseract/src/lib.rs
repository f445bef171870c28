//! hoken-tesseract: the only unsafe code of Hoken Wallet's text recognition, kept out of
//! hoken-core (which forbids unsafe code).
//!
//! Tesseract (libtesseract 4.1 or later, through the `tesseract-sys` binding) with its Japanese
//! data (`jpn.traineddata`, Debian's `tesseract-ocr-jpn`). The image is handed over from
//! memory (never a path or a URL), recognition runs under Tesseract's own deadline (its
//! progress monitor) on one thread, and the characters come back one by one with their boxes
//! and confidences (Tesseract's Japanese "words" swallow the space between a family and a given
//! name: the caller finds spaces from the gaps between characters).

use std::ffi::{c_char, c_int, CStr};
use std::ptr;
use std::time::Duration;

use tesseract_sys as sys;

/// One recognised character: its text, its box in pixels and Tesseract's confidence (0–100).
pub struct Glyph {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub confidence: f32,
}

/// An initialised `TessBaseAPI`, ended and deleted on drop.
struct Api(*mut sys::TessBaseAPI);

impl Drop for Api {
    fn drop(&mut self) {
        // SAFETY: the handle came from TessBaseAPICreate and is dropped once.
        unsafe {
            sys::TessBaseAPIEnd(self.0);
            sys::TessBaseAPIDelete(self.0);
        }
    }
}

/// A progress monitor with a deadline, deleted on drop.
struct Monitor(*mut sys::ETEXT_DESC);

impl Drop for Monitor {
    fn drop(&mut self) {
        // SAFETY: the monitor came from TessMonitorCreate and is dropped once, after the
        // recognition that used it returned.
        unsafe { sys::TessMonitorDelete(self.0) }
    }
}

/// A result iterator, deleted on drop.
struct Results(*mut sys::TessResultIterator);

impl Drop for Results {
    fn drop(&mut self) {
        // SAFETY: the iterator came from TessBaseAPIGetIterator and is dropped once.
        unsafe { sys::TessResultIteratorDelete(self.0) }
    }
}

#[cfg(target_os = "linux")]
#[link(name = "gomp")]
extern "C" {
    /// libgomp, which Debian's libtesseract runs its networks on: one thread. A 2-core machine
    /// running other work loses more to spinning OpenMP threads than it gains.
    fn omp_set_num_threads(n: c_int);
}

/// Text Tesseract allocated, freed on drop.
struct TessText(*mut c_char);

impl Drop for TessText {
    fn drop(&mut self) {
        // SAFETY: the pointer came from a TessBaseAPIGet*Text call.
        unsafe { sys::TessDeleteText(self.0) }
    }
}

fn set(api: &Api, name: &CStr, value: &CStr) {
    // SAFETY: both are NUL-terminated; the handle is live.
    unsafe {
        sys::TessBaseAPISetVariable(api.0, name.as_ptr(), value.as_ptr());
    }
}

/// Reads the characters of a `w` × `h` 8-bit grey image (`pixels`: rows of `w` bytes), giving
/// up after `budget`; `None` when it cannot read (no engine data, time out, failure).
pub fn recognize(pixels: &[u8], w: u32, h: u32, budget: Duration) -> Option<Vec<Glyph>> {
    let (wi, hi) = (c_int::try_from(w).ok()?, c_int::try_from(h).ok()?);
    if w < 8 || h < 8 || pixels.len() != (w as usize).checked_mul(h as usize)? {
        return None;
    }
    // SAFETY: TessBaseAPICreate has no preconditions; a null handle is refused.
    let handle = unsafe { sys::TessBaseAPICreate() };
    if handle.is_null() {
        return None;
    }
    let api = Api(handle);
    // No debug file, no parameter dump on stderr.
    set(&api, c"debug_file", c"/dev/null");
    // SAFETY: datapath null = the installed data; language NUL-terminated.
    let init = unsafe { sys::TessBaseAPIInit3(api.0, ptr::null(), c"jpn".as_ptr()) };
    if init != 0 {
        return None;
    }
    // Japanese words are not separated by spaces: keep the gaps as the image has them.
    set(&api, c"preserve_interword_spaces", c"1");
    // One column of text of various sizes: the automatic layout drops the portal app's
    // short cards (番号, 枝番) as noise; this keeps them and reads the notice's rows whole.
    // SAFETY: the buffer is w × h bytes, one byte a pixel, rows of w bytes; Tesseract
    // copies it in SetImage.
    unsafe {
        sys::TessBaseAPISetPageSegMode(api.0, sys::TessPageSegMode_PSM_SINGLE_COLUMN);
        sys::TessBaseAPISetImage(api.0, pixels.as_ptr(), wi, hi, 1, wi);
        sys::TessBaseAPISetSourceResolution(api.0, 300);
    }
    // SAFETY: TessMonitorCreate has no preconditions.
    let monitor = Monitor(unsafe { sys::TessMonitorCreate() });
    if monitor.0.is_null() {
        return None;
    }
    let millis = c_int::try_from(budget.as_millis()).unwrap_or(c_int::MAX);
    // SAFETY: the monitor is live; Recognize returns before it is dropped.
    let status = unsafe {
        #[cfg(target_os = "linux")]
        omp_set_num_threads(1);
        sys::TessMonitorSetDeadlineMSecs(monitor.0, millis);
        sys::TessBaseAPIRecognize(api.0, monitor.0)
    };
    if status != 0 {
        return None; // failed or out of time
    }
    // SAFETY: recognition is done; the iterator is deleted before `api`.
    let results = Results(unsafe { sys::TessBaseAPIGetIterator(api.0) });
    if results.0.is_null() {
        return Some(Vec::new());
    }
    let level = sys::TessPageIteratorLevel_RIL_SYMBOL;
    let mut chars = Vec::new();
    loop {
        let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
        // SAFETY: the iterator is live and points at a symbol (or the loop ended).
        let (has_box, text, conf) = unsafe {
            let page = sys::TessResultIteratorGetPageIterator(results.0);
            let has_box =
                sys::TessPageIteratorBoundingBox(page, level, &mut l, &mut t, &mut r, &mut b);
            let text = sys::TessResultIteratorGetUTF8Text(results.0, level);
            let conf = sys::TessResultIteratorConfidence(results.0, level);
            (has_box != 0, text, conf)
        };
        if !text.is_null() {
            let owned = TessText(text);
            // SAFETY: NUL-terminated, owned by `owned` until it drops.
            let s = unsafe { CStr::from_ptr(owned.0) }
                .to_string_lossy()
                .into_owned();
            if has_box && r > l && b > t && !s.trim().is_empty() {
                chars.push(Glyph {
                    text: s,
                    left: u32::try_from(l).unwrap_or(0),
                    top: u32::try_from(t).unwrap_or(0),
                    width: u32::try_from(r - l).unwrap_or(0),
                    height: u32::try_from(b - t).unwrap_or(0),
                    confidence: conf,
                });
            }
        }
        // SAFETY: as above.
        if unsafe { sys::TessResultIteratorNext(results.0, level) } == 0 {
            break;
        }
    }
    Some(chars)
}
