//! Purchase orders: the view (every value already formatted by the caller, in the document's
//! language) and its layout on A4 pages, with the helpers of packing slips and invoices.
//!
//! A purchase order is what a seller sends to a supplier to buy stock: the buyer (the store)
//! top left, the supplier top right, the title with the number, the order and expected
//! delivery dates, the currency and the delivery address, then the lines (SKU and the
//! supplier's reference, description with the GTIN, quantity, unit cost and line total, both
//! excluding VAT) flowing over pages with their header repeated, the total excluding VAT, the
//! notes and the payment terms. Every page ends with the title and `Page n / N`.

use serde::{Deserialize, Serialize};

use crate::PartyView;
use crate::fonts::Fonts;
use crate::labels::{Labels, labels};
use crate::layout::{
    Align, BLOCK, BODY, BODY_MUTED, CONTENT_W, HEADING, LEADING, Layout, MARGIN_X, MM, NAME, Op,
    Role, Row, SMALL_MUTED, Style, Table, party_lines,
};
use crate::packing::{INSET, MARGIN_BOTTOM, block, finish, title, total_line};

/// A purchase order, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderView {
    /// `en`, `fr` or `de`: selects the labels (anything else prints English labels).
    pub lang: String,
    /// E.g. `PO-2026-00001`.
    pub number: String,
    /// Formatted for the language by the caller, e.g. `05.12.2026`.
    pub order_date: String,
    /// When the goods are expected, formatted by the caller.
    #[serde(default)]
    pub expected_date: Option<String>,
    /// Who orders (the store): name, address, VAT id; `extra_lines` print muted (e-mail…).
    pub buyer: PartyView,
    /// Who is asked to deliver.
    pub supplier: SupplierView,
    /// Where to deliver, one line each; empty: no delivery block.
    #[serde(default)]
    pub deliver_to: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub payment_terms: Option<String>,
    /// E.g. `EUR`: printed beside the dates.
    pub currency: String,
    pub lines: Vec<PurchaseLineView>,
    /// The total excluding VAT, formatted, e.g. `94,95 €`.
    pub total: String,
}

/// The supplier of a purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierView {
    pub name: String,
    /// The contact person, printed as `Attn. <contact>` (`À l'attention de`, `z. Hd.`).
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub address_lines: Vec<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
}

/// One line of a purchase order; the amounts exclude VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLineView {
    /// The buyer's SKU.
    pub sku: String,
    /// The supplier's reference for the product, printed under the SKU.
    #[serde(default)]
    pub supplier_sku: Option<String>,
    pub description: String,
    /// Printed under the description.
    #[serde(default)]
    pub gtin: Option<String>,
    /// Formatted.
    pub quantity: String,
    /// Formatted money, excluding VAT.
    pub unit_cost: String,
    /// Formatted money, excluding VAT.
    pub line_total: String,
}

/// Columns of the lines: SKU and supplier reference, description, quantity, unit cost, total.
const PO_COLS: [(f32, Align); 5] = [
    (34.0 * MM, Align::Left),
    (CONTENT_W - 108.0 * MM, Align::Left),
    (16.0 * MM, Align::Right),
    (29.0 * MM, Align::Right),
    (29.0 * MM, Align::Right),
];

/// `Some` text unless absent or blank.
fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// The supplier block: heading, name, contact, address, VAT id, then e-mail and phone muted.
fn supplier_lines(s: &SupplierView, l: &Labels) -> Vec<(String, Style)> {
    let mut lines = vec![(l.supplier.to_uppercase(), HEADING), (s.name.clone(), NAME)];
    if let Some(c) = present(&s.contact) {
        lines.push((format!("{} {c}", l.attention), BODY));
    }
    lines.extend(s.address_lines.iter().map(|a| (a.clone(), BODY)));
    if let Some(v) = present(&s.vat_id) {
        lines.push((format!("{} {v}", l.vat_id), BODY));
    }
    if let Some(e) = present(&s.email) {
        lines.push((format!("{} {e}", l.email), BODY_MUTED));
    }
    if let Some(p) = present(&s.phone) {
        lines.push((format!("{} {p}", l.phone), BODY_MUTED));
    }
    lines
}

