//! Store API keys: scopes, revocation across instances, expiry, tenancy, the exact daily
//! quota, the per-key burst, the rate-limit headers, the page and the OpenAPI declaration.

use orion_testkit::{Backend, TestApp, dual_test};
use serde_json::{Value, json};

use crate::billing::set_tier;
use crate::orders::{order_body, setup};
use crate::pages::{csrf_in, login, page};

const KEYS: &str = "/api/v1/store/api-keys";

/// Creates a key with `scopes` for the store of `token`; returns (id, secret).
async fn key(app: &TestApp, token: &str, name: &str, scopes: &[&str]) -> (i64, String) {
    let (st, k) = app
        .post(KEYS, json!({"name": name, "scopes": scopes}), Some(token))
        .await;
    assert_eq!(st, 201, "{k}");
    (
        k["id"].as_i64().unwrap(),
        k["secret"].as_str().unwrap().to_owned(),
    )
}

/// Status, body and the named response headers of a GET with `token`.
async fn get_with(
    app: &TestApp,
    path: &str,
    token: &str,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let h = res.headers().clone();
    (st, res.json().await.unwrap_or(Value::Null), h)
}

/// A second instance on the same database (PostgreSQL), or none (SQLite).
async fn second(app: &TestApp) -> Option<TestApp> {
    match app.backend {
        Backend::Postgres => {
            Some(TestApp::start_on(Backend::Postgres, app.database_url.clone(), None).await)
        }
        Backend::Sqlite => None,
    }
}

dual_test!(
    keys_act_with_their_scopes_on_their_store_only,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let (id, secret) = key(&app, &a.token, "Webshop", &["orders.view"]).await;
        assert!(
            secret.starts_with("orion_sk_") && secret.len() > 40,
            "{secret}"
        );

        // The list never shows the secret, only its ends.
        let (st, list) = app.get(KEYS, Some(&a.token)).await;
        assert_eq!(st, 200);
        let text = list.to_string();
        assert!(!text.contains(&secret), "{text}");
        let k = &list["items"][0];
        assert_eq!(k["id"], id);
        assert_eq!(k["scopes"], json!(["orders.view"]));
        assert_eq!(k["status"], "active");
        assert_eq!(k["prefix"], secret[..13]);
        assert_eq!(k["last_four"], secret[secret.len() - 4..]);

        // orders.view: list yes, create no.
        let (st, body, h) = get_with(&app, "/api/v1/store/orders", &secret).await;
        assert_eq!(st, 200, "{body}");
        let policy = h["ratelimit-policy"].to_str().unwrap();
        assert!(
            policy.contains("\"burst\";q=100;w=20") && policy.contains("\"daily\";q=20000;w=86400"),
            "{policy}"
        );
        let limit = h["ratelimit"].to_str().unwrap();
        assert!(
            limit.contains("\"burst\";r=99;") && limit.contains("\"daily\";r=19999;"),
            "{limit}"
        );
        let (st, body) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 1, "k@example.test"),
                Some(&secret),
            )
            .await;
        assert_eq!(st, 403, "{body}");
        assert_eq!(body["permission"], "orders.edit");

        // Never admin, merchant or account endpoints, never a page.
        for path in [
            "/api/v1/admin/tiers",
            "/api/v1/merchant/stores",
            "/api/v1/auth/me",
        ] {
            let (st, _, _) = get_with(&app, path, &secret).await;
            assert_eq!(st, 403, "{path}");
        }
        let res = app
            .client
            .get(app.url("/orders"))
            .header("cookie", format!("orion_session={secret}"))
            .send()
            .await
            .unwrap();
        assert_ne!(res.status().as_u16(), 200, "a key is no session");
        // A key does not mint keys (nor can it be given the permission).
        let (st, body) = app
            .post(
                KEYS,
                json!({"name": "x", "scopes": ["api_keys.manage"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "scopes");

        // Another store's order is not found through the key.
        let b = app.merchant_with_store(&admin, "BETA-LU").await;
        app.post("/api/v1/store/products", json!({"sku": "TEA-01", "translations": {"en": {"title": "Tea"}}, "price": "12.50", "vat_rate_class": "reduced"}), Some(&b.token)).await;
        let (st, ob) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 1, "b@example.test"),
                Some(&b.token),
            )
            .await;
        assert_eq!(st, 201, "{ob}");
        let (st, _, _) =
            get_with(&app, &format!("/api/v1/store/orders/{}", ob["id"]), &secret).await;
        assert_eq!(st, 404);
        // Nor can store B revoke store A's key.
        let (st, _) = app
            .json("DELETE", &format!("{KEYS}/{id}"), None, Some(&b.token))
            .await;
        assert_eq!(st, 404);
    }
);

