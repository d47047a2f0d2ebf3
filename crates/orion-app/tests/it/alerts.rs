//! Alerts to the store team: "My alerts" preferences (API and page), the new-orders digest
//! (once per interval, once across two instances), a failed Letzshop sync, stock falling to
//! its reorder point, and a plan limit reaching 80 % — each e-mail written to the outbox in
//! the recipient's language, only to members who chose it and hold the permission.

use chrono::{Duration, Utc};
use orion_alerts::digest::{self, Round};
use orion_alerts::usage;
use orion_messaging::entity::message;
use orion_testkit::{Actor, PASSWORD, TestApp, dual_test};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use super::billing::set_tier;
use super::orders::order_body;
use super::pages::{csrf_in, login, page};

/// The alert e-mails of `template` in the outbox, oldest first.
async fn alerts(app: &TestApp, template: &str) -> Vec<message::Model> {
    message::Entity::find()
        .filter(message::Column::Template.eq(template))
        .order_by_asc(message::Column::Id)
        .all(app.db.conn())
        .await
        .unwrap()
}

/// A Business store with product `AL-1` (500 in stock); the owner reads French.
async fn store(app: &TestApp, code: &str) -> (String, Actor) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, code).await;
    set_tier(app, &admin, a.merchant_id, "business").await;
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": "AL-1", "translations": {"en": {"title": "Lamp"}}, "price": "10.00"}),
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
    language(app, &a.token, "fr").await;
    (admin, a)
}