/// Labels (muted) and their values one pair a row, from `(MARGIN_X, y)` in a column `width`
/// wide; returns the bottom.
fn facts_grid(lay: &mut Layout, y: f32, width: f32, facts: &[(&str, &str)]) -> f32 {
    let key_w = 34.0 * MM;
    let value_x = MARGIN_X + key_w + 4.0 * MM;
    let value_w = width - key_w - 4.0 * MM;
    let mut y = y;
    lay.ops().push(Op::Open(Role::Table));
    for (i, (k, v)) in facts.iter().enumerate() {
        if i > 0 {
            y += 1.6 * MM;
        }
        let key = lay.fonts.para(&[(k, BODY_MUTED)], key_w, LEADING);
        let value = lay.fonts.para(&[(v, BODY)], value_w, LEADING);
        let h = key.height.max(value.height);
        let ops = lay.ops();
        ops.extend([Op::Open(Role::TR), Op::Open(Role::RowHeader)]);
        key.place(ops, MARGIN_X, y, key_w, Align::Left);
        ops.extend([Op::Close, Op::Open(Role::TD)]);
        value.place(ops, value_x, y, value_w, Align::Left);
        ops.extend([Op::Close, Op::Close]);
        y += h;
    }
    lay.ops().push(Op::Close);
    y
}

/// The table header: the SKU over `Supplier ref.` (as in the cells), description, quantity,
/// unit cost, total.
fn header_titles(l: &Labels) -> [String; 5] {
    [
        format!("{}\n{}", l.sku, l.supplier_ref),
        l.description.to_owned(),
        l.quantity.to_owned(),
        l.unit_cost.to_owned(),
        l.line_total.to_owned(),
    ]
}

