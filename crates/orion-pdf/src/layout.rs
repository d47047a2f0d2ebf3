//! The invoice layout: places every piece of text, rule and the logo on A4 pages (in points,
//! origin top left, y down), then draws the pages with krilla.
//!
//! It reproduces the former Typst template (`Liberation Sans` 9 pt, lines as tall as the cap
//! height with a leading of half the font size, the same margins, columns, insets and
//! spacings) without a general layout engine: the document's structure is fixed, so each part
//! is measured and placed directly. Text wraps on spaces within its column, measured with the
//! font's advance widths; a word wider than the column is broken between characters.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::KrillaGlyph;

use crate::fonts::{Face, Fonts};
use crate::labels::{Labels, labels};
use crate::{InvoiceView, PartyView};

pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 595.2756;
pub(crate) const PAGE_H: f32 = 841.8898;
pub(crate) const MARGIN_TOP: f32 = 16.0 * MM;
pub(crate) const MARGIN_X: f32 = 18.0 * MM;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Typst's default spacing between blocks (1.2 em at 9 pt).
pub(crate) const BLOCK: f32 = 10.8;
/// Space between lines of a paragraph at 9 pt (0.5 em).
pub(crate) const LEADING: f32 = 4.5;

pub(crate) const MUTED: u8 = 90;
pub(crate) const RULE_GRAY: u8 = 170;
pub(crate) const RULE_W: f32 = 0.5;
pub(crate) const STRONG_GRAY: u8 = 60;
pub(crate) const STRONG_W: f32 = 0.8;

/// How a piece of text is printed.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Style {
    bold: bool,
    pub(crate) size: f32,
    gray: u8,
}

pub(crate) const BODY: Style = Style {
    bold: false,
    size: 9.0,
    gray: 0,
};
pub(crate) const BODY_MUTED: Style = Style {
    gray: MUTED,
    ..BODY
};
pub(crate) const BOLD: Style = Style { bold: true, ..BODY };
pub(crate) const NAME: Style = Style {
    bold: true,
    size: 10.0,
    gray: 0,
};
pub(crate) const HEADING: Style = Style {
    bold: true,
    size: 7.5,
    gray: MUTED,
};
pub(crate) const SMALL_MUTED: Style = Style {
    bold: false,
    size: 7.5,
    gray: MUTED,
};
pub(crate) const TITLE: Style = Style {
    bold: true,
    size: 18.0,
    gray: 0,
};
const GROSS: Style = Style {
    bold: true,
    size: 11.0,
    gray: 0,
};
pub(crate) const FOOTER: Style = Style {
    bold: false,
    size: 7.0,
    gray: MUTED,
};

/// A structure element of the tagged PDF (`Op::Open` … `Op::Close`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Role {
    /// One document of several in a PDF (a packing slip).
    Sect,
    /// The document's title.
    H1,
    /// A block's heading (`BILL TO`, `VAT BREAKDOWN`…).
    H2,
    P,
    Table,
    TR,
    /// A column's header cell.
    ColumnHeader,
    /// A row's header cell (the label of a key/value table).
    RowHeader,
    TD,
    /// An image with its alternative text.
    Figure(String),
}

impl Role {
    fn kind(&self) -> TagKind {
        match self {
            Role::Sect => Tag::Section.into(),
            Role::H1 => Tag::Hn(std::num::NonZeroU16::MIN, None).into(),
            Role::H2 => Tag::Hn(std::num::NonZeroU16::MIN.saturating_add(1), None).into(),
            Role::P => Tag::P.into(),
            Role::Table => Tag::Table.into(),
            Role::TR => Tag::TR.into(),
            Role::ColumnHeader => Tag::TH(TableHeaderScope::Column).into(),
            Role::RowHeader => Tag::TH(TableHeaderScope::Row).into(),
            Role::TD => Tag::TD.into(),
            Role::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        }
    }
}

/// Page furniture, left out of the structure tree (`Op::Artifact` … `Op::EndArtifact`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Furniture {
    /// The footer's rule and company-law lines, repeated on every page.
    Footer,
    /// `Page n / N`.
    PageNumber,
    /// A table's header row repeated on a continuation page.
    RepeatedHeader,
}

