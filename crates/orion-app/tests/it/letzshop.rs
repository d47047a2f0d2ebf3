//! `/api/v1/store/letzshop`: credentials (encrypted, never returned), sync against the
//! in-process simulator (idempotent, resumable under faults), outbox delivery exactly once,
//! two instances on one database.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use orion_letzshop::{
    Client, ClientOptions, Shipment, ShipmentState, SimulatorConfig, SimulatorHandle,
    start_simulator,
};
use orion_marketplace::service::{Settings, configure};
use orion_testkit::{Actor, TestApp, dual_test};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

/// The secret key TestApp configures (not hex: used as bytes).
const SECRET: &[u8] = b"test-secret-key-test-secret-key-0123456789";

fn fast_client() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(400),
        max_retries: 6,
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        page_size: 50,
    }
}

pub(crate) fn fast_settings() {
    configure(Settings {
        client: fast_client(),
        lease: Duration::from_secs(10),
        outbox_max_attempts: 8,
        outbox_backoff: Duration::from_millis(10),
    });
}

pub(crate) async fn simulator(n: usize, seed: u64, error_rate: f64) -> SimulatorHandle {
    start_simulator(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SimulatorConfig {
            api_key: "sim-key".into(),
            shipments: n,
            seed,
            error_rate,
            timeout_hint_ms: 300,
            ..Default::default()
        },
    )
    .await
    .expect("simulator")
}

pub(crate) async fn connect(
    app: &TestApp,
    admin: &str,
    code: &str,
    sim: &SimulatorHandle,
) -> Actor {
    let a = app.merchant_with_store(admin, code).await;
    let (st, _) = app
        .json(
            "PUT",
            &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
            Some(json!({"tier": "enterprise", "status": "active"})),
            Some(admin),
        )
        .await;
    assert_eq!(st, 200);
    let (st, c) = app
        .json(
            "PUT",
            "/api/v1/store/letzshop/credentials",
            Some(json!({"api_key": "sim-key", "endpoint": sim.endpoint()})),
            Some(&a.token),
        )
        .await;
    assert!(st == 201 || st == 200, "{st} {c}");
    a
}

/// Every shipment of the simulator, read fault-free with the protocol client.
async fn all_shipments(sim: &SimulatorHandle) -> Vec<Shipment> {
    let c = Client::new(&sim.endpoint(), "sim-key", fast_client()).unwrap();
    let mut out: HashMap<String, Shipment> = HashMap::new();
    for state in [ShipmentState::Unconfirmed, ShipmentState::Confirmed] {
        let mut after: Option<String> = None;
        loop {
            let p = c.shipments_page(state, after.as_deref()).await.unwrap();
            for s in p.nodes {
                out.insert(s.id.clone(), s);
            }
            if !p.has_next_page {
                break;
            }
            after = p.end_cursor;
        }
    }
    out.into_values().collect()
}

