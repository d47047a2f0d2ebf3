//! Invoice and credit-note PDFs, packing slips, pick lists and purchase orders, laid out natively
//! and written with krilla.
//!
//! The caller (the invoicing module) builds an [`InvoiceView`]: every value already formatted
//! for the document's language (money, dates, rates, regime mentions). [`PdfEngine`] lays it
//! out on A4 pages with a small purpose-built layout (`layout.rs`: the invoice's fixed
//! structure, text wrapped within its column by the font's advance widths, the lines table
//! flowing over pages with its header repeated) and writes the PDF with
//! [krilla](https://docs.rs/krilla), embedding subsets of Liberation Sans (`fonts/`, compiled
//! into the binary). Labels in English, French and German live in `labels.rs`. No filesystem,
//! no network, no clock: the same view always gives the same bytes. [`engine()`] is the
//! process-wide instance.
//!
//! Packing slips ([`PackingSlipView`], the order number as a Code 128 barcode drawn in
//! `barcode.rs`) and pick lists ([`PickListView`]) are laid out in `packing.rs` with the same
//! helpers, fonts and labels.
//!
//! Purchase orders ([`PurchaseOrderView`], sent by the store to a [`SupplierView`]: lines with
//! the supplier's references and costs excluding VAT) are laid out in `purchase.rs` the same way.
//!
//! Every PDF is tagged: the layouts mark headings, paragraphs, tables (header cells with their
//! scope) and page furniture in their drawing operations, and `layout::draw` builds the
//! structure tree from them while drawing (see `docs/index.md`, "Tagged PDF").
//!
//! [`PdfEngine::render_facturx`]`(&self, doc: &InvoiceView, cii_xml: &[u8], issue_date: (u16,
//! u8, u8)) -> Result<Vec<u8>, PdfError>` renders an invoice as Factur-X PDF/A-3b: the same
//! tagged layout, the CII XML embedded as `factur-x.xml`, the issue date (year, month, day) as
//! creation date at 00:00 UTC. krilla cannot add the Factur-X XMP properties, so `facturx.rs`
//! splices them into the finished file's XMP packet and fixes the cross-reference table.

mod barcode;
mod facturx;
mod fonts;
pub mod labels;
mod layout;
mod logo;
mod packing;
mod purchase;
mod view;

use std::sync::OnceLock;

use krilla::Document;
use krilla::SerializeSettings;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::Size;
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;

use fonts::Fonts;
pub use logo::{LogoError, MAX_LOGO_PX, check_logo};
pub use packing::{PackingItemView, PackingSlipView, PickListView, PickRowView};
pub use purchase::{PurchaseLineView, PurchaseOrderView, SupplierView};
pub use view::{BreakdownView, InvoiceView, LineView, PartyView};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The data could not be laid out (in practice: a logo that is not a valid PNG).
    #[error("invoice layout failed: {0}")]
    Template(String),
    /// The laid-out document could not be written as PDF.
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// Renders invoice views to PDF. The fonts and their metrics are loaded once; the engine is
/// `Send + Sync` and renders from several threads at once.
pub struct PdfEngine {
    fonts: Fonts,
}

impl PdfEngine {
    /// Loads the embedded fonts.
    pub fn new() -> PdfEngine {
        PdfEngine {
            fonts: Fonts::load(),
        }
    }

    /// Renders the document as PDF. The same view always gives the same bytes.
    ///
    /// A logo that cannot be drawn (damaged, or stored before logos were decoded on upload)
    /// never costs the document: it is left out, with a warning in the log.
    pub fn render_invoice(&self, doc: &InvoiceView) -> Result<Vec<u8>, PdfError> {
        self.render_invoice_as(doc, None)
    }

