//! `/api/v1/store/orders/bulk` and `/api/v1/store/jobs/{id}`: bulk order actions as jobs with
//! per-order results, idempotent by key, never undoing the orders that succeeded.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use crate::orders::{order_body, setup};

/// Starts a bulk job; returns the status and body.
pub(crate) async fn bulk(
    app: &TestApp,
    token: &str,
    body: Value,
    key: Option<&str>,
) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.url("/api/v1/store/orders/bulk"))
        .bearer_auth(token)
        .json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.unwrap();
    let st = res.status().as_u16();
    (st, res.json().await.unwrap_or(Value::Null))
}

/// Follows the job until it is done (or fails the test after 60 s).
pub(crate) async fn finished(app: &TestApp, token: &str, job_id: &Value) -> Value {
    for _ in 0..600 {
        let (st, j) = app
            .get(&format!("/api/v1/store/jobs/{job_id}"), Some(token))
            .await;
        assert_eq!(st, 200, "{j}");
        if j["status"] == "done" {
            return j;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("job {job_id} did not finish");
}

pub(crate) async fn orders(app: &TestApp, token: &str, n: usize, qty: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", qty, &format!("c{i}@example.test")),
                Some(token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        ids.push(o["id"].as_i64().unwrap());
    }
    ids
}

/// The ids of the orders the list shows for `query`, and how many match it.
async fn listed(app: &TestApp, token: &str, query: &str) -> (Vec<i64>, i64) {
    let (st, v) = app
        .get(&format!("/api/v1/store/orders?{query}"), Some(token))
        .await;
    assert_eq!(st, 200, "{v}");
    let ids = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    (ids, v["total"].as_i64().unwrap())
}

fn oks(job: &Value) -> usize {
    job["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ok"] == true)
        .count()
}

dual_test!(
    bulk_confirm_reports_each_order_and_repeats_nothing,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await; // 10 in stock
        let ids = orders(&app, &a.token, 11, 1).await;
        let (st, job) = bulk(
            &app,
            &a.token,
            json!({"action": "confirm", "order_ids": ids}),
            Some("k-1"),
        )
        .await;
        assert_eq!(st, 202, "{job}");
        let j = finished(&app, &a.token, &job["job_id"]).await;
        assert_eq!(
            (j["done"].as_i64(), j["total"].as_i64()),
            (Some(11), Some(11))
        );
        assert_eq!(oks(&j), 10, "{j}");
        let refused: Vec<&Value> = j["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ok"] == false)
            .collect();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0]["order_id"].as_i64(), ids.last().copied());
        let why = refused[0]["error"].as_str().unwrap();
        assert!(why.contains("stock"), "{why}");
        assert!(refused[0]["order_number"].is_string(), "{j}");
        // The ten confirmed orders stay confirmed: stock is reserved for them.
        let (_, levels) = app
            .get(
                &format!("/api/v1/store/inventory?product_id={pid}"),
                Some(&a.token),
            )
            .await;
        assert_eq!(levels[0]["reserved"], 10, "{levels}");

        // The same key and body: the same job, nothing done twice.
        let (st, again) = bulk(
            &app,
            &a.token,
            json!({"action": "confirm", "order_ids": ids}),
            Some("k-1"),
        )
        .await;
        assert_eq!((st, &again["job_id"]), (202, &job["job_id"]));
        // The same key for another request is refused.
        let (st, p) = bulk(
            &app,
            &a.token,
            json!({"action": "cancel", "order_ids": ids}),
            Some("k-1"),
        )
        .await;
        assert_eq!(st, 409, "{p}");
        // A new job over the same orders changes nothing: they are no longer pending.
        let (_, job2) = bulk(
            &app,
            &a.token,
            json!({"action": "confirm", "order_ids": &ids[..10]}),
            Some("k-2"),
        )
        .await;
        let j2 = finished(&app, &a.token, &job2["job_id"]).await;
        assert_eq!(oks(&j2), 0, "{j2}");
        let (_, levels) = app
            .get(
                &format!("/api/v1/store/inventory?product_id={pid}"),
                Some(&a.token),
            )
            .await;
        assert_eq!(levels[0]["reserved"], 10, "{levels}");
    }
);

