//! The text as a QR code (SVG for the screen, PNG for files).

use super::*;

// ---------------------------------------------------------------------------------------------
// QR images

pub(super) fn qr_code(text: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| {
        Error::InvalidInput(Msg::new(
            "内容が多すぎて 1 つの QR コードに入りません",
            "Too much to fit in one QR code",
        ))
    })
}

/// The QR version (1–40) the text needs at error-correction level M.
pub fn qr_version(text: &str) -> Result<i16> {
    Ok(match qr_code(text)?.version() {
        qrcode::Version::Normal(n) | qrcode::Version::Micro(n) => n,
    })
}

/// The text as an SVG QR code at level M, 8 units a module, with its 4-module quiet zone.
pub fn render_svg(text: &str) -> Result<String> {
    let code = qr_code(text)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(8, 8)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// The text as a greyscale PNG QR code at level M, `scale` pixels a module (1–64), with its
/// 4-module quiet zone.
pub fn render_png(text: &str, scale: u32) -> Result<Vec<u8>> {
    const QUIET: usize = 4;
    let code = qr_code(text)?;
    let modules = code.width();
    let colors = code.to_colors();
    let scale = scale.clamp(1, 64) as usize;
    let side = (modules + 2 * QUIET) * scale;
    let side32 = u32::try_from(side)
        .map_err(|_| Error::InvalidInput(Msg::new("大きすぎます", "Too large")))?;
    let img = image::GrayImage::from_fn(side32, side32, |x, y| {
        let (mx, my) = (x as usize / scale, y as usize / scale);
        let dark = mx >= QUIET
            && my >= QUIET
            && mx < QUIET + modules
            && my < QUIET + modules
            && colors.get((my - QUIET) * modules + (mx - QUIET)) == Some(&qrcode::Color::Dark);
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| {
            Error::Io(Msg::new(
                format!("PNG を作れません: {e}"),
                format!("Cannot write the PNG: {e}"),
            ))
        })?;
    Ok(png)
}
