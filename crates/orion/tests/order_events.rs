//! Order events reach their subscribers whatever changes the order. Here the CLI — the real
//! `orion` binary, another process than the server — confirms, ships and cancels Letzshop
//! orders, and the Letzshop outbox gets its confirm, tracking and decline rows, exactly as
//! when the same actions come through the API. On SQLite and on PostgreSQL.

use std::process::Command;

use orion_kernel::{Address, MerchantId, StoreId, StoreRef};
use orion_orders::marketplace::{self, Isolation, MarketplaceItem, MarketplaceOrder};
use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

fn shipment(id: &str, sku: &str) -> MarketplaceOrder {
    MarketplaceOrder {
        channel: "letzshop".into(),
        external_order_id: format!("O-{id}"),
        external_shipment_id: id.into(),
        external_number: Some(format!("R{id}")),
        customer: orion_customers::service::CustomerInput {
            email: format!("{id}@buyer.example"),
            first_name: Some("Lena".into()),
            ..Default::default()
        },
        shipping_address: Address {
            street: "2 Rue X".into(),
            postal_code: "1234".into(),
            city: "Luxembourg".into(),
            country: "LU".into(),
            ..Default::default()
        },
        billing_address: None,
        locale: "fr".into(),
        ordered_at: chrono::Utc::now(),
        items: vec![MarketplaceItem {
            gtin: None,
            sku: Some(sku.into()),
            name: "E-book".into(),
            unit_price_cents: 1500,
            unit_ids: vec![format!("{id}-u1"), format!("{id}-u2")],
        }],
        unit_states: Default::default(),
    }
}

/// Runs `orion orders …` against the app's database; returns (success, output).
fn orion(app: &TestApp, args: &[&str]) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_orion"))
        .args(["orders"])
        .args(args)
        .env("ORION_DATABASE_URL", &app.database_url)
        .env_remove("ORION_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run orion");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

async fn outbox(app: &TestApp, token: &str, order: i64) -> Vec<(String, Value)> {
    let (st, b) = app
        .get(
            &format!("/api/v1/store/letzshop/outbox?order_id={order}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let mut rows: Vec<(String, Value)> = b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().to_owned(), r["payload"].clone()))
        .collect();
    rows.reverse(); // oldest first
    rows
}

dual_test!(
    cli_order_changes_reach_the_letzshop_outbox,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "EVT-LU").await;
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "EBOOK-1", "product_type": "digital", "translations": {"en": {"title": "E-book"}}, "price": "15.00"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        // Two Letzshop shipments, imported through the orders module's import.
        let store = StoreRef {
            id: StoreId(a.store["id"].as_i64().unwrap()),
            merchant: MerchantId(a.merchant_id),
            code: "EVT-LU".into(),
            country: "LU".into(),
        };
        let tx = app.db.begin_write().await.unwrap();
        let done = marketplace::import(
            &tx,
            &store,
            &[shipment("S1", "EBOOK-1"), shipment("S2", "EBOOK-1")],
            Isolation::Batch,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let ids: Vec<i64> = done.iter().map(|r| r.as_ref().unwrap().order.id).collect();
        assert!(
            outbox(&app, &a.token, ids[0]).await.is_empty(),
            "imports tell Letzshop nothing"
        );

        let (ok, out) = orion(&app, &["confirm", "--store", "evt-lu", "LS-EVT-LU-RS1"]);
        assert!(ok, "{out}");
        assert!(out.contains("processing"), "{out}");
        let (ok, out) = orion(
            &app,
            &[
                "ship",
                "--store",
                "EVT-LU",
                "--tracking",
                "TRK-77",
                "--carrier",
                "dhl",
                "LS-EVT-LU-RS1",
            ],
        );
        assert!(ok, "{out}");
        let rows = outbox(&app, &a.token, ids[0]).await;
        assert_eq!(
            rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
            ["confirm", "tracking"],
            "{rows:?}"
        );
        assert_eq!(rows[0].1["unit_ids"], json!(["S1-u1", "S1-u2"]));
        assert_eq!(
            (
                rows[1].1["tracking_number"].as_str(),
                rows[1].1["carrier"].as_str()
            ),
            (Some("TRK-77"), Some("dhl"))
        );

        let (ok, out) = orion(
            &app,
            &[
                "cancel",
                "--store",
                "EVT-LU",
                "--reason",
                "Sold elsewhere",
                "LS-EVT-LU-RS2",
            ],
        );
        assert!(ok, "{out}");
        let rows = outbox(&app, &a.token, ids[1]).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].0, "decline");
        assert_eq!(rows[0].1["shipment_id"], "S2");

        // A refused change tells nobody and says why.
        let (ok, out) = orion(&app, &["deliver", "--store", "EVT-LU", "LS-EVT-LU-RS2"]);
        assert!(!ok);
        assert!(
            out.contains("Cannot deliver an order that is cancelled"),
            "{out}"
        );
        let (ok, out) = orion(&app, &["confirm", "--store", "EVT-LU", "LS-NOPE"]);
        assert!(!ok);
        assert!(out.contains("Order not found"), "{out}");
        assert_eq!(outbox(&app, &a.token, ids[1]).await.len(), 1);
    }
);
