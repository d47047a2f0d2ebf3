//! The cross-tenant matrix, read from the OpenAPI document so that a new route is covered
//! without listing it: every store operation that names a resource is called by the owner of
//! another store with the victim's ids and must answer 404 (nothing says the resource
//! exists), leaving the victim's data unchanged; every admin operation called with a store
//! token must answer 403.

use std::collections::BTreeMap;

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::invoicing::settings_body;

/// Bodies that pass validation, so that only ownership can refuse the call.
fn body_for(method: &str, template: &str, attacker_product: i64) -> Value {
    match (method, template) {
        ("PATCH", "/api/v1/store/customers/{customer_id}") => json!({"first_name": "Mallory"}),
        ("POST", "/api/v1/store/invoices/{invoice_id}/credit-note") => json!({"reason": "mallory"}),
        ("POST", "/api/v1/store/orders/{order_id}/items/{item_id}/resolve") => {
            json!({"product_id": attacker_product})
        }
        ("POST", "/api/v1/store/orders/{order_id}/ship") => {
            json!({"tracking_number": "MAL-1", "carrier": "Post"})
        }
        ("PATCH", "/api/v1/store/products/{product_id}") => json!({"brand": "Mallory"}),
        ("PATCH", "/api/v1/store/roles/{role_id}") => json!({"name": "mallory"}),
        ("PATCH", "/api/v1/store/team/{member_id}") => json!({"role": "staff"}),
        ("PATCH", "/api/v1/store/suppliers/{supplier_id}") => json!({"name": "Mallory"}),
        ("PUT", "/api/v1/store/reorder-rules/{product_id}") => {
            json!({"reorder_point": 1, "target_level": 2})
        }
        ("POST", "/api/v1/store/purchase-orders/{purchase_order_id}/receipts") => {
            json!({"lines": [{"line_id": 1, "quantity": 1}]})
        }
        ("POST", _) if template.ends_with("/cancel") || template.ends_with("/refund") => {
            json!({"note": "mallory"})
        }
        _ => json!({}),
    }
}

fn fill(template: &str, ids: &BTreeMap<String, String>) -> String {
    let mut path = template.to_owned();
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').unwrap() + start;
        let name = path[start + 1..end].to_owned();
        let id = ids
            .get(&name)
            .unwrap_or_else(|| panic!("no id for {{{name}}} in {template}: add one to the matrix"));
        path.replace_range(start..=end, id);
    }
    path
}

/// What the victim can see of their own data, to compare before and after the attack.
async fn snapshot(app: &TestApp, token: &str, ids: &BTreeMap<String, String>) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        format!("/api/v1/store/products/{}", ids["product_id"]),
        format!("/api/v1/store/customers/{}", ids["customer_id"]),
        format!("/api/v1/store/orders/{}", ids["order_id"]),
        format!("/api/v1/store/invoices/{}", ids["invoice_id"]),
        format!("/api/v1/store/purchase-orders/{}", ids["purchase_order_id"]),
        format!("/api/v1/store/suppliers/{}", ids["supplier_id"]),
        "/api/v1/store/reorder-rules".to_owned(),
        "/api/v1/store/roles".to_owned(),
        "/api/v1/store/team".to_owned(),
        "/api/v1/store/inventory".to_owned(),
        "/api/v1/store/inventory/transactions".to_owned(),
    ] {
        let (st, v) = app.get(&path, Some(token)).await;
        assert_eq!(st, 200, "{path}: {v}");
        out.push(v);
    }
    out
}

