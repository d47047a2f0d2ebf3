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
