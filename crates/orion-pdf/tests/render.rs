//! Renders real documents and reads them back with `pdftotext` (poppler-utils, required).

mod common;

use common::{assert_has, assert_lacks, pdf_info, pdf_layout_text, pdf_text, squash};
use orion_pdf::{InvoiceView, LineView, PdfEngine, engine};

fn sample() -> InvoiceView {
    serde_json::from_str(include_str!("fixtures/sample_invoice.json")).expect("fixture parses")
}

fn render_text(view: &InvoiceView) -> String {
    let pdf = engine().render_invoice(view).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"), "output is a PDF");
    let text = pdf_text(&pdf);
    // Each VAT breakdown row (label, taxable amount, VAT) reads as one line on the page.
    let layout = pdf_layout_text(&pdf);
    for b in &view.breakdown {
        assert!(
            layout
                .lines()
                .any(|l| squash(l)
                    .contains(&squash(&format!("{} {} {}", b.label, b.taxable, b.vat)))),
            "breakdown row {b:?} not on one line:\n{layout}"
        );
    }
    text
}

/// Everything an invoice must show, whatever the language.
fn assert_invoice_content(view: &InvoiceView, text: &str) {
    assert_has(text, &view.number);
    assert_has(text, view.seller.vat_id.as_deref().unwrap());
    assert_has(text, view.buyer.vat_id.as_deref().unwrap());
    assert_has(text, &view.seller.name);
    assert_has(text, &view.buyer.name);
    for line in &view.lines {
        assert_has(text, &line.description);
        assert_has(text, &line.amount);
    }
    for b in &view.breakdown {
        assert_has(text, &b.label);
        assert_has(text, &b.taxable);
        assert_has(text, &b.vat);
    }
    assert_has(text, &view.net_total);
    assert_has(text, &view.vat_total);
    assert_has(text, &view.gross_total);
    for m in &view.mentions {
        assert_has(text, m);
    }
    for l in view.bank_lines.iter().chain(&view.footer_lines) {
        assert_has(text, l);
    }
    assert_has(text, view.payment_terms.as_deref().unwrap());
    assert_has(text, &view.issue_date);
    assert_has(text, view.order_reference.as_deref().unwrap());
}

#[test]
fn french_invoice_shows_parties_lines_totals_and_mentions() {
    let view = sample();
    let text = render_text(&view);
    assert_invoice_content(&view, &text);
    assert_has(&text, "Facture INV-2026-00042");
    assert_has(&text, "Total TTC 152,29 €");
    assert_has(&text, "Base imposable");
    assert_has(&text, "Réf. BK-HIST-LU");
    assert_has(&text, "LIVRÉ À");
    assert_has(&text, "Page 1 / 1");
    assert_lacks(&text, "Invoice");
}

#[test]
fn english_invoice_uses_english_labels() {
    let mut view = sample();
    view.lang = "en".into();
    view.net_total = "€136.78".into();
    view.vat_total = "€15.51".into();
    view.gross_total = "€152.29".into();
    view.mentions = vec!["Domestic supply in Luxembourg: Luxembourg VAT at 3 % and 17 %.".into()];
    let text = render_text(&view);
    assert_invoice_content(&view, &text);
    assert_has(&text, "Invoice INV-2026-00042");
    assert_has(&text, "Total incl. VAT €152.29");
    assert_has(&text, "Page 1 / 1");
    assert_lacks(&text, "Facture");
}

#[test]
fn german_invoice_uses_german_labels() {
    let mut view = sample();
    view.lang = "de".into();
    view.issue_date = "24.11.2026".into();
    view.mentions =
        vec!["Inlandslieferung in Luxemburg: luxemburgische USt. zu 3 % und 17 %.".into()];
    let text = render_text(&view);
    assert_invoice_content(&view, &text);
    assert_has(&text, "Rechnung INV-2026-00042");
    assert_has(&text, "Rechnungsdatum");
    assert_has(&text, "24.11.2026");
    assert_has(&text, "Gesamtbetrag 152,29 €");
    assert_has(&text, "Seite 1 / 1");
    assert_lacks(&text, "Facture");
    // The table header reads as one row: no label is broken inside its column.
    let layout = pdf_layout_text(&engine().render_invoice(&view).unwrap());
    assert!(
        layout
            .lines()
            .any(|l| squash(l) == squash("Pos. Beschreibung Menge Einzelpreis USt. Betrag")),
        "table header not on one line:\n{layout}"
    );
}