async fn letzshop_orders(app: &TestApp, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1.. {
        let (st, v) = app
            .get(
                &format!("/api/v1/store/orders?channel=letzshop&per_page=200&page={page}"),
                Some(token),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let items = v["items"].as_array().unwrap().clone();
        let n = items.len();
        out.extend(items);
        if n < 200 {
            break;
        }
    }
    out
}

pub(crate) async fn sync_wait(app: &TestApp, token: &str) -> Value {
    let (st, r) = app
        .post(
            "/api/v1/store/letzshop/sync?wait=true",
            json!({}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    r
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .conn()
        .query_one_raw(Statement::from_string(app.db.db_backend(), sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

dual_test!(
    sync_500_shipments_exactly_once_with_correct_data,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(500, 42, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-SYNC", &sim).await;
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 500, "{r}");
        assert_eq!(r["errors"], json!([]));
        assert_eq!(r["held"], 0);
        // No product exists: every line is an exception, none blocks the import.
        assert!(r["exceptions"].as_i64().unwrap() >= 500);
        let orders = letzshop_orders(&app, &a.token).await;
        assert_eq!(orders.len(), 500);
        let by_shipment: HashMap<String, &Value> = orders
            .iter()
            .map(|o| (o["external_shipment_id"].as_str().unwrap().to_owned(), o))
            .collect();
        let shipments = all_shipments(&sim).await;
        assert_eq!(shipments.len(), 500);
        for s in &shipments {
            let o = by_shipment[&s.id];
            assert_eq!(o["channel"], "letzshop");
            assert_eq!(o["external_order_id"], s.order.id.as_str());
            assert_eq!(
                o["customer"]["email"].as_str().unwrap(),
                s.order.email.clone().unwrap().to_lowercase()
            );
            let ship = s.order.ship_address.as_ref().unwrap();
            let addr = &o["shipping_address"];
            assert_eq!(
                addr["street"].as_str().unwrap(),
                format!(
                    "{} {}",
                    ship.street_name.clone().unwrap_or_default(),
                    ship.street_number.clone().unwrap_or_default()
                )
                .trim()
            );
            assert_eq!(addr["postal_code"], ship.zip_code.clone().unwrap().as_str());
            assert_eq!(addr["city"], ship.city.clone().unwrap().as_str());
            assert_eq!(addr["country"], ship.country_iso.clone().unwrap().as_str());
            // Quantities: units grouped per variant.
            let mut per_variant: HashMap<&str, (i64, i64)> = HashMap::new();
            for u in &s.inventory_units {
                let e = per_variant
                    .entry(u.variant.id.as_str())
                    .or_insert((0, u.variant.price_cents));
                e.0 += 1;
            }
            let items = o["items"].as_array().unwrap();
            assert_eq!(items.len(), per_variant.len(), "lines of {}", s.id);
            let units: i64 = items.iter().map(|i| i["quantity"].as_i64().unwrap()).sum();
            assert_eq!(units, s.inventory_units.len() as i64);
            let total: i64 = per_variant.values().map(|(q, p)| q * p).sum();
            let cents = |v: &Value| -> i64 {
                let s = v.as_str().unwrap();
                let (e, c) = s.split_once('.').unwrap();
                e.parse::<i64>().unwrap() * 100 + c.parse::<i64>().unwrap()
            };
            assert_eq!(cents(&o["total"]), total, "total of {}", s.id);
            if let Some(t) = s.order.total_cents {
                assert_eq!(cents(&o["total"]), t, "Letzshop's order total of {}", s.id);
            }
            assert_eq!(o["locale"], s.order.locale.clone().unwrap().as_str());
            assert_eq!(
                o["status"],
                if s.inventory_units.iter().all(|u| u.state == "unconfirmed") {
                    "pending"
                } else {
                    o["status"].as_str().unwrap()
                }
            );
        }
        // A second sync changes nothing.
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 0, "{r}");
        assert_eq!(r["updated"], 0, "{r}");
        assert_eq!(r["unchanged"], 500, "{r}");
        assert_eq!(letzshop_orders(&app, &a.token).await.len(), 500);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM order_items").await, {
            let mut n = 0;
            for s in &shipments {
                let mut v: Vec<&str> = s
                    .inventory_units
                    .iter()
                    .map(|u| u.variant.id.as_str())
                    .collect();
                v.sort_unstable();
                v.dedup();
                n += v.len() as i64;
            }
            n
        });
        // New shipments arrive: only they are imported.
        sim.add_shipments(7);
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 7, "{r}");
        // The log has every run.
        let (_, log) = app.get("/api/v1/store/letzshop/log", Some(&a.token)).await;
        assert_eq!(log["total"], 3, "{log}");
        assert_eq!(log["items"][0]["operation"], "sync");
        assert_eq!(log["items"][0]["counts"]["imported"], 7);
    }
);

dual_test!(
    credentials_are_encrypted_and_never_returned,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(3, 1, 0.0).await;
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "LZ-CRED").await;
        let (st, _) = app
            .get("/api/v1/store/letzshop/credentials", Some(&a.token))
            .await;
        assert_eq!(st, 404);
        for (body, field) in [
            (
                json!({"api_key": "sim-key", "endpoint": "ftp://x"}),
                "endpoint",
            ),
            (
                json!({"api_key": "sim-key", "endpoint": "http://example.com/graphql"}),
                "endpoint",
            ),
            // Store users cannot point Orion at arbitrary hosts (SSRF): letzshop.lu, loopback,
            // or hosts the operator allows.
            (
                json!({"api_key": "sim-key", "endpoint": "https://intranet.example/graphql"}),
                "endpoint",
            ),
            (
                json!({"api_key": "sim-key", "endpoint": "https://letzshop.lu.evil.example/graphql"}),
                "endpoint",
            ),
            (
                json!({"api_key": "sim-key", "endpoint": "http://localhost.evil.example/graphql"}),
                "endpoint",
            ),
            (
                json!({"api_key": "sim-key", "endpoint": "http://127.evil.example/graphql"}),
                "endpoint",
            ),
            (
                json!({"api_key": "sim-key", "sync_interval_minutes": 2}),
                "sync_interval_minutes",
            ),
            (json!({"api_key": ""}), "api_key"),
        ] {
            let (st, p) = app
                .json(
                    "PUT",
                    "/api/v1/store/letzshop/credentials",
                    Some(body),
                    Some(&a.token),
                )
                .await;
            assert_eq!(st, 422, "{p}");
            assert_eq!(p["errors"][0]["field"], field, "{p}");
        }
        let (st, c) = app
            .json("PUT", "/api/v1/store/letzshop/credentials",
                Some(json!({"api_key": "sim-key", "endpoint": sim.endpoint(), "auto_sync": false, "sync_interval_minutes": 30, "default_carrier": "Post Luxembourg"})),
                Some(&a.token))
            .await;
        assert_eq!(st, 201, "{c}");
        let (st, c) = app
            .get("/api/v1/store/letzshop/credentials", Some(&a.token))
            .await;
        assert_eq!(st, 200);
        assert!(!c.to_string().contains("sim-key"), "{c}");
        assert_eq!(c["key_last4"], "-key");
        assert_eq!(c["sync_interval_minutes"], 30);
        assert_eq!(c["production"], false);
        let raw = app
            .db
            .conn()
            .query_one_raw(Statement::from_string(
                app.db.db_backend(),
                "SELECT api_key_ciphertext, api_key_nonce FROM letzshop_connections".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        let ct: String = raw.try_get_by_index(0).unwrap();
        let nonce: String = raw.try_get_by_index(1).unwrap();
        assert!(!ct.contains("sim-key") && !ct.is_empty());
        let store = a.store["id"].as_i64().unwrap();
        assert_eq!(
            orion_marketplace::crypto::decrypt(SECRET, store, &ct, &nonce).as_deref(),
            Some("sim-key")
        );
        let (st, t) = app
            .post("/api/v1/store/letzshop/test", json!({}), Some(&a.token))
            .await;
        assert_eq!(st, 200, "{t}");
        assert_eq!(t["ok"], true);
        // A wrong key: the test answers 422 with the reason.
        app.json(
            "PUT",
            "/api/v1/store/letzshop/credentials",
            Some(json!({"api_key": "wrong-key", "endpoint": sim.endpoint()})),
            Some(&a.token),
        )
        .await;
        let (st, t) = app
            .post("/api/v1/store/letzshop/test", json!({}), Some(&a.token))
            .await;
        assert_eq!(st, 422, "{t}");
        assert!(t["reason"].as_str().is_some(), "{t}");
        let (st, _) = app
            .json(
                "DELETE",
                "/api/v1/store/letzshop/credentials",
                None,
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 204);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM letzshop_connections").await,
            0
        );
    }
);

