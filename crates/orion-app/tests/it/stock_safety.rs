//! Stock safety (issue 23): concurrent confirmations lock stock in one global order (no
//! deadlock), quantities are bounded (no overflow), and order references given to the
//! inventory API must be the store's own.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::catalog::product;
use super::orders::order_body;

/// The documented bound of `orion_inventory::MAX_QUANTITY`.
const MAX: i64 = 1_000_000_000;

/// (on hand, reserved) of a product, summed over its levels.
async fn totals(app: &TestApp, token: &str, pid: i64) -> (i64, i64) {
    let (st, v) = app
        .get(
            &format!("/api/v1/store/inventory?product_id={pid}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    v.as_array().unwrap().iter().fold((0, 0), |a, l| {
        (
            a.0 + l["on_hand"].as_i64().unwrap(),
            a.1 + l["reserved"].as_i64().unwrap(),
        )
    })
}

/// Number of inventory log rows of the store.
async fn log_len(app: &TestApp, token: &str) -> i64 {
    let (st, log) = app
        .get(
            "/api/v1/store/inventory/transactions?per_page=100",
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{log}");
    log["total"].as_i64().unwrap()
}

async fn add_stock(app: &TestApp, token: &str, pid: i64, delta: i64) {
    let (st, l) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": delta}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{l}");
}

/// Creates an order of `lines` (sku, quantity) and returns it.
async fn order(app: &TestApp, token: &str, lines: &[(&str, i64)], email: &str) -> Value {
    let mut body = order_body(lines[0].0, lines[0].1, email);
    body["items"] = lines
        .iter()
        .map(|(sku, q)| json!({"sku": sku, "quantity": q}))
        .collect();
    let (st, o) = app.post("/api/v1/store/orders", body, Some(token)).await;
    assert_eq!(st, 201, "{o}");
    o
}

fn field(e: &Value) -> Option<&str> {
    e["errors"][0]["field"].as_str()
}

dual_test!(
    concurrent_confirms_in_opposite_line_order_do_not_deadlock,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 1000}})),
            Some(&admin),
        )
        .await;
        let pa = product(&app, &a.token, "AAA").await["id"].as_i64().unwrap();
        let pb = product(&app, &a.token, "BBB").await["id"].as_i64().unwrap();
        add_stock(&app, &a.token, pa, 500).await;
        add_stock(&app, &a.token, pb, 500).await;
        let mut ids = Vec::new();
        for i in 0..40 {
            let lines: &[(&str, i64)] = if i % 2 == 0 {
                &[("AAA", 1), ("BBB", 2)]
            } else {
                &[("BBB", 2), ("AAA", 1)]
            };
            let o = order(&app, &a.token, lines, &format!("c{i}@example.test")).await;
            ids.push(o["id"].as_i64().unwrap());
        }
        let requests = ids
            .iter()
            .map(|id| (format!("/api/v1/store/orders/{id}/confirm"), json!({})))
            .collect();
        for (st, body) in post_all(&app, &a.token, requests).await {
            assert_eq!(st, 200, "every confirmation succeeds: {body}");
            assert_eq!(body["status"], "processing", "{body}");
        }
        assert_eq!(totals(&app, &a.token, pa).await, (500, 40));
        assert_eq!(totals(&app, &a.token, pb).await, (500, 80));
        // The log agrees: 40 reservations of each product.
        let (_, log) = app
            .get(
                "/api/v1/store/inventory/transactions?per_page=100",
                Some(&a.token),
            )
            .await;
        assert_eq!(log["total"].as_i64(), Some(2 + 80));
        // And cancelling all of them concurrently releases everything, again without deadlock.
        let requests = ids
            .iter()
            .map(|id| (format!("/api/v1/store/orders/{id}/cancel"), json!({})))
            .collect();
        for (st, body) in post_all(&app, &a.token, requests).await {
            assert_eq!(st, 200, "every cancellation succeeds: {body}");
        }
        assert_eq!(totals(&app, &a.token, pa).await, (500, 0));
        assert_eq!(totals(&app, &a.token, pb).await, (500, 0));
    }
);

