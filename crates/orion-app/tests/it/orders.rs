//! `/api/v1/store/orders`: direct orders, lifecycle with stock effects, idempotency, quota,
//! marketplace import (held, exceptions), customer statistics.

use orion_kernel::StoreRef;
use orion_orders::marketplace::{self, Imported, Isolation, MarketplaceItem, MarketplaceOrder};
use orion_testkit::{Actor, TestApp, dual_test};
use serde_json::{Value, json};

use super::catalog::ean13;

/// The store of `a` as the services take it.
pub(crate) fn store_ref(a: &Actor) -> StoreRef {
    let text = |k: &str| a.store[k].as_str().unwrap().to_owned();
    StoreRef {
        id: orion_kernel::StoreId(a.store["id"].as_i64().unwrap()),
        merchant: orion_kernel::MerchantId(a.merchant_id),
        code: text("code"),
        country: text("country"),
    }
}

pub(super) fn order_body(sku: &str, qty: i64, email: &str) -> Value {
    json!({"customer": {"email": email, "first_name": "Anne", "last_name": "Muller"},
        "shipping_address": {"street": "1 Rue de la Gare", "postal_code": "1611", "city": "Luxembourg", "country": "LU"},
        "items": [{"sku": sku, "quantity": qty}], "shipping_amount": "4.90", "locale": "fr"})
}

async fn stock(app: &TestApp, token: &str, pid: i64) -> (i64, i64) {
    let (_, v) = app
        .get(
            &format!("/api/v1/store/inventory?product_id={pid}"),
            Some(token),
        )
        .await;
    v.as_array().unwrap().iter().fold((0, 0), |a, l| {
        (
            a.0 + l["on_hand"].as_i64().unwrap(),
            a.1 + l["reserved"].as_i64().unwrap(),
        )
    })
}

pub(super) async fn setup(app: &TestApp) -> (String, Actor, i64) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let (_, p) = app
        .post("/api/v1/store/products", json!({"sku": "TEA-01", "translations": {"en": {"title": "Tea"}}, "price": "12.50", "vat_rate_class": "reduced"}), Some(&a.token))
        .await;
    let pid = p["id"].as_i64().unwrap();
    app.post(
        "/api/v1/store/inventory/adjustments",
        json!({"product_id": pid, "delta": 10}),
        Some(&a.token),
    )
    .await;
    (admin, a, pid)
}