    /// Renders the invoice as a [Factur-X](https://fnfe-mpe.org/factur-x/) (ZUGFeRD 2)
    /// PDF/A-3b: the same tagged layout as [`PdfEngine::render_invoice`], with `cii_xml` (the
    /// invoice as UN/CEFACT Cross Industry Invoice XML, profile EN 16931) embedded as
    /// `factur-x.xml` (`text/xml`, relationship `Alternative`, listed in the catalog's `/AF`
    /// and its `EmbeddedFiles`), and the Factur-X XMP properties (`fx:DocumentType` `INVOICE`,
    /// `fx:ConformanceLevel` `EN 16931`…) with their PDF/A extension schema.
    ///
    /// `issue_date` (year, month, day) is the document's creation date (00:00 UTC) and the
    /// XML's modification date, so the same view and XML always give the same bytes.
    ///
    /// Errors with [`PdfError::Export`] when the document cannot be PDF/A-3b: an invalid date,
    /// or characters the fonts lack (PDF/A forbids their `.notdef` glyph).
    pub fn render_facturx(
        &self,
        doc: &InvoiceView,
        cii_xml: &[u8],
        issue_date: (u16, u8, u8),
    ) -> Result<Vec<u8>, PdfError> {
        let (year, month, day) = issue_date;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(PdfError::Export(format!(
                "invalid issue date {year:04}-{month:02}-{day:02}"
            )));
        }
        let pdf = self.render_invoice_as(
            doc,
            Some(FacturX {
                xml: cii_xml,
                date: (year, month, day),
            }),
        )?;
        facturx::add_xmp_properties(&pdf, facturx::EN_16931)
    }

    fn render_invoice_as(
        &self,
        doc: &InvoiceView,
        facturx: Option<FacturX>,
    ) -> Result<Vec<u8>, PdfError> {
        // PDF/A forbids interpolated images.
        let interpolate = facturx.is_none();
        let logo = doc.logo_png.as_ref().and_then(|png| {
            let image = check_logo(png).map_err(|e| e.to_string()).and_then(|_| {
                Image::from_png(png.clone().into(), interpolate).map_err(|e| e.to_string())
            });
            match image {
                Ok(image) => Some(image),
                Err(e) => {
                    tracing::warn!(number = %doc.number, error = %e, "the logo cannot be drawn; rendering the document without it");
                    None
                }
            }
        });
        match self.render_with(doc, logo.as_ref(), facturx) {
            Err(e) if logo.is_some() => {
                tracing::warn!(number = %doc.number, error = %e, "the document with its logo failed; rendering it without the logo");
                self.render_with(doc, None, facturx)
            }
            out => out,
        }
    }

    fn render_with(
        &self,
        doc: &InvoiceView,
        logo: Option<&Image>,
        facturx: Option<FacturX>,
    ) -> Result<Vec<u8>, PdfError> {
        let logo_size = logo.and_then(|image| {
            let (w, h) = image.size();
            (w > 0 && h > 0).then_some((w as f32, h as f32))
        });
        let pages = layout::layout(&self.fonts, doc, logo_size);
        let title = labels::labels(&doc.lang);
        let title = if doc.document_type == "credit_note" {
            title.credit_note
        } else {
            title.invoice
        };
        let metadata = Metadata::new()
            .title(format!("{title} {}", doc.number))
            .authors(vec![doc.seller.name.clone()])
            .language(doc.lang.clone())
            .document_id(format!("orion:{}:{}", doc.document_type, doc.number));
        self.write(&pages, metadata, &doc.lang, logo, facturx)
    }

    /// Renders packing slips as one PDF, each slip starting on a new page with its own page
    /// numbers. The same views always give the same bytes.
    pub fn render_packing_slips(&self, slips: &[PackingSlipView]) -> Result<Vec<u8>, PdfError> {
        let (Some(first), Some(last)) = (slips.first(), slips.last()) else {
            return Err(PdfError::Template("no packing slip to render".into()));
        };
        let pages: Vec<Vec<layout::Op>> = slips
            .iter()
            .flat_map(|s| packing::slip(&self.fonts, s))
            .collect();
        let l = labels::labels(&first.lang);
        let title = if slips.len() == 1 {
            format!("{} {}", l.packing_slip, first.order_number)
        } else {
            format!(
                "{} {} – {}",
                l.packing_slip, first.order_number, last.order_number
            )
        };
        let metadata = Metadata::new()
            .title(title)
            .authors(vec![first.store_name.clone()])
            .language(first.lang.clone())
            .document_id(format!(
                "orion:packing_slip:{}:{}",
                first.order_number,
                slips.len()
            ));
        self.write(&pages, metadata, &first.lang, None, None)
    }

    /// Renders a pick list. The same view always gives the same bytes.
    pub fn render_pick_list(&self, list: &PickListView) -> Result<Vec<u8>, PdfError> {
        let pages = packing::pick_list(&self.fonts, list);
        let l = labels::labels(&list.lang);
        let metadata = Metadata::new()
            .title(format!("{} {}", l.pick_list, list.date))
            .authors(vec![list.store_name.clone()])
            .language(list.lang.clone());
        self.write(&pages, metadata, &list.lang, None, None)
    }

    /// Renders a purchase order. The same view always gives the same bytes.
    pub fn render_purchase_order(&self, doc: &PurchaseOrderView) -> Result<Vec<u8>, PdfError> {
        let pages = purchase::purchase_order(&self.fonts, doc);
        let l = labels::labels(&doc.lang);
        let metadata = Metadata::new()
            .title(format!("{} {}", l.purchase_order, doc.number))
            .authors(vec![doc.buyer.name.clone()])
            .language(doc.lang.clone())
            .document_id(format!("orion:purchase_order:{}", doc.number));
        self.write(&pages, metadata, &doc.lang, None, None)
    }

    /// Writes laid-out pages as a tagged PDF with `metadata` (Orion as the creator) and its
    /// structure tree in `lang`; for Factur-X, as PDF/A-3b with the XML embedded.
    fn write(
        &self,
        pages: &[Vec<layout::Op>],
        metadata: Metadata,
        lang: &str,
        logo: Option<&Image>,
        facturx: Option<FacturX>,
    ) -> Result<Vec<u8>, PdfError> {
        let mut settings = SerializeSettings {
            // No XMP packet unless PDF/A requires one: nothing in it a reader needs.
            xmp_metadata: false,
            enable_tagging: true,
            ..Default::default()
        };
        let mut metadata = metadata.creator("Orion".into());
        if let Some(fx) = &facturx {
            settings.configuration = ConfigurationBuilder::new()
                .with_archival_validator(Archival::A3_B)
                .finish()
                .map_err(|e| PdfError::Export(format!("{e:?}")))?;
            settings.xmp_metadata = true;
            metadata = metadata.creation_date(fx.datetime());
        }
        let mut document = Document::new_with(settings);
        document.set_metadata(metadata);
        if let Some(fx) = &facturx {
            document
                .embed_file(EmbeddedFile {
                    path: facturx::FILE_NAME.to_owned(),
                    mime_type: MimeType::new("text/xml"),
                    description: Some("Factur-X invoice".to_owned()),
                    association_kind: AssociationKind::Alternative,
                    data: fx.xml.to_vec().into(),
                    modification_date: Some(fx.datetime()),
                    compress: Some(true),
                    location: None,
                })
                .ok_or_else(|| PdfError::Export("the Factur-X XML cannot be embedded".into()))?;
        }
        let size = Size::from_wh(layout::PAGE_W, layout::PAGE_H).expect("A4 is a valid size");
        let mut tags = layout::Tagger::default();
        for ops in pages {
            let mut page = document.start_page_with(PageSettings::new(size));
            let mut surface = page.surface();
            layout::draw(&mut surface, &self.fonts, ops, logo, &mut tags);
            surface.finish();
            page.finish();
        }
        document.set_tag_tree(tags.finish(lang));
        document
            .finish()
            .map_err(|e| PdfError::Export(format!("{e:?}")))
    }
}

