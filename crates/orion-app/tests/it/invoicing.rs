//! Invoicing through `/api/v1/store/settings/invoice`, `/orders/{id}/invoice` and
//! `/invoices`: VAT regimes and breakdowns, gapless numbering under concurrency, credit
//! notes, immutability, tier gates, tenant isolation.

use std::collections::BTreeSet;

use orion_testkit::{Actor, TestApp, dual_test};

use super::billing::set_tier;
use serde_json::{Value, json};

pub fn settings_body() -> Value {
    json!({"legal_name": "Theta Sàrl", "street": "2 Rue Y", "postal_code": "1234", "city": "Luxembourg",
        "country": "LU", "vat_number": "LU15027442", "rcs_number": "B123456", "business_permit": "10012345/0",
        "invoice_prefix": "INV", "payment_terms": "30 days", "iban": "LU28 0019 4006 4475 0000", "bic": "BCEELULL",
        "default_language": "fr"})
}

async fn product(app: &TestApp, token: &str, sku: &str, price: &str, class: &str) {
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": sku, "translations": {"en": {"title": format!("Product {sku}")}}, "price": price, "vat_rate_class": class}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{p}");
    let (st, b) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 1000}),
            Some(token),
        )
        .await;
    assert!(st < 300, "{b}");
}

/// A shipped order; `customer` extra fields (company, vat_id) merge into the customer.
pub(crate) async fn shipped_order(
    app: &TestApp,
    token: &str,
    items: Value,
    country: &str,
    postcode: &str,
    customer: Value,
) -> i64 {
    shipped_order_with_shipping(app, token, items, (country, postcode), customer, "0.00").await
}