dual_test!(
    full_lifecycle_with_stock_effects,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await;
        let mut body = order_body("TEA-01", 2, "anne@example.test");
        body["total"] = json!("0.01");
        let (st, _) = app.post("/api/v1/store/orders", body, Some(&a.token)).await;
        assert_eq!(st, 422, "a client-supplied total is refused");
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 2, "anne@example.test"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        assert_eq!(
            (o["status"].as_str(), o["channel"].as_str()),
            (Some("pending"), Some("direct"))
        );
        assert_eq!(
            (
                o["subtotal"].as_str(),
                o["shipping_amount"].as_str(),
                o["total"].as_str()
            ),
            (Some("25.00"), Some("4.90"), Some("29.90"))
        );
        assert_eq!(
            o["tax_amount"], "2.56",
            "VAT included: 25.00 at 8 % (1.85) + 4.90 at 17 % (0.71)"
        );
        let number = o["order_number"].as_str().unwrap();
        assert!(
            number.starts_with("ORD-ALPHA-LU-")
                && number.len() == "ORD-ALPHA-LU-20261124-ABCDEF".len(),
            "{number}"
        );
        let id = o["id"].as_i64().unwrap();
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, o["status"].as_str()), (200, Some("processing")), "{o}");
        assert_eq!(stock(&app, &a.token, pid).await, (10, 2));
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{id}/ship"),
                json!({"tracking_number": "LU123", "carrier": "Post"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, o["status"].as_str(), o["tracking_number"].as_str()),
            (200, Some("shipped"), Some("LU123"))
        );
        assert_eq!(stock(&app, &a.token, pid).await, (8, 0));
        let (st, e) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 409);
        assert_eq!(e["allowed"], json!(["deliver", "refund"]));
        assert_eq!(
            app.post(
                &format!("/api/v1/store/orders/{id}/deliver"),
                json!({}),
                Some(&a.token)
            )
            .await
            .1["status"],
            "delivered"
        );
        let (_, o) = app
            .post(
                &format!("/api/v1/store/orders/{id}/refund"),
                json!({"note": "damaged"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(o["status"], "refunded");
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{id}"), Some(&a.token))
            .await;
        let steps: Vec<&str> = o["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["to_status"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            ["pending", "processing", "shipped", "delivered", "refunded"]
        );
        assert_eq!(
            o["history"].as_array().unwrap().last().unwrap()["note"],
            "damaged"
        );
        // Cancel releases reservations.
        let (_, o2) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 3, "ben@example.test"),
                Some(&a.token),
            )
            .await;
        let id2 = o2["id"].as_i64().unwrap();
        app.post(
            &format!("/api/v1/store/orders/{id2}/confirm"),
            json!({}),
            Some(&a.token),
        )
        .await;
        assert_eq!(stock(&app, &a.token, pid).await, (8, 3));
        let (_, c) = app
            .post(
                &format!("/api/v1/store/orders/{id2}/cancel"),
                json!({"reason": "customer"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(c["status"], "cancelled");
        assert_eq!(stock(&app, &a.token, pid).await, (8, 0));
        // Not enough stock: refused item by item, nothing reserved.
        let (_, o3) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 9, "cara@example.test"),
                Some(&a.token),
            )
            .await;
        let (st, e) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", o3["id"]),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 409, "{e}");
        assert!(
            e["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("9 requested, 8 available"),
            "{e}"
        );
        assert_eq!(stock(&app, &a.token, pid).await, (8, 0));
        // Another store cannot see or touch it.
        let admin = app.admin_token().await;
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        assert_eq!(
            app.get(&format!("/api/v1/store/orders/{id}"), Some(&b.token))
                .await
                .0,
            404
        );
        assert_eq!(
            app.post(
                &format!("/api/v1/store/orders/{id2}/cancel"),
                json!({}),
                Some(&b.token)
            )
            .await
            .0,
            404
        );
    }
);

dual_test!(
    idempotency_keys_make_retries_safe,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let send = |body: Value| {
            let (client, url, token) = (
                app.client.clone(),
                app.url("/api/v1/store/orders"),
                a.token.clone(),
            );
            async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .header("Idempotency-Key", "idem-1")
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.json::<Value>().await.unwrap())
            }
        };
        let (s1, o1) = send(order_body("TEA-01", 1, "anne@example.test")).await;
        let (s2, o2) = send(order_body("TEA-01", 1, "anne@example.test")).await;
        assert_eq!((s1, s2), (201, 200));
        assert_eq!(o1["id"], o2["id"]);
        let (s3, e) = send(order_body("TEA-01", 3, "anne@example.test")).await;
        assert_eq!(
            (s3, e["errors"][0]["field"].as_str()),
            (422, Some("Idempotency-Key"))
        );
        assert_eq!(
            app.get("/api/v1/store/orders", Some(&a.token)).await.1["total"],
            1
        );
    }
);

dual_test!(validation_names_fields, |app: TestApp| async move {
    let (_, a, _) = setup(&app).await;
    let (st, e) = app
        .post("/api/v1/store/orders", json!({"customer": {"email": "x"}, "shipping_address": {"street": "", "postal_code": "1", "city": "L", "country": "Luxembourg"},
            "items": [{"sku": "NOPE", "quantity": 1}, {"sku": "TEA-01", "quantity": 0}], "shipping_amount": "-1"}), Some(&a.token))
        .await;
    assert_eq!(st, 422, "{e}");
    let fields: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect();
    for f in [
        "shipping_address.street",
        "shipping_address.country",
        "shipping_amount",
        "items[0]",
        "items[1].quantity",
    ] {
        assert!(fields.contains(&f), "{f} missing in {fields:?}");
    }
    let (st, e) = app
        .post(
            "/api/v1/store/orders",
            order_body("TEA-01", 1, "not-an-email"),
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (st, e["errors"][0]["field"].as_str()),
        (422, Some("customer.email")),
        "{e}"
    );
});