/// Lays out a purchase order: one list of drawing operations per page.
pub(crate) fn purchase_order(fonts: &Fonts, v: &PurchaseOrderView) -> Vec<Vec<Op>> {
    let l = labels(&v.lang);
    let mut lay = Layout::new(fonts, MARGIN_BOTTOM);
    let heading = format!("{} {}", l.purchase_order, v.number);
    let col = (CONTENT_W - 12.0 * MM) / 2.0;
    let right_x = MARGIN_X + col + 12.0 * MM;

    // The buyer top left, the supplier top right.
    let top = lay.y;
    let buyer_heading = l.buyer.to_uppercase();
    let buyer_vat = present(&v.buyer.vat_id).map(|id| format!("{} {id}", l.vat_id));
    let buyer = lay.fonts.para(
        &party_lines(&v.buyer, Some(&buyer_heading), &buyer_vat),
        col,
        LEADING,
    );
    let left_bottom = top + buyer.height;
    buyer.place_block(lay.ops(), MARGIN_X, top, col, Align::Left);
    let supplier = supplier_lines(&v.supplier, l);
    let supplier: Vec<(&str, Style)> = supplier.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    let supplier = lay.fonts.para(&supplier, col, LEADING);
    let right_bottom = top + supplier.height;
    supplier.place_block(lay.ops(), right_x, top, col, Align::Left);

    title(&mut lay, left_bottom.max(right_bottom) + 3.0 * MM, &heading);
    lay.y += 6.0 * MM + BLOCK;

    // Dates and currency on the left (a label, its value beside it), the delivery address on
    // the right.
    let y = lay.y;
    let mut facts = vec![(l.order_date, v.order_date.as_str())];
    if let Some(d) = present(&v.expected_date) {
        facts.push((l.expected_date, d));
    }
    facts.push((l.currency, v.currency.as_str()));
    let left = facts_grid(&mut lay, y, col, &facts);
    let mut right = y;
    if !v.deliver_to.is_empty() {
        right = block(&mut lay, right_x, y, col, l.deliver_to, &v.deliver_to);
    }
    lay.y = left.max(right) + 6.0 * MM + BLOCK;

    let titles = header_titles(l);
    let header = titles.each_ref().map(String::as_str);
    let table = Table {
        cols: &PO_COLS,
        inset: INSET,
        header: &header,
    };
    let rows = v.lines.iter().map(|line| -> Row {
        let mut reference = vec![(line.sku.clone(), BODY)];
        if let Some(s) = present(&line.supplier_sku) {
            reference.push((s.to_owned(), SMALL_MUTED));
        }
        let mut description = vec![(line.description.clone(), BODY)];
        if let Some(g) = present(&line.gtin) {
            description.push((format!("{} {g}", l.gtin), SMALL_MUTED));
        }
        vec![
            reference,
            description,
            vec![(line.quantity.clone(), BODY)],
            vec![(line.unit_cost.clone(), BODY)],
            vec![(line.line_total.clone(), BODY)],
        ]
    });
    table.flow(&mut lay, rows, |_, _, _| {});
    total_line(&mut lay, l.net_total, &v.total);

    // Notes, then payment terms, across the page: long notes run over pages.
    for (head, text) in [(l.notes, &v.notes), (l.payment_terms, &v.payment_terms)] {
        let Some(text) = present(text) else {
            continue;
        };
        lay.y += 5.0 * MM + BLOCK;
        // The heading stays with the first line of the text.
        lay.ensure(lay.fonts.cap(HEADING) + LEADING + lay.fonts.cap(BODY));
        let head = head.to_uppercase();
        lay.flow_lines(&[(&head, HEADING), (text, BODY)], MARGIN_X, CONTENT_W);
    }
    finish(fonts, lay.pages, heading, l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{BOLD, PAGE_H};

    fn view(description: &str) -> PurchaseOrderView {
        PurchaseOrderView {
            lang: "en".into(),
            number: "PO-2026-00001".into(),
            order_date: "05/12/2026".into(),
            expected_date: None,
            buyer: PartyView {
                name: "Épicerie Alpha".into(),
                company: None,
                address_lines: vec!["1 Rue de la Gare".into()],
                vat_id: None,
                extra_lines: vec![],
            },
            supplier: SupplierView {
                name: "Teehaus GmbH".into(),
                contact: None,
                address_lines: vec![],
                email: None,
                phone: None,
                vat_id: None,
            },
            deliver_to: vec![],
            notes: None,
            payment_terms: None,
            currency: "EUR".into(),
            lines: vec![PurchaseLineView {
                sku: "TEA-01".into(),
                supplier_sku: None,
                description: description.into(),
                gtin: None,
                quantity: "10".into(),
                unit_cost: "€3.50".into(),
                line_total: "€35.00".into(),
            }],
            total: "€35.00".into(),
        }
    }

    #[test]
    fn columns_fill_the_content_width() {
        let sum: f32 = PO_COLS.iter().map(|c| c.0).sum();
        assert!((sum - CONTENT_W).abs() < 0.01);
    }

    /// No word of a column title is broken between characters, in any language.
    #[test]
    fn header_words_fit_their_columns() {
        let fonts = Fonts::load();
        for lang in ["en", "fr", "de"] {
            for (title, (w, _)) in header_titles(labels(lang)).iter().zip(PO_COLS) {
                for word in title.split_whitespace() {
                    let word_w = fonts.bold.width(word, BOLD.size);
                    assert!(
                        word_w <= w - 2.0 * INSET.0,
                        "{lang}: {word:?} is {word_w} pt wide, its column {} pt",
                        w - 2.0 * INSET.0
                    );
                }
            }
        }
    }

    /// A long description wraps within its column: every piece of it is drawn between the
    /// column's insets, on several lines, and nothing runs into the next column.
    #[test]
    fn long_description_wraps_within_its_column() {
        let fonts = Fonts::load();
        let words: Vec<String> = (1..=60).map(|i| format!("word{i:02}")).collect();
        let pages = purchase_order(&fonts, &view(&words.join(" ")));
        assert_eq!(pages.len(), 1);
        let x0 = MARGIN_X + PO_COLS[0].0 + INSET.0;
        let x1 = MARGIN_X + PO_COLS[0].0 + PO_COLS[1].0 - INSET.0;
        let mut ys = Vec::new();
        let mut seen = String::new();
        for op in &pages[0] {
            if let Op::Text { x, y, text, .. } = op
                && text.starts_with("word")
            {
                let w = fonts.regular.width(text, BODY.size);
                assert!(
                    *x >= x0 - 0.01 && x + w <= x1 + 0.01,
                    "{text:?} at {x}..{}",
                    x + w
                );
                assert!(*y < PAGE_H);
                ys.push(*y);
                seen.push_str(text);
                seen.push(' ');
            }
        }
        assert!(
            ys.len() >= 5,
            "60 words wrap on several lines, got {}",
            ys.len()
        );
        assert!(ys.windows(2).all(|p| p[0] < p[1]), "lines go down: {ys:?}");
        assert_eq!(seen.trim_end(), words.join(" "));
    }
}
