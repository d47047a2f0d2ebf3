//! CSV downloads for spreadsheets: every export comes as standard CSV or as "Excel (;)"
//! (semicolon-separated UTF-8 with a byte-order mark and decimal commas), and the product
//! import reads the Excel form back. Cells that a spreadsheet would run as formulas are
//! written as text; product text refuses control characters.

use orion_customers::service;
use orion_kernel::{CustomerId, StoreId};
use orion_testkit::{TestApp, dual_test};
use serde_json::json;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Status, content type and the raw bytes of a download (no BOM stripping).
async fn bytes(app: &TestApp, token: &str, path: &str) -> (u16, String, Vec<u8>) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let ct = orion_testkit::content_type(&res);
    (st, ct, res.bytes().await.unwrap().to_vec())
}

/// Parses a CSV file the way a spreadsheet set to `;` does, after checking its BOM.
fn excel_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(body.starts_with(BOM), "no UTF-8 byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&body[BOM.len()..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

dual_test!(
    customer_export_in_excel_form_keeps_accents,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "XLS-LU").await;
        let t = a.token.as_str();
        let (st, c) = app
            .post(
                "/api/v1/store/customers",
                json!({"email": "jurgen@example.test", "first_name": "Jürgen", "last_name": "Weiß", "tags": ["vip", "b2b"]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{c}");
        service::add_order(
            app.db.conn(),
            StoreId(a.store["id"].as_i64().unwrap()),
            CustomerId(c["id"].as_i64().unwrap()),
            123450,
            "2026-03-02T09:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();

        let (st, ct, body) = bytes(&app, t, "/api/v1/store/customers/export?dialect=excel").await;
        assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
        assert!(ct.starts_with("text/csv"), "{ct}");
        let rows = excel_rows(&body);
        assert_eq!(rows[0][..3], ["email", "first_name", "last_name"]);
        let j = &rows[1];
        assert_eq!(j[..3], ["jurgen@example.test", "Jürgen", "Weiß"]);
        // Amounts carry a decimal comma; the `;` inside the tags is quoted.
        assert_eq!((j[6].as_str(), j[7].as_str()), ("1234,50", "1234,50"));
        assert_eq!(j[12], "vip;b2b");

        // The standard form is unchanged: commas, no BOM, decimal points.
        let (_, _, body) = bytes(&app, t, "/api/v1/store/customers/export").await;
        assert!(body.starts_with(b"email,first_name"));
        assert!(String::from_utf8(body).unwrap().contains(",1234.50,"));

        let (st, e) = app
            .get("/api/v1/store/customers/export?dialect=xlsx", Some(t))
            .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("dialect")),
            "{e}"
        );
    }
);

dual_test!(
    product_export_in_excel_form_round_trips_through_import,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "XLP-LU").await;
        let t = a.token.as_str();
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "CAFE-1", "translations": {"fr": {"title": "Café crème"}, "de": {"title": "Weißwurst"}},
                    "price": "1234.50", "sale_price": "12.50", "vat_rate_class": "standard", "product_type": "physical"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{p}");

        let (st, _, body) = bytes(&app, t, "/api/v1/store/products/export?dialect=excel").await;
        assert_eq!(st, 200);
        let rows = excel_rows(&body);
        let header = &rows[0];
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let row = &rows[1];
        assert_eq!(row[col("title_fr")], "Café crème");
        assert_eq!(row[col("title_de")], "Weißwurst");
        assert_eq!(
            (row[col("price")].as_str(), row[col("sale_price")].as_str()),
            ("1234,50", "12,50")
        );

        // Importing the file as downloaded changes nothing.
        let res = app
            .client
            .post(app.url("/api/v1/store/products/import"))
            .bearer_auth(t)
            .header("content-type", "text/csv")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let r: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            (r["unchanged"].as_i64(), r["rejected"].as_i64()),
            (Some(1), Some(0)),
            "{r}"
        );

        // A price typed in a French spreadsheet updates the product to the cent.
        let edited = String::from_utf8(body[BOM.len()..].to_vec())
            .unwrap()
            .replace("1234,50", "\"1 299,90\"");
        let res = app
            .client
            .post(app.url("/api/v1/store/products/import"))
            .bearer_auth(t)
            .header("content-type", "text/csv")
            .body(edited)
            .send()
            .await
            .unwrap();
        let r: serde_json::Value = res.json().await.unwrap();
        assert_eq!(r["updated"].as_i64(), Some(1), "{r}");
        let (_, list) = app.get("/api/v1/store/products?q=CAFE-1", Some(t)).await;
        assert_eq!(list["items"][0]["price"], "1299.90", "{list}");

        // An amount that is neither form is refused with the column named.
        let bad = String::from_utf8(body[BOM.len()..].to_vec())
            .unwrap()
            .replace("1234,50", "\"1,2,3\"");
        let res = app
            .client
            .post(app.url("/api/v1/store/products/import"))
            .bearer_auth(t)
            .header("content-type", "text/csv")
            .body(bad)
            .send()
            .await
            .unwrap();
        let r: serde_json::Value = res.json().await.unwrap();
        assert_eq!(r["rejected"].as_i64(), Some(1), "{r}");
        assert!(r.to_string().contains("price"), "{r}");
    }
);