dual_test!(
    monthly_quota_is_exact_under_concurrency,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 5}})),
            Some(&admin),
        )
        .await;
        let mut tasks = Vec::new();
        for i in 0..100 {
            let (client, url, token) = (
                app.client.clone(),
                app.url("/api/v1/store/orders"),
                a.token.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&order_body("TEA-01", 1, &format!("c{i}@example.test")))
                    .send()
                    .await
                    .unwrap();
                (
                    res.status().as_u16(),
                    res.json::<Value>().await.unwrap_or(Value::Null),
                )
            }));
        }
        let (mut ok, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                (201, _) => ok += 1,
                (403, b) if b["type"] == "/problems/limit-exceeded" => refused += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!((ok, refused), (5, 95));
    }
);

fn shipment(id: &str, gtin: Option<String>, sku: &str, units: usize) -> MarketplaceOrder {
    MarketplaceOrder {
        channel: "letzshop".into(),
        external_order_id: format!("O-{id}"),
        external_shipment_id: id.into(),
        external_number: Some(format!("R{id}")),
        customer: orion_customers::service::CustomerInput {
            email: format!("{id}@buyer.example"),
            first_name: Some("Bo".into()),
            ..Default::default()
        },
        shipping_address: orion_kernel::Address {
            name: None,
            company: None,
            street: "2 Rue X".into(),
            postal_code: "75001".into(),
            city: "Paris".into(),
            country: "FR".into(),
        },
        billing_address: None,
        locale: "fr".into(),
        ordered_at: chrono::Utc::now(),
        items: vec![MarketplaceItem {
            gtin,
            sku: Some(sku.into()),
            name: "Thing".into(),
            unit_price_cents: 1999,
            unit_ids: (0..units).map(|u| format!("{id}-u{u}")).collect(),
        }],
        unit_states: Default::default(),
    }
}

/// Imports one shipment through the marketplace import entry point.
async fn import_one(
    tx: &sea_orm::DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
) -> Result<(orion_orders::entity::order::Model, Imported), orion_orders::OrderError> {
    let mut r = marketplace::import(tx, store, std::slice::from_ref(m), Isolation::Batch).await?;
    let done = r.remove(0)?;
    Ok((done.order, done.imported))
}

dual_test!(
    marketplace_orders_are_idempotent_held_and_raise_exceptions,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 1}})),
            Some(&admin),
        )
        .await;
        let store = crate::orders::store_ref(&a);
        let gtin = ean13(400638133393);
        let tx = app.db.begin_write().await.unwrap();
        let (o1, k1) = import_one(
            &tx,
            &store,
            &shipment("S1", Some(gtin.clone()), "UNKNOWN", 3),
        )
        .await
        .unwrap();
        let (_, k1b) = import_one(
            &tx,
            &store,
            &shipment("S1", Some(gtin.clone()), "UNKNOWN", 3),
        )
        .await
        .unwrap();
        let (o2, k2) = import_one(&tx, &store, &shipment("S2", None, "TEA-01", 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            (k1, k1b, k2),
            (Imported::Created, Imported::Existing, Imported::Held)
        );
        let (_, d1) = app
            .get(&format!("/api/v1/store/orders/{}", o1.id), Some(&a.token))
            .await;
        assert_eq!(
            (
                d1["items"][0]["quantity"].as_i64(),
                d1["total"].as_str(),
                d1["open_exceptions"].as_u64()
            ),
            (Some(3), Some("59.97"), Some(1))
        );
        assert_eq!(d1["items"][0]["unmatched"], true);
        assert_eq!(
            d1["tax_amount"], "8.71",
            "VAT included, estimated at LU's standard rate for an unmatched line"
        );
        let (_, d2) = app
            .get(&format!("/api/v1/store/orders/{}", o2.id), Some(&a.token))
            .await;
        assert_eq!(d2["tax_amount"], "1.48", "TEA-01 is reduced (8 %)");
        let (st, e) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", o1.id),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, e["open_exceptions"].as_u64()), (409, Some(1)), "{e}");
        let (_, ex) = app
            .get("/api/v1/store/order-exceptions", Some(&a.token))
            .await;
        assert_eq!(ex["groups"].as_array().unwrap().len(), 1, "{ex}");
        assert_eq!(
            (
                ex["groups"][0]["items"].as_u64(),
                ex["groups"][0]["orders"].as_u64()
            ),
            (Some(1), Some(1))
        );
        // Creating the product with that GTIN resolves the exception.
        let (_, p) = app.post("/api/v1/store/products", json!({"sku": "NEW", "gtin": gtin, "translations": {"en": {"title": "New"}}, "price": "19.99"}), Some(&a.token)).await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 5}),
            Some(&a.token),
        )
        .await;
        assert_eq!(
            app.get("/api/v1/store/order-exceptions", Some(&a.token))
                .await
                .1["groups"],
            json!([])
        );
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", o1.id),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, o["status"].as_str()), (200, Some("processing")), "{o}");
        // The held order is kept, then released when the quota allows.
        let (_, h) = app
            .get(&format!("/api/v1/store/orders/{}", o2.id), Some(&a.token))
            .await;
        assert_eq!(
            (h["status"].as_str(), h["held_reason"].as_str()),
            (Some("held"), Some("plan_limit"))
        );
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 10}})),
            Some(&admin),
        )
        .await;
        let (_, l) = app
            .get("/api/v1/store/orders?status=held", Some(&a.token))
            .await;
        assert_eq!(
            l["total"], 0,
            "listing releases held orders once quota is available"
        );
        assert_eq!(
            app.get(&format!("/api/v1/store/orders/{}", o2.id), Some(&a.token))
                .await
                .1["status"],
            "pending"
        );
    }
);

