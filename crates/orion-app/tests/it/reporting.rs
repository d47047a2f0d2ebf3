//! Reporting through the API and the dashboard, on SQLite and PostgreSQL: the summary equals
//! the orders created (cancelled orders apart), the rollups equal a rebuild from the orders
//! after a random workload, the merchant view is the sum of its stores and needs Business.

use orion_kernel::{Money, StoreId};
use orion_testkit::{TestApp, dual_test};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use super::billing::set_tier;
use super::orders::{order_body, setup};

fn today() -> String {
    orion_kernel::time::local_date(chrono::Utc::now()).to_string()
}

fn cents(v: &Value) -> i64 {
    Money::parse(v.as_str().unwrap_or_else(|| panic!("money: {v}")))
        .unwrap()
        .0
}

async fn summary(app: &TestApp, token: &str, query: &str) -> Value {
    let (st, s) = app
        .get(
            &format!("/api/v1/store/reports/summary?{query}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{s}");
    s
}

/// Every order of the store through the orders API: (total cents, units, status).
async fn orders_of(app: &TestApp, token: &str) -> Vec<(i64, i64, String)> {
    let mut out = Vec::new();
    for page in 1.. {
        let (st, v) = app
            .get(
                &format!("/api/v1/store/orders?per_page=100&page={page}"),
                Some(token),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let items = v["items"].as_array().unwrap().clone();
        for o in &items {
            let (_, full) = app
                .get(&format!("/api/v1/store/orders/{}", o["id"]), Some(token))
                .await;
            let units = full["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["status"] != "declined")
                .map(|i| i["quantity"].as_i64().unwrap())
                .sum();
            out.push((
                cents(&o["total"]),
                units,
                o["status"].as_str().unwrap().to_owned(),
            ));
        }
        if items.len() < 100 {
            break;
        }
    }
    out
}

/// Every report table of the period `q`.
async fn all_tables(app: &TestApp, token: &str, q: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for r in orion_reporting::service::tables::REPORTS {
        let (st, v) = app
            .get(
                &format!("/api/v1/store/reports/tables?report={r}&{q}"),
                Some(token),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        out.push(v);
    }
    out
}

/// What the summary's totals should be, recomputed from the orders.
fn expected(orders: &[(i64, i64, String)]) -> (i64, i64, i64, i64) {
    let live: Vec<_> = orders.iter().filter(|o| o.2 != "cancelled").collect();
    (
        live.len() as i64,
        live.iter().map(|o| o.0).sum(),
        live.iter().map(|o| o.1).sum(),
        (orders.len() - live.len()) as i64,
    )
}

fn actual(s: &Value) -> (i64, i64, i64, i64) {
    let t = &s["totals"];
    (
        t["orders"].as_i64().unwrap(),
        cents(&t["gross"]),
        t["units"].as_i64().unwrap(),
        t["cancelled"].as_i64().unwrap(),
    )
}

dual_test!(
    reporting_summary_equals_the_orders,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await;
        let t = a.token.as_str();
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 100}),
            Some(t),
        )
        .await;
        let mut ids = Vec::new();
        for i in 0..6 {
            let (st, o) = app
                .post(
                    "/api/v1/store/orders",
                    order_body("TEA-01", 1 + i % 3, &format!("c{i}@example.lu")),
                    Some(t),
                )
                .await;
            assert_eq!(st, 201, "{o}");
            ids.push(o["id"].as_i64().unwrap());
        }
        let (st, b) = app
            .post(
                &format!("/api/v1/store/orders/{}/cancel", ids[0]),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let (st, b) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", ids[1]),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{b}");

        let day = today();
        let s = summary(&app, t, &format!("from={day}&to={day}&granularity=day")).await;
        let want = expected(&orders_of(&app, t).await);
        assert_eq!(actual(&s), want, "{s}");
        assert_eq!(want.0, 5, "one of six cancelled");
        assert_eq!(s["currency"], "EUR");
        assert_eq!(s["series"].as_array().unwrap().len(), 1, "{s}");
        assert_eq!(cents(&s["series"][0]["gross"]), want.1);
        assert_eq!(s["channels"][0]["channel"], "direct");
        assert_eq!(s["top_products"][0]["sku"], "TEA-01");
        assert_eq!(s["distance_sales"]["threshold"], "10000.00");
        assert_eq!(s["previous"]["orders"], 0);
        // Six customers ordered; the cancelled order's customer has no counted order: five
        // are new, none returning. One whose first order was last year returns.
        assert_eq!(s["customers"], json!({"new": 5, "returning": 0}), "{s}");
        assert_eq!(s["credit_notes"]["count"], 0);
        app.db
            .conn()
            .execute_unprepared(
                "UPDATE customers SET first_order_at = '2025-06-01T10:00:00Z' WHERE email = 'c1@example.lu'",
            )
            .await
            .unwrap();
        let s2 = summary(&app, t, &format!("from={day}&to={day}")).await;
        assert_eq!(s2["customers"], json!({"new": 4, "returning": 1}), "{s2}");
        let t1 = &s["totals"];
        assert_eq!(
            cents(&t1["net"]) + cents(&t1["vat"]),
            cents(&t1["gross"]),
            "net + VAT = gross"
        );
        // Weeks start on Monday, months on the 1st: one period each for one day.
        for g in ["week", "month"] {
            let s = summary(&app, t, &format!("from={day}&to={day}&granularity={g}")).await;
            assert_eq!(s["series"].as_array().unwrap().len(), 1, "{g}: {s}");
            assert_eq!(actual(&s), want);
        }
        // Yesterday's figures are empty; a 7-day period carries today's in its series.
        let s = summary(&app, t, "from=2020-01-01&to=2020-01-07").await;
        assert_eq!(s["totals"]["orders"], 0);
        assert_eq!(s["series"].as_array().unwrap().len(), 7);
        // Bad periods name their field.
        for (q, field) in [
            ("granularity=year", "granularity"),
            ("from=2026-12-05&to=2026-12-01", "to"),
            ("from=yesterday", "from"),
            ("from=2000-01-01&to=2026-12-01", "to"),
        ] {
            let (st, b) = app
                .get(&format!("/api/v1/store/reports/summary?{q}"), Some(t))
                .await;
            assert_eq!(st, 422, "{q}: {b}");
            assert!(b.to_string().contains(field), "{q}: {b}");
        }
    }
);