dual_test!(
    another_stores_ids_answer_404_and_change_nothing,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let victim = app.merchant_with_store(&admin, "VICTIM-LU").await;
        let attacker = app.merchant_with_store(&admin, "MALLORY-LU").await;
        let v = victim.token.as_str();
        let m = attacker.token.as_str();

        // The victim's resources: a product with stock, a customer's order, shipped and
        // invoiced, a second order with a reservation, a custom role, the team.
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(settings_body()),
                Some(v),
            )
            .await;
        assert_eq!(st, 201);
        let mut product_of = BTreeMap::new();
        for (token, sku) in [(v, "VIC-1"), (m, "MAL-1")] {
            let (st, p) = app
                .post(
                    "/api/v1/store/products",
                    json!({"sku": sku, "translations": {"en": {"title": sku}}, "price": "10.00"}),
                    Some(token),
                )
                .await;
            assert_eq!(st, 201, "{p}");
            let (st, b) = app
                .post(
                    "/api/v1/store/inventory/adjustments",
                    json!({"product_id": p["id"], "delta": 100}),
                    Some(token),
                )
                .await;
            assert!(st < 300, "{b}");
            product_of.insert(sku, p["id"].as_i64().unwrap());
        }
        let order = |token| {
            app.post(
                "/api/v1/store/orders",
                json!({"customer": {"email": "anne@example.test", "first_name": "Anne", "last_name": "Muller"},
                    "shipping_address": {"street": "1 Rue X", "postal_code": "1234", "city": "Luxembourg", "country": "LU"},
                    "items": [{"sku": "VIC-1", "quantity": 1}], "shipping_amount": "0.00"}),
                Some(token),
            )
        };
        let (st, shipped) = order(v).await;
        assert_eq!(st, 201, "{shipped}");
        let oid = shipped["id"].as_i64().unwrap();
        for (action, body) in [
            ("confirm", json!({})),
            ("ship", json!({"tracking_number": "T1", "carrier": "Post"})),
        ] {
            let (st, b) = app
                .post(
                    &format!("/api/v1/store/orders/{oid}/{action}"),
                    body,
                    Some(v),
                )
                .await;
            assert_eq!(st, 200, "{action}: {b}");
        }
        let (st, inv) = app
            .post(
                &format!("/api/v1/store/orders/{oid}/invoice"),
                json!({}),
                Some(v),
            )
            .await;
        assert!(st < 300, "{inv}");
        let (st, pending) = order(v).await;
        assert_eq!(st, 201, "{pending}");
        let (st, r) = app
            .post(
                "/api/v1/store/inventory/reservations",
                json!({"product_id": product_of["VIC-1"], "quantity": 1}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{r}");
        let (st, role) = app
            .post(
                "/api/v1/store/roles",
                json!({"name": "Packer", "permissions": ["orders.view"]}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{role}");
        // An accountant's package (Business, like the attacker's plan below).
        crate::billing::set_tier(&app, &admin, victim.merchant_id, "business").await;
        crate::billing::set_tier(&app, &admin, attacker.merchant_id, "business").await;
        // A webhook endpoint with a delivery (of an order created after it).
        let (st, hook) = app
            .post(
                "/api/v1/store/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": ["order.created"]}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{hook}");
        assert_eq!(order(v).await.0, 201);
        let (_, hook_log) = app
            .get(
                &format!("/api/v1/store/webhooks/{}/deliveries", hook["id"]),
                Some(v),
            )
            .await;
        let (st, package) = app
            .post(
                "/api/v1/store/accounting/packages?year=2026",
                json!({}),
                Some(v),
            )
            .await;
        assert_eq!(st, 202, "{package}");
        let (st, api_key) = app
            .post(
                "/api/v1/store/api-keys",
                json!({"name": "Victim shop", "scopes": ["orders.view"]}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{api_key}");
        let (_, team) = app.get("/api/v1/store/team", Some(v)).await;
        let (_, customers) = app.get("/api/v1/store/customers", Some(v)).await;
        // Purchasing: a supplier with an offer, an ordered purchase order, a reorder rule.
        let (st, supplier) = app
            .post(
                "/api/v1/store/suppliers",
                json!({"name": "Victim supplies"}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{supplier}");
        let (st, po) = app
            .post(
                "/api/v1/store/purchase-orders",
                json!({"supplier_id": supplier["id"], "lines": [{"product_id": product_of["VIC-1"], "quantity": 5, "unit_cost": "1.00"}]}),
                Some(v),
            )
            .await;
        assert_eq!(st, 201, "{po}");
        let (st, po) = app
            .post(
                &format!("/api/v1/store/purchase-orders/{}/order", po["id"]),
                json!({}),
                Some(v),
            )
            .await;
        assert_eq!(st, 200, "{po}");
        let (st, rule) = app
            .json(
                "PUT",
                &format!("/api/v1/store/reorder-rules/{}", product_of["VIC-1"]),
                Some(json!({"reorder_point": 2, "target_level": 10})),
                Some(v),
            )
            .await;
        assert_eq!(st, 200, "{rule}");

        // Messaging: the invoice e-mailed to its buyer (a message in the victim's log).
        let (st, mail) = app
            .post(
                &format!("/api/v1/store/invoices/{}/send", inv["id"]),
                json!({}),
                Some(v),
            )
            .await;
        assert_eq!(st, 202, "{mail}");

        let ids: BTreeMap<String, String> = [
            ("product_id", product_of["VIC-1"].to_string()),
            ("customer_id", customers["items"][0]["id"].to_string()),
            ("order_id", pending["id"].to_string()),
            ("item_id", pending["items"][0]["id"].to_string()),
            ("invoice_id", inv["id"].to_string()),
            ("reservation_id", r[0]["id"].to_string()),
            ("role_id", role["id"].to_string()),
            ("member_id", team["items"][0]["id"].to_string()),
            ("supplier_id", supplier["id"].to_string()),
            ("purchase_order_id", po["id"].to_string()),
            ("package_id", package["id"].to_string()),
            ("webhook_id", hook["id"].to_string()),
            ("delivery_id", hook_log["items"][0]["id"].to_string()),
            ("api_key_id", api_key["id"].to_string()),
            ("email_id", mail["message_id"].to_string()),
            // The victim has no Letzshop connection: ids nobody owns must read the same.
            ("job_id", "999999".to_owned()),
            ("outbox_id", "999999".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let before = snapshot(&app, v, &ids).await;

        let (_, doc) = app.get("/api/openapi.json", None).await;
        let mut called = 0;
        let mut leaks = Vec::new();
        for (template, item) in doc["paths"].as_object().unwrap() {
            if !template.starts_with("/api/v1/store/") || !template.contains('{') {
                continue;
            }
            // Named per-store settings ({template}/{lang}): every store has its own copy, so
            // they name no other store's data (messaging's tests check each store sees its own).
            if template.starts_with("/api/v1/store/email-templates/") {
                continue;
            }
            for method in item.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                let path = fill(template, &ids);
                // The shipped order for the invoice and order operations that need one.
                let path = if template.contains("/invoice")
                    && template.starts_with("/api/v1/store/orders")
                {
                    path.replace(&ids["order_id"], &oid.to_string())
                } else {
                    path
                };
                let body = body_for(&method, template, product_of["MAL-1"]);
                let (st, b) = app.json(&method, &path, Some(body), Some(m)).await;
                called += 1;
                // 405: the operation exists for nobody (an issued invoice cannot be deleted).
                if st != 404 && st != 405 {
                    leaks.push(format!("{method} {path} → {st} {b}"));
                }
            }
        }
        assert!(
            called >= 25,
            "the document lists the store operations ({called})"
        );
        assert!(
            leaks.is_empty(),
            "another store's ids did not answer 404:\n{}",
            leaks.join("\n")
        );
        assert_eq!(
            snapshot(&app, v, &ids).await,
            before,
            "the victim's data changed"
        );

        // Admin operations with a store token: 403, whatever the ids.
        let mut not_refused = Vec::new();
        let admin_ids: BTreeMap<String, String> = [
            ("merchant_id", victim.merchant_id.to_string()),
            ("code", "essential".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for (template, item) in doc["paths"].as_object().unwrap() {
            if !template.starts_with("/api/v1/admin") {
                continue;
            }
            for method in item.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                let path = fill(template, &admin_ids);
                let (st, b) = app.json(&method, &path, Some(json!({})), Some(m)).await;
                if st != 403 {
                    not_refused.push(format!("{method} {path} → {st} {b}"));
                }
            }
        }
        assert!(
            not_refused.is_empty(),
            "admin operations open to a store token:\n{}",
            not_refused.join("\n")
        );
    }
);
