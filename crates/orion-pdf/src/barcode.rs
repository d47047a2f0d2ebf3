//! Code 128 barcodes (ISO/IEC 15417, encoded by the `code128` crate) drawn as filled bars,
//! with the quiet zone of 10 modules the standard asks for on each side.

use code128::Code128;

use crate::layout::Op;

/// The widest module drawn (points): about 0.35 mm, easy for any scanner.
const MAX_MODULE: f32 = 1.0;

/// The bars of `data` as Code 128: each bar's left edge (from the symbol's left edge, the
/// quiet zone included) and width, in modules; and the symbol's whole width in modules.
pub(crate) fn bars(data: &str) -> (Vec<(u32, u32)>, u32) {
    let code = Code128::encode(data.as_bytes());
    let bars = code
        .bar_coordinates()
        .map(|b| (b.x, u32::from(b.width)))
        .collect();
    (bars, code.len() as u32)
}

/// Draws `data` as a barcode `height` tall with its top right corner at `(right, y)`, no
/// wider than `max_w` (the quiet zones included); returns the width it takes.
pub(crate) fn draw(
    ops: &mut Vec<Op>,
    data: &str,
    right: f32,
    y: f32,
    max_w: f32,
    height: f32,
) -> f32 {
    let (bars, modules) = bars(data);
    let module = (max_w / modules as f32).min(MAX_MODULE);
    let width = module * modules as f32;
    let left = right - width;
    ops.extend(bars.into_iter().map(|(x, w)| Op::Rect {
        x: left + x as f32 * module,
        y,
        w: w as f32 * module,
        h: height,
        gray: 0,
        stroke: None,
    }));
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Modules of white on each side of the bars (`code128` places the first bar there).
    const QUIET_MODULES: u32 = 10;

    /// Reads drawn bars back as `code128` bars (width and the space after, in modules).
    fn read_back(ops: &[Op], module: f32) -> Vec<code128::Bar> {
        let rects: Vec<(f32, f32)> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Rect { x, w, .. } => Some((*x, *w)),
                _ => None,
            })
            .collect();
        let modules = |pt: f32| (pt / module).round() as u8;
        rects
            .iter()
            .enumerate()
            .map(|(i, &(x, w))| code128::Bar {
                width: modules(w),
                space: rects
                    .get(i + 1)
                    .map_or(0, |&(next, _)| modules(next - x - w)),
            })
            .collect()
    }

    #[test]
    fn drawn_bars_decode_to_the_order_number() {
        for number in ["ORD-ALPHA-LU-20261124-ABCDEF", "LS-1234567", "A"] {
            let mut ops = Vec::new();
            let width = draw(&mut ops, number, 300.0, 10.0, 250.0, 40.0);
            let (_, modules) = bars(number);
            let module = width / modules as f32;
            assert!(width <= 250.0 + 0.01 && module <= MAX_MODULE);
            let decoded = code128::decode(&read_back(&ops, module)).expect("decodes");
            assert_eq!(String::from_utf8(decoded).unwrap(), number);
        }
    }

    #[test]
    fn quiet_zones_of_ten_modules_keep_the_bars_inside_the_width() {
        let number = "ORD-ALPHA-LU-20261124-ABCDEF";
        let mut ops = Vec::new();
        let width = draw(&mut ops, number, 500.0, 0.0, 250.0, 40.0);
        let (_, modules) = bars(number);
        let module = width / modules as f32;
        let (first, last) = match (ops.first(), ops.last()) {
            (Some(Op::Rect { x: a, .. }), Some(Op::Rect { x: b, w, .. })) => (*a, *b + *w),
            _ => panic!("bars are rectangles"),
        };
        let quiet = QUIET_MODULES as f32 * module;
        assert!(
            (first - (500.0 - width) - quiet).abs() < 0.01,
            "left quiet zone"
        );
        assert!((500.0 - last - quiet).abs() < 0.01, "right quiet zone");
    }

    #[test]
    fn a_different_number_gives_different_bars() {
        assert_ne!(bars("ORD-1").0, bars("ORD-2").0);
    }
}