/// [`shipped_order`] charging `shipping` (a decimal string) for delivery.
pub(crate) async fn shipped_order_with_shipping(
    app: &TestApp,
    token: &str,
    items: Value,
    (country, postcode): (&str, &str),
    customer: Value,
    shipping: &str,
) -> i64 {
    let mut cust =
        json!({"email": "anne@example.test", "first_name": "Anne", "last_name": "Muller"});
    for (k, v) in customer.as_object().unwrap() {
        cust[k] = v.clone();
    }
    let (st, o) = app
        .post(
            "/api/v1/store/orders",
            json!({"customer": cust, "shipping_address": {"street": "1 Rue X", "postal_code": postcode, "city": "City", "country": country},
                "items": items, "shipping_amount": shipping, "locale": "fr"}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{o}");
    let id = o["id"].as_i64().unwrap();
    let (st, b) = app
        .post(
            &format!("/api/v1/store/orders/{id}/confirm"),
            json!({}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let (st, b) = app
        .post(
            &format!("/api/v1/store/orders/{id}/ship"),
            json!({"tracking_number": "T1", "carrier": "Post"}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    id
}

pub(crate) async fn invoice(app: &TestApp, token: &str, order: i64) -> (u16, Value) {
    app.post(
        &format!("/api/v1/store/orders/{order}/invoice"),
        json!({}),
        Some(token),
    )
    .await
}

/// A store with settings and the two products of the contract (BOOK 3 %, LAMP 17 %).
pub(crate) async fn setup(app: &TestApp, code: &str, extra: Value) -> (String, Actor) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, code).await;
    let mut body = settings_body();
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (st, s) = app
        .json(
            "PUT",
            "/api/v1/store/settings/invoice",
            Some(body),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{s}");
    product(app, &a.token, "BOOK-1", "20.00", "super-reduced").await;
    product(app, &a.token, "LAMP-1", "117.00", "standard").await;
    (admin, a)
}

pub(crate) fn both() -> Value {
    json!([{"sku": "BOOK-1", "quantity": 1}, {"sku": "LAMP-1", "quantity": 1}])
}

fn rates(inv: &Value) -> Vec<(String, String, String, String)> {
    inv["vat_breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["category"].as_str().unwrap().to_owned(),
                b["rate"].as_str().unwrap().to_owned(),
                b["taxable"].as_str().unwrap().to_owned(),
                b["vat"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

dual_test!(
    luxembourg_invoice_with_two_rates_and_idempotent_generate,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "THETA-LU", json!({})).await;
        let oid = shipped_order(&app, &a.token, both(), "LU", "1611", json!({})).await;
        let (st, inv) = invoice(&app, &a.token, oid).await;
        assert_eq!(st, 201, "{inv}");
        assert_eq!(inv["vat_regime"], "DOMESTIC");
        assert_eq!(inv["vat_country"], "LU");
        assert_eq!(inv["document_type"], "invoice");
        assert_eq!(inv["status"], "issued");
        assert_eq!(inv["language"], "fr", "the order's locale");
        assert_eq!(inv["rounding_method"], "gross");
        assert_eq!(
            rates(&inv),
            vec![
                ("S".into(), "3".into(), "19.42".into(), "0.58".into()),
                ("S".into(), "17".into(), "100.00".into(), "17.00".into())
            ]
        );
        assert_eq!(
            (&inv["net_total"], &inv["vat_total"], &inv["gross_total"]),
            (&json!("119.42"), &json!("17.58"), &json!("137.00"))
        );
        let year = chrono::Utc::now().format("%Y").to_string();
        assert_eq!(inv["number"], format!("INV-{year}-00001"));
        assert_eq!(inv["seller"]["vat_number"], "LU15027442");
        assert_eq!(inv["seller"]["iban"], "LU280019400644750000");
        assert_eq!(inv["lines"].as_array().unwrap().len(), 2);
        assert_eq!(inv["mentions"], json!([]), "no mention for a domestic sale");

        let (st, again) = invoice(&app, &a.token, oid).await;
        assert_eq!(st, 200, "the second generate returns the existing invoice");
        assert_eq!(again["id"], inv["id"]);

        // Settings changed later never change the issued invoice.
        let mut changed = settings_body();
        changed["legal_name"] = json!("Renamed Sàrl");
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(changed),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200);
        let id = inv["id"].as_i64().unwrap();
        let (_, got) = app
            .get(&format!("/api/v1/store/invoices/{id}"), Some(&a.token))
            .await;
        assert_eq!(got["seller"]["legal_name"], "Theta Sàrl");

        for method in ["PATCH", "PUT", "DELETE"] {
            let (st, p) = app
                .json(
                    method,
                    &format!("/api/v1/store/invoices/{id}"),
                    Some(json!({"net_total": "1.00"})),
                    Some(&a.token),
                )
                .await;
            assert_eq!(st, 405, "{method} {p}");
            assert!(p["detail"].as_str().unwrap().contains("credit note"));
        }
        let (_, list) = app
            .get("/api/v1/store/invoices?regime=DOMESTIC", Some(&a.token))
            .await;
        assert_eq!(list["total"], 1);
        let (_, list) = app
            .get("/api/v1/store/invoices?regime=EXPORT", Some(&a.token))
            .await;
        assert_eq!(list["total"], 0);
        let (st, _) = app
            .get("/api/v1/store/invoices?regime=NOPE", Some(&a.token))
            .await;
        assert_eq!(st, 422);
    }
);

dual_test!(eu_regimes_on_invoices, |app: TestApp| async move {
    let (_, a) = setup(&app, "EU-LU", json!({"oss_registered": true})).await;
    let t = &a.token;
    // DE consumer, below the threshold: Luxembourg VAT.
    let o = shipped_order(&app, t, both(), "DE", "10115", json!({})).await;
    let (st, inv) = invoice(&app, t, o).await;
    assert_eq!(st, 201, "{inv}");
    assert_eq!(
        (&inv["vat_regime"], &inv["vat_country"]),
        (&json!("DISTANCE_SALE_ORIGIN"), &json!("LU"))
    );
    assert_eq!(inv["vat_total"], "17.58");

    // DE business with a valid VAT id: exempt, net of LU VAT, both ids mentioned.
    let o = shipped_order(
        &app,
        t,
        both(),
        "DE",
        "10115",
        json!({"email": "b2b@example.test", "company": "Kunde GmbH", "vat_id": "DE136695976"}),
    )
    .await;
    let (st, inv) = invoice(&app, t, o).await;
    assert_eq!(st, 201, "{inv}");
    assert_eq!(inv["vat_regime"], "INTRA_COMMUNITY_SUPPLY");
    assert_eq!(inv["vat_total"], "0.00");
    assert_eq!(inv["net_total"], "119.42");
    assert_eq!(inv["gross_total"], "119.42");
    assert_eq!(
        rates(&inv),
        vec![("K".into(), "0".into(), "119.42".into(), "0.00".into())]
    );
    let mentions = inv["mentions"].to_string();
    assert!(mentions.contains("art. 138"), "{mentions}");
    assert!(
        mentions.contains("LU15027442") && mentions.contains("DE136695976"),
        "{mentions}"
    );
    assert_eq!(inv["buyer"]["vat_id"], "DE136695976");
    assert_eq!(inv["buyer"]["vat_id_evidence"]["format_valid"], true);

    // Switzerland and the Canary Islands: exports.
    for (country, postcode) in [("CH", "8001"), ("ES", "35001")] {
        let o = shipped_order(&app, t, both(), country, postcode, json!({})).await;
        let (st, inv) = invoice(&app, t, o).await;
        assert_eq!(st, 201, "{inv}");
        assert_eq!(inv["vat_regime"], "EXPORT", "{country} {postcode}");
        assert_eq!(inv["vat_total"], "0.00");
        assert!(
            inv["mentions"].to_string().contains("art. 146"),
            "{}",
            inv["mentions"]
        );
    }
});

dual_test!(
    oss_destination_rate_and_the_threshold_crossing_order,
    |app: TestApp| async move {
        // Not opted in: origin VAT until the EUR 10,000 threshold is crossed.
        let (_, a) = setup(&app, "OSS-LU", json!({"oss_registered": true})).await;
        let t = &a.token;
        product(&app, t, "BIG-1", "9000.00", "standard").await;
        product(&app, t, "MID-1", "3000.00", "standard").await;
        let big = json!([{"sku": "BIG-1", "quantity": 1}]);
        let o = shipped_order(&app, t, big, "DE", "10115", json!({})).await;
        let (_, inv) = invoice(&app, t, o).await;
        assert_eq!(inv["vat_regime"], "DISTANCE_SALE_ORIGIN", "{inv}");
        // 9,000 gross at 17 % = 7,692.31 net so far; this 3,000 (2,564.10 net) crosses.
        let mid = json!([{"sku": "MID-1", "quantity": 1}]);
        let o = shipped_order(&app, t, mid, "DE", "10115", json!({})).await;
        let (_, inv) = invoice(&app, t, o).await;
        assert_eq!(inv["vat_regime"], "DISTANCE_SALE_OSS", "{inv}");
        assert_eq!(inv["vat_country"], "DE");
        assert_eq!(rates(&inv)[0].1, "19");
        // Gross stays what the consumer paid; VAT extracted at 19 %.
        assert_eq!(
            (&inv["gross_total"], &inv["vat_total"]),
            (&json!("3000.00"), &json!("478.99"))
        );
        assert!(
            inv["mentions"].to_string().contains("OSS"),
            "{}",
            inv["mentions"]
        );
        // Every later B2C sale that year is destination-taxed.
        let o = shipped_order(&app, t, both(), "FR", "75001", json!({})).await;
        let (_, inv) = invoice(&app, t, o).await;
        assert_eq!(
            (&inv["vat_regime"], &inv["vat_country"]),
            (&json!("DISTANCE_SALE_OSS"), &json!("FR"))
        );

        // A store that opted for destination taxation gets DE VAT from the first euro.
        let (_, b) = setup(
            &app,
            "OPT-LU",
            json!({"oss_registered": true, "opted_destination_taxation": true}),
        )
        .await;
        let o = shipped_order(&app, &b.token, both(), "DE", "10115", json!({})).await;
        let (_, inv) = invoice(&app, &b.token, o).await;
        assert_eq!(inv["vat_regime"], "DISTANCE_SALE_OSS", "{inv}");
        // DE has 7 % (reduced) for the book class and 19 %: 20.00 at 7 % → 1.31, 117 at 19 % → 18.68.
        let r: Vec<String> = rates(&inv).into_iter().map(|r| r.1).collect();
        assert!(r.contains(&"19".to_owned()), "{r:?}");
        assert!(
            inv["mentions"][0]
                .as_str()
                .unwrap()
                .contains("guichet unique"),
            "French mention: {}",
            inv["mentions"]
        );

        // A product whose class differs in Germany (catalog override) takes the German class.
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "KIDS-1", "translations": {"en": {"title": "Kids shoes"}}, "price": "10.70",
                    "vat_rate_class": "standard", "vat_overrides": {"DE": "reduced"}}),
                Some(&b.token),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 5}),
            Some(&b.token),
        )
        .await;
        let o = shipped_order(
            &app,
            &b.token,
            json!([{"sku": "KIDS-1", "quantity": 1}]),
            "DE",
            "10115",
            json!({}),
        )
        .await;
        let (_, inv) = invoice(&app, &b.token, o).await;
        assert_eq!(
            rates(&inv),
            vec![("S".into(), "7".into(), "10.00".into(), "0.70".into())],
            "{inv}"
        );
    }
);