/// One thing to draw on a page.
pub(crate) enum Op {
    /// Opens a structure element: the text and images up to the matching `Op::Close` (maybe
    /// on a later page: tables flow over pages) are its content, in reading order.
    Open(Role),
    /// Closes the innermost open structure element.
    Close,
    /// Starts page furniture: text, rules and rectangles up to `Op::EndArtifact` (on the same
    /// page) are artifacts. Rules and rectangles are artifacts anyway (decoration).
    Artifact(Furniture),
    EndArtifact,
    /// Text with its baseline starting at `(x, y)`.
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A straight line.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: u8,
    },
    /// The logo, its top left corner at `(x, y)`.
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A rectangle, its top left corner at `(x, y)`: filled, or outlined `stroke` wide.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
        stroke: Option<f32>,
    },
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A laid-out paragraph: its lines (offset of the baseline from the paragraph's top, width)
/// and its height (from the cap height of the first line to the baseline of the last).
pub(crate) struct Para {
    lines: Vec<(String, Style, f32, f32)>,
    pub(crate) height: f32,
}

impl Para {
    /// Places the paragraph's top left corner at `(x, y)` in a column `width` wide.
    pub(crate) fn place(self, ops: &mut Vec<Op>, x: f32, y: f32, width: f32, align: Align) {
        for (text, style, dy, w) in self.lines {
            let x = match align {
                Align::Left => x,
                Align::Right => x + width - w,
            };
            ops.push(Op::Text {
                x,
                y: y + dy,
                style,
                text,
            });
        }
    }
}

/// Wraps lines in block-level structure elements: a title line in an `H1`, heading lines in an
/// `H2`, runs of other lines in a `P`.
#[derive(Default)]
pub(crate) struct Blocks {
    open: Option<Role>,
}

impl Blocks {
    /// Opens the element for a line in `style` (closing the previous one when it differs).
    pub(crate) fn line(&mut self, ops: &mut Vec<Op>, style: Style) {
        let role = if style == TITLE {
            Role::H1
        } else if style == HEADING {
            Role::H2
        } else {
            Role::P
        };
        if self.open.as_ref() != Some(&role) {
            self.close(ops);
            ops.push(Op::Open(role.clone()));
            self.open = Some(role);
        }
    }

    pub(crate) fn close(&mut self, ops: &mut Vec<Op>) {
        if self.open.take().is_some() {
            ops.push(Op::Close);
        }
    }
}

impl Para {
    /// Like [`Para::place`], for a block of text (not a table cell): its lines are tagged as
    /// a title, headings and paragraphs by their style (see [`Blocks`]).
    pub(crate) fn place_block(self, ops: &mut Vec<Op>, x: f32, y: f32, width: f32, align: Align) {
        let mut blocks = Blocks::default();
        for (text, style, dy, w) in self.lines {
            let x = match align {
                Align::Left => x,
                Align::Right => x + width - w,
            };
            blocks.line(ops, style);
            ops.push(Op::Text {
                x,
                y: y + dy,
                style,
                text,
            });
        }
        blocks.close(ops);
    }
}

pub(crate) struct Layout<'a> {
    pub(crate) fonts: &'a Fonts,
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) y: f32,
    /// Lowest y the body may reach on a page (above the footer).
    pub(crate) limit: f32,
}

impl Fonts {
    fn face(&self, style: Style) -> &Face {
        if style.bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    pub(crate) fn cap(&self, style: Style) -> f32 {
        self.face(style).cap_height * style.size
    }

    /// Lays out logical lines (each wrapped to `width`) as one paragraph with `leading`
    /// between lines.
    pub(crate) fn para(&self, lines: &[(&str, Style)], width: f32, leading: f32) -> Para {
        let mut out = Vec::new();
        let mut y = 0.0;
        for &(text, style) in lines {
            let face = self.face(style);
            let cap = face.cap_height * style.size;
            for piece in wrap(face, text, style.size, width) {
                if !out.is_empty() {
                    y += leading;
                }
                y += cap;
                let w = face.width(&piece, style.size);
                out.push((piece, style, y, w));
            }
        }
        Para {
            lines: out,
            height: y,
        }
    }

    /// Lays out one table row: a paragraph per cell in its column (`cols`), inset by
    /// `inset` (x, y); returns them with the row's height.
    pub(crate) fn cells(
        &self,
        cells: &[&[(&str, Style)]],
        cols: &[(f32, Align)],
        inset: (f32, f32),
    ) -> (Vec<Para>, f32) {
        let mut h: f32 = 0.0;
        let paras: Vec<Para> = cells
            .iter()
            .zip(cols)
            .map(|(cell, (w, _))| {
                let p = self.para(cell, w - 2.0 * inset.0, LEADING);
                h = h.max(p.height);
                p
            })
            .collect();
        (paras, h + 2.0 * inset.1)
    }
}

/// Places a row laid out by [`Fonts::cells`] with its top left corner at `(x, y)`, tagged as
/// a `TR` with each cell in the element `role(column)` gives (or untagged, for furniture).
pub(crate) fn place_cells(
    ops: &mut Vec<Op>,
    paras: Vec<Para>,
    (x, y): (f32, f32),
    cols: &[(f32, Align)],
    inset: (f32, f32),
    role: Option<&dyn Fn(usize) -> Role>,
) {
    if role.is_some() {
        ops.push(Op::Open(Role::TR));
    }
    let mut x = x;
    for (i, (p, &(w, align))) in paras.into_iter().zip(cols).enumerate() {
        if let Some(role) = role {
            ops.push(Op::Open(role(i)));
        }
        p.place(ops, x + inset.0, y + inset.1, w - 2.0 * inset.0, align);
        if role.is_some() {
            ops.push(Op::Close);
        }
        x += w;
    }
    if role.is_some() {
        ops.push(Op::Close);
    }
}

/// Cells of a header row.
pub(crate) fn column_header(_: usize) -> Role {
    Role::ColumnHeader
}

/// Cells of a body row.
pub(crate) fn data_cell(_: usize) -> Role {
    Role::TD
}

/// Cells of a key/value row: the key is the row's header.
pub(crate) fn key_value(column: usize) -> Role {
    if column == 0 {
        Role::RowHeader
    } else {
        Role::TD
    }
}

impl<'a> Layout<'a> {
    /// One empty page; the body may reach down to `margin_bottom` above the page's edge.
    pub(crate) fn new(fonts: &'a Fonts, margin_bottom: f32) -> Layout<'a> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            limit: PAGE_H - margin_bottom,
        }
    }

