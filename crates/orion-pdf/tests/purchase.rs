//! Purchase orders rendered and read back with `pdftotext` and `pdfinfo`.

mod common;

use common::{assert_has, assert_lacks, pdf_info, pdf_layout_text, squash};
use orion_pdf::{PartyView, PurchaseLineView, PurchaseOrderView, SupplierView, engine};

fn line(
    sku: &str,
    supplier_sku: &str,
    description: &str,
    qty: &str,
    unit: &str,
    total: &str,
) -> PurchaseLineView {
    PurchaseLineView {
        sku: sku.into(),
        supplier_sku: Some(supplier_sku.into()),
        description: description.into(),
        gtin: None,
        quantity: qty.into(),
        unit_cost: unit.into(),
        line_total: total.into(),
    }
}

fn po(lang: &str) -> PurchaseOrderView {
    PurchaseOrderView {
        lang: lang.into(),
        number: "PO-2026-00001".into(),
        order_date: "05.12.2026".into(),
        expected_date: Some("12.12.2026".into()),
        buyer: PartyView {
            name: "Épicerie Alpha".into(),
            company: None,
            address_lines: vec!["1 Rue de la Gare".into(), "1611 Luxembourg".into()],
            vat_id: Some("LU12345678".into()),
            extra_lines: vec!["achats@alpha.lu".into()],
        },
        supplier: SupplierView {
            name: "Teehaus Müller GmbH".into(),
            contact: Some("Hans Müller".into()),
            address_lines: vec![
                "Hauptstraße 5".into(),
                "54290 Trier".into(),
                "Deutschland".into(),
            ],
            email: Some("orders@teehaus.de".into()),
            phone: Some("+49 651 123456".into()),
            vat_id: Some("DE123456789".into()),
        },
        deliver_to: vec![
            "Épicerie Alpha – entrepôt".into(),
            "12 Rue du Port".into(),
            "4011 Esch-sur-Alzette".into(),
        ],
        notes: Some("Deliver on a pallet, weekdays before noon.".into()),
        payment_terms: Some("30 days net".into()),
        currency: "EUR".into(),
        lines: vec![
            PurchaseLineView {
                gtin: Some("4006381333931".into()),
                ..line(
                    "TEA-01",
                    "GT-5500",
                    "Green tea, 100 g",
                    "10",
                    "3,50 €",
                    "35,00 €",
                )
            },
            line(
                "MUG-02",
                "ST-0042",
                "Stoneware mug",
                "12",
                "4,99 €",
                "59,88 €",
            ),
            PurchaseLineView {
                supplier_sku: None,
                ..line("BAG-03", "", "Paper bag", "1", "0,07 €", "0,07 €")
            },
        ],
        total: "94,95 €".into(),
    }
}

