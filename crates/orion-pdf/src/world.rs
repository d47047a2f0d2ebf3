//! A minimal Typst world: the embedded template, the document data and logo as virtual files,
//! the embedded fonts. Nothing is read from disk or the network.

use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::{InvoiceView, PdfError};

const TEMPLATE: &str = include_str!("../templates/invoice.typ");
const FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
];

/// What every render shares: loaded once per engine.
pub(crate) struct Assets {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    template_bytes: Bytes,
    data_id: FileId,
    logo_id: FileId,
}

impl Assets {
    pub(crate) fn load() -> Assets {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let main = file_id("/invoice.typ");
        Assets {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            template: Source::new(main, TEMPLATE.to_owned()),
            template_bytes: Bytes::from_string(TEMPLATE),
            data_id: file_id("/data.json"),
            logo_id: file_id("/logo.png"),
        }
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("static virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one render: the shared assets plus this document's data.
pub(crate) struct RenderWorld<'a> {
    assets: &'a Assets,
    data: Bytes,
    logo: Option<Bytes>,
}

impl<'a> RenderWorld<'a> {
    pub(crate) fn new(assets: &'a Assets, doc: &InvoiceView) -> Result<Self, PdfError> {
        let data =
            serde_json::to_vec(&TemplateData { doc }).map_err(|e| PdfError::Data(e.to_string()))?;
        Ok(RenderWorld {
            assets,
            data: Bytes::new(data),
            logo: doc.logo_png.clone().map(Bytes::new),
        })
    }
}

/// Serialises the view for the template: the logo travels as its own file (`/logo.png`), so
/// the JSON only says whether there is one (`has_logo`).
struct TemplateData<'a> {
    doc: &'a InvoiceView,
}

impl serde::Serialize for TemplateData<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let d = self.doc;
        let mut m = s.serialize_map(Some(22))?;
        m.serialize_entry("lang", &d.lang)?;
        m.serialize_entry("document_type", &d.document_type)?;
        m.serialize_entry("number", &d.number)?;
        m.serialize_entry("issue_date", &d.issue_date)?;
        m.serialize_entry("supply_date", &d.supply_date)?;
        m.serialize_entry("due_date", &d.due_date)?;
        m.serialize_entry("order_reference", &d.order_reference)?;
        m.serialize_entry("corrects_number", &d.corrects_number)?;
        m.serialize_entry("reason", &d.reason)?;
        m.serialize_entry("seller", &d.seller)?;
        m.serialize_entry("buyer", &d.buyer)?;
        m.serialize_entry("ship_to", &d.ship_to)?;
        m.serialize_entry("lines", &d.lines)?;
        m.serialize_entry("breakdown", &d.breakdown)?;
        m.serialize_entry("net_total", &d.net_total)?;
        m.serialize_entry("vat_total", &d.vat_total)?;
        m.serialize_entry("gross_total", &d.gross_total)?;
        m.serialize_entry("mentions", &d.mentions)?;
        m.serialize_entry("payment_terms", &d.payment_terms)?;
        m.serialize_entry("bank_lines", &d.bank_lines)?;
        m.serialize_entry("footer_lines", &d.footer_lines)?;
        m.serialize_entry("has_logo", &d.logo_png.is_some())?;
        m.end()
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.assets.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.assets.book
    }

    fn main(&self) -> FileId {
        self.assets.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.assets.template.id() {
            Ok(self.assets.template.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.assets.template.id() {
            Ok(self.assets.template_bytes.clone())
        } else if id == self.assets.data_id {
            Ok(self.data.clone())
        } else if id == self.assets.logo_id {
            self.logo.clone().ok_or_else(|| not_found(id))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.assets.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents never depend on the clock: the caller passes every date.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_with_slash()))
}
