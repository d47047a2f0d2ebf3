//! `/api/v1/store` and tenant isolation.

use orion_testkit::{TestApp, dual_test};
use serde_json::json;

dual_test!(
    another_stores_members_are_not_found,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let (_, team_b) = app.get("/api/v1/store/team", Some(&b.token)).await;
        let member_b = team_b["items"][0]["id"].as_i64().unwrap();
        let (st, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{member_b}"),
                Some(json!({"role": "staff"})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 404, "{body}");
        assert_eq!(body["type"], "/problems/not-found");
        assert_eq!(
            app.json(
                "DELETE",
                &format!("/api/v1/store/team/{member_b}"),
                None,
                Some(&a.token)
            )
            .await
            .0,
            404
        );
        // Store A's own view never shows B.
        let (_, team_a) = app.get("/api/v1/store/team", Some(&a.token)).await;
        assert_eq!(team_a["total"], 1);
        assert_eq!(team_a["items"][0]["email"], a.email);
        let (_, roles_b) = app.get("/api/v1/store/roles", Some(&b.token)).await;
        let role_b = roles_b[0]["id"].as_i64().unwrap();
        assert_eq!(
            app.json(
                "DELETE",
                &format!("/api/v1/store/roles/{role_b}"),
                None,
                Some(&a.token)
            )
            .await
            .0,
            404
        );
    }
);