dual_test!(
    revoked_and_expired_keys_answer_401_everywhere,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let other = second(&app).await;
        let two = other.as_ref().unwrap_or(&app);
        let (id, secret) = key(&app, &a.token, "ERP", &["orders.view"]).await;
        // Both instances have the key cached.
        for inst in [&app, two] {
            assert_eq!(get_with(inst, "/api/v1/store/orders", &secret).await.0, 200);
        }
        let (st, _) = app
            .json("DELETE", &format!("{KEYS}/{id}"), None, Some(&a.token))
            .await;
        assert_eq!(st, 204);
        for inst in [two, &app] {
            let (st, body, _) = get_with(inst, "/api/v1/store/orders", &secret).await;
            assert_eq!(st, 401, "{body}");
        }
        let (_, list) = app.get(KEYS, Some(&a.token)).await;
        assert_eq!(list["items"][0]["status"], "revoked");
        // Revoking again changes nothing.
        let (st, _) = app
            .json("DELETE", &format!("{KEYS}/{id}"), None, Some(&a.token))
            .await;
        assert_eq!(st, 204);

        // A key expiring in a second works, then does not.
        let at = (chrono::Utc::now() + chrono::Duration::milliseconds(1500)).to_rfc3339();
        let (st, k) = app
            .post(
                KEYS,
                json!({"name": "short", "scopes": ["orders.view"], "expires_at": at}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{k}");
        let short = k["secret"].as_str().unwrap();
        assert_eq!(get_with(&app, "/api/v1/store/orders", short).await.0, 200);
        tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
        assert_eq!(get_with(&app, "/api/v1/store/orders", short).await.0, 401);
        let (_, list) = app.get(KEYS, Some(&a.token)).await;
        assert_eq!(list["items"][0]["status"], "expired");
        // An expiry in the past is refused.
        let (st, body) = app
            .post(KEYS, json!({"name": "old", "scopes": ["orders.view"], "expires_at": "2020-01-01T00:00:00Z"}), Some(&a.token))
            .await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "expires_at");
    }
);

