//! The permission matrix (issue 23), read from the OpenAPI document so that a new route is
//! covered without listing it: every store operation declares the permission it needs in
//! its documentation (`x-permission`, see `orion_web::grants`), and a member calls every
//! operation in every role (the built-in ones, a custom role with no permission and one
//! custom role per permission). A role lacking the declared permission must get `403` with
//! the problem's `permission` naming it; a role holding it must get anything but a
//! permission refusal. An operation without the declaration fails the test by name.
//!
//! Every id in the paths is one nobody owns and the bodies are harmless, so the calls change
//! nothing that matters: the permission is checked before the path, the query and the body
//! are read (`StoreCtx`), and a role that holds it gets a 404, a 409 or a 422.

use std::collections::BTreeSet;

use orion_tenancy::permissions as perm;
use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::billing::set_tier;
use super::invoicing::settings_body;

/// An id no resource has.
const NOBODY: &str = "999999";
const MEMBER: &str = "matrix.member@test.example";
const NO_PERMISSION: &str = "matrix-none";

/// Bodies that pass validation where that is cheap, so that a role holding the permission
/// reaches the handler (which names the permission again) and harmless ones otherwise.
fn body_for(method: &str, template: &str) -> Value {
    match (method, template) {
        ("PATCH", "/api/v1/store") => json!({}),
        ("POST", "/api/v1/store/products") => {
            json!({"sku": "MATRIX-1", "translations": {"en": {"title": "Matrix"}}, "price": "10.00"})
        }
        ("PATCH", "/api/v1/store/products/{product_id}") => json!({"brand": "Matrix"}),
        ("POST", "/api/v1/store/customers") => {
            json!({"email": "matrix.customer@example.test", "first_name": "Mat", "last_name": "Rix"})
        }
        ("PATCH", "/api/v1/store/customers/{customer_id}") => json!({"first_name": "Mat"}),
        ("POST", "/api/v1/store/warehouses") => json!({"code": "MATRIX", "name": "Matrix"}),
        ("POST", "/api/v1/store/inventory/adjustments") => {
            json!({"product_id": 999_999, "delta": 1})
        }
        ("POST", "/api/v1/store/inventory/counts") => json!({"product_id": 999_999, "on_hand": 1}),
        ("POST", p) if p.starts_with("/api/v1/store/inventory/") => {
            json!({"product_id": 999_999, "quantity": 1})
        }
        ("PUT", "/api/v1/store/settings/invoice") => settings_body(),
        ("PUT", "/api/v1/store/settings/orders") => json!({"allow_backorders": false}),
        ("POST", "/api/v1/store/orders" | "/api/v1/store/orders/quote") => json!({
            "customer": {"email": "anne@example.test", "first_name": "Anne", "last_name": "Muller"},
            "shipping_address": {"street": "1 Rue X", "postal_code": "1234", "city": "Luxembourg", "country": "LU"},
            "items": [{"sku": "MATRIX-NONE", "quantity": 1}], "shipping_amount": "0.00"}),
        ("POST", "/api/v1/store/orders/{order_id}/items/{item_id}/resolve") => {
            json!({"product_id": 999_999})
        }
        ("POST", "/api/v1/store/orders/{order_id}/ship") => {
            json!({"tracking_number": "MATRIX-1", "carrier": "Post"})
        }
        ("POST", "/api/v1/store/invoices/{invoice_id}/credit-note") => json!({"reason": "matrix"}),
        ("POST", "/api/v1/store/team/invitations") => {
            json!({"email": "matrix.invitee@test.example", "role": NO_PERMISSION})
        }
        ("PATCH", "/api/v1/store/team/{member_id}") => json!({"role": NO_PERMISSION}),
        ("POST", "/api/v1/store/roles") => json!({"name": "matrix-extra", "permissions": []}),
        ("PATCH", "/api/v1/store/roles/{role_id}") => json!({"name": "matrix-renamed"}),
        ("POST", _) if template.ends_with("/cancel") || template.ends_with("/refund") => {
            json!({"note": "matrix"})
        }
        _ => json!({}),
    }
}

/// The template with every `{id}` replaced by an id nobody owns.
fn fill(template: &str) -> String {
    let mut path = template.to_owned();
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').unwrap() + start;
        path.replace_range(start..=end, NOBODY);
    }
    path
}