/// What a Factur-X render adds: the CII XML and the issue date.
#[derive(Clone, Copy)]
struct FacturX<'a> {
    xml: &'a [u8],
    date: (u16, u8, u8),
}

impl FacturX<'_> {
    /// The issue date at 00:00 UTC.
    fn datetime(&self) -> DateTime {
        let (year, month, day) = self.date;
        DateTime::new(year)
            .month(month)
            .day(day)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0)
            .utc_offset_minute(0)
    }
}

impl Default for PdfEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The process-wide engine, created on first use.
pub fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(PdfEngine::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The structure markers of laid-out pages are balanced (elements may span pages,
    /// furniture may not), every piece of text is in an element or furniture, and no element
    /// opens inside furniture.
    fn assert_structure(pages: &[Vec<layout::Op>]) {
        use layout::Op;
        let mut depth = 0usize;
        for (n, page) in pages.iter().enumerate() {
            let mut furniture = false;
            for op in page {
                match op {
                    Op::Open(_) => {
                        assert!(!furniture, "page {n}: element opened in furniture");
                        depth += 1;
                    }
                    Op::Close => {
                        assert!(!furniture, "page {n}: element closed in furniture");
                        depth = depth.checked_sub(1).expect("more closes than opens");
                    }
                    Op::Artifact(_) => {
                        assert!(!furniture, "page {n}: nested furniture");
                        furniture = true;
                    }
                    Op::EndArtifact => {
                        assert!(furniture, "page {n}: furniture ended twice");
                        furniture = false;
                    }
                    Op::Text { text, .. } => assert!(
                        furniture || depth > 0 || text.is_empty(),
                        "page {n}: {text:?} is outside the structure"
                    ),
                    Op::Logo { .. } => assert!(depth > 0, "the logo is a figure"),
                    Op::Line { .. } | Op::Rect { .. } => {}
                }
            }
            assert!(!furniture, "page {n}: furniture runs past the page");
        }
        assert_eq!(depth, 0, "every element is closed");
    }

    #[test]
    fn every_layout_tags_all_its_text() {
        let fonts = fonts::Fonts::load();
        let mut invoice: InvoiceView =
            serde_json::from_str(include_str!("../tests/fixtures/sample_invoice.json")).unwrap();
        assert_structure(&layout::layout(&fonts, &invoice, Some((2.0, 1.0))));
        let line = invoice.lines[0].clone();
        invoice.lines = vec![line; 80];
        invoice.breakdown.clear();
        let pages = layout::layout(&fonts, &invoice, None);
        assert!(pages.len() > 2);
        assert_structure(&pages);
        invoice.lines.clear();
        assert_structure(&layout::layout(&fonts, &invoice, None));

        let slip: PackingSlipView = serde_json::from_str(
            r#"{"lang":"en","store_name":"S","order_number":"O-1","order_date":"d",
                "ship_to":["a"],"items":[{"name":"n","quantity":"1","bin":"A"}],
                "total_units":"1","notes":"note"}"#,
        )
        .unwrap();
        let mut many = slip.clone();
        many.items = vec![slip.items[0].clone(); 90];
        for s in [&slip, &many] {
            assert_structure(&packing::slip(&fonts, s));
        }
        let pick: PickListView = serde_json::from_str(
            r#"{"lang":"de","store_name":"S","date":"d","order_numbers":["O-1"],
                "rows":[{"bin":"A","name":"n","quantity":"1","orders":["O-1"]}],
                "total_units":"1"}"#,
        )
        .unwrap();
        let mut long = pick.clone();
        long.order_numbers = (0..3000).map(|i| format!("O-{i}")).collect();
        for p in [&pick, &long] {
            assert_structure(&packing::pick_list(&fonts, p));
        }
        let po: PurchaseOrderView = serde_json::from_str(
            r#"{"lang":"fr","number":"PO-1","order_date":"d","currency":"EUR",
                "buyer":{"name":"B","address_lines":[],"extra_lines":[]},
                "supplier":{"name":"S"},"deliver_to":["x"],"notes":"n","payment_terms":"t",
                "lines":[{"sku":"A","description":"d","quantity":"1","unit_cost":"1",
                "line_total":"1"}],"total":"1"}"#,
        )
        .unwrap();
        assert_structure(&purchase::purchase_order(&fonts, &po));
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PdfEngine>();
    }
}