dual_test!(
    reporting_rollups_equal_a_rebuild_after_a_random_workload,
    |app: TestApp| async move {
        let (_, a, pid) = setup(&app).await;
        let t = a.token.as_str();
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 1000}),
            Some(t),
        )
        .await;
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut live: Vec<(i64, &str)> = Vec::new();
        for step in 0..40 {
            match next(4) {
                0 | 1 => {
                    let (st, o) = app
                        .post(
                            "/api/v1/store/orders",
                            order_body(
                                "TEA-01",
                                1 + next(4) as i64,
                                &format!("r{step}@example.lu"),
                            ),
                            Some(t),
                        )
                        .await;
                    assert_eq!(st, 201, "{o}");
                    live.push((o["id"].as_i64().unwrap(), "pending"));
                }
                2 if !live.is_empty() => {
                    let k = next(live.len() as u64) as usize;
                    let (id, status) = live[k];
                    let action = match status {
                        "pending" => "confirm",
                        "processing" => "ship",
                        _ => continue,
                    };
                    let body = if action == "ship" {
                        json!({"tracking_number": "T1", "carrier": "Post"})
                    } else {
                        json!({})
                    };
                    let (st, b) = app
                        .post(
                            &format!("/api/v1/store/orders/{id}/{action}"),
                            body,
                            Some(t),
                        )
                        .await;
                    assert_eq!(st, 200, "{action}: {b}");
                    live[k].1 = if action == "confirm" {
                        "processing"
                    } else {
                        "shipped"
                    };
                }
                _ if !live.is_empty() => {
                    let k = next(live.len() as u64) as usize;
                    let (id, status) = live[k];
                    if status == "shipped" {
                        continue;
                    }
                    let (st, b) = app
                        .post(
                            &format!("/api/v1/store/orders/{id}/cancel"),
                            json!({}),
                            Some(t),
                        )
                        .await;
                    assert_eq!(st, 200, "cancel: {b}");
                    live.remove(k);
                }
                _ => {}
            }
        }
        let day = today();
        let q = format!("from={day}&to={day}");
        let kept = summary(&app, t, &q).await;
        assert_eq!(actual(&kept), expected(&orders_of(&app, t).await), "{kept}");
        let kept_tables = all_tables(&app, t, &q).await;
        // Rollups damaged by hand: seen once an order changes (summaries are cached under
        // the orders' change counter) ...
        let store = StoreId(a.store["id"].as_i64().unwrap());
        let conn = app.db.conn();
        conn.execute_unprepared("UPDATE sales_daily SET orders = orders + 7")
            .await
            .unwrap();
        conn.execute_unprepared(&format!(
            "UPDATE orders SET updated_at = updated_at WHERE store_id = {}",
            store.0
        ))
        .await
        .unwrap();
        let damaged = summary(&app, t, &q).await;
        assert_eq!(
            damaged["totals"]["orders"].as_i64(),
            kept["totals"]["orders"].as_i64().map(|n| n + 7),
            "{damaged}"
        );
        // ... and recomputed from the orders, the rollups are the same as before (the rebuild
        // moves the cached summaries' counter: no damaged figure is served after it).
        let tx = app.db.begin_write().await.unwrap();
        let n = orion_reporting::service::rebuild::rebuild(&tx, store)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(n > 0);
        let rebuilt = summary(&app, t, &q).await;
        assert_eq!(rebuilt, kept);
        assert_eq!(all_tables(&app, t, &q).await, kept_tables);
    }
);

