//! Billing: tiers, subscriptions, exact limits under concurrency, feature gates.

use orion_billing::{Feature, Metric, limits};
use orion_kernel::MerchantId;
use orion_testkit::{Backend, TestApp, dual_test};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub(crate) async fn set_tier(app: &TestApp, admin: &str, merchant: i64, tier: &str) {
    let (st, b) = app
        .json(
            "PUT",
            &format!("/api/v1/admin/merchants/{merchant}/subscription"),
            Some(json!({"tier": tier, "status": "active"})),
            Some(admin),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (b["tier"].as_str(), b["status"].as_str()),
        (Some(tier), Some("active"))
    );
}

async fn invite(app: &TestApp, token: &str, i: usize) -> (u16, Value) {
    app.post(
        "/api/v1/store/team/invitations",
        json!({"email": format!("p{i}@test.example"), "role": "staff"}),
        Some(token),
    )
    .await
}

dual_test!(
    new_merchants_start_a_professional_trial,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(st, 200, "{b}");
        assert_eq!(
            (b["tier"].as_str(), b["status"].as_str()),
            (Some("professional"), Some("trialing"))
        );
        assert!(
            b["trial_ends_at"].is_string() && b["period_start"].as_str().unwrap().ends_with("-01")
        );
        assert_eq!(
            b["metrics"]["orders_per_month"],
            json!({"limit": 500, "used": 0, "remaining": 500})
        );
        assert_eq!(
            b["metrics"]["products"],
            json!({"limit": null, "used": 0, "remaining": null})
        );
        assert_eq!(
            b["metrics"]["team_members"],
            json!({"limit": 3, "used": 1, "remaining": 2})
        );
        assert!(b["metrics"]["api_requests_per_day"].is_object());
        let (st, sub) = app
            .get(
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200);
        assert_eq!(sub["history"].as_array().unwrap().len(), 1);
    }
);

dual_test!(
    team_limit_follows_the_tier_and_downgrades_keep_data,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        assert_eq!(invite(&app, &a.token, 1).await.0, 201);
        set_tier(&app, &admin, a.merchant_id, "essential").await;
        let (st, b) = invite(&app, &a.token, 2).await;
        assert_eq!(st, 403, "{b}");
        assert_eq!(b["type"], "/problems/limit-exceeded");
        assert_eq!(
            (
                b["metric"].as_str(),
                b["limit"].as_i64(),
                b["used"].as_i64()
            ),
            (Some("team_members"), Some(1), Some(2))
        );
        assert_eq!(
            b["upgrade_to"], "professional",
            "3 seats are needed and professional has 3"
        );
        // Nothing was deleted by the downgrade: the pending invitation is still there.
        assert_eq!(
            app.get("/api/v1/store/team/invitations", Some(&a.token))
                .await
                .1
                .as_array()
                .unwrap()
                .len(),
            1
        );
        set_tier(&app, &admin, a.merchant_id, "business").await;
        assert_eq!(invite(&app, &a.token, 3).await.0, 201);
        let (_, sub) = app
            .get(
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(&admin),
            )
            .await;
        let h = &sub["history"][0];
        assert_eq!(
            (h["from_tier"].as_str(), h["to_tier"].as_str()),
            (Some("essential"), Some("business"))
        );
        assert!(h["changed_by"].is_i64());
    }
);

