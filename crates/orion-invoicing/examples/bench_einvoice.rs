//! E-invoice generation throughput on one thread: a stored invoice (JSON snapshots, five
//! lines, two VAT rates, shipping) read into an `EDocument` and written as UBL, and as CII.
//! Usage: `bench_einvoice [N]` (default 100 000 documents per syntax). See
//! `bench/einvoice.sh` and docs/benchmarks.md.

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use orion_invoicing::einvoice::{EDocument, cii, ubl};
use orion_invoicing::entity::invoice;
use serde_json::json;

fn sample() -> invoice::Model {
    let line = |pos: u32, desc: &str, qty: i64, unit: i64, net: i64, class: &str, rate: &str| {
        json!({"position": pos, "description": desc, "sku": format!("SKU-{pos}"), "gtin": "4006381333931",
            "quantity": qty, "unit_price_cents": unit, "amount_cents": unit * qty, "net_cents": net,
            "rate_class": class, "vat_category": "S", "vat_rate": rate})
    };
    let lines = json!([
        line(
            1,
            "Le Petit Prince (édition reliée)",
            2,
            2000,
            3883,
            "super-reduced",
            "3"
        ),
        line(
            2,
            "Lampe de bureau « Atelier »",
            1,
            11700,
            10000,
            "standard",
            "17"
        ),
        line(3, "Ampoule LED E27", 4, 650, 2222, "standard", "17"),
        line(4, "Carte postale", 3, 150, 437, "super-reduced", "3"),
        line(5, "Livraison", 1, 490, 419, "standard", "17"),
    ]);
    let seller = json!({"legal_name": "Theta Sàrl", "street": "2 Rue Y", "postal_code": "1234",
        "city": "Luxembourg", "country": "LU", "vat_number": "LU15027442", "rcs_number": "B123456",
        "business_permit": "10012345/0", "iban": "LU280019400644750000", "bic": "BCEELULL",
        "payment_terms": "30 days", "footer_text": null, "peppol_id": "9938:LU15027442", "einvoice_pdf": true});
    let address = json!({"name": "Anne Muller", "company": "Client Sàrl", "street": "1 Rue X",
        "postal_code": "1611", "city": "Luxembourg", "country": "LU"});
    let buyer = json!({"customer_id": 1, "name": "Anne Muller", "company": "Client Sàrl",
        "email": "anne@example.test", "vat_id": "LU26375245", "vat_id_evidence": null,
        "billing_address": null, "shipping_address": address});
    let breakdown = json!([
        {"category": "S", "rate": "3", "taxable_cents": 4320, "vat_cents": 130},
        {"category": "S", "rate": "17", "taxable_cents": 12641, "vat_cents": 2149},
    ]);
    let date = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    invoice::Model {
        id: 1,
        store_id: 1,
        order_id: None,
        document_type: "invoice".into(),
        corrects_invoice_id: None,
        series: "INV".into(),
        year: 2026,
        sequence: 1,
        number: "INV-2026-00001".into(),
        status: "issued".into(),
        issue_date: date,
        supply_date: date,
        due_date: Some(date + chrono::Days::new(30)),
        currency: "EUR".into(),
        language: "fr".into(),
        vat_regime: "DOMESTIC".into(),
        vat_country: "LU".into(),
        rounding_method: "gross".into(),
        price_policy: "gross_vat_extracted".into(),
        seller: seller.to_string(),
        buyer: buyer.to_string(),
        customer_id: Some(1),
        buyer_name: "Client Sàrl".into(),
        buyer_email: "anne@example.test".into(),
        lines: lines.to_string(),
        vat_breakdown: breakdown.to_string(),
        mentions: "[]".into(),
        regime_input: "{}".into(),
        regime_explanation: String::new(),
        net_cents: 16961,
        vat_cents: 2279,
        gross_cents: 19240,
        distance_sale_cents: 0,
        reason: None,
        pdf_sha256: None,
        issued_by: None,
        paid_at: None,
        cancelled_at: None,
        created_at: Utc::now(),
    }
}

fn run(name: &str, n: usize, inv: &invoice::Model, write: fn(&EDocument) -> String) {
    let start = Instant::now();
    let mut bytes = 0usize;
    for _ in 0..n {
        let doc = EDocument::of(inv, None, Some("ORD-2026-00001".into())).expect("sample adds up");
        bytes += write(&doc).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {:.0} documents/s ({:.1} µs each, {} bytes each, {n} documents, one thread)",
        n as f64 / secs,
        secs * 1e6 / n as f64,
        bytes / n
    );
}

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let inv = sample();
    run("UBL (Peppol BIS 3)", n, &inv, ubl);
    run("CII (Factur-X EN 16931)", n, &inv, cii);
}
