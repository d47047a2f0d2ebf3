//! `/api/v1/admin`: merchants and stores.

use orion_testkit::{PASSWORD, TestApp, dual_test};
use serde_json::json;

dual_test!(
    admin_creates_merchants_and_stores,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, list) = app
            .get("/api/v1/admin/merchants?page=1&per_page=10", Some(&admin))
            .await;
        assert_eq!(st, 200);
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["legal_country"], "LU");
        let (st, stores) = app
            .get(
                &format!("/api/v1/admin/merchants/{}/stores", a.merchant_id),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200);
        assert_eq!(stores.as_array().unwrap().len(), 1);
        // A second store for the same merchant makes the owner its owner too.
        let (st, _) = app
        .post(
            &format!("/api/v1/admin/merchants/{}/stores", a.merchant_id),
            json!({"code": "alpha-de", "name": "Alpha DE", "country": "de", "default_language": "de"}),
            Some(&admin),
        )
        .await;
        assert_eq!(st, 201);
        let t = app.login(&a.email, PASSWORD, Some("ALPHA-DE")).await;
        let (_, me) = app.get("/api/v1/store", Some(&t)).await;
        assert_eq!(me["country"], "DE");
    }
);

dual_test!(
    store_codes_are_unique_and_inputs_validated,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let path = format!("/api/v1/admin/merchants/{}/stores", a.merchant_id);
        let (st, b) = app
            .post(
                &path,
                json!({"code": "ALPHA-LU", "name": "x", "country": "LU", "default_language": "en"}),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 409, "{b}");
        let (st, b) = app
            .post(
                &path,
                json!({"code": "bad code", "name": "", "country": "LUX", "default_language": "lb"}),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 422);
        let fields: Vec<&str> = b["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["code", "name", "country", "default_language"]);
        let (st, _) = app
            .post(
                "/api/v1/admin/merchants/999999/stores",
                json!({"code": "X-1", "name": "x", "country": "LU", "default_language": "en"}),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 404);
        let (st, b) = app
            .post(
                "/api/v1/admin/merchants",
                json!({"name": "N", "legal_country": "LU", "owner_email": "new@test.example"}),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 422);
        assert_eq!(b["errors"][0]["field"], "owner_password");
    }
);

dual_test!(
    admin_endpoints_refuse_non_admins,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, b) = app.get("/api/v1/admin/merchants", Some(&a.token)).await;
        assert_eq!(st, 403);
        assert_eq!(b["type"], "/problems/forbidden");
        let merchant_token = app.login(&a.email, PASSWORD, None).await;
        assert_eq!(
            app.get("/api/v1/admin/merchants", Some(&merchant_token))
                .await
                .0,
            403
        );
        assert_eq!(app.get("/api/v1/admin/merchants", None).await.0, 401);
        // An admin token is not a merchant token.
        assert_eq!(
            app.get("/api/v1/merchant/stores", Some(&admin)).await.0,
            403
        );
    }
);