dual_test!(
    bulk_ship_with_tracking_then_invoice_by_filter,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let (st, b) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(crate::invoicing::settings_body()),
                Some(&a.token),
            )
            .await;
        assert!(st < 300, "{b}");
        let ids = orders(&app, &a.token, 3, 2).await;
        let (_, job) = bulk(
            &app,
            &a.token,
            json!({"action": "confirm", "order_ids": ids}),
            None,
        )
        .await;
        assert_eq!(oks(&finished(&app, &a.token, &job["job_id"]).await), 3);
        let (st, job) = bulk(
            &app,
            &a.token,
            json!({"action": "ship", "order_ids": ids,
                "tracking": [{"order_id": ids[0], "carrier": "Post", "tracking_number": "LU111"},
                             {"order_id": ids[1], "carrier": "DHL", "tracking_number": "DE222"}]}),
            None,
        )
        .await;
        assert_eq!(st, 202, "{job}");
        assert_eq!(oks(&finished(&app, &a.token, &job["job_id"]).await), 3);
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{}", ids[1]), Some(&a.token))
            .await;
        assert_eq!(
            (
                o["status"].as_str(),
                o["tracking_number"].as_str(),
                o["carrier"].as_str()
            ),
            (Some("shipped"), Some("DE222"), Some("DHL"))
        );
        assert_eq!(listed(&app, &a.token, "attention=not_invoiced").await.1, 3);
        // Invoice every shipped order through the list's filter.
        let (st, job) = bulk(
            &app,
            &a.token,
            json!({"action": "invoice", "filter": {"status": "shipped"}}),
            None,
        )
        .await;
        assert_eq!(st, 202, "{job}");
        let j = finished(&app, &a.token, &job["job_id"]).await;
        assert_eq!((oks(&j), j["total"].as_i64()), (3, Some(3)), "{j}");
        let (_, invoices) = app.get("/api/v1/store/invoices", Some(&a.token)).await;
        assert_eq!(invoices["total"], 3, "{invoices}");
        assert_eq!(listed(&app, &a.token, "attention=not_invoiced").await.1, 0);
        // Again: every order keeps its one invoice.
        let (_, job) = bulk(
            &app,
            &a.token,
            json!({"action": "invoice", "order_ids": ids}),
            None,
        )
        .await;
        finished(&app, &a.token, &job["job_id"]).await;
        let (_, invoices) = app.get("/api/v1/store/invoices", Some(&a.token)).await;
        assert_eq!(invoices["total"], 3, "{invoices}");
    }
);

dual_test!(
    bulk_requests_are_checked_and_jobs_are_per_store,
    |app: TestApp| async move {
        let (admin, a, _) = setup(&app).await;
        let ids = orders(&app, &a.token, 1, 1).await;
        let b = app.merchant_with_store(&admin, "BETA-LU").await;
        let cases = [
            (json!({"action": "explode", "order_ids": ids}), "action"),
            (json!({"action": "confirm", "order_ids": []}), "order_ids"),
            (json!({"action": "confirm"}), "order_ids"),
            (
                json!({"action": "confirm", "order_ids": ids, "filter": {}}),
                "filter",
            ),
            (
                json!({"action": "confirm", "filter": {"status": "refunded"}}),
                "filter",
            ),
            (
                json!({"action": "confirm", "order_ids": ids,
                "tracking": [{"order_id": ids[0], "tracking_number": "X"}]}),
                "tracking",
            ),
            (
                json!({"action": "ship", "order_ids": ids,
                "tracking": [{"order_id": 999_999, "tracking_number": "X"}]}),
                "tracking[0].order_id",
            ),
        ];
        for (body, field) in cases {
            let (st, p) = bulk(&app, &a.token, body.clone(), None).await;
            assert_eq!(st, 422, "{body}: {p}");
            assert_eq!(p["errors"][0]["field"], field, "{body}: {p}");
        }
        // Another store's order is reported as not found, and left alone.
        let (st, job) = bulk(
            &app,
            &b.token,
            json!({"action": "cancel", "order_ids": ids}),
            None,
        )
        .await;
        assert_eq!(st, 202, "{job}");
        let j = finished(&app, &b.token, &job["job_id"]).await;
        assert_eq!(j["results"][0]["ok"], false, "{j}");
        assert!(j["results"][0].get("order_number").is_none(), "{j}");
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{}", ids[0]), Some(&a.token))
            .await;
        assert_eq!(o["status"], "pending");
        // The job is the other store's: not found for this one.
        let (st, _) = app
            .get(
                &format!("/api/v1/store/jobs/{}", job["job_id"]),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 404);
    }
);