/// What an operation declares it needs: `Ok(None)` for every member, `Ok(Some(p))` for the
/// holders of `p`, `Err` when the declaration is missing or names no known permission.
fn declared(op: &Value) -> Result<Option<String>, String> {
    match op.get("x-permission") {
        None => Err("no x-permission: declare the permission in its #[utoipa::path]".into()),
        Some(Value::Null) => Ok(None),
        Some(Value::String(p)) if perm::is_known(p) => Ok(Some(p.clone())),
        Some(other) => Err(format!("x-permission {other} is not a known permission")),
    }
}

/// A refusal for a missing permission (a plan's refusal has another problem type).
fn permission_refusal(status: u16, body: &Value) -> Option<&str> {
    (status == 403 && body["type"] == "/problems/forbidden")
        .then(|| body["permission"].as_str())
        .flatten()
}

/// Every role to try: the built-in ones, one with no permission, one per permission.
fn roles() -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = perm::default_roles()
        .into_iter()
        .map(|(n, ps)| (n.to_owned(), ps.into_iter().map(str::to_owned).collect()))
        .collect();
    out.push((NO_PERMISSION.to_owned(), BTreeSet::new()));
    for p in perm::ALL {
        out.push((
            format!("matrix-{}", p.replace('.', "-")),
            BTreeSet::from([(*p).to_owned()]),
        ));
    }
    out
}

