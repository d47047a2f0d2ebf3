//! `/api/v1/store/products`: products, CSV import/export, Letzshop feed.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

pub fn ean13(n: u64) -> String {
    let d = format!("{n:012}");
    let s: u32 = d
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    format!("{d}{}", (10 - s % 10) % 10)
}

pub async fn product(app: &TestApp, token: &str, sku: &str) -> Value {
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": sku, "translations": {"en": {"title": format!("Product {sku}")}}, "price": "19.99", "vat_rate_class": "standard", "product_type": "physical"}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{p}");
    p
}

async fn import(app: &TestApp, token: &str, csv: &str, query: &str) -> (u16, Value) {
    post_csv(
        app,
        token,
        &format!("/api/v1/store/products/import{query}"),
        csv,
    )
    .await
}

/// Posts a CSV file (`text/csv`) to `path`.
pub async fn post_csv(app: &TestApp, token: &str, path: &str, csv: &str) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    (st, res.json().await.unwrap_or(Value::Null))
}

async fn text(app: &TestApp, token: &str, path: &str) -> (u16, String, String) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let cd = res
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (st, cd, res.text().await.unwrap())
}

dual_test!(
    create_get_update_and_validate_products,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let body = json!({"sku": "MUG-01", "gtin": "4006381333931", "gtin_type": "gtin13",
        "translations": {"en": {"title": "Mug", "description": "A mug"}, "fr": {"title": "Tasse"}},
        "price": "19.99", "sale_price": "17.50", "vat_rate_class": "standard", "product_type": "physical",
        "brand": "Orion", "condition": "new", "image_link": "https://img.example/mug.jpg", "additional_image_links": ["https://img.example/mug2.jpg"], "active": true});
        let (st, p) = app
            .post("/api/v1/store/products", body.clone(), Some(&a.token))
            .await;
        assert_eq!(st, 201, "{p}");
        assert_eq!(
            (p["price"].as_str(), p["sale_price"].as_str()),
            (Some("19.99"), Some("17.50"))
        );
        assert_eq!(p["translations"]["fr"]["title"], "Tasse");
        let id = p["id"].as_i64().unwrap();
        assert_eq!(
            app.post("/api/v1/store/products", body.clone(), Some(&a.token))
                .await
                .0,
            409,
            "duplicate SKU"
        );
        let (st, e) = app.post("/api/v1/store/products", json!({"sku": "X", "gtin": "4006381333932", "translations": {"en": {"title": "x"}}, "price": "1"}), Some(&a.token)).await;
        assert_eq!((st, e["errors"][0]["field"].as_str()), (422, Some("gtin")));
        let (st, e) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "X", "translations": {"en": {"title": "x"}}, "price": 19.99}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("price")),
            "floats are refused"
        );
        let (st, e) = app.post("/api/v1/store/products", json!({"sku": "X", "translations": {}, "price": "1.999", "vat_rate_class": "luxury"}), Some(&a.token)).await;
        assert_eq!(st, 422);
        let fields: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"price")
                && fields.contains(&"vat_rate_class")
                && fields.contains(&"title_en"),
            "{fields:?}"
        );
        let (st, p) = app.json("PATCH", &format!("/api/v1/store/products/{id}"), Some(json!({"price": "21.00", "sale_price": null, "translations": {"de": {"title": "Becher"}}})), Some(&a.token)).await;
        assert_eq!(st, 200, "{p}");
        assert_eq!(
            (
                p["price"].as_str(),
                p["sale_price"].is_null(),
                p["translations"]["de"]["title"].as_str()
            ),
            (Some("21.00"), true, Some("Becher"))
        );
        assert_eq!(
            p["translations"]["en"]["title"], "Mug",
            "untouched languages stay"
        );
        let (st, got) = app
            .get(&format!("/api/v1/store/products/{id}"), Some(&a.token))
            .await;
        assert_eq!((st, got["sku"].as_str()), (200, Some("MUG-01")));
        // Another store cannot see it.
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        assert_eq!(
            app.get(&format!("/api/v1/store/products/{id}"), Some(&b.token))
                .await
                .0,
            404
        );
        assert_eq!(
            app.json(
                "PATCH",
                &format!("/api/v1/store/products/{id}"),
                Some(json!({"price": "1.00"})),
                Some(&b.token)
            )
            .await
            .0,
            404
        );
    }
);