dual_test!(
    reporting_merchant_view_is_the_sum_of_its_stores_and_needs_business,
    |app: TestApp| async move {
        let (admin, a, pid) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let (st, s2) = app
            .post(
                &format!("/api/v1/admin/merchants/{}/stores", a.merchant_id),
                json!({"code": "ALPHA-DE", "name": "Alpha DE", "country": "LU", "default_language": "de"}),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 201, "{s2}");
        let t2 = app
            .login(&a.email, orion_testkit::PASSWORD, Some("ALPHA-DE"))
            .await;
        let (_, p2) = app
            .post("/api/v1/store/products", json!({"sku": "TEA-01", "translations": {"en": {"title": "Tea"}}, "price": "7.00", "vat_rate_class": "reduced"}), Some(&t2))
            .await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p2["id"], "delta": 50}),
            Some(&t2),
        )
        .await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 50}),
            Some(&a.token),
        )
        .await;
        for (tok, n) in [(a.token.as_str(), 3), (t2.as_str(), 2)] {
            for i in 0..n {
                let (st, o) = app
                    .post(
                        "/api/v1/store/orders",
                        order_body("TEA-01", 1 + i, &format!("m{i}@example.lu")),
                        Some(tok),
                    )
                    .await;
                assert_eq!(st, 201, "{o}");
            }
        }
        let day = today();
        let q = format!("from={day}&to={day}&granularity=month");
        let one = actual(&summary(&app, &a.token, &q).await);
        let two = actual(&summary(&app, &t2, &q).await);
        // With a store token and without one (the owner's merchant login).
        let plain = app.login(&a.email, orion_testkit::PASSWORD, None).await;
        for tok in [a.token.as_str(), plain.as_str()] {
            let (st, m) = app
                .get(&format!("/api/v1/merchant/reports/summary?{q}"), Some(tok))
                .await;
            assert_eq!(st, 200, "{m}");
            assert_eq!(m["stores"].as_array().unwrap().len(), 2, "{m}");
            let c = actual(&m["consolidated"]);
            assert_eq!(c, (one.0 + two.0, one.1 + two.1, one.2 + two.2, 0), "{m}");
            let per_store: i64 = m["stores"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| cents(&s["totals"]["gross"]))
                .sum();
            assert_eq!(per_store, c.1);
        }
        // Below Business: refused, naming the feature problem.
        set_tier(&app, &admin, a.merchant_id, "professional").await;
        let (st, b) = app
            .get(
                &format!("/api/v1/merchant/reports/summary?{q}"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        assert!(
            b["type"].as_str().unwrap().ends_with("feature-not-in-tier"),
            "{b}"
        );
        // A store member who owns no merchant is refused.
        let other = app.merchant_with_store(&admin, "BETA-LU").await;
        let (st, _) = app
            .get(
                &format!(
                    "/api/v1/merchant/reports/summary?merchant_id={}",
                    a.merchant_id
                ),
                Some(&other.token),
            )
            .await;
        assert_eq!(st, 403);
    }
);

dual_test!(
    reporting_dashboard_shows_the_figures_and_the_chart,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 2, "d@example.lu"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, "/dashboard").await;
        for needle in [
            "data-testid=\"today\"",
            "data-testid=\"figures\"",
            "<svg class=\"chart\"",
            "role=\"img\"",
            "data-testid=\"distance-gauge\"",
            "<meter",
        ] {
            assert!(html.contains(needle), "{needle} in the dashboard");
        }
        // The gross of the order, as English writes it.
        let gross = orion_kernel::locale::money(cents(&o["total"]), orion_kernel::Lang::En);
        assert!(html.contains(&gross), "{gross} on the dashboard");
    }
);

