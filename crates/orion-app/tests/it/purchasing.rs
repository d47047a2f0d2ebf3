//! Purchasing (`/api/v1/store/suppliers`, `/purchase-orders`, `/inventory/incoming`,
//! `/reorder-rules`, `/reorder-suggestions`, `/purchasing/products`): suppliers, the life of a
//! purchase order, gapless numbers under concurrency, idempotent receipts, on-order figures
//! recomputed after a random workload, average costs, reorder suggestions, tenancy and gates,
//! bad input, and the PDF and CSV documents.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Utc};
use orion_testkit::{Actor, Backend, PASSWORD, TestApp, content_type, dual_test};
use serde_json::{Value, json};

use super::billing::set_tier;
use super::catalog::{post_csv, product};

const PO: &str = "/api/v1/store/purchase-orders";
const SUPPLIERS: &str = "/api/v1/store/suppliers";
const INCOMING: &str = "/api/v1/store/inventory/incoming";

/// A merchant with one store on the Professional tier (which has `purchase_orders`).
async fn setup(app: &TestApp, code: &str) -> (String, Actor) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, code).await;
    set_tier(app, &admin, a.merchant_id, "professional").await;
    (admin, a)
}

/// The `field`s of a problem's `errors`.
fn fields(e: &Value) -> Vec<String> {
    e["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts a 422 whose errors name `field`.
#[track_caller]
fn assert_invalid(res: &(u16, Value), field: &str) {
    assert_eq!(res.0, 422, "expected 422 naming {field}: {}", res.1);
    assert_eq!(res.1["type"], "/problems/validation", "{}", res.1);
    assert!(
        fields(&res.1).iter().any(|f| f == field),
        "expected an error naming {field}: {}",
        res.1
    );
}

fn today() -> NaiveDate {
    orion_kernel::time::local_date(Utc::now())
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().expect("a date"), "%Y-%m-%d").expect("YYYY-MM-DD")
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

async fn new_product(app: &TestApp, token: &str, sku: &str) -> i64 {
    id(&product(app, token, sku).await)
}

async fn supplier(app: &TestApp, token: &str, body: Value) -> i64 {
    let (st, s) = app.post(SUPPLIERS, body, Some(token)).await;
    assert_eq!(st, 201, "{s}");
    id(&s)
}

fn lines(ls: &[(i64, i64, &str)]) -> Value {
    json!(
        ls.iter()
            .map(|(p, q, c)| json!({"product_id": p, "quantity": q, "unit_cost": c}))
            .collect::<Vec<_>>()
    )
}

async fn draft(app: &TestApp, token: &str, supplier: i64, ls: &[(i64, i64, &str)]) -> Value {
    let (st, po) = app
        .post(
            PO,
            json!({"supplier_id": supplier, "lines": lines(ls)}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{po}");
    assert_eq!(po["status"], "draft");
    po
}

async fn place(app: &TestApp, token: &str, po: i64) -> Value {
    let (st, o) = app
        .post(&format!("{PO}/{po}/order"), json!({}), Some(token))
        .await;
    assert_eq!(st, 200, "{o}");
    assert_eq!(o["status"], "ordered", "{o}");
    o
}

/// A draft with the lines, ordered.
async fn ordered(app: &TestApp, token: &str, supplier: i64, ls: &[(i64, i64, &str)]) -> Value {
    let d = draft(app, token, supplier, ls).await;
    place(app, token, id(&d)).await
}

async fn get_po(app: &TestApp, token: &str, po: i64) -> Value {
    let (st, o) = app.get(&format!("{PO}/{po}"), Some(token)).await;
    assert_eq!(st, 200, "{o}");
    o
}

async fn action(app: &TestApp, token: &str, po: i64, what: &str) -> (u16, Value) {
    app.post(&format!("{PO}/{po}/{what}"), json!({}), Some(token))
        .await
}

fn line_ids(po: &Value) -> Vec<i64> {
    po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect()
}

/// `{"lines": [{"line_id", "quantity"}]}`.
fn receipt_body(ls: &[(i64, i64)]) -> Value {
    json!({"lines": ls.iter().map(|(l, q)| json!({"line_id": l, "quantity": q})).collect::<Vec<_>>()})
}

async fn send_receipt(
    client: reqwest::Client,
    url: String,
    token: String,
    body: Value,
    key: Option<String>,
) -> (u16, Value) {
    let mut req = client.post(url).bearer_auth(token).json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.expect("request");
    let st = res.status().as_u16();
    (st, res.json().await.unwrap_or(Value::Null))
}

async fn receive(
    app: &TestApp,
    token: &str,
    po: i64,
    body: Value,
    key: Option<&str>,
) -> (u16, Value) {
    send_receipt(
        app.client.clone(),
        app.url(&format!("{PO}/{po}/receipts")),
        token.to_owned(),
        body,
        key.map(str::to_owned),
    )
    .await
}

/// The product's stock levels from `GET /api/v1/store/inventory?product_id=`.
async fn levels(app: &TestApp, token: &str, p: i64) -> Vec<Value> {
    let (st, l) = app
        .get(
            &format!("/api/v1/store/inventory?product_id={p}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{l}");
    l.as_array().unwrap().clone()
}

async fn on_hand(app: &TestApp, token: &str, p: i64) -> i64 {
    levels(app, token, p)
        .await
        .iter()
        .map(|l| l["on_hand"].as_i64().unwrap())
        .sum()
}

/// `on_order` as the inventory list shows it (the product's figure on each of its levels);
/// `None` when the product has no stock level.
async fn inventory_on_order(app: &TestApp, token: &str, p: i64) -> Option<i64> {
    let ls = levels(app, token, p).await;
    let values: BTreeSet<i64> = ls.iter().map(|l| l["on_order"].as_i64().unwrap()).collect();
    assert!(
        values.len() <= 1,
        "every level repeats the product's figure: {ls:?}"
    );
    values.into_iter().next()
}

/// Product id → units on order, from `GET /api/v1/store/inventory/incoming`.
async fn incoming(app: &TestApp, token: &str) -> BTreeMap<i64, i64> {
    let (st, b) = app.get(INCOMING, Some(token)).await;
    assert_eq!(st, 200, "{b}");
    b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["product_id"].as_i64().unwrap(),
                i["on_order"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn adjust(app: &TestApp, token: &str, p: i64, delta: i64) {
    let (st, b) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p, "delta": delta}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
}

async fn purchasing_of(app: &TestApp, token: &str, p: i64) -> Value {
    let (st, b) = app
        .get(
            &format!("/api/v1/store/purchasing/products/{p}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    b
}

/// Invites `email` as `role`, accepts and logs in to the store.
async fn member(app: &TestApp, owner: &str, store: &str, email: &str, role: &str) -> String {
    let (st, inv) = app
        .post(
            "/api/v1/store/team/invitations",
            json!({"email": email, "role": role}),
            Some(owner),
        )
        .await;
    assert_eq!(st, 201, "{inv}");
    let (st, b) = app
        .post(
            &format!(
                "/api/v1/auth/invitations/{}/accept",
                inv["token"].as_str().unwrap()
            ),
            json!({"password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    app.login(email, PASSWORD, Some(store)).await
}

/// A GET returning the raw response: (status, content type, body bytes).
async fn download(app: &TestApp, token: &str, path: &str) -> (u16, String, Vec<u8>) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let ct = content_type(&res);
    (st, ct, res.bytes().await.unwrap().to_vec())
}

// ----- 1. lifecycle -----

dual_test!(
    purchase_order_lifecycle_from_draft_to_received,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "ALPHA-LU").await;
        let t = a.token.as_str();
        let mug = new_product(&app, t, "MUG").await;
        let tee = new_product(&app, t, "TEE").await;

        // Suppliers: the VAT id is checked, names are unique in the store.
        let bad = app
            .post(
                SUPPLIERS,
                json!({"name": "Acme", "vat_id": "LU15027443"}),
                Some(t),
            )
            .await;
        assert_invalid(&bad, "vat_id");
        let (st, s) = app
            .post(
                SUPPLIERS,
                json!({"name": "Acme", "vat_id": "lu 1502 7442", "lead_time_days": 7, "language": "fr", "email": "Orders@Acme.example"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{s}");
        assert_eq!(
            (
                s["vat_id"].as_str(),
                s["currency"].as_str(),
                s["active"].as_bool()
            ),
            (Some("LU15027442"), Some("EUR"), Some(true))
        );
        let acme = id(&s);
        let (st, e) = app
            .post(SUPPLIERS, json!({"name": "  Acme "}), Some(t))
            .await;
        assert_eq!(
            (st, e["type"].as_str()),
            (409, Some("/problems/conflict")),
            "{e}"
        );
        let (_, all) = app.get(SUPPLIERS, Some(t)).await;
        assert_eq!(
            all.as_array().unwrap().len(),
            1,
            "the duplicate was not stored: {all}"
        );

        // A draft: totals from the lines, no number.
        let d = draft(&app, t, acme, &[(mug, 10, "4.50"), (tee, 5, "9.99")]).await;
        let po = id(&d);
        assert_eq!(d["total"], "94.95", "{d}");
        assert_eq!(d["number"], Value::Null);
        assert_eq!(
            (
                d["lines"][0]["line_total"].as_str(),
                d["lines"][1]["line_total"].as_str()
            ),
            (Some("45.00"), Some("49.95"))
        );
        assert_eq!(d["order_date"], Value::Null);
        // Drafts are not on order.
        assert!(incoming(&app, t).await.is_empty());

        // Editing the draft replaces its lines.
        let (st, d) = app
            .json(
                "PATCH",
                &format!("{PO}/{po}"),
                Some(json!({"lines": lines(&[(mug, 10, "4.50"), (tee, 6, "9.99")]), "notes": "dock 2"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{d}");
        assert_eq!(
            (
                d["total"].as_str(),
                d["notes"].as_str(),
                d["lines"].as_array().unwrap().len()
            ),
            (Some("104.94"), Some("dock 2"), 2)
        );
        assert_eq!(get_po(&app, t, po).await["lines"][1]["quantity"], 6);

        // Ordering assigns the first number of the year and fixes the lines.
        let before = today();
        let o = place(&app, t, po).await;
        let after = today();
        let order_date = date(&o["order_date"]);
        assert!(order_date == before || order_date == after, "{o}");
        assert_eq!(
            o["number"].as_str(),
            Some(format!("PO-{}-00001", order_date.year()).as_str()),
            "{o}"
        );
        assert_eq!(
            date(&o["expected_at"]),
            order_date + chrono::Duration::days(7),
            "lead time"
        );
        let number = o["number"].as_str().unwrap().to_owned();
        let (st, e) = app
            .json(
                "PATCH",
                &format!("{PO}/{po}"),
                Some(json!({"lines": lines(&[(mug, 1, "1.00")])})),
                Some(t),
            )
            .await;
        assert_eq!(st, 409, "an ordered PO is not editable: {e}");
        assert_eq!(action(&app, t, po, "order").await.0, 409, "ordered twice");
        assert_eq!(
            app.json("DELETE", &format!("{PO}/{po}"), None, Some(t))
                .await
                .0,
            409
        );
        assert_eq!(get_po(&app, t, po).await["total"], "104.94");
        assert_eq!(
            app.json("DELETE", &format!("{SUPPLIERS}/{acme}"), None, Some(t))
                .await
                .0,
            409,
            "a supplier with purchase orders is not deleted"
        );

        // Incoming stock.
        assert_eq!(
            incoming(&app, t).await,
            BTreeMap::from([(mug, 10), (tee, 6)])
        );
        if let Some(oo) = inventory_on_order(&app, t, mug).await {
            assert_eq!(oo, 10);
        }
        let (l_mug, l_tee) = (line_ids(&o)[0], line_ids(&o)[1]);

        // A partial receipt.
        let (st, r) = receive(&app, t, po, receipt_body(&[(l_mug, 4)]), None).await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(r["purchase_order"]["status"], "partially_received", "{r}");
        assert_eq!(r["lines"][0]["quantity"], 4);
        assert_eq!(on_hand(&app, t, mug).await, 4);
        assert_eq!(inventory_on_order(&app, t, mug).await, Some(6));
        assert_eq!(
            incoming(&app, t).await,
            BTreeMap::from([(mug, 6), (tee, 6)])
        );

        // Over-receipt: refused as a whole, nothing received.
        let (st, e) = receive(&app, t, po, receipt_body(&[(l_tee, 6), (l_mug, 7)]), None).await;
        assert_eq!(st, 409, "{e}");
        assert_eq!(
            (
                e["line_id"].as_i64(),
                e["open"].as_i64(),
                e["requested"].as_i64()
            ),
            (Some(l_mug), Some(6), Some(7)),
            "{e}"
        );
        assert!(e["detail"].as_str().unwrap().contains("MUG"), "{e}");
        // Two receipt lines for one order line count together.
        let (st, e) = receive(&app, t, po, receipt_body(&[(l_mug, 3), (l_mug, 4)]), None).await;
        assert_eq!((st, e["requested"].as_i64()), (409, Some(7)), "{e}");
        assert_eq!(on_hand(&app, t, mug).await, 4);
        assert_eq!(
            on_hand(&app, t, tee).await,
            0,
            "the good line was not received either"
        );
        let now = get_po(&app, t, po).await;
        assert_eq!(
            (
                now["lines"][0]["received"].as_i64(),
                now["lines"][1]["received"].as_i64()
            ),
            (Some(4), Some(0))
        );
        let (_, rs) = app.get(&format!("{PO}/{po}/receipts"), Some(t)).await;
        assert_eq!(rs.as_array().unwrap().len(), 1, "{rs}");

        // The rest: received.
        let (st, r) = receive(&app, t, po, receipt_body(&[(l_mug, 6), (l_tee, 6)]), None).await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(r["purchase_order"]["status"], "received");
        assert!(r["purchase_order"]["closed_at"].is_string());
        assert_eq!(
            (on_hand(&app, t, mug).await, on_hand(&app, t, tee).await),
            (10, 6)
        );
        assert!(incoming(&app, t).await.is_empty());
        assert_eq!(inventory_on_order(&app, t, mug).await, Some(0));
        let (st, e) = action(&app, t, po, "cancel").await;
        assert_eq!(st, 409, "{e}");
        assert_eq!(action(&app, t, po, "close").await.0, 409);
        assert_eq!(
            receive(&app, t, po, receipt_body(&[(l_mug, 1)]), None)
                .await
                .0,
            409
        );
        assert_eq!(get_po(&app, t, po).await["status"], "received");
        let (_, rs) = app.get(&format!("{PO}/{po}/receipts"), Some(t)).await;
        assert_eq!(rs.as_array().unwrap().len(), 2, "{rs}");

        // The stock log: `receive` transactions referencing the number, summing to the level.
        for (p, total, receipts) in [(mug, 10, 2), (tee, 6, 1)] {
            let (st, log) = app
                .get(
                    &format!("/api/v1/store/inventory/transactions?product_id={p}&per_page=100"),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200, "{log}");
            let items = log["items"].as_array().unwrap();
            let received: Vec<&Value> = items.iter().filter(|x| x["kind"] == "receive").collect();
            assert_eq!(received.len(), receipts, "{log}");
            assert!(
                received.iter().all(|x| x["reference"] == number.as_str()),
                "{log}"
            );
            assert_eq!(
                received
                    .iter()
                    .map(|x| x["on_hand_change"].as_i64().unwrap())
                    .sum::<i64>(),
                total
            );
            assert_eq!(
                items
                    .iter()
                    .map(|x| x["on_hand_change"].as_i64().unwrap())
                    .sum::<i64>(),
                on_hand(&app, t, p).await,
                "the log sums to the level"
            );
        }
        // The supplier's last price was recorded on receipt.
        let (_, offers) = app
            .get(&format!("{SUPPLIERS}/{acme}/products"), Some(t))
            .await;
        let tee_offer = offers
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["product_id"] == tee)
            .unwrap_or_else(|| panic!("{offers}"));
        assert_eq!(tee_offer["last_unit_cost"], "9.99");
    }
);

// ----- 2. closing short and cancelling -----

dual_test!(close_short_and_cancel, |app: TestApp| async move {
    let (_, a) = setup(&app, "ALPHA-LU").await;
    let t = a.token.as_str();
    let mug = new_product(&app, t, "MUG").await;
    let s = supplier(&app, t, json!({"name": "Acme"})).await;

    let o = ordered(&app, t, s, &[(mug, 10, "2.00")]).await;
    let po = id(&o);
    let l = line_ids(&o)[0];
    let (st, r) = receive(&app, t, po, receipt_body(&[(l, 4)]), None).await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(incoming(&app, t).await, BTreeMap::from([(mug, 6)]));
    // Goods were received: cancelling is refused, nothing changes.
    let (st, e) = action(&app, t, po, "cancel").await;
    assert_eq!(st, 409, "{e}");
    assert_eq!(get_po(&app, t, po).await["status"], "partially_received");

    let (st, c) = action(&app, t, po, "close").await;
    assert_eq!(st, 200, "{c}");
    assert_eq!(c["status"], "closed");
    assert!(c["closed_at"].is_string());
    let line = &c["lines"][0];
    assert_eq!(
        (
            line["received"].as_i64(),
            line["closed_short"].as_i64(),
            line["open"].as_i64()
        ),
        (Some(4), Some(6), Some(0)),
        "{c}"
    );
    assert!(incoming(&app, t).await.is_empty());
    assert_eq!(inventory_on_order(&app, t, mug).await, Some(0));
    assert_eq!(purchasing_of(&app, t, mug).await["on_order"], 0);
    assert_eq!(
        on_hand(&app, t, mug).await,
        4,
        "closing does not touch stock"
    );
    // Closed is final.
    assert_eq!(action(&app, t, po, "close").await.0, 409);
    assert_eq!(action(&app, t, po, "cancel").await.0, 409);
    assert_eq!(
        receive(&app, t, po, receipt_body(&[(l, 1)]), None).await.0,
        409
    );
    assert_eq!(on_hand(&app, t, mug).await, 4);

    // An ordered PO without receipts can be cancelled: nothing on order any more.
    let o2 = ordered(&app, t, s, &[(mug, 3, "2.00")]).await;
    let po2 = id(&o2);
    assert_eq!(incoming(&app, t).await, BTreeMap::from([(mug, 3)]));
    let (st, c) = action(&app, t, po2, "cancel").await;
    assert_eq!((st, c["status"].as_str()), (200, Some("cancelled")), "{c}");
    assert!(incoming(&app, t).await.is_empty());
    assert_eq!(inventory_on_order(&app, t, mug).await, Some(0));
    assert_eq!(
        receive(&app, t, po2, receipt_body(&[(line_ids(&o2)[0], 1)]), None)
            .await
            .0,
        409,
        "a cancelled PO receives nothing"
    );
    assert_eq!(action(&app, t, po2, "close").await.0, 409);
    // A draft can be cancelled too, and it never had a number.
    let d = draft(&app, t, s, &[(mug, 1, "2.00")]).await;
    let (st, c) = action(&app, t, id(&d), "cancel").await;
    assert_eq!(
        (st, c["status"].as_str(), &c["number"]),
        (200, Some("cancelled"), &Value::Null)
    );
    assert_eq!(on_hand(&app, t, mug).await, 4);
});

// ----- 3. gapless numbers under concurrency -----

/// 50 drafts ordered concurrently, spread over `apps` (instances on one database): the numbers
/// are exactly 1…50 of the year.
async fn gapless(apps: &[&TestApp]) {
    let app = apps[0];
    let (_, a) = setup(app, "ALPHA-LU").await;
    let t = a.token.as_str();
    let mug = new_product(app, t, "MUG").await;
    let s = supplier(app, t, json!({"name": "Acme"})).await;
    // An order that is refused takes no number.
    let (st, empty) = app.post(PO, json!({"supplier_id": s}), Some(t)).await;
    assert_eq!(st, 201, "{empty}");
    let refused = action(app, t, id(&empty), "order").await;
    assert_invalid(&refused, "lines");
    let mut drafts = Vec::new();
    for i in 0..50 {
        drafts.push(id(&draft(app, t, s, &[(mug, i + 1, "1.00")]).await));
    }
    let mut tasks = Vec::new();
    for (i, po) in drafts.iter().enumerate() {
        let inst = apps[i % apps.len()];
        let (client, url, token) = (
            inst.client.clone(),
            inst.url(&format!("{PO}/{po}/order")),
            a.token.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let st = res.status().as_u16();
            let b: Value = res.json().await.unwrap_or(Value::Null);
            (st, b)
        }));
    }
    let mut numbers = Vec::new();
    let mut years = BTreeSet::new();
    for task in tasks {
        let (st, b) = task.await.unwrap();
        assert_eq!(st, 200, "{b}");
        assert_eq!(b["status"], "ordered");
        years.insert(date(&b["order_date"]).year());
        numbers.push(b["number"].as_str().unwrap().to_owned());
    }
    assert_eq!(years.len(), 1, "{years:?}");
    let year = *years.iter().next().unwrap();
    let got: BTreeSet<String> = numbers.iter().cloned().collect();
    assert_eq!(got.len(), 50, "no duplicates: {numbers:?}");
    let want: BTreeSet<String> = (1..=50).map(|n| format!("PO-{year}-{n:05}")).collect();
    assert_eq!(got, want, "exactly 1…50, no gaps");
    // The list agrees, and the next number follows on.
    let (_, list) = app
        .get(&format!("{PO}?status=ordered&per_page=100"), Some(t))
        .await;
    assert_eq!(list["total"], 50, "{list}");
    let listed: BTreeSet<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, want);
    let next = ordered(app, t, s, &[(mug, 1, "1.00")]).await;
    assert_eq!(next["number"], format!("PO-{year}-00051"));
}

mod gapless_numbers_under_concurrent_ordering {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = TestApp::sqlite().await;
        gapless(&[&app]).await;
    }

    /// Two app instances on one PostgreSQL database.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        let one = TestApp::postgres().await;
        let two = TestApp::start_on(Backend::Postgres, one.database_url.clone(), None).await;
        gapless(&[&one, &two]).await;
    }
}

// ----- 4. idempotent receipts -----

dual_test!(
    idempotent_receipts_under_concurrency,
    |app: TestApp| async move {
        // On PostgreSQL the requests are spread over two instances on one database.
        let second = if app.backend == Backend::Postgres {
            Some(TestApp::start_on(Backend::Postgres, app.database_url.clone(), None).await)
        } else {
            None
        };
        let mut apps = vec![&app];
        apps.extend(second.as_ref());
        let (_, a) = setup(&app, "ALPHA-LU").await;
        let t = a.token.as_str();
        let mug = new_product(&app, t, "MUG").await;
        let s = supplier(&app, t, json!({"name": "Acme"})).await;
        let o = ordered(&app, t, s, &[(mug, 100, "1.00")]).await;
        let po = id(&o);
        let l = line_ids(&o)[0];
        let body = json!({"lines": [{"line_id": l, "quantity": 7}], "note": "dock 2"});

        let mut tasks = Vec::new();
        for i in 0..20 {
            let inst = apps[i % apps.len()];
            tasks.push(tokio::spawn(send_receipt(
                inst.client.clone(),
                inst.url(&format!("{PO}/{po}/receipts")),
                a.token.clone(),
                body.clone(),
                Some("delivery-0042".to_owned()),
            )));
        }
        let mut created = 0;
        let mut receipt_ids = BTreeSet::new();
        for task in tasks {
            let (st, b) = task.await.unwrap();
            match st {
                201 => created += 1,
                200 => {}
                other => panic!("unexpected {other}: {b}"),
            }
            receipt_ids.insert(b["id"].as_i64().unwrap_or_else(|| panic!("{b}")));
            assert_eq!(b["lines"][0]["quantity"], 7, "{b}");
        }
        assert_eq!(created, 1, "exactly one request received the goods");
        assert_eq!(receipt_ids.len(), 1, "every answer is the same receipt");
        assert_eq!(on_hand(&app, t, mug).await, 7, "stock increased once");
        assert_eq!(get_po(&app, t, po).await["lines"][0]["received"], 7);
        let (_, rs) = app.get(&format!("{PO}/{po}/receipts"), Some(t)).await;
        assert_eq!(rs.as_array().unwrap().len(), 1, "{rs}");

        // The same key with another body is refused; the same body again is answered again.
        let other = json!({"lines": [{"line_id": l, "quantity": 8}], "note": "dock 2"});
        let refused = receive(&app, t, po, other, Some("delivery-0042")).await;
        assert_invalid(&refused, "Idempotency-Key");
        let (st, again) = receive(&app, t, po, body.clone(), Some("delivery-0042")).await;
        assert_eq!(st, 200, "{again}");
        assert_eq!(
            Some(&again["id"].as_i64().unwrap()),
            receipt_ids.iter().next()
        );
        // The key belongs to that purchase order's receipt: another PO may not reuse it.
        let o2 = ordered(&app, t, s, &[(mug, 5, "1.00")]).await;
        let reused = receive(
            &app,
            t,
            id(&o2),
            receipt_body(&[(line_ids(&o2)[0], 1)]),
            Some("delivery-0042"),
        )
        .await;
        assert_invalid(&reused, "Idempotency-Key");
        assert_eq!(on_hand(&app, t, mug).await, 7);
        // Another key receives again.
        let (st, b) = receive(&app, t, po, body, Some("delivery-0043")).await;
        assert_eq!(st, 201, "{b}");
        assert_eq!(on_hand(&app, t, mug).await, 14);
        // Without a key every request receives.
        let (st, _) = receive(&app, t, po, receipt_body(&[(l, 1)]), None).await;
        let (st2, _) = receive(&app, t, po, receipt_body(&[(l, 1)]), None).await;
        assert_eq!((st, st2), (201, 201));
        assert_eq!(on_hand(&app, t, mug).await, 16);
    }
);

// ----- 5. random workload, then recompute -----

/// xorshift64*: a fixed-seed generator, so the workload is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// What the test expects of one purchase order line.
#[derive(Debug, Clone, Copy)]
struct ModelLine {
    po: i64,
    product: i64,
    quantity: i64,
    received: i64,
    closed_short: i64,
}

dual_test!(
    random_workload_on_order_and_stock_recompute,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "ALPHA-LU").await;
        let t = a.token.as_str();
        let mut products = Vec::new();
        for i in 0..5 {
            products.push(new_product(&app, t, &format!("SKU-{i}")).await);
        }
        let sups = [
            supplier(&app, t, json!({"name": "North"})).await,
            supplier(&app, t, json!({"name": "South"})).await,
        ];
        let mut rng = Rng(0x5EED_0F0F_1234_ABCD);
        let mut pos = Vec::new();
        let mut model: BTreeMap<i64, ModelLine> = BTreeMap::new();
        let mut status: BTreeMap<i64, String> = BTreeMap::new();
        for i in 0..8 {
            let mut pick = products.clone();
            // Fisher–Yates, then the first n.
            for k in (1..pick.len()).rev() {
                pick.swap(k, rng.range(0, k as i64) as usize);
            }
            let n = rng.range(1, 5) as usize;
            let costs: Vec<String> = (0..n)
                .map(|_| format!("{}.{:02}", rng.range(0, 30), rng.range(0, 99)))
                .collect();
            let ls: Vec<(i64, i64, &str)> = pick[..n]
                .iter()
                .zip(&costs)
                .map(|(p, c)| (*p, rng.range(1, 20), c.as_str()))
                .collect();
            let d = draft(&app, t, sups[i % 2], &ls).await;
            // The last one stays a draft, which is not on order.
            let po = if i < 7 {
                place(&app, t, id(&d)).await
            } else {
                d
            };
            for l in po["lines"].as_array().unwrap() {
                model.insert(
                    l["id"].as_i64().unwrap(),
                    ModelLine {
                        po: id(&po),
                        product: l["product_id"].as_i64().unwrap(),
                        quantity: l["quantity"].as_i64().unwrap(),
                        received: 0,
                        closed_short: 0,
                    },
                );
            }
            status.insert(id(&po), po["status"].as_str().unwrap().to_owned());
            pos.push(id(&po));
        }
        let mut received: BTreeMap<i64, i64> = BTreeMap::new();
        let (mut accepted, mut over, mut refused_closed) = (0, 0, 0);
        // POs 0..6 receive; PO 6 is cancelled later; PO 7 is a draft.
        for _ in 0..30 {
            let po = pos[rng.range(0, 5) as usize];
            let open: Vec<(i64, i64)> = model
                .iter()
                .filter(|(_, m)| m.po == po)
                .map(|(l, m)| (*l, m.quantity - m.received - m.closed_short))
                .filter(|(_, o)| *o > 0)
                .collect();
            if open.is_empty() {
                // Fully received: any further receipt is refused.
                let any = *model.iter().find(|(_, m)| m.po == po).unwrap().0;
                let (st, e) = receive(&app, t, po, receipt_body(&[(any, 1)]), None).await;
                assert_eq!(st, 409, "{e}");
                refused_closed += 1;
                continue;
            }
            let mut chosen: Vec<(i64, i64)> = Vec::new();
            for (l, o) in &open {
                if rng.range(0, 1) == 1 || (chosen.is_empty() && *l == open.last().unwrap().0) {
                    // Mostly small deliveries, so some orders stay open.
                    let most = if rng.range(0, 3) == 0 {
                        *o
                    } else {
                        (*o / 3).max(1)
                    };
                    chosen.push((*l, rng.range(1, most)));
                }
            }
            let over_receipt = rng.range(0, 7) == 0;
            if over_receipt {
                let (l, _) = chosen[0];
                let o = open.iter().find(|(x, _)| *x == l).unwrap().1;
                chosen[0].1 = o + rng.range(1, 3);
            }
            let (st, r) = receive(&app, t, po, receipt_body(&chosen), None).await;
            if over_receipt {
                assert_eq!(st, 409, "{r}");
                over += 1;
                continue;
            }
            assert_eq!(st, 201, "{r}");
            accepted += 1;
            for (l, q) in &chosen {
                let m = model.get_mut(l).unwrap();
                m.received += q;
                *received.entry(m.product).or_default() += q;
            }
            let complete = model
                .values()
                .filter(|m| m.po == po)
                .all(|m| m.received == m.quantity);
            let want = if complete {
                "received"
            } else {
                "partially_received"
            };
            assert_eq!(r["purchase_order"]["status"], want, "{r}");
            status.insert(po, want.to_owned());
        }
        assert!(
            accepted >= 10 && over >= 1,
            "the workload exercised receipts: {accepted} {over} {refused_closed}"
        );
        // Receive the rest of one order in full.
        let to_finish = *pos[..6]
            .iter()
            .find(|p| status[*p] == "partially_received")
            .expect("a partially received PO to finish");
        let rest: Vec<(i64, i64)> = model
            .iter()
            .filter(|(_, m)| m.po == to_finish && m.quantity > m.received)
            .map(|(l, m)| (*l, m.quantity - m.received))
            .collect();
        let (st, r) = receive(&app, t, to_finish, receipt_body(&rest), None).await;
        assert_eq!(
            (st, r["purchase_order"]["status"].as_str()),
            (201, Some("received")),
            "{r}"
        );
        for (l, q) in &rest {
            let m = model.get_mut(l).unwrap();
            m.received += q;
            *received.entry(m.product).or_default() += q;
        }
        status.insert(to_finish, "received".into());
        let (st, _) = receive(&app, t, to_finish, receipt_body(&rest[..1]), None).await;
        assert_eq!(st, 409, "nothing more to receive");
        // Close one partially received PO short; cancel the PO that received nothing.
        let to_close = *pos[..6]
            .iter()
            .find(|p| status[*p] == "partially_received")
            .expect("a partially received PO to close");
        let (st, c) = action(&app, t, to_close, "close").await;
        assert_eq!((st, c["status"].as_str()), (200, Some("closed")), "{c}");
        for m in model.values_mut().filter(|m| m.po == to_close) {
            m.closed_short = m.quantity - m.received;
        }
        status.insert(to_close, "closed".into());
        let (st, c) = action(&app, t, pos[6], "cancel").await;
        assert_eq!((st, c["status"].as_str()), (200, Some("cancelled")), "{c}");
        status.insert(pos[6], "cancelled".into());
        if let Some(p) = pos[..6].iter().find(|p| status[*p] == "partially_received") {
            assert_eq!(action(&app, t, *p, "cancel").await.0, 409);
        }

        // Recompute from the purchase orders as the API shows them …
        let mut from_api: BTreeMap<i64, i64> = BTreeMap::new();
        let mut receipts_sum: BTreeMap<i64, i64> = BTreeMap::new();
        for po in &pos {
            let o = get_po(&app, t, *po).await;
            assert_eq!(o["status"], status[po].as_str(), "{o}");
            let open_status = matches!(status[po].as_str(), "ordered" | "partially_received");
            let (_, rs) = app.get(&format!("{PO}/{po}/receipts"), Some(t)).await;
            let mut per_line: BTreeMap<i64, i64> = BTreeMap::new();
            for r in rs.as_array().unwrap() {
                for rl in r["lines"].as_array().unwrap() {
                    *per_line.entry(rl["line_id"].as_i64().unwrap()).or_default() +=
                        rl["quantity"].as_i64().unwrap();
                    *receipts_sum
                        .entry(rl["product_id"].as_i64().unwrap())
                        .or_default() += rl["quantity"].as_i64().unwrap();
                }
            }
            for l in o["lines"].as_array().unwrap() {
                let lid = l["id"].as_i64().unwrap();
                let m = model[&lid];
                let (q, r, c) = (
                    l["quantity"].as_i64().unwrap(),
                    l["received"].as_i64().unwrap(),
                    l["closed_short"].as_i64().unwrap(),
                );
                assert_eq!(
                    (q, r, c),
                    (m.quantity, m.received, m.closed_short),
                    "line {lid}: {o}"
                );
                assert_eq!(l["open"].as_i64().unwrap(), q - r - c);
                assert_eq!(
                    per_line.get(&lid).copied().unwrap_or(0),
                    r,
                    "receipts of line {lid}"
                );
                if open_status && q - r - c > 0 {
                    *from_api.entry(m.product).or_default() += q - r - c;
                }
            }
        }
        // … and from the model kept by the test.
        let mut from_model: BTreeMap<i64, i64> = BTreeMap::new();
        for m in model.values() {
            let open_status = matches!(status[&m.po].as_str(), "ordered" | "partially_received");
            let left = m.quantity - m.received - m.closed_short;
            if open_status && left > 0 {
                *from_model.entry(m.product).or_default() += left;
            }
        }
        assert_eq!(from_api, from_model);
        assert!(
            !from_api.is_empty(),
            "some stock is still on order: {status:?}"
        );
        assert_eq!(incoming(&app, t).await, from_api, "incoming stock");
        assert_eq!(
            receipts_sum, received,
            "the receipts list every accepted receipt"
        );
        for p in &products {
            let want = from_api.get(p).copied().unwrap_or(0);
            assert_eq!(
                purchasing_of(&app, t, *p).await["on_order"],
                want,
                "product {p}"
            );
            if let Some(oo) = inventory_on_order(&app, t, *p).await {
                assert_eq!(oo, want, "inventory on_order of {p}");
            }
            assert_eq!(
                on_hand(&app, t, *p).await,
                received.get(p).copied().unwrap_or(0),
                "on hand of {p} is the sum of its receipts"
            );
        }
    }
);

// ----- 6. average cost -----

dual_test!(average_cost_through_receipts, |app: TestApp| async move {
    let (_, a) = setup(&app, "ALPHA-LU").await;
    let t = a.token.as_str();
    let mug = new_product(&app, t, "MUG").await;
    let s = supplier(&app, t, json!({"name": "Acme"})).await;
    let b = purchasing_of(&app, t, mug).await;
    assert_eq!(
        (&b["average_cost"], &b["on_order"]),
        (&Value::Null, &json!(0))
    );

    let o1 = ordered(&app, t, s, &[(mug, 10, "4.50")]).await;
    let (st, r) = receive(
        &app,
        t,
        id(&o1),
        receipt_body(&[(line_ids(&o1)[0], 10)]),
        None,
    )
    .await;
    assert_eq!(st, 201, "{r}");
    let b = purchasing_of(&app, t, mug).await;
    assert_eq!(
        (
            b["average_cost"].as_str(),
            b["average_cost_quantity"].as_i64()
        ),
        (Some("4.50"), Some(10)),
        "{b}"
    );

    let o2 = ordered(&app, t, s, &[(mug, 5, "9.99")]).await;
    let (st, r) = receive(
        &app,
        t,
        id(&o2),
        receipt_body(&[(line_ids(&o2)[0], 5)]),
        None,
    )
    .await;
    assert_eq!(st, 201, "{r}");
    let b = purchasing_of(&app, t, mug).await;
    // (10 × 4.50 + 5 × 9.99) / 15 = 94.95 / 15 = 6.33
    assert_eq!(
        (
            b["average_cost"].as_str(),
            b["average_cost_quantity"].as_i64()
        ),
        (Some("6.33"), Some(15)),
        "{b}"
    );
    let offer = &b["suppliers"][0];
    assert_eq!(
        (
            offer["supplier_id"].as_i64(),
            offer["last_unit_cost"].as_str()
        ),
        (Some(s), Some("9.99")),
        "{b}"
    );

    // Sold down to 2, then 2 more at 3.00: (2 × 6.33 + 2 × 3.00) / 4 = 4.665 → 4.67.
    adjust(&app, t, mug, -13).await;
    let o3 = ordered(&app, t, s, &[(mug, 2, "3.00")]).await;
    let (st, _) = receive(
        &app,
        t,
        id(&o3),
        receipt_body(&[(line_ids(&o3)[0], 2)]),
        None,
    )
    .await;
    assert_eq!(st, 201);
    let b = purchasing_of(&app, t, mug).await;
    assert_eq!(
        (
            b["average_cost"].as_str(),
            b["average_cost_quantity"].as_i64()
        ),
        (Some("4.67"), Some(4)),
        "{b}"
    );

    // What is on order, and when it is expected.
    let d = draft(&app, t, s, &[(mug, 7, "3.00")]).await;
    let (st, _) = app
        .json(
            "PATCH",
            &format!("{PO}/{}", id(&d)),
            Some(json!({"expected_at": "2031-01-15"})),
            Some(t),
        )
        .await;
    assert_eq!(st, 200);
    place(&app, t, id(&d)).await;
    let b = purchasing_of(&app, t, mug).await;
    assert_eq!(
        (b["on_order"].as_i64(), b["next_expected_at"].as_str()),
        (Some(7), Some("2031-01-15")),
        "{b}"
    );
    // Ordering does not change the average; only receipts do.
    assert_eq!(b["average_cost"], "4.67");
});

// ----- 7. reorder rules and suggestions -----

dual_test!(
    reorder_rules_suggestions_and_drafts,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "ALPHA-LU").await;
        let t = a.token.as_str();
        let pa = new_product(&app, t, "P-A").await;
        let pb = new_product(&app, t, "P-B").await;
        let pc = new_product(&app, t, "P-C").await;
        let pd = new_product(&app, t, "P-D").await;
        let s1 = supplier(&app, t, json!({"name": "Supplier One"})).await;
        let s2 = supplier(&app, t, json!({"name": "Supplier Two"})).await;
        for (s, p, cost, min) in [(s1, pa, "4.00", 20), (s2, pb, "2.50", 50)] {
            let (st, b) = app
                .json(
                    "PUT",
                    &format!("{SUPPLIERS}/{s}/products/{p}"),
                    Some(json!({"supplier_sku": "X-1", "unit_cost": cost, "min_order_quantity": min})),
                    Some(t),
                )
                .await;
            assert_eq!(st, 200, "{b}");
        }
        adjust(&app, t, pa, 3).await;
        adjust(&app, t, pd, 100).await;
        // 2 of P-A on order already.
        ordered(&app, t, s1, &[(pa, 2, "4.00")]).await;

        // Rules by PUT, checked.
        let (st, r) = app
            .json(
                "PUT",
                &format!("/api/v1/store/reorder-rules/{pa}"),
                Some(json!({"reorder_point": 5, "target_level": 30, "supplier_id": s1})),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["reorder_point"].as_i64(), r["supplier_id"].as_i64()),
            (Some(5), Some(s1))
        );
        let bad = app
            .json(
                "PUT",
                &format!("/api/v1/store/reorder-rules/{pb}"),
                Some(json!({"reorder_point": 9, "target_level": 3})),
                Some(t),
            )
            .await;
        assert_invalid(&bad, "target_level");
        let bad = app
            .json(
                "PUT",
                &format!("/api/v1/store/reorder-rules/{pb}"),
                Some(json!({"reorder_point": 1, "target_level": 3, "supplier_id": 987654})),
                Some(t),
            )
            .await;
        assert_invalid(&bad, "supplier_id");
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/reorder-rules/987654",
                Some(json!({"reorder_point": 1, "target_level": 3})),
                Some(t),
            )
            .await;
        assert_eq!(st, 404);

        // CSV import: one bad row and nothing is applied; every bad row is listed.
        let csv = "sku,reorder_point,target_level,supplier\n\
                   P-B,10,12,Supplier Two\n\
                   P-C,1,4,\n\
                   NOPE,1,2,\n\
                   P-D,5,x,\n\
                   P-D,9,3,\n\
                   P-B,1,2,Nobody\n";
        let (st, rep) = post_csv(&app, t, "/api/v1/store/reorder-rules/import", csv).await;
        assert_eq!(st, 200, "{rep}");
        assert_eq!(
            (
                rep["applied"].as_bool(),
                rep["set"].as_i64(),
                rep["rejected"].as_i64()
            ),
            (Some(false), Some(0), Some(4)),
            "{rep}"
        );
        let errors: BTreeSet<(i64, String)> = rep["errors"]
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
        let want: BTreeSet<(i64, String)> = [
            (4, "sku"),
            (5, "target_level"),
            (6, "target_level"),
            (7, "supplier"),
        ]
        .into_iter()
        .map(|(r, c)| (r, c.to_owned()))
        .collect();
        assert_eq!(errors, want, "{rep}");
        let (_, rules) = app.get("/api/v1/store/reorder-rules", Some(t)).await;
        assert_eq!(
            rules.as_array().unwrap().len(),
            1,
            "nothing applied: {rules}"
        );

        let csv = "sku;reorder_point;target_level;supplier\n\
                   P-B;10;12;supplier two\n\
                   P-C;1;4;\n\
                   P-D;5;50;\n";
        let (st, rep) = post_csv(&app, t, "/api/v1/store/reorder-rules/import", csv).await;
        assert_eq!(st, 200, "{rep}");
        assert_eq!(
            (rep["applied"].as_bool(), rep["set"].as_i64()),
            (Some(true), Some(3)),
            "{rep}"
        );
        let (_, rules) = app.get("/api/v1/store/reorder-rules", Some(t)).await;
        let rules: BTreeMap<i64, Value> = rules
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["product_id"].as_i64().unwrap(), r.clone()))
            .collect();
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[&pb]["supplier_id"], s2);
        assert_eq!(rules[&pc]["supplier_id"], Value::Null);

        // Suggestions: at or below the point, filled up to the target, at least the minimum.
        let (st, sug) = app.get("/api/v1/store/reorder-suggestions", Some(t)).await;
        assert_eq!(st, 200, "{sug}");
        let sug: BTreeMap<i64, Value> = sug["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["product_id"].as_i64().unwrap(), s.clone()))
            .collect();
        assert_eq!(
            sug.keys().copied().collect::<Vec<_>>(),
            {
                let mut v = vec![pa, pb, pc];
                v.sort();
                v
            },
            "P-D (100 in stock) is above its point: {sug:?}"
        );
        let got = |p: i64| {
            let s = &sug[&p];
            (
                s["available"].as_i64().unwrap(),
                s["on_order"].as_i64().unwrap(),
                s["quantity"].as_i64().unwrap(),
                s["supplier_id"].as_i64(),
            )
        };
        assert_eq!(got(pa), (3, 2, 25, Some(s1)), "30 − 3 − 2");
        assert_eq!(
            got(pb),
            (0, 0, 50, Some(s2)),
            "12 needed, the minimum is 50"
        );
        assert_eq!(got(pc), (0, 0, 4, None));
        assert_eq!(sug[&pa]["unit_cost"], "4.00");

        // Drafts from suggestions: one per supplier; a product without supplier is refused.
        let (_, before) = app.get(&format!("{PO}?status=draft"), Some(t)).await;
        let (st, e) = app
            .post(
                "/api/v1/store/reorder-suggestions/drafts",
                json!({"lines": [{"product_id": pa}, {"product_id": pb, "quantity": 60}, {"product_id": pc}]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "{e}");
        assert!(
            e["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["field"] == "lines[2].product_id"
                    && x["message"].as_str().unwrap().contains("P-C")),
            "the product without supplier is named: {e}"
        );
        let (_, after) = app.get(&format!("{PO}?status=draft"), Some(t)).await;
        assert_eq!(before["total"], after["total"], "nothing was created");
        let not_due = app
            .post(
                "/api/v1/store/reorder-suggestions/drafts",
                json!({"lines": [{"product_id": pd}]}),
                Some(t),
            )
            .await;
        assert_invalid(&not_due, "lines[0].product_id");
        let zero = app
            .post(
                "/api/v1/store/reorder-suggestions/drafts",
                json!({"lines": [{"product_id": pa}, {"product_id": pb, "quantity": 0}]}),
                Some(t),
            )
            .await;
        assert_invalid(&zero, "lines[1].quantity");
        let twice = app
            .post(
                "/api/v1/store/reorder-suggestions/drafts",
                json!({"lines": [{"product_id": pb}, {"product_id": pa}, {"product_id": pa}]}),
                Some(t),
            )
            .await;
        assert_invalid(&twice, "lines[2].product_id");
        let (_, after) = app.get(&format!("{PO}?status=draft"), Some(t)).await;
        assert_eq!(before["total"], after["total"], "nothing was created");

        let (st, made) = app
            .post(
                "/api/v1/store/reorder-suggestions/drafts",
                json!({"lines": [{"product_id": pa}, {"product_id": pb, "quantity": 60}]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{made}");
        let made = made["purchase_orders"].as_array().unwrap();
        assert_eq!(made.len(), 2, "one draft per supplier: {made:?}");
        let by_supplier: BTreeMap<i64, &Value> = made
            .iter()
            .map(|p| (p["supplier_id"].as_i64().unwrap(), p))
            .collect();
        let one = by_supplier[&s1];
        let two = by_supplier[&s2];
        assert_eq!(
            (
                one["status"].as_str(),
                one["lines"].as_array().unwrap().len(),
                one["lines"][0]["product_id"].as_i64(),
                one["lines"][0]["quantity"].as_i64(),
                one["lines"][0]["unit_cost"].as_str()
            ),
            (Some("draft"), 1, Some(pa), Some(25), Some("4.00"))
        );
        assert_eq!(
            (
                two["lines"].as_array().unwrap().len(),
                two["lines"][0]["product_id"].as_i64(),
                two["lines"][0]["quantity"].as_i64(),
                two["lines"][0]["unit_cost"].as_str()
            ),
            (1, Some(pb), Some(60), Some("2.50"))
        );
        // Once P-A's draft is ordered, 27 are on order: no longer suggested.
        place(&app, t, id(one)).await;
        let (_, sug) = app.get("/api/v1/store/reorder-suggestions", Some(t)).await;
        let ids: BTreeSet<i64> = sug["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["product_id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, BTreeSet::from([pb, pc]), "{sug}");
    }
);

// ----- 8. tenancy, plan and permission -----

dual_test!(
    tenancy_plan_and_permission_gates,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "ALPHA-LU").await;
        let t = a.token.as_str();
        let mug = new_product(&app, t, "MUG").await;
        let s = supplier(&app, t, json!({"name": "Acme"})).await;
        let o = ordered(&app, t, s, &[(mug, 10, "1.00")]).await;
        let po = id(&o);
        let l = line_ids(&o)[0];
        let (st, _) = receive(&app, t, po, receipt_body(&[(l, 2)]), None).await;
        assert_eq!(st, 201);
        let d = draft(&app, t, s, &[(mug, 1, "1.00")]).await;

        // Store B sees none of it.
        let b = app.merchant_with_store(&admin, "BETA-LU").await;
        set_tier(&app, &admin, b.merchant_id, "professional").await;
        let bt = b.token.as_str();
        let dp = id(&d);
        for (method, path, body) in [
            ("GET", format!("{PO}/{po}"), None),
            ("PATCH", format!("{PO}/{dp}"), Some(json!({"notes": "x"}))),
            ("DELETE", format!("{PO}/{dp}"), None),
            ("POST", format!("{PO}/{dp}/order"), Some(json!({}))),
            ("POST", format!("{PO}/{po}/cancel"), Some(json!({}))),
            ("POST", format!("{PO}/{po}/close"), Some(json!({}))),
            ("GET", format!("{PO}/{po}/receipts"), None),
            (
                "POST",
                format!("{PO}/{po}/receipts"),
                Some(receipt_body(&[(l, 1)])),
            ),
            ("GET", format!("{PO}/{po}/pdf"), None),
            ("GET", format!("{SUPPLIERS}/{s}"), None),
            (
                "PATCH",
                format!("{SUPPLIERS}/{s}"),
                Some(json!({"notes": "x"})),
            ),
            ("DELETE", format!("{SUPPLIERS}/{s}"), None),
            ("GET", format!("{SUPPLIERS}/{s}/products"), None),
            (
                "GET",
                format!("/api/v1/store/purchasing/products/{mug}"),
                None,
            ),
            (
                "PUT",
                format!("/api/v1/store/reorder-rules/{mug}"),
                Some(json!({"reorder_point": 1, "target_level": 2})),
            ),
        ] {
            let (st, e) = app.json(method, &path, body, Some(bt)).await;
            assert_eq!(st, 404, "{method} {path}: {e}");
        }
        let (st, e) = receive(&app, bt, po, receipt_body(&[(l, 1)]), Some("k-1")).await;
        assert_eq!(st, 404, "{e}");
        // Store B cannot use A's supplier or product in its own orders.
        assert_invalid(
            &app.post(PO, json!({"supplier_id": s, "lines": []}), Some(bt))
                .await,
            "supplier_id",
        );
        let bs = supplier(&app, bt, json!({"name": "Acme"})).await;
        assert_invalid(
            &app.post(
                PO,
                json!({"supplier_id": bs, "lines": lines(&[(mug, 1, "1.00")])}),
                Some(bt),
            )
            .await,
            "lines[0].product_id",
        );
        let (st, e) = app
            .json(
                "PUT",
                &format!("{SUPPLIERS}/{bs}/products/{mug}"),
                Some(json!({"min_order_quantity": 2})),
                Some(bt),
            )
            .await;
        assert!(st == 404 || st == 422, "{st} {e}");
        let (_, list) = app.get(PO, Some(bt)).await;
        assert_eq!(list["total"], 0, "{list}");
        assert!(incoming(&app, bt).await.is_empty());
        let (_, sups) = app.get(SUPPLIERS, Some(bt)).await;
        assert_eq!(sups.as_array().unwrap().len(), 1, "{sups}");
        let (_, _, csv) = download(&app, bt, &format!("{PO}/export")).await;
        assert_eq!(
            String::from_utf8(csv).unwrap().lines().count(),
            1,
            "only the header"
        );
        // A's data is untouched.
        let now = get_po(&app, t, po).await;
        assert_eq!(
            (now["status"].as_str(), now["lines"][0]["received"].as_i64()),
            (Some("partially_received"), Some(2))
        );
        assert_eq!(get_po(&app, t, dp).await["notes"], Value::Null);
        assert_eq!(on_hand(&app, t, mug).await, 2);

        // An Essential merchant has no purchasing.
        let c = app.merchant_with_store(&admin, "GAMMA-LU").await;
        set_tier(&app, &admin, c.merchant_id, "essential").await;
        let ct = c.token.as_str();
        let cp = new_product(&app, ct, "MUG").await;
        for (method, path, body) in [
            ("GET", SUPPLIERS.to_owned(), None),
            ("POST", SUPPLIERS.to_owned(), Some(json!({"name": "Acme"}))),
            ("GET", PO.to_owned(), None),
            (
                "POST",
                PO.to_owned(),
                Some(json!({"supplier_id": 1, "lines": []})),
            ),
            ("GET", INCOMING.to_owned(), None),
            ("GET", "/api/v1/store/reorder-suggestions".to_owned(), None),
            (
                "GET",
                format!("/api/v1/store/purchasing/products/{cp}"),
                None,
            ),
            ("GET", format!("{PO}/export"), None),
        ] {
            let (st, e) = app.json(method, &path, body, Some(ct)).await;
            assert_eq!(
                (st, e["type"].as_str()),
                (403, Some("/problems/feature-not-in-tier")),
                "{method} {path}: {e}"
            );
        }
        // Downgraded, A keeps its data but cannot work with it.
        set_tier(&app, &admin, a.merchant_id, "essential").await;
        let (st, e) = receive(&app, t, po, receipt_body(&[(l, 1)]), None).await;
        assert_eq!(
            (st, e["type"].as_str()),
            (403, Some("/problems/feature-not-in-tier")),
            "{e}"
        );
        set_tier(&app, &admin, a.merchant_id, "professional").await;

        // Staff has no `purchasing.manage`; incoming stock needs only `inventory.view`.
        let staff = member(&app, t, "ALPHA-LU", "staff@test.example", "staff").await;
        for (method, path, body) in [
            ("GET", SUPPLIERS.to_owned(), None),
            ("POST", SUPPLIERS.to_owned(), Some(json!({"name": "Other"}))),
            ("GET", PO.to_owned(), None),
            ("GET", format!("{PO}/{po}"), None),
            (
                "POST",
                PO.to_owned(),
                Some(json!({"supplier_id": s, "lines": []})),
            ),
            ("POST", format!("{PO}/{dp}/order"), Some(json!({}))),
            (
                "POST",
                format!("{PO}/{po}/receipts"),
                Some(receipt_body(&[(l, 1)])),
            ),
            ("POST", format!("{PO}/{po}/close"), Some(json!({}))),
            ("GET", format!("{PO}/{po}/pdf"), None),
            ("GET", "/api/v1/store/reorder-rules".to_owned(), None),
        ] {
            let (st, e) = app.json(method, &path, body, Some(&staff)).await;
            assert_eq!(
                (st, e["type"].as_str()),
                (403, Some("/problems/forbidden")),
                "{method} {path}: {e}"
            );
        }
        assert_eq!(incoming(&app, &staff).await, BTreeMap::from([(mug, 8)]));
        assert_eq!(on_hand(&app, t, mug).await, 2, "staff received nothing");
        assert_eq!(get_po(&app, t, po).await["status"], "partially_received");
    }
);

// ----- 9. bad input -----

dual_test!(bad_input_is_named_never_a_500, |app: TestApp| async move {
    let (_, a) = setup(&app, "ALPHA-LU").await;
    let t = a.token.as_str();
    let mug = new_product(&app, t, "MUG").await;
    let tee = new_product(&app, t, "TEE").await;
    let s = supplier(&app, t, json!({"name": "Acme"})).await;
    let line = |p: Value, q: Value, c: Value| json!({"supplier_id": s, "lines": [{"product_id": p, "quantity": q, "unit_cost": c}]});

    // Drafts.
    assert_invalid(
        &app.post(PO, line(json!(987654), json!(1), json!("1.00")), Some(t))
            .await,
        "lines[0].product_id",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!(0), json!("1.00")), Some(t))
            .await,
        "lines[0].quantity",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!(-3), json!("1.00")), Some(t))
            .await,
        "lines[0].quantity",
    );
    assert_invalid(
        &app.post(
            PO,
            line(json!(mug), json!(10_000_000_000_i64), json!("1.00")),
            Some(t),
        )
        .await,
        "lines[0].quantity",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!(1), json!("-1.00")), Some(t))
            .await,
        "lines[0].unit_cost",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!(1), json!("1.234")), Some(t))
            .await,
        "lines[0].unit_cost",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!(1), json!("2000000.00")), Some(t))
            .await,
        "lines[0].unit_cost",
    );
    assert_invalid(
        &app.post(PO, line(json!(mug), json!("many"), json!("1.00")), Some(t))
            .await,
        "lines[0].quantity",
    );
    assert_invalid(
        &app.post(
            PO,
            json!({"supplier_id": s, "lines": lines(&[(mug, 1, "1.00"), (mug, 2, "1.00")])}),
            Some(t),
        )
        .await,
        "lines[1].product_id",
    );
    assert_invalid(
        &app.post(PO, json!({"supplier_id": s, "bogus": 1}), Some(t))
            .await,
        "bogus",
    );
    assert_invalid(
            &app.post(PO, json!({"supplier_id": s, "lines": [{"product_id": mug, "quantity": 1, "unit_cost": "1.00", "discount": "1"}]}), Some(t)).await,
            "lines[0].discount",
        );
    assert_invalid(
        &app.post(PO, json!({"lines": []}), Some(t)).await,
        "supplier_id",
    );
    assert_invalid(
        &app.post(PO, json!({"supplier_id": 987654}), Some(t)).await,
        "supplier_id",
    );
    assert_invalid(
        &app.post(
            PO,
            json!({"supplier_id": s, "expected_at": "2031-13-45"}),
            Some(t),
        )
        .await,
        "expected_at",
    );
    let (st, _) = app
        .post(
            PO,
            json!({"supplier_id": s, "lines": [{"product_id": mug}]}),
            Some(t),
        )
        .await;
    assert_eq!(st, 422);
    // A refused edit leaves the draft as it was.
    let d = draft(&app, t, s, &[(mug, 2, "1.00")]).await;
    let dp = id(&d);
    let bad = app
        .json(
            "PATCH",
            &format!("{PO}/{dp}"),
            Some(json!({"notes": "n", "lines": lines(&[(tee, 1, "1.00"), (987654, 1, "1.00")])})),
            Some(t),
        )
        .await;
    assert_invalid(&bad, "lines[1].product_id");
    let now = get_po(&app, t, dp).await;
    assert_eq!(
        (
            now["lines"].as_array().unwrap().len(),
            now["lines"][0]["product_id"].as_i64(),
            now["total"].as_str(),
            &now["notes"]
        ),
        (1, Some(mug), Some("2.00"), &Value::Null)
    );

    // Receipts.
    let o1 = ordered(&app, t, s, &[(mug, 5, "1.00")]).await;
    let o2 = ordered(&app, t, s, &[(tee, 5, "1.00")]).await;
    let (p1, l1, l2) = (id(&o1), line_ids(&o1)[0], line_ids(&o2)[0]);
    assert_invalid(
        &receive(&app, t, p1, receipt_body(&[(l2, 1)]), None).await,
        "lines[0].line_id",
    );
    assert_invalid(
        &receive(&app, t, p1, receipt_body(&[(l1, 0)]), None).await,
        "lines[0].quantity",
    );
    assert_invalid(
        &receive(&app, t, p1, receipt_body(&[(l1, 1), (l1, -1)]), None).await,
        "lines[1].quantity",
    );
    assert_invalid(
        &receive(&app, t, p1, json!({"lines": []}), None).await,
        "lines",
    );
    assert_invalid(
        &receive(
            &app,
            t,
            p1,
            json!({"lines": [{"line_id": l1, "quantity": 1, "sku": "MUG"}]}),
            None,
        )
        .await,
        "lines[0].sku",
    );
    assert_invalid(
        &receive(
            &app,
            t,
            p1,
            json!({"lines": [{"line_id": l1, "quantity": 1, "warehouse_id": 987654}]}),
            None,
        )
        .await,
        "lines[0].warehouse_id",
    );
    assert_invalid(
        &receive(
            &app,
            t,
            p1,
            receipt_body(&[(l1, 1)]),
            Some(&"k".repeat(201)),
        )
        .await,
        "Idempotency-Key",
    );
    assert_eq!(on_hand(&app, t, mug).await, 0, "nothing was received");
    assert_eq!(on_hand(&app, t, tee).await, 0);

    // Suppliers, rules, suggestions, lists.
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "B", "email": "not-an-email"}), "email"),
        (json!({"name": "B", "country": "Luxembourg"}), "country"),
        (json!({"name": "B", "currency": "USD"}), "currency"),
        (json!({"name": "B", "language": "es"}), "language"),
        (
            json!({"name": "B", "lead_time_days": 999}),
            "lead_time_days",
        ),
        (json!({"name": "B", "rating": 5}), "rating"),
    ] {
        assert_invalid(&app.post(SUPPLIERS, body, Some(t)).await, field);
    }
    assert_invalid(
        &app.json(
            "PUT",
            &format!("/api/v1/store/reorder-rules/{mug}"),
            Some(json!({"reorder_point": -1, "target_level": 3})),
            Some(t),
        )
        .await,
        "reorder_point",
    );
    assert_invalid(
        &app.json(
            "PUT",
            &format!("{SUPPLIERS}/{s}/products/{mug}"),
            Some(json!({"min_order_quantity": 0})),
            Some(t),
        )
        .await,
        "min_order_quantity",
    );
    let (st, _) = app
        .post(
            "/api/v1/store/reorder-suggestions/drafts",
            json!({"lines": []}),
            Some(t),
        )
        .await;
    assert_eq!(st, 422);
    assert_invalid(
        &app.get(&format!("{PO}?status=lost"), Some(t)).await,
        "status",
    );
    assert_invalid(
        &app.get(&format!("{PO}/export?dialect=lotus"), Some(t))
            .await,
        "dialect",
    );
    let (st, _) = post_csv(&app, t, "/api/v1/store/reorder-rules/import", "").await;
    assert_eq!(st, 422);
    let (st, _) = post_csv(&app, t, "/api/v1/store/reorder-rules/import", "a,b\n1,2\n").await;
    assert_eq!(st, 422);

    // Whatever the input, never a 500.
    for (method, path, body) in [
        ("GET", format!("{PO}/987654"), None),
        ("GET", format!("{PO}/abc"), None),
        ("GET", format!("{PO}/-1"), None),
        ("GET", format!("{PO}/99999999999999999999"), None),
        ("POST", format!("{PO}/987654/order"), Some(json!({}))),
        (
            "POST",
            format!("{PO}/987654/receipts"),
            Some(receipt_body(&[(l1, 1)])),
        ),
        ("GET", format!("{PO}/987654/pdf"), None),
        ("POST", PO.to_owned(), Some(json!([1, 2]))),
        ("POST", PO.to_owned(), Some(json!({"supplier_id": "one"}))),
        (
            "POST",
            PO.to_owned(),
            Some(json!({"supplier_id": s, "lines": {"product_id": mug}})),
        ),
        (
            "POST",
            PO.to_owned(),
            Some(json!({"supplier_id": s, "notes": "x".repeat(6000)})),
        ),
        (
            "POST",
            PO.to_owned(),
            Some(json!({"supplier_id": i64::MAX})),
        ),
        (
            "POST",
            format!("{PO}/{p1}/receipts"),
            Some(json!({"lines": [{"line_id": l1, "quantity": i64::MAX}]})),
        ),
        (
            "POST",
            format!("{PO}/{p1}/receipts"),
            Some(json!({"lines": [{"line_id": l1, "quantity": 1, "bin": "x".repeat(500)}]})),
        ),
        (
            "POST",
            format!("{PO}/{p1}/receipts"),
            Some(json!({"lines": [{"line_id": l1, "quantity": 1}], "note": "\u{0007}"})),
        ),
        (
            "PATCH",
            format!("{SUPPLIERS}/{s}"),
            Some(json!({"name": "x".repeat(300)})),
        ),
        (
            "PATCH",
            format!("{SUPPLIERS}/987654"),
            Some(json!({"name": "x"})),
        ),
        (
            "PUT",
            format!("{SUPPLIERS}/{s}/products/987654"),
            Some(json!({})),
        ),
        (
            "PUT",
            format!("/api/v1/store/reorder-rules/{mug}"),
            Some(json!({"reorder_point": i64::MAX, "target_level": i64::MAX})),
        ),
        (
            "POST",
            "/api/v1/store/reorder-suggestions/drafts".to_owned(),
            Some(json!({"lines": [{"product_id": 987654, "quantity": -5}]})),
        ),
        (
            "GET",
            "/api/v1/store/purchasing/products/987654".to_owned(),
            None,
        ),
    ] {
        let (st, e) = app.json(method, &path, body, Some(t)).await;
        assert!((400..500).contains(&st), "{method} {path}: {st} {e}");
    }
    assert_eq!(on_hand(&app, t, mug).await, 0);
    assert_eq!(get_po(&app, t, p1).await["lines"][0]["received"], 0);
    // A product on a purchase order is deactivated, not deleted; the order still reads.
    let (st, del) = app
        .json(
            "DELETE",
            &format!("/api/v1/store/products/{tee}"),
            None,
            Some(t),
        )
        .await;
    assert_eq!((st, del["deleted"].as_bool()), (200, Some(false)), "{del}");
    let o2_now = get_po(&app, t, id(&o2)).await;
    assert_eq!(o2_now["lines"][0]["sku"], "TEE", "{o2_now}");
    assert_eq!(
        incoming(&app, t).await,
        BTreeMap::from([(mug, 5), (tee, 5)])
    );
});