dual_test!(list_searches_and_filters, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    for sku in ["MUG-01", "MUG-02", "TEA-01"] {
        product(&app, &a.token, sku).await;
    }
    app.post("/api/v1/store/products", json!({"sku": "EBOOK", "translations": {"fr": {"title": "Livre numérique"}}, "price": "5", "product_type": "digital"}), Some(&a.token)).await;
    let (_, l) = app
        .get(
            "/api/v1/store/products?q=mug&per_page=1&page=2",
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (
            l["total"].as_i64(),
            l["items"][0]["sku"].as_str(),
            l["per_page"].as_i64()
        ),
        (Some(2), Some("MUG-02"), Some(1))
    );
    let (_, l) = app
        .get("/api/v1/store/products?q=NUMÉRIQUE", Some(&a.token))
        .await;
    assert!(l["total"].as_i64().unwrap() <= 1);
    let (_, l) = app
        .get("/api/v1/store/products?type=digital", Some(&a.token))
        .await;
    assert_eq!(l["total"], 1);
    let (_, l) = app
        .get(
            "/api/v1/store/products?stock_status=out_of_stock",
            Some(&a.token),
        )
        .await;
    assert_eq!(l["total"], 3, "physical products without stock");
    let (_, l) = app
        .get(
            "/api/v1/store/products?stock_status=in_stock",
            Some(&a.token),
        )
        .await;
    assert_eq!(
        l["items"][0]["sku"], "EBOOK",
        "digital goods are always in stock"
    );
    assert_eq!(
        app.get("/api/v1/store/products?stock_status=maybe", Some(&a.token))
            .await
            .0,
        422
    );
});

dual_test!(
    product_limit_applies_to_creation_and_import,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"products": 3}})),
            Some(&admin),
        )
        .await;
        product(&app, &a.token, "P1").await;
        let csv = "sku,title_en,price\nP2,Two,1.00\nP3,Three,1.00\nP4,Four,1.00\n";
        let (st, r) = import(&app, &a.token, csv, "").await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["created"].as_i64(), r["rejected"].as_i64()),
            (Some(2), Some(1))
        );
        assert_eq!(
            (
                r["errors"][0]["row"].as_i64(),
                r["errors"][0]["column"].as_str()
            ),
            (Some(4), Some("sku"))
        );
        let (st, e) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "P5", "translations": {"en": {"title": "x"}}, "price": "1"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["type"].as_str(), e["metric"].as_str()),
            (403, Some("/problems/limit-exceeded"), Some("products"))
        );
        // Inactive products do not count.
        assert_eq!(app.post("/api/v1/store/products", json!({"sku": "P6", "translations": {"en": {"title": "x"}}, "price": "1", "active": false}), Some(&a.token)).await.0, 201);
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(
            b["metrics"]["products"],
            json!({"limit": 3, "used": 3, "remaining": 0})
        );
    }
);

dual_test!(
    concurrent_creations_respect_the_product_limit,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"products": 5}})),
            Some(&admin),
        )
        .await;
        let mut tasks = Vec::new();
        for i in 0..50 {
            let (client, url, token) = (
                app.client.clone(),
                app.url("/api/v1/store/products"),
                a.token.clone(),
            );
            tasks.push(tokio::spawn(async move {
            client.post(url).bearer_auth(token).json(&json!({"sku": format!("C{i}"), "translations": {"en": {"title": "c"}}, "price": "1"})).send().await.unwrap().status().as_u16()
        }));
        }
        let mut codes = Vec::new();
        for t in tasks {
            codes.push(t.await.unwrap());
        }
        assert_eq!(codes.iter().filter(|c| **c == 201).count(), 5, "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == 403).count(), 45, "{codes:?}");
    }
);

