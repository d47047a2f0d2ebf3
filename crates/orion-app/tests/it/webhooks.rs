//! `/api/v1/store/webhooks` and the Webhooks pages: endpoints, Standard Webhooks signatures
//! verified by a receiver on loopback, retries with backoff (the clock moved forward instead
//! of sleeping), exactly-once delivery across two instances, redelivery with the same
//! `webhook-id`, automatic disabling, addresses Orion must not call, tenant isolation, and
//! events of every origin (API, service in a rolled-back transaction, Letzshop sync).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use orion_testkit::{Actor, TestApp, dual_test};
use orion_webhooks::delivery::{Round, deliver_due};
use serde_json::{Value, json};
use sha2::Sha256;

use super::billing::set_tier;
use super::orders::order_body;
use super::pages::{csrf_in, login, page};

/// The secret key TestApp configures (used as bytes).
const SECRET: &[u8] = b"test-secret-key-test-secret-key-0123456789";

/// One request a receiver got and what it answered.
#[derive(Debug, Clone)]
struct Hit {
    headers: HeaderMap,
    body: Vec<u8>,
    answered: u16,
}

impl Hit {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A receiver on loopback answering 500 to its first `failures` requests, then 200.
#[derive(Clone)]
struct Receiver {
    url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    async fn start(failures: usize) -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let state = (hits.clone(), failures);
        let app = axum::Router::new()
            .route(
                "/hook",
                axum::routing::post(
                    |State((hits, failures)): State<(Arc<Mutex<Vec<Hit>>>, usize)>,
                     headers: HeaderMap,
                     body: axum::body::Bytes| async move {
                        let mut h = hits.lock().unwrap();
                        let status = if h.len() < failures {
                            StatusCode::INTERNAL_SERVER_ERROR
                        } else {
                            StatusCode::OK
                        };
                        h.push(Hit {
                            headers,
                            body: body.to_vec(),
                            answered: status.as_u16(),
                        });
                        status
                    },
                ),
            )
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, hits }
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

/// Standard Webhooks verification, written from the specification (not Orion's signer).
fn verifies(secret: &str, hit: &Hit) -> bool {
    let key = B64
        .decode(secret.strip_prefix("whsec_").expect("whsec_ secret"))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(
        format!(
            "{}.{}.",
            hit.header("webhook-id"),
            hit.header("webhook-timestamp")
        )
        .as_bytes(),
    );
    mac.update(&hit.body);
    let want = format!("v1,{}", B64.encode(mac.finalize().into_bytes()));
    hit.header("webhook-signature")
        .split(' ')
        .any(|s| s == want)
}

/// A Business store with a stocked product `HOOK-1`.
async fn business_store(app: &TestApp, code: &str) -> (String, Actor) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, code).await;
    set_tier(app, &admin, a.merchant_id, "business").await;
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": "HOOK-1", "translations": {"en": {"title": "Hook"}}, "price": "10.00"}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{p}");
    let (st, b) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 500}),
            Some(&a.token),
        )
        .await;
    assert!(st < 300, "{b}");
    (admin, a)
}

