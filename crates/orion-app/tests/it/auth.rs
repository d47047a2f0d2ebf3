//! `/api/v1/auth`: login, token binding, logout, expiry, throttling.

use orion_testkit::{PASSWORD, TestApp, dual_test};
use serde_json::json;

dual_test!(
    store_bound_login_opens_the_store,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, me) = app.get("/api/v1/store", Some(&a.token)).await;
        assert_eq!(st, 200, "{me}");
        assert_eq!(me["code"], "ALPHA-LU");
        let (st, me) = app.get("/api/v1/auth/me", Some(&a.token)).await;
        assert_eq!(st, 200);
        assert_eq!(me["role"], "owner");
        assert!(
            me["permissions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "team.manage")
        );
        // The same user without a store code gets a merchant token, not a store one.
        let merchant_token = app.login(&a.email, PASSWORD, None).await;
        let (st, _) = app.get("/api/v1/store", Some(&merchant_token)).await;
        assert_eq!(st, 403);
        let (st, stores) = app
            .get("/api/v1/merchant/stores", Some(&merchant_token))
            .await;
        assert_eq!(st, 200);
        assert_eq!(stores[0]["code"], "ALPHA-LU");
    }
);

dual_test!(
    login_response_has_the_contract_shape,
    |app: TestApp| async move {
        app.admin_token().await;
        let (st, b) = app
            .post(
                "/api/v1/auth/login",
                json!({"email": "ADMIN@test.example ", "password": PASSWORD}),
                None,
            )
            .await;
        assert_eq!(st, 200, "{b}");
        assert_eq!(b["token_type"], "bearer");
        assert!(b["access_token"].as_str().unwrap().len() > 30);
        assert!(b["expires_in"].as_i64().unwrap() > 0);
        assert_eq!(b["user"]["is_platform_admin"], true);
    }
);

dual_test!(
    wrong_password_and_unknown_user_are_401,
    |app: TestApp| async move {
        app.admin_token().await;
        for body in [
            json!({"email": "admin@test.example", "password": "nope-nope-nope"}),
            json!({"email": "ghost@test.example", "password": "x"}),
        ] {
            let (st, b) = app.post("/api/v1/auth/login", body, None).await;
            assert_eq!(st, 401);
            assert_eq!(b["type"], "/problems/unauthorized");
        }
    }
);

dual_test!(
    store_code_of_a_foreign_store_is_refused,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        app.merchant_with_store(&admin, "BETA-DE").await;
        let (st, _) = app
            .post(
                "/api/v1/auth/login",
                json!({"email": a.email, "password": PASSWORD, "store_code": "BETA-DE"}),
                None,
            )
            .await;
        assert_eq!(st, 403);
    }
);

dual_test!(
    logout_revokes_and_expired_tokens_are_401,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, _) = app
            .post("/api/v1/auth/logout", json!({}), Some(&a.token))
            .await;
        assert_eq!(st, 204);
        let (st, b) = app.get("/api/v1/store", Some(&a.token)).await;
        assert_eq!(st, 401);
        assert_eq!(b["type"], "/problems/unauthorized");

        let t = app.login(&a.email, PASSWORD, Some("ALPHA-LU")).await;
        assert_eq!(app.get("/api/v1/store", Some(&t)).await.0, 200);
        use sea_orm::ConnectionTrait;
        app.db
            .conn()
            .execute_unprepared("UPDATE auth_tokens SET expires_at = '2001-01-01 00:00:00+00:00'")
            .await
            .unwrap();
        assert_eq!(app.get("/api/v1/store", Some(&t)).await.0, 401);
        assert_eq!(app.get("/api/v1/store", Some("garbage")).await.0, 401);
        assert_eq!(app.get("/api/v1/store", None).await.0, 401);
    }
);

dual_test!(
    repeated_failures_are_throttled_with_retry_after,
    |app: TestApp| async move {
        app.admin_token().await;
        for _ in 0..5 {
            let (st, _) = app
                .post(
                    "/api/v1/auth/login",
                    json!({"email": "admin@test.example", "password": "wrong-password"}),
                    None,
                )
                .await;
            assert_eq!(st, 401);
        }
        // Even the right password is refused while throttled.
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "admin@test.example", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 429);
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry > 0 && retry <= 15 * 60, "{retry}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/problem+json")
        );
        // Another account is not affected.
        orion_tenancy::service::auth::upsert_user(
            app.db.conn(),
            "other@test.example",
            PASSWORD,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            app.post(
                "/api/v1/auth/login",
                json!({"email": "other@test.example", "password": PASSWORD}),
                None
            )
            .await
            .0,
            200
        );
    }
);