dual_test!(
    formulas_in_cells_are_neutralised_and_read_back,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "INJ-LU").await;
        let t = a.token.as_str();
        let (st, c) = app
            .post(
                "/api/v1/store/customers",
                json!({"email": "eve@example.test", "first_name": "=HYPERLINK(\"http://evil.test\",\"x\")", "last_name": "@SUM(A1)", "phone": "+352 621 000 000"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{c}");
        for dialect in ["standard", "excel"] {
            let (st, _, body) = bytes(
                &app,
                t,
                &format!("/api/v1/store/customers/export?dialect={dialect}"),
            )
            .await;
            assert_eq!(st, 200);
            let body = body.strip_prefix(BOM).unwrap_or(&body);
            let mut r = csv::ReaderBuilder::new()
                .delimiter(if dialect == "excel" { b';' } else { b',' })
                .from_reader(body);
            let row: Vec<String> = r
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            assert_eq!(
                row[1..4],
                [
                    "'=HYPERLINK(\"http://evil.test\",\"x\")",
                    "'@SUM(A1)",
                    "'+352 621 000 000"
                ],
                "{dialect}"
            );
        }

        // Products: the export neutralises, the import reads its own cells back unchanged.
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "-MINUS", "translations": {"en": {"title": "=1+1"}},
                    "price": "5.00", "vat_rate_class": "standard", "product_type": "physical"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let (_, _, body) = bytes(&app, t, "/api/v1/store/products/export").await;
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(
            text.contains("'-MINUS,") && text.contains(",'=1+1,"),
            "{text}"
        );
        let res = app
            .client
            .post(app.url("/api/v1/store/products/import"))
            .bearer_auth(t)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .unwrap();
        let r: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            (r["unchanged"].as_i64(), r["rejected"].as_i64()),
            (Some(1), Some(0)),
            "{r}"
        );
        let (_, got) = app
            .get(&format!("/api/v1/store/products/{}", p["id"]), Some(t))
            .await;
        assert_eq!(got["sku"], "-MINUS");
    }
);

dual_test!(
    control_characters_are_refused_in_product_text,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "NUL-LU").await;
        let t = a.token.as_str();
        for (field, body) in [
            (
                "translations.en.title",
                json!({"sku": "NUL-1", "translations": {"en": {"title": "Mug\u{0}"}}, "price": "5.00"}),
            ),
            (
                "brand",
                json!({"sku": "NUL-2", "translations": {"en": {"title": "Mug"}}, "brand": "Acme\u{7}", "price": "5.00"}),
            ),
            (
                "title_en",
                json!({"sku": "NUL-3", "translations": {"en": {"title": "Two\nlines"}}, "price": "5.00"}),
            ),
            (
                "image_link",
                json!({"sku": "NUL-4", "translations": {"en": {"title": "Mug"}}, "image_link": "https://x.test/a\u{0}.png", "price": "5.00"}),
            ),
        ] {
            let (st, p) = app.post("/api/v1/store/products", body, Some(t)).await;
            assert_eq!(st, 422, "{p}");
            assert!(
                p["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["field"] == field),
                "{field}: {p}"
            );
        }
        // A description may have line breaks.
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "NUL-5", "translations": {"en": {"title": "Mug", "description": "Line one\nLine two"}}, "price": "5.00"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let (_, list) = app.get("/api/v1/store/products", Some(t)).await;
        assert_eq!(
            list["total"], 1,
            "nothing of the refused ones was stored: {list}"
        );
    }
);