dual_test!(
    quantities_beyond_the_maximum_are_refused,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let p = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        add_stock(&app, &a.token, p, 10).await;
        let logged = log_len(&app, &a.token).await;
        let cases = [
            ("/api/v1/store/inventory/receipts", "quantity"),
            ("/api/v1/store/inventory/returns", "quantity"),
            ("/api/v1/store/inventory/adjustments", "delta"),
            ("/api/v1/store/inventory/counts", "on_hand"),
            ("/api/v1/store/inventory/moves", "quantity"),
            ("/api/v1/store/inventory/reservations", "quantity"),
        ];
        for (path, name) in cases {
            for v in [i64::MAX, i64::MIN, MAX + 1, -(MAX + 1)] {
                let mut body = json!({"product_id": p});
                body[name] = json!(v);
                if path.ends_with("/moves") {
                    body["to_bin"] = json!("B-1");
                }
                let (st, e) = app.post(path, body, Some(&a.token)).await;
                assert_eq!((st, field(&e)), (422, Some(name)), "{path} {name}={v}: {e}");
                assert_eq!(e["type"], "/problems/validation", "{path} {name}={v}: {e}");
            }
        }
        assert_eq!(totals(&app, &a.token, p).await, (10, 0), "stock unchanged");
        assert_eq!(log_len(&app, &a.token).await, logged, "nothing logged");

        // Up to the maximum is fine; one more unit is refused, naming the field.
        let (st, l) = app
            .post(
                "/api/v1/store/inventory/receipts",
                json!({"product_id": p, "quantity": MAX - 10, "reference": "PO-BIG"}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, l["on_hand"].as_i64()), (200, Some(MAX)), "{l}");
        for (path, name) in [
            ("/api/v1/store/inventory/receipts", "quantity"),
            ("/api/v1/store/inventory/returns", "quantity"),
            ("/api/v1/store/inventory/adjustments", "delta"),
        ] {
            let mut body = json!({"product_id": p});
            body[name] = json!(1);
            let (st, e) = app.post(path, body, Some(&a.token)).await;
            assert_eq!((st, field(&e)), (422, Some(name)), "{path}: {e}");
        }
        let (st, e) = app
            .post(
                "/api/v1/store/inventory/counts",
                json!({"product_id": p, "on_hand": MAX + 1}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, field(&e)), (422, Some("on_hand")), "{e}");
        // A move into a full level is refused as well (and the source keeps its stock).
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": 5, "bin": "B-1"}),
            Some(&a.token),
        )
        .await;
        let (st, e) = app
            .post(
                "/api/v1/store/inventory/moves",
                json!({"product_id": p, "from_bin": "B-1", "quantity": 5}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, field(&e)), (422, Some("quantity")), "{e}");
        assert_eq!(totals(&app, &a.token, p).await, (MAX + 5, 0));
        // Stock can still be counted, removed and reserved normally.
        let (st, l) = app
            .post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": p, "delta": -MAX}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, l["on_hand"].as_i64()), (200, Some(0)), "{l}");
    }
);