    pub(crate) fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` still fits on this one (or the page is empty anyway).
    pub(crate) fn ensure(&mut self, height: f32) {
        if self.y + height > self.limit && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    /// Places logical lines (each wrapped to `width`) one line at a time at `x`, starting a
    /// new page where the next line no longer fits: for text that may be longer than a page.
    pub(crate) fn flow_lines(&mut self, lines: &[(&str, Style)], x: f32, width: f32) {
        let mut first = true;
        let mut blocks = Blocks::default();
        for &(text, style) in lines {
            let face = self.fonts.face(style);
            for piece in wrap(face, text, style.size, width) {
                if !first {
                    self.y += LEADING;
                }
                first = false;
                let cap = self.fonts.cap(style);
                self.ensure(cap);
                self.y += cap;
                let y = self.y;
                blocks.line(self.ops(), style);
                self.text(x, y, style, &piece);
            }
        }
        blocks.close(self.ops());
    }

    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        self.ops().push(Op::Text {
            x,
            y,
            style,
            text: text.to_owned(),
        });
    }

    pub(crate) fn hline(&mut self, x0: f32, x1: f32, y: f32, width: f32, gray: u8) {
        self.ops().push(Op::Line {
            from: (x0, y),
            to: (x1, y),
            width,
            gray,
        });
    }
}

/// Splits `text` into lines no wider than `width`: on spaces, and inside a word only when the
/// word alone is wider than the line. Never returns an empty list.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for explicit in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in explicit.split(' ') {
            let word_w = face.width(word, size);
            let sep = if line.is_empty() { 0.0 } else { space };
            if line_w + sep + word_w <= width || (line.is_empty() && word_w <= width) {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if word_w <= width {
                line.push_str(word);
                line_w = word_w;
                continue;
            }
            // A word wider than the column: break it between characters.
            for c in word.chars() {
                let mut buf = [0; 4];
                let cw = face.width(c.encode_utf8(&mut buf), size);
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// Lays out the whole document: one list of drawing operations per page.
pub(crate) fn layout(fonts: &Fonts, doc: &InvoiceView, logo: Option<(f32, f32)>) -> Vec<Vec<Op>> {
    let l = labels(&doc.lang);
    let footer_count = doc.footer_lines.len().max(1) as f32;
    let margin_bottom = 20.0 * MM + 3.6 * MM * footer_count;
    let mut lay = Layout::new(fonts, margin_bottom);
    header(&mut lay, doc, l, logo);
    let title = if doc.document_type == "credit_note" {
        l.credit_note
    } else {
        l.invoice
    };
    lay.y += 9.0 * MM + 2.0 * BLOCK;
    let cap = lay.fonts.cap(TITLE);
    lay.ensure(cap);
    let y = lay.y + cap;
    lay.ops().push(Op::Open(Role::H1));
    lay.text(MARGIN_X, y, TITLE, &format!("{title} {}", doc.number));
    lay.ops().push(Op::Close);
    lay.y = y + 2.0 * MM + 2.0 * BLOCK;
    facts(&mut lay, doc, l);
    lay.y += 6.0 * MM + BLOCK;
    lines_table(&mut lay, doc, l);
    lay.y += 4.0 * MM + BLOCK;
    totals(&mut lay, doc, l);
    mentions(&mut lay, doc);
    payment(&mut lay, doc, l);
    let total = lay.pages.len();
    for (i, page) in lay.pages.iter_mut().enumerate() {
        footer(
            fonts,
            page,
            &doc.footer_lines,
            l.page,
            margin_bottom,
            (i + 1, total),
        );
    }
    lay.pages
}

/// A party block: an optional heading, the name (bold), company, address, VAT id, extra lines.
pub(crate) fn party_lines<'a>(
    p: &'a PartyView,
    heading: Option<&'a str>,
    vat_id: &'a Option<String>,
) -> Vec<(&'a str, Style)> {
    let mut lines = Vec::with_capacity(8);
    if let Some(h) = heading {
        lines.push((h, HEADING));
    }
    lines.push((p.name.as_str(), NAME));
    if let Some(c) = p.company.as_deref().filter(|c| *c != p.name) {
        lines.push((c, BODY));
    }
    lines.extend(p.address_lines.iter().map(|a| (a.as_str(), BODY)));
    if let Some(v) = vat_id {
        lines.push((v.as_str(), BODY));
    }
    lines.extend(p.extra_lines.iter().map(|e| (e.as_str(), BODY_MUTED)));
    lines
}

/// Seller (with the logo) on the left, buyer and delivery address on the right.
fn header(lay: &mut Layout, doc: &InvoiceView, l: &Labels, logo: Option<(f32, f32)>) {
    let col = (CONTENT_W - 12.0 * MM) / 2.0;
    let right_x = MARGIN_X + col + 12.0 * MM;
    let top = lay.y;

    let mut left_y = top;
    if let Some((w, h)) = logo {
        // 14 mm high, narrower when that would be wider than the column.
        let mut lh = 14.0 * MM;
        let mut lw = lh * w / h;
        if lw > col {
            lh *= col / lw;
            lw = col;
        }
        let ops = lay.ops();
        ops.push(Op::Open(Role::Figure(format!("Logo: {}", doc.seller.name))));
        ops.push(Op::Logo {
            x: MARGIN_X,
            y: left_y,
            w: lw,
            h: lh,
        });
        ops.push(Op::Close);
        left_y += lh + BLOCK;
    }
    let seller_vat = doc
        .seller
        .vat_id
        .as_ref()
        .map(|v| format!("{} {v}", l.vat_id));
    let seller = lay
        .fonts
        .para(&party_lines(&doc.seller, None, &seller_vat), col, LEADING);
    let left_bottom = left_y + seller.height;
    seller.place_block(lay.ops(), MARGIN_X, left_y, col, Align::Left);

    let bill_to = l.bill_to.to_uppercase();
    let buyer_vat = doc
        .buyer
        .vat_id
        .as_ref()
        .map(|v| format!("{} {v}", l.vat_id));
    let buyer = lay.fonts.para(
        &party_lines(&doc.buyer, Some(&bill_to), &buyer_vat),
        col,
        LEADING,
    );
    let mut right_bottom = top + buyer.height;
    buyer.place_block(lay.ops(), right_x, top, col, Align::Left);
    if let Some(ship_to) = &doc.ship_to {
        let heading = l.ship_to.to_uppercase();
        let mut lines = vec![(heading.as_str(), HEADING)];
        lines.extend(ship_to.iter().map(|s| (s.as_str(), BODY)));
        let ship = lay.fonts.para(&lines, col, LEADING);
        let y = right_bottom + 3.0 * MM + BLOCK;
        right_bottom = y + ship.height;
        ship.place_block(lay.ops(), right_x, y, col, Align::Left);
    }
    lay.y = left_bottom.max(right_bottom);
}

/// Number, dates, order reference and, for credit notes, the corrected invoice and the reason.
fn facts(lay: &mut Layout, doc: &InvoiceView, l: &Labels) {
    let mut facts: Vec<(&str, &str)> =
        vec![(l.number, &doc.number), (l.issue_date, &doc.issue_date)];
    let optional = [
        (l.supply_date, &doc.supply_date),
        (l.due_date, &doc.due_date),
        (l.order_reference, &doc.order_reference),
        (l.corrects, &doc.corrects_number),
        (l.reason, &doc.reason),
    ];
    facts.extend(
        optional
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
    );
    let key_w = 40.0 * MM;
    let value_x = MARGIN_X + key_w + 4.0 * MM;
    let value_w = CONTENT_W - key_w - 4.0 * MM;
    lay.ops().push(Op::Open(Role::Table));
    for (i, (k, v)) in facts.into_iter().enumerate() {
        if i > 0 {
            lay.y += 1.6 * MM;
        }
        let key = lay.fonts.para(&[(k, BODY_MUTED)], key_w, LEADING);
        let value = lay.fonts.para(&[(v, BODY)], value_w, LEADING);
        let h = key.height.max(value.height);
        lay.ensure(h);
        let y = lay.y;
        let ops = lay.ops();
        ops.extend([Op::Open(Role::TR), Op::Open(Role::RowHeader)]);
        key.place(ops, MARGIN_X, y, key_w, Align::Left);
        ops.extend([Op::Close, Op::Open(Role::TD)]);
        value.place(ops, value_x, y, value_w, Align::Left);
        ops.extend([Op::Close, Op::Close]);
        lay.y += h;
    }
    lay.ops().push(Op::Close);
}

/// Column widths of the lines table (position, description, quantity, unit price, VAT,
/// amount) and their alignment.
const LINE_COLS: [(f32, Align); 6] = [
    // Wide enough for the bold "Pos." header (9 mm wrapped its full stop).
    (10.0 * MM, Align::Left),
    (CONTENT_W - 92.0 * MM, Align::Left),
    (13.0 * MM, Align::Right),
    (27.0 * MM, Align::Right),
    (14.0 * MM, Align::Right),
    (28.0 * MM, Align::Right),
];
/// Inset of the lines table's cells (x, y).
const LINE_INSET: (f32, f32) = (4.0, 5.0);

/// A table row: each cell's logical lines with their style.
pub(crate) type Row = Vec<Vec<(String, Style)>>;

/// A table flowing over pages, its header row repeated on every page it reaches.
pub(crate) struct Table<'c> {
    /// Width and alignment of each column, from the left margin.
    pub(crate) cols: &'c [(f32, Align)],
    /// Inset of the cells (x, y).
    pub(crate) inset: (f32, f32),
    /// The header's titles, one per column.
    pub(crate) header: &'c [&'c str],
}

impl Table<'_> {
    fn lay_out(&self, lay: &Layout, row: &[Vec<(String, Style)>]) -> (Vec<Para>, f32) {
        let cells: Vec<Vec<(&str, Style)>> = row
            .iter()
            .map(|c| c.iter().map(|(t, s)| (t.as_str(), *s)).collect())
            .collect();
        let cells: Vec<&[(&str, Style)]> = cells.iter().map(Vec::as_slice).collect();
        lay.fonts.cells(&cells, self.cols, self.inset)
    }

    fn place(
        &self,
        lay: &mut Layout,
        paras: Vec<Para>,
        height: f32,
        rule: (f32, u8),
        role: Option<&dyn Fn(usize) -> Role>,
    ) {
        let y = lay.y;
        place_cells(lay.ops(), paras, (MARGIN_X, y), self.cols, self.inset, role);
        lay.hline(MARGIN_X, MARGIN_X + CONTENT_W, y + height, rule.0, rule.1);
        lay.y += height;
    }

    /// The header row laid out: its paragraphs and height.
    fn header(&self, lay: &Layout) -> (Vec<Para>, f32) {
        let header: Row = self
            .header
            .iter()
            .map(|h| vec![((*h).to_owned(), BOLD)])
            .collect();
        self.lay_out(lay, &header)
    }

    /// Places the header row: tagged the first time, page furniture when repeated.
    fn place_header(&self, lay: &mut Layout, height: f32, repeated: bool) {
        let (paras, _) = self.header(lay);
        if repeated {
            lay.ops().push(Op::Artifact(Furniture::RepeatedHeader));
            self.place(lay, paras, height, (STRONG_W, STRONG_GRAY), None);
            lay.ops().push(Op::EndArtifact);
        } else {
            self.place(
                lay,
                paras,
                height,
                (STRONG_W, STRONG_GRAY),
                Some(&column_header),
            );
        }
    }

    /// Places the rows from `lay.y` on, starting a page (and repeating the header) where a
    /// row no longer fits; `after_row` may draw on each row once placed (its top and height).
    pub(crate) fn flow(
        &self,
        lay: &mut Layout,
        rows: impl IntoIterator<Item = Row>,
        mut after_row: impl FnMut(&mut Vec<Op>, f32, f32),
    ) {
        let (_, header_h) = self.header(lay);
        let mut need_header = true;
        let mut opened = false;
        for row in rows {
            let (paras, h) = self.lay_out(lay, &row);
            if need_header || lay.y + h > lay.limit {
                if !need_header {
                    lay.new_page();
                }
                lay.ensure(header_h + h);
                if !opened {
                    lay.ops().push(Op::Open(Role::Table));
                }
                self.place_header(lay, header_h, opened);
                need_header = false;
                opened = true;
            }
            let top = lay.y;
            self.place(lay, paras, h, (RULE_W, RULE_GRAY), Some(&data_cell));
            after_row(lay.ops(), top, h);
        }
        if need_header {
            lay.ensure(header_h);
            lay.ops().push(Op::Open(Role::Table));
            self.place_header(lay, header_h, false);
        }
        lay.ops().push(Op::Close);
    }
}

/// The lines, with the header row repeated on every page the table flows onto.
fn lines_table(lay: &mut Layout, doc: &InvoiceView, l: &Labels) {
    let header = [
        l.position,
        l.description,
        l.quantity,
        l.unit_price,
        l.vat_rate,
        l.amount,
    ];
    let table = Table {
        cols: &LINE_COLS,
        inset: LINE_INSET,
        header: &header,
    };
    let rows = doc.lines.iter().map(|line| {
        let mut description = vec![(line.description.clone(), BODY)];
        if let Some(sku) = &line.sku {
            description.push((format!("{} {sku}", l.sku), SMALL_MUTED));
        }
        let cell = |s: &String| vec![(s.clone(), BODY)];
        vec![
            vec![(line.position.to_string(), BODY)],
            description,
            cell(&line.quantity),
            cell(&line.unit_price),
            cell(&line.vat_rate),
            cell(&line.amount),
        ]
    });
    table.flow(lay, rows, |_, _, _| {});
}

/// The VAT breakdown per rate beside the totals, kept together on one page.
fn totals(lay: &mut Layout, doc: &InvoiceView, l: &Labels) {
    let right_w = 72.0 * MM;
    let left_w = CONTENT_W - right_w - 10.0 * MM;
    let right_x = MARGIN_X + CONTENT_W - right_w;

    // Left: the breakdown table (label, taxable amount, VAT).
    const BREAKDOWN_INSET: (f32, f32) = (4.0, 3.5);
    let cols = [
        (left_w - 52.0 * MM, Align::Left),
        (28.0 * MM, Align::Right),
        (24.0 * MM, Align::Right),
    ];
    let mut left: Vec<(Vec<Para>, f32)> = Vec::new();
    let mut heading = None;
    if !doc.breakdown.is_empty() {
        let h = l.breakdown.to_uppercase();
        heading = Some(lay.fonts.para(&[(&h, HEADING)], left_w, LEADING));
        let mut rows = vec![["", l.taxable, l.vat].map(|s| (s.to_owned(), BODY_MUTED))];
        for b in &doc.breakdown {
            rows.push([&b.label, &b.taxable, &b.vat].map(|s| (s.clone(), BODY)));
        }
        for r in &rows {
            let cells = r.each_ref().map(|(s, style)| [(s.as_str(), *style)]);
            let cells = cells.each_ref().map(|c| c.as_slice());
            left.push(lay.fonts.cells(&cells, &cols, BREAKDOWN_INSET));
        }
    }
    let heading_h = heading.as_ref().map_or(0.0, |h| h.height + 3.0);
    let left_h = heading_h + left.iter().map(|(_, h)| h).sum::<f32>();

    // Right: net, VAT, then the gross total in bold.
    const TOTALS_INSET: (f32, f32) = (4.0, 4.0);
    let totals_cols = [(33.0 * MM, Align::Left), (39.0 * MM, Align::Right)];
    let mut right: Vec<(Vec<Para>, f32)> = Vec::new();
    for (k, v, style) in [
        (l.net_total, &doc.net_total, BODY),
        (l.vat_total, &doc.vat_total, BODY),
        (l.gross_total, &doc.gross_total, GROSS),
    ] {
        let cells: [&[(&str, Style)]; 2] = [&[(k, style)], &[(v.as_str(), style)]];
        right.push(lay.fonts.cells(&cells, &totals_cols, TOTALS_INSET));
    }
    let right_h: f32 = right.iter().map(|(_, h)| h).sum();

    lay.ensure(left_h.max(right_h));
    let top = lay.y;
    let mut y = top;
    if let Some(h) = heading {
        let hh = h.height;
        h.place_block(lay.ops(), MARGIN_X, y, left_w, Align::Left);
        y += hh + 3.0;
    }
    let breakdown_table = !left.is_empty();
    if breakdown_table {
        lay.ops().push(Op::Open(Role::Table));
    }
    for (i, (paras, h)) in left.into_iter().enumerate() {
        let role: &dyn Fn(usize) -> Role = if i == 0 { &column_header } else { &key_value };
        let ops = lay.ops();
        place_cells(
            ops,
            paras,
            (MARGIN_X, y),
            &cols,
            BREAKDOWN_INSET,
            Some(role),
        );
        y += h;
        if i == 0 {
            lay.hline(MARGIN_X, MARGIN_X + left_w, y, RULE_W, RULE_GRAY);
        }
    }
    if breakdown_table {
        lay.ops().push(Op::Close);
    }
    let mut ry = top;
    lay.ops().push(Op::Open(Role::Table));
    for (i, (paras, h)) in right.into_iter().enumerate() {
        if i == 2 {
            lay.hline(right_x, right_x + right_w, ry, STRONG_W, STRONG_GRAY);
        }
        let cells = (right_x, ry);
        place_cells(
            lay.ops(),
            paras,
            cells,
            &totals_cols,
            TOTALS_INSET,
            Some(&key_value),
        );
        ry += h;
    }
    lay.ops().push(Op::Close);
    lay.y = y.max(ry);
}

/// Regime mentions, bold, with a bar in the margin.
fn mentions(lay: &mut Layout, doc: &InvoiceView) {
    if doc.mentions.is_empty() {
        return;
    }
    lay.y += 5.0 * MM + BLOCK;
    let inset = 3.0 * MM;
    let lines: Vec<(&str, Style)> = doc.mentions.iter().map(|m| (m.as_str(), BOLD)).collect();
    let p = lay.fonts.para(&lines, CONTENT_W - inset, LEADING);
    let h = p.height + 4.0 * MM;
    lay.ensure(h);
    let y = lay.y;
    lay.ops().push(Op::Line {
        from: (MARGIN_X, y),
        to: (MARGIN_X, y + h),
        width: 2.0,
        gray: STRONG_GRAY,
    });
    p.place_block(
        lay.ops(),
        MARGIN_X + inset,
        y + 2.0 * MM,
        CONTENT_W - inset,
        Align::Left,
    );
    lay.y += h;
}

/// Payment terms and bank details side by side, kept together.
fn payment(lay: &mut Layout, doc: &InvoiceView, l: &Labels) {
    if doc.payment_terms.is_none() && doc.bank_lines.is_empty() {
        return;
    }
    lay.y += 5.0 * MM + BLOCK;
    let col = (CONTENT_W - 12.0 * MM) / 2.0;
    let terms_heading = l.payment_terms.to_uppercase();
    let left = doc.payment_terms.as_deref().map(|t| {
        lay.fonts
            .para(&[(&terms_heading, HEADING), (t, BODY)], col, LEADING)
    });
    let bank_heading = l.bank.to_uppercase();
    let right = (!doc.bank_lines.is_empty()).then(|| {
        let mut lines = vec![(bank_heading.as_str(), HEADING)];
        lines.extend(doc.bank_lines.iter().map(|b| (b.as_str(), BODY)));
        lay.fonts.para(&lines, col, LEADING)
    });
    let h = left
        .as_ref()
        .map_or(0.0, |p| p.height)
        .max(right.as_ref().map_or(0.0, |p| p.height));
    lay.ensure(h);
    let y = lay.y;
    if let Some(p) = left {
        p.place_block(lay.ops(), MARGIN_X, y, col, Align::Left);
    }
    if let Some(p) = right {
        p.place_block(lay.ops(), MARGIN_X + col + 12.0 * MM, y, col, Align::Left);
    }
    lay.y += h;
}

/// The footer of page `n` of `total`: a rule, `lines` (an invoice's company-law mentions)
/// and `Page n / N` (`page_label` is the word for "Page").
pub(crate) fn footer(
    fonts: &Fonts,
    page: &mut Vec<Op>,
    lines: &[String],
    page_label: &str,
    margin_bottom: f32,
    (n, total): (usize, usize),
) {
    let rule_y = PAGE_H - margin_bottom * 0.7;
    page.push(Op::Artifact(Furniture::Footer));
    page.push(Op::Line {
        from: (MARGIN_X, rule_y),
        to: (MARGIN_X + CONTENT_W, rule_y),
        width: RULE_W,
        gray: RULE_GRAY,
    });
    let top = rule_y + 7.1;
    let number_w = 25.0 * MM;
    let lines_w = CONTENT_W - number_w - 6.0 * MM;
    let lines: Vec<(&str, Style)> = lines.iter().map(|f| (f.as_str(), FOOTER)).collect();
    let p = fonts.para(&lines, lines_w, 3.5);
    let bottom = top + p.height.max(fonts.cap(FOOTER));
    p.place(page, MARGIN_X, top, lines_w, Align::Left);
    let label = format!("{page_label} {n} / {total}");
    let w = fonts.regular.width(&label, FOOTER.size);
    page.extend([
        Op::EndArtifact,
        Op::Artifact(Furniture::PageNumber),
        Op::Text {
            x: MARGIN_X + CONTENT_W - w,
            y: bottom,
            style: FOOTER,
            text: label,
        },
        Op::EndArtifact,
    ]);
}

/// Builds the structure tree while the pages are drawn: the open elements persist from one
/// page to the next (a table flows over pages), each piece of text is a marked-content leaf
/// of the innermost open element.
#[derive(Default)]
pub(crate) struct Tagger {
    stack: Vec<TagGroup>,
    root: Vec<Node>,
    artifact: Option<Furniture>,
}

impl Tagger {
    fn leaf(&mut self, id: Identifier) {
        match self.stack.last_mut() {
            Some(group) => group.push(id),
            // Not expected (the layouts open an element for every text); kept readable anyway.
            None => self
                .root
                .push(TagGroup::with_children(Tag::P, vec![id.into()]).into()),
        }
    }

    fn close(&mut self) {
        if let Some(group) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.push(group),
                None => self.root.push(group.into()),
            }
        }
    }

    /// The structure tree, `lang` the document's language.
    pub(crate) fn finish(mut self, lang: &str) -> TagTree {
        while !self.stack.is_empty() {
            self.close();
        }
        let mut tree = TagTree::from(self.root);
        tree.lang = Some(lang.to_owned());
        tree
    }

    /// Starts a marked-content section for drawn content: an artifact (page furniture or
    /// decoration) or, for `content`, a leaf of the structure tree.
    fn start(&mut self, surface: &mut Surface, content: Option<ContentTag>) {
        let tag = match (self.artifact, content) {
            (Some(furniture), _) => ContentTag::Artifact(Artifact::with_kind(match furniture {
                Furniture::Footer => ArtifactType::Footer,
                Furniture::PageNumber => ArtifactType::PageNumber,
                Furniture::RepeatedHeader => ArtifactType::PaginationOther,
            })),
            (None, None) => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
            (None, Some(tag)) => tag,
        };
        let is_content = !matches!(tag, ContentTag::Artifact(_));
        let id = surface.start_tagged(tag);
        if is_content {
            self.leaf(id);
        }
    }
}

/// Draws one page's operations, adding its content to the structure tree in `tags`.
pub(crate) fn draw(
    surface: &mut Surface,
    fonts: &Fonts,
    ops: &[Op],
    logo: Option<&Image>,
    tags: &mut Tagger,
) {
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut gray = None;
    for op in ops {
        match op {
            Op::Open(role) => tags.stack.push(TagGroup::new(role.kind())),
            Op::Close => tags.close(),
            Op::Artifact(furniture) => tags.artifact = Some(*furniture),
            Op::EndArtifact => tags.artifact = None,
            Op::Text { x, y, style, text } => {
                if text.is_empty() {
                    continue;
                }
                if gray != Some(style.gray) {
                    surface.set_fill(Some(Fill {
                        paint: luma::Color::new(style.gray).into(),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    gray = Some(style.gray);
                }
                let face = fonts.face(*style);
                face.glyphs(text, &mut glyphs);
                tags.start(surface, Some(ContentTag::Span(SpanTag::empty())));
                surface.draw_glyphs(
                    Point::from_xy(*x, *y),
                    &glyphs,
                    face.font.clone(),
                    text,
                    style.size,
                    false,
                );
                surface.end_tagged();
            }
            Op::Line {
                from,
                to,
                width,
                gray: line_gray,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(from.0, from.1);
                pb.line_to(to.0, to.1);
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    gray = None;
                    surface.set_stroke(Some(Stroke {
                        paint: luma::Color::new(*line_gray).into(),
                        width: *width,
                        ..Default::default()
                    }));
                    tags.start(surface, None);
                    surface.draw_path(&path);
                    surface.end_tagged();
                    surface.set_stroke(None);
                }
            }
            Op::Rect {
                x,
                y,
                w,
                h,
                gray: rect_gray,
                stroke,
            } => {
                let mut pb = PathBuilder::new();
                let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) else {
                    continue;
                };
                pb.push_rect(rect);
                let Some(path) = pb.finish() else {
                    continue;
                };
                let paint = luma::Color::new(*rect_gray).into();
                match stroke {
                    Some(width) => {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint,
                            width: *width,
                            ..Default::default()
                        }));
                    }
                    None => {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint,
                            opacity: NormalizedF32::ONE,
                            rule: Default::default(),
                        }));
                    }
                }
                tags.start(surface, None);
                surface.draw_path(&path);
                surface.end_tagged();
                surface.set_stroke(None);
                gray = None;
            }
            Op::Logo { x, y, w, h } => {
                if let (Some(image), Some(size)) = (logo, Size::from_wh(*w, *h)) {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    tags.start(surface, Some(ContentTag::Other));
                    surface.draw_image(image.clone(), size);
                    surface.end_tagged();
                    surface.pop();
                }
            }
        }
    }
}
