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

mod barcode;
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
use krilla::geom::Size;
use krilla::image::Image;
use krilla::metadata::Metadata;
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
        let logo = doc.logo_png.as_ref().and_then(|png| {
            let image = check_logo(png)
                .map_err(|e| e.to_string())
                .and_then(|_| Image::from_png(png.clone().into(), true).map_err(|e| e.to_string()));
            match image {
                Ok(image) => Some(image),
                Err(e) => {
                    tracing::warn!(number = %doc.number, error = %e, "the logo cannot be drawn; rendering the document without it");
                    None
                }
            }
        });
        match self.render_with(doc, logo.as_ref()) {
            Err(e) if logo.is_some() => {
                tracing::warn!(number = %doc.number, error = %e, "the document with its logo failed; rendering it without the logo");
                self.render_with(doc, None)
            }
            out => out,
        }
    }

    fn render_with(&self, doc: &InvoiceView, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
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
        self.write(&pages, metadata, logo)
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
        self.write(&pages, metadata, None)
    }

    /// Renders a pick list. The same view always gives the same bytes.
    pub fn render_pick_list(&self, list: &PickListView) -> Result<Vec<u8>, PdfError> {
        let pages = packing::pick_list(&self.fonts, list);
        let l = labels::labels(&list.lang);
        let metadata = Metadata::new()
            .title(format!("{} {}", l.pick_list, list.date))
            .authors(vec![list.store_name.clone()])
            .language(list.lang.clone());
        self.write(&pages, metadata, None)
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
        self.write(&pages, metadata, None)
    }

    /// Writes laid-out pages as a PDF with `metadata` (Orion as the creator).
    fn write(
        &self,
        pages: &[Vec<layout::Op>],
        metadata: Metadata,
        logo: Option<&Image>,
    ) -> Result<Vec<u8>, PdfError> {
        let settings = SerializeSettings {
            // Plain PDF without an XMP packet or a structure tree: the fastest to write.
            xmp_metadata: false,
            enable_tagging: false,
            ..Default::default()
        };
        let mut document = Document::new_with(settings);
        document.set_metadata(metadata.creator("Orion".into()));
        let size = Size::from_wh(layout::PAGE_W, layout::PAGE_H).expect("A4 is a valid size");
        for ops in pages {
            let mut page = document.start_page_with(PageSettings::new(size));
            let mut surface = page.surface();
            layout::draw(&mut surface, &self.fonts, ops, logo);
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| PdfError::Export(format!("{e:?}")))
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

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PdfEngine>();
    }
}
