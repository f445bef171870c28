//! The built-in desktop engine: Tesseract through hoken-tesseract (the FFI lives there, so
//! that this crate can forbid unsafe code).

use std::time::Duration;

use image::GrayImage;

use super::{TextRecognizer, Word};

/// The built-in desktop engine.
pub struct Tesseract;

impl TextRecognizer for Tesseract {
    fn recognize(&self, image: &GrayImage, budget: Duration) -> Option<Vec<Word>> {
        let (w, h) = image.dimensions();
        let glyphs = hoken_tesseract::recognize(image.as_raw(), w, h, budget)?;
        Some(
            glyphs
                .into_iter()
                .map(|g| Word {
                    text: g.text,
                    left: g.left,
                    top: g.top,
                    width: g.width,
                    height: g.height,
                    confidence: g.confidence,
                })
                .collect(),
        )
    }
}