/// The text laid out as on the page (a table row reads as one line); pages end with a form
/// feed.
fn render(view: &PurchaseOrderView) -> (Vec<u8>, String) {
    let pdf = engine().render_purchase_order(view).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"), "output is a PDF");
    let text = pdf_layout_text(&pdf);
    (pdf, text)
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn purchase_order_shows_parties_dates_lines_total_notes_and_terms() {
    let view = po("en");
    let (pdf, text) = render(&view);
    assert_has(&text, "Purchase order PO-2026-00001");
    assert_has(&text, "BUYER");
    assert_has(&text, "Épicerie Alpha");
    assert_has(&text, "VAT no. LU12345678");
    assert_has(&text, "achats@alpha.lu");
    assert_has(&text, "SUPPLIER");
    assert_has(&text, "Teehaus Müller GmbH");
    assert_has(&text, "Attn. Hans Müller");
    assert_has(&text, "Hauptstraße 5");
    assert_has(&text, "VAT no. DE123456789");
    assert_has(&text, "E-mail orders@teehaus.de");
    assert_has(&text, "Phone +49 651 123456");
    assert_has(&text, "Order date 05.12.2026");
    assert_has(&text, "Expected delivery 12.12.2026");
    assert_has(&text, "Currency EUR");
    assert_has(&text, "DELIVER TO");
    for l in &view.deliver_to {
        assert_has(&text, l);
    }
    // Each line is one row: SKU, description, quantity, unit cost and total on one line of
    // the page; the supplier's reference and the GTIN print small under them.
    for row in [
        "TEA-01Greentea,100g103,50€35,00€",
        "MUG-02Stonewaremug124,99€59,88€",
        "BAG-03Paperbag10,07€0,07€",
    ] {
        assert!(
            text.lines().any(|l| squash(l).contains(row)),
            "row {row} not on one line:\n{text}"
        );
    }
    assert!(
        text.lines()
            .any(|l| squash(l).contains("GT-5500GTIN4006381333931")),
        "{text}"
    );
    assert_has(&text, "ST-0042");
    // The header on two lines, like the reference cells: the SKU over the supplier's
    // reference, the amounts excluding VAT.
    for header in [
        "SKUDescriptionQtyUnitcostTotal",
        "Supplierref.excl.VATexcl.VAT",
    ] {
        assert!(
            text.lines().any(|l| squash(l) == header),
            "header line {header} missing:\n{text}"
        );
    }
    assert_has(&text, "Total excl. VAT 94,95 €");
    assert_has(&text, "NOTES");
    assert_has(&text, "Deliver on a pallet, weekdays before noon.");
    assert_has(&text, "PAYMENT TERMS");
    assert_has(&text, "30 days net");
    assert_has(&text, "Page 1 / 1");
    // The totals come after the lines, the notes and terms after the total.
    let s = squash(&text);
    let at = |needle: &str| s.find(&squash(needle)).unwrap();
    assert!(at("BAG-03") < at("Total excl. VAT 94,95 €"));
    assert!(at("Total excl. VAT 94,95 €") < at("NOTES"));
    assert!(at("NOTES") < at("PAYMENT TERMS"));
    let info = pdf_info(&pdf);
    assert!(info.contains("Purchase order PO-2026-00001"), "{info}");
    assert!(info.contains("Épicerie Alpha"), "{info}");
    assert!(info.contains("Orion"), "{info}");
    assert!(info.contains("Pages:           1"), "{info}");
}

#[test]
fn purchase_order_labels_in_french_and_german() {
    let (_, fr) = render(&po("fr"));
    assert_has(&fr, "Bon de commande PO-2026-00001");
    assert_has(&fr, "ACHETEUR");
    assert_has(&fr, "FOURNISSEUR");
    assert_has(&fr, "À l'attention de Hans Müller");
    assert_has(&fr, "N° TVA DE123456789");
    assert_has(&fr, "Tél. +49 651 123456");
    assert_has(&fr, "Date de commande 05.12.2026");
    assert_has(&fr, "Livraison prévue 12.12.2026");
    assert_has(&fr, "Devise EUR");
    assert_has(&fr, "LIVRER À");
    assert_has(&fr, "Réf. Désignation Qté Coût unitaire HT Total HT");
    assert_has(&fr, "Réf. fournisseur");
    assert_has(&fr, "Désignation");
    assert_has(&fr, "Coût unitaire HT");
    assert_has(&fr, "Total HT 94,95 €");
    assert_has(&fr, "REMARQUES");
    assert_has(&fr, "CONDITIONS DE PAIEMENT");
    assert_has(&fr, "Page 1 / 1");
    assert_lacks(&fr, "Purchase order");
    assert_lacks(&fr, "SUPPLIER");

    let (_, de) = render(&po("de"));
    assert_has(&de, "Bestellung PO-2026-00001");
    assert_has(&de, "BESTELLER");
    assert_has(&de, "LIEFERANT");
    assert_has(&de, "z. Hd. Hans Müller");
    assert_has(&de, "USt-IdNr. DE123456789");
    assert_has(&de, "E-Mail orders@teehaus.de");
    assert_has(&de, "Bestelldatum 05.12.2026");
    assert_has(&de, "Liefertermin 12.12.2026");
    assert_has(&de, "Währung EUR");
    assert_has(&de, "LIEFERADRESSE");
    assert_has(
        &de,
        "Art.-Nr. Beschreibung Menge Einzelpreis netto Betrag netto",
    );
    assert_has(&de, "Lief.-Art.-Nr.");
    assert_has(&de, "Summe netto 94,95 €");
    assert_has(&de, "HINWEISE");
    assert_has(&de, "ZAHLUNGSBEDINGUNGEN");
    assert_has(&de, "Seite 1 / 1");
    assert_lacks(&de, "Purchase order");
    assert_lacks(&de, "Page 1");
}

#[test]
fn unknown_language_falls_back_to_english() {
    let (pdf, text) = render(&po("es"));
    assert_has(&text, "Purchase order PO-2026-00001");
    assert_has(&text, "SUPPLIER");
    assert_has(&text, "Total excl. VAT 94,95 €");
    assert_has(&text, "Page 1 / 1");
    assert_lacks(&text, "Bon de commande");
    assert_lacks(&text, "Bestellung");
    // Same labels, same layout: only the document's language in the metadata differs.
    let (_, en) = render(&po("en"));
    assert_eq!(text, en);
    assert!(pdf_info(&pdf).contains("Purchase order PO-2026-00001"));
}

#[test]
fn optional_blocks_are_left_out_when_empty() {
    let mut view = po("en");
    view.expected_date = None;
    view.deliver_to = vec![];
    view.notes = None;
    view.payment_terms = Some("  ".into());
    view.supplier.contact = None;
    view.supplier.email = None;
    view.supplier.phone = None;
    view.supplier.vat_id = None;
    let (_, text) = render(&view);
    for absent in [
        "Expected delivery",
        "DELIVER TO",
        "NOTES",
        "PAYMENT TERMS",
        "Attn.",
        "E-mail",
        "Phone",
        "DE123456789",
    ] {
        assert_lacks(&text, absent);
    }
    assert_has(&text, "Order date");
    assert_has(&text, "Total excl. VAT 94,95 €");
}

#[test]
fn a_purchase_order_without_lines_still_renders() {
    let mut view = po("en");
    view.lines.clear();
    view.total = "0,00 €".into();
    let (_, text) = render(&view);
    assert_has(&text, "Description");
    assert_has(&text, "Total excl. VAT 0,00 €");
}

#[test]
fn a_hundred_and_twenty_lines_flow_over_pages_with_the_header_repeated() {
    let mut view = po("en");
    view.lines = (1..=120)
        .map(|i| {
            line(
                &format!("SKU-{i:03}"),
                &format!("SUP-{i:03}"),
                &format!("Article {i:03}"),
                "2",
                "1,00 €",
                "2,00 €",
            )
        })
        .collect();
    view.total = "240,00 €".into();
    let (pdf, text) = render(&view);
    let pages = pages(&text);
    let n = pages.len();
    assert!(n >= 2, "120 lines need more than one page, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert_has(page, &format!("Page {} / {n}", i + 1));
        assert_has(page, "Description");
        assert_has(page, "Unit cost");
        assert_has(page, "Purchase order PO-2026-00001");
    }
    for i in 1..=120 {
        assert_has(&text, &format!("SKU-{i:03}"));
        assert_has(&text, &format!("Article {i:03}"));
    }
    // In order, the total at the end.
    let s = squash(&text);
    assert!(s.find("Article001").unwrap() < s.find("Article120").unwrap());
    assert_has(pages[n - 1], "Total excl. VAT 240,00 €");
    assert!(pdf_info(&pdf).contains(&format!("Pages:           {n}")));
}

#[test]
fn long_descriptions_wrap_within_their_column() {
    let mut view = po("en");
    let words: Vec<String> = (1..=40).map(|i| format!("word{i:02}")).collect();
    view.lines[0].description = words.join(" ");
    let (_, text) = render(&view);
    for w in &words {
        assert_has(&text, w);
    }
    // The first line of the description shares its row with the amounts; the rest wraps
    // onto lines of its own.
    let first = text
        .lines()
        .find(|l| l.contains("TEA-01"))
        .expect("the row is printed");
    assert!(
        first.contains("word01") && first.contains("35,00 €"),
        "{first}"
    );
    assert!(!first.contains("word40"), "{first}");
    let wrapped = text.lines().filter(|l| l.contains("word")).count();
    assert!(wrapped >= 3, "the description wraps:\n{text}");
}

#[test]
fn same_view_gives_identical_bytes() {
    let a = engine().render_purchase_order(&po("fr")).unwrap();
    let b = engine().render_purchase_order(&po("fr")).unwrap();
    assert_eq!(a, b);
    let mut other = po("fr");
    other.number = "PO-2026-00002".into();
    assert_ne!(a, engine().render_purchase_order(&other).unwrap());
}

#[test]
fn optional_fields_may_be_absent_from_json() {
    let view: PurchaseOrderView = serde_json::from_str(
        r#"{"lang":"de","number":"PO-1","order_date":"05.12.2026",
            "buyer":{"name":"Alpha"},"supplier":{"name":"Teehaus"},
            "currency":"EUR","lines":[{"sku":"A","description":"Tee","quantity":"1",
            "unit_cost":"1,00 €","line_total":"1,00 €"}],"total":"1,00 €"}"#,
    )
    .expect("parses");
    assert!(view.deliver_to.is_empty() && view.notes.is_none());
    let (_, text) = render(&view);
    assert_has(&text, "Bestellung PO-1");
    let back: PurchaseOrderView =
        serde_json::from_str(&serde_json::to_string(&view).unwrap()).unwrap();
    assert_eq!(back, view);
}
