//! Per-instance caches (resolved tokens, the order list) never serve stale answers: every
//! write — through another app instance or straight in SQL — is seen at the next request.

use orion_testkit::{ADMIN_EMAIL, PASSWORD, TestApp, dual_test};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use super::orders::{order_body, setup};

async fn orders(app: &TestApp, token: &str, query: &str) -> Value {
    let (st, v) = app
        .get(&format!("/api/v1/store/orders{query}"), Some(token))
        .await;
    assert_eq!(st, 200, "{v}");
    v
}

async fn sql(app: &TestApp, statement: &str) {
    app.db.conn().execute_unprepared(statement).await.unwrap();
}

dual_test!(
    order_list_sees_every_write_of_another_instance,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 1, "anne@example.test"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let id = o["id"].as_i64().unwrap();
        let first = orders(&app, &a.token, "").await;
        assert_eq!(
            (
                first["total"].as_u64(),
                first["items"][0]["status"].as_str()
            ),
            (Some(1), Some("pending"))
        );
        // Served twice from this instance's cache: the same answer.
        assert_eq!(orders(&app, &a.token, "").await, first);

        let two = TestApp::start_on(app.backend, app.database_url.clone(), None).await;
        let (st, b) = two
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let after = orders(&app, &a.token, "").await;
        assert_eq!(
            after["items"][0]["status"], b["status"],
            "confirmed on the other instance"
        );
        assert_ne!(after["items"][0]["status"], "pending");

        // Counts are cached per filter; a new order elsewhere changes them.
        assert_eq!(
            orders(&app, &a.token, "?per_page=1&page=1").await["total"],
            1
        );
        two.post(
            "/api/v1/store/orders",
            order_body("TEA-01", 1, "bob@example.test"),
            Some(&a.token),
        )
        .await;
        let page2 = orders(&app, &a.token, "?per_page=1&page=2").await;
        assert_eq!(page2["total"], 2);
        assert_eq!(
            page2["items"][0]["id"], id,
            "newest first: the first order is on page 2"
        );

        // Writes outside Orion's code (a manual fix in SQL) are seen too: orders and items.
        sql(
            &app,
            &format!("UPDATE orders SET notes = 'fixed by hand' WHERE id = {id}"),
        )
        .await;
        sql(
            &app,
            &format!("UPDATE order_items SET name = 'Green tea' WHERE order_id = {id}"),
        )
        .await;
        let fixed = orders(&app, &a.token, "?q=anne@example.test").await;
        assert_eq!(fixed["total"], 1);
        assert_eq!(fixed["items"][0]["notes"], "fixed by hand");
        assert_eq!(fixed["items"][0]["items"][0]["name"], "Green tea");

        // Another store's writes leave this store's answer alone, and never leak into it.
        let admin = app.admin_token().await;
        let b = app.merchant_with_store(&admin, "BETA-LU").await;
        assert_eq!(orders(&app, &b.token, "").await["total"], 0);
        assert_eq!(orders(&app, &a.token, "").await["total"], 2);
    }
);

dual_test!(
    revocations_reach_every_instance_at_the_next_request,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let two = TestApp::start_on(app.backend, app.database_url.clone(), None).await;

        // Logout on one instance: the token is dead on the other, although it resolved there.
        orders(&app, &a.token, "").await;
        let (st, _) = two
            .post("/api/v1/auth/logout", json!({}), Some(&a.token))
            .await;
        assert_eq!(st, 204);
        assert_eq!(app.get("/api/v1/store/orders", Some(&a.token)).await.0, 401);

        // Membership removed in SQL: the store-bound token is dead.
        let t = app.login(&a.email, PASSWORD, Some("ALPHA-LU")).await;
        orders(&app, &t, "").await;
        sql(&app, &format!("DELETE FROM store_members WHERE user_id = (SELECT id FROM users WHERE email = '{}')", a.email)).await;
        assert_eq!(app.get("/api/v1/store/orders", Some(&t)).await.0, 401);

        // A deactivated user is refused at once.
        assert_eq!(
            app.get("/api/v1/admin/merchants", Some(&admin)).await.0,
            200
        );
        sql(
            &app,
            &format!("UPDATE users SET active = FALSE WHERE email = '{ADMIN_EMAIL}'"),
        )
        .await;
        assert_eq!(
            app.get("/api/v1/admin/merchants", Some(&admin)).await.0,
            401
        );
        assert_eq!(
            two.get("/api/v1/admin/merchants", Some(&admin)).await.0,
            401
        );
    }
);

dual_test!(
    every_page_matches_the_full_list_from_either_end,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        for i in 0..7 {
            let (st, o) = app
                .post(
                    "/api/v1/store/orders",
                    order_body("TEA-01", 1, &format!("c{i}@example.test")),
                    Some(&a.token),
                )
                .await;
            assert_eq!(st, 201, "{o}");
        }
        let ids = |v: &Value| -> Vec<i64> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_i64().unwrap())
                .collect()
        };
        for filter in ["", "&status=pending"] {
            let all = ids(&orders(&app, &a.token, &format!("?per_page=200{filter}")).await);
            assert_eq!(all.len(), 7);
            assert!(all.windows(2).all(|w| w[0] > w[1]), "newest first: {all:?}");
            // Pages 1–2 are read from the newest end, 3–4 from the oldest; 5 is past the end.
            let mut paged = Vec::new();
            for page in 1..=5 {
                let v = orders(&app, &a.token, &format!("?per_page=2&page={page}{filter}")).await;
                assert_eq!(
                    (v["total"].as_u64(), v["page"].as_u64()),
                    (Some(7), Some(page))
                );
                let got = ids(&v);
                assert_eq!(got.len(), [2, 2, 2, 1, 0][page as usize - 1], "page {page}");
                paged.extend(got);
            }
            assert_eq!(paged, all, "filter {filter:?}");
        }
    }
);
