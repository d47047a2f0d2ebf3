//! Factur-X PDF/A-3b invoices: read back with poppler-utils (`pdfinfo`, `pdftotext`,
//! `pdfdetach`; required) and with the Python `factur-x` package, which extracts the embedded
//! XML the way receiving systems do.
//!
//! The interpreter is `ORION_STDNUM_PYTHON`, else the workspace's `.venv` (which
//! `bash scripts/test` provisions; `factur-x` is in `scripts/requirements-test.txt`'s venv);
//! without either, or without the package, the test fails rather than pass unchecked.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{assert_has, pdf_info, pdf_info_with, pdf_text, poppler};
use orion_pdf::{InvoiceView, PdfEngine, PdfError, engine};

const ISSUED: (u16, u8, u8) = (2026, 11, 24);

/// A small CII document (the real one comes from the invoicing module).
const CII: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>INV-2026-00042</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20261124</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:GrandTotalAmount>152.29</ram:GrandTotalAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"#;

fn sample() -> InvoiceView {
    serde_json::from_str(include_str!("fixtures/sample_invoice.json")).expect("fixture parses")
}

fn facturx() -> Vec<u8> {
    engine()
        .render_facturx(&sample(), CII, ISSUED)
        .expect("renders as Factur-X")
}

fn contains(pdf: &[u8], needle: &[u8]) -> bool {
    pdf.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn it_is_a_tagged_pdf_a_3b_with_the_factur_x_properties() {
    let pdf = facturx();
    let info = pdf_info(&pdf);
    for (key, value) in [
        ("Tagged:", "yes"),
        ("Metadata Stream:", "yes"),
        ("Title:", "Facture INV-2026-00042"),
        ("CreationDate:", "Tue Nov 24 00:00:00 2026 UTC"),
    ] {
        assert!(
            info.lines()
                .any(|l| l.starts_with(key) && l.ends_with(value)),
            "pdfinfo lacks {key} {value}:\n{info}"
        );
    }
    let meta = pdf_info_with(&pdf, &["-meta"]);
    for expected in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<fx:DocumentType>INVOICE</fx:DocumentType>",
        "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
        "<fx:Version>1.0</fx:Version>",
        "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
        "<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\
         </pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix>",
        "<xmp:CreateDate>2026-11-24T00:00:00+00:00</xmp:CreateDate>",
        "<rdf:li>fr</rdf:li>",
    ] {
        assert!(meta.contains(expected), "XMP lacks {expected}:\n{meta}");
    }
    // One extension-schema bag (krilla's, which the Factur-X schema joined).
    assert_eq!(meta.matches("<pdfaExtension:schemas>").count(), 1, "{meta}");
    // The structure tree is there as for the plain invoice.
    let structure = pdf_info_with(&pdf, &["-struct-text"]);
    for element in ["H1", "Table", "TH", "TD"] {
        assert!(structure.contains(element), "{element}:\n{structure}");
    }
    // PDF/A output intent, the XML as an associated file in the catalog.
    assert!(contains(&pdf, b"/OutputIntents"));
    assert!(contains(&pdf, b"/GTS_PDFA1"));
    assert!(contains(&pdf, b"/AF["));
    assert!(contains(&pdf, b"/EmbeddedFiles<</Names[(factur-x.xml)"));
    assert!(contains(&pdf, b"/AFRelationship/Alternative"));
    assert!(contains(&pdf, b"/Subtype/text#2Fxml"));
    assert!(contains(&pdf, b"/Desc(Factur-X invoice)"));
    assert!(contains(&pdf, b"/ModDate(D:20261124000000Z"));
}

#[test]
fn the_text_has_everything_the_plain_invoice_has() {
    let view = sample();
    let plain = pdf_text(&engine().render_invoice(&view).unwrap());
    let text = pdf_text(&facturx());
    assert_eq!(text, plain);
    for needle in [
        "Facture INV-2026-00042",
        "Total TTC 152,29 €",
        "Page 1 / 1",
        view.seller.vat_id.as_deref().unwrap(),
        view.buyer.vat_id.as_deref().unwrap(),
        view.payment_terms.as_deref().unwrap(),
    ] {
        assert_has(&text, needle);
    }
    for needle in view
        .mentions
        .iter()
        .chain(&view.bank_lines)
        .chain(&view.footer_lines)
    {
        assert_has(&text, needle);
    }
    for b in &view.breakdown {
        assert_has(&text, &b.label);
        assert_has(&text, &b.vat);
    }
}

