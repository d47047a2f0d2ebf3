//! Order changes made through the CLI — the real `orion` binary, another process than the
//! server — land in the webhooks outbox like those made through the API: the CLI composes
//! the same order subscribers. On SQLite and on PostgreSQL.

use std::process::Command;

use orion_testkit::{TestApp, dual_test};
use serde_json::json;

dual_test!(
    cli_order_changes_reach_the_webhooks_outbox,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "CLI-HOOK").await;
        let (st, b) = app
            .json(
                "PUT",
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(json!({"tier": "business", "status": "active"})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "EBOOK-1", "product_type": "digital", "translations": {"en": {"title": "E-book"}}, "price": "15.00"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let (st, hook) = app
            .post(
                "/api/v1/store/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": ["order.status_changed"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{hook}");
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                json!({"customer": {"email": "cli@example.test", "first_name": "Cli", "last_name": "Ent"},
                    "shipping_address": {"street": "1 Rue X", "postal_code": "1611", "city": "Luxembourg", "country": "LU"},
                    "items": [{"sku": "EBOOK-1", "quantity": 1}], "shipping_amount": "0.00"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let number = o["order_number"].as_str().unwrap();

        let out = Command::new(env!("CARGO_BIN_EXE_orion"))
            .args(["orders", "confirm", "--store", "CLI-HOOK", number])
            .env("ORION_DATABASE_URL", &app.database_url)
            .env_remove("ORION_CONFIG")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run orion");
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );

        let log_path = format!("/api/v1/store/webhooks/{}/deliveries", hook["id"]);
        let (st, log) = app.get(&log_path, Some(&a.token)).await;
        assert_eq!(st, 200, "{log}");
        let items = log["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{log}");
        assert_eq!(
            (items[0]["event_type"].as_str(), items[0]["status"].as_str()),
            (Some("order.status_changed"), Some("pending"))
        );
        let (st, d) = app
            .get(&format!("{log_path}/{}", items[0]["id"]), Some(&a.token))
            .await;
        assert_eq!(st, 200, "{d}");
        let data = &d["payload"]["data"];
        assert_eq!(
            (
                data["order_number"].as_str(),
                data["from"].as_str(),
                data["to"].as_str()
            ),
            (Some(number), Some("pending"), Some("processing"))
        );
    }
);
