//! Invoice and credit-note PDFs, rendered in-process with an embedded Typst compiler.
//!
//! The caller (the invoicing module) builds an [`InvoiceView`]: every value already formatted
//! for the document's language (money, dates, rates, regime mentions). [`PdfEngine`] hands it
//! to the template `templates/invoice.typ` as the virtual file `/data.json` (and the optional
//! logo as `/logo.png`) through a minimal Typst [`World`](typst::World) in `world.rs`: no
//! filesystem, no network, no packages, fonts (Liberation Sans, `fonts/`) embedded in the
//! binary. Labels in English, French and German live in the template. The output is
//! deterministic: no creation date, and a document identifier derived from the invoice number,
//! so the same view always gives the same bytes. [`engine()`] is the process-wide instance;
//! Typst's memoisation (comemo) keeps parsed template and shaped text warm between renders and
//! is trimmed every few renders so memory stays bounded.

mod view;
mod world;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst_layout::PagedDocument;

pub use view::{BreakdownView, InvoiceView, LineView, PartyView};
use world::{Assets, RenderWorld};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template failed to compile or lay out with this data.
    #[error("invoice template failed: {0}")]
    Template(String),
    /// The laid-out document could not be written as PDF.
    #[error("PDF export failed: {0}")]
    Export(String),
    /// The view could not be handed to the template.
    #[error("invoice data could not be serialised: {0}")]
    Data(String),
    /// The page could not be rasterised.
    #[error("PNG rendering failed: {0}")]
    Image(String),
}

/// Renders invoice views to PDF. Fonts, the standard library and the parsed template are loaded
/// once; the engine is `Send + Sync` and renders from several threads at once.
pub struct PdfEngine {
    assets: Assets,
    renders: AtomicUsize,
}

/// Typst's memoisation cache (comemo, process-wide) is trimmed every `EVICT_EVERY` renders,
/// dropping what the last `EVICT_MAX_AGE` trims did not see reused: memory stays bounded while
/// what every render shares (library, template, shaped labels) stays warm. Trimming walks the
/// whole cache, so doing it after each render would cost about 4 % of the render time.
const EVICT_EVERY: usize = 16;
const EVICT_MAX_AGE: usize = 2;

impl PdfEngine {
    /// Loads the embedded fonts, the standard library and the template.
    pub fn new() -> PdfEngine {
        PdfEngine {
            assets: Assets::load(),
            renders: AtomicUsize::new(0),
        }
    }

    /// Renders the document as PDF. The same view always gives the same bytes.
    pub fn render_invoice(&self, doc: &InvoiceView) -> Result<Vec<u8>, PdfError> {
        let document = self.layout(doc)?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(format!("orion:{}:{}", doc.document_type, doc.number)),
            creator: Smart::Custom(Some("Orion".into())),
            timestamp: None,
            ..Default::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|e| PdfError::Export(diagnostics(&e)))
    }

    /// Renders the first page as PNG at `ppi` pixels per inch (for previews and documentation).
    pub fn png_first_page(&self, doc: &InvoiceView, ppi: f32) -> Result<Vec<u8>, PdfError> {
        if !(ppi.is_finite() && ppi > 0.0 && ppi <= 1200.0) {
            return Err(PdfError::Image(format!(
                "ppi must be between 0 and 1200, got {ppi}"
            )));
        }
        let document = self.layout(doc)?;
        let page = document
            .pages()
            .first()
            .ok_or_else(|| PdfError::Image("the document has no page".into()))?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
            ..Default::default()
        };
        typst_render::render(page, &options)
            .encode_png()
            .map_err(|e| PdfError::Image(e.to_string()))
    }

    fn layout(&self, doc: &InvoiceView) -> Result<PagedDocument, PdfError> {
        let world = RenderWorld::new(&self.assets, doc)?;
        let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
        if self.renders.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            comemo::evict(EVICT_MAX_AGE);
        }
        output.map_err(|e| PdfError::Template(diagnostics(&e)))
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

fn diagnostics(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let mut s = d.message.to_string();
            for hint in &d.hints {
                s.push_str(" (hint: ");
                s.push_str(&hint.v);
                s.push(')');
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
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
