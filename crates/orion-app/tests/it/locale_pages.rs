//! Pages read and write numbers and times the way the user's language does: a price typed
//! `12,50` on the French product form is 1250 cents, the English form takes `12.50`, what
//! could mean two things is refused with the field named and tied to its input, and an order's times show in
//! Europe/Luxembourg.

use chrono::{DateTime, Utc};
use orion_testkit::{TestApp, dual_test};
use serde_json::json;

use crate::pages::{csrf_in, login};

async fn set_language(app: &TestApp, token: &str, lang: &str) {
    let (st, me) = app
        .json(
            "PATCH",
            "/api/v1/auth/me",
            Some(json!({"language": lang})),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{me}");
}

/// GET a page with the session cookie: (status, html).
async fn page(app: &TestApp, session: &str, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Posts the new-product form with `price`: (status, location, html).
async fn create_product(
    app: &TestApp,
    session: &str,
    sku: &str,
    price: &str,
) -> (u16, String, String) {
    let (_, form) = page(app, session, "/products/new").await;
    let res = app
        .client
        .post(app.url("/products"))
        .header("cookie", format!("orion_session={session}"))
        .form(&[
            ("csrf_token", csrf_in(&form).as_str()),
            ("sku", sku),
            ("title_en", "Cheese"),
            ("price", price),
            ("sale_price", ""),
            ("vat_rate_class", "reduced"),
            ("product_type", "physical"),
            ("condition", "new"),
            ("active", "true"),
        ])
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (st, location, res.text().await.unwrap())
}

async fn price_of(app: &TestApp, token: &str, sku: &str) -> Option<String> {
    let (_, list) = app
        .get(&format!("/api/v1/store/products?q={sku}"), Some(token))
        .await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["sku"] == sku)
        .map(|p| p["price"].as_str().unwrap().to_owned())
}

dual_test!(
    prices_are_typed_as_the_language_writes_them,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "LOC-LU").await;
        let t = a.token.as_str();

        set_language(&app, t, "fr").await;
        let (session, dashboard) = login(&app, &a.email).await;
        assert!(dashboard.contains("<html lang=\"fr\">"), "{dashboard}");
        let (st, location, html) = create_product(&app, &session, "FR-1", "12,50").await;
        assert_eq!(st, 303, "{html}");
        assert!(location.starts_with("/products"), "{location}");
        assert_eq!(price_of(&app, t, "FR-1").await.as_deref(), Some("12.50"));
        // The edit form shows the price back in French.
        let (_, edit) = page(&app, &session, &location).await;
        assert!(edit.contains("value=\"12,50\""), "{edit}");
        // Grouped thousands are fine; a decimal comma before three digits is ambiguous.
        create_product(&app, &session, "FR-2", "1 234,50").await;
        assert_eq!(price_of(&app, t, "FR-2").await.as_deref(), Some("1234.50"));
        let (st, _, html) = create_product(&app, &session, "FR-3", "1,234").await;
        assert_ne!(st, 303);
        assert!(html.contains("est ambigu"), "{html}");
        assert!(
            html.contains("aria-invalid=\"true\" aria-describedby=\"err-price\""),
            "{html}"
        );
        assert!(html.contains("id=\"err-price\""), "{html}");
        assert_eq!(price_of(&app, t, "FR-3").await, None, "nothing was created");

        set_language(&app, t, "en").await;
        let (st, _, html) = create_product(&app, &session, "EN-1", "12.50").await;
        assert_eq!(st, 303, "{html}");
        assert_eq!(price_of(&app, t, "EN-1").await.as_deref(), Some("12.50"));
        // Two decimals cannot be a thousands group, so a comma before them is read as the
        // decimal separator in English too; before three digits it groups thousands, and a
        // point before three digits is ambiguous.
        create_product(&app, &session, "EN-2", "12,50").await;
        assert_eq!(price_of(&app, t, "EN-2").await.as_deref(), Some("12.50"));
        create_product(&app, &session, "EN-3", "1,234").await;
        assert_eq!(price_of(&app, t, "EN-3").await.as_deref(), Some("1234.00"));
        let (st, _, html) = create_product(&app, &session, "EN-4", "1.234").await;
        assert_ne!(st, 303);
        assert!(
            html.contains("is ambiguous: write 1234 for a whole number"),
            "{html}"
        );
        let (st, _, html) = create_product(&app, &session, "EN-5", "twelve").await;
        assert_ne!(st, 303);
        assert!(html.contains("must be a number such as 1,234.50"), "{html}");
        assert_eq!(price_of(&app, t, "EN-4").await, None);
    }
);

dual_test!(
    order_times_show_in_luxembourg_time,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "TZ-LU").await;
        let t = a.token.as_str();
        let (st, p) = app
            .post(
                "/api/v1/store/products",
                json!({"sku": "TZ-1", "translations": {"en": {"title": "Clock"}}, "price": "10.00", "vat_rate_class": "standard", "product_type": "physical"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{p}");
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                crate::orders::order_body("TZ-1", 1, "tz@example.test"),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        // The API speaks UTC.
        let ordered_at = o["ordered_at"].as_str().unwrap();
        assert!(ordered_at.ends_with('Z'), "{o}");
        let created: DateTime<Utc> = ordered_at.parse().unwrap();
        let local = created.with_timezone(&chrono_tz::Europe::Luxembourg);
        let utc = created.format("%H:%M").to_string();
        let lux = local.format("%H:%M").to_string();
        assert_ne!(utc, lux, "Luxembourg is never on UTC");

        set_language(&app, t, "de").await;
        let (session, _) = login(&app, &a.email).await;
        let (st, html) = page(&app, &session, &format!("/orders/{}", o["id"])).await;
        assert_eq!(st, 200);
        let shown = format!("{}, {lux}", local.format("%d.%m.%Y"));
        assert!(html.contains(&shown), "order page lacks {shown}: {html}");
    }
);