dual_test!(
    tier_edits_apply_at_once_and_are_validated,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, t) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/professional",
                Some(json!({"limits": {"team_members": null, "orders_per_month": 7}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{t}");
        assert_eq!(
            (
                t["limits"]["team_members"].clone(),
                t["limits"]["orders_per_month"].clone()
            ),
            (Value::Null, json!(7))
        );
        assert_eq!(
            t["limits"]["api_requests_per_day"], 0,
            "absent limits are unchanged"
        );
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(b["metrics"]["team_members"]["limit"], Value::Null);
        assert_eq!(b["metrics"]["orders_per_month"]["limit"], 7);
        let (st, e) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/professional",
                Some(json!({"features": ["teleportation"], "limits": {"products": -1}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 422);
        let fields: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"features") && fields.contains(&"limits.products"),
            "{fields:?}"
        );
        assert_eq!(
            app.json(
                "PATCH",
                "/api/v1/admin/tiers/platinum",
                Some(json!({})),
                Some(&admin)
            )
            .await
            .0,
            404
        );
        let (_, tiers) = app.get("/api/v1/admin/tiers", Some(&admin)).await;
        assert_eq!(
            tiers
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["code"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["essential", "professional", "business", "enterprise"]
        );
        assert_eq!(tiers[0]["monthly_price"], "49.00");
        assert_eq!(app.get("/api/v1/admin/tiers", Some(&a.token)).await.0, 403);
    }
);

dual_test!(
    subscription_changes_are_validated,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let path = format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id);
        let (st, b) = app
            .json(
                "PUT",
                &path,
                Some(json!({"tier": "gold", "status": "sleeping"})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 422);
        assert_eq!(b["errors"].as_array().unwrap().len(), 2);
        assert_eq!(
            app.json(
                "PUT",
                &path,
                Some(json!({"tier": "business", "status": "trialing"})),
                Some(&admin)
            )
            .await
            .0,
            422
        );
        assert_eq!(
            app.json(
                "PUT",
                "/api/v1/admin/merchants/99999/subscription",
                Some(json!({"tier": "business", "status": "active"})),
                Some(&admin)
            )
            .await
            .0,
            404
        );
    }
);

dual_test!(
    an_expired_trial_falls_back_to_essential,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        use sea_orm::ConnectionTrait;
        app.db
            .conn()
            .execute_unprepared(
                "UPDATE subscriptions SET trial_ends_at = '2001-01-01 00:00:00+00:00'",
            )
            .await
            .unwrap();
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(
            (b["tier"].as_str(), b["status"].as_str()),
            (Some("essential"), Some("active"))
        );
        let (_, sub) = app
            .get(
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(&admin),
            )
            .await;
        assert_eq!(
            sub["history"].as_array().unwrap().len(),
            2,
            "the fallback is recorded once"
        );
        assert_eq!(sub["history"][0]["changed_by"], Value::Null);
        let _ = app.get("/api/v1/store/billing", Some(&a.token)).await;
        let (_, sub) = app
            .get(
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(&admin),
            )
            .await;
        assert_eq!(sub["history"].as_array().unwrap().len(), 2);
    }
);

/// 50 concurrent invitations with 5 seats left: exactly 5 succeed, on one or two instances.
async fn concurrent_invites(apps: &[&TestApp], token: &str) -> (usize, usize) {
    let mut tasks = Vec::new();
    for i in 0..50 {
        let app = apps[i % apps.len()];
        let (client, url, token) = (
            app.client.clone(),
            app.url("/api/v1/store/team/invitations"),
            token.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"email": format!("c{i}@test.example"), "role": "staff"}))
                .send()
                .await
                .unwrap();
            let st = res.status().as_u16();
            let b: Value = res.json().await.unwrap();
            (st, b)
        }));
    }
    let (mut ok, mut refused) = (0, 0);
    for t in tasks {
        let (st, b) = t.await.unwrap();
        match st {
            201 => ok += 1,
            403 if b["type"] == "/problems/limit-exceeded" => refused += 1,
            other => panic!("unexpected {other}: {b}"),
        }
    }
    (ok, refused)
}

dual_test!(
    concurrent_invitations_take_exactly_the_free_seats,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"team_members": 6}})),
            Some(&admin),
        )
        .await;
        assert_eq!(concurrent_invites(&[&app], &a.token).await, (5, 45));
        let (_, b) = app.get("/api/v1/store/billing", Some(&a.token)).await;
        assert_eq!(
            b["metrics"]["team_members"],
            json!({"limit": 6, "used": 6, "remaining": 0})
        );
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_postgres_take_exactly_the_free_seats() {
    let one = TestApp::postgres().await;
    let two = TestApp::start_on(Backend::Postgres, one.database_url.clone(), None).await;
    let admin = one.admin_token().await;
    let a = one.merchant_with_store(&admin, "ALPHA-LU").await;
    one.json(
        "PATCH",
        "/api/v1/admin/tiers/professional",
        Some(json!({"limits": {"team_members": 6}})),
        Some(&admin),
    )
    .await;
    assert_eq!(concurrent_invites(&[&one, &two], &a.token).await, (5, 45));
}