async fn language(app: &TestApp, token: &str, lang: &str) {
    let (st, b) = app
        .json(
            "PATCH",
            "/api/v1/auth/me",
            Some(json!({"language": lang})),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
}

/// A member with `role` who reads `lang`; returns their store-bound token.
async fn member(app: &TestApp, a: &Actor, email: &str, role: &str, lang: &str) -> String {
    let (st, inv) = app
        .post(
            "/api/v1/store/team/invitations",
            json!({"email": email, "role": role}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{inv}");
    let tok = inv["token"].as_str().unwrap();
    let (st, b) = app
        .post(
            &format!("/api/v1/auth/invitations/{tok}/accept"),
            json!({"password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let code = a.store["code"].as_str().unwrap();
    let token = app.login(email, PASSWORD, Some(code)).await;
    language(app, &token, lang).await;
    token
}

async fn choose(app: &TestApp, token: &str, choices: &[(&str, bool)]) -> Value {
    let alerts: Vec<Value> = choices
        .iter()
        .map(|(k, on)| json!({"kind": k, "enabled": on}))
        .collect();
    let (st, b) = app
        .json(
            "PUT",
            "/api/v1/store/alerts/preferences",
            Some(json!({"alerts": alerts})),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    b
}

fn enabled(prefs: &Value) -> Vec<String> {
    prefs["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["enabled"] == true)
        .map(|a| a["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn order(app: &TestApp, token: &str, n: usize) -> Value {
    let (st, o) = app
        .post(
            "/api/v1/store/orders",
            order_body("AL-1", 1, &format!("buyer{n}@example.test")),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{o}");
    o
}

const ALL: [&str; 4] = [
    "new_orders",
    "letzshop_sync_failed",
    "low_stock",
    "plan_limit",
];

dual_test!(preferences_round_trip_and_page, |app: TestApp| async move {
    let (_, a) = store(&app, "ALPREF-LU").await;
    let (st, p) = app
        .get("/api/v1/store/alerts/preferences", Some(&a.token))
        .await;
    assert_eq!(st, 200, "{p}");
    assert_eq!(enabled(&p), ALL, "owners get every alert by default");
    assert_eq!(p["digest_minutes"], 15);
    assert!(
        p["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["permitted"] == true)
    );

    let p = choose(&app, &a.token, &[("low_stock", false)]).await;
    assert_eq!(
        enabled(&p),
        ["new_orders", "letzshop_sync_failed", "plan_limit"]
    );
    let (_, again) = app
        .get("/api/v1/store/alerts/preferences", Some(&a.token))
        .await;
    assert_eq!(again, p);

    // Unknown kinds and intervals out of range are refused, naming the field.
    let (st, e) = app
        .json(
            "PUT",
            "/api/v1/store/alerts/preferences",
            Some(json!({"alerts": [{"kind": "weather", "enabled": true}]})),
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (st, e["errors"][0]["field"].as_str()),
        (422, Some("alerts[0].kind")),
        "{e}"
    );
    let (st, e) = app
        .json(
            "PUT",
            "/api/v1/store/alerts/preferences",
            Some(json!({"digest_minutes": 1})),
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (st, e["errors"][0]["field"].as_str()),
        (422, Some("digest_minutes")),
        "{e}"
    );
    let (st, p) = app
        .json(
            "PUT",
            "/api/v1/store/alerts/preferences",
            Some(json!({"digest_minutes": 30})),
            Some(&a.token),
        )
        .await;
    assert_eq!((st, p["digest_minutes"].as_i64()), (200, Some(30)), "{p}");

    // Staff get nothing by default, may choose, lack the permission for plan limits and
    // Letzshop, and cannot change the store's interval.
    let staff = member(&app, &a, "staff@alpref.example", "staff", "de").await;
    let (_, p) = app
        .get("/api/v1/store/alerts/preferences", Some(&staff))
        .await;
    assert!(enabled(&p).is_empty(), "{p}");
    let permitted: Vec<_> = p["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["permitted"] == true)
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(permitted, ["new_orders", "low_stock"]);
    let p = choose(&app, &staff, &[("new_orders", true)]).await;
    assert_eq!(enabled(&p), ["new_orders"]);
    let (st, _) = app
        .json(
            "PUT",
            "/api/v1/store/alerts/preferences",
            Some(json!({"digest_minutes": 20})),
            Some(&staff),
        )
        .await;
    assert_eq!(st, 403);

    // A store API key is a program, not a person: no alerts of its own.
    let (st, k) = app
        .post(
            "/api/v1/store/api-keys",
            json!({"name": "erp", "scopes": ["orders.view"]}),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{k}");
    let (st, _) = app
        .get("/api/v1/store/alerts/preferences", k["secret"].as_str())
        .await;
    assert_eq!(st, 403);

    // The page, in the user's language, with one labelled checkbox per alert.
    let (session, _) = login(&app, &a.email).await;
    let html = page(&app, &session, "/account/alerts").await;
    assert!(html.contains("Mes alertes"), "{html}");
    for k in ALL {
        assert!(html.contains(&format!("id=\"alert-{k}\"")), "{k}");
        assert!(html.contains(&format!("for=\"alert-{k}\"")), "{k}");
    }
    assert!(html.contains("id=\"alert-new_orders\" name=\"alerts\" value=\"new_orders\" aria-describedby=\"alert-new_orders-hint\" checked"));
    assert!(
        !html.contains("value=\"low_stock\" aria-describedby=\"alert-low_stock-hint\" checked")
    );
    let csrf = csrf_in(&html);
    let res = app
        .client
        .post(app.url("/account/alerts"))
        .header("cookie", format!("orion_session={session}"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("alerts", "low_stock"),
            ("alerts", "plan_limit"),
            ("digest_minutes", "45"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (_, p) = app
        .get("/api/v1/store/alerts/preferences", Some(&a.token))
        .await;
    assert_eq!(enabled(&p), ["low_stock", "plan_limit"]);
    assert_eq!(p["digest_minutes"], 45);
});

dual_test!(digest_lists_new_orders_once, |app: TestApp| async move {
    let (_, a) = store(&app, "ALDIG-LU").await;
    let staff = member(&app, &a, "staff@aldig.example", "staff", "de").await;
    choose(&app, &staff, &ALL.map(|k| (k, true))).await;
    let manager = member(&app, &a, "manager@aldig.example", "manager", "en").await;
    choose(&app, &manager, &[("new_orders", true)]).await;
    choose(&app, &manager, &[("new_orders", false)]).await;

    let o1 = order(&app, &a.token, 1).await;
    let o2 = order(&app, &a.token, 2).await;
    let now = Utc::now();
    // Two instances run the round at once: one digest per recipient.
    let other = TestApp::start_on(app.backend, app.database_url.clone(), None).await;
    let (x, y) = tokio::join!(digest::run(&app.db, now), digest::run(&other.db, now));
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.digests + y.digests, 1, "{x:?} {y:?}");
    assert_eq!(x.emails + y.emails, 2, "{x:?} {y:?}");
    assert_eq!(digest::run(&app.db, now).await.unwrap(), Round::default());

    let sent = alerts(&app, "alert_new_orders").await;
    let to: Vec<_> = sent
        .iter()
        .map(|m| (m.to_address.as_str(), m.lang.as_str()))
        .collect();
    assert_eq!(
        to,
        [(a.email.as_str(), "fr"), ("staff@aldig.example", "de")]
    );
    let fr = &sent[0];
    assert!(
        fr.subject.contains("2 nouvelle(s) commande(s)"),
        "{}",
        fr.subject
    );
    for o in [&o1, &o2] {
        let number = o["order_number"].as_str().unwrap();
        assert!(fr.text_body.contains(number), "{}", fr.text_body);
        assert!(sent[1].text_body.contains(number));
    }
    assert!(fr.text_body.contains("Anne Muller"), "{}", fr.text_body);
    // 10.00 + 4.90 shipping, written the French way.
    assert!(fr.text_body.contains("14,90\u{a0}€"), "{}", fr.text_body);
    assert!(fr.text_body.contains("/orders"));
    assert!(
        sent[1].subject.contains("neue Bestellung"),
        "{}",
        sent[1].subject
    );

    // A third order waits for the interval, then comes alone.
    let o3 = order(&app, &a.token, 3).await;
    assert_eq!(
        digest::run(&app.db, Utc::now()).await.unwrap(),
        Round::default()
    );
    let later = Utc::now() + Duration::minutes(16);
    assert_eq!(
        digest::run(&app.db, later).await.unwrap(),
        Round {
            digests: 1,
            emails: 2
        }
    );
    let sent = alerts(&app, "alert_new_orders").await;
    assert_eq!(sent.len(), 4);
    assert!(
        sent[2]
            .text_body
            .contains(o3["order_number"].as_str().unwrap())
    );
    assert!(
        !sent[2]
            .text_body
            .contains(o1["order_number"].as_str().unwrap())
    );

    // The e-mail log shows them (HTTP), none to the manager who switched the digest off.
    let (st, log) = app.get("/api/v1/store/emails", Some(&a.token)).await;
    assert_eq!(st, 200, "{log}");
    let items = log["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .filter(|m| m["template"] == "alert_new_orders")
            .count(),
        4
    );
    assert!(
        items
            .iter()
            .filter(|m| m["template"] == "alert_new_orders")
            .all(|m| m["to"] != "manager@aldig.example")
    );
});

dual_test!(
    low_stock_and_plan_limit_alert_once_in_the_recipients_language,
    |app: TestApp| async move {
        let (admin, a) = store(&app, "ALLOW-LU").await;
        let staff = member(&app, &a, "staff@allow.example", "staff", "de").await;
        choose(&app, &staff, &ALL.map(|k| (k, true))).await;
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
        // 500 → 499, → 498 (crosses), → 497 (already low): one alert per recipient.
        for delta in [-1, -1, -1] {
            let (st, b) = app
                .post(
                    "/api/v1/store/inventory/adjustments",
                    json!({"product_id": pid, "delta": delta}),
                    Some(&a.token),
                )
                .await;
            assert!(st < 300, "{b}");
        }
        let low = alerts(&app, "alert_low_stock").await;
        let to: Vec<_> = low
            .iter()
            .map(|m| (m.to_address.as_str(), m.lang.as_str()))
            .collect();
        assert_eq!(
            to,
            [(a.email.as_str(), "fr"), ("staff@allow.example", "de")]
        );
        assert!(low[0].subject.contains("Stock bas") && low[0].subject.contains("AL-1"));
        assert!(
            low[1].text_body.contains("Meldebestand"),
            "{}",
            low[1].text_body
        );
        // Recovered, then down again: a new alert.
        for delta in [10, -10] {
            app.post(
                "/api/v1/store/inventory/adjustments",
                json!({"product_id": pid, "delta": delta}),
                Some(&a.token),
            )
            .await;
        }
        assert_eq!(alerts(&app, "alert_low_stock").await.len(), 4);

        // 5 orders a month: the 4th reaches 80 %; the owner alone holds settings.manage.
        let (st, t) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/business",
                Some(json!({"limits": {"orders_per_month": 5}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{t}");
        for n in 0..3 {
            order(&app, &a.token, n).await;
        }
        assert!(alerts(&app, "alert_plan_limit").await.is_empty());
        order(&app, &a.token, 3).await;
        order(&app, &a.token, 4).await;
        let plan = alerts(&app, "alert_plan_limit").await;
        assert_eq!(plan.len(), 1, "one alert per limit and period");
        assert_eq!(
            (plan[0].to_address.as_str(), plan[0].lang.as_str()),
            (a.email.as_str(), "fr")
        );
        assert!(plan[0].subject.contains("80 %"), "{}", plan[0].subject);
        assert!(
            plan[0].text_body.contains("4 sur 5"),
            "{}",
            plan[0].text_body
        );

        // Products (a live count, checked by the worker): 2 of 2 → one alert, once.
        let (st, t) = app
            .json(
                "PATCH",
                "/api/v1/admin/tiers/business",
                Some(json!({"limits": {"products": 2}})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{t}");
        assert_eq!(
            usage::check_live_limits(&app.db, Utc::now()).await.unwrap(),
            0
        );
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "AL-2", "translations": {"en": {"title": "Shade"}}, "price": "5.00"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        assert_eq!(
            usage::check_live_limits(&app.db, Utc::now()).await.unwrap(),
            1
        );
        assert_eq!(
            usage::check_live_limits(&app.db, Utc::now()).await.unwrap(),
            0
        );
        let plan = alerts(&app, "alert_plan_limit").await;
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[1].to_address, a.email);
        assert!(
            plan[1].text_body.contains("2 sur 2"),
            "{}",
            plan[1].text_body
        );
        assert!(
            plan[1].text_body.contains("Produits"),
            "{}",
            plan[1].text_body
        );
    }
);

dual_test!(
    a_failed_letzshop_sync_alerts_who_chose_it,
    |app: TestApp| async move {
        crate::letzshop::fast_settings();
        let sim = crate::letzshop::simulator(1, 7, 0.0).await;
        let admin = app.admin_token().await;
        let a = crate::letzshop::connect(&app, &admin, "ALSYNC-LU", &sim).await;
        language(&app, &a.token, "de").await;
        // Staff lack marketplace.manage: chosen, still not sent.
        let staff = member(&app, &a, "staff@alsync.example", "staff", "fr").await;
        choose(&app, &staff, &ALL.map(|k| (k, true))).await;
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
        let failed = alerts(&app, "alert_sync_failed").await;
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(
            (failed[0].to_address.as_str(), failed[0].lang.as_str()),
            (a.email.as_str(), "de")
        );
        assert!(
            failed[0].subject.contains("Letzshop-Synchronisierung"),
            "{}",
            failed[0].subject
        );
        assert!(failed[0].text_body.contains("/letzshop"));
    }
);
