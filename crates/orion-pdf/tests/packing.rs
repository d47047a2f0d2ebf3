//! Packing slips and pick lists rendered and read back with `pdftotext` and `pdfinfo`.

mod common;

use common::{assert_has, assert_lacks, pdf_info, pdf_layout_text, squash};
use orion_pdf::{PackingItemView, PackingSlipView, PickListView, PickRowView, engine};

fn item(sku: &str, name: &str, quantity: &str, bin: &str) -> PackingItemView {
    PackingItemView {
        sku: Some(sku.into()),
        name: name.into(),
        quantity: quantity.into(),
        bin: bin.into(),
    }
}

fn slip(lang: &str) -> PackingSlipView {
    PackingSlipView {
        lang: lang.into(),
        store_name: "Épicerie Alpha".into(),
        order_number: "ORD-ALPHA-LU-20261124-ABCDEF".into(),
        order_date: "24/11/2026".into(),
        ship_to: vec![
            "Anne Muller".into(),
            "1 Rue de la Gare".into(),
            "1611 Esch-sur-Alzette".into(),
            "Luxembourg".into(),
        ],
        items: vec![
            item("TEA-01", "Green tea", "2", "A-01"),
            item("MUG-02", "Stoneware mug", "13", "B-03, C-07"),
            PackingItemView {
                sku: None,
                name: "Gift card".into(),
                quantity: "1".into(),
                bin: "—".into(),
            },
        ],
        total_units: "16".into(),
        notes: Some("Leave at the door".into()),
    }
}

fn pick_list(lang: &str) -> PickListView {
    PickListView {
        lang: lang.into(),
        store_name: "Épicerie Alpha".into(),
        date: "24/11/2026".into(),
        order_numbers: vec!["ORD-1".into(), "ORD-2".into()],
        rows: vec![
            PickRowView {
                bin: "A-01".into(),
                sku: Some("TEA-01".into()),
                name: "Green tea".into(),
                quantity: "5".into(),
                orders: vec!["ORD-1".into(), "ORD-2".into()],
            },
            PickRowView {
                bin: "B-03".into(),
                sku: Some("MUG-02".into()),
                name: "Stoneware mug".into(),
                quantity: "1".into(),
                orders: vec!["ORD-2".into()],
            },
        ],
        total_units: "6".into(),
    }
}

/// The text as laid out on the page (a table row reads as one line); pages end with a form
/// feed.
fn text_of(pdf: &[u8]) -> String {
    pdf_layout_text(pdf)
}