dual_test!(
    foreign_order_references_are_refused,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let pa = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        let pb = product(&app, &b.token, "MUG").await["id"].as_i64().unwrap();
        add_stock(&app, &a.token, pa, 10).await;
        add_stock(&app, &b.token, pb, 10).await;
        let ob = order(&app, &b.token, &[("MUG", 1)], "b@example.test").await;
        let (b_order, b_item) = (
            ob["id"].as_i64().unwrap(),
            ob["items"][0]["id"].as_i64().unwrap(),
        );
        let logged = log_len(&app, &a.token).await;
        let refused = [
            (
                "/api/v1/store/inventory/reservations",
                json!({"product_id": pa, "quantity": 1, "order_id": b_order}),
                "order_id",
            ),
            (
                "/api/v1/store/inventory/reservations",
                json!({"product_id": pa, "quantity": 1, "order_item_id": b_item}),
                "order_item_id",
            ),
            (
                "/api/v1/store/inventory/reservations",
                json!({"product_id": pa, "quantity": 1, "order_id": 999_999}),
                "order_id",
            ),
            (
                "/api/v1/store/inventory/receipts",
                json!({"product_id": pa, "quantity": 1, "order_id": b_order}),
                "order_id",
            ),
            (
                "/api/v1/store/inventory/returns",
                json!({"product_id": pa, "quantity": 1, "order_id": b_order}),
                "order_id",
            ),
        ];
        for (path, body, name) in refused {
            let (st, e) = app.post(path, body.clone(), Some(&a.token)).await;
            assert_eq!((st, field(&e)), (422, Some(name)), "{path} {body}: {e}");
            assert!(
                e["errors"][0]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("in this store")),
                "{e}"
            );
        }
        assert_eq!(totals(&app, &a.token, pa).await, (10, 0), "nothing stored");
        assert_eq!(log_len(&app, &a.token).await, logged, "nothing logged");
        // Store B's stock is untouched too.
        assert_eq!(totals(&app, &b.token, pb).await, (10, 0));

        // The store's own order and item are accepted, and must belong together.
        let o1 = order(&app, &a.token, &[("MUG", 1)], "a1@example.test").await;
        let o2 = order(&app, &a.token, &[("MUG", 1)], "a2@example.test").await;
        let (o1_id, o1_item) = (
            o1["id"].as_i64().unwrap(),
            o1["items"][0]["id"].as_i64().unwrap(),
        );
        let o2_item = o2["items"][0]["id"].as_i64().unwrap();
        let (st, e) = app
            .post(
                "/api/v1/store/inventory/reservations",
                json!({"product_id": pa, "quantity": 1, "order_id": o1_id, "order_item_id": o2_item}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, field(&e)), (422, Some("order_item_id")), "{e}");
        let (st, r) = app
            .post(
                "/api/v1/store/inventory/reservations",
                json!({"product_id": pa, "quantity": 1, "order_id": o1_id, "order_item_id": o1_item}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(
            (r[0]["order_id"].as_i64(), r[0]["order_item_id"].as_i64()),
            (Some(o1_id), Some(o1_item))
        );
        let (st, l) = app
            .post(
                "/api/v1/store/inventory/returns",
                json!({"product_id": pa, "quantity": 1, "order_id": o1_id}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{l}");
        assert_eq!(totals(&app, &a.token, pa).await, (11, 1));
    }
);

/// Sends the POSTs `(path, body)` all at once; their (status, body) in the same order.
async fn post_all(app: &TestApp, token: &str, requests: Vec<(String, Value)>) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(path, body)| {
            let (client, url, token) = (app.client.clone(), app.url(&path), token.to_owned());
            tokio::spawn(async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                (
                    res.status().as_u16(),
                    res.json::<Value>().await.unwrap_or(Value::Null),
                )
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Sends `n` concurrent POSTs of each of `actions` (path suffix, body) on one order and
/// returns (action, status) of each, in order of the actions.
async fn race(
    app: &TestApp,
    token: &str,
    id: i64,
    actions: &[(&str, Value)],
    n: usize,
) -> Vec<(String, u16)> {
    let sent: Vec<(String, Value)> = (0..n)
        .flat_map(|_| actions.iter().cloned())
        .map(|(action, body)| (action.to_owned(), body))
        .collect();
    let requests = sent
        .iter()
        .map(|(action, body)| (format!("/api/v1/store/orders/{id}/{action}"), body.clone()))
        .collect();
    let statuses = post_all(app, token, requests).await;
    sent.into_iter()
        .zip(statuses)
        .map(|((action, _), (st, _))| (action, st))
        .collect()
}

dual_test!(
    an_order_ships_once_even_when_ship_and_cancel_race,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "RACE-LU").await;
        let t = a.token.as_str();
        let p = product(&app, t, "RACE").await["id"].as_i64().unwrap();
        add_stock(&app, t, p, 100).await;
        let ship = json!({"tracking_number": "T-1", "carrier": "Post"});

        // Ten concurrent ships of one confirmed order: one ships, the others are refused.
        let o = order(&app, t, &[("RACE", 2)], "a@example.test").await;
        let id = o["id"].as_i64().unwrap();
        let (st, _) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200);
        let results = race(&app, t, id, &[("ship", ship.clone())], 10).await;
        let ok = results.iter().filter(|(_, s)| *s == 200).count();
        assert_eq!(ok, 1, "{results:?}");
        assert!(
            results.iter().all(|(_, s)| *s == 200 || *s == 409),
            "{results:?}"
        );
        let (_, d) = app
            .get(&format!("/api/v1/store/orders/{id}"), Some(t))
            .await;
        let shipped = d["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["to_status"] == "shipped")
            .count();
        assert_eq!(shipped, 1, "{d}");
        assert_eq!(totals(&app, t, p).await, (98, 0));

        // Cancel and ship at the same moment: exactly one of them wins, and the stock agrees.
        for n in 0..5 {
            let o = order(&app, t, &[("RACE", 1)], &format!("r{n}@example.test")).await;
            let id = o["id"].as_i64().unwrap();
            let (st, _) = app
                .post(
                    &format!("/api/v1/store/orders/{id}/confirm"),
                    json!({}),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200);
            let before = totals(&app, t, p).await;
            let results = race(
                &app,
                t,
                id,
                &[("cancel", json!({})), ("ship", ship.clone())],
                3,
            )
            .await;
            let won: Vec<_> = results
                .iter()
                .filter(|(_, s)| *s == 200)
                .map(|(a, _)| a.as_str())
                .collect();
            assert_eq!(won.len(), 1, "{results:?}");
            let (_, d) = app
                .get(&format!("/api/v1/store/orders/{id}"), Some(t))
                .await;
            let after = totals(&app, t, p).await;
            match won[0] {
                "ship" => {
                    assert_eq!(d["status"], "shipped", "{d}");
                    assert_eq!(after, (before.0 - 1, before.1 - 1));
                }
                _ => {
                    assert_eq!(d["status"], "cancelled", "{d}");
                    assert_eq!(after, (before.0, before.1 - 1));
                }
            }
        }
    }
);