dual_test!(
    essential_tier_invoices_only_domestic_and_origin_sales,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "ESS-LU", json!({})).await;
        set_tier(&app, &admin, a.merchant_id, "essential").await;
        let t = &a.token;
        let o = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (st, _) = invoice(&app, t, o).await;
        assert_eq!(st, 201);
        let o = shipped_order(
            &app,
            t,
            both(),
            "DE",
            "10115",
            json!({"email": "b2b@example.test", "company": "Kunde GmbH", "vat_id": "DE136695976"}),
        )
        .await;
        let (st, p) = invoice(&app, t, o).await;
        assert_eq!(st, 403, "{p}");
        assert!(
            p["type"]
                .as_str()
                .unwrap()
                .ends_with("/feature-not-in-tier"),
            "{p}"
        );
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("INTRA_COMMUNITY_SUPPLY"),
            "{p}"
        );
        // The refused issue consumed no number: the next LU invoice is number 2.
        let o = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (_, inv) = invoice(&app, t, o).await;
        assert!(inv["number"].as_str().unwrap().ends_with("-00002"), "{inv}");
    }
);

dual_test!(
    settings_are_validated_and_required,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "SET-LU").await;
        let t = &a.token;
        let (st, p) = app.get("/api/v1/store/settings/invoice", Some(t)).await;
        assert_eq!(st, 404, "{p}");
        product(&app, t, "BOOK-1", "20.00", "super-reduced").await;
        product(&app, t, "LAMP-1", "117.00", "standard").await;
        let o = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (st, p) = invoice(&app, t, o).await;
        assert_eq!(st, 422, "{p}");
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail.contains("legal_name") && detail.contains("vat_number"),
            "{detail}"
        );

        let (st, p) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(json!({"legal_name": "X", "country": "ZZ", "vat_number": "LU15027443", "iban": "LU280019400644750001",
                    "bic": "BCEE", "due_days": 400, "default_language": "it", "numbering_scheme": "{prefix}-{year}"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "{p}");
        let fields: BTreeSet<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        for f in [
            "street",
            "postal_code",
            "city",
            "country",
            "vat_number",
            "iban",
            "bic",
            "due_days",
            "default_language",
            "numbering_scheme",
        ] {
            assert!(fields.contains(f), "{f} missing in {fields:?}");
        }
        let (st, p) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(json!({"legal_name": "X", "unknown": 1})),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "unknown fields are refused: {p}");
        let mut odd = settings_body();
        odd["bic"] = json!("ABCÄEFG");
        let (st, p) = app
            .json("PUT", "/api/v1/store/settings/invoice", Some(odd), Some(t))
            .await;
        assert_eq!(
            (st, &p["errors"][0]["field"]),
            (422, &json!("bic")),
            "non-ASCII BIC: {p}"
        );
        let (st, s) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(settings_body()),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{s}");
        assert_eq!(s["ship_from_country"], "LU");
        assert_eq!(s["numbering_scheme"], "{prefix}-{year}-{seq:05}");
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(settings_body()),
                Some(t),
            )
            .await;
        assert_eq!(st, 200);
    }
);