dual_test!(
    permission_matrix_every_role_on_every_store_operation,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let owner = app.merchant_with_store(&admin, "MATRIX-LU").await;
        // The top tier: no plan feature refuses anything, only permissions do.
        set_tier(&app, &admin, owner.merchant_id, "enterprise").await;
        let o = owner.token.as_str();

        let roles = roles();
        for (name, ps) in roles.iter().filter(|(n, _)| n.starts_with("matrix-")) {
            let (st, b) = app
                .post(
                    "/api/v1/store/roles",
                    json!({"name": name, "permissions": ps}),
                    Some(o),
                )
                .await;
            assert_eq!(st, 201, "{name}: {b}");
        }

        // One member, whose role the owner changes: the token stays and the role it resolves
        // to follows at the next request.
        let (st, inv) = app
            .post(
                "/api/v1/store/team/invitations",
                json!({"email": MEMBER, "role": NO_PERMISSION}),
                Some(o),
            )
            .await;
        assert_eq!(st, 201, "{inv}");
        let (st, b) = app
            .post(
                &format!(
                    "/api/v1/auth/invitations/{}/accept",
                    inv["token"].as_str().unwrap()
                ),
                json!({"password": orion_testkit::PASSWORD}),
                None,
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let m = app
            .login(MEMBER, orion_testkit::PASSWORD, Some("MATRIX-LU"))
            .await;
        let (_, team) = app.get("/api/v1/store/team", Some(o)).await;
        let member_id = team["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["email"] == MEMBER)
            .map(|t| t["id"].to_string())
            .expect("the member is in the team");

        // The operations, from the document.
        let (_, doc) = app.get("/api/openapi.json", None).await;
        let mut operations: Vec<(String, String, Option<String>)> = Vec::new();
        let mut undeclared = Vec::new();
        for (template, item) in doc["paths"].as_object().unwrap() {
            if template != "/api/v1/store" && !template.starts_with("/api/v1/store/") {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let method = method.to_uppercase();
                match declared(op) {
                    Ok(needs) => operations.push((method, template.clone(), needs)),
                    Err(why) => undeclared.push(format!("{method} {template}: {why}")),
                }
            }
        }
        assert!(
            undeclared.is_empty(),
            "store operations without a declared permission:\n{}",
            undeclared.join("\n")
        );
        assert!(
            operations.len() >= 70,
            "the document lists the store operations ({})",
            operations.len()
        );

        let mut wrong = Vec::new();
        let mut calls = 0;
        for (role, held) in &roles {
            let (st, b) = app
                .json(
                    "PATCH",
                    &format!("/api/v1/store/team/{member_id}"),
                    Some(json!({"role": role})),
                    Some(o),
                )
                .await;
            assert_eq!(st, 200, "make the member {role}: {b}");
            let (st, me) = app.get("/api/v1/auth/me", Some(&m)).await;
            assert_eq!(st, 200, "{me}");
            for (method, template, needs) in &operations {
                let path = fill(template);
                let (st, b) = app
                    .json(method, &path, Some(body_for(method, template)), Some(&m))
                    .await;
                calls += 1;
                let refused = permission_refusal(st, &b);
                let lacks = needs.as_ref().filter(|p| !held.contains(*p));
                match (lacks, refused) {
                    (Some(p), Some(r)) if p == r => {}
                    (Some(p), _) => wrong.push(format!(
                        "{role} lacks {p} but {method} {template} → {st} {b}"
                    )),
                    (None, Some(r)) => wrong.push(format!(
                        "{role} may call {method} {template} ({}) but was refused {r}: {b}",
                        needs.as_deref().unwrap_or("any member")
                    )),
                    (None, None) if st == 403 || st >= 500 => wrong.push(format!(
                        "{role} may call {method} {template} but got {st} {b}"
                    )),
                    (None, None) => {}
                }
            }
        }
        assert!(calls >= 70 * roles.len(), "{calls} calls");

        // The permission comes first: with ids that are not numbers and a body that is not
        // even an object, a role without the permission still learns only that (no 400/422).
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{member_id}"),
                Some(json!({"role": NO_PERMISSION})),
                Some(o),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        for (method, template, needs) in &operations {
            let Some(p) = needs else { continue };
            let path = template
                .split('/')
                .map(|s| if s.starts_with('{') { "not-an-id" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let (st, b) = app
                .json(method, &path, Some(json!("not an object")), Some(&m))
                .await;
            if permission_refusal(st, &b) != Some(p.as_str()) {
                wrong.push(format!(
                    "{NO_PERMISSION} lacks {p} but {method} {path} with a bad body → {st} {b}"
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} answers differ from the declared permissions:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
);

dual_test!(
    permission_matrix_team_page_shows_the_declared_grants,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let owner = app.merchant_with_store(&admin, "GRANTS-LU").await;
        let (st, b) = app
            .post(
                "/api/v1/store/roles",
                json!({"name": "packer", "permissions": ["orders.view"]}),
                Some(&owner.token),
            )
            .await;
        assert_eq!(st, 201, "{b}");
        let (session, _) = crate::pages::login(&app, &owner.email).await;
        let page = |lang: &'static str| {
            let session = session.clone();
            let app = &app;
            async move {
                let res = app
                    .client
                    .get(app.url("/team"))
                    .header("cookie", format!("orion_session={session}"))
                    .header("accept-language", lang)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 200);
                res.text()
                    .await
                    .unwrap()
                    .replace("&#x2f;", "/")
                    .replace("&#x27;", "'")
            }
        };
        let html = page("en").await;
        let table = &html[html
            .find("data-testid=\"grants\"")
            .expect("the grants table")..];
        let table = &table[..table.find("</table>").unwrap()];
        let rows: Vec<&str> = table.split("<tr>").collect();
        let (_, doc) = app.get("/api/openapi.json", None).await;
        let mut missing = Vec::new();
        for (template, item) in doc["paths"].as_object().unwrap() {
            if template != "/api/v1/store" && !template.starts_with("/api/v1/store/") {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let Some(p) = op["x-permission"].as_str() else {
                    continue;
                };
                let shown = format!("<code>{} {template}</code>", method.to_uppercase());
                let row = rows
                    .iter()
                    .find(|r| r.contains(&format!("<code>{p}</code>")));
                if !row.is_some_and(|r| r.contains(&shown)) {
                    missing.push(format!("{shown} under {p}"));
                }
            }
        }
        assert!(missing.is_empty(), "not on the page: {missing:#?}");
        // The store's roles, custom ones included, next to the permissions they hold.
        let orders_view = rows
            .iter()
            .find(|r| r.contains("<code>orders.view</code>"))
            .unwrap();
        assert!(orders_view.contains("packer") && orders_view.contains("staff"));
        let roles_manage = rows
            .iter()
            .find(|r| r.contains("<code>roles.manage</code>"))
            .unwrap();
        assert!(!roles_manage.contains("packer") && !roles_manage.contains("manager"));
        for (lang, title) in [("fr", "Qui peut faire quoi"), ("de", "Wer darf was")] {
            assert!(page(lang).await.contains(title), "{lang}");
        }
    }
);