dual_test!(
    reporting_tables_by_product_country_channel_and_vat_with_csv,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let t = a.token.as_str();
        let (st, b) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(crate::invoicing::settings_body()),
                Some(t),
            )
            .await;
        assert!(st < 300, "{b}");
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 2, "v@example.lu"),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let id = o["id"].as_i64().unwrap();
        for (action, body) in [
            ("confirm", json!({})),
            ("ship", json!({"tracking_number": "T1", "carrier": "Post"})),
            ("invoice", json!({})),
        ] {
            let (st, b) = app
                .post(
                    &format!("/api/v1/store/orders/{id}/{action}"),
                    body,
                    Some(t),
                )
                .await;
            assert!(st < 300, "{action}: {b}");
        }
        let day = today();
        let table = |report: &'static str| {
            let app = &app;
            let day = day.clone();
            async move {
                let (st, v) = app
                    .get(
                        &format!(
                            "/api/v1/store/reports/tables?report={report}&from={day}&to={day}"
                        ),
                        Some(t),
                    )
                    .await;
                assert_eq!(st, 200, "{report}: {v}");
                v
            }
        };
        let p = table("sales-by-product").await;
        assert_eq!(p["columns"], json!(["sku", "product", "units", "gross"]));
        assert_eq!(p["rows"][0][0], "TEA-01");
        assert_eq!(p["rows"][0][2], 2);
        let c = table("sales-by-country").await;
        assert_eq!(c["rows"][0][0], "LU");
        assert_eq!(c["rows"][0][1], 1);
        assert_eq!(cents(&c["rows"][0][2]), cents(&o["total"]));
        let ch = table("sales-by-channel").await;
        assert_eq!(ch["rows"][0][0], "direct");
        // The VAT of the invoice, from its breakdown: taxable + VAT = the invoice's gross.
        let v = table("vat-by-country-rate").await;
        let rows = v["rows"].as_array().unwrap();
        // Goods at the reduced rate, shipping at the standard rate: two buckets in Luxembourg.
        assert_eq!(rows.len(), 2, "{v}");
        assert!(rows.iter().all(|r| r[0] == "LU"), "{v}");
        let sum: i64 = rows.iter().map(|r| cents(&r[3]) + cents(&r[4])).sum();
        assert_eq!(sum, cents(&o["total"]), "{v}");
        // A full credit note: counted and its amount credited, in the period it is issued
        // (the summary read before it is not served again after it).
        let before = summary(&app, t, &format!("from={day}&to={day}")).await;
        assert_eq!(before["credit_notes"]["count"], 0, "{before}");
        let (_, invs) = app.get("/api/v1/store/invoices", Some(t)).await;
        let inv = invs["items"][0]["id"].as_i64().unwrap();
        let (st, cn) = app
            .post(
                &format!("/api/v1/store/invoices/{inv}/credit-note"),
                json!({"reason": "returned"}),
                Some(t),
            )
            .await;
        assert!(st < 300, "{cn}");
        let s = summary(&app, t, &format!("from={day}&to={day}")).await;
        assert_eq!(s["credit_notes"]["count"], 1, "{s}");
        assert_eq!(
            cents(&s["credit_notes"]["total"]),
            cents(&o["total"]),
            "{s}"
        );
        // CSV in both forms.
        let res = app
            .client
            .get(app.url(&format!(
                "/api/v1/store/reports/tables?report=sales-by-country&from={day}&to={day}&format=csv&dialect=excel"
            )))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let body = res.bytes().await.unwrap();
        assert!(
            body.starts_with(b"\xEF\xBB\xBFcountry;orders;gross;net;vat\n"),
            "{body:?}"
        );
        assert!(String::from_utf8_lossy(&body).contains("LU;1;"));
        let res = app
            .client
            .get(app.url(&format!(
                "/api/v1/store/reports/tables?report=sales-by-period&from={day}&to={day}&format=csv"
            )))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        let text = res.text().await.unwrap();
        assert!(text.starts_with("period,orders,gross,net\n"), "{text}");
        // Unknown reports and formats are named.
        for (q, field) in [
            ("report=sales", "report"),
            ("report=sales-by-period&format=xml", "format"),
        ] {
            let (st, b) = app
                .get(&format!("/api/v1/store/reports/tables?{q}"), Some(t))
                .await;
            assert_eq!(st, 422, "{q}: {b}");
            assert!(b.to_string().contains(field), "{b}");
        }
        // The reports page lists the tables with their downloads.
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html =
            crate::pages::page(&app, &session, &format!("/reports?from={day}&to={day}")).await;
        for r in orion_reporting::service::tables::REPORTS {
            assert!(html.contains(&format!("data-testid=\"report-{r}\"")), "{r}");
            assert!(
                html.contains(&format!("/reports/download?report={r}")),
                "{r}"
            );
        }
        assert!(html.contains("TEA-01"));
    }
);