dual_test!(
    per_item_decisions_and_declining_everything_cancels,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let store = crate::orders::store_ref(&a);
        let mut s = shipment("S9", None, "TEA-01", 2);
        s.items.push(MarketplaceItem {
            gtin: None,
            sku: Some("TEA-01".into()),
            name: "Tea again".into(),
            unit_price_cents: 500,
            unit_ids: vec!["x".into()],
        });
        let tx = app.db.begin_write().await.unwrap();
        let (o, _) = import_one(&tx, &store, &s).await.unwrap();
        tx.commit().await.unwrap();
        let (_, d) = app
            .get(&format!("/api/v1/store/orders/{}", o.id), Some(&a.token))
            .await;
        let (i1, i2) = (
            d["items"][0]["id"].as_i64().unwrap(),
            d["items"][1]["id"].as_i64().unwrap(),
        );
        let (_, d) = app
            .post(
                &format!("/api/v1/store/orders/{}/items/{i1}/confirm", o.id),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (d["status"].as_str(), d["items"][0]["status"].as_str()),
            (Some("pending"), Some("confirmed"))
        );
        let (_, d) = app
            .post(
                &format!("/api/v1/store/orders/{}/items/{i2}/decline", o.id),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            d["status"], "processing",
            "one confirmed item makes the order processing"
        );
        let tx = app.db.begin_write().await.unwrap();
        let (o2, _) = import_one(&tx, &store, &shipment("S10", None, "TEA-01", 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (_, d) = app
            .get(&format!("/api/v1/store/orders/{}", o2.id), Some(&a.token))
            .await;
        let item = d["items"][0]["id"].as_i64().unwrap();
        let (_, d) = app
            .post(
                &format!("/api/v1/store/orders/{}/items/{item}/decline", o2.id),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(d["status"], "cancelled");
    }
);

dual_test!(
    customer_stats_match_a_recomputation_after_a_random_workload,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 500}),
            Some(&a.token),
        )
        .await;
        let mut seed: u64 = 0x5eed;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut ids: Vec<i64> = Vec::new();
        for _ in 0..40 {
            match next() % 4 {
                0 | 1 => {
                    let email = format!("c{}@example.test", next() % 5);
                    let (_, o) = app
                        .post(
                            "/api/v1/store/orders",
                            order_body("TEA-01", (next() % 3 + 1) as i64, &email),
                            Some(&a.token),
                        )
                        .await;
                    ids.push(o["id"].as_i64().unwrap());
                }
                2 if !ids.is_empty() => {
                    let id = ids[(next() as usize) % ids.len()];
                    app.post(
                        &format!("/api/v1/store/orders/{id}/cancel"),
                        json!({}),
                        Some(&a.token),
                    )
                    .await;
                }
                _ if !ids.is_empty() => {
                    let id = ids[(next() as usize) % ids.len()];
                    app.post(
                        &format!("/api/v1/store/orders/{id}/confirm"),
                        json!({}),
                        Some(&a.token),
                    )
                    .await;
                    app.post(
                        &format!("/api/v1/store/orders/{id}/ship"),
                        json!({}),
                        Some(&a.token),
                    )
                    .await;
                    if next() % 2 == 0 {
                        app.post(
                            &format!("/api/v1/store/orders/{id}/refund"),
                            json!({}),
                            Some(&a.token),
                        )
                        .await;
                    }
                }
                _ => {}
            }
        }
        let snapshot = |v: &Value| -> Vec<(String, Value, Value, Value, Value)> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["email"].as_str().unwrap().to_owned(),
                        c["total_orders"].clone(),
                        c["total_spent"].clone(),
                        c["first_order_date"].clone(),
                        c["last_order_date"].clone(),
                    )
                })
                .collect()
        };
        let before = snapshot(
            &app.get("/api/v1/store/customers?per_page=100", Some(&a.token))
                .await
                .1,
        );
        assert!(before.iter().any(|c| c.1.as_i64().unwrap() > 0));
        let n = orion_orders::service::recompute_all(
            app.db.conn(),
            orion_kernel::StoreId(a.store["id"].as_i64().unwrap()),
        )
        .await
        .unwrap();
        assert_eq!(n as usize, before.len());
        let after = snapshot(
            &app.get("/api/v1/store/customers?per_page=100", Some(&a.token))
                .await
                .1,
        );
        assert_eq!(before, after);
    }
);