dual_test!(
    csv_import_reports_rows_and_applies_only_valid_ones,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        // BOM, semicolons, a quoted field with the delimiter, three bad rows among good ones.
        let good = ean13(400638133393);
        let csv = format!(
            "\u{feff}sku;gtin;title_en;title_fr;price;vat_rate_class;active;colour\nA-1;{good};\"Mug; blue\";Tasse;19.99;standard;true;red\nA-2;4006381333932;Bad gtin;;1.00;;;\nA-3;;Cup;;abc;;;\nA-4;;;;1.00;;;\nA-5;;Plate;;7.5;reduced;false;\n"
        );
        let (st, r) = import(&app, &a.token, &csv, "?dry_run=true").await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (
                r["created"].as_i64(),
                r["rejected"].as_i64(),
                r["dry_run"].as_bool()
            ),
            (Some(2), Some(3), Some(true))
        );
        assert_eq!(
            app.get("/api/v1/store/products", Some(&a.token)).await.1["total"],
            0,
            "dry run writes nothing"
        );
        let (_, r) = import(&app, &a.token, &csv, "").await;
        let errs: Vec<(i64, String)> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["row"].as_i64().unwrap(),
                    e["column"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            errs,
            vec![
                (1, "colour".into()),
                (3, "gtin".into()),
                (4, "price".into()),
                (5, "title_en".into())
            ]
        );
        assert_eq!(
            (
                r["created"].as_i64(),
                r["updated"].as_i64(),
                r["unchanged"].as_i64()
            ),
            (Some(2), Some(0), Some(0))
        );
        let (_, l) = app
            .get("/api/v1/store/products?q=mug", Some(&a.token))
            .await;
        assert_eq!(l["items"][0]["translations"]["en"]["title"], "Mug; blue");
        // Re-import: unchanged; a change updates.
        let (_, r) = import(
            &app,
            &a.token,
            "sku,title_en,price,vat_rate_class,active\nA-5,Plate,7.50,reduced,false\n",
            "",
        )
        .await;
        assert_eq!(r["unchanged"], 1, "{r}");
        let (_, r) = import(
            &app,
            &a.token,
            "sku\ttitle_en\tprice\nA-5\tPlate\t8.00\n",
            "",
        )
        .await;
        assert_eq!(r["updated"], 1, "{r}");
        // Only errors: nothing changes.
        let before = app.get("/api/v1/store/products", Some(&a.token)).await.1["total"].clone();
        let (_, r) = import(
            &app,
            &a.token,
            "sku,title_en,price\n,x,1\nB,,2\nC,c,-1\n",
            "",
        )
        .await;
        assert_eq!(
            (r["created"].as_i64(), r["rejected"].as_i64()),
            (Some(0), Some(3))
        );
        assert_eq!(
            app.get("/api/v1/store/products", Some(&a.token)).await.1["total"],
            before
        );
        let (st, e) = import(&app, &a.token, "title_en,price\nx,1\n", "").await;
        assert_eq!((st, e["errors"][0]["field"].as_str()), (422, Some("file")));
        assert_eq!(import(&app, &a.token, "", "").await.0, 422);
    }
);

dual_test!(
    export_round_trips_through_import,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let csv = format!(
            "sku,gtin,gtin_type,title_en,title_fr,title_de,description_en,price,sale_price,vat_rate_class,product_type,brand,condition,active,image_link,additional_image_links\n\
         R-1,{},gtin13,\"Quote \"\"q\"\"\",Fr,De,\"multi\nline\",10.00,9.00,super-reduced,physical,B,used,true,https://i.example/1.jpg,\"https://i.example/2.jpg,https://i.example/3.jpg\"\n\
         R-2,,,Two,,,,0.5,,zero,service,,new,false,,\n",
            ean13(123456789012)
        );
        let (_, r) = import(&app, &a.token, &csv, "").await;
        assert_eq!(r["created"], 2, "{r}");
        let (st, cd, exported) =
            text(&app, &a.token, "/api/v1/store/products/export?format=csv").await;
        assert_eq!(st, 200);
        assert!(cd.contains("ALPHA-LU_products_"), "{cd}");
        assert!(exported.starts_with("sku,gtin,gtin_type,title_en,title_fr,title_de,description_en,description_fr,description_de,price,sale_price,vat_rate_class,product_type,brand,mpn,condition,active,image_link,additional_image_links"));
        let (_, r) = import(&app, &a.token, &exported, "").await;
        assert_eq!(
            (
                r["unchanged"].as_i64(),
                r["created"].as_i64(),
                r["updated"].as_i64(),
                r["rejected"].as_i64()
            ),
            (Some(2), Some(0), Some(0), Some(0)),
            "{r}"
        );
        let (_, _, again) = text(&app, &a.token, "/api/v1/store/products/export?format=csv").await;
        assert_eq!(again, exported);
        assert_eq!(
            text(&app, &a.token, "/api/v1/store/products/export?format=xml")
                .await
                .0,
            422
        );
    }
);

