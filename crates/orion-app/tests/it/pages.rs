//! HTML pages: cookie session, CSRF protection, redirects.

use orion_testkit::{PASSWORD, TestApp, dual_test};

/// Extracts the value of the hidden `csrf_token` input from a page.
pub(crate) fn csrf_in(html: &str) -> String {
    let at = html
        .find("name=\"csrf_token\" value=\"")
        .expect("csrf field")
        + "name=\"csrf_token\" value=\"".len();
    html[at..].split('"').next().unwrap().to_owned()
}

fn cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

/// A file part of a multipart form: field name, file name, content type, content.
pub(crate) type FilePart<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Posts a multipart form as a browser does for the session `session`: the text `fields` in
/// order, then `file` if any.
pub(crate) async fn post_multipart(
    app: &TestApp,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<FilePart<'_>>,
) -> reqwest::Response {
    let boundary = "----orion-test-form";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    if let Some((name, file_name, content_type, content)) = file {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n{content}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    app.client
        .post(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The HTML of `path` for the browser session `session`.
pub(crate) async fn page(app: &TestApp, session: &str, path: &str) -> String {
    app.client
        .get(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) async fn login(app: &TestApp, email: &str) -> (String, String) {
    let res = app.client.get(app.url("/login")).send().await.unwrap();
    let pre = value(&cookie(&res, "orion_csrf").unwrap());
    let html = res.text().await.unwrap();
    let csrf = csrf_in(&html);
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", format!("orion_csrf={pre}"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
            ("store_code", ""),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "login should redirect");
    let set = cookie(&res, "orion_session").expect("session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(
        !set.contains("Secure"),
        "plain-HTTP test server must not set Secure"
    );
    let session = value(&set);
    let res = app
        .client
        .get(app.url("/dashboard"))
        .header("cookie", format!("orion_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap();
    (session, html)
}

dual_test!(
    login_page_sets_a_session_and_dashboard_shows_store_and_role,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (_, html) = login(&app, &a.email).await;
        assert!(
            html.contains("ALPHA-LU store") && html.contains(">owner<"),
            "{html}"
        );
        assert!(html.contains("id=\"store-switch\""));
    }
);

dual_test!(
    forms_without_a_valid_csrf_token_are_refused,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        // Login form without the double-submit cookie.
        let res = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("email", a.email.as_str()),
                ("password", PASSWORD),
                ("csrf_token", "forged"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
        let (session, html) = login(&app, &a.email).await;
        let csrf = csrf_in(&html);
        let post = |token: String| {
            app.client
                .post(app.url("/team/invite"))
                .header("cookie", format!("orion_session={session}"))
                .form(&[
                    ("email", "z@test.example".to_owned()),
                    ("role", "staff".to_owned()),
                    ("csrf_token", token),
                ])
                .send()
        };
        assert_eq!(post("wrong".into()).await.unwrap().status().as_u16(), 403);
        assert_eq!(post(String::new()).await.unwrap().status().as_u16(), 403);
        let ok = post(csrf).await.unwrap();
        assert_eq!(ok.status().as_u16(), 303);
        assert!(
            ok.headers()["location"]
                .to_str()
                .unwrap()
                .contains("invite_url")
        );
    }
);

dual_test!(
    pages_redirect_to_login_and_logout_ends_the_session,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let res = app.client.get(app.url("/team")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(res.headers()["location"], "/login?next=%2Fteam");
        let (session, html) = login(&app, &a.email).await;
        let res = app
            .client
            .post(app.url("/logout"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[("csrf_token", csrf_in(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let res = app
            .client
            .get(app.url("/dashboard"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        // A session cookie is no bearer token.
        assert_eq!(app.get("/api/v1/store", Some(&session)).await.0, 401);
        // Unknown pages are HTML 404s.
        let res = app
            .client
            .get(app.url("/no/such/page"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
);

dual_test!(
    a_form_with_a_nul_character_is_refused_and_stores_nothing,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "NULFORM-LU").await;
        let (session, html) = login(&app, &a.email).await;
        let csrf = csrf_in(&html);
        let res = app
            .client
            .post(app.url("/customers"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("email", "nul@example.test"),
                ("first_name", "Ann\u{0}e"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        assert!(res.text().await.unwrap().contains("control character"));
        let (_, list) = app.get("/api/v1/store/customers", Some(&a.token)).await;
        assert_eq!(list["total"], 0, "{list}");
    }
);

dual_test!(
    a_flash_message_shows_once_on_every_page_that_takes_one,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "FLASH-LU").await;
        let (session, _) = login(&app, &a.email).await;
        for path in [
            "/orders",
            "/invoices",
            "/settings/invoice",
            "/letzshop",
            "/orders/exceptions",
        ] {
            for key in ["notice", "error"] {
                let html = page(&app, &session, &format!("{path}?{key}=Flash-{key}-once")).await;
                let shown = html.matches(&format!("Flash-{key}-once")).count();
                // Every one of these pages takes a notice; an error is shown at most once.
                let expected = if key == "notice" { 1..=1 } else { 0..=1 };
                assert!(
                    expected.contains(&shown),
                    "{path} {key} shown {shown}×: {html}"
                );
            }
        }
    }
);

dual_test!(
    the_dashboard_checklist_ticks_itself,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "SETUP-LU").await;
        let (session, html) = login(&app, &a.email).await;
        assert!(html.contains("0 of 5 steps done"), "{html}");
        for (href, label) in [
            ("/settings/invoice", "Fill in your invoice settings"),
            ("/letzshop", "Connect Letzshop"),
            ("/products/import", "Import your products"),
            ("/inventory/stock", "Set your stock"),
            ("/team", "Invite your team"),
        ] {
            assert!(
                html.contains(&format!("<a href=\"{href}\">{label}</a>")),
                "{label}: {html}"
            );
        }
        // Invoice settings, a product and its stock: three steps tick themselves.
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(crate::invoicing::settings_body()),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201);
        let p = crate::catalog::product(&app, &a.token, "SETUP-1").await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            serde_json::json!({"product_id": p["id"], "delta": 3}),
            Some(&a.token),
        )
        .await;
        let html = page(&app, &session, "/dashboard").await;
        assert!(html.contains("3 of 5 steps done"), "{html}");
        assert_eq!(html.matches("class=\"done\"").count(), 3, "{html}");
    }
);

dual_test!(
    signing_in_gives_the_session_a_fresh_csrf_token,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "CSRF-LU").await;
        let res = app.client.get(app.url("/login")).send().await.unwrap();
        let pre = value(&cookie(&res, "orion_csrf").unwrap());
        let form = csrf_in(&res.text().await.unwrap());
        assert_eq!(form, pre, "the login form carries the cookie's token");
        let res = app
            .client
            .post(app.url("/login"))
            .header("cookie", format!("orion_csrf={pre}"))
            .form(&[
                ("email", a.email.as_str()),
                ("password", PASSWORD),
                ("csrf_token", form.as_str()),
                ("store_code", ""),
                ("next", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let session = value(&cookie(&res, "orion_session").expect("session cookie"));
        let html = page(&app, &session, "/dashboard").await;
        // A token the browser held before signing in (one an attacker could have planted in
        // its cookie) is not the session's.
        assert_ne!(csrf_in(&html), pre);
    }
);
