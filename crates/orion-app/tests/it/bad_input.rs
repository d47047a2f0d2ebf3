//! Every POST/PATCH/PUT route that reads a body answers bad bodies with a 4xx problem, never a 5xx.

use orion_testkit::{TestApp, dual_test};

use super::openapi::{concrete, operations};

fn garbage() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("truncated", b"{".to_vec()),
        ("array", b"[]".to_vec()),
        ("wrong types", br#"{"email": 5, "password": [], "name": {}, "role": null, "permissions": "x", "code": 1}"#.to_vec()),
        ("nul bytes", vec![0u8; 1024]),
        ("one megabyte", {
            let mut v = br#"{"email":""#.to_vec();
            v.extend(std::iter::repeat_n(b'a', 1_000_000));
            v.extend(br#""}"#);
            v
        }),
        ("unicode", "{\"name\": \"\u{1F600}\u{202E}\", \"email\": \"\u{0}@x\"}".as_bytes().to_vec()),
        ("deep nesting", "[".repeat(10_000).into_bytes()),
        ("empty", Vec::new()),
    ]
}

dual_test!(garbage_bodies_never_yield_5xx, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let owner = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let (_, doc) = app.get("/api/openapi.json", None).await;
    // Every write route that documents a request body reads it; those without one ignore it.
    let writes: Vec<_> = operations(&doc)
        .into_iter()
        .filter(|(m, p)| {
            (m == "POST" || m == "PATCH" || m == "PUT")
                && doc["paths"][p][m.to_lowercase()]["requestBody"].is_object()
        })
        .collect();
    assert!(writes.len() >= 8);
    for (method, path) in writes {
        let token = if path.starts_with("/api/v1/admin") {
            &admin
        } else {
            &owner.token
        };
        for (what, body) in garbage() {
            for content_type in ["application/json", "text/plain"] {
                let res = app
                    .client
                    .request(method.parse().unwrap(), app.url(&concrete(&path)))
                    .bearer_auth(token)
                    .header("content-type", content_type)
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                let st = res.status().as_u16();
                let ct = orion_testkit::content_type(&res);
                assert!(
                    (400..500).contains(&st),
                    "{method} {path} with {what} ({content_type}) -> {st}"
                );
                assert!(
                    ct.starts_with("application/problem+json"),
                    "{method} {path} with {what}: {ct}"
                );
            }
        }
    }
});

dual_test!(oversize_body_is_413, |app: TestApp| async move {
    let (st, b) = app.json("POST", "/api/v1/auth/login", None, None).await;
    assert_eq!(
        (st, b["type"].as_str()),
        (400, Some("/problems/malformed-body"))
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
});