dual_test!(
    letzshop_feed_is_tsv_per_language_with_fallback,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let gtin = ean13(400638133393);
        app.post("/api/v1/store/products", json!({"sku": "M1", "gtin": gtin, "translations": {"en": {"title": "Mug", "description": "Big\tmug"}, "fr": {"title": "Tasse", "description": "Grande tasse"}, "de": {"title": "Becher"}},
        "price": "12.50", "sale_price": "10.00", "brand": "Orion", "image_link": "https://i.example/m.jpg"}), Some(&a.token)).await;
        app.post("/api/v1/store/products", json!({"sku": "OFF", "translations": {"en": {"title": "Hidden"}}, "price": "1", "active": false}), Some(&a.token)).await;
        for (lang, title, description) in [
            ("en", "Mug", "Big mug"),
            ("fr", "Tasse", "Grande tasse"),
            ("de", "Becher", "Big mug"),
        ] {
            let (st, cd, body) = text(
                &app,
                &a.token,
                &format!("/api/v1/store/letzshop/export?language={lang}"),
            )
            .await;
            assert_eq!(st, 200);
            assert!(cd.contains("ALPHA-LU_letzshop_export.csv"), "{cd}");
            let rows: Vec<Vec<&str>> = body.lines().map(|l| l.split('\t').collect()).collect();
            assert_eq!(rows.len(), 2, "header and the active product: {body}");
            let header = &rows[0];
            let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
            let r = &rows[1];
            assert_eq!(r.len(), header.len());
            assert_eq!(
                (r[col("id")], r[col("title")], r[col("description")]),
                ("M1", title, description)
            );
            assert_eq!(
                (r[col("price")], r[col("sale_price")], r[col("gtin")]),
                ("12.50 EUR", "10.00 EUR", gtin.as_str())
            );
            assert_eq!(
                (r[col("availability")], r[col("condition")], r[col("brand")]),
                ("out of stock", "new", "Orion")
            );
        }
        let (_, _, body) = text(
            &app,
            &a.token,
            "/api/v1/store/letzshop/export?language=en&include_inactive=true",
        )
        .await;
        assert_eq!(body.lines().count(), 3);
        assert_eq!(
            text(&app, &a.token, "/api/v1/store/letzshop/export?language=lb")
                .await
                .0,
            422
        );
    }
);

dual_test!(
    referenced_products_are_deactivated_not_deleted,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let p1 = product(&app, &a.token, "KEEP").await["id"]
            .as_i64()
            .unwrap();
        let p2 = product(&app, &a.token, "GONE").await["id"]
            .as_i64()
            .unwrap();
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p1, "delta": 3, "reason": "delivery"}),
            Some(&a.token),
        )
        .await;
        let (st, r) = app
            .json(
                "DELETE",
                &format!("/api/v1/store/products/{p1}"),
                None,
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, r["deleted"].as_bool(), r["active"].as_bool()),
            (200, Some(false), Some(false)),
            "{r}"
        );
        assert_eq!(
            app.get(&format!("/api/v1/store/products/{p1}"), Some(&a.token))
                .await
                .1["active"],
            false
        );
        let (_, r) = app
            .json(
                "DELETE",
                &format!("/api/v1/store/products/{p2}"),
                None,
                Some(&a.token),
            )
            .await;
        assert_eq!(r["deleted"], true);
        assert_eq!(
            app.get(&format!("/api/v1/store/products/{p2}"), Some(&a.token))
                .await
                .0,
            404
        );
    }
);
