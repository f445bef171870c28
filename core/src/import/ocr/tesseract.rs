//! Tesseract (libtesseract 4.1 or later, through the `tesseract-sys` binding) with its Japanese
//! data (`jpn.traineddata`, Debian's `tesseract-ocr-jpn`). The image is handed over from
//! memory (never a path or a URL), recognition runs under Tesseract's own deadline (its
//! progress monitor), and the words come back from its TSV output with their boxes and
//! confidences.

use std::ffi::{c_char, c_int, CStr};
use std::ptr;
use std::time::Duration;

use image::GrayImage;
use tesseract_sys as sys;

use super::{TextRecognizer, Word};

/// The built-in desktop engine.
pub struct Tesseract;

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

impl TextRecognizer for Tesseract {
    fn recognize(&self, image: &GrayImage, budget: Duration) -> Option<Vec<Word>> {
        let (w, h) = image.dimensions();
        let (wi, hi) = (c_int::try_from(w).ok()?, c_int::try_from(h).ok()?);
        if w < 8 || h < 8 {
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
        // SAFETY: the buffer is w × h bytes, one byte a pixel, rows of w bytes; Tesseract
        // copies it in SetImage.
        unsafe {
            sys::TessBaseAPISetPageSegMode(api.0, sys::TessPageSegMode_PSM_AUTO);
            sys::TessBaseAPISetImage(api.0, image.as_raw().as_ptr(), wi, hi, 1, wi);
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
            sys::TessMonitorSetDeadlineMSecs(monitor.0, millis);
            sys::TessBaseAPIRecognize(api.0, monitor.0)
        };
        if status != 0 {
            return None; // failed or out of time
        }
        // SAFETY: recognition is done; page 0.
        let tsv = unsafe { sys::TessBaseAPIGetTsvText(api.0, 0) };
        if tsv.is_null() {
            return None;
        }
        let tsv = TessText(tsv);
        // SAFETY: a NUL-terminated string owned by `tsv` until it drops.
        let text = unsafe { CStr::from_ptr(tsv.0) }.to_string_lossy();
        Some(parse_tsv(&text))
    }
}

/// The words of Tesseract's TSV (level 5 rows: … left top width height conf text).
fn parse_tsv(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 12 || cols[0] != "5" {
                return None;
            }
            let num = |i: usize| cols[i].trim().parse::<u32>().ok();
            Some(Word {
                left: num(6)?,
                top: num(7)?,
                width: num(8)?,
                height: num(9)?,
                confidence: cols[10].trim().parse::<f32>().ok()?,
                text: cols[11].to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t10\t10\t100\t30\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t12\t60\t28\t96.5\t保険\n\
                   5\t1\t1\t1\t1\t2\t75\t12\t40\t28\t0.000000\t衣\n";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "保険");
        assert_eq!((words[0].left, words[0].width), (10, 60));
        assert_eq!(words[1].confidence, 0.0);
    }
}