dual_test!(
    credit_notes_have_their_own_series_and_cancel_when_complete,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "CN-LU", json!({})).await;
        let t = &a.token;
        let items = json!([{"sku": "BOOK-1", "quantity": 3}, {"sku": "LAMP-1", "quantity": 1}]);
        let o = shipped_order(&app, t, items, "LU", "1611", json!({})).await;
        let (_, inv) = invoice(&app, t, o).await;
        let id = inv["id"].as_i64().unwrap();
        let cn_url = format!("/api/v1/store/invoices/{id}/credit-note");
        let (st, p) = app.post(&cn_url, json!({"reason": " "}), Some(t)).await;
        assert_eq!(st, 422, "{p}");
        let (st, p) = app
            .post(
                &cn_url,
                json!({"reason": "x", "lines": [{"position": 1, "quantity": 4}]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "over-crediting is refused: {p}");
        assert_eq!(p["errors"][0]["field"], "lines[0].quantity");
        let (st, cn1) = app
            .post(
                &cn_url,
                json!({"reason": "One book returned", "lines": [{"position": 1, "quantity": 1}]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{cn1}");
        let year = chrono::Utc::now().format("%Y").to_string();
        assert_eq!(cn1["number"], format!("CN-{year}-00001"));
        assert_eq!(cn1["document_type"], "credit_note");
        assert_eq!(cn1["corrects"], inv["id"]);
        assert_eq!(cn1["corrects_number"], inv["number"]);
        assert_eq!(cn1["gross_total"], "-20.00");
        assert_eq!(cn1["vat_total"], "-0.58");
        let (_, still) = app
            .get(&format!("/api/v1/store/invoices/{id}"), Some(t))
            .await;
        assert_eq!(still["status"], "issued", "partly credited");
        // The rest: everything not yet credited.
        let (st, cn2) = app
            .post(&cn_url, json!({"reason": "Order returned"}), Some(t))
            .await;
        assert_eq!(st, 201, "{cn2}");
        assert_eq!(cn2["number"], format!("CN-{year}-00002"));
        let total: f64 = [&cn1, &cn2]
            .iter()
            .map(|c| c["gross_total"].as_str().unwrap().parse::<f64>().unwrap())
            .sum();
        assert!(
            (total + inv["gross_total"].as_str().unwrap().parse::<f64>().unwrap()).abs() < 0.001
        );
        let (_, done) = app
            .get(&format!("/api/v1/store/invoices/{id}"), Some(t))
            .await;
        assert_eq!(done["status"], "cancelled");
        assert_eq!(done["credit_notes"].as_array().unwrap().len(), 2);
        let (st, _) = app.post(&cn_url, json!({"reason": "again"}), Some(t)).await;
        assert_eq!(st, 409);
        let cn_id = cn1["id"].as_i64().unwrap();
        let (st, _) = app
            .post(
                &format!("/api/v1/store/invoices/{cn_id}/credit-note"),
                json!({"reason": "x"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 409, "a credit note is not credited");
        // After a full credit the order may be invoiced again, with the next number.
        let (st, re) = invoice(&app, t, o).await;
        assert_eq!(st, 201, "{re}");
        assert_eq!(re["number"], format!("INV-{year}-00002"));
        // Paying.
        let rid = re["id"].as_i64().unwrap();
        let (st, paid) = app
            .post(
                &format!("/api/v1/store/invoices/{rid}/mark-paid"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!((st, paid["status"].as_str()), (200, Some("paid")));
        let (st, _) = app
            .post(
                &format!("/api/v1/store/invoices/{rid}/mark-paid"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 409);
        let (_, list) = app
            .get("/api/v1/store/invoices?document_type=credit_note", Some(t))
            .await;
        assert_eq!(list["total"], 2);
    }
);

dual_test!(
    concurrent_issues_get_consecutive_numbers,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "CON-LU", json!({})).await;
        let t = a.token.clone();
        let mut orders = Vec::new();
        for _ in 0..30 {
            orders.push(shipped_order(&app, &t, both(), "LU", "1611", json!({})).await);
        }
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for o in orders.iter().copied() {
            let (app, t) = (app.clone(), t.clone());
            tasks.push(tokio::spawn(async move { invoice(&app, &t, o).await }));
        }
        // The same order generated five times at once: one invoice.
        for _ in 0..5 {
            let (app, t, o) = (app.clone(), t.clone(), orders[0]);
            tasks.push(tokio::spawn(async move { invoice(&app, &t, o).await }));
        }
        let mut numbers = BTreeSet::new();
        let mut first_order_ids = BTreeSet::new();
        for (i, task) in tasks.into_iter().enumerate() {
            let (st, inv) = task.await.unwrap();
            assert!(st == 201 || st == 200, "{st} {inv}");
            numbers.insert(inv["number"].as_str().unwrap().to_owned());
            if i == 0 || i >= 30 {
                first_order_ids.insert(inv["id"].as_i64().unwrap());
            }
        }
        assert_eq!(
            first_order_ids.len(),
            1,
            "one invoice for the order generated six times"
        );
        let seqs: Vec<i64> = numbers
            .iter()
            .map(|n| n.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            seqs,
            (1..=30).collect::<Vec<_>>(),
            "30 distinct numbers, no gap"
        );
    }
);

dual_test!(
    invoices_are_store_scoped_and_orders_must_be_confirmed,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "ISO-LU", json!({})).await;
        let o = shipped_order(&app, &a.token, both(), "LU", "1611", json!({})).await;
        let (_, inv) = invoice(&app, &a.token, o).await;
        let id = inv["id"].as_i64().unwrap();
        let b = app.merchant_with_store(&admin, "OTHER-LU").await;
        let (st, _) = app
            .get(&format!("/api/v1/store/invoices/{id}"), Some(&b.token))
            .await;
        assert_eq!(st, 404);
        let (st, _) = app
            .get(&format!("/api/v1/store/invoices/{id}/pdf"), Some(&b.token))
            .await;
        assert_eq!(st, 404);
        let (st, _) = invoice(&app, &b.token, o).await;
        assert_eq!(st, 404, "another store's order");
        let (st, _) = app
            .post(
                &format!("/api/v1/store/invoices/{id}/credit-note"),
                json!({"reason": "x"}),
                Some(&b.token),
            )
            .await;
        assert_eq!(st, 404);
        let (_, list) = app.get("/api/v1/store/invoices", Some(&b.token)).await;
        assert_eq!(list["total"], 0);
        // A pending order is not invoiced yet.
        let (st, p) = app
            .post(
                "/api/v1/store/orders",
                json!({"customer": {"email": "p@example.test"}, "shipping_address": {"street": "1", "postal_code": "1611", "city": "L", "country": "LU"},
                    "items": [{"sku": "BOOK-1", "quantity": 1}]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let (st, e) = invoice(&app, &a.token, p["id"].as_i64().unwrap()).await;
        assert_eq!(st, 409, "{e}");
    }
);