/// A new endpoint: (id, secret).
async fn endpoint(app: &TestApp, token: &str, url: &str, events: &[&str]) -> (i64, String) {
    let (st, e) = app
        .post(
            "/api/v1/store/webhooks",
            json!({"url": url, "events": events}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{e}");
    let secret = e["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{e}");
    (e["id"].as_i64().unwrap(), secret)
}

/// A Business store listening for `order.created` on a receiver that fails `failures` times.
struct Hooked {
    admin: String,
    a: Actor,
    rx: Receiver,
    /// The endpoint.
    id: i64,
    secret: String,
}

async fn hooked(app: &TestApp, code: &str, failures: usize) -> Hooked {
    let (admin, a) = business_store(app, code).await;
    let rx = Receiver::start(failures).await;
    let (id, secret) = endpoint(app, &a.token, &rx.url, &["order.created"]).await;
    Hooked {
        admin,
        a,
        rx,
        id,
        secret,
    }
}

async fn order(app: &TestApp, token: &str, n: usize) -> Value {
    let (st, o) = app
        .post(
            "/api/v1/store/orders",
            order_body("HOOK-1", 1, &format!("buyer{n}@example.test")),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{o}");
    o
}

async fn deliver(app: &TestApp, now: DateTime<Utc>) -> Round {
    deliver_due(&app.db, SECRET, now, 100).await.unwrap()
}

async fn deliveries(app: &TestApp, token: &str, endpoint: i64) -> Vec<Value> {
    let (st, b) = app
        .get(
            &format!("/api/v1/store/webhooks/{endpoint}/deliveries"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    b["items"].as_array().unwrap().clone()
}

dual_test!(
    order_created_and_invoice_issued_arrive_signed,
    |app: TestApp| async move {
        let (admin, a) = crate::invoicing::setup(&app, "HOOK-LU", json!({})).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let rx = Receiver::start(0).await;
        let (id, secret) = endpoint(
            &app,
            &a.token,
            &rx.url,
            &["order.created", "invoice.issued"],
        )
        .await;
        let (_, list) = app.get("/api/v1/store/webhooks", Some(&a.token)).await;
        assert_eq!(
            list[0]["events"],
            json!(["order.created", "invoice.issued"])
        );
        assert!(
            !list.to_string().contains(&secret),
            "the secret is never listed"
        );

        let oid = crate::invoicing::shipped_order(
            &app,
            &a.token,
            json!([{"sku": "BOOK-1", "quantity": 1}]),
            "LU",
            "1234",
            json!({}),
        )
        .await;
        let (st, inv) = crate::invoicing::invoice(&app, &a.token, oid).await;
        assert!(st < 300, "{inv}");
        assert_eq!(deliver(&app, Utc::now()).await.delivered, 2);

        let hits = rx.hits();
        assert_eq!(hits.len(), 2, "confirm and ship are not subscribed");
        for h in &hits {
            assert!(verifies(&secret, h), "signature of {:?}", h.json());
            assert!(h.header("user-agent").starts_with("Orion-Webhooks/"));
            assert_eq!(h.header("content-type"), "application/json");
            let ts: i64 = h.header("webhook-timestamp").parse().unwrap();
            assert!((Utc::now().timestamp() - ts).abs() < 60);
        }
        // Requests go out side by side: find each by its type.
        let of_type = |t: &str| hits.iter().find(|h| h.json()["type"] == t).unwrap().clone();
        let created = of_type("order.created").json();
        assert_eq!(created["data"]["order_id"], oid);
        assert_eq!(created["data"]["status"], "pending");
        let issued = of_type("invoice.issued").json();
        assert_eq!(issued["data"]["number"], inv["number"]);
        assert_eq!(issued["data"]["order_id"], oid);
        assert_eq!(
            issued["data"]["order_number"],
            created["data"]["order_number"]
        );
        assert_eq!(issued["data"]["gross"], "20.00");
        // A tampered body does not verify.
        let mut forged = of_type("invoice.issued");
        forged.body = String::from_utf8_lossy(&forged.body)
            .replace("20.00", "2.00")
            .into_bytes();
        assert!(!verifies(&secret, &forged));

        // The log: newest first, with the webhook-id each request carried.
        let log = deliveries(&app, &a.token, id).await;
        assert_eq!(log.len(), 2);
        assert_eq!(log[0]["event_type"], "invoice.issued");
        assert_eq!(
            log[0]["message_id"],
            of_type("invoice.issued").header("webhook-id")
        );
        assert_eq!(
            (
                log[0]["status"].as_str(),
                log[0]["last_status_code"].as_i64()
            ),
            (Some("delivered"), Some(200))
        );
        assert_eq!(deliver(&app, Utc::now()).await, Round::default());
        assert_eq!(rx.hits().len(), 2, "nothing is sent twice");
    }
);

dual_test!(
    a_receiver_failing_three_times_gets_the_event_once,
    |app: TestApp| async move {
        let Hooked {
            a, rx, id, secret, ..
        } = hooked(&app, "RETRY-LU", 3).await;
        order(&app, &a.token, 1).await;
        let t0 = Utc::now();
        let r = deliver(&app, t0).await;
        assert_eq!((r.delivered, r.retrying), (0, 1));
        // Backed off: 5 s, stretched by at most a fifth (PostgreSQL keeps microseconds).
        let log = deliveries(&app, &a.token, id).await;
        let next: DateTime<Utc> = log[0]["next_attempt_at"].as_str().unwrap().parse().unwrap();
        assert!(
            next >= t0 + Duration::seconds(5) - Duration::milliseconds(1)
                && next <= t0 + Duration::seconds(7),
            "{next} after {t0}"
        );
        assert_eq!(
            deliver(&app, t0).await,
            Round::default(),
            "not due before its time"
        );
        for day in 1..=6 {
            deliver(&app, t0 + Duration::days(day)).await;
        }
        let hits = rx.hits();
        assert_eq!(
            hits.iter().map(|h| h.answered).collect::<Vec<_>>(),
            [500, 500, 500, 200]
        );
        let ids: BTreeSet<&str> = hits.iter().map(|h| h.header("webhook-id")).collect();
        assert_eq!(ids.len(), 1, "the same webhook-id on every attempt");
        assert!(hits.iter().all(|h| verifies(&secret, h)));
        let log = deliveries(&app, &a.token, id).await;
        assert_eq!(log.len(), 1, "one delivery");
        assert_eq!(
            (
                log[0]["status"].as_str(),
                log[0]["attempts"].as_i64(),
                log[0]["last_status_code"].as_i64()
            ),
            (Some("delivered"), Some(4), Some(200))
        );
        assert!(log[0]["next_attempt_at"].is_null());
        let (st, d) = app
            .get(
                &format!(
                    "/api/v1/store/webhooks/{id}/deliveries/{}",
                    log[0]["id"].as_i64().unwrap()
                ),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{d}");
        let codes: Vec<i64> = d["attempt_log"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["status_code"].as_i64().unwrap())
            .collect();
        assert_eq!(codes, [500, 500, 500, 200]);
        assert_eq!(d["payload"]["type"], "order.created");
        // The endpoint's failure count went back to 0 with the success.
        let (_, e) = app
            .get(&format!("/api/v1/store/webhooks/{id}"), Some(&a.token))
            .await;
        assert_eq!(
            (e["enabled"].as_bool(), e["consecutive_failures"].as_i64()),
            (Some(true), Some(0))
        );
    }
);

dual_test!(
    two_instances_never_send_a_delivery_twice,
    |app: TestApp| async move {
        let Hooked { a, rx, .. } = hooked(&app, "TWICE-LU", 0).await;
        for i in 0..24 {
            order(&app, &a.token, i).await;
        }
        let other = TestApp::start_on(app.backend, app.database_url.clone(), None).await;
        let now = Utc::now();
        let mut delivered = 0;
        loop {
            let (x, y) = tokio::join!(
                deliver_due(&app.db, SECRET, now, 5),
                deliver_due(&other.db, SECRET, now, 5)
            );
            let (x, y) = (x.unwrap(), y.unwrap());
            if x.delivered + y.delivered == 0 {
                break;
            }
            delivered += x.delivered + y.delivered;
        }
        assert_eq!(delivered, 24);
        let hits = rx.hits();
        let ids: BTreeSet<&str> = hits.iter().map(|h| h.header("webhook-id")).collect();
        assert_eq!(
            (hits.len(), ids.len()),
            (24, 24),
            "each message exactly once"
        );
    }
);

dual_test!(
    redelivery_sends_the_same_webhook_id_again,
    |app: TestApp| async move {
        let Hooked {
            a, rx, id, secret, ..
        } = hooked(&app, "AGAIN-LU", 0).await;
        order(&app, &a.token, 1).await;
        deliver(&app, Utc::now()).await;
        let first = deliveries(&app, &a.token, id).await[0].clone();
        let (st, again) = app
            .post(
                &format!(
                    "/api/v1/store/webhooks/{id}/deliveries/{}/redeliver",
                    first["id"]
                ),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 202, "{again}");
        assert_eq!(again["status"], "pending");
        assert_eq!(again["message_id"], first["message_id"]);
        assert_eq!(deliver(&app, Utc::now()).await.delivered, 1);
        let hits = rx.hits();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].header("webhook-id"), hits[1].header("webhook-id"));
        assert_eq!(hits[0].body, hits[1].body, "the same message");
        assert!(verifies(&secret, &hits[1]));
        let log = deliveries(&app, &a.token, id).await;
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|d| d["status"] == "delivered"));
        // A disabled endpoint cannot redeliver.
        let (st, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/webhooks/{id}"),
                Some(json!({"enabled": false})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200);
        let (st, e) = app
            .post(
                &format!(
                    "/api/v1/store/webhooks/{id}/deliveries/{}/redeliver",
                    first["id"]
                ),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["type"].as_str()),
            (409, Some("/problems/conflict")),
            "{e}"
        );
        // Rotation: a new secret signs from now on.
        let (st, rotated) = app
            .post(
                &format!("/api/v1/store/webhooks/{id}/rotate-secret"),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{rotated}");
        assert_ne!(rotated["secret"], json!(secret));
    }
);

dual_test!(
    an_endpoint_that_keeps_failing_is_switched_off_and_the_page_says_so,
    |app: TestApp| async move {
        let Hooked { a, rx, id, .. } = hooked(&app, "DOWN-LU", usize::MAX).await;
        for i in 0..5 {
            order(&app, &a.token, i).await;
        }
        let t0 = Utc::now();
        for day in 0..10 {
            deliver(&app, t0 + Duration::days(day)).await;
        }
        assert_eq!(rx.hits().len(), 5 * 8, "eight attempts each");
        let (_, e) = app
            .get(&format!("/api/v1/store/webhooks/{id}"), Some(&a.token))
            .await;
        assert_eq!(
            (
                e["enabled"].as_bool(),
                e["disabled_reason"].as_str(),
                e["consecutive_failures"].as_i64()
            ),
            (Some(false), Some("failing"), Some(5)),
            "{e}"
        );
        let log = deliveries(&app, &a.token, id).await;
        assert!(
            log.iter()
                .all(|d| d["status"] == "failed" && d["attempts"] == 8)
        );
        assert!(log.iter().all(|d| d["last_status_code"] == 500));

        // The pages say why, on the list and on the endpoint.
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/webhooks").await;
        assert!(
            html.contains("Orion switched this endpoint off because 5 deliveries in a row failed"),
            "{html}"
        );
        let html = page(&app, &session, &format!("/webhooks/{id}")).await;
        assert!(html.contains("data-testid=\"disabled-notice\""), "{html}");
        assert!(html.contains(">500<"), "response codes in the log");

        // Nothing is queued while it is off; enabling it clears the count.
        order(&app, &a.token, 9).await;
        assert_eq!(deliveries(&app, &a.token, id).await.len(), 5);
        let (st, e) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/webhooks/{id}"),
                Some(json!({"enabled": true})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{e}");
        assert_eq!(
            (
                e["enabled"].as_bool(),
                e["consecutive_failures"].as_i64(),
                e["disabled_reason"].is_null()
            ),
            (Some(true), Some(0), true)
        );
    }
);

dual_test!(
    the_pages_add_an_endpoint_show_its_secret_once_and_redeliver,
    |app: TestApp| async move {
        let (_, a) = business_store(&app, "PAGE-LU").await;
        let rx = Receiver::start(0).await;
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/webhooks").await;
        assert!(html.contains("href=\"/webhooks\""), "the menu has the page");
        let csrf = csrf_in(&html);
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let req = app
                .client
                .post(app.url(&path))
                .header("cookie", format!("orion_session={session}"))
                .form(&form);
            async move { req.send().await.unwrap() }
        };
        // A bad address comes back with the field marked.
        let res = post(
            "/webhooks".into(),
            vec![
                ("csrf_token", csrf.clone()),
                ("url", "http://10.0.0.1/hook".into()),
                ("events", "order.created".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        let res = post(
            "/webhooks".into(),
            vec![
                ("csrf_token", csrf.clone()),
                ("url", rx.url.clone()),
                ("description", "ERP".into()),
                ("events", "order.created".into()),
                ("events", "order.status_changed".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        let at = html.find("whsec_").expect("the secret is shown");
        // As a browser reads the attribute (base64 may hold `/`, which the page escapes).
        let secret: String = html[at..]
            .chars()
            .take_while(|c| *c != '"')
            .collect::<String>()
            .replace("&#x2f;", "/");
        let (_, list) = app.get("/api/v1/store/webhooks", Some(&a.token)).await;
        let id = list[0]["id"].as_i64().unwrap();
        assert_eq!(
            list[0]["events"],
            json!(["order.created", "order.status_changed"])
        );
        let html = page(&app, &session, &format!("/webhooks/{id}")).await;
        assert!(!html.contains("whsec_"), "shown only once");

        order(&app, &a.token, 1).await;
        deliver(&app, Utc::now()).await;
        assert!(
            verifies(&secret, &rx.hits()[0]),
            "the secret the page showed signs"
        );
        let html = page(&app, &session, &format!("/webhooks/{id}")).await;
        assert!(
            html.contains(">200<") && html.contains("data-testid=\"redeliver\""),
            "{html}"
        );
        let did = deliveries(&app, &a.token, id).await[0]["id"]
            .as_i64()
            .unwrap();
        let res = post(
            format!("/webhooks/{id}/deliveries/{did}/redeliver"),
            vec![("csrf_token", csrf.clone())],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        deliver(&app, Utc::now()).await;
        assert_eq!(rx.hits().len(), 2);

        // Off, on, deleted.
        let res = post(
            format!("/webhooks/{id}/enabled"),
            vec![("csrf_token", csrf.clone()), ("enabled", "false".into())],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let html = page(&app, &session, &format!("/webhooks/{id}")).await;
        assert!(html.contains("switched off by hand"), "{html}");
        let res = post(
            format!("/webhooks/{id}/enabled"),
            vec![("csrf_token", csrf.clone()), ("enabled", "true".into())],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let res = post(
            format!("/webhooks/{id}/delete"),
            vec![("csrf_token", csrf.clone())],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let (_, list) = app.get("/api/v1/store/webhooks", Some(&a.token)).await;
        assert_eq!(list, json!([]));
    }
);

dual_test!(
    addresses_orion_must_not_call_are_refused,
    |app: TestApp| async move {
        let (admin, a) = business_store(&app, "SSRF-LU").await;
        let create = |url: &str| {
            app.post(
                "/api/v1/store/webhooks",
                json!({"url": url, "events": ["order.created"]}),
                Some(&a.token),
            )
        };
        // Loopback stays refused without the operator's switch (tests turn it on).
        orion_webhooks::guard::allow_loopback(false);
        for url in [
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data",
            "https://169.254.169.254/",
            "https://10.1.2.3/hook",
            "https://192.168.0.10/",
            "https://[fd00::1]/",
            "https://localhost/",
            "https://127.0.0.1:8443/",
            "http://127.0.0.1:9/hook",
            "ftp://example.com/",
            "https://user:pw@example.com/",
        ] {
            let (st, e) = create(url).await;
            assert_eq!(
                (st, e["errors"][0]["field"].as_str()),
                (422, Some("url")),
                "{url}: {e}"
            );
        }
        orion_webhooks::guard::allow_loopback(true);
        let (st, e) = app
            .post(
                "/api/v1/store/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": ["order.created", "order.exploded"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("events")),
            "{e}"
        );
        let (st, e) = app
            .post(
                "/api/v1/store/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": []}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("events")),
            "{e}"
        );
        // In French too.
        let res = app
            .client
            .post(app.url("/api/v1/store/webhooks"))
            .bearer_auth(&a.token)
            .header("accept-language", "fr")
            .json(&json!({"url": "http://10.0.0.1/", "events": ["order.created"]}))
            .send()
            .await
            .unwrap();
        let e: Value = res.json().await.unwrap();
        assert!(
            e["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("doit utiliser https://"),
            "{e}"
        );
        // The plan: Essential has no webhooks.
        set_tier(&app, &admin, a.merchant_id, "essential").await;
        let (st, e) = create("https://example.com/hook").await;
        assert_eq!(
            (st, e["type"].as_str()),
            (403, Some("/problems/feature-not-in-tier")),
            "{e}"
        );
    }
);

dual_test!(
    another_stores_webhooks_answer_404,
    |app: TestApp| async move {
        let Hooked {
            admin, a, rx, id, ..
        } = hooked(&app, "OWN-LU", 0).await;
        let b = app.merchant_with_store(&admin, "OTHER-LU").await;
        set_tier(&app, &admin, b.merchant_id, "business").await;
        let (bid, _) = endpoint(&app, &b.token, &rx.url, &["order.created"]).await;
        order(&app, &a.token, 1).await;
        deliver(&app, Utc::now()).await;
        let did = deliveries(&app, &a.token, id).await[0]["id"]
            .as_i64()
            .unwrap();
        for (method, path) in [
            ("GET", format!("/api/v1/store/webhooks/{id}")),
            ("PATCH", format!("/api/v1/store/webhooks/{id}")),
            ("DELETE", format!("/api/v1/store/webhooks/{id}")),
            ("POST", format!("/api/v1/store/webhooks/{id}/rotate-secret")),
            ("GET", format!("/api/v1/store/webhooks/{id}/deliveries")),
            (
                "GET",
                format!("/api/v1/store/webhooks/{id}/deliveries/{did}"),
            ),
            (
                "POST",
                format!("/api/v1/store/webhooks/{id}/deliveries/{did}/redeliver"),
            ),
            // B's own endpoint with A's delivery.
            (
                "GET",
                format!("/api/v1/store/webhooks/{bid}/deliveries/{did}"),
            ),
            (
                "POST",
                format!("/api/v1/store/webhooks/{bid}/deliveries/{did}/redeliver"),
            ),
        ] {
            let (st, e) = app
                .json(method, &path, Some(json!({})), Some(&b.token))
                .await;
            assert_eq!(st, 404, "{method} {path}: {e}");
        }
        let (_, list) = app.get("/api/v1/store/webhooks", Some(&b.token)).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(
            deliveries(&app, &a.token, id).await.len(),
            1,
            "A's log is intact"
        );
        assert!(
            deliveries(&app, &b.token, bid).await.is_empty(),
            "A's order is not B's event"
        );
    }
);

dual_test!(
    a_change_that_rolls_back_sends_nothing,
    |app: TestApp| async move {
        let Hooked {
            admin, a, rx, id, ..
        } = hooked(&app, "UNDO-LU", 0).await;
        // An order created by the service, its transaction rolled back.
        let store = crate::orders::store_ref(&a);
        let body = serde_json::from_value(order_body("HOOK-1", 1, "undo@example.test")).unwrap();
        let tx = app.db.begin_write().await.unwrap();
        orion_orders::service::create_direct(&tx, &store, None, body, None)
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        // An order the plan refuses.
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/business",
            Some(json!({"limits": {"orders_per_month": 0}})),
            Some(&admin),
        )
        .await;
        let (st, e) = app
            .post(
                "/api/v1/store/orders",
                order_body("HOOK-1", 1, "refused@example.test"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 403, "{e}");
        assert_eq!(deliver(&app, Utc::now()).await, Round::default());
        assert!(rx.hits().is_empty());
        assert!(deliveries(&app, &a.token, id).await.is_empty());
    }
);

dual_test!(
    letzshop_syncs_tell_endpoints_about_orders_and_failures,
    |app: TestApp| async move {
        crate::letzshop::fast_settings();
        let sim = crate::letzshop::simulator(3, 7, 0.0).await;
        let admin = app.admin_token().await;
        let a = crate::letzshop::connect(&app, &admin, "LZ-HOOK", &sim).await;
        let rx = Receiver::start(0).await;
        let (id, secret) = endpoint(
            &app,
            &a.token,
            &rx.url,
            &["order.created", "letzshop.sync_failed"],
        )
        .await;
        let r = crate::letzshop::sync_wait(&app, &a.token).await;
        assert_eq!(r["imported"], 3, "{r}");
        deliver(&app, Utc::now()).await;
        let hits = rx.hits();
        assert_eq!(hits.len(), 3);
        assert!(hits.iter().all(|h| verifies(&secret, h)
            && h.json()["type"] == "order.created"
            && h.json()["data"]["channel"] == "letzshop"));

        // A wrong key: the sync fails, and the endpoint hears it.
        let (st, c) = app
            .json(
                "PUT",
                "/api/v1/store/letzshop/credentials",
                Some(json!({"api_key": "wrong-key", "endpoint": sim.endpoint()})),
                Some(&a.token),
            )
            .await;
        assert!(st < 300, "{c}");
        let (st, j) = app
            .post(
                "/api/v1/store/letzshop/sync?wait=true",
                json!({}),
                Some(&a.token),
            )
            .await;
        assert!(st < 500, "{j}");
        deliver(&app, Utc::now()).await;
        let failed: Vec<Value> = rx
            .hits()
            .iter()
            .map(Hit::json)
            .filter(|b| b["type"] == "letzshop.sync_failed")
            .collect();
        assert_eq!(
            failed.len(),
            1,
            "{:?}",
            rx.hits().iter().map(Hit::json).collect::<Vec<_>>()
        );
        assert!(failed[0]["data"]["job_id"].as_i64().is_some());
        assert!(!failed[0]["data"]["error"].as_str().unwrap_or("").is_empty());
        assert_eq!(deliveries(&app, &a.token, id).await.len(), 4);
    }
);

dual_test!(
    stock_falling_to_its_reorder_point_is_announced_once,
    |app: TestApp| async move {
        let (_, a) = business_store(&app, "LOW-LU").await;
        let (_, products) = app.get("/api/v1/store/products", Some(&a.token)).await;
        let pid = products["items"][0]["id"].as_i64().unwrap();
        let (st, r) = app
            .json(
                "PUT",
                &format!("/api/v1/store/reorder-rules/{pid}"),
                Some(json!({"reorder_point": 498, "target_level": 600})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{r}");
        let rx = Receiver::start(0).await;
        let (id, secret) = endpoint(&app, &a.token, &rx.url, &["stock.low"]).await;
        // 500 → 499 (above), → 498 (crosses), → 497 (already low), → 507, → 497 (crosses).
        for delta in [-1, -1, -1, 10, -10] {
            let (st, b) = app
                .post(
                    "/api/v1/store/inventory/adjustments",
                    json!({"product_id": pid, "delta": delta}),
                    Some(&a.token),
                )
                .await;
            assert!(st < 300, "{b}");
        }
        deliver(&app, Utc::now()).await;
        let mut seen: Vec<i64> = rx
            .hits()
            .iter()
            .map(|h| {
                assert!(verifies(&secret, h));
                let b = h.json();
                assert_eq!(b["type"], "stock.low");
                assert_eq!(
                    (
                        b["data"]["sku"].as_str(),
                        b["data"]["product_id"].as_i64(),
                        b["data"]["reorder_point"].as_i64()
                    ),
                    (Some("HOOK-1"), Some(pid), Some(498))
                );
                b["data"]["available"].as_i64().unwrap()
            })
            .collect();
        seen.sort();
        assert_eq!(seen, [497, 498]);
        assert_eq!(deliveries(&app, &a.token, id).await.len(), 2);
    }
);
