//! The embedded fonts: krilla fonts for the PDF, plus the metrics the layout needs (glyph ids and
//! advance widths per character, cap height), read once with skrifa.

use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

const REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// Characters below this code point are looked up in a table built once; others (rare: Greek,
/// Cyrillic, symbols) go through the font's character map on each use.
const TABLE_CHARS: u32 = 0x0600;

/// One embedded face: the krilla font and its metrics.
pub(crate) struct Face {
    pub(crate) font: Font,
    skrifa: skrifa::FontRef<'static>,
    /// Glyph id and advance (font units) per character below `TABLE_CHARS`.
    table: Vec<(u16, u16)>,
    units_per_em: f32,
    /// Cap height as a fraction of the font size.
    pub(crate) cap_height: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        let font = Font::new(data.into(), 0).expect("embedded font parses");
        let skrifa = skrifa::FontRef::new(data).expect("embedded font parses");
        let metrics = skrifa.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em);
        let charmap = skrifa.charmap();
        let advances = skrifa.glyph_metrics(Size::unscaled(), LocationRef::default());
        let table = (0..TABLE_CHARS)
            .map(|c| {
                let gid = charmap.map(c).unwrap_or_default();
                let adv = advances.advance_width(gid).unwrap_or(0.0);
                (gid.to_u32() as u16, adv as u16)
            })
            .collect();
        let cap_height = metrics.cap_height.unwrap_or(0.7 * units_per_em) / units_per_em;
        Face {
            font,
            skrifa,
            table,
            units_per_em,
            cap_height,
        }
    }

    /// Glyph id and advance (as a fraction of the font size) of `c`; `.notdef` when the font
    /// lacks it.
    fn glyph(&self, c: char) -> (u32, f32) {
        let (gid, adv) = match self.table.get(c as usize) {
            Some(&(gid, adv)) => (u32::from(gid), f32::from(adv)),
            None => {
                let gid = self.skrifa.charmap().map(c).unwrap_or_default();
                let adv = self
                    .skrifa
                    .glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(gid)
                    .unwrap_or(0.0);
                (gid.to_u32(), adv)
            }
        };
        (gid, adv / self.units_per_em)
    }

    /// Width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// The glyphs of `text`, one per character, each knowing the bytes it stands for (so the
    /// PDF maps them back to the text for copying and extraction).
    pub(crate) fn glyphs(&self, text: &str, out: &mut Vec<KrillaGlyph>) {
        out.clear();
        out.extend(text.char_indices().map(|(i, c)| {
            let (gid, adv) = self.glyph(c);
            let range: Range<usize> = i..i + c.len_utf8();
            KrillaGlyph::new(GlyphId::new(gid), adv, 0.0, 0.0, 0.0, range, None)
        }));
    }
}

/// Liberation Sans Regular and Bold.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn load() -> Fonts {
        Fonts {
            regular: Face::load(REGULAR),
            bold: Face::load(BOLD),
        }
    }
}