/// Posts a form (pairs, repeated names allowed) with the session; returns the response.
async fn post_form(
    app: &TestApp,
    session: &str,
    path: &str,
    pairs: &[(&str, String)],
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .form(pairs)
        .send()
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

dual_test!(
    the_orders_page_runs_bulk_jobs_and_shows_each_result,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await; // 10 in stock
        app.json(
            "PUT",
            "/api/v1/store/settings/invoice",
            Some(crate::invoicing::settings_body()),
            Some(&a.token),
        )
        .await;
        let ids = orders(&app, &a.token, 3, 4).await; // 12 units wanted: the third is short
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, "/orders").await;
        assert!(
            html.contains("action=\"/orders/bulk\"") && html.contains("name=\"order_ids\""),
            "{html}"
        );
        let csrf = crate::pages::csrf_in(&html);
        // Nothing ticked: back to the list with a message.
        let res = post_form(
            &app,
            &session,
            "/orders/bulk",
            &[
                ("csrf_token", csrf.clone()),
                ("action", "confirm".into()),
                ("scope", "selected".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let back = location(&res);
        assert!(back.starts_with("/orders?error="), "{back}");
        let html = crate::pages::page(&app, &session, &back).await;
        assert!(html.contains("Tick at least one order"), "{html}");
        // Three ticked orders: a job page, one refused with its reason.
        let mut form = vec![
            ("csrf_token", csrf.clone()),
            ("action", "confirm".to_owned()),
            ("scope", "selected".into()),
            ("idempotency_key", "page-1".into()),
        ];
        form.extend(ids.iter().map(|id| ("order_ids", id.to_string())));
        let res = post_form(&app, &session, "/orders/bulk", &form).await;
        assert_eq!(res.status().as_u16(), 303);
        let job_page = location(&res);
        assert!(job_page.starts_with("/orders/jobs/"), "{job_page}");
        let job_id: i64 = job_page.rsplit('/').next().unwrap().parse().unwrap();
        finished(&app, &a.token, &json!(job_id)).await;
        // What the page polls: the counts and the state in words.
        let progress: Value = serde_json::from_str(
            &crate::pages::page(&app, &session, &format!("{job_page}/progress")).await,
        )
        .unwrap();
        assert_eq!(
            (
                progress["done"].as_i64(),
                progress["total"].as_i64(),
                progress["status_label"].as_str()
            ),
            (Some(3), Some(3), Some("Finished"))
        );
        let html = crate::pages::page(&app, &session, &job_page).await;
        assert!(
            html.contains("Confirming orders") && html.contains("2 done, 1 refused."),
            "{html}"
        );
        assert!(html.contains("Not enough stock"), "{html}");
        assert!(!html.contains("order_id"), "no internal ids: {html}");
        // The same form sent twice (same key) is the same job.
        let res = post_form(&app, &session, "/orders/bulk", &form).await;
        assert_eq!(location(&res), job_page);
        // Ship every processing order (the list's filter) with a tracking line for one.
        let (_, first) = app
            .get(&format!("/api/v1/store/orders/{}", ids[0]), Some(&a.token))
            .await;
        let number = first["order_number"].as_str().unwrap().to_owned();
        let ship = vec![
            ("csrf_token", csrf.clone()),
            ("action", "ship".to_owned()),
            ("scope", "filter".into()),
            ("f_status", "processing".into()),
            ("carrier", "Post".into()),
            (
                "tracking_csv",
                format!("order,carrier,tracking\n{number};DHL;DE999\n"),
            ),
        ];
        let res = post_form(&app, &session, "/orders/bulk", &ship).await;
        assert_eq!(res.status().as_u16(), 303);
        let job_id: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
        let j = finished(&app, &a.token, &json!(job_id)).await;
        assert_eq!((oks(&j), j["total"].as_i64()), (2, Some(2)), "{j}");
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{}", ids[0]), Some(&a.token))
            .await;
        assert_eq!(
            (o["carrier"].as_str(), o["tracking_number"].as_str()),
            (Some("DHL"), Some("DE999"))
        );
        let (_, o) = app
            .get(&format!("/api/v1/store/orders/{}", ids[1]), Some(&a.token))
            .await;
        assert_eq!(
            o["carrier"].as_str(),
            Some("Post"),
            "the default carrier for orders without a line"
        );
        // A tracking line naming an unknown order stops before anything starts.
        let bad = vec![
            ("csrf_token", csrf.clone()),
            ("action", "ship".to_owned()),
            ("scope", "selected".into()),
            ("order_ids", ids[2].to_string()),
            ("tracking_csv", format!("{number},Post,1\nNOPE-1,Post,2")),
        ];
        let res = post_form(&app, &session, "/orders/bulk", &bad).await;
        let html = crate::pages::page(&app, &session, &location(&res)).await;
        assert!(html.contains("line 2: there is no order NOPE-1"), "{html}");
        // Invoice the shipped orders, then download them as one zip.
        let inv = vec![
            ("csrf_token", csrf.clone()),
            ("action", "invoice".to_owned()),
            ("scope", "filter".into()),
            ("f_status", "shipped".into()),
        ];
        let res = post_form(&app, &session, "/orders/bulk", &inv).await;
        let job_id: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(oks(&finished(&app, &a.token, &json!(job_id)).await), 2);
        let mut zip_form = vec![
            ("csrf_token", csrf.clone()),
            ("scope", "selected".to_owned()),
        ];
        zip_form.extend(ids.iter().map(|id| ("order_ids", id.to_string())));
        let res = post_form(&app, &session, "/orders/invoices.zip", &zip_form).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(orion_testkit::content_type(&res), "application/zip");
        let bytes = res.bytes().await.unwrap();
        let names = zip_names(&bytes);
        assert_eq!(
            names.iter().filter(|n| n.ends_with(".pdf")).count(),
            2,
            "{names:?}"
        );
        assert!(names.contains(&"not-invoiced.txt".to_owned()), "{names:?}");
        // Pick list and packing slips of every order matching the list's filter.
        for path in ["/orders/pick-list", "/orders/packing-slips"] {
            let form = vec![
                ("csrf_token", csrf.clone()),
                ("scope", "filter".to_owned()),
                ("f_status", "shipped".into()),
            ];
            let res = post_form(&app, &session, path, &form).await;
            assert_eq!(res.status().as_u16(), 200, "{path}");
            assert_eq!(
                orion_testkit::content_type(&res),
                "application/pdf",
                "{path}"
            );
        }
    }
);

/// The names of a zip's entries, read from its central directory.
fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            let extra = u16::from_le_bytes([bytes[i + 30], bytes[i + 31]]) as usize;
            let comment = u16::from_le_bytes([bytes[i + 32], bytes[i + 33]]) as usize;
            names.push(String::from_utf8_lossy(&bytes[i + 46..i + 46 + n]).into_owned());
            i += 46 + n + extra + comment;
        } else {
            i += 1;
        }
    }
    names
}