#[test]
fn credit_notes_are_titled_and_reference_the_corrected_invoice_in_each_language() {
    for (lang, title, corrects) in [
        ("en", "Credit note", "Corrects invoice"),
        ("fr", "Note de crédit", "Rectifie la facture"),
        ("de", "Gutschrift", "Korrigiert Rechnung"),
    ] {
        let mut view = sample();
        view.lang = lang.into();
        view.document_type = "credit_note".into();
        view.number = "CN-2026-00007".into();
        view.corrects_number = Some("INV-2026-00042".into());
        view.reason = Some("Bouilloire retournée / returned kettle".into());
        let text = render_text(&view);
        assert_has(&text, &format!("{title} CN-2026-00007"));
        // pdftotext reads the facts grid column by column: labels, then values.
        assert_has(&text, corrects);
        assert_has(&text, "INV-2026-00042");
        assert_has(&text, "Bouilloire retournée / returned kettle");
        assert_lacks(&text, "Facture INV");
    }
}

#[test]
fn unknown_language_falls_back_to_english_labels() {
    let mut view = sample();
    view.lang = "lb".into();
    let text = render_text(&view);
    assert_has(&text, "Invoice INV-2026-00042");
}

#[test]
fn sixty_lines_flow_over_pages_with_repeated_header_and_page_numbers() {
    let mut view = sample();
    view.lines = (1..=60)
        .map(|i| LineView {
            position: i,
            description: format!("Article numéro {i:02}"),
            sku: Some(format!("SKU-{i:04}")),
            quantity: "1".into(),
            unit_price: "1,00 €".into(),
            vat_rate: "17 %".into(),
            amount: format!("{i},00 €"),
        })
        .collect();
    let pdf = engine().render_invoice(&view).expect("renders");
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let n = pages.len();
    assert!(n >= 2, "60 lines need more than one page, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert_has(page, &format!("Page {} / {n}", i + 1));
        assert_has(page, "Désignation");
        assert_has(page, "RCS Luxembourg B123456");
    }
    for i in 1..=60 {
        assert_has(&text, &format!("Article numéro {i:02}"));
    }
    assert_has(pages[n - 1], "Total TTC 152,29 €");
}

#[test]
fn same_view_gives_identical_bytes() {
    let view = sample();
    let first = engine().render_invoice(&view).unwrap();
    let mut other = sample();
    other.number = "INV-2026-00043".into();
    let between = engine().render_invoice(&other).unwrap();
    let again = engine().render_invoice(&view).unwrap();
    let fresh_engine = PdfEngine::new().render_invoice(&view).unwrap();
    assert_eq!(first, again, "same engine, same bytes");
    assert_eq!(first, fresh_engine, "another engine, same bytes");
    assert_ne!(first, between, "another invoice, other bytes");
}

#[test]
fn renders_concurrently_with_identical_results() {
    let view = sample();
    let expected = engine().render_invoice(&view).unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let mut v = view.clone();
                s.spawn(move || {
                    let mut out = Vec::new();
                    for _ in 0..3 {
                        out.push(engine().render_invoice(&v).unwrap());
                    }
                    v.number = format!("INV-T{i}");
                    engine().render_invoice(&v).unwrap();
                    out
                })
            })
            .collect();
        for h in handles {
            for pdf in h.join().unwrap() {
                assert_eq!(pdf, expected);
            }
        }
    });
}

#[test]
fn data_is_printed_literally_never_evaluated_as_markup() {
    let mut view = sample();
    view.lines[0].description = r#"#panic("x") *bold* $x$ _u_ <lab> @ref \ ] } "quote""#.into();
    view.buyer.name = "#{1 + 1} = two".into();
    let text = render_text(&view);
    assert_has(
        &text,
        r#"#panic("x") *bold* $x$ _u_ <lab> @ref \ ] } "quote""#,
    );
    assert_has(&text, "#{1 + 1} = two");
}