/// Creates the store's products for every variant of the simulator's shipments (by GTIN and
/// SKU), with stock.
async fn products_for(app: &TestApp, token: &str, shipments: &[Shipment]) {
    products_with_stock(app, token, shipments, 1000).await;
}

async fn products_with_stock(app: &TestApp, token: &str, shipments: &[Shipment], stock: i64) {
    let mut done = std::collections::HashSet::new();
    for s in shipments {
        for u in &s.inventory_units {
            let v = &u.variant;
            if !done.insert(v.id.clone()) {
                continue;
            }
            let mut body = json!({"sku": v.sku.clone().unwrap_or_else(|| format!("X-{}", v.id)),
                "translations": {"en": {"title": v.product_name.en.clone().unwrap_or_default()}},
                "price": format!("{}.{:02}", v.price_cents / 100, v.price_cents % 100),
                "vat_rate_class": "standard", "product_type": "physical"});
            if let (Some(g), Some(t)) = (&v.gtin, &v.gtin_parser) {
                body["gtin"] = json!(g);
                body["gtin_type"] = json!(t);
            }
            let (st, p) = app.post("/api/v1/store/products", body, Some(token)).await;
            assert_eq!(st, 201, "{p}");
            if stock > 0 {
                let (st, r) = app
                    .post(
                        "/api/v1/store/inventory/adjustments",
                        json!({"product_id": p["id"], "delta": stock}),
                        Some(token),
                    )
                    .await;
                assert!(st == 200 || st == 201, "{r}");
            }
        }
    }
}

