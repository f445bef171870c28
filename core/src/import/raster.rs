//! Images: decode within limits, turn upright (EXIF orientation), keep the pixels only, and
//! encode the original, the display image and the thumbnail.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError};

use super::fields::{FieldReport, Fields};
use super::sniff::{self, unsupported, ImageFormat};
use super::{guarded, DocKind, Imported, Limits, Mime};
use crate::{Error, Result};

/// JPEG quality of a re-encoded photo.
const PHOTO_QUALITY: u8 = 90;
/// JPEG quality of a thumbnail.
const THUMB_QUALITY: u8 = 80;

pub(crate) fn import(
    name: &str,
    bytes: &[u8],
    format: ImageFormat,
    limits: &Limits,
) -> Result<Imported> {
    let (w, h) = sniff::dimensions(bytes, format).ok_or_else(|| broken(name))?;
    check_size(name, w, h, limits)?;
    if format == ImageFormat::Jpeg && !sniff::jpeg_complete(bytes) {
        return Err(broken(name));
    }
    let (img, orientation) = guarded(|| decode(bytes, format, limits))
        .map_err(|()| broken(name))?
        .map_err(|e| decode_error(name, e, limits))?;
    // The decoder's own idea of the size must agree with the header we checked.
    check_size(name, img.width(), img.height(), limits)?;
    // The text, read from the upright pixels (no fields when recognition fails).
    let (fields, field_status) = guarded(|| super::ocr::read_fields(&img, limits))
        .unwrap_or_else(|()| (Fields::default(), FieldReport::all_not_found()));

    // Screenshots stay lossless; photos become JPEG.
    let screenshot = match format {
        ImageFormat::Png | ImageFormat::WebP { lossless: true } => true,
        ImageFormat::Jpeg | ImageFormat::WebP { lossless: false } => false,
    };
    // Already upright: the original is the file's own compressed data without its metadata
    // (no second lossy generation, and no full-size encode).
    let original = match (orientation, format) {
        (Orientation::NoTransforms, ImageFormat::Jpeg) => strip_jpeg(bytes),
        (Orientation::NoTransforms, ImageFormat::Png) => strip_png(bytes),
        _ => None,
    };
    let out = guarded(move || encode_all(img, screenshot, limits, original))
        .map_err(|()| broken(name))?
        .map_err(|e| encode_error(name, e))?;
    Ok(Imported {
        kind: DocKind::Image,
        pages: 1,
        width: out.width,
        height: out.height,
        original: out.original,
        original_mime: out.original_mime,
        display: out.display,
        display_mime: out.display_mime,
        pages_display: Vec::new(),
        thumbnail: out.thumbnail,
        fields,
        field_status,
    })
}

fn check_size(name: &str, w: u32, h: u32, limits: &Limits) -> Result<()> {
    let pixels = u64::from(w) * u64::from(h);
    if w == 0 || h == 0 {
        return Err(broken(name));
    }
    if w > limits.max_side || h > limits.max_side || pixels > limits.max_pixels {
        let mp = pixels / 1_000_000;
        let max_mp = limits.max_pixels / 1_000_000;
        return Err(unsupported(
            name,
            &format!(
                "画像が大きすぎます（{w}×{h} ピクセル、約{mp}メガピクセル。上限は一辺 {} ピクセル・{max_mp}メガピクセル）。スクリーンショットか、縮小した写真を選んでください",
                limits.max_side
            ),
            &format!(
                "the image is too large ({w}×{h} pixels, about {mp} megapixels; at most {} pixels a side and {max_mp} megapixels). Choose a screenshot or a smaller photo",
                limits.max_side
            ),
        ));
    }
    Ok(())
}

pub(crate) fn broken(name: &str) -> Error {
    unsupported(
        name,
        "画像が壊れているか、途中で切れています。もう一度保存するか、スクリーンショットを撮り直してください",
        "the image is damaged or cut off. Save it again or take the screenshot again",
    )
}

fn decode_error(name: &str, e: ImageError, limits: &Limits) -> Error {
    match e {
        ImageError::Limits(_) => unsupported(
            name,
            &format!(
                "画像が大きすぎて読み込めません（上限 {} メガピクセル）。スクリーンショットか、縮小した写真を選んでください",
                limits.max_pixels / 1_000_000
            ),
            &format!(
                "the image is too large to read (at most {} megapixels). Choose a screenshot or a smaller photo",
                limits.max_pixels / 1_000_000
            ),
        ),
        ImageError::Unsupported(_) => unsupported(
            name,
            "この種類の画像（アニメーション・特殊な色形式など）は読み込めません。スクリーンショットを PNG で撮ってください",
            "this kind of image (animated, unusual colour format, …) cannot be read. Take a PNG screenshot instead",
        ),
        _ => broken(name),
    }
}

fn encode_error(name: &str, e: ImageError) -> Error {
    unsupported(
        name,
        &format!("画像を変換できませんでした（{e}）"),
        &format!("the image could not be converted ({e})"),
    )
}

