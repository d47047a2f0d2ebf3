//! `/api/v1/store/inventory` and warehouses: stock levels, exact reservations, the log.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::catalog::product;

async fn stock(app: &TestApp, token: &str, product: i64) -> Vec<Value> {
    app.get(
        &format!("/api/v1/store/inventory?product_id={product}"),
        Some(token),
    )
    .await
    .1
    .as_array()
    .unwrap()
    .clone()
}

dual_test!(adjust_count_move_and_log, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let p = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
    let (st, ws) = app.get("/api/v1/store/warehouses", Some(&a.token)).await;
    assert_eq!(st, 200);
    assert_eq!(
        (ws[0]["code"].as_str(), ws[0]["is_default"].as_bool()),
        (Some("MAIN"), Some(true))
    );
    let (st, l) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": 10, "reason": "delivery"}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 200, "{l}");
    assert_eq!(
        (l["on_hand"].as_i64(), l["available"].as_i64()),
        (Some(10), Some(10))
    );
    let (st, e) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": -11}),
            Some(&a.token),
        )
        .await;
    assert_eq!((st, e["available"].as_i64()), (409, Some(10)), "{e}");
    let (st, w) = app
        .post(
            "/api/v1/store/warehouses",
            json!({"code": "east", "name": "East depot"}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{w}");
    let east = w["id"].as_i64().unwrap();
    let (st, m) = app
        .post(
            "/api/v1/store/inventory/moves",
            json!({"product_id": p, "to_warehouse_id": east, "to_bin": "a-01", "quantity": 4}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 200, "{m}");
    assert_eq!(
        (
            m["from"]["on_hand"].as_i64(),
            m["to"]["on_hand"].as_i64(),
            m["to"]["bin"].as_str()
        ),
        (Some(6), Some(4), Some("A-01"))
    );
    let (st, c) = app
        .post(
            "/api/v1/store/inventory/counts",
            json!({"product_id": p, "on_hand": 5, "reason": "count"}),
            Some(&a.token),
        )
        .await;
    assert_eq!((st, c["on_hand"].as_i64()), (200, Some(5)));
    app.post(
        "/api/v1/store/inventory/receipts",
        json!({"product_id": p, "quantity": 2, "reference": "PO-1"}),
        Some(&a.token),
    )
    .await;
    let levels = stock(&app, &a.token, p).await;
    assert_eq!(
        levels
            .iter()
            .map(|l| l["on_hand"].as_i64().unwrap())
            .sum::<i64>(),
        11
    );
    let (_, log) = app
        .get(
            &format!("/api/v1/store/inventory/transactions?product_id={p}&per_page=100"),
            Some(&a.token),
        )
        .await;
    let kinds: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["adjust", "move_out", "move_in", "set", "receive"]);
    let sum: i64 = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["on_hand_change"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, 11, "the log sums to the stock");
    assert_eq!(log["items"][0]["reference"], "PO-1");
    // Another store's product is not found; digital products have no stock.
    let b = app.merchant_with_store(&admin, "BETA-DE").await;
    let (st, e) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": 1}),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        (st, e["errors"][0]["field"].as_str()),
        (422, Some("product_id"))
    );
    let (_, d) = app.post("/api/v1/store/products", json!({"sku": "E", "translations": {"en": {"title": "e"}}, "price": "1", "product_type": "digital"}), Some(&a.token)).await;
    assert_eq!(
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": d["id"], "delta": 1}),
            Some(&a.token)
        )
        .await
        .0,
        422
    );
});

dual_test!(
    warehouses_and_bins_need_the_feature,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PUT",
            &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
            Some(json!({"tier": "essential", "status": "active"})),
            Some(&admin),
        )
        .await;
        let p = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        let (st, e) = app
            .post(
                "/api/v1/store/warehouses",
                json!({"code": "B", "name": "B"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["type"].as_str(), e["upgrade_to"].as_str()),
            (
                403,
                Some("/problems/feature-not-in-tier"),
                Some("professional")
            )
        );
        assert_eq!(
            app.post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": p, "delta": 1, "bin": "A-1"}),
                Some(&a.token)
            )
            .await
            .0,
            403
        );
        assert_eq!(
            app.post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": p, "delta": 1}),
                Some(&a.token)
            )
            .await
            .0,
            200
        );
    }
);