dual_test!(invoices_zip_over_the_api, |app: TestApp| async move {
    let (admin, a, _) = setup(&app).await;
    app.json(
        "PUT",
        "/api/v1/store/settings/invoice",
        Some(crate::invoicing::settings_body()),
        Some(&a.token),
    )
    .await;
    let ids = orders(&app, &a.token, 2, 1).await;
    for action in ["confirm", "ship", "invoice"] {
        let (_, job) = bulk(
            &app,
            &a.token,
            json!({"action": action, "order_ids": ids}),
            None,
        )
        .await;
        assert_eq!(
            oks(&finished(&app, &a.token, &job["job_id"]).await),
            2,
            "{action}"
        );
    }
    let res = app
        .client
        .post(app.url("/api/v1/store/orders/invoices.zip"))
        .bearer_auth(&a.token)
        .json(&json!({"order_ids": ids}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let names = zip_names(&res.bytes().await.unwrap());
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("INV-") && n.ends_with(".pdf")),
        "{names:?}"
    );
    // Another store: its orders have no invoices here.
    let b = app.merchant_with_store(&admin, "BETA-LU").await;
    let (st, p) = app
        .post(
            "/api/v1/store/orders/invoices.zip",
            json!({"order_ids": ids}),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        (st, p["errors"][0]["field"].as_str()),
        (422, Some("order_ids")),
        "{p}"
    );
    let (st, _) = app
        .post(
            "/api/v1/store/orders/invoices.zip",
            json!({"order_ids": []}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 422);
});

dual_test!(
    the_list_sorts_by_status_in_the_order_of_an_orders_life,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let ids = orders(&app, &a.token, 3, 1).await;
        for (action, these) in [("confirm", &ids[..2]), ("ship", &ids[..1])] {
            let (_, job) = bulk(
                &app,
                &a.token,
                json!({"action": action, "order_ids": these}),
                None,
            )
            .await;
            finished(&app, &a.token, &job["job_id"]).await;
        }
        let (st, list) = app
            .get("/api/v1/store/orders?sort=status", Some(&a.token))
            .await;
        assert_eq!(st, 200, "{list}");
        let statuses: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["pending", "processing", "shipped"]);
        let (st, p) = app
            .get("/api/v1/store/orders?sort=sideways", Some(&a.token))
            .await;
        assert_eq!((st, p["errors"][0]["field"].as_str()), (422, Some("sort")));
    }
);