dual_test!(
    backorders_confirm_without_stock_and_reserve_when_shipping,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await; // TEA-01, 10 in stock
        let t = &a.token;
        let (_, s) = app.get("/api/v1/store/settings/orders", Some(t)).await;
        assert_eq!(s["allow_backorders"], false, "off by default");
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 12, "bo@example.test"),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let id = o["id"].as_i64().unwrap();
        let (st, e) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 409, "refused while backorders are off: {e}");
        assert_eq!(e["backorders"], "off");

        let (st, s) = app
            .json(
                "PUT",
                "/api/v1/store/settings/orders",
                Some(json!({"allow_backorders": true})),
                Some(t),
            )
            .await;
        assert_eq!((st, &s["allow_backorders"]), (200, &json!(true)));
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{o}");
        assert_eq!(o["status"], "processing");
        assert_eq!(o["items"][0]["status"], "confirmed");
        assert_eq!(o["items"][0]["backordered"], true);
        assert_eq!(
            stock(&app, t, pid).await,
            (10, 0),
            "nothing reserved, never negative"
        );
        assert!(
            o["history"].to_string().contains("1 item(s) backordered"),
            "{}",
            o["history"]
        );

        // Still short: the order cannot ship, and nothing changes.
        let (st, e) = app
            .post(
                &format!("/api/v1/store/orders/{id}/ship"),
                json!({"tracking_number": "T"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 409, "{e}");
        assert!(e["detail"].as_str().unwrap().contains("backordered"), "{e}");
        assert_eq!(stock(&app, t, pid).await, (10, 0));

        // Stock arrives: shipping reserves and fulfils it.
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 5}),
            Some(t),
        )
        .await;
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{id}/ship"),
                json!({"tracking_number": "T"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{o}");
        assert_eq!(o["items"][0]["backordered"], false);
        assert_eq!(stock(&app, t, pid).await, (3, 0));

        // Per-item confirmation backorders too (marketplace-style decisions).
        let (_, o2) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 4, "bo2@example.test"),
                Some(t),
            )
            .await;
        let id2 = o2["id"].as_i64().unwrap();
        let item = o2["items"][0]["id"].as_i64().unwrap();
        let (st, o2) = app
            .post(
                &format!("/api/v1/store/orders/{id2}/items/{item}/confirm"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{o2}");
        assert_eq!(o2["items"][0]["backordered"], true);
        let (st, _) = app
            .post(
                &format!("/api/v1/store/orders/{id2}/cancel"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(
            st, 200,
            "a backordered order cancels without releasing anything"
        );
        assert_eq!(stock(&app, t, pid).await, (3, 0));
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/orders",
                Some(json!({"allow_backorders": "yes"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 422);
    }
);

dual_test!(
    the_exceptions_inbox_maps_an_article_once_for_every_waiting_order,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "INBOX-LU").await;
        let other = app.merchant_with_store(&admin, "OTHER-LU").await;
        let t = a.token.as_str();
        let store = crate::orders::store_ref(&a);
        // Three orders wait for MYSTERY; a fourth for MYSTERY and another unknown article.
        let tx = app.db.begin_write().await.unwrap();
        let mut ids = Vec::new();
        for n in 0..3 {
            let (o, _) = import_one(&tx, &store, &shipment(&format!("M{n}"), None, "MYSTERY", 1))
                .await
                .unwrap();
            ids.push(o.id);
        }
        let mut both = shipment("M3", None, "MYSTERY", 1);
        let mut second = both.items[0].clone();
        second.sku = Some("ENIGMA".into());
        second.name = "Enigma".into();
        second.unit_ids = vec!["M3-e".into()];
        both.items.push(second);
        let (o4, _) = import_one(&tx, &store, &both).await.unwrap();
        tx.commit().await.unwrap();

        let (st, ex) = app.get("/api/v1/store/order-exceptions", Some(t)).await;
        assert_eq!(st, 200, "{ex}");
        let groups = ex["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 2, "{ex}");
        let mystery = groups.iter().find(|g| g["sku"] == "MYSTERY").unwrap();
        assert_eq!(
            (
                mystery["items"].as_u64(),
                mystery["orders"].as_u64(),
                mystery["title"].as_str()
            ),
            (Some(4), Some(4), Some("Thing"))
        );

        let (st, p) = app
            .post("/api/v1/store/products", json!({"sku": "MY-OWN-SKU", "translations": {"en": {"title": "Mystery box"}}, "price": "19.99"}), Some(t))
            .await;
        assert_eq!(st, 201, "{p}");
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 10}),
            Some(t),
        )
        .await;
        // Another store's product is not a choice.
        let (_, foreign) = app
            .post("/api/v1/store/products", json!({"sku": "THEIRS", "translations": {"en": {"title": "Theirs"}}, "price": "1.00"}), Some(&other.token))
            .await;
        let (st, e) = app
            .post(
                "/api/v1/store/order-exceptions/resolve",
                json!({"sku": "MYSTERY", "product_id": foreign["id"]}),
                Some(t),
            )
            .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("product_id")),
            "{e}"
        );
        let (st, e) = app
            .post(
                "/api/v1/store/order-exceptions/resolve",
                json!({"product_id": p["id"]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "a group is named by its GTIN or SKU: {e}");

        let (st, r) = app
            .post(
                "/api/v1/store/order-exceptions/resolve",
                json!({"gtin": null, "sku": "MYSTERY", "product_id": p["id"]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["resolved_items"].as_u64(), r["unblocked_orders"].as_u64()),
            (Some(4), Some(3)),
            "{r}"
        );
        let (_, ex) = app.get("/api/v1/store/order-exceptions", Some(t)).await;
        let left: Vec<_> = ex["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["sku"].clone())
            .collect();
        assert_eq!(left, vec![json!("ENIGMA")]);
        // The unblocked orders confirm; the fourth still waits for ENIGMA.
        for id in &ids {
            let (st, o) = app
                .post(
                    &format!("/api/v1/store/orders/{id}/confirm"),
                    json!({}),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200, "{o}");
        }
        let (st, o) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", o4.id),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!((st, o["open_exceptions"].as_u64()), (409, Some(1)), "{o}");
        // The other store sees nothing of this.
        let (_, theirs) = app
            .get("/api/v1/store/order-exceptions", Some(&other.token))
            .await;
        assert_eq!(theirs["groups"], json!([]));
    }
);

dual_test!(
    the_exceptions_page_maps_an_article_by_sku_and_offers_a_new_product,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "INBOXP-LU").await;
        let t = a.token.as_str();
        let store = crate::orders::store_ref(&a);
        let tx = app.db.begin_write().await.unwrap();
        for n in 0..2 {
            import_one(
                &tx,
                &store,
                &shipment(&format!("P{n}"), None, "LS-WIDGET", 1),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        app.post("/api/v1/store/products", json!({"sku": "WIDGET-1", "translations": {"en": {"title": "Widget"}}, "price": "9.00"}), Some(t)).await;

        let (session, _) = crate::pages::login(&app, &a.email).await;
        let get = |path: &str| {
            app.client
                .get(app.url(path))
                .header("cookie", format!("orion_session={session}"))
                .send()
        };
        let html = get("/orders").await.unwrap().text().await.unwrap();
        assert!(
            html.contains("href=\"/orders/exceptions\"")
                && html.contains("1 article without a product"),
            "{html}"
        );
        let html = get("/orders/exceptions")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("LS-WIDGET") && html.contains("2 items in 2 orders"),
            "{html}"
        );
        assert!(
            html.contains("<option value=\"WIDGET-1\">WIDGET-1 — Widget</option>"),
            "{html}"
        );
        assert!(
            html.contains("/products/new?sku=LS-WIDGET&amp;gtin=&amp;title=Thing"),
            "{html}"
        );
        // The new-product form takes the article's SKU and name.
        let form = get("/products/new?sku=LS-WIDGET&title=Thing")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            form.contains("value=\"LS-WIDGET\"") && form.contains("value=\"Thing\""),
            "{form}"
        );

        let csrf = crate::pages::csrf_in(&html);
        let post = |product: &'static str| {
            app.client
                .post(app.url("/orders/exceptions/resolve"))
                .header("cookie", format!("orion_session={session}"))
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("gtin", ""),
                    ("sku", "LS-WIDGET"),
                    ("product", product),
                ])
                .send()
        };
        let res = post("NOPE").await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        let html = get(&back).await.unwrap().text().await.unwrap();
        assert!(
            html.contains("No product with the SKU or GTIN “NOPE”"),
            "{html}"
        );
        let res = post("WIDGET-1").await.unwrap();
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        let html = get(&back).await.unwrap().text().await.unwrap();
        assert_eq!(
            html.matches("2 items mapped to WIDGET-1; 2 orders can now be confirmed.")
                .count(),
            1,
            "the message shows once: {html}"
        );
        assert!(html.contains("No item is waiting for a product."), "{html}");
    }
);