fn render_slips(slips: &[PackingSlipView]) -> Vec<u8> {
    let pdf = engine().render_packing_slips(slips).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"), "output is a PDF");
    pdf
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn packing_slip_shows_order_address_items_bins_and_total() {
    let view = slip("en");
    let pdf = render_slips(std::slice::from_ref(&view));
    let text = text_of(&pdf);
    assert_has(&text, "Packing slip ORD-ALPHA-LU-20261124-ABCDEF");
    assert_has(&text, "Épicerie Alpha");
    assert_has(&text, "ORDER DATE");
    assert_has(&text, "24/11/2026");
    for line in &view.ship_to {
        assert_has(&text, line);
    }
    assert_has(&text, "Leave at the door");
    // Each item is one row: SKU, name, quantity and bin on one line of the page.
    let layout = pdf_layout_text(&pdf);
    for (sku, name, qty, bin) in [
        ("TEA-01", "Green tea", "2", "A-01"),
        ("MUG-02", "Stoneware mug", "13", "B-03, C-07"),
        ("", "Gift card", "1", "—"),
    ] {
        let row = squash(&format!("{sku}{name}{qty}{bin}"));
        assert!(
            layout.lines().any(|l| squash(l).contains(&row)),
            "row {row} not on one line:\n{layout}"
        );
    }
    assert_has(&text, "SKU Product Qty Bin Packed");
    assert_has(&text, "Total units 16");
    // The number is printed under its barcode too (title, barcode caption, footer).
    assert!(
        squash(&text)
            .matches("ORD-ALPHA-LU-20261124-ABCDEF")
            .count()
            >= 3,
        "{text}"
    );
    assert_has(&text, "Page 1 / 1");
}

#[test]
fn packing_slip_labels_follow_the_language() {
    let fr = text_of(&render_slips(&[slip("fr")]));
    assert_has(&fr, "Bon de livraison ORD-ALPHA-LU-20261124-ABCDEF");
    assert_has(&fr, "LIVRÉ À");
    assert_has(&fr, "DATE DE COMMANDE");
    assert_has(&fr, "Réf. Produit Qté Emplacement Emballé");
    assert_has(&fr, "Total des unités 16");
    assert_lacks(&fr, "Packing slip");
    let de = text_of(&render_slips(&[slip("de")]));
    assert_has(&de, "Lieferschein ORD-ALPHA-LU-20261124-ABCDEF");
    assert_has(&de, "LIEFERADRESSE");
    assert_has(&de, "Art.-Nr. Artikel Menge Lagerplatz Verpackt");
    assert_has(&de, "Seite 1 / 1");
    assert_lacks(&de, "Packed");
}

#[test]
fn long_order_flows_over_pages_with_the_header_repeated() {
    let mut view = slip("en");
    view.items = (1..=70)
        .map(|i| {
            item(
                &format!("SKU-{i:03}"),
                &format!("Article {i:03}"),
                "1",
                "A-01",
            )
        })
        .collect();
    let text = text_of(&render_slips(&[view]));
    let pages = pages(&text);
    let n = pages.len();
    assert!(n >= 2, "70 items need more than one page, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert_has(page, &format!("Page {} / {n}", i + 1));
        assert_has(page, "SKU Product Qty Bin Packed");
        assert_has(page, "Packing slip ORD-ALPHA-LU-20261124-ABCDEF");
    }
    for i in 1..=70 {
        assert_has(&text, &format!("Article {i:03}"));
    }
}

#[test]
fn several_slips_each_start_on_a_new_page_with_their_own_numbering() {
    let first = slip("en");
    let mut second = slip("fr");
    second.order_number = "ORD-ALPHA-LU-20261125-XYZXYZ".into();
    second.items = vec![item("JAM-07", "Apricot jam", "4", "D-02")];
    let pdf = render_slips(&[first, second]);
    let text = text_of(&pdf);
    let pages = pages(&text);
    assert_eq!(pages.len(), 2, "{text}");
    assert_has(pages[0], "Packing slip ORD-ALPHA-LU-20261124-ABCDEF");
    assert_lacks(pages[0], "Apricot jam");
    assert_has(pages[1], "Bon de livraison ORD-ALPHA-LU-20261125-XYZXYZ");
    assert_has(pages[1], "Apricot jam");
    assert_has(pages[1], "Page 1 / 1");
    let info = pdf_info(&pdf);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(info.contains("Orion"), "{info}");
}

#[test]
fn no_slip_is_an_error_not_an_empty_document() {
    assert!(engine().render_packing_slips(&[]).is_err());
}

#[test]
fn pick_list_sums_per_bin_and_names_the_orders() {
    let pdf = engine()
        .render_pick_list(&pick_list("en"))
        .expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    assert_has(&text, "Pick list");
    assert_has(&text, "24/11/2026");
    assert_has(&text, "ORD-1, ORD-2");
    assert_has(&text, "Bin SKU Product Qty Orders Picked");
    let layout = pdf_layout_text(&pdf);
    for row in [
        // The orders needing a row are listed one a line.
        "A-01TEA-01Greentea5ORD-1",
        "B-03MUG-02Stonewaremug1ORD-2",
    ] {
        assert!(
            layout.lines().any(|l| squash(l).contains(row)),
            "row {row} not on one line:\n{layout}"
        );
    }
    // Rows keep the caller's order (by bin): A-01 before B-03.
    let squashed = squash(&text);
    assert!(squashed.find("A-01").unwrap() < squashed.find("B-03").unwrap());
    assert_has(&text, "Total units 6");
    let info = pdf_info(&pdf);
    assert!(info.contains("Pick list 24/11/2026"), "{info}");
}

#[test]
fn pick_list_in_french_and_german() {
    let fr = text_of(&engine().render_pick_list(&pick_list("fr")).unwrap());
    assert_has(&fr, "Liste de préparation");
    assert_has(&fr, "Emplacement Réf. Produit Qté Commandes Prélevé");
    assert_lacks(&fr, "Pick list");
    let de = text_of(&engine().render_pick_list(&pick_list("de")).unwrap());
    assert_has(&de, "Kommissionierliste");
    assert_has(
        &de,
        "Lagerplatz Art.-Nr. Artikel Menge Bestellungen Entnommen",
    );
}

#[test]
fn a_thousand_orders_run_over_pages() {
    let mut view = pick_list("en");
    view.order_numbers = (1..=1000)
        .map(|i| format!("ORD-ALPHA-LU-20261124-{i:06}"))
        .collect();
    view.rows = (1..=120)
        .map(|i| PickRowView {
            bin: format!("R-{i:03}"),
            sku: Some(format!("SKU-{i:03}")),
            name: format!("Article {i:03}"),
            quantity: "3".into(),
            orders: view.order_numbers[..30].to_vec(),
        })
        .collect();
    let text = text_of(&engine().render_pick_list(&view).unwrap());
    let pages = pages(&text);
    assert!(pages.len() >= 4, "got {} pages", pages.len());
    assert_has(&text, "ORD-ALPHA-LU-20261124-001000");
    assert_has(&text, "Article 120");
    // A row names at most 24 orders and counts the rest; a long number stays on one line.
    assert_has(&text, "+6");
    assert!(
        text.lines()
            .any(|l| l.trim_end().ends_with("ORD-ALPHA-LU-20261124-000024")),
        "{text}"
    );
    for page in pages.iter().skip(1) {
        assert_has(page, "Pick list · 24/11/2026");
    }
}

#[test]
fn same_views_give_identical_bytes() {
    let a = engine().render_packing_slips(&[slip("fr")]).unwrap();
    let b = engine().render_packing_slips(&[slip("fr")]).unwrap();
    assert_eq!(a, b);
    let mut other = slip("fr");
    other.order_number = "ORD-OTHER".into();
    assert_ne!(a, engine().render_packing_slips(&[other]).unwrap());
    let p = engine().render_pick_list(&pick_list("de")).unwrap();
    assert_eq!(p, engine().render_pick_list(&pick_list("de")).unwrap());
}
