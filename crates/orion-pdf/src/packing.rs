//! Packing slips and pick lists: the views (every value already formatted by the caller, in
//! the document's language) and their layout on A4 pages, with the invoice's layout helpers.
//!
//! A packing slip goes into the parcel: the store, the order number as a Code 128 barcode,
//! the order date, the delivery address and the items to pack (SKU, name, quantity, bin, a
//! box to tick). A pick list is for the walk through the warehouse before packing: the
//! units of several orders summed per product and bin, in the order the caller sorted them
//! (by bin, then SKU), with the orders that need them.

use serde::{Deserialize, Serialize};

use crate::barcode;
use crate::fonts::Fonts;
use crate::labels::{Labels, labels};
use crate::layout::{
    Align, BLOCK, BODY, BODY_MUTED, CONTENT_W, HEADING, LEADING, Layout, MARGIN_X, MM, NAME, Op,
    RULE_GRAY, Role, Row, SMALL_MUTED, Style, TITLE, Table, footer,
};

/// One order's packing slip, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingSlipView {
    /// `en`, `fr` or `de`: selects the labels (anything else prints English labels).
    pub lang: String,
    /// The store (or seller) name printed at the top.
    pub store_name: String,
    /// Printed in the title and as a Code 128 barcode.
    pub order_number: String,
    /// Formatted for the language by the caller.
    pub order_date: String,
    /// The delivery address, one line each (name, street, postal code and city, country).
    pub ship_to: Vec<String>,
    /// The items to pack (declined items left out by the caller).
    pub items: Vec<PackingItemView>,
    /// The units of all items, formatted.
    pub total_units: String,
    /// The order's notes, when it has some.
    #[serde(default)]
    pub notes: Option<String>,
}

/// One item of a packing slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingItemView {
    #[serde(default)]
    pub sku: Option<String>,
    pub name: String,
    /// Formatted, e.g. `2` or `1 200`.
    pub quantity: String,
    /// Where the units are: a bin code, several (`A-01, B-03`), or `—`.
    pub bin: String,
}

/// A pick list for several orders, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickListView {
    pub lang: String,
    pub store_name: String,
    /// The day it is printed, formatted by the caller.
    pub date: String,
    /// The orders it covers.
    pub order_numbers: Vec<String>,
    /// One row per product and bin, in the order to walk (the caller sorts).
    pub rows: Vec<PickRowView>,
    /// The units of all rows, formatted.
    pub total_units: String,
}

/// The units of one product to take from one bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickRowView {
    /// A bin code, or `—` when the stock has no bin.
    pub bin: String,
    #[serde(default)]
    pub sku: Option<String>,
    pub name: String,
    /// Formatted.
    pub quantity: String,
    /// The orders needing these units.
    pub orders: Vec<String>,
}

/// At most this many order numbers are printed in one pick-list row (then `+N`), so that a
/// row always fits on a page.
pub(crate) const MAX_ROW_ORDERS: usize = 24;

/// Space kept for the footer (a rule and one line).
pub(crate) const MARGIN_BOTTOM: f32 = 20.0 * MM + 3.6 * MM;
/// Inset of the table cells (x, y).
pub(crate) const INSET: (f32, f32) = (4.0, 5.0);
/// Side of the boxes ticked by hand.
const BOX: f32 = 3.2 * MM;

/// Columns of a packing slip's items: SKU, name, quantity, bin, packed.
const SLIP_COLS: [(f32, Align); 5] = [
    (30.0 * MM, Align::Left),
    (CONTENT_W - 91.0 * MM, Align::Left),
    (15.0 * MM, Align::Right),
    (28.0 * MM, Align::Left),
    (18.0 * MM, Align::Left),
];

/// Columns of a pick list: bin, SKU, name, quantity, orders (one number a line, wide enough
/// for `ORD-STORECODE-20261124-ABCDEF` in small type), picked.
const PICK_COLS: [(f32, Align); 6] = [
    // Wide enough for the bold "Emplacement".
    (24.0 * MM, Align::Left),
    (24.0 * MM, Align::Left),
    (CONTENT_W - 135.0 * MM, Align::Left),
    (15.0 * MM, Align::Right),
    (50.0 * MM, Align::Left),
    // Wide enough for the bold "Entnommen".
    (22.0 * MM, Align::Left),
];

/// A box to tick in the last column of a table row placed at `top`.
fn tick_box(cols: &[(f32, Align)]) -> impl Fn(&mut Vec<Op>, f32, f32) + '_ {
    move |ops, top, _| {
        let x = MARGIN_X + cols[..cols.len() - 1].iter().map(|c| c.0).sum::<f32>();
        ops.push(Op::Rect {
            x: x + INSET.0,
            y: top + INSET.1 - 1.0,
            w: BOX,
            h: BOX,
            gray: RULE_GRAY / 2,
            stroke: Some(0.7),
        });
    }
}