fn image_format(format: ImageFormat) -> image::ImageFormat {
    match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::WebP { .. } => image::ImageFormat::WebP,
    }
}

/// Decodes with `image::Limits` set before the decoder exists, then applies the orientation.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &Limits,
) -> Result<(DynamicImage, Orientation), ImageError> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image_format(format));
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l.max_alloc = Some(limits.max_alloc);
    reader.limits(l);
    let mut decoder = reader.into_decoder()?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > limits.max_pixels {
        return Err(ImageError::Limits(image::error::LimitError::from_kind(
            image::error::LimitErrorKind::DimensionError,
        )));
    }
    // A broken EXIF block is no reason to refuse the pixels: it means "upright".
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok((img, orientation))
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 2)?;
    Some(usize::from(u16::from_be_bytes([s[0], s[1]])))
}

/// The JPEG without its metadata: every APPn segment (EXIF, GPS, XMP, ICC, maker notes,
/// embedded thumbnails) but Adobe's colour-transform flag, every comment, and anything after
/// the end of the image (a second picture, a video). The compressed pixels are copied as they
/// are. `None` when the structure is not the plain one this walk expects.
pub(crate) fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut at = 2;
    loop {
        while b.get(at) == Some(&0xFF) && b.get(at + 1) == Some(&0xFF) {
            at += 1; // fill bytes before a marker
        }
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&b[at..at + 2]);
                at += 2;
                continue;
            }
            _ => {}
        }
        let len = be16(b, at + 2)?;
        let end = at.checked_add(2 + len)?;
        if len < 2 || end > b.len() {
            return None;
        }
        let keep = match marker {
            0xEE => len <= 16 && b[at + 4..end].starts_with(b"Adobe"),
            0xE0..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(&b[at..end]);
        }
        at = end;
        if marker == 0xDA {
            // Entropy-coded data: up to the next marker that is not a stuffed 0 or a restart.
            let start = at;
            loop {
                at += b.get(at..)?.iter().position(|&x| x == 0xFF)?;
                match *b.get(at + 1)? {
                    0x00 | 0xD0..=0xD7 => at += 2,
                    _ => break,
                }
            }
            out.extend_from_slice(&b[start..at]);
        }
    }
}

/// The PNG without its metadata: only the chunks that make the pixels (IHDR, PLTE, tRNS,
/// IDAT, IEND) are kept — text, EXIF, time, colour profiles and animation frames are dropped.
/// `None` when a chunk runs past the end or IEND is missing.
pub(crate) fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !b.starts_with(SIG) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(SIG);
    let mut at = SIG.len();
    loop {
        let len = usize::try_from(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let end = at.checked_add(12)?.checked_add(len)?;
        if end > b.len() {
            return None;
        }
        let kind = &b[at + 4..at + 8];
        if matches!(kind, b"IHDR" | b"PLTE" | b"tRNS" | b"IDAT" | b"IEND") {
            out.extend_from_slice(&b[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
}

pub(crate) struct Encoded {
    pub width: u32,
    pub height: u32,
    pub original: Vec<u8>,
    pub original_mime: Mime,
    pub display: Vec<u8>,
    pub display_mime: Mime,
    pub thumbnail: Vec<u8>,
}

/// The size that fits `long` on the longer side (never enlarged, never 0).
pub(crate) fn fit(w: u32, h: u32, long: u32) -> (u32, u32) {
    let long = long.max(1);
    if w <= long && h <= long {
        return (w.max(1), h.max(1));
    }
    let (w64, h64, l64) = (u64::from(w), u64::from(h), u64::from(long));
    if w >= h {
        let nh = (h64 * l64 + w64 / 2) / w64.max(1);
        (long, (nh as u32).max(1))
    } else {
        let nw = (w64 * l64 + h64 / 2) / h64.max(1);
        ((nw as u32).max(1), long)
    }
}

/// Downscales (Lanczos 3, SIMD; never enlarges).
pub(crate) fn shrink(img: &DynamicImage, long: u32) -> Option<DynamicImage> {
    let (w, h) = fit(img.width(), img.height(), long);
    if (w, h) == (img.width(), img.height()) {
        None
    } else {
        Some(resize(img, w, h).unwrap_or_else(|| img.thumbnail_exact(w, h)))
    }
}

fn resize(img: &DynamicImage, w: u32, h: u32) -> Option<DynamicImage> {
    use fast_image_resize::images::{Image, ImageRef};
    use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
    let (pixel, raw): (PixelType, &[u8]) = match img {
        DynamicImage::ImageLuma8(i) => (PixelType::U8, i.as_raw()),
        DynamicImage::ImageLumaA8(i) => (PixelType::U8x2, i.as_raw()),
        DynamicImage::ImageRgb8(i) => (PixelType::U8x3, i.as_raw()),
        DynamicImage::ImageRgba8(i) => (PixelType::U8x4, i.as_raw()),
        other => return resize(&DynamicImage::ImageRgba8(other.to_rgba8()), w, h),
    };
    let src = ImageRef::new(img.width(), img.height(), raw, pixel).ok()?;
    let mut dst = Image::new(w, h, pixel);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).ok()?;
    let out = dst.into_vec();
    Some(match pixel {
        PixelType::U8 => DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, out)?),
        PixelType::U8x2 => DynamicImage::ImageLumaA8(image::GrayAlphaImage::from_raw(w, h, out)?),
        PixelType::U8x3 => DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, out)?),
        _ => DynamicImage::ImageRgba8(image::RgbaImage::from_raw(w, h, out)?),
    })
}

