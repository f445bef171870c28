//! The format from the first bytes (never the file name), image dimensions from the header,
//! and the refusal messages for everything the importer does not read.

use crate::{Error, Msg, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Pdf,
    Image(ImageFormat),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageFormat {
    Png,
    Jpeg,
    /// `lossless`: a VP8L bitstream (screenshots); lossy WebP is treated as a photo.
    WebP {
        lossless: bool,
    },
}

pub(crate) fn unsupported(name: &str, ja: &str, en: &str) -> Error {
    Error::UnsupportedFile(Msg::new(format!("{name}: {ja}"), format!("{name}: {en}")))
}

const WHAT_TO_DO_JA: &str = "PDF で保存するか、スクリーンショットを撮ってください";
const WHAT_TO_DO_EN: &str = "Save the screen as PDF or take a screenshot (PNG) instead";

pub(crate) fn sniff(name: &str, b: &[u8]) -> Result<Format> {
    if b.is_empty() {
        return Err(unsupported(
            name,
            "ファイルが空です（0 バイト）。保存し直してからもう一度選んでください",
            "the file is empty (0 bytes). Save it again and choose it once more",
        ));
    }
    // PDF readers accept the header within the first 1024 bytes.
    let head = &b[..b.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Image(ImageFormat::Png));
    }
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Image(ImageFormat::Jpeg));
    }
    if b.len() >= 16 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        let lossless =
            &b[12..16] == b"VP8L" || (&b[12..16] == b"VP8X" && find(b, b"VP8L").is_some());
        return Ok(Format::Image(ImageFormat::WebP { lossless }));
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        let brand = &b[8..12];
        let (ja, en) = match brand {
            b"avif" | b"avis" => ("AVIF 画像", "AVIF images"),
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                ("HEIC 画像", "HEIC images")
            }
            _ => ("動画や HEIC などの形式", "Videos and HEIC-like files"),
        };
        return Err(unsupported(
            name,
            &format!("{ja}は読み込めません。{WHAT_TO_DO_JA}"),
            &format!("{en} cannot be read. {WHAT_TO_DO_EN}"),
        ));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Err(unsupported(
            name,
            &format!("GIF 画像は読み込めません。{WHAT_TO_DO_JA}"),
            &format!("GIF images cannot be read. {WHAT_TO_DO_EN}"),
        ));
    }
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        return Err(unsupported(
            name,
            "ZIP などの圧縮ファイル（Word・Excel を含む）は読み込めません。中の PDF か画像を取り出して選んでください",
            "ZIP archives (and Word or Excel files) cannot be read. Extract the PDF or image inside and choose that",
        ));
    }
    if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") || b.starts_with(b"BM") {
        return Err(unsupported(
            name,
            &format!("TIFF・BMP 画像は読み込めません。{WHAT_TO_DO_JA}"),
            &format!("TIFF and BMP images cannot be read. {WHAT_TO_DO_EN}"),
        ));
    }
    Err(unsupported(
        name,
        "PDF・PNG・JPEG・WebP のどれでもないため読み込めません。マイナポータルの資格情報画面を PDF で保存するか、スクリーンショットを撮ってください",
        "this is not a PDF, PNG, JPEG or WebP file. Save the Mynaportal qualification screen as PDF or take a screenshot",
    ))
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 2)?;
    Some(u32::from(u16::from_be_bytes([s[0], s[1]])))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// Width and height as the header declares them (before any decoder runs).
pub(crate) fn dimensions(b: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    match format {
        ImageFormat::Png => {
            // Signature, then the IHDR chunk: length, "IHDR", width, height.
            if b.get(12..16)? != b"IHDR" {
                return None;
            }
            Some((be32(b, 16)?, be32(b, 20)?))
        }
        ImageFormat::Jpeg => jpeg_sof(b).map(|s| s.dims),
        ImageFormat::WebP { .. } => {
            let chunk = b.get(12..16)?;
            match chunk {
                b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
                b"VP8L" => {
                    let bits = be32_le(b, 21)?;
                    Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
                }
                b"VP8 " => {
                    // Frame tag (3), start code (3), then 14-bit width and height.
                    let w = be16_le(b, 26)? & 0x3FFF;
                    let h = be16_le(b, 28)? & 0x3FFF;
                    Some((w, h))
                }
                _ => None,
            }
        }
    }
}

fn be32_le(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn be16_le(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 2)?;
    Some(u32::from(u16::from_le_bytes([s[0], s[1]])))
}

pub(crate) struct JpegSof {
    pub dims: (u32, u32),
    /// Offset of the first SOS marker's segment end (start of the entropy-coded data).
    pub scan_start: Option<usize>,
}

/// Walks the JPEG marker segments to the frame header (SOFn) and the first scan.
pub(crate) fn jpeg_sof(b: &[u8]) -> Option<JpegSof> {
    let mut at = 2; // after SOI
    let mut dims = None;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return dims.map(|dims| JpegSof {
                dims,
                scan_start: None,
            });
        }
        let marker = b[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        let len = be16(b, at + 2)? as usize;
        if len < 2 {
            return None;
        }
        let seg_end = at + 2 + len;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = be16(b, at + 5)?;
                let w = be16(b, at + 7)?;
                dims = Some((w, h));
            }
            0xDA => {
                return dims.map(|dims| JpegSof {
                    dims,
                    scan_start: Some(seg_end.min(b.len())),
                });
            }
            0xD9 => break,
            _ => {}
        }
        at = seg_end;
    }
    dims.map(|dims| JpegSof {
        dims,
        scan_start: None,
    })
}

/// Whether a JPEG's data ends properly: an EOI marker after the first scan. A file cut off in
/// transfer has none (zune-jpeg would otherwise fill the missing rows with grey).
pub(crate) fn jpeg_complete(b: &[u8]) -> bool {
    match jpeg_sof(b).and_then(|s| s.scan_start) {
        Some(start) => b
            .get(start..)
            .and_then(|s| find(s, &[0xFF, 0xD9]))
            .is_some(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_file() {
        let e = sniff("taro.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap_err();
        assert_eq!(e.kind(), "unsupported_file");
        assert!(e
            .message_ja()
            .starts_with("taro.heic: HEIC 画像は読み込めません"));
        assert!(e.to_string().contains("HEIC"));
        for (bytes, word) in [
            (&b"GIF89a\x01\0\x01\0"[..], "GIF"),
            (&b"PK\x03\x04\x14\0\0\0"[..], "ZIP"),
            (&b"\0\x01\x02\x03 random"[..], "not a PDF"),
            (&b""[..], "empty"),
        ] {
            let e = sniff("x.png", bytes).unwrap_err();
            assert!(e.to_string().starts_with("x.png: "), "{e}");
            assert!(e.to_string().contains(word), "{e}");
            assert!(e.is_bad_input());
        }
    }

    #[test]
    fn header_dimensions() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x02\0\0\0";
        assert_eq!(dimensions(png, ImageFormat::Png), Some((100_000, 100_000)));
        assert_eq!(dimensions(b"\x89PNG", ImageFormat::Png), None);
        assert!(jpeg_sof(&[0xFF, 0xD8, 0xFF]).is_none());
    }
}