/// Puts the footer (`line` and `Page n / N`) on every page of one document.
pub(crate) fn finish(
    fonts: &Fonts,
    mut pages: Vec<Vec<Op>>,
    line: String,
    l: &Labels,
) -> Vec<Vec<Op>> {
    let total = pages.len();
    let lines = [line];
    for (i, page) in pages.iter_mut().enumerate() {
        footer(fonts, page, &lines, l.page, MARGIN_BOTTOM, (i + 1, total));
    }
    pages
}

/// The store's name at the top left, `width` wide; returns its bottom.
fn store_name(lay: &mut Layout, name: &str, width: f32) -> f32 {
    let top = lay.y;
    let p = lay.fonts.para(&[(name, NAME)], width, LEADING);
    let bottom = top + p.height;
    p.place_block(lay.ops(), MARGIN_X, top, width, Align::Left);
    bottom
}

/// The document's title across the page, `BLOCK`s below `from`.
pub(crate) fn title(lay: &mut Layout, from: f32, text: &str) {
    lay.y = from + 2.0 * BLOCK;
    let t = lay.fonts.para(&[(text, TITLE)], CONTENT_W, LEADING);
    let (y, h) = (lay.y, t.height);
    t.place_block(lay.ops(), MARGIN_X, y, CONTENT_W, Align::Left);
    lay.y += h;
}

/// A heading in small capitals over lines of text, placed at `(x, y)`; returns its bottom.
pub(crate) fn block(
    lay: &mut Layout,
    x: f32,
    y: f32,
    width: f32,
    head: &str,
    lines: &[String],
) -> f32 {
    let head = head.to_uppercase();
    let mut all = vec![(head.as_str(), HEADING)];
    all.extend(lines.iter().map(|s| (s.as_str(), BODY)));
    let p = lay.fonts.para(&all, width, LEADING);
    let bottom = y + p.height;
    p.place_block(lay.ops(), x, y, width, Align::Left);
    bottom
}

/// A bold `label value` line at the right edge, after a table.
pub(crate) fn total_line(lay: &mut Layout, label: &str, value: &str) {
    lay.y += 4.0 * MM;
    let text = format!("{label}  {value}");
    let p = lay
        .fonts
        .para(&[(&text, crate::layout::BOLD)], CONTENT_W, LEADING);
    lay.ensure(p.height);
    let (y, h) = (lay.y, p.height);
    p.place_block(lay.ops(), MARGIN_X, y, CONTENT_W, Align::Right);
    lay.y += h;
}

/// Lays out one packing slip: its own pages, numbered from 1.
pub(crate) fn slip(fonts: &Fonts, v: &PackingSlipView) -> Vec<Vec<Op>> {
    let l = labels(&v.lang);
    let mut lay = Layout::new(fonts, MARGIN_BOTTOM);
    let heading = format!("{} {}", l.packing_slip, v.order_number);
    let col = (CONTENT_W - 12.0 * MM) / 2.0;
    // Each slip is a section of the structure tree (several slips share one PDF).
    lay.ops().push(Op::Open(Role::Sect));

    // The barcode at the top right, the number printed under it.
    let top = lay.y;
    let bar_h = 13.0 * MM;
    let right = MARGIN_X + CONTENT_W;
    let width = barcode::draw(lay.ops(), &v.order_number, right, top, col, bar_h);
    let number = lay.fonts.para(&[(&v.order_number, BODY)], width, LEADING);
    let number_bottom = top + bar_h + 2.0 * MM + number.height;
    number.place_block(
        lay.ops(),
        right - width,
        top + bar_h + 2.0 * MM,
        width,
        Align::Right,
    );

    let name_bottom = store_name(&mut lay, &v.store_name, CONTENT_W - width - 6.0 * MM);
    title(&mut lay, name_bottom.max(number_bottom), &heading);
    lay.y += 6.0 * MM + BLOCK;

    // Delivery address on the left; order date (and notes) on the right.
    let y = lay.y;
    let left = block(&mut lay, MARGIN_X, y, col, l.ship_to, &v.ship_to);
    let right_x = MARGIN_X + col + 12.0 * MM;
    let mut right_bottom = block(
        &mut lay,
        right_x,
        y,
        col,
        l.order_date,
        std::slice::from_ref(&v.order_date),
    );
    if let Some(notes) = v.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        let y = right_bottom + 3.0 * MM + BLOCK;
        right_bottom = block(&mut lay, right_x, y, col, l.notes, &[notes.to_owned()]);
    }
    lay.y = left.max(right_bottom) + 6.0 * MM + BLOCK;

    let header = [l.sku, l.product, l.quantity, l.bin, l.packed];
    let table = Table {
        cols: &SLIP_COLS,
        inset: INSET,
        header: &header,
    };
    let rows = v.items.iter().map(|i| -> Row {
        vec![
            vec![(i.sku.clone().unwrap_or_default(), BODY)],
            vec![(i.name.clone(), BODY)],
            vec![(i.quantity.clone(), BODY)],
            vec![(i.bin.clone(), BODY)],
            vec![(String::new(), BODY)],
        ]
    });
    table.flow(&mut lay, rows, tick_box(&SLIP_COLS));
    total_line(&mut lay, l.total_units, &v.total_units);
    let mut pages = finish(fonts, lay.pages, heading, l);
    if let Some(last) = pages.last_mut() {
        last.push(Op::Close);
    }
    pages
}

