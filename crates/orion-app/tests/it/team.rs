//! `/api/v1/store/team` and invitations.

use orion_testkit::{PASSWORD, TestApp, dual_test};
use serde_json::{Value, json};

async fn invite(app: &TestApp, token: &str, email: &str, role: &str) -> (u16, Value) {
    app.post(
        "/api/v1/store/team/invitations",
        json!({"email": email, "role": role}),
        Some(token),
    )
    .await
}

fn token_of(inv: &Value) -> String {
    inv["token"].as_str().unwrap().to_owned()
}

dual_test!(invite_accept_and_log_in, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let (st, inv) = invite(&app, &a.token, "New.Person@Test.example", "staff").await;
    assert_eq!(st, 201, "{inv}");
    assert_eq!(inv["email"], "new.person@test.example");
    assert!(
        inv["accept_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/invitations/{}", token_of(&inv)))
    );
    let tok = token_of(&inv);
    let (st, peek) = app
        .get(&format!("/api/v1/auth/invitations/{tok}"), None)
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        (peek["store_code"].as_str(), peek["user_exists"].as_bool()),
        (Some("ALPHA-LU"), Some(false))
    );
    // A new user must choose a password that meets the policy.
    let (st, b) = app
        .post(
            &format!("/api/v1/auth/invitations/{tok}/accept"),
            json!({}),
            None,
        )
        .await;
    assert_eq!(
        (st, b["errors"][0]["field"].as_str()),
        (422, Some("password"))
    );
    let (st, b) = app
        .post(
            &format!("/api/v1/auth/invitations/{tok}/accept"),
            json!({"password": "short"}),
            None,
        )
        .await;
    assert_eq!(st, 422, "{b}");
    let (st, b) = app
        .post(
            &format!("/api/v1/auth/invitations/{tok}/accept"),
            json!({"password": "a-good-password"}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["created_user"], true);
    // Single use.
    let (st, _) = app
        .post(
            &format!("/api/v1/auth/invitations/{tok}/accept"),
            json!({"password": "a-good-password"}),
            None,
        )
        .await;
    assert_eq!(st, 404);
    let t = app
        .login(
            "new.person@test.example",
            "a-good-password",
            Some("ALPHA-LU"),
        )
        .await;
    let (_, me) = app.get("/api/v1/auth/me", Some(&t)).await;
    assert_eq!(me["role"], "staff");
    // Staff cannot manage the team.
    let (st, b) = invite(&app, &t, "x@test.example", "staff").await;
    assert_eq!(st, 403);
    assert_eq!(b["permission"], "team.manage");
    let (_, team) = app.get("/api/v1/store/team", Some(&a.token)).await;
    assert_eq!(team["total"], 2);
});

dual_test!(
    existing_user_accepts_without_password,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let (_, inv) = invite(&app, &a.token, &b.email, "accountant").await;
        let tok = token_of(&inv);
        let res = app
            .client
            .post(app.url(&format!("/api/v1/auth/invitations/{tok}/accept")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let t = app.login(&b.email, PASSWORD, Some("ALPHA-LU")).await;
        let (_, me) = app.get("/api/v1/auth/me", Some(&t)).await;
        assert_eq!(me["role"], "accountant");
        // Inviting an existing member is a conflict.
        assert_eq!(invite(&app, &a.token, &b.email, "staff").await.0, 409);
    }
);

dual_test!(
    invitations_expire_and_roles_must_exist,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, b) = invite(&app, &a.token, "x@test.example", "wizard").await;
        assert_eq!((st, b["errors"][0]["field"].as_str()), (422, Some("role")));
        let (st, b) = invite(&app, &a.token, "not-an-email", "staff").await;
        assert_eq!((st, b["errors"][0]["field"].as_str()), (422, Some("email")));
        let (_, inv) = invite(&app, &a.token, "late@test.example", "staff").await;
        use sea_orm::ConnectionTrait;
        app.db
            .conn()
            .execute_unprepared("UPDATE invitations SET expires_at = '2001-01-01 00:00:00+00:00'")
            .await
            .unwrap();
        let (st, _) = app
            .post(
                &format!("/api/v1/auth/invitations/{}/accept", token_of(&inv)),
                json!({"password": "a-good-password"}),
                None,
            )
            .await;
        assert_eq!(st, 404);
        assert_eq!(
            app.get("/api/v1/store/team/invitations", Some(&a.token))
                .await
                .1
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }
);