dual_test!(
    the_order_page_maps_its_article_inline_for_every_waiting_order,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "INLINE-LU").await;
        let store = crate::orders::store_ref(&a);
        let tx = app.db.begin_write().await.unwrap();
        let mut orders = Vec::new();
        for n in 0..2 {
            let (o, _) = import_one(
                &tx,
                &store,
                &shipment(&format!("I{n}"), None, "LS-GADGET", 1),
            )
            .await
            .unwrap();
            orders.push(o.id);
        }
        tx.commit().await.unwrap();
        crate::catalog::product(&app, &a.token, "GADGET-1").await;
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let path = format!("/orders/{}", orders[0]);
        let html = crate::pages::page(&app, &session, &path).await;
        assert!(
            html.contains("data-testid=\"map-item\"")
                && html.contains("<option value=\"GADGET-1\">"),
            "{html}"
        );
        let csrf = crate::pages::csrf_in(&html);
        let post = |back: &str| {
            app.client
                .post(app.url("/orders/exceptions/resolve"))
                .header("cookie", format!("orion_session={session}"))
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("gtin", ""),
                    ("sku", "LS-GADGET"),
                    ("product", "NOPE"),
                    ("back", back),
                ])
                .send()
        };
        // A refusal comes back to the order page; a foreign "back" goes to the inbox instead.
        let res = post(&path).await.unwrap();
        assert_eq!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .split('?')
                .next(),
            Some(path.as_str())
        );
        let res = post("https://elsewhere.example/orders/1").await.unwrap();
        assert_eq!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .split('?')
                .next(),
            Some("/orders/exceptions")
        );
        let res = app
            .client
            .post(app.url("/orders/exceptions/resolve"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("gtin", ""),
                ("sku", "LS-GADGET"),
                ("product", "GADGET-1"),
                ("back", path.as_str()),
            ])
            .send()
            .await
            .unwrap();
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with(&path), "{back}");
        let html = crate::pages::page(&app, &session, &back).await;
        assert!(
            html.contains("2 items mapped to GADGET-1; 2 orders can now be confirmed."),
            "{html}"
        );
        assert!(!html.contains("data-testid=\"map-item\""), "{html}");
        // The other order waited for the same article: it is unblocked too.
        let (_, o) = app
            .get(
                &format!("/api/v1/store/orders/{}", orders[1]),
                Some(&a.token),
            )
            .await;
        assert!(
            o["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["unmatched"] == false),
            "{o}"
        );
    }
);