dual_test!(
    counters_are_consumed_exactly_under_concurrency,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 5}})),
            Some(&admin),
        )
        .await;
        let merchant = MerchantId(a.merchant_id);
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let db = app.db.clone();
            tasks.push(tokio::spawn(async move {
                let tx = db.begin_write().await.unwrap();
                let r = limits::check_and_consume(&tx, merchant, Metric::OrdersPerMonth, 1).await;
                tx.commit().await.unwrap();
                r
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert!(matches!(
                        e,
                        orion_billing::BillingError::LimitExceeded {
                            limit: 5,
                            used: 5,
                            ..
                        }
                    ));
                    let v = orion_web::ApiError::from(e).to_json();
                    assert_eq!(
                        (v["type"].as_str(), v["limit"].as_i64(), v["used"].as_i64()),
                        (Some("/problems/limit-exceeded"), Some(5), Some(5))
                    );
                    assert_eq!(v["upgrade_to"], "essential", "essential allows 100 orders");
                }
            }
        }
        assert_eq!(ok, 5);
        let usage = limits::check(app.db.conn(), merchant, Metric::OrdersPerMonth)
            .await
            .unwrap();
        assert_eq!((usage.used, usage.remaining), (5, Some(0)));
        // A rolled-back transaction gives its units back.
        app.json(
            "PATCH",
            "/api/v1/admin/tiers/professional",
            Some(json!({"limits": {"orders_per_month": 6}})),
            Some(&admin),
        )
        .await;
        let tx = app.db.begin_write().await.unwrap();
        limits::check_and_consume(&tx, merchant, Metric::OrdersPerMonth, 1)
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(
            limits::check(app.db.conn(), merchant, Metric::OrdersPerMonth)
                .await
                .unwrap()
                .used,
            5
        );
    }
);

dual_test!(features_are_gated_by_tier, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let m = MerchantId(a.merchant_id);
    assert!(
        limits::require_feature(app.db.conn(), m, Feature::CUSTOMER_CSV_EXPORT)
            .await
            .is_ok()
    );
    set_tier(&app, &admin, a.merchant_id, "essential").await;
    let v = orion_web::ApiError::from(
        limits::require_feature(app.db.conn(), m, Feature::CUSTOMER_CSV_EXPORT)
            .await
            .unwrap_err(),
    )
    .to_json();
    assert_eq!(
        (
            v["type"].as_str(),
            v["status"].as_i64(),
            v["upgrade_to"].as_str()
        ),
        (
            Some("/problems/feature-not-in-tier"),
            Some(403),
            Some("professional")
        )
    );
    assert!(
        limits::require_feature(app.db.conn(), m, Feature::INVOICE_LU)
            .await
            .is_ok()
    );
});

dual_test!(
    admin_overview_counts_tiers_trials_and_mrr,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        app.merchant_with_store(&admin, "GAMMA-LU").await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        set_tier(&app, &admin, b.merchant_id, "essential").await;
        let (st, o) = app
            .get("/api/v1/admin/billing/overview", Some(&admin))
            .await;
        assert_eq!(st, 200, "{o}");
        assert_eq!(o["estimated_mrr"], "248.00");
        let count = |tier: &str| {
            o["merchants_per_tier"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["tier"] == tier)
                .unwrap()["merchants"]
                .as_i64()
                .unwrap()
        };
        assert_eq!(
            (count("essential"), count("professional"), count("business")),
            (1, 1, 1)
        );
        assert_eq!(
            o["trials_ending_soon"].as_array().unwrap().len(),
            0,
            "14-day trials end later than 7 days"
        );
    }
);

async fn business_tier(app: &TestApp, admin: &str) -> Value {
    let (_, tiers) = app.get("/api/v1/admin/tiers", Some(admin)).await;
    tiers
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "business")
        .unwrap()
        .clone()
}

/// Puts the first seed's 2,000 orders back (with `team` seats), forgets the correction and
/// runs the migrations again.
async fn rerun_business_correction(app: &TestApp, team: i64) {
    let conn = app.db.conn();
    conn.execute_unprepared(&format!(
        "UPDATE tiers SET limit_orders_per_month = 2000, limit_team_members = {team} WHERE code = 'business'"
    ))
    .await
    .unwrap();
    conn.execute_unprepared(
        "DELETE FROM seaql_migrations WHERE version = 'm20261206_000102_business_unlimited_orders'",
    )
    .await
    .unwrap();
    orion_app::migrate::run(&app.db).await.unwrap();
}

dual_test!(
    business_tier_has_unlimited_orders_unless_an_admin_edited_it,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let b = business_tier(&app, &admin).await;
        assert_eq!(b["limits"]["orders_per_month"], Value::Null, "{b}");
        assert_eq!(b["limits"]["products"], Value::Null, "{b}");
        assert_eq!(b["limits"]["api_requests_per_day"], 20_000, "{b}");
        // The correction again, over the first seed edited by an admin (team seats), then over
        // the tier exactly as first seeded.
        rerun_business_correction(&app, 11).await;
        let b = business_tier(&app, &admin).await;
        assert_eq!(
            b["limits"]["orders_per_month"], 2000,
            "an admin's tier stays: {b}"
        );
        rerun_business_correction(&app, 10).await;
        let b = business_tier(&app, &admin).await;
        assert_eq!(b["limits"]["orders_per_month"], Value::Null, "{b}");
    }
);