/// The order numbers of a pick-list row, one a line, cut after [`MAX_ROW_ORDERS`] (`+N` for
/// the rest).
fn row_orders(orders: &[String]) -> Vec<(String, Style)> {
    let mut lines: Vec<(String, Style)> = orders
        .iter()
        .take(MAX_ROW_ORDERS)
        .map(|o| (o.clone(), SMALL_MUTED))
        .collect();
    if orders.len() > MAX_ROW_ORDERS {
        lines.push((format!("+{}", orders.len() - MAX_ROW_ORDERS), SMALL_MUTED));
    }
    lines
}

/// Lays out a pick list.
pub(crate) fn pick_list(fonts: &Fonts, v: &PickListView) -> Vec<Vec<Op>> {
    let l = labels(&v.lang);
    let mut lay = Layout::new(fonts, MARGIN_BOTTOM);
    let name_bottom = store_name(&mut lay, &v.store_name, CONTENT_W);
    title(&mut lay, name_bottom, l.pick_list);
    lay.y += 2.0 * MM + 2.0 * BLOCK;

    let col = (CONTENT_W - 12.0 * MM) / 2.0;
    let y = lay.y;
    let left = block(
        &mut lay,
        MARGIN_X,
        y,
        col,
        l.date,
        std::slice::from_ref(&v.date),
    );
    let count = v.order_numbers.len().to_string();
    let right = block(
        &mut lay,
        MARGIN_X + col + 12.0 * MM,
        y,
        col,
        l.orders,
        &[count],
    );
    lay.y = left.max(right) + 2.0 * MM;
    // Every order number: for a thousand orders this runs over pages.
    let numbers = v.order_numbers.join(", ");
    lay.flow_lines(&[(&numbers, BODY_MUTED)], MARGIN_X, CONTENT_W);
    lay.y += 6.0 * MM + BLOCK;

    let header = [l.bin, l.sku, l.product, l.quantity, l.orders, l.picked];
    let table = Table {
        cols: &PICK_COLS,
        inset: INSET,
        header: &header,
    };
    let rows = v.rows.iter().map(|r| -> Row {
        vec![
            vec![(r.bin.clone(), crate::layout::BOLD)],
            vec![(r.sku.clone().unwrap_or_default(), BODY)],
            vec![(r.name.clone(), BODY)],
            vec![(r.quantity.clone(), BODY)],
            row_orders(&r.orders),
            vec![(String::new(), BODY)],
        ]
    });
    table.flow(&mut lay, rows, tick_box(&PICK_COLS));
    total_line(&mut lay, l.total_units, &v.total_units);
    finish(fonts, lay.pages, format!("{} · {}", l.pick_list, v.date), l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_orders_are_cut_with_a_count_of_the_rest() {
        let text = |lines: Vec<(String, Style)>| -> Vec<String> {
            lines.into_iter().map(|(t, _)| t).collect()
        };
        let few: Vec<String> = (1..=3).map(|n| format!("O-{n}")).collect();
        assert_eq!(text(row_orders(&few)), few);
        let many: Vec<String> = (1..=30).map(|n| format!("O-{n}")).collect();
        let lines = text(row_orders(&many));
        assert_eq!(lines.len(), 25);
        assert_eq!(lines[23..], ["O-24".to_owned(), "+6".to_owned()]);
    }

    #[test]
    fn columns_fill_the_content_width() {
        let sum = |cols: &[(f32, Align)]| cols.iter().map(|c| c.0).sum::<f32>();
        assert!((sum(&SLIP_COLS) - CONTENT_W).abs() < 0.01);
        assert!((sum(&PICK_COLS) - CONTENT_W).abs() < 0.01);
    }
}
