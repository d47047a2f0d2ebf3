//! Every document is a tagged PDF: `pdfinfo` (poppler-utils, required) says `Tagged: yes` and
//! `pdfinfo -struct-text` reads the structure tree back (headings, paragraphs, tables with
//! header cells, in reading order; page furniture left out as artifacts).

mod common;

use common::{pdf_info, pdf_info_with, pdf_text, squash};
use orion_pdf::{
    InvoiceView, LineView, PackingItemView, PackingSlipView, PartyView, PickListView, PickRowView,
    PurchaseLineView, PurchaseOrderView, SupplierView, engine,
};

fn sample() -> InvoiceView {
    serde_json::from_str(include_str!("fixtures/sample_invoice.json")).expect("fixture parses")
}

fn slip(number: &str) -> PackingSlipView {
    PackingSlipView {
        lang: "en".into(),
        store_name: "Épicerie Alpha".into(),
        order_number: number.into(),
        order_date: "24/11/2026".into(),
        ship_to: vec!["Anne Muller".into(), "1 Rue de la Gare".into()],
        items: vec![PackingItemView {
            sku: Some("TEA-01".into()),
            name: "Green tea".into(),
            quantity: "2".into(),
            bin: "A-01".into(),
        }],
        total_units: "2".into(),
        notes: Some("Leave at the door".into()),
    }
}

fn pick_list() -> PickListView {
    PickListView {
        lang: "en".into(),
        store_name: "Épicerie Alpha".into(),
        date: "24/11/2026".into(),
        order_numbers: vec!["ORD-1".into(), "ORD-2".into()],
        rows: vec![PickRowView {
            bin: "A-01".into(),
            sku: Some("TEA-01".into()),
            name: "Green tea".into(),
            quantity: "5".into(),
            orders: vec!["ORD-1".into(), "ORD-2".into()],
        }],
        total_units: "5".into(),
    }
}

fn purchase_order() -> PurchaseOrderView {
    PurchaseOrderView {
        lang: "en".into(),
        number: "PO-2026-00001".into(),
        order_date: "05/12/2026".into(),
        expected_date: Some("12/12/2026".into()),
        buyer: PartyView {
            name: "Épicerie Alpha".into(),
            company: None,
            address_lines: vec!["1 Rue de la Gare".into()],
            vat_id: Some("LU12345613".into()),
            extra_lines: vec![],
        },
        supplier: SupplierView {
            name: "Teehaus GmbH".into(),
            contact: Some("Jana Weber".into()),
            address_lines: vec!["Hauptstraße 1".into()],
            email: None,
            phone: None,
            vat_id: None,
        },
        deliver_to: vec!["Épicerie Alpha".into(), "1 Rue de la Gare".into()],
        notes: Some("Deliver in the morning".into()),
        payment_terms: Some("30 days".into()),
        currency: "EUR".into(),
        lines: vec![PurchaseLineView {
            sku: "TEA-01".into(),
            supplier_sku: Some("TH-9".into()),
            description: "Green tea".into(),
            gtin: None,
            quantity: "10".into(),
            unit_cost: "€3.50".into(),
            line_total: "€35.00".into(),
        }],
        total: "€35.00".into(),
    }
}

#[track_caller]
fn assert_tagged(pdf: &[u8]) -> String {
    let info = pdf_info(pdf);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "not tagged:\n{info}"
    );
    pdf_info_with(pdf, &["-struct-text"])
}

/// The structure elements `pdfinfo -struct-text` lists, by name (indentation removed).
fn elements(structure: &str) -> Vec<&str> {
    structure
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| l.split([' ', ':']).next().unwrap_or(l))
        .collect()
}

fn count(structure: &str, element: &str) -> usize {
    elements(structure)
        .iter()
        .filter(|e| **e == element)
        .count()
}

