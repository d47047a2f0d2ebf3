//! `/api/v1/store/roles`: custom roles.

use orion_testkit::{TestApp, dual_test};
use serde_json::json;

dual_test!(owner_manages_custom_roles, |app: TestApp| async move {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let (st, roles) = app.get("/api/v1/store/roles", Some(&a.token)).await;
    assert_eq!(st, 200);
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["owner", "manager", "staff", "accountant"]);
    let owner_role = roles[0]["id"].as_i64().unwrap();

    let (st, r) = app.post("/api/v1/store/roles", json!({"name": "Packer", "permissions": ["orders.view", "orders.view", "inventory.adjust"]}), Some(&a.token)).await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["name"], "packer");
    assert_eq!(r["permissions"], json!(["inventory.adjust", "orders.view"]));
    assert_eq!(r["is_system"], false);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(
        app.post(
            "/api/v1/store/roles",
            json!({"name": "packer", "permissions": []}),
            Some(&a.token)
        )
        .await
        .0,
        409
    );
    let (st, b) = app
        .post(
            "/api/v1/store/roles",
            json!({"name": "x1", "permissions": ["launch.rockets"]}),
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (st, b["errors"][0]["field"].as_str()),
        (422, Some("permissions"))
    );

    let (st, r) = app
        .json(
            "PATCH",
            &format!("/api/v1/store/roles/{id}"),
            Some(json!({"permissions": ["orders.view"]})),
            Some(&a.token),
        )
        .await;
    assert_eq!(
        (st, r["permissions"].clone()),
        (200, json!(["orders.view"]))
    );
    assert_eq!(
        app.json(
            "PATCH",
            &format!("/api/v1/store/roles/{owner_role}"),
            Some(json!({"name": "boss"})),
            Some(&a.token)
        )
        .await
        .0,
        409
    );
    assert_eq!(
        app.json(
            "DELETE",
            &format!("/api/v1/store/roles/{owner_role}"),
            None,
            Some(&a.token)
        )
        .await
        .0,
        409
    );

    // A member with the custom role gets exactly its permissions.
    let (_, inv) = app
        .post(
            "/api/v1/store/team/invitations",
            json!({"email": "p@test.example", "role": "packer"}),
            Some(&a.token),
        )
        .await;
    app.post(
        &format!(
            "/api/v1/auth/invitations/{}/accept",
            inv["token"].as_str().unwrap()
        ),
        json!({"password": "a-good-password"}),
        None,
    )
    .await;
    let t = app
        .login("p@test.example", "a-good-password", Some("ALPHA-LU"))
        .await;
    assert_eq!(app.get("/api/v1/store/team", Some(&t)).await.0, 403);
    assert_eq!(
        app.json(
            "DELETE",
            &format!("/api/v1/store/roles/{id}"),
            None,
            Some(&a.token)
        )
        .await
        .0,
        409
    );
    assert_eq!(
        app.post(
            "/api/v1/store/roles",
            json!({"name": "x2", "permissions": []}),
            Some(&t)
        )
        .await
        .0,
        403
    );
});