/// A 2x1 PNG (one red pixel, one transparent).
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0xf4, 0x22, 0x7f,
    0x8a, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x0c, 0x0c, 0x00, 0x0c, 0xfc, 0x01, 0xff, 0x5c, 0xfd, 0x14, 0x95, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn logo_is_embedded_when_set_and_travels_as_base64_in_json() {
    let mut view = sample();
    view.logo_png = Some(TINY_PNG.to_vec());
    let json = serde_json::to_value(&view).unwrap();
    assert!(
        json["logo_png"]
            .as_str()
            .unwrap()
            .starts_with("iVBORw0KGgo")
    );
    let back: InvoiceView = serde_json::from_value(json).unwrap();
    assert_eq!(back, view);

    let with_logo = engine().render_invoice(&view).unwrap();
    let without = engine().render_invoice(&sample()).unwrap();
    assert_ne!(with_logo, without);
    assert!(
        with_logo.windows(b"/Image".len()).any(|w| w == b"/Image"),
        "the logo is an image XObject"
    );
    assert_has(&pdf_text(&with_logo), "INV-2026-00042");
}

#[test]
fn broken_logo_is_left_out_and_the_document_still_renders() {
    let without = engine().render_invoice(&sample()).unwrap();
    let mut garbage_after_signature = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage_after_signature.extend_from_slice(&[0xAB; 300]);
    let mut damaged = TINY_PNG.to_vec();
    let idat = damaged.windows(4).position(|w| w == b"IDAT").unwrap();
    damaged[idat + 6] ^= 0xFF;
    for logo in [
        b"not a png".to_vec(),
        garbage_after_signature,
        TINY_PNG[..40].to_vec(),
        damaged,
    ] {
        let mut view = sample();
        view.logo_png = Some(logo);
        let pdf = engine().render_invoice(&view).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(pdf, without, "rendered exactly as without a logo");
    }
}

#[test]
fn optional_fields_may_be_absent_from_json() {
    let view: InvoiceView = serde_json::from_value(serde_json::json!({
        "lang": "en", "document_type": "invoice", "number": "INV-1", "issue_date": "1 Dec 2026",
        "seller": {"name": "Seller"}, "buyer": {"name": "Buyer"},
        "lines": [{"position": 1, "description": "Thing", "quantity": "1", "unit_price": "€1.00",
                   "vat_rate": "17 %", "amount": "€1.00"}],
        "net_total": "€1.00", "vat_total": "€0.17", "gross_total": "€1.17"
    }))
    .unwrap();
    let text = render_text(&view);
    assert_has(&text, "Invoice INV-1");
    assert_has(&text, "Total incl. VAT €1.17");
}

#[test]
fn document_metadata_names_the_document_and_has_no_date() {
    let pdf = engine().render_invoice(&sample()).unwrap();
    let info = pdf_info(&pdf);
    assert!(info.contains("Facture INV-2026-00042"), "{info}");
    assert!(info.contains("Orion"), "{info}");
    assert!(!info.contains("CreationDate"), "{info}");
    assert!(info.contains("Pages:           1"), "{info}");
}

#[test]
fn characters_outside_the_fonts_do_not_panic() {
    let mut view = sample();
    view.lines[0].description = "Tee 茶 🍵 – Ωmega Жук".into();
    view.buyer.name = "名前".into();
    let text = render_text(&view);
    assert_has(&text, "Ωmega Жук");
}

#[test]
fn unusual_data_still_renders() {
    let mut view = sample();
    view.lines[0].description = "x".repeat(2_000);
    view.lines[1].unit_price = "12 345 678 901,23 €".into();
    view.lines[1].amount = "123 456 789 012,34 €".into();
    view.gross_total = "123 456 789 012,34 €".into();
    view.seller.address_lines = vec![String::new(); 3];
    view.footer_lines = (0..6).map(|i| format!("Footer line {i}")).collect();
    let text = render_text(&view);
    assert_has(&text, "123 456 789 012,34 €");
    assert_has(&text, "Footer line 5");

    let mut empty = sample();
    empty.lines.clear();
    empty.breakdown.clear();
    empty.mentions.clear();
    empty.bank_lines.clear();
    empty.footer_lines.clear();
    empty.payment_terms = None;
    empty.ship_to = None;
    let text = render_text(&empty);
    assert_has(&text, "Facture INV-2026-00042");
    assert_has(&text, "Page 1 / 1");
}