dual_test!(
    the_orders_list_finds_what_needs_attention_and_sorts,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ATTN-LU").await;
        let t = a.token.as_str();
        let store = crate::orders::store_ref(&a);
        crate::catalog::product(&app, t, "ATTN-1").await;
        // One order blocked by an unknown article, one old pending order, one recent.
        let tx = app.db.begin_write().await.unwrap();
        let (blocked, _) = import_one(&tx, &store, &shipment("B1", None, "UNKNOWN-ART", 1))
            .await
            .unwrap();
        let mut old = shipment("B2", None, "ATTN-1", 1);
        old.ordered_at = chrono::Utc::now() - chrono::Duration::days(10);
        let (old, _) = import_one(&tx, &store, &old).await.unwrap();
        let (recent, _) = import_one(&tx, &store, &shipment("B3", None, "ATTN-1", 2))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let ids = |v: &Value| -> Vec<i64> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_i64().unwrap())
                .collect()
        };
        let (st, v) = app
            .get("/api/v1/store/orders?attention=blocked", Some(t))
            .await;
        assert_eq!((st, ids(&v)), (200, vec![blocked.id]), "{v}");
        let (_, v) = app
            .get("/api/v1/store/orders?attention=to_confirm", Some(t))
            .await;
        assert_eq!(ids(&v), vec![recent.id, old.id]);
        let (_, v) = app
            .get("/api/v1/store/orders?attention=overdue", Some(t))
            .await;
        assert_eq!(ids(&v), vec![old.id]);
        let (_, v) = app
            .get(
                "/api/v1/store/orders?attention=overdue&overdue_days=30",
                Some(t),
            )
            .await;
        assert_eq!(ids(&v), Vec::<i64>::new());
        let (_, v) = app.get("/api/v1/store/orders?sort=oldest", Some(t)).await;
        assert_eq!(ids(&v), vec![blocked.id, old.id, recent.id]);
        let (_, v) = app
            .get("/api/v1/store/orders?sort=total_desc", Some(t))
            .await;
        assert_eq!(ids(&v)[0], recent.id, "2 units is the highest total: {v}");
        for (param, field) in [
            ("attention=soon", "attention"),
            ("sort=random", "sort"),
            ("attention=overdue&overdue_days=0", "overdue_days"),
        ] {
            let (st, e) = app
                .get(&format!("/api/v1/store/orders?{param}"), Some(t))
                .await;
            assert_eq!(
                (st, e["errors"][0]["field"].as_str()),
                (422, Some(field)),
                "{param}: {e}"
            );
        }
        // The page offers the same, in the user's words.
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, "/orders?attention=blocked").await;
        assert!(
            html.contains(
                "<option value=\"blocked\" selected>Blocked: items without a product</option>"
            ),
            "{html}"
        );
        assert!(
            html.contains(&blocked.order_number) && !html.contains(&old.order_number),
            "{html}"
        );
    }
);

