//! The new order form: pricing without creating (`POST /api/v1/store/orders/quote` and the
//! page's `POST /orders/new/quote`), any number of lines with problems on the right line,
//! and the customer search that prefills the form.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::orders::{order_body, setup};
use crate::pages::{csrf_in, login, page};

/// Posts the new order form (pairs) with the session and its CSRF token.
async fn post_form(
    app: &TestApp,
    session: &str,
    path: &str,
    pairs: &[(String, String)],
) -> reqwest::Response {
    let csrf = csrf_in(&page(app, session, "/orders/new").await);
    let mut pairs = pairs.to_vec();
    pairs.push(("csrf_token".into(), csrf));
    app.client
        .post(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .form(&pairs)
        .send()
        .await
        .unwrap()
}

/// The form's customer and address fields, and `lines` as `(N, sku, quantity)`.
fn form(lines: &[(u32, &str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("email", "anne@example.test"),
        ("first_name", "Anne"),
        ("last_name", "Muller"),
        ("street", "1 Rue de la Gare"),
        ("postal_code", "1611"),
        ("city", "Luxembourg"),
        ("country", "LU"),
        ("shipping_amount", "4.90"),
        ("locale", "en"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (n, sku, qty) in lines {
        f.push((format!("sku_{n}"), sku.to_string()));
        f.push((format!("qty_{n}"), qty.to_string()));
    }
    f
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["field"].as_str().unwrap().to_owned())
        .collect()
}

dual_test!(
    new_order_quote_gives_the_totals_of_create_and_keeps_nothing,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let t = Some(a.token.as_str());
        let body = order_body("TEA-01", 2, "anne@example.test");
        let (st, q) = app
            .post("/api/v1/store/orders/quote", body.clone(), t)
            .await;
        assert_eq!(st, 200, "{q}");
        assert_eq!(
            q,
            json!({"subtotal": "25.00", "shipping_amount": "4.90", "tax_amount": "2.56", "total": "29.90",
                "items": [{"sku": "TEA-01", "name": "Tea", "quantity": 2, "unit_price": "12.50", "line_total": "25.00"}]})
        );
        // Nothing was kept: no order, no customer, no unit of the monthly quota.
        assert_eq!(app.get("/api/v1/store/orders", t).await.1["total"], 0);
        assert_eq!(app.get("/api/v1/store/customers", t).await.1["total"], 0);
        let used = |b: Value| b["metrics"]["orders_per_month"]["used"].clone();
        assert_eq!(used(app.get("/api/v1/store/billing", t).await.1), 0);
        let (st, o) = app.post("/api/v1/store/orders", body, t).await;
        assert_eq!(st, 201, "{o}");
        for k in ["subtotal", "shipping_amount", "tax_amount", "total"] {
            assert_eq!(o[k], q[k], "{k}");
        }
        assert_eq!(o["items"][0]["line_total"], q["items"][0]["line_total"]);
        // The order created after the quote is the store's first, and its customer too.
        assert_eq!(used(app.get("/api/v1/store/billing", t).await.1), 1);
        let (_, orders) = app.get("/api/v1/store/orders", t).await;
        assert_eq!(orders["total"], 1);
        assert_eq!(orders["items"][0]["order_number"], o["order_number"]);
        let (_, customers) = app.get("/api/v1/store/customers", t).await;
        assert_eq!(customers["total"], 1, "{customers}");
    }
);

dual_test!(
    new_order_quote_refuses_what_create_refuses,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let t = Some(a.token.as_str());
        let bad = json!({"customer": {"email": "x"}, "shipping_address": {"street": "", "postal_code": "1", "city": "L", "country": "Luxembourg"},
            "items": [{"sku": "NOPE", "quantity": 1}, {"sku": "TEA-01", "quantity": 0}], "shipping_amount": "-1"});
        let (st, quoted) = app.post("/api/v1/store/orders/quote", bad.clone(), t).await;
        assert_eq!(st, 422, "{quoted}");
        let (st, created) = app.post("/api/v1/store/orders", bad, t).await;
        assert_eq!(st, 422, "{created}");
        assert_eq!(fields(&quoted), fields(&created));
        for f in [
            "shipping_address.street",
            "shipping_address.country",
            "shipping_amount",
            "items[0]",
            "items[1].quantity",
        ] {
            assert!(fields(&quoted).iter().any(|x| x == f), "{f} in {quoted}");
        }
        // The customer's own checks too, as creating makes them.
        let (st, e) = app
            .post(
                "/api/v1/store/orders/quote",
                order_body("TEA-01", 1, "not-an-email"),
                t,
            )
            .await;
        assert_eq!((st, fields(&e)), (422, vec!["customer.email".to_owned()]));
        assert_eq!(app.get("/api/v1/store/customers", t).await.1["total"], 0);
    }
);

dual_test!(
    new_order_page_takes_any_number_of_lines,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let t = Some(a.token.as_str());
        for n in 1..=6 {
            let (st, p) = app
                .post("/api/v1/store/products", json!({"sku": format!("P-{n}"), "translations": {"en": {"title": format!("Product {n}")}}, "price": "2.00"}), t)
                .await;
            assert_eq!(st, 201, "{p}");
        }
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/orders/new").await;
        assert!(
            html.contains("<option value=\"TEA-01\" data-title=\"Tea\""),
            "the product search offers the store's products: {html}"
        );
        assert!(
            html.contains("<option value=\"LU\" selected>Luxembourg</option>"),
            "{html}"
        );
        // Seven lines, numbered as a browser leaves them after adding and removing some,
        // with an empty one in between.
        let res = post_form(
            &app,
            &session,
            "/orders/new",
            &form(&[
                (0, "TEA-01", "2"),
                (2, "P-1", "1"),
                (3, "", "1"),
                (5, "P-2", "1"),
                (9, "P-3", "3"),
                (10, "P-4", "1"),
                (14, "P-5", "1"),
                (21, "P-6", "2"),
            ]),
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let (_, list) = app.get("/api/v1/store/orders", t).await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let (_, o) = app.get(&format!("/api/v1/store/orders/{id}"), t).await;
        let skus: Vec<&str> = o["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["sku"].as_str().unwrap())
            .collect();
        assert_eq!(
            skus,
            ["TEA-01", "P-1", "P-2", "P-3", "P-4", "P-5", "P-6"],
            "{o}"
        );
        assert_eq!(o["subtotal"], "43.00");
        // The customer search finds Anne and names the fields to fill in.
        let res = app
            .client
            .get(app.url("/orders/new/customers?q=mull"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        let found: Value = res.json().await.unwrap();
        assert_eq!(found[0]["email"], "anne@example.test", "{found}");
        assert_eq!(found[0]["fields"]["street"], "1 Rue de la Gare");
        assert_eq!(found[0]["fields"]["country"], "LU");
        assert_eq!(found[0]["fields"]["first_name"], "Anne");
    }
);

dual_test!(
    new_order_page_shows_a_line_problem_on_its_line,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let (session, _) = login(&app, &a.email).await;
        // Line 4 of the browser is the second filled line: item 1.
        let res = post_form(
            &app,
            &session,
            "/orders/new",
            &form(&[(0, "TEA-01", "1"), (1, "", "1"), (4, "NOPE", "1")]),
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"sku_1\" name=\"sku_1\" type=\"text\" list=\"store-products\" autocomplete=\"off\" value=\"NOPE\" aria-invalid=\"true\" aria-describedby=\"err-items-1-\""),
            "{html}"
        );
        let err = html.split("id=\"err-items-1-\">").nth(1).unwrap();
        assert!(err.starts_with("no product with SKU NOPE"), "{err}");
        assert!(!html.contains("err-items-0-"), "line 0 is fine");
        assert!(html.contains("value=\"TEA-01\""));
        // A quantity the language cannot read stays on its line too.
        let res = post_form(
            &app,
            &session,
            "/orders/new",
            &form(&[(3, "TEA-01", "1"), (7, "TEA-01", "two")]),
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"err-items-1-\""), "{html}");
        assert!(html.contains("value=\"two\""));
        assert_eq!(
            app.get("/api/v1/store/orders", Some(&a.token)).await.1["total"],
            0
        );
    }
);

dual_test!(
    new_order_page_quote_writes_amounts_in_the_users_language,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let t = Some(a.token.as_str());
        let (st, _) = app
            .post("/api/v1/store/products", json!({"sku": "BIG", "translations": {"fr": {"title": "Grand"}}, "price": "1234.50"}), t)
            .await;
        assert_eq!(st, 201);
        let (st, me) = app
            .json(
                "PATCH",
                "/api/v1/auth/me",
                Some(json!({"language": "fr"})),
                t,
            )
            .await;
        assert_eq!(st, 200, "{me}");
        let (session, _) = login(&app, &a.email).await;
        let csrf = csrf_in(&page(&app, &session, "/orders/new").await);
        let mut f = form(&[(0, "BIG", "1"), (2, "TEA-01", "2")]);
        f.retain(|(k, _)| k != "shipping_amount" && k != "locale");
        f.push(("shipping_amount".into(), "4,90".into()));
        f.push(("locale".into(), "fr".into()));
        let quote = |pairs: Vec<(String, String)>, token: Option<String>| {
            let mut req = app
                .client
                .post(app.url("/orders/new/quote"))
                .header("cookie", format!("orion_session={session}"))
                .form(&pairs);
            if let Some(tok) = token {
                req = req.header("x-csrf-token", tok);
            }
            req.send()
        };
        let res = quote(f.clone(), None).await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "the CSRF token is required");
        let res = quote(f.clone(), Some(csrf.clone())).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let q: Value = res.json().await.unwrap();
        let nb = '\u{a0}';
        assert_eq!(q["subtotal"], format!("1{nb}259,50{nb}€"), "{q}");
        assert_eq!(q["shipping_amount"], format!("4,90{nb}€"));
        assert_eq!(q["total"], format!("1{nb}264,40{nb}€"));
        assert_eq!(q["items"][0]["name"], "Grand");
        assert_eq!(q["items"][1]["line_total"], format!("25,00{nb}€"));
        // A wrong line: 422 with the problem in French, on the second line.
        let mut bad = f.clone();
        bad.push(("sku_5".into(), "NOPE".into()));
        bad.push(("qty_5".into(), "1".into()));
        let res = quote(bad, Some(csrf)).await.unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["errors"][0]["field"], "items[2]", "{e}");
        assert_eq!(
            app.get("/api/v1/store/orders", t).await.1["total"],
            0,
            "quoting creates nothing"
        );
    }
);