dual_test!(
    scopes_are_what_the_creator_holds_and_the_plan_allows,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        // Essential has no API keys.
        let (st, body) = app
            .post(
                KEYS,
                json!({"name": "x", "scopes": ["orders.view"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 403, "{body}");
        assert_eq!(body["type"], "/problems/feature-not-in-tier", "{body}");
        set_tier(&app, &admin, a.merchant_id, "business").await;
        for (scopes, field) in [(json!([]), "scopes"), (json!(["orders.fly"]), "scopes")] {
            let (st, body) = app
                .post(KEYS, json!({"name": "x", "scopes": scopes}), Some(&a.token))
                .await;
            assert_eq!(st, 422, "{body}");
            assert_eq!(body["errors"][0]["field"], field);
        }
        let (st, body) = app
            .post(
                KEYS,
                json!({"name": " ", "scopes": ["orders.view"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "name");

        // A member with a custom role holding api_keys.manage and orders.view only cannot
        // give a key orders.edit.
        let (st, r) = app
            .post(
                "/api/v1/store/roles",
                json!({"name": "integrator", "permissions": ["api_keys.manage", "orders.view"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{r}");
        let (st, inv) = app
            .post(
                "/api/v1/store/team/invitations",
                json!({"email": "dev@test.example", "role": "integrator"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{inv}");
        let tok = inv["accept_url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let (st, body) = app
            .post(
                &format!("/api/v1/auth/invitations/{tok}/accept"),
                json!({"password": orion_testkit::PASSWORD}),
                None,
            )
            .await;
        assert!(st == 200 || st == 201, "{st} {body}");
        let dev = app
            .login(
                "dev@test.example",
                orion_testkit::PASSWORD,
                Some("ALPHA-LU"),
            )
            .await;
        let (st, body) = app
            .post(
                KEYS,
                json!({"name": "x", "scopes": ["orders.view", "orders.edit"]}),
                Some(&dev),
            )
            .await;
        assert_eq!(st, 422, "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("orders.edit"),
            "{body}"
        );
        let (_, secret) = key(&app, &dev, "dev", &["orders.view"]).await;
        assert_eq!(get_with(&app, "/api/v1/store/orders", &secret).await.0, 200);
        // The creator's role loses orders.view: so does the key, at once.
        let (st, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/roles/{}", r["id"]),
                Some(json!({"permissions": ["api_keys.manage"]})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{body}");
        assert_eq!(get_with(&app, "/api/v1/store/orders", &secret).await.0, 403);
    }
);

dual_test!(
    daily_quota_is_exact_across_instances,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let other = second(&app).await;
        let mut apps = vec![&app];
        apps.extend(other.as_ref());
        let (_, secret) = key(&app, &a.token, "quota", &["orders.view"]).await;
        let (st, body) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/business",
                Some(json!({"limits": {"api_requests_per_day": 5}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{body}");
        // Sessions and password-login tokens are not counted.
        for _ in 0..10 {
            assert_eq!(app.get("/api/v1/store/orders", Some(&a.token)).await.0, 200);
        }
        let mut tasks = Vec::new();
        for i in 0..50 {
            let inst = apps[i % apps.len()];
            let (client, url, secret) = (
                inst.client.clone(),
                inst.url("/api/v1/store/orders"),
                secret.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let res = client.get(url).bearer_auth(secret).send().await.unwrap();
                let st = res.status().as_u16();
                let retry = res
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
                let limit = res
                    .headers()
                    .get("ratelimit")
                    .map(|v| v.to_str().unwrap().to_owned());
                let b: Value = res.json().await.unwrap();
                (st, retry, limit, b)
            }));
        }
        let (mut ok, mut refused) = (0, 0);
        for t in tasks {
            let (st, retry, limit, b) = t.await.unwrap();
            match st {
                200 => ok += 1,
                429 => {
                    refused += 1;
                    assert_eq!(b["type"], "/problems/rate-limited", "{b}");
                    let secs = retry.expect("Retry-After");
                    assert!((1..=25 * 3600).contains(&secs), "{secs}");
                    assert!(limit.unwrap().contains("\"daily\";r=0;"), "{b}");
                }
                other => panic!("unexpected {other}: {b}"),
            }
        }
        assert_eq!((ok, refused), (5, 45));
        // The billing page's usage shows the day's count: the refusals took nothing.
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(b["metrics"]["api_requests_per_day"]["used"], 5, "{b}");
    }
);

dual_test!(
    burst_limit_answers_429_and_recovers,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let (st, body) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/business",
                Some(json!({"api_rate": {"burst": 3, "per_minute": 60}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{body}");
        assert_eq!(body["api_rate"], json!({"burst": 3, "per_minute": 60}));
        let (_, secret) = key(&app, &a.token, "burst", &["orders.view"]).await;
        let mut codes = Vec::new();
        let mut last = None;
        for _ in 0..4 {
            let (st, b, h) = get_with(&app, "/api/v1/store/orders", &secret).await;
            codes.push(st);
            last = Some((b, h));
        }
        assert_eq!(codes, [200, 200, 200, 429]);
        let (b, h) = last.unwrap();
        assert_eq!(b["type"], "/problems/rate-limited", "{b}");
        assert_eq!(h["retry-after"], "1");
        assert!(
            h["ratelimit"]
                .to_str()
                .unwrap()
                .starts_with("\"burst\";r=0;t=1"),
            "{h:?}"
        );
        assert_eq!(
            h["ratelimit-policy"]
                .to_str()
                .unwrap()
                .split(',')
                .next()
                .unwrap(),
            "\"burst\";q=3;w=3"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(get_with(&app, "/api/v1/store/orders", &secret).await.0, 200);
        // Out-of-range rates are refused, naming the field.
        let (st, body) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/business",
                Some(json!({"api_rate": {"burst": 0}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "api_rate.burst");
    }
);

dual_test!(
    api_keys_page_creates_shows_once_and_revokes,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        let (session, _) = login(&app, &a.email).await;
        // Essential: the page says the plan lacks API keys instead of offering the form.
        let html = page(&app, &session, "/api-keys").await;
        assert!(
            html.contains("class=\"upgrade\"") && !html.contains("action=\"/api-keys\""),
            "{html}"
        );
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let html = page(&app, &session, "/api-keys").await;
        assert!(
            html.contains("New API key") && html.contains("View orders"),
            "{html}"
        );
        let csrf = csrf_in(&html);
        let res = app
            .client
            .post(app.url("/api-keys"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("name", "Shop sync"),
                ("scope", "orders.view"),
                ("scope", "products.view"),
                ("expires_on", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        let at = html.find("value=\"orion_sk_").expect("secret shown") + 7;
        let secret = html[at..].split('"').next().unwrap().to_owned();
        assert_eq!(
            get_with(&app, "/api/v1/store/products", &secret).await.0,
            200
        );
        // Listed afterwards without the secret, with its permissions in words.
        let html = page(&app, &session, "/api-keys").await;
        assert!(!html.contains(&secret));
        assert!(
            html.contains("Shop sync")
                && html.contains(&format!("…{}", &secret[secret.len() - 4..])),
            "{html}"
        );
        assert!(html.contains("View orders, View products"), "{html}");
        // Revoke (the button asks first).
        assert!(html.contains("data-confirm=\"Revoke the key"), "{html}");
        let (_, list) = app.get(KEYS, Some(&a.token)).await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let res = app
            .client
            .post(app.url(&format!("/api-keys/{id}/revoke")))
            .header("cookie", format!("orion_session={session}"))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(
            get_with(&app, "/api/v1/store/products", &secret).await.0,
            401
        );
        // In French.
        let html = app
            .client
            .get(app.url("/api-keys"))
            .header("cookie", format!("orion_session={session}; orion_lang=fr"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Clés d'API") || html.contains("Clés d&#x27;API"),
            "{html}"
        );
        assert!(html.contains("Révoquée"), "{html}");
    }
);

dual_test!(
    openapi_declares_the_key_scheme_and_scopes,
    |app: TestApp| async move {
        let (st, doc) = app.get("/api/openapi.json", None).await;
        assert_eq!(st, 200);
        assert_eq!(
            doc["components"]["securitySchemes"]["api_key"]["scheme"],
            "bearer"
        );
        let sec = &doc["paths"]["/api/v1/store/orders"]["post"]["security"];
        assert!(
            sec.as_array()
                .unwrap()
                .contains(&json!({"api_key": ["orders.edit"]})),
            "{sec}"
        );
        assert!(doc["paths"]["/api/v1/store/orders"]["get"]["responses"]["429"].is_object());
        // Admin endpoints take no key.
        let sec = doc["paths"]["/api/v1/admin/tiers"]["get"]["security"].to_string();
        assert!(!sec.contains("api_key"), "{sec}");
    }
);

dual_test!(
    far_from_the_limit_units_are_reserved_in_blocks_and_given_back,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let (_, secret) = key(&app, &a.token, "blocks", &["orders.view"]).await;
        for _ in 0..10 {
            assert_eq!(get_with(&app, "/api/v1/store/orders", &secret).await.0, 200);
        }
        // The instance holds a block beyond the 10 requests made…
        let used = |b: Value| {
            b["metrics"]["api_requests_per_day"]["used"]
                .as_i64()
                .unwrap()
        };
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert!(used(b.clone()) > 10, "{b}");
        // …and gives back what it did not use once the lease ends.
        let mut now = 0;
        for _ in 0..40 {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
            now = used(b);
            if now == 10 {
                break;
            }
        }
        assert_eq!(now, 10);
        // The header's count follows: 20,000 - 11 after one more request.
        let (_, _, h) = get_with(&app, "/api/v1/store/orders", &secret).await;
        assert!(
            h["ratelimit"]
                .to_str()
                .unwrap()
                .contains("\"daily\";r=19989;"),
            "{h:?}"
        );
    }
);

dual_test!(
    the_admin_sets_the_api_rate_on_the_tiers_page,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let (session, _) = login(&app, orion_testkit::ADMIN_EMAIL).await;
        let html = page(&app, &session, "/admin/tiers").await;
        assert!(
            html.contains("API key burst (requests at once)")
                && html.contains(
                    "name=\"api_burst\" type=\"text\" inputmode=\"numeric\" value=\"100\""
                ),
            "{html}"
        );
        let csrf = csrf_in(&html);
        let (_, tiers) = app.get("/api/v1/admin/tiers", Some(&admin)).await;
        let biz = tiers
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == "business")
            .unwrap()
            .clone();
        let post = |burst: &'static str| {
            let mut form: Vec<(String, String)> = vec![
                ("csrf_token".into(), csrf.clone()),
                ("name".into(), "Business".into()),
                (
                    "price".into(),
                    biz["monthly_price"].as_str().unwrap().into(),
                ),
                ("api_burst".into(), burst.into()),
                ("api_rate_per_minute".into(), "1 200".into()),
            ];
            for (k, v) in biz["limits"].as_object().unwrap() {
                form.push((
                    format!("limit_{k}"),
                    v.as_i64().map(|n| n.to_string()).unwrap_or_default(),
                ));
            }
            for f in biz["features"].as_array().unwrap() {
                form.push(("feature".into(), f.as_str().unwrap().into()));
            }
            app.client
                .post(app.url("/admin/tiers/business"))
                .header("cookie", format!("orion_session={session}"))
                .form(&form)
                .send()
        };
        let res = post("7").await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let (_, tiers) = app.get("/api/v1/admin/tiers", Some(&admin)).await;
        let after = tiers
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == "business")
            .unwrap()
            .clone();
        assert_eq!(after["api_rate"], json!({"burst": 7, "per_minute": 1200}));
        assert_eq!(after["features"], biz["features"]);
        assert_eq!(after["limits"], biz["limits"]);
        // A value out of range is refused and nothing changes.
        let res = post("0").await.unwrap();
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("error="), "{to}");
        let (_, tiers) = app.get("/api/v1/admin/tiers", Some(&admin)).await;
        let again = tiers
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == "business")
            .unwrap()
            .clone();
        assert_eq!(again["api_rate"]["burst"], 7);
    }
);
