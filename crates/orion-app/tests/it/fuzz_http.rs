//! Fuzzing through the HTTP API, read from the OpenAPI document so that a new operation is
//! covered without listing it: every store operation that takes a JSON body receives
//! arbitrary JSON (generated with proptest, fixed seed), and the product import receives
//! arbitrary CSV files. No answer is a server error, and every refusal is a problem document.

use std::collections::BTreeMap;

use orion_testkit::{TestApp, dual_test};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

/// A deterministic runner: the same inputs every run, so a failure reproduces.
fn runner() -> TestRunner {
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[23; 32]),
    )
}

fn sample<S: Strategy>(runner: &mut TestRunner, s: &S) -> S::Value {
    s.new_tree(runner).expect("value").current()
}

/// JSON of any shape, biased towards the field names and values the API knows.
fn json_value() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "sku",
        "price",
        "quantity",
        "delta",
        "product_id",
        "order_id",
        "order_item_id",
        "email",
        "first_name",
        "country",
        "items",
        "title",
        "translations",
        "page",
        "role",
        "status",
        "tracking_number",
        "reason",
        "warehouse_id",
        "bin",
        "api_key",
        "endpoint",
        "lines",
        "shipping_address",
        "billing_address",
        "vat_id",
        "tier",
        "permissions",
        "name",
        "code",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![i64::MAX, i64::MIN, 0, -1, 1, 1 << 53]).prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::from),
        prop::sample::select(vec![
            "12,50",
            "1e309",
            "LU",
            "XX",
            "",
            "\u{0}",
            "9223372036854775808"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(names.clone(), inner, 0..6).prop_map(
                |m: BTreeMap<&str, Value>| {
                    Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                }
            ),
        ]
    })
}

/// A CSV file: a header of known and unknown columns, rows of arbitrary cells.
fn csv_file() -> impl Strategy<Value = String> {
    let column = prop::sample::select(vec![
        "sku",
        "title_en",
        "title_fr",
        "price",
        "sale_price",
        "gtin",
        "gtin_type",
        "active",
        "vat_rate_class",
        "product_type",
        "image_link",
        "stock",
        "zzz",
        "",
    ]);
    let cell = prop_oneof![
        ".{0,12}",
        Just("\"".to_owned()),
        Just("\"a\"\"b\"".to_owned()),
        Just("12,50".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("\u{feff}".to_owned()),
    ];
    (
        prop::sample::select(vec![",", ";", "\t"]),
        prop::collection::vec(column, 1..8),
        prop::collection::vec(prop::collection::vec(cell, 0..9), 0..6),
    )
        .prop_map(|(sep, header, rows)| {
            let mut out = header.join(sep);
            for r in rows {
                out.push('\n');
                out.push_str(&r.join(sep));
            }
            out
        })
}

/// (method, path) of every store operation with a JSON request body, ids filled in.
fn json_operations(doc: &Value, ids: &BTreeMap<&str, i64>) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/store") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let json_body = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| c.contains_key("application/json"));
            if !json_body || !["post", "put", "patch"].contains(&method.as_str()) {
                continue;
            }
            let mut concrete = path.clone();
            while let Some(start) = concrete.find('{') {
                let end = concrete[start..].find('}').unwrap() + start;
                let name = &concrete[start + 1..end];
                let id = ids.get(name).copied().unwrap_or(1);
                concrete.replace_range(start..=end, &id.to_string());
            }
            ops.push((method.to_uppercase(), concrete));
        }
    }
    ops
}

async fn send(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    ct: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let res = app
        .client
        .request(method.parse().unwrap(), app.url(path))
        .bearer_auth(token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), orion_testkit::content_type(&res))
}

dual_test!(
    arbitrary_json_and_csv_never_cause_a_server_error,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "FUZZ-LU").await;
        let t = a.token.as_str();
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "FUZZ-1", "translations": {"en": {"title": "Fuzz"}}, "price": "5.00"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let ids = BTreeMap::from([("product_id", p["id"].as_i64().unwrap())]);
        let (_, doc) = app.get("/api/openapi.json", None).await;
        let ops = json_operations(&doc, &ids);
        assert!(
            ops.len() >= 20,
            "the document lists the store operations: {ops:?}"
        );

        let mut runner = runner();
        let bodies = json_value();
        let mut failures = Vec::new();
        let mut sent = 0;
        for (method, path) in &ops {
            for _ in 0..25 {
                let body = serde_json::to_vec(&sample(&mut runner, &bodies)).unwrap();
                let (st, ct) = send(&app, t, method, path, "application/json", body.clone()).await;
                sent += 1;
                if st >= 500 || (st >= 400 && !ct.starts_with("application/problem+json")) {
                    failures.push(format!(
                        "{method} {path} {st} {ct} {}",
                        String::from_utf8_lossy(&body)
                    ));
                }
            }
        }
        let files = csv_file();
        for _ in 0..120 {
            let csv = sample(&mut runner, &files);
            let (st, ct) = send(
                &app,
                t,
                "POST",
                "/api/v1/store/products/import?dry_run=true",
                "text/csv",
                csv.clone().into_bytes(),
            )
            .await;
            sent += 1;
            if st >= 500 || (st >= 400 && !ct.starts_with("application/problem+json")) {
                failures.push(format!("import {st} {ct} {csv:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {sent} requests failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);
