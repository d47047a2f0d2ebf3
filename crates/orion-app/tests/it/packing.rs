//! Packing slips and pick lists: `GET /api/v1/store/orders/{id}/packing-slip`,
//! `POST /api/v1/store/orders/packing-slips`, `POST /api/v1/store/orders/pick-list` and their
//! pages, read back with `pdftotext`.

use orion_testkit::{Actor, TestApp, dual_test};
use serde_json::{Value, json};

use super::invoicing_pdf::pdftotext;

/// Two products with stock in bins (tea mostly in A-01, a little in Z-09; mugs in B-03) and
/// two orders: Anne's (2 teas, confirmed, to Esch-sur-Alzette) and Ben's (3 teas and a mug,
/// pending, in English). Returns the store's actor and both orders.
async fn setup(app: &TestApp, code: &str) -> (Actor, Value, Value) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, code).await;
    let t = a.token.as_str();
    for (sku, bins) in [
        ("TEA-01", &[("A-01", 10), ("Z-09", 2)][..]),
        ("MUG-02", &[("B-03", 5)][..]),
    ] {
        let pid = super::catalog::product(app, t, sku).await["id"]
            .as_i64()
            .unwrap();
        for (bin, n) in bins {
            let (st, v) = app
                .post(
                    "/api/v1/store/inventory/adjustments",
                    json!({"product_id": pid, "delta": n, "bin": bin}),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200, "{v}");
        }
    }
    let order = |name: &str, city: &str, locale: &str, items: Value| {
        json!({"customer": {"email": format!("{}@example.test", name.to_lowercase()), "first_name": name, "last_name": "Muller"},
            "shipping_address": {"street": "1 Rue de la Gare", "postal_code": "4001", "city": city, "country": "LU"},
            "items": items, "shipping_amount": "4.90", "locale": locale})
    };
    let (st, anne) = app
        .post(
            "/api/v1/store/orders",
            order(
                "Anne",
                "Esch-sur-Alzette",
                "fr",
                json!([{"sku": "TEA-01", "quantity": 2}]),
            ),
            Some(t),
        )
        .await;
    assert_eq!(st, 201, "{anne}");
    let (st, anne) = app
        .post(
            &format!("/api/v1/store/orders/{}/confirm", anne["id"]),
            json!({}),
            Some(t),
        )
        .await;
    assert_eq!(st, 200, "{anne}");
    let (st, ben) = app
        .post(
            "/api/v1/store/orders",
            order(
                "Ben",
                "Differdange",
                "en",
                json!([{"sku": "TEA-01", "quantity": 3}, {"sku": "MUG-02", "quantity": 1}]),
            ),
            Some(t),
        )
        .await;
    assert_eq!(st, 201, "{ben}");
    (a, anne, ben)
}

/// Status, content type and body of a request with a bearer token.
async fn fetch(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String, Vec<u8>) {
    let mut req = match method {
        "POST" => app.client.post(app.url(path)),
        _ => app.client.get(app.url(path)),
    }
    .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let st = res.status().as_u16();
    let ct = orion_testkit::content_type(&res);
    (st, ct, res.bytes().await.unwrap().to_vec())
}