/// Pixels only: 8-bit RGB, or RGBA when the image has alpha (PNG output only).
fn pixels_8bit(img: DynamicImage, keep_alpha: bool) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageLuma8(_) => img,
        DynamicImage::ImageRgba8(_) | DynamicImage::ImageLumaA8(_) if keep_alpha => img,
        other if keep_alpha && other.color().has_alpha() => {
            DynamicImage::ImageRgba8(other.to_rgba8())
        }
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

pub(crate) fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new_with_quality(
        &mut out,
        CompressionType::Fast,
        PngFilter::Adaptive,
    ))?;
    Ok(out)
}

pub(crate) fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    // JPEG has no alpha: flatten onto white.
    let rgb;
    let img = if img.color().has_alpha() {
        rgb = DynamicImage::ImageRgb8(flatten_white(img));
        &rgb
    } else {
        img
    };
    let (w, h) = (img.width(), img.height());
    let gray;
    let rgb;
    let (color, raw): (jpeg_encoder::ColorType, &[u8]) = match img {
        DynamicImage::ImageLuma8(i) => (jpeg_encoder::ColorType::Luma, i.as_raw()),
        DynamicImage::ImageRgb8(i) => (jpeg_encoder::ColorType::Rgb, i.as_raw()),
        DynamicImage::ImageLumaA8(_) => {
            gray = img.to_luma8();
            (jpeg_encoder::ColorType::Luma, gray.as_raw())
        }
        other => {
            rgb = other.to_rgb8();
            (jpeg_encoder::ColorType::Rgb, rgb.as_raw())
        }
    };
    let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
        // Larger than JPEG allows: the slower encoder says so in its own words.
        img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))?;
        return Ok(out);
    };
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(raw, w16, h16, color)
        .map_err(|e| {
            ImageError::Encoding(image::error::EncodingError::new(
                image::error::ImageFormatHint::Exact(image::ImageFormat::Jpeg),
                e,
            ))
        })?;
    Ok(out)
}

fn flatten_white(img: &DynamicImage) -> image::RgbImage {
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = image::RgbImage::new(w, h);
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        let a = u16::from(src[3]);
        for c in 0..3 {
            let v = (u16::from(src[c]) * a + 255 * (255 - a) + 127) / 255;
            dst[c] = v as u8;
        }
    }
    out
}

/// The original (upright, pixels only), the display image and the thumbnail. The full-size
/// original is encoded on a second thread while the smaller images are made.
///
/// `kept`: the file's own bytes without metadata when they can stand as the original (already
/// upright); then nothing is encoded at full size, and a screenshot that fits the display
/// size is shown from the same bytes.
pub(crate) fn encode_all(
    img: DynamicImage,
    screenshot: bool,
    limits: &Limits,
    kept: Option<Vec<u8>>,
) -> Result<Encoded, ImageError> {
    let img = pixels_8bit(img, screenshot);
    let (original, small) = std::thread::scope(|s| {
        let original = s.spawn(|| match &kept {
            Some(bytes) => Ok(bytes.clone()),
            None if screenshot => encode_png(&img),
            None => encode_jpeg(&img, PHOTO_QUALITY),
        });
        let small = (|| {
            let display_img = shrink(&img, limits.display_long_side);
            let display_ref = display_img.as_ref().unwrap_or(&img);
            let display = match (&kept, &display_img) {
                (Some(bytes), None) if screenshot => bytes.clone(),
                _ if screenshot => encode_png(display_ref)?,
                _ => encode_jpeg(display_ref, PHOTO_QUALITY)?,
            };
            let thumb_img = shrink(display_ref, limits.thumb_long_side);
            let thumbnail = encode_jpeg(thumb_img.as_ref().unwrap_or(display_ref), THUMB_QUALITY)?;
            Ok::<_, ImageError>((
                display,
                display_ref.width(),
                display_ref.height(),
                thumbnail,
            ))
        })();
        let original = original
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (original, small)
    });
    let original = original?;
    let (display, width, height, thumbnail) = small?;
    let mime = if screenshot { Mime::Png } else { Mime::Jpeg };
    Ok(Encoded {
        width,
        height,
        original,
        original_mime: mime,
        display,
        display_mime: mime,
        thumbnail,
    })
}