fn unit_ids(item: &Value, order_units: &HashMap<String, Vec<String>>, o: &Value) -> Vec<String> {
    // Units of one line: those of the shipment whose variant carries the line's SKU/GTIN.
    let _ = item;
    order_units[o["external_shipment_id"].as_str().unwrap()].clone()
}

async fn deliver(app: &TestApp) -> orion_marketplace::outbox::Delivered {
    orion_marketplace::outbox::deliver_due(&app.db, SECRET, None, 500)
        .await
        .unwrap()
}

dual_test!(
    confirm_decline_tracking_reach_letzshop_exactly_once,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(8, 5, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-OUT", &sim).await;
        let shipments = all_shipments(&sim).await;
        products_for(&app, &a.token, &shipments).await;
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 8, "{r}");
        let units: HashMap<String, Vec<String>> = shipments
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.inventory_units.iter().map(|u| u.id.clone()).collect(),
                )
            })
            .collect();
        let orders = letzshop_orders(&app, &a.token).await;
        let pending: Vec<&Value> = orders
            .iter()
            .filter(|o| {
                o["status"] == "pending"
                    && o["open_exceptions"].is_null()
                    && o["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|i| !i["unmatched"].as_bool().unwrap())
            })
            .collect();
        assert!(pending.len() >= 2, "need two pending matched orders");
        let (o1, o2) = (pending[0], pending[1]);
        let (id1, id2) = (o1["id"].as_i64().unwrap(), o2["id"].as_i64().unwrap());
        let (st, c) = app
            .post(
                &format!("/api/v1/store/orders/{id1}/confirm"),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{c}");
        let (st, c) = app
            .post(
                &format!("/api/v1/store/orders/{id1}/ship"),
                json!({"tracking_number": "TRK-0001", "carrier": "DHL"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{c}");
        // Decline every item of the second order (one outbox row per decision).
        for it in o2["items"].as_array().unwrap() {
            let (st, c) = app
                .post(
                    &format!("/api/v1/store/orders/{id2}/items/{}/decline", it["id"]),
                    json!({}),
                    Some(&a.token),
                )
                .await;
            assert_eq!(st, 200, "{c}");
        }
        let n2 = o2["items"].as_array().unwrap().len();
        let (_, ob) = app
            .get(
                "/api/v1/store/letzshop/outbox?status=pending",
                Some(&a.token),
            )
            .await;
        assert_eq!(ob["total"].as_u64().unwrap() as usize, 2 + n2, "{ob}");
        let d = deliver(&app).await;
        assert_eq!(d.sent as usize, 2 + n2);
        assert_eq!(d.failed, 0);
        let s1 = o1["external_shipment_id"].as_str().unwrap();
        let s2 = o2["external_shipment_id"].as_str().unwrap();
        for u in unit_ids(o1, &units, o1) {
            assert_eq!(sim.unit_state(&u).as_deref(), Some("confirmed_available"));
            assert_eq!(sim.confirm_calls(&u), 1, "unit {u}");
        }
        for u in &units[s2] {
            assert_eq!(sim.unit_state(u).as_deref(), Some("confirmed_unavailable"));
            assert_eq!(sim.confirm_calls(u), 1, "unit {u}");
        }
        assert_eq!(
            sim.tracking(s1),
            Some(("TRK-0001".to_owned(), "DHL".to_owned()))
        );
        assert_eq!(sim.tracking_calls(s1), 1);
        // Nothing is sent twice.
        assert_eq!(deliver(&app).await.sent, 0);
        let (_, ob) = app
            .get("/api/v1/store/letzshop/outbox?status=sent", Some(&a.token))
            .await;
        assert_eq!(ob["total"].as_u64().unwrap() as usize, 2 + n2);
        // A re-sync sees Letzshop agree: nothing new, nothing undone, no duplicated items.
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 0, "{r}");
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{id1}"), Some(&a.token))
            .await;
        assert_eq!(o["status"], "shipped");
        assert_eq!(
            o["items"].as_array().unwrap().len(),
            o1["items"].as_array().unwrap().len()
        );
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{id2}"), Some(&a.token))
            .await;
        assert_eq!(o["status"], "cancelled");
        // A decision taken on Letzshop itself is applied by the re-sync.
        let o3 = pending[2..].first().copied();
        if let Some(o3) = o3 {
            let s3 = o3["external_shipment_id"].as_str().unwrap();
            let c = Client::new(&sim.endpoint(), "sim-key", fast_client()).unwrap();
            c.confirm_inventory_units(&units[s3], true).await.unwrap();
            let r = sync_wait(&app, &a.token).await;
            assert_eq!(r["updated"], 1, "{r}");
            let (_, o) = app
                .get(
                    &format!("/api/v1/store/orders/{}", o3["id"]),
                    Some(&a.token),
                )
                .await;
            assert_eq!(o["status"], "processing", "{o}");
            assert!(
                o["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|i| i["status"] == "confirmed")
            );
            assert_eq!(
                deliver(&app).await.sent,
                0,
                "a remote decision is not sent back"
            );
        }
        // The order page shows the outbox panel; the Letzshop page lists it.
        let (_, log) = app
            .get("/api/v1/store/letzshop/log?per_page=200", Some(&a.token))
            .await;
        assert!(
            log["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["operation"] == "tracking")
        );
    }
);

dual_test!(
    faults_and_a_crash_mid_sync_lose_and_duplicate_nothing,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(200, 9, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-FAULT", &sim).await;
        let store = orion_kernel::StoreId(a.store["id"].as_i64().unwrap());
        sim.set_error_rate(0.2);
        // A crash mid-sync: the run is dropped between pages (its open transaction rolls back),
        // its lease is left behind.
        let job = orion_marketplace::service::create_job(app.db.conn(), store, "sync")
            .await
            .unwrap();
        let owner = orion_marketplace::service::new_owner();
        assert!(
            orion_marketplace::service::claim_store(app.db.conn(), store, &owner)
                .await
                .unwrap()
        );
        let stop = Arc::new(AtomicBool::new(false));
        let run = orion_marketplace::sync::run_job(&app.db, SECRET, store, job.id, &owner, stop);
        sim.set_latency_ms(60);
        let _ = tokio::time::timeout(Duration::from_millis(150), run).await;
        sim.set_latency_ms(0);
        let (_, j) = app
            .get(
                &format!("/api/v1/store/letzshop/jobs/{}", job.id),
                Some(&a.token),
            )
            .await;
        assert_eq!(j["status"], "running", "{j}");
        let before = count(&app, "SELECT COUNT(*) FROM orders").await;
        // The lease expires; the worker resumes the orphaned job from its cursor.
        app.db
            .conn()
            .execute_unprepared("UPDATE letzshop_connections SET lease_expires_at = NULL")
            .await
            .unwrap();
        orion_marketplace::worker::tick(&app.db, SECRET, Arc::new(AtomicBool::new(false)))
            .await
            .unwrap();
        let (_, j) = app
            .get(
                &format!("/api/v1/store/letzshop/jobs/{}", job.id),
                Some(&a.token),
            )
            .await;
        assert!(j["status"] == "done" || j["status"] == "failed", "{j}");
        assert!(j["imported"].as_i64().unwrap() >= before, "{j}");
        let mut imported = j["imported"].as_i64().unwrap();
        // Further syncs until one runs clean under faults.
        for _ in 0..20 {
            let r = sync_wait(&app, &a.token).await;
            imported += r["imported"].as_i64().unwrap();
            if r["errors"] == json!([]) && r["status"] == "done" {
                break;
            }
        }
        assert_eq!(imported, 200, "every shipment imported once");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM orders").await, 200);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM letzshop_shipments").await,
            200
        );
        // Outbox under faults (including mutations applied but their answer lost).
        let orders = letzshop_orders(&app, &a.token).await;
        let mut declined = Vec::new();
        for o in orders.iter().take(10) {
            let id = o["id"].as_i64().unwrap();
            for it in o["items"].as_array().unwrap() {
                let (st, c) = app
                    .post(
                        &format!("/api/v1/store/orders/{id}/items/{}/decline", it["id"]),
                        json!({}),
                        Some(&a.token),
                    )
                    .await;
                assert_eq!(st, 200, "{c}");
            }
            declined.push(o["external_shipment_id"].as_str().unwrap().to_owned());
        }
        for _ in 0..200 {
            deliver(&app).await;
            if count(
                &app,
                "SELECT COUNT(*) FROM letzshop_outbox WHERE status <> 'sent'",
            )
            .await
                == 0
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM letzshop_outbox WHERE status <> 'sent'"
            )
            .await,
            0
        );
        sim.set_error_rate(0.0);
        let shipments = all_shipments(&sim).await;
        for s in shipments.iter().filter(|s| declined.contains(&s.id)) {
            for u in &s.inventory_units {
                assert_eq!(u.state, "confirmed_unavailable");
                assert_eq!(sim.confirm_calls(&u.id), 1, "unit {} applied once", u.id);
            }
        }
    }
);

dual_test!(
    two_instances_with_auto_sync_never_import_twice,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(300, 11, 0.05).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-TWO", &sim).await;
        let (st, _) = app
            .json("PUT", "/api/v1/store/letzshop/credentials",
                Some(json!({"api_key": "sim-key", "endpoint": sim.endpoint(), "auto_sync": true, "sync_interval_minutes": 5})),
                Some(&a.token))
            .await;
        assert_eq!(st, 200);
        let app2 = TestApp::start_on(app.backend, app.database_url.clone(), None).await;
        let w1 = orion_marketplace::worker::spawn(
            app.db.clone(),
            SECRET.to_vec(),
            Duration::from_millis(30),
        );
        let w2 = orion_marketplace::worker::spawn(
            app2.db.clone(),
            SECRET.to_vec(),
            Duration::from_millis(30),
        );
        // Both instances are also asked to sync at once.
        let (r1, r2) = tokio::join!(
            app.post(
                "/api/v1/store/letzshop/sync?wait=true",
                json!({}),
                Some(&a.token)
            ),
            app2.post(
                "/api/v1/store/letzshop/sync?wait=true",
                json!({}),
                Some(&a.token)
            ),
        );
        assert!(r1.0 == 200 || r1.0 == 409, "{r1:?}");
        assert!(r2.0 == 200 || r2.0 == 409, "{r2:?}");
        sim.add_shipments(50);
        // Make the auto-sync due again on both instances.
        for _ in 0..600 {
            app.db
                .conn()
                .execute_unprepared("UPDATE letzshop_connections SET next_sync_at = NULL")
                .await
                .unwrap();
            if count(&app, "SELECT COUNT(*) FROM letzshop_shipments").await >= 350 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        w1.shutdown().await;
        w2.shutdown().await;
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM letzshop_shipments").await,
            350
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM orders").await, 350);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM (SELECT external_shipment_id FROM orders GROUP BY external_shipment_id HAVING COUNT(*) > 1) d").await,
            0
        );
        let (_, log) = app
            .get("/api/v1/store/letzshop/log?per_page=200", Some(&a.token))
            .await;
        for l in log["items"].as_array().unwrap() {
            let e = l["error"].as_str().unwrap_or("");
            assert!(
                !e.to_lowercase().contains("unique") && !e.to_lowercase().contains("duplicate"),
                "{l}"
            );
        }
    }
);