/// The PDF's text as laid out (a table row on one line), whitespace squashed per line.
fn lines(pdf: &[u8]) -> Vec<String> {
    pdftotext(pdf)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[track_caller]
fn assert_line(lines: &[String], wanted: &str) {
    assert!(
        lines.iter().any(|l| l.contains(wanted)),
        "no line with {wanted:?} in:\n{}",
        lines.join("\n")
    );
}

fn number(o: &Value) -> &str {
    o["order_number"].as_str().unwrap()
}

dual_test!(
    packing_slip_prints_the_order_in_its_language_with_bins,
    |app: TestApp| async move {
        let (a, anne, ben) = setup(&app, "PACK-LU").await;
        let (st, ct, pdf) = fetch(
            &app,
            &a.token,
            "GET",
            &format!("/api/v1/store/orders/{}/packing-slip", anne["id"]),
            None,
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF-"));
        let text = lines(&pdf);
        // Anne ordered in French: the slip is in French.
        assert_line(&text, &format!("Bon de livraison {}", number(&anne)));
        assert_line(&text, "4001 Esch-sur-Alzette");
        assert_line(&text, "Anne Muller");
        // Her two teas were reserved in A-01 when the order was confirmed.
        assert_line(&text, "TEA-01 Product TEA-01 2 A-01");
        assert_line(&text, "Total des unités 2");

        // Ben's order is not confirmed: the bin with the most available stock is printed.
        let (_, _, pdf) = fetch(
            &app,
            &a.token,
            "GET",
            &format!("/api/v1/store/orders/{}/packing-slip", ben["id"]),
            None,
        )
        .await;
        let text = lines(&pdf);
        assert_line(&text, &format!("Packing slip {}", number(&ben)));
        assert_line(&text, "TEA-01 Product TEA-01 3 A-01");
        assert_line(&text, "MUG-02 Product MUG-02 1 B-03");
        assert_line(&text, "Total units 4");
    }
);

dual_test!(
    another_stores_order_has_no_packing_slip,
    |app: TestApp| async move {
        let (_, anne, _) = setup(&app, "PACK-A").await;
        let admin = app.admin_token().await;
        let other = app.merchant_with_store(&admin, "PACK-B").await;
        let (st, ct, body) = fetch(
            &app,
            &other.token,
            "GET",
            &format!("/api/v1/store/orders/{}/packing-slip", anne["id"]),
            None,
        )
        .await;
        assert_eq!(
            (st, ct.as_str()),
            (404, "application/problem+json"),
            "{}",
            String::from_utf8_lossy(&body)
        );
        // Neither can it be printed in a batch or on a pick list of the other store.
        for path in [
            "/api/v1/store/orders/pick-list",
            "/api/v1/store/orders/packing-slips",
        ] {
            let (st, v) = app
                .post(path, json!({"order_ids": [anne["id"]]}), Some(&other.token))
                .await;
            assert_eq!(
                (st, v["errors"][0]["field"].as_str()),
                (422, Some("order_ids")),
                "{v}"
            );
        }
    }
);

dual_test!(
    pick_list_sums_a_product_across_orders_per_bin,
    |app: TestApp| async move {
        let (a, anne, ben) = setup(&app, "PICK-LU").await;
        let (st, ct, pdf) = fetch(
            &app,
            &a.token,
            "POST",
            "/api/v1/store/orders/pick-list",
            Some(json!({"order_ids": [anne["id"], ben["id"], anne["id"]]})),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"));
        let text = lines(&pdf);
        assert_line(&text, "Pick list");
        // 2 teas for Anne and 3 for Ben, all from A-01, on one row naming both orders (one
        // number a line, in the order asked).
        assert_line(
            &text,
            &format!("A-01 TEA-01 Product TEA-01 5 {}", number(&anne)),
        );
        let at = |needle: &str| {
            text.iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle} in {text:?}"))
        };
        let tea = at("A-01 TEA-01 Product TEA-01 5");
        assert_eq!(text[tea + 1], number(&ben), "{text:?}");
        assert_line(
            &text,
            &format!("B-03 MUG-02 Product MUG-02 1 {}", number(&ben)),
        );
        assert_line(&text, "Total units 6");
        let joined = text.join("\n");
        assert!(
            joined.find("A-01 TEA-01").unwrap() < joined.find("B-03 MUG-02").unwrap(),
            "sorted by bin"
        );
        assert!(!joined.contains("Z-09"), "the fuller bin is chosen");
    }
);

dual_test!(
    packing_slips_of_several_orders_come_in_one_pdf,
    |app: TestApp| async move {
        let (a, anne, ben) = setup(&app, "SLIPS-LU").await;
        let (st, ct, pdf) = fetch(
            &app,
            &a.token,
            "POST",
            "/api/v1/store/orders/packing-slips",
            Some(json!({"order_ids": [ben["id"], anne["id"]]})),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"));
        let text = pdftotext(&pdf);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(pages.len(), 2, "{text}");
        assert!(pages[0].contains(&format!("Packing slip {}", number(&ben))));
        assert!(pages[1].contains(&format!("Bon de livraison {}", number(&anne))));
    }
);

dual_test!(order_ids_are_validated, |app: TestApp| async move {
    let (a, anne, _) = setup(&app, "VALID-LU").await;
    let too_many: Vec<i64> = (1..=1001).collect();
    for path in [
        "/api/v1/store/orders/pick-list",
        "/api/v1/store/orders/packing-slips",
    ] {
        for body in [
            json!({"order_ids": []}),
            json!({"order_ids": [anne["id"], 999_999]}),
            json!({"order_ids": too_many}),
        ] {
            let (st, v) = app.post(path, body, Some(&a.token)).await;
            assert_eq!(st, 422, "{path}: {v}");
            assert_eq!(v["errors"][0]["field"], "order_ids", "{path}: {v}");
        }
    }
    let (_, v) = app
        .post(
            "/api/v1/store/orders/pick-list",
            json!({"order_ids": [anne["id"], 999_999]}),
            Some(&a.token),
        )
        .await;
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("999999"),
        "{v}"
    );
});

dual_test!(
    pages_offer_the_packing_slip_and_print_selections,
    |app: TestApp| async move {
        let (a, anne, ben) = setup(&app, "PAGE-LU").await;
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, &format!("/orders/{}", anne["id"])).await;
        let link = format!("href=\"/orders/{}/packing-slip\"", anne["id"]);
        assert!(html.contains(&link), "{html}");
        assert!(html.contains("Packing slip"), "{html}");

        let res = app
            .client
            .get(app.url(&format!("/orders/{}/packing-slip", anne["id"])))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(orion_testkit::content_type(&res), "application/pdf");
        let text = pdftotext(&res.bytes().await.unwrap());
        assert!(
            text.contains(number(&anne)) && text.contains("Esch-sur-Alzette"),
            "{text}"
        );

        let csrf = crate::pages::csrf_in(&html);
        let post = |path: &'static str, ids: Vec<String>| {
            let mut form = vec![("csrf_token".to_owned(), csrf.clone())];
            form.extend(ids.into_iter().map(|id| ("order_ids".to_owned(), id)));
            app.client
                .post(app.url(path))
                .header("cookie", format!("orion_session={session}"))
                .form(&form)
                .send()
        };
        let ids = vec![anne["id"].to_string(), ben["id"].to_string()];
        let res = post("/orders/pick-list", ids.clone()).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(orion_testkit::content_type(&res), "application/pdf");
        let text = lines(&res.bytes().await.unwrap());
        assert_line(&text, "A-01 TEA-01 Product TEA-01 5");
        let res = post("/orders/packing-slips", ids).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let text = pdftotext(&res.bytes().await.unwrap());
        assert!(
            text.contains(number(&anne)) && text.contains(number(&ben)),
            "{text}"
        );

        // Nothing selected: back to the list with the reason.
        let res = post("/orders/pick-list", vec![]).await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with("/orders?error="), "{back}");
        assert!(back.contains("order_ids"), "{back}");

        // Without the CSRF token the form is refused.
        let res = app
            .client
            .post(app.url("/orders/pick-list"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[("order_ids", anne["id"].to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
    }
);