/// The line of `structure` holding `text` (quoted, as `pdfinfo -struct-text` prints it) and
/// the element it belongs to: the nearest line above, less indented.
#[track_caller]
fn element_of(structure: &str, text: &str) -> String {
    let lines: Vec<&str> = structure.lines().collect();
    let quoted = format!("\"{text}\"");
    let at = lines
        .iter()
        .position(|l| l.trim() == quoted)
        .unwrap_or_else(|| panic!("{text:?} not in the structure tree:\n{structure}"));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mine = indent(lines[at]);
    lines[..at]
        .iter()
        .rev()
        .find(|l| indent(l) < mine && !l.trim().starts_with('/') && !l.trim().starts_with('"'))
        .map(|l| l.trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn the_invoice_has_headings_paragraphs_and_tables_with_header_cells() {
    let view = sample();
    let pdf = engine().render_invoice(&view).unwrap();
    let s = assert_tagged(&pdf);
    assert!(s.starts_with("Document"), "{s}");
    assert_eq!(count(&s, "H1"), 1, "{s}");
    assert!(element_of(&s, "Facture INV-2026-00042").starts_with("H1"));
    // Block headings.
    assert!(element_of(&s, "FACTURÉ À").starts_with("H2"), "{s}");
    assert!(element_of(&s, "LIVRÉ À").starts_with("H2"), "{s}");
    assert!(element_of(&s, "DÉTAIL DE LA TVA").starts_with("H2"), "{s}");
    // Parties as paragraphs.
    assert!(element_of(&s, &view.seller.name).starts_with('P'), "{s}");
    assert!(
        element_of(&s, "4, avenue de la Liberté").starts_with('P'),
        "{s}"
    );
    // Tables: facts, lines, VAT breakdown, totals.
    assert_eq!(count(&s, "Table"), 4, "{s}");
    assert!(element_of(&s, "Désignation").starts_with("TH"), "{s}");
    assert!(s.contains("/Scope /Column"), "{s}");
    assert!(element_of(&s, "Date de facture").starts_with("TH"), "{s}");
    assert!(s.contains("/Scope /Row"), "{s}");
    assert!(element_of(&s, "Base imposable").starts_with("TH"), "{s}");
    assert!(element_of(&s, "24/11/2026").starts_with("TD"), "{s}");
    assert!(
        element_of(&s, &view.lines[0].description).starts_with("TD"),
        "{s}"
    );
    assert!(element_of(&s, "Total TTC").starts_with("TH"), "{s}");
    assert!(element_of(&s, &view.gross_total).starts_with("TD"), "{s}");
    // One header row and a row per line in the lines table.
    assert_eq!(count(&s, "TR"), 5 + (1 + view.lines.len()) + 3 + 3, "{s}");
    // Reading order: parties, title, facts, lines, breakdown and totals, mentions, payment.
    let order = [
        view.seller.name.as_str(),
        view.buyer.name.as_str(),
        "Facture INV-2026-00042",
        "Date de facture",
        &view.lines[0].description,
        &view.lines[5].description,
        "Base imposable",
        "Total TTC",
        &view.mentions[0],
        &view.bank_lines[0],
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|t| {
            s.find(&format!("\"{t}\""))
                .unwrap_or_else(|| panic!("{t:?}:\n{s}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "reading order {at:?}:\n{s}"
    );
    // Page furniture is not content: footer lines, page numbers, no decoration.
    for furniture in view
        .footer_lines
        .iter()
        .map(String::as_str)
        .chain(["Page 1 / 1"])
    {
        assert!(!s.contains(furniture), "{furniture:?} is tagged:\n{s}");
        assert!(squash(&pdf_text(&pdf)).contains(&squash(furniture)));
    }
    assert!(!s.contains("Artifact"), "{s}");
}

#[test]
fn the_logo_is_a_figure_with_alternative_text() {
    let mut view = sample();
    // A 2×1 RGBA PNG (the one of tests/render.rs).
    view.logo_png = Some(vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0xf4,
        0x22, 0x7f, 0x8a, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0x00, 0x44, 0x0c, 0x0c, 0x00, 0x0c, 0xfc, 0x01, 0xff, 0x5c, 0xfd, 0x14, 0x95,
        0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]);
    orion_pdf::check_logo(view.logo_png.as_deref().unwrap()).expect("a valid PNG");
    let pdf = engine().render_invoice(&view).unwrap();
    let s = pdf_info_with(&pdf, &["-struct"]);
    assert_eq!(count(&s, "Figure"), 1, "{s}");
    assert!(
        pdf.windows(b"/Alt".len()).any(|w| w == b"/Alt"),
        "the figure has alternative text"
    );
    // The Factur-X PDF/A-3 keeps the logo too (drawn without interpolation, which PDF/A
    // forbids).
    let fx = engine()
        .render_facturx(&view, b"<x/>", (2026, 11, 24))
        .unwrap();
    assert!(
        !fx.windows(b"/Interpolate true".len())
            .any(|w| w == b"/Interpolate true")
    );
    let s = pdf_info_with(&fx, &["-struct"]);
    assert_eq!(count(&s, "Figure"), 1, "the Factur-X PDF has its logo: {s}");
}

#[test]
fn a_table_over_pages_is_one_table_its_repeated_header_furniture() {
    let mut view = sample();
    let template = view.lines[0].clone();
    view.lines = (1..=60)
        .map(|i| LineView {
            position: i,
            description: format!("Article numéro {i}"),
            ..template.clone()
        })
        .collect();
    let pdf = engine().render_invoice(&view).unwrap();
    let text = pdf_text(&pdf);
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2, "60 lines span pages");
    // The header is printed on every page but tagged once.
    assert!(text.matches("Désignation").count() >= 2);
    let s = assert_tagged(&pdf);
    assert_eq!(s.matches("\"Désignation\"").count(), 1, "{s}");
    let lines_table = s
        .split("Table")
        .find(|t| t.contains("\"Article numéro 1\""))
        .expect("the lines table");
    assert!(
        lines_table.contains("\"Article numéro 60\""),
        "one table over pages:\n{s}"
    );
    assert_eq!(lines_table.matches("TR").count(), 61);
    for n in 1..=pages {
        assert!(
            !s.contains(&format!("Page {n} / ")),
            "page numbers are artifacts"
        );
    }
}

#[test]
fn credit_notes_are_tagged() {
    let mut view = sample();
    view.document_type = "credit_note".into();
    view.corrects_number = Some("INV-2026-00041".into());
    let s = assert_tagged(&engine().render_invoice(&view).unwrap());
    assert!(
        element_of(&s, "Note de crédit INV-2026-00042").starts_with("H1"),
        "{s}"
    );
    assert!(element_of(&s, "INV-2026-00041").starts_with("TD"), "{s}");
}

#[test]
fn packing_slips_are_tagged_one_section_per_slip() {
    let pdf = engine()
        .render_packing_slips(&[slip("ORD-1"), slip("ORD-2")])
        .unwrap();
    let s = assert_tagged(&pdf);
    assert_eq!(count(&s, "Sect"), 2, "{s}");
    assert_eq!(count(&s, "H1"), 2, "{s}");
    assert!(
        element_of(&s, "Packing slip ORD-1").starts_with("H1"),
        "{s}"
    );
    assert!(element_of(&s, "SHIP TO").starts_with("H2"), "{s}");
    assert!(element_of(&s, "Anne Muller").starts_with('P'), "{s}");
    assert_eq!(count(&s, "Table"), 2, "{s}");
    assert!(element_of(&s, "Product").starts_with("TH"), "{s}");
    assert!(element_of(&s, "Green tea").starts_with("TD"), "{s}");
    assert!(element_of(&s, "Total units  2").starts_with('P'), "{s}");
    assert!(!s.contains("Page 1 / 1"), "{s}");
}

#[test]
fn pick_lists_are_tagged() {
    let s = assert_tagged(&engine().render_pick_list(&pick_list()).unwrap());
    assert!(element_of(&s, "Pick list").starts_with("H1"), "{s}");
    assert!(element_of(&s, "ORD-1, ORD-2").starts_with('P'), "{s}");
    assert!(element_of(&s, "Bin").starts_with("TH"), "{s}");
    assert!(element_of(&s, "A-01").starts_with("TD"), "{s}");
}

#[test]
fn purchase_orders_are_tagged() {
    let s = assert_tagged(&engine().render_purchase_order(&purchase_order()).unwrap());
    assert!(
        element_of(&s, "Purchase order PO-2026-00001").starts_with("H1"),
        "{s}"
    );
    assert!(element_of(&s, "SUPPLIER").starts_with("H2"), "{s}");
    assert!(element_of(&s, "Teehaus GmbH").starts_with('P'), "{s}");
    assert!(element_of(&s, "Order date").starts_with("TH"), "{s}");
    assert!(element_of(&s, "05/12/2026").starts_with("TD"), "{s}");
    assert!(element_of(&s, "Description").starts_with("TH"), "{s}");
    assert!(element_of(&s, "€35.00").starts_with("TD"), "{s}");
    assert!(element_of(&s, "NOTES").starts_with("H2"), "{s}");
    assert!(
        element_of(&s, "Deliver in the morning").starts_with('P'),
        "{s}"
    );
}