dual_test!(
    the_ship_form_suggests_the_letzshop_default_carrier,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "CARRIER-LU").await;
        let t = a.token.as_str();
        let (st, c) = app
            .json("PUT", "/api/v1/store/letzshop/credentials",
                Some(json!({"api_key": "sim-key", "endpoint": "http://127.0.0.1:9/graphql", "default_carrier": "Post Luxembourg"})),
                Some(t))
            .await;
        assert_eq!(st, 201, "{c}");
        let store = crate::orders::store_ref(&a);
        crate::catalog::product(&app, t, "CARRY-1").await;
        let tx = app.db.begin_write().await.unwrap();
        let (ls, _) = import_one(&tx, &store, &shipment("C1", None, "CARRY-1", 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (st, direct) = app
            .post(
                "/api/v1/store/orders",
                order_body("CARRY-1", 1, "d@example.test"),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{direct}");
        let (_, prods) = app.get("/api/v1/store/products", Some(t)).await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": prods["items"][0]["id"], "delta": 5}),
            Some(t),
        )
        .await;
        for id in [ls.id, direct["id"].as_i64().unwrap()] {
            let (st, o) = app
                .post(
                    &format!("/api/v1/store/orders/{id}/confirm"),
                    json!({}),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200, "{o}");
        }
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let page = |id: i64| {
            let (app, session) = (&app, session.clone());
            async move { crate::pages::page(app, &session, &format!("/orders/{id}")).await }
        };
        let html = page(ls.id).await;
        assert!(
            html.contains("name=\"carrier\" type=\"text\" value=\"Post Luxembourg\""),
            "{html}"
        );
        // A direct order is not Letzshop's: nothing is suggested.
        let html = page(direct["id"].as_i64().unwrap()).await;
        assert!(
            html.contains("name=\"carrier\" type=\"text\" value=\"\""),
            "{html}"
        );
    }
);
