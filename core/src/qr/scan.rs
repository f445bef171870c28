//! Reading a QR code: from a picture (PNG, JPEG) or a file holding its text.

use super::*;

pub(super) fn not_an_image(e: impl std::fmt::Display) -> Error {
    Error::InvalidInput(Msg::new(
        format!("画像を読めません（PNG か JPEG にしてください）: {e}"),
        format!("Cannot read the image (use a PNG or JPEG): {e}"),
    ))
}

/// The text of the QR code in an image (PNG or JPEG: a photo, a screenshot). Every QR code
/// found is decoded; a Hoken Wallet one wins, else the first readable one is returned (and
/// [`decode`] then says it is not ours). Images over 8000 pixels a side, or that would need
/// more than 256 MB, are refused before decoding.
pub fn read_image(bytes: &[u8]) -> Result<String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(not_an_image)?;
    if reader.format().is_none() {
        return Err(not_an_image("unknown format"));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(not_an_image)?.into_luma8();
    // rqrr misses some codes that a sharper or smaller copy shows (smoothed screenshots,
    // soft photos): try the image, then it in black and white, then at half and a third.
    let mut texts = Vec::new();
    for pass in 0..4 {
        let found = match pass {
            0 => grid_texts(&img),
            1 => grid_texts(&binarize(&img)),
            k => {
                let (w, h) = (img.width() / k, img.height() / k);
                if w < 21 || h < 21 {
                    break;
                }
                let small =
                    image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
                grid_texts(&small)
            }
        };
        if let Some(ours) = found.iter().find(|t| t.trim_start().starts_with("HKW")) {
            return Ok(ours.clone());
        }
        texts.extend(found);
    }
    texts.into_iter().next().ok_or_else(|| {
        Error::InvalidInput(Msg::new(
            "画像の中に読み取れる QR コードがありません。QR コード全体がはっきり写るようにしてください",
            "No readable QR code in the image; make sure the whole code is sharp and visible",
        ))
    })
}

/// The text of every QR code rqrr finds and decodes in the image.
pub(super) fn grid_texts(img: &image::GrayImage) -> Vec<String> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    // rqrr reads untrusted pixels; a panic in it must not take the app down.
    std::panic::catch_unwind(|| {
        let raw = img.as_raw();
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            raw.get(y * w + x).copied().unwrap_or(255)
        });
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect::<Vec<String>>()
    })
    .unwrap_or_default()
}

/// Black and white at Otsu's threshold (the one that best separates the two tones).
pub(super) fn binarize(img: &image::GrayImage) -> image::GrayImage {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[usize::from(p.0[0])] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut sum_below, mut best, mut threshold) = (0u64, 0f64, -1f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        below += n;
        sum_below += t as f64 * n as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let mean_below = sum_below / below as f64;
        let mean_above = (sum_all - sum_below) / above as f64;
        let between = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    image::GrayImage::from_fn(img.width(), img.height(), |x, y| {
        image::Luma([if img.get_pixel(x, y).0[0] <= threshold {
            0
        } else {
            255
        }])
    })
}

/// The most a file holding a QR code may weigh (a photo of it is well below).
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// The code's text in the file at `path` (see [`text_from_bytes`]), read up to [`MAX_FILE`].
pub fn text_from_file(path: &std::path::Path) -> Result<String> {
    text_from_bytes(&crate::import::read_capped(path, MAX_FILE)?)
}

/// The code's text from a file's bytes: a picture of the code (PNG, JPEG — a screenshot or a
/// photo) or a text file holding it.
pub fn text_from_bytes(bytes: &[u8]) -> Result<String> {
    // PNG and JPEG never start as valid UTF-8; a text file holds the code's text.
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.trim().to_string()),
        Err(_) => read_image(bytes),
    }
}