#[test]
fn pdfdetach_lists_and_extracts_factur_x_xml() {
    let pdf = facturx();
    let list = poppler(&pdf, "pdfdetach", &["-list"]);
    assert!(
        list.contains("1 embedded files") && list.contains("1: factur-x.xml"),
        "{list}"
    );
    let out = std::env::temp_dir().join(format!("orion-facturx-{}.xml", std::process::id()));
    let out_arg = out.to_str().unwrap();
    poppler(
        &pdf,
        "pdfdetach",
        &["-savefile", "factur-x.xml", "-o", out_arg],
    );
    let extracted = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).ok();
    assert_eq!(extracted, CII);
}

/// The Python interpreter with the `factur-x` package.
fn python() -> String {
    std::env::var("ORION_STDNUM_PYTHON").unwrap_or_else(|_| {
        let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
        assert!(
            std::path::Path::new(venv).exists(),
            "no python with factur-x: run `bash scripts/test` (it provisions .venv), or \
             `.venv/bin/pip install factur-x`, or set ORION_STDNUM_PYTHON"
        );
        venv.to_owned()
    })
}

#[test]
fn the_factur_x_package_extracts_the_same_xml() {
    let pdf = facturx();
    let script = "import sys, io\n\
                  from facturx import get_xml_from_pdf\n\
                  name, xml = get_xml_from_pdf(io.BytesIO(sys.stdin.buffer.read()), check_xsd=False)\n\
                  sys.stdout.buffer.write(name.encode() + b'\\n' + xml)\n";
    let mut child = Command::new(python())
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts the Python interpreter");
    child.stdin.take().unwrap().write_all(&pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "factur-x failed (is the package installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (name, xml) = out
        .stdout
        .split_at(out.stdout.iter().position(|b| *b == b'\n').unwrap());
    assert_eq!(name, b"factur-x.xml");
    assert_eq!(&xml[1..], CII, "byte-identical XML");
}

#[test]
fn same_inputs_give_identical_bytes() {
    let first = facturx();
    let other = engine()
        .render_facturx(&sample(), b"<other/>", ISSUED)
        .unwrap();
    assert_ne!(first, other);
    assert_eq!(facturx(), first);
    assert_eq!(
        PdfEngine::new()
            .render_facturx(&sample(), CII, ISSUED)
            .unwrap(),
        first
    );
    // Rendered on other threads too.
    let threads: Vec<_> = (0..3).map(|_| std::thread::spawn(facturx)).collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), first);
    }
    // The issue date is the creation date.
    let later = engine()
        .render_facturx(&sample(), CII, (2026, 11, 25))
        .unwrap();
    assert_ne!(later, first);
}

#[test]
fn credit_notes_and_multi_page_invoices_render_as_factur_x() {
    let mut view = sample();
    view.document_type = "credit_note".into();
    view.corrects_number = Some("INV-2026-00041".into());
    let template = view.lines[0].clone();
    view.lines = (1..=60)
        .map(|i| orion_pdf::LineView {
            position: i,
            ..template.clone()
        })
        .collect();
    let pdf = engine().render_facturx(&view, CII, ISSUED).unwrap();
    let info = pdf_info(&pdf);
    assert!(!info.contains("Pages:           1\n"), "{info}");
    assert!(pdf_info_with(&pdf, &["-meta"]).contains("<fx:DocumentType>INVOICE"));
    assert_has(&pdf_text(&pdf), "Note de crédit INV-2026-00042");
}

#[test]
fn what_cannot_be_pdf_a_is_an_error_not_a_broken_file() {
    let invalid_date = engine().render_facturx(&sample(), CII, (2026, 13, 1));
    assert!(
        matches!(invalid_date, Err(PdfError::Export(_))),
        "{invalid_date:?}"
    );
    // PDF/A forbids the .notdef glyph a character outside the fonts would print as.
    let mut view = sample();
    view.buyer.name = "Marie 😀 Schmit".into();
    let missing_glyph = engine().render_facturx(&view, CII, ISSUED);
    assert!(
        matches!(missing_glyph, Err(PdfError::Export(_))),
        "{missing_glyph:?}"
    );
    // The plain invoice still renders.
    engine().render_invoice(&view).unwrap();
}