dual_test!(
    last_owner_stays_and_only_owners_grant_owner,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (_, team) = app.get("/api/v1/store/team", Some(&a.token)).await;
        let owner_member = team["items"][0]["id"].as_i64().unwrap();
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{owner_member}"),
                Some(json!({"role": "manager"})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 409, "{b}");
        assert_eq!(
            app.json(
                "DELETE",
                &format!("/api/v1/store/team/{owner_member}"),
                None,
                Some(&a.token)
            )
            .await
            .0,
            409
        );

        // A manager can invite staff but cannot grant the owner role.
        let (_, inv) = invite(&app, &a.token, "boss@test.example", "manager").await;
        app.post(
            &format!("/api/v1/auth/invitations/{}/accept", token_of(&inv)),
            json!({"password": "a-good-password"}),
            None,
        )
        .await;
        let mgr = app
            .login("boss@test.example", "a-good-password", Some("ALPHA-LU"))
            .await;
        assert_eq!(invite(&app, &mgr, "s@test.example", "staff").await.0, 201);
        assert_eq!(invite(&app, &mgr, "o@test.example", "owner").await.0, 403);
        assert_eq!(
            app.json(
                "PATCH",
                &format!("/api/v1/store/team/{owner_member}"),
                Some(json!({"role": "staff"})),
                Some(&mgr)
            )
            .await
            .0,
            403
        );

        // The owner promotes the manager; the new owner may then demote the old one (nobody
        // changes their own role, not even an owner).
        let (_, team) = app.get("/api/v1/store/team", Some(&a.token)).await;
        let mgr_member = team["items"][1]["id"].as_i64().unwrap();
        assert_eq!(
            app.json(
                "PATCH",
                &format!("/api/v1/store/team/{mgr_member}"),
                Some(json!({"role": "owner"})),
                Some(&a.token)
            )
            .await
            .0,
            200
        );
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{owner_member}"),
                Some(json!({"role": "staff"})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        let new_owner = app
            .login("boss@test.example", "a-good-password", Some("ALPHA-LU"))
            .await;
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{owner_member}"),
                Some(json!({"role": "staff"})),
                Some(&new_owner),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        // Removal revokes the removed member's store token.
        assert_eq!(
            app.json(
                "DELETE",
                &format!("/api/v1/store/team/{owner_member}"),
                None,
                Some(&new_owner)
            )
            .await
            .0,
            204
        );
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 401);
    }
);

dual_test!(
    an_order_history_names_the_teammate_who_changed_it,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "NAMES-LU").await;
        let (st, inv) = invite(&app, &a.token, "packer@test.example", "manager").await;
        assert_eq!(st, 201, "{inv}");
        let (st, b) = app
            .post(
                &format!("/api/v1/auth/invitations/{}/accept", token_of(&inv)),
                json!({"password": PASSWORD}),
                None,
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let packer = app
            .login("packer@test.example", PASSWORD, Some("NAMES-LU"))
            .await;
        crate::catalog::product(&app, &a.token, "NAME-1").await;
        let (_, p) = app.get("/api/v1/store/products", Some(&a.token)).await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["items"][0]["id"], "delta": 5}),
            Some(&a.token),
        )
        .await;
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                crate::orders::order_body("NAME-1", 1, "buyer@test.example"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let (st, c) = app
            .post(
                &format!("/api/v1/store/orders/{}/confirm", o["id"]),
                json!({}),
                Some(&packer),
            )
            .await;
        assert_eq!(st, 200, "{c}");
        // The owner reads who confirmed it: the teammate's e-mail, never an id.
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, &format!("/orders/{}", o["id"])).await;
        assert!(html.contains("packer@test.example"), "{html}");
        assert!(!html.contains("user #"), "{html}");
    }
);