// ----- 10. documents -----

dual_test!(pdf_and_csv_export, |app: TestApp| async move {
    let (_, a) = setup(&app, "ALPHA-LU").await;
    let t = a.token.as_str();
    let mug = new_product(&app, t, "MUG").await;
    let tee = new_product(&app, t, "TEE").await;
    let cap = new_product(&app, t, "CAP").await;
    let s = supplier(&app, t, json!({"name": "Acme; Söhne", "language": "de"})).await;
    let o = ordered(&app, t, s, &[(mug, 10, "4.50"), (tee, 5, "9.99")]).await;
    let d = draft(
        &app,
        t,
        s,
        &[(mug, 1, "1.00"), (tee, 2, "2.00"), (cap, 3, "3.00")],
    )
    .await;

    for po in [id(&o), id(&d)] {
        let (st, ct, pdf) = download(&app, t, &format!("{PO}/{po}/pdf")).await;
        assert_eq!(st, 200, "{}", String::from_utf8_lossy(&pdf));
        assert!(ct.starts_with("application/pdf"), "{ct}");
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        assert!(pdf.len() > 500);
    }

    let (st, ct, body) = download(&app, t, &format!("{PO}/export")).await;
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let text = String::from_utf8(body).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..3], ["number", "status", "supplier"], "{text}");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "one row per line: {text}");
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let number = o["number"].as_str().unwrap();
    let ordered_rows: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[col("number")] == number)
        .collect();
    assert_eq!(ordered_rows.len(), 2, "{text}");
    assert_eq!(
        (
            &ordered_rows[0][col("sku")],
            &ordered_rows[0][col("quantity")],
            &ordered_rows[0][col("unit_cost")],
            &ordered_rows[0][col("line_total")]
        ),
        ("MUG", "10", "4.50", "45.00")
    );
    assert!(rows.iter().all(|r| &r[col("supplier")] == "Acme; Söhne"));
    assert_eq!(
        rows.iter().filter(|r| &r[col("status")] == "draft").count(),
        3
    );
    // With the list's filters.
    let (_, _, body) = download(&app, t, &format!("{PO}/export?status=ordered")).await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(
        text.lines().count(),
        3,
        "header and the ordered PO's 2 lines: {text}"
    );

    // Excel: BOM, semicolons, decimal commas.
    let (st, ct, body) = download(&app, t, &format!("{PO}/export?dialect=excel")).await;
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("number;status;supplier;"),
        "{text}"
    );
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "{text}");
    assert!(rows.iter().all(|r| r.len() == header.len()), "{text}");
    let mug_row = rows
        .iter()
        .find(|r| &r[0] == number && &r[col("sku")] == "MUG")
        .unwrap();
    assert_eq!(
        (&mug_row[col("unit_cost")], &mug_row[col("line_total")]),
        ("4,50", "45,00")
    );
    assert_eq!(&mug_row[col("supplier")], "Acme; Söhne");
});
