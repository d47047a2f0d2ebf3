//! The seller logo: a PNG decoded in full before it is accepted, so a logo that was accepted
//! can always be drawn.

use std::io::Cursor;

/// The widest and tallest logo accepted, in pixels.
pub const MAX_LOGO_PX: u32 = 4096;

/// Why bytes are not a logo Orion can print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    /// Not a PNG at all, or a PNG whose data is damaged or truncated.
    #[error("must be a valid PNG image: this file is damaged or is not a PNG")]
    NotPng,
    /// Wider or taller than [`MAX_LOGO_PX`].
    #[error("must be at most 4096 × 4096 pixels")]
    TooLarge,
}

/// The logo's width and height in pixels, once every row of the image has been decoded.
pub fn check_logo(png_bytes: &[u8]) -> Result<(u32, u32), LogoError> {
    // The decoder reads the header first: the dimensions are checked before any pixel is.
    let decoder = png::Decoder::new(Cursor::new(png_bytes));
    let mut reader = decoder.read_info().map_err(|_| LogoError::NotPng)?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w == 0 || h == 0 {
        return Err(LogoError::NotPng);
    }
    if w > MAX_LOGO_PX || h > MAX_LOGO_PX {
        return Err(LogoError::TooLarge);
    }
    // Row by row, so checking a large logo never holds the whole bitmap.
    let mut rows = 0u32;
    while reader.next_row().map_err(|_| LogoError::NotPng)?.is_some() {
        rows += 1;
    }
    if rows == 0 {
        return Err(LogoError::NotPng);
    }
    reader.finish().map_err(|_| LogoError::NotPng)?;
    Ok((w, h))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid `w`×`h` RGBA PNG.
    pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        writer
            .write_image_data(&vec![0x80; (w * h * 4) as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn valid_png_passes_with_its_size() {
        assert_eq!(check_logo(&png(3, 2)), Ok((3, 2)));
    }

    #[test]
    fn signature_with_garbage_is_refused() {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(&[0xAB; 200]);
        assert_eq!(check_logo(&bytes), Err(LogoError::NotPng));
        assert_eq!(check_logo(b""), Err(LogoError::NotPng));
        assert_eq!(check_logo(b"GIF89a"), Err(LogoError::NotPng));
    }

    #[test]
    fn truncated_or_damaged_png_is_refused() {
        let good = png(40, 40);
        assert_eq!(check_logo(&good[..good.len() - 20]), Err(LogoError::NotPng));
        // Damage the compressed pixel data (the IDAT chunk) but keep the header intact.
        let mut bad = good.clone();
        let idat = bad.windows(4).position(|w| w == b"IDAT").unwrap();
        for b in &mut bad[idat + 4..idat + 14] {
            *b ^= 0x5A;
        }
        assert_eq!(check_logo(&bad), Err(LogoError::NotPng));
    }

    #[test]
    fn oversized_dimensions_are_refused() {
        assert_eq!(check_logo(&png(4097, 1)), Err(LogoError::TooLarge));
        assert_eq!(check_logo(&png(1, 4097)), Err(LogoError::TooLarge));
        assert_eq!(check_logo(&png(4096, 1)), Ok((4096, 1)));
    }
}
