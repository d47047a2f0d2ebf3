//! The OpenAPI document matches the router.

use orion_testkit::{TestApp, dual_test};

/// Replaces `{param}` segments with a plausible id.
pub fn concrete(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "1" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn operations(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

dual_test!(
    every_documented_operation_is_served,
    |app: TestApp| async move {
        let (st, doc) = app.get("/api/openapi.json", None).await;
        assert_eq!(st, 200);
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        let ops = operations(&doc);
        assert!(ops.len() >= 20, "{} operations", ops.len());
        for (method, path) in &ops {
            let (st, body) = app.json(method, &concrete(path), None, None).await;
            assert_ne!(
                body["type"], "/problems/no-route",
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                st, 405,
                "{method} {path} is documented but the method is not routed"
            );
            assert!(st < 500, "{method} {path} -> {st}");
            let op = &doc["paths"][path][method.to_lowercase()];
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} documents no responses"
            );
        }
    }
);

dual_test!(
    undocumented_api_paths_are_problem_404s,
    |app: TestApp| async move {
        let (st, b) = app.get("/api/v1/nope", None).await;
        assert_eq!((st, b["type"].as_str()), (404, Some("/problems/no-route")));
        let (st, b) = app.json("PUT", "/api/v1/auth/login", None, None).await;
        assert_eq!(
            (st, b["type"].as_str()),
            (405, Some("/problems/method-not-allowed"))
        );
        let res = app.client.get(app.url("/api/docs/")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap().to_lowercase();
        assert!(html.contains("<html") && !html.contains("cdn.") && !html.contains("unpkg"));
    }
);

dual_test!(history_schemas_do_not_collide, |app: TestApp| async move {
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(
        !schemas.contains_key("HistoryOut"),
        "an ambiguous HistoryOut"
    );
    // The orders history: a status change.
    let order = &schemas["OrderHistoryOut"]["properties"];
    for p in ["from_status", "to_status", "at"] {
        assert!(order.get(p).is_some(), "OrderHistoryOut.{p}: {order}");
    }
    assert!(order.get("to_tier").is_none(), "{order}");
    // The billing history: a subscription change.
    let sub = &schemas["SubscriptionHistoryOut"]["properties"];
    for p in ["changed_at", "from_tier", "to_tier"] {
        assert!(sub.get(p).is_some(), "SubscriptionHistoryOut.{p}: {sub}");
    }
    // The order detail's history refers to the orders schema.
    let op = &doc["paths"]["/api/v1/store/orders/{order_id}"]["get"]["responses"]["200"];
    let out = op["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    let history = serde_json::to_string(&schemas[out]["properties"]["history"]).unwrap();
    assert!(
        history.contains("#/components/schemas/OrderHistoryOut"),
        "{out}.history: {history}"
    );
    let billing = serde_json::to_string(&schemas).unwrap();
    assert!(billing.contains("#/components/schemas/SubscriptionHistoryOut"));
});

dual_test!(
    every_operation_documents_its_error_statuses,
    |app: TestApp| async move {
        let (_, doc) = app.get("/api/openapi.json", None).await;
        let problem = |op: &serde_json::Value, status: &str, what: &str| {
            let r = &op["responses"][status];
            assert!(r.is_object(), "{what} does not document {status}");
            let content = &r["content"]["application/problem+json"]["schema"];
            assert!(
                content.is_object(),
                "{what} {status} is not a problem document: {r}"
            );
        };
        let mut authenticated = 0;
        for (method, path) in operations(&doc) {
            let op = &doc["paths"][&path][method.to_lowercase()];
            let what = format!("{method} {path}");
            let secured = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let in_path = params.iter().any(|p| p["in"] == "path");
            let in_query = params.iter().any(|p| p["in"] == "query");
            let body = op["requestBody"].is_object();
            if secured {
                authenticated += 1;
                problem(op, "401", &what);
                problem(op, "403", &what);
            }
            if in_path {
                problem(op, "404", &what);
            }
            if in_path || in_query || body {
                problem(op, "400", &what);
                problem(op, "422", &what);
            }
            if body {
                problem(op, "413", &what);
            }
            // Every error status documented, added or not, is a problem document.
            for (status, r) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') && r.get("content").is_some() {
                    let content = r["content"].as_object().unwrap();
                    assert!(
                        content.contains_key("application/problem+json"),
                        "{what} {status}: {r}"
                    );
                }
            }
        }
        assert!(
            authenticated >= 60,
            "{authenticated} authenticated operations"
        );
        // The one-line summary: an authenticated list documents them all.
        let list = &doc["paths"]["/api/v1/store/orders"]["get"]["responses"];
        for s in ["200", "400", "401", "403", "422"] {
            assert!(list[s].is_object(), "GET /api/v1/store/orders lacks {s}");
        }
    }
);