dual_test!(
    reservations_never_exceed_stock_under_concurrency,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let p = product(&app, &a.token, "HOT").await["id"].as_i64().unwrap();
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": 30}),
            Some(&a.token),
        )
        .await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": 20, "bin": "B-2"}),
            Some(&a.token),
        )
        .await;
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let (client, url, token) = (
                app.client.clone(),
                app.url("/api/v1/store/inventory/reservations"),
                a.token.clone(),
            );
            tasks.push(tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"product_id": p, "quantity": 1}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        let mut codes = Vec::new();
        for t in tasks {
            codes.push(t.await.unwrap());
        }
        assert_eq!(codes.iter().filter(|c| **c == 201).count(), 50, "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == 409).count(), 150);
        let levels = stock(&app, &a.token, p).await;
        for l in &levels {
            assert!(l["reserved"].as_i64().unwrap() <= l["on_hand"].as_i64().unwrap());
            assert_eq!(l["available"], 0);
        }
        let (_, log) = app
            .get(
                &format!("/api/v1/store/inventory/transactions?product_id={p}&per_page=200"),
                Some(&a.token),
            )
            .await;
        let reserved: i64 = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["reserved_change"].as_i64().unwrap())
            .sum();
        assert_eq!(reserved, 50);
        // Stock cannot drop below what is reserved.
        assert_eq!(
            app.post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": p, "delta": -1}),
                Some(&a.token)
            )
            .await
            .0,
            409
        );
    }
);

dual_test!(reservations_release_and_fulfil, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let p = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
    app.post(
        "/api/v1/store/inventory/adjustments",
        json!({"product_id": p, "delta": 5}),
        Some(&a.token),
    )
    .await;
    // Order references must be the store's own (stock_safety tests the refusals).
    let (st, o) = app
        .post(
            "/api/v1/store/orders",
            crate::orders::order_body("MUG", 3, "anne@example.test"),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{o}");
    let (order_id, item_id) = (
        o["id"].as_i64().unwrap(),
        o["items"][0]["id"].as_i64().unwrap(),
    );
    let (st, r) = app
        .post(
            "/api/v1/store/inventory/reservations",
            json!({"product_id": p, "quantity": 3, "order_id": order_id, "order_item_id": item_id}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid = r[0]["id"].as_i64().unwrap();
    let (st, e) = app
        .post(
            "/api/v1/store/inventory/reservations",
            json!({"product_id": p, "quantity": 3}),
            Some(&a.token),
        )
        .await;
    assert_eq!((st, e["available"].as_i64()), (409, Some(2)));
    let (st, f) = app
        .post(
            &format!("/api/v1/store/inventory/reservations/{rid}/fulfil"),
            json!({}),
            Some(&a.token),
        )
        .await;
    assert_eq!((st, f["status"].as_str()), (200, Some("fulfilled")));
    assert_eq!(
        app.post(
            &format!("/api/v1/store/inventory/reservations/{rid}/release"),
            json!({}),
            Some(&a.token)
        )
        .await
        .0,
        409
    );
    let l = &stock(&app, &a.token, p).await[0];
    assert_eq!(
        (l["on_hand"].as_i64(), l["reserved"].as_i64()),
        (Some(2), Some(0))
    );
    let (_, r) = app
        .post(
            "/api/v1/store/inventory/reservations",
            json!({"product_id": p, "quantity": 2}),
            Some(&a.token),
        )
        .await;
    let (st, _) = app
        .post(
            &format!(
                "/api/v1/store/inventory/reservations/{}/release",
                r[0]["id"]
            ),
            json!({}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 200);
    let l = &stock(&app, &a.token, p).await[0];
    assert_eq!(
        (
            l["on_hand"].as_i64(),
            l["reserved"].as_i64(),
            l["available"].as_i64()
        ),
        (Some(2), Some(0), Some(2))
    );
    let (_, l) = app
        .get(
            "/api/v1/store/products?stock_status=in_stock",
            Some(&a.token),
        )
        .await;
    assert_eq!(l["items"][0]["sku"], "MUG");
    let (_, log) = app
        .get(
            &format!("/api/v1/store/inventory/transactions?product_id={p}"),
            Some(&a.token),
        )
        .await;
    let fulfil = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "fulfil")
        .unwrap();
    assert_eq!(
        (
            fulfil["order_id"].as_i64(),
            fulfil["order_item_id"].as_i64(),
            fulfil["on_hand_change"].as_i64()
        ),
        (Some(order_id), Some(item_id), Some(-3))
    );
});
