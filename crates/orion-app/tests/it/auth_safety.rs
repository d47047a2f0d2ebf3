//! Issue 23: login throttling that a burst cannot bypass and that cannot lock a user out,
//! no self-granted permissions, password changes that end other sessions, and the login
//! form of a browser that is already signed in.
//!
//! The source address of a login is the TCP peer address (`ClientIp`; proxy headers are not
//! trusted). Tests choose it honestly by binding the client socket to another loopback
//! address (127.0.0.0/8 is all loopback on Linux), so the server sees a different peer.

use std::net::{IpAddr, Ipv4Addr};

use orion_testkit::{PASSWORD, TestApp, dual_test};
use serde_json::{Value, json};

use crate::pages::csrf_in;

/// A client whose connections come from `127.0.0.{last}`.
fn client_from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap()
}

async fn api_login(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Fires all `attempts` (e-mail, password) logins at once from `client`; returns the statuses.
async fn burst(
    app: &TestApp,
    client: &reqwest::Client,
    attempts: Vec<(String, String)>,
) -> Vec<u16> {
    let futs = attempts.into_iter().map(|(e, p)| {
        let (client, url) = (client.clone(), app.url("/api/v1/auth/login"));
        tokio::spawn(async move {
            client
                .post(url)
                .json(&json!({"email": e, "password": p}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut out = Vec::new();
    for f in futs.collect::<Vec<_>>() {
        out.push(f.await.unwrap());
    }
    out
}

fn count(statuses: &[u16], code: u16) -> usize {
    statuses.iter().filter(|s| **s == code).count()
}

dual_test!(
    login_burst_for_one_account_checks_at_most_five_passwords,
    |app: TestApp| async move {
        orion_tenancy::service::auth::upsert_user(
            app.db.conn(),
            "victim@test.example",
            PASSWORD,
            false,
        )
        .await
        .unwrap();
        let attacker = client_from(5);
        let wrong = (0..40)
            .map(|_| {
                (
                    "victim@test.example".to_owned(),
                    "wrong-password".to_owned(),
                )
            })
            .collect();
        let statuses = burst(&app, &attacker, wrong).await;
        let (checked, throttled) = (count(&statuses, 401), count(&statuses, 429));
        assert_eq!(checked + throttled, 40, "{statuses:?}");
        assert!(
            checked <= 5,
            "{checked} wrong passwords were checked: {statuses:?}"
        );
        assert!(checked >= 1, "{statuses:?}");
        // The throttled source is refused even the right password...
        assert_eq!(
            api_login(&app, &attacker, "victim@test.example", PASSWORD).await,
            429
        );
        // ...but the account is not locked: the user, from a source that has not failed, gets in.
        let user = client_from(6);
        assert_eq!(
            api_login(&app, &user, "victim@test.example", PASSWORD).await,
            200
        );
    }
);

dual_test!(
    login_burst_from_one_source_stops_at_thirty,
    |app: TestApp| async move {
        orion_tenancy::service::auth::upsert_user(
            app.db.conn(),
            "someone@test.example",
            PASSWORD,
            false,
        )
        .await
        .unwrap();
        let attacker = client_from(7);
        // 40 different accounts, one source: the per-account limit never applies.
        let wrong = (0..40)
            .map(|i| {
                (
                    format!("guess{i}@test.example"),
                    "wrong-password".to_owned(),
                )
            })
            .collect();
        let statuses = burst(&app, &attacker, wrong).await;
        let checked = count(&statuses, 401);
        assert_eq!(checked + count(&statuses, 429), 40, "{statuses:?}");
        assert!(
            checked <= 30,
            "{checked} attempts were checked: {statuses:?}"
        );
        assert_eq!(
            api_login(&app, &attacker, "someone@test.example", PASSWORD).await,
            429
        );
        assert_eq!(
            api_login(&app, &client_from(8), "someone@test.example", PASSWORD).await,
            200
        );
    }
);

async fn invite(app: &TestApp, token: &str, email: &str, role: &str) -> (u16, Value) {
    app.post(
        "/api/v1/store/team/invitations",
        json!({"email": email, "role": role}),
        Some(token),
    )
    .await
}

/// Invites `email` with `role` (by the owner), accepts, and logs in to the store.
async fn member(app: &TestApp, owner: &str, email: &str, role: &str) -> String {
    let (st, inv) = invite(app, owner, email, role).await;
    assert_eq!(st, 201, "{inv}");
    let (st, b) = app
        .post(
            &format!(
                "/api/v1/auth/invitations/{}/accept",
                inv["token"].as_str().unwrap()
            ),
            json!({"password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    app.login(email, PASSWORD, Some("ALPHA-LU")).await
}

async fn member_id(app: &TestApp, token: &str, email: &str) -> (i64, String) {
    let (_, team) = app.get("/api/v1/store/team", Some(token)).await;
    let m = team["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {team}"))
        .clone();
    (
        m["id"].as_i64().unwrap(),
        m["role"].as_str().unwrap().to_owned(),
    )
}

dual_test!(
    nobody_grants_a_permission_they_lack_or_changes_their_own_role,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let every: Vec<&str> = orion_tenancy::permissions::ALL.to_vec();
        let (st, r) = app
            .post(
                "/api/v1/store/roles",
                json!({"name": "superuser", "permissions": every}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{r}");
        let (st, r) = app
            .post(
                "/api/v1/store/roles",
                json!({"name": "packer", "permissions": ["orders.view", "inventory.adjust"]}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{r}");
        let mgr = member(&app, &a.token, "mgr@test.example", "manager").await;
        let (mgr_member, _) = member_id(&app, &a.token, "mgr@test.example").await;

        // The manager cannot give themselves the role with every permission...
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{mgr_member}"),
                Some(json!({"role": "superuser"})),
                Some(&mgr),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        // ...nor any other role of their own, even a lesser one.
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{mgr_member}"),
                Some(json!({"role": "staff"})),
                Some(&mgr),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        assert_eq!(
            member_id(&app, &a.token, "mgr@test.example").await.1,
            "manager"
        );
        let (_, me) = app.get("/api/v1/auth/me", Some(&mgr)).await;
        assert_eq!(me["role"], "manager");
        assert!(
            !me["permissions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "roles.manage")
        );

        // Inviting with a role holding permissions the manager lacks is refused.
        let (st, b) = invite(&app, &mgr, "x@test.example", "superuser").await;
        assert_eq!(st, 403, "{b}");
        let (_, pending) = app
            .get("/api/v1/store/team/invitations", Some(&a.token))
            .await;
        assert!(!pending.to_string().contains("x@test.example"), "{pending}");

        // A role within the manager's own permissions may be granted, by invitation...
        let (st, inv) = invite(&app, &mgr, "p@test.example", "packer").await;
        assert_eq!(st, 201, "{inv}");
        let (st, b) = app
            .post(
                &format!(
                    "/api/v1/auth/invitations/{}/accept",
                    inv["token"].as_str().unwrap()
                ),
                json!({"password": PASSWORD}),
                None,
            )
            .await;
        assert_eq!(st, 200, "{b}");
        // ...and by a role change; one with more than the manager holds may not.
        let (packer_member, _) = member_id(&app, &a.token, "p@test.example").await;
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{packer_member}"),
                Some(json!({"role": "superuser"})),
                Some(&mgr),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        assert_eq!(
            member_id(&app, &a.token, "p@test.example").await.1,
            "packer"
        );
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{packer_member}"),
                Some(json!({"role": "staff"})),
                Some(&mgr),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        assert_eq!(b["role"], "staff");

        // An owner cannot change their own role either (not even with another owner present).
        let (owner_member, _) = member_id(&app, &a.token, &a.email).await;
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{mgr_member}"),
                Some(json!({"role": "owner"})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let (st, b) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/team/{owner_member}"),
                Some(json!({"role": "staff"})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 403, "{b}");
        assert_eq!(member_id(&app, &a.token, &a.email).await.1, "owner");
    }
);

dual_test!(
    password_change_revokes_other_tokens_and_keeps_the_current_one,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let other = app.login(&a.email, PASSWORD, None).await;
        let (st, b) = app
            .post(
                "/api/v1/auth/password",
                json!({"current_password": "not-the-password", "new_password": "a-brand-new-pw"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, b["errors"][0]["field"].as_str()),
            (422, Some("current_password")),
            "{b}"
        );
        let (st, b) = app
            .post(
                "/api/v1/auth/password",
                json!({"current_password": PASSWORD, "new_password": "short"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(
            (st, b["errors"][0]["field"].as_str()),
            (422, Some("new_password")),
            "{b}"
        );
        // Nothing changed so far.
        assert_eq!(app.get("/api/v1/auth/me", Some(&other)).await.0, 200);
        let (st, b) = app
            .post(
                "/api/v1/auth/password",
                json!({"current_password": PASSWORD, "new_password": "a-brand-new-pw"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 204, "{b}");
        assert_eq!(app.get("/api/v1/auth/me", Some(&other)).await.0, 401);
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 200);
        assert_eq!(api_login(&app, &app.client, &a.email, PASSWORD).await, 401);
        app.login(&a.email, "a-brand-new-pw", Some("ALPHA-LU"))
            .await;
    }
);

fn cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| {
            c.split(';')
                .next()
                .unwrap()
                .split_once('=')
                .unwrap()
                .1
                .to_owned()
        })
}

/// Posts the login form with `csrf` and the given `cookies`; returns the response.
async fn post_login(app: &TestApp, cookies: &str, csrf: &str, email: &str) -> reqwest::Response {
    app.client
        .post(app.url("/login"))
        .header("cookie", cookies)
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", csrf),
            ("store_code", ""),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap()
}

dual_test!(
    logging_in_again_from_a_signed_in_browser_works,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        // Tab 1 opens the login page.
        let res = app.client.get(app.url("/login")).send().await.unwrap();
        let pre = cookie(&res, "orion_csrf").unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"name="next" value="""#), "{html}");
        assert!(!html.to_lowercase().contains(r#"value="none""#), "{html}");
        let tab1 = csrf_in(&html);
        // Tab 2 opens it too, with the same browser cookie, and signs in.
        let res = app
            .client
            .get(app.url("/login"))
            .header("cookie", format!("orion_csrf={pre}"))
            .send()
            .await
            .unwrap();
        let pre = cookie(&res, "orion_csrf").unwrap_or(pre);
        let tab2 = csrf_in(&res.text().await.unwrap());
        let res = post_login(&app, &format!("orion_csrf={pre}"), &tab2, &a.email).await;
        assert_eq!(res.status().as_u16(), 303);
        let first = cookie(&res, "orion_session").unwrap();
        // Tab 1 (or the back button) submits the old form while signed in: not a 403.
        let cookies = format!("orion_csrf={pre}; orion_session={first}");
        let res = post_login(&app, &cookies, &tab1, &a.email).await;
        assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
        let second = cookie(&res, "orion_session").unwrap();
        // And once more with the same stale form and the newest session.
        let cookies = format!("orion_csrf={pre}; orion_session={second}");
        let res = post_login(&app, &cookies, &tab1, &a.email).await;
        assert_eq!(res.status().as_u16(), 303);
        let third = cookie(&res, "orion_session").unwrap();
        let dashboard = |s: String| {
            app.client
                .get(app.url("/dashboard"))
                .header("cookie", format!("orion_session={s}"))
                .send()
        };
        let res = dashboard(third.clone()).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        // The replaced sessions are signed out.
        assert_eq!(dashboard(first).await.unwrap().status().as_u16(), 303);
        // A login page opened while signed in posts too.
        let res = app
            .client
            .get(app.url("/login"))
            .header("cookie", format!("orion_session={third}"))
            .send()
            .await
            .unwrap();
        let csrf = csrf_in(&res.text().await.unwrap());
        let res = post_login(&app, &format!("orion_session={third}"), &csrf, &a.email).await;
        assert_eq!(res.status().as_u16(), 303);
        // A forged token is still refused.
        let res = post_login(&app, &format!("orion_session={third}"), "forged", &a.email).await;
        assert_eq!(res.status().as_u16(), 403);
    }
);

dual_test!(
    profile_page_changes_the_password_and_signs_out_other_sessions,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let res = app
            .client
            .get(app.url("/profile"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"action="/profile/password""#), "{html}");
        let csrf = csrf_in(&html);
        let change = |current: &'static str| {
            app.client
                .post(app.url("/profile/password"))
                .header("cookie", format!("orion_session={session}"))
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("current_password", current),
                    ("new_password", "a-brand-new-pw"),
                ])
                .send()
        };
        let res = change("wrong-password").await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .contains("error=")
        );
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 200);
        let res = change(PASSWORD).await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .contains("notice=")
        );
        // The API token is signed out; this browser session stays.
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 401);
        let res = app
            .client
            .get(app.url("/profile"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }
);