dual_test!(
    letzshop_page_and_order_panel_work_with_a_session,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(6, 21, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-PAGE", &sim).await;
        let shipments = all_shipments(&sim).await;
        products_for(&app, &a.token, &shipments).await;
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let get = |path: String| {
            let (app, session) = (&app, session.clone());
            async move {
                let res = app
                    .client
                    .get(app.url(&path))
                    .header("cookie", format!("orion_session={session}"))
                    .send()
                    .await
                    .unwrap();
                (
                    res.status().as_u16(),
                    res.headers()
                        .get("location")
                        .map(|l| l.to_str().unwrap().to_owned()),
                    res.text().await.unwrap(),
                )
            }
        };
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let (app, session) = (&app, session.clone());
            async move {
                let res = app
                    .client
                    .post(app.url(&path))
                    .header("cookie", format!("orion_session={session}"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                (
                    res.status().as_u16(),
                    res.headers()
                        .get("location")
                        .map(|l| l.to_str().unwrap().to_owned()),
                )
            }
        };
        let (st, _, html) = get("/letzshop".into()).await;
        assert_eq!(st, 200, "{html}");
        assert!(html.contains("There is no Letzshop sandbox"));
        assert!(
            html.contains("-key") && !html.contains("sim-key"),
            "only the last 4 characters"
        );
        let csrf = crate::pages::csrf_in(&html);
        // Sync now: a job, then its progress on the page.
        let (st, loc) = post("/letzshop/sync".into(), vec![("csrf_token", csrf.clone())]).await;
        assert_eq!(st, 303);
        let loc = loc.unwrap();
        assert!(loc.starts_with("/letzshop?job="), "{loc}");
        let mut done = false;
        for _ in 0..100 {
            let (st, _, html) = get(loc.split('#').next().unwrap().to_owned()).await;
            assert_eq!(st, 200, "{html}");
            assert!(html.contains("data-testid=\"job-progress\""));
            if html.contains("data-status=\"done\"") {
                done = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(done, "the sync job finished");
        assert_eq!(letzshop_orders(&app, &a.token).await.len(), 6);
        // Confirm one item on the order page: the outbox panel shows it, pending then sent.
        let orders = letzshop_orders(&app, &a.token).await;
        let o = orders
            .iter()
            .find(|o| {
                o["status"] == "pending"
                    && o["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|i| !i["unmatched"].as_bool().unwrap())
            })
            .expect("a pending matched order");
        let id = o["id"].as_i64().unwrap();
        let item = o["items"][0]["id"].as_i64().unwrap();
        let (_, _, html) = get(format!("/orders/{id}")).await;
        assert!(html.contains("confirm_item"), "per-item confirm is offered");
        let (st, _) = post(
            format!("/orders/{id}/action"),
            vec![
                ("csrf_token", csrf.clone()),
                ("action", "confirm_item".into()),
                ("item_id", item.to_string()),
            ],
        )
        .await;
        assert_eq!(st, 303);
        let (_, _, html) = get(format!("/orders/{id}")).await;
        assert!(html.contains("data-testid=\"letzshop-panel\""), "{html}");
        assert!(html.contains(">Pending</span>"), "{html}");
        let (_, ob) = app
            .get("/api/v1/store/letzshop/outbox", Some(&a.token))
            .await;
        let ob_id = ob["items"][0]["id"].as_i64().unwrap();
        let (st, loc) = post(
            format!("/letzshop/outbox/{ob_id}/retry"),
            vec![("csrf_token", csrf.clone())],
        )
        .await;
        assert_eq!(st, 303, "{loc:?}");
        for _ in 0..100 {
            if count(
                &app,
                "SELECT COUNT(*) FROM letzshop_outbox WHERE status = 'sent'",
            )
            .await
                == 1
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let (_, _, html) = get(format!("/orders/{id}")).await;
        assert!(html.contains(">Sent</span>"), "{html}");
        let (_, _, html) = get("/letzshop?outbox=sent".into()).await;
        assert!(html.contains("confirm"));
        assert!(html.contains("data-testid=\"sync-log\""));
    }
);

dual_test!(
    items_confirmed_on_letzshop_without_stock_become_backorders,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(4, 11, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "BO-LS", &sim).await;
        let ships = all_shipments(&sim).await;
        products_with_stock(&app, &a.token, &ships, 0).await;
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 4, "{r}");
        let s = &ships[0];
        let units: Vec<String> = s.inventory_units.iter().map(|u| u.id.clone()).collect();
        let c = Client::new(&sim.endpoint(), "sim-key", fast_client()).unwrap();
        c.confirm_inventory_units(&units, true).await.unwrap();
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["updated"], 1, "{r}");
        let orders = letzshop_orders(&app, &a.token).await;
        let o = orders
            .iter()
            .find(|o| o["external_shipment_id"] == s.id.as_str())
            .unwrap();
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{}", o["id"]), Some(&a.token))
            .await;
        assert_eq!(o["status"], "processing", "{o}");
        for i in o["items"].as_array().unwrap() {
            assert_eq!(
                (&i["status"], &i["backordered"]),
                (&json!("confirmed"), &json!(true)),
                "{i}"
            );
            let (_, levels) = app
                .get(
                    &format!("/api/v1/store/inventory?product_id={}", i["product_id"]),
                    Some(&a.token),
                )
                .await;
            for l in levels.as_array().unwrap() {
                assert!(
                    l["on_hand"].as_i64().unwrap() >= 0 && l["reserved"].as_i64().unwrap() == 0,
                    "{l}"
                );
            }
        }
    }
);

dual_test!(
    cancelling_a_pending_letzshop_order_declines_its_units_on_letzshop,
    |app: TestApp| async move {
        fast_settings();
        let sim = simulator(3, 21, 0.0).await;
        let admin = app.admin_token().await;
        let a = connect(&app, &admin, "LZ-CXL", &sim).await;
        let shipments = all_shipments(&sim).await;
        products_for(&app, &a.token, &shipments).await;
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 3, "{r}");
        let orders = letzshop_orders(&app, &a.token).await;
        let o = orders
            .iter()
            .find(|o| o["status"] == "pending")
            .expect("a pending order");
        let sid = o["external_shipment_id"].as_str().unwrap().to_owned();
        let (st, c) = app
            .post(
                &format!("/api/v1/store/orders/{}/cancel", o["id"]),
                json!({"reason": "out of stock"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{c}");
        let d = deliver(&app).await;
        assert_eq!(d.sent, 1, "one decline for the shipment's units");
        let s = shipments.iter().find(|s| s.id == sid).unwrap();
        for u in &s.inventory_units {
            assert_eq!(
                sim.unit_state(&u.id).as_deref(),
                Some("confirmed_unavailable"),
                "{}",
                u.id
            );
            assert_eq!(sim.confirm_calls(&u.id), 1);
        }
        // A re-sync agrees and changes nothing.
        let r = sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 0, "{r}");
        let (_, after) = app
            .get(&format!("/api/v1/store/orders/{}", o["id"]), Some(&a.token))
            .await;
        assert_eq!(after["status"], "cancelled");
    }
);