dual_test!(
    short_of_stock_lists_pending_orders_stock_cannot_cover_now,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await; // 10 in stock
        let big = orders(&app, &a.token, 1, 11).await[0];
        orders(&app, &a.token, 1, 2).await;
        assert_eq!(listed(&app, &a.token, "attention=short").await.0, [big]);
        // A delivery covers it: the list follows the stock at once.
        let (st, b) = app
            .post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": pid, "delta": 5}),
                Some(&a.token),
            )
            .await;
        assert!(st < 300, "{b}");
        assert!(listed(&app, &a.token, "attention=short").await.0.is_empty());
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, "/orders?attention=short").await;
        assert!(html.contains("Short of stock"), "{html}");
    }
);

dual_test!(
    a_job_a_stopped_server_left_is_finished_by_the_sweeper,
    |app: TestApp| async move {
        use orion_orders::bulk::{BulkRequest, resume};
        use sea_orm::{ActiveModelTrait, Set};
        let (_, a, _) = setup(&app).await;
        let ids = orders(&app, &a.token, 3, 1).await;
        let store = crate::orders::store_ref(&a);
        // A job recorded, whose runner then died mid-way (its lease ran out).
        let tx = app.db.begin_write().await.unwrap();
        let req = BulkRequest {
            action: "confirm".into(),
            order_ids: Some(ids.clone()),
            filter: None,
            tracking: None,
            carrier: None,
        };
        let (job, _) = orion_orders::bulk::start(&tx, &store, None, req, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(
            !resume::abandoned(&app.db).await.unwrap().contains(&job.id),
            "a fresh job waits for its runner"
        );
        orion_orders::entity::bulk_job::ActiveModel {
            id: Set(job.id),
            status: Set("running".into()),
            lease_until: Set(Some(chrono::Utc::now() - chrono::Duration::minutes(1))),
            ..Default::default()
        }
        .update(app.db.conn())
        .await
        .unwrap();
        assert_eq!(resume::abandoned(&app.db).await.unwrap(), [job.id]);
        assert_eq!(resume::resume_abandoned(&app.db).await.unwrap(), 1);
        let (_, j) = app
            .get(&format!("/api/v1/store/jobs/{}", job.id), Some(&a.token))
            .await;
        assert_eq!((j["status"].as_str(), oks(&j)), (Some("done"), 3), "{j}");
        assert!(resume::abandoned(&app.db).await.unwrap().is_empty());
    }
);
