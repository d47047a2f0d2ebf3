//! The dashboard's reporting section as the seller reads it, on SQLite and PostgreSQL: the EU
//! distance-sales gauge (nothing below 80 %, a warning from 80 %, the "crossed" sentence past
//! EUR 10,000, figures equal to the invoices issued), and who sees the figures at all (the
//! `reports.view` permission: not staff, but accountants).

use orion_kernel::{Lang, Money, locale};
use orion_testkit::{Actor, PASSWORD, TestApp, dual_test};
use serde_json::{Value, json};

use super::invoicing::settings_body;
use super::orders::{order_body, setup};
use crate::pages::{login, page};

const THRESHOLD_CENTS: i64 = 1_000_000;

fn cents(v: &Value) -> i64 {
    Money::parse(v.as_str().unwrap_or_else(|| panic!("money: {v}")))
        .unwrap()
        .0
}

fn en(key: &str) -> String {
    let s = orion_web::i18n::t(Lang::En, key);
    assert_ne!(s, key, "the English catalogue has {key}");
    s
}

/// A product of the standard class (17 % in Luxembourg) with plenty of stock.
async fn product(app: &TestApp, token: &str, sku: &str, price: &str) {
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": sku, "translations": {"en": {"title": format!("Product {sku}")}}, "price": price, "vat_rate_class": "standard"}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{p}");
    let (st, b) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": p["id"], "delta": 1000}),
            Some(token),
        )
        .await;
    assert!(st < 300, "{b}");
}

/// A Luxembourg store that can invoice, with three products: BIG-1 (1,170.00 gross, 1,000.00
/// net), EDGE-1 (1,169.99 gross, 999.99 net) and CENT-1 (0.01, no VAT left after rounding).
async fn distance_store(app: &TestApp) -> Actor {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "DIST-LU").await;
    let mut settings = settings_body();
    settings["oss_registered"] = json!(true);
    let (st, s) = app
        .json(
            "PUT",
            "/api/v1/store/settings/invoice",
            Some(settings),
            Some(&a.token),
        )
        .await;
    assert_eq!(st, 201, "{s}");
    for (sku, price) in [
        ("BIG-1", "1170.00"),
        ("EDGE-1", "1169.99"),
        ("CENT-1", "0.01"),
    ] {
        product(app, &a.token, sku, price).await;
    }
    a
}

/// A shipped order of `sku` × `qty` to a consumer in Berlin, invoiced: an EU B2C distance
/// sale. Returns the invoice.
async fn distance_sale(app: &TestApp, token: &str, sku: &str, qty: i64) -> Value {
    let (st, o) = app
        .post(
            "/api/v1/store/orders",
            json!({"customer": {"email": "kundin@example.de", "first_name": "Karin", "last_name": "Schulz"},
                "shipping_address": {"street": "Unter den Linden 1", "postal_code": "10117", "city": "Berlin", "country": "DE"},
                "items": [{"sku": sku, "quantity": qty}], "shipping_amount": "0.00", "locale": "de"}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{o}");
    let id = o["id"].as_i64().unwrap();
    for (action, body) in [
        ("confirm", json!({})),
        ("ship", json!({"tracking_number": "T1", "carrier": "DHL"})),
    ] {
        let (st, b) = app
            .post(
                &format!("/api/v1/store/orders/{id}/{action}"),
                body,
                Some(token),
            )
            .await;
        assert_eq!(st, 200, "{action}: {b}");
    }
    let (st, inv) = app
        .post(
            &format!("/api/v1/store/orders/{id}/invoice"),
            json!({}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{inv}");
    assert!(
        inv["vat_regime"]
            .as_str()
            .unwrap()
            .starts_with("DISTANCE_SALE"),
        "{inv}"
    );
    inv
}

/// The gauge section of the dashboard: its opening tag, the meter's value and its text (tags
/// removed, entities decoded, white space collapsed).
struct Gauge {
    tag: String,
    meter: i64,
    text: String,
}

fn gauge(html: &str) -> Gauge {
    let at = html
        .find("data-testid=\"distance-gauge\"")
        .unwrap_or_else(|| panic!("the gauge is on the dashboard: {html}"));
    let start = html[..at].rfind("<section").unwrap();
    let end = at + html[at..].find("</section>").unwrap();
    let section = &html[start..end];
    let tag = section[..section.find('>').unwrap()].to_owned();
    let meter = section
        .split("<meter")
        .nth(1)
        .and_then(|m| m.split("value=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a meter with a value: {section}"));
    let mut text = String::new();
    let mut in_tag = false;
    for c in section.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    for (entity, c) in [
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&quot;", "\""),
        ("&#x2f;", "/"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, c);
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Gauge { tag, meter, text }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    Below,
    Warn,
    Over,
}

/// The API and the dashboard agree with the invoices issued (`total` net cents) and show
/// the sentence of `level` only.
async fn check(app: &TestApp, session: &str, token: &str, total: i64, level: Level) {
    let percent = total * 100 / THRESHOLD_CENTS;
    let (st, s) = app.get("/api/v1/store/reports/summary", Some(token)).await;
    assert_eq!(st, 200, "{s}");
    let ds = &s["distance_sales"];
    assert_eq!(
        (
            cents(&ds["total"]),
            cents(&ds["threshold"]),
            ds["percent"].as_i64()
        ),
        (total, THRESHOLD_CENTS, Some(percent)),
        "{ds}"
    );
    let year = chrono::Datelike::year(&orion_kernel::time::local_date(chrono::Utc::now()));
    assert_eq!(ds["year"], year);
    match level {
        Level::Below => assert!(percent < 80, "{percent}"),
        Level::Warn => assert!((80..100).contains(&percent), "{percent}"),
        Level::Over => assert!(percent >= 100 && total > THRESHOLD_CENTS, "{percent}"),
    }

    let g = gauge(&page(app, session, "/dashboard").await);
    let (warn, over, explain) = (
        en("reporting-distance-warn"),
        en("reporting-distance-over"),
        en("reporting-distance-explain"),
    );
    let shown = |s: &str| g.text.contains(s);
    assert_eq!(
        (shown(&explain), shown(&warn), shown(&over)),
        (
            level == Level::Below,
            level == Level::Warn,
            level == Level::Over
        ),
        "{level:?} at {percent} %: {}",
        g.text
    );
    assert!(
        g.text.starts_with(&format!("EU distance sales {year}")),
        "{}",
        g.text
    );
    let figures = format!(
        "{} of {} ({percent} %)",
        locale::money(total, Lang::En),
        locale::money(THRESHOLD_CENTS, Lang::En)
    );
    assert!(g.text.contains(&figures), "{figures} in: {}", g.text);
    assert_eq!(g.meter, percent.min(100), "the meter stops at 100");
    assert_eq!(
        g.tag.contains("class=\"card warn\""),
        level != Level::Below,
        "{}",
        g.tag
    );
}

dual_test!(
    reporting_pages_distance_gauge_warns_from_80_percent,
    |app: TestApp| async move {
        let a = distance_store(&app).await;
        let t = a.token.as_str();
        let (session, _) = login(&app, &a.email).await;
        check(&app, &session, t, 0, Level::Below).await;

        let mut total = 0;
        let mut sell = async |sku: &str, qty: i64| {
            let inv = distance_sale(&app, t, sku, qty).await;
            total += cents(&inv["net_total"]);
            (inv, total)
        };
        // 7,000.00, then 7,999.99: 79 %, still below the warning.
        let (inv, _) = sell("BIG-1", 7).await;
        assert_eq!(
            (&inv["vat_regime"], cents(&inv["net_total"])),
            (&json!("DISTANCE_SALE_ORIGIN"), 700_000),
            "{inv}"
        );
        let (_, sum) = sell("EDGE-1", 1).await;
        assert_eq!(sum, 799_999);
        check(&app, &session, t, sum, Level::Below).await;
        // One cent more: 8,000.00 net, exactly 80 %: the warning.
        let (_, sum) = sell("CENT-1", 1).await;
        assert_eq!(sum, 800_000);
        check(&app, &session, t, sum, Level::Warn).await;
        // 9,000.00: still warning, still Luxembourg VAT.
        let (inv, sum) = sell("BIG-1", 1).await;
        assert_eq!(inv["vat_regime"], "DISTANCE_SALE_ORIGIN", "{inv}");
        check(&app, &session, t, sum, Level::Warn).await;
        // 2,340.00 gross takes the year past 10,000: taxed in Germany from this order on.
        let (inv, sum) = sell("BIG-1", 2).await;
        assert_eq!(
            (&inv["vat_regime"], &inv["vat_country"]),
            (&json!("DISTANCE_SALE_OSS"), &json!("DE")),
            "{inv}"
        );
        check(&app, &session, t, sum, Level::Over).await;
        // A further sale keeps the sentence; the meter stays full.
        let (_, sum) = sell("BIG-1", 3).await;
        assert!(sum > 1_200_000, "{sum}");
        check(&app, &session, t, sum, Level::Over).await;
    }
);

dual_test!(
    reporting_pages_figures_need_reports_view,
    |app: TestApp| async move {
        let (_, a, _) = setup(&app).await;
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                order_body("TEA-01", 2, "buyer@example.lu"),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let gross = locale::money(cents(&o["total"]), Lang::En);
        // The figures of the reporting section ("today"'s work lists are not figures).
        let sections = [
            "data-testid=\"figures\"",
            "data-testid=\"sales-chart\"",
            "<svg class=\"chart\"",
            "data-testid=\"distance-gauge\"",
        ];
        // The owner sees the figures (and the order's gross among them).
        let (owner_session, _) = login(&app, &a.email).await;
        let html = page(&app, &owner_session, "/dashboard").await;
        for s in sections {
            assert!(html.contains(s), "{s} on the owner's dashboard");
        }
        assert!(html.contains(&gross), "{gross} on the owner's dashboard");

        for (email, role, sees) in [
            ("clerk@test.example", "staff", false),
            ("books@test.example", "accountant", true),
        ] {
            let (st, inv) = app
                .post(
                    "/api/v1/store/team/invitations",
                    json!({"email": email, "role": role}),
                    Some(&a.token),
                )
                .await;
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
            // The login helper lands on the dashboard (200) of the member's only store.
            let (_, html) = login(&app, email).await;
            assert!(
                html.contains("ALPHA-LU store") && html.contains(&format!(">{role}<")),
                "{role}'s dashboard: {html}"
            );
            for s in sections {
                assert_eq!(html.contains(s), sees, "{s} on the {role}'s dashboard");
            }
            assert_eq!(html.contains(&gross), sees, "{gross} for the {role}");
            let token = app.login(email, PASSWORD, Some("ALPHA-LU")).await;
            let (st, b) = app.get("/api/v1/store/reports/summary", Some(&token)).await;
            if sees {
                assert_eq!(st, 200, "{b}");
                assert_eq!(b["totals"]["orders"], 1, "{b}");
            } else {
                assert_eq!(
                    (st, b["permission"].as_str()),
                    (403, Some("reports.view")),
                    "{b}"
                );
            }
        }
    }
);

/// A store whose EU B2C distance sales exceeded EUR 10,000 last year is taxed at destination
/// from its first sale this year; the gauge should not tell it that Luxembourg VAT applies.
async fn last_years_crossing_is_told(app: TestApp) {
    use sea_orm::{ActiveModelTrait, Set};
    let a = distance_store(&app).await;
    let store = a.store["id"].as_i64().unwrap();
    let year = chrono::Datelike::year(&orion_kernel::time::local_date(chrono::Utc::now()));
    orion_invoicing::entity::distance_sales::ActiveModel {
        store_id: Set(store),
        year: Set(year - 1),
        net_cents: Set(1_100_000),
    }
    .insert(app.db.conn())
    .await
    .unwrap();
    let inv = distance_sale(&app, &a.token, "BIG-1", 1).await;
    assert_eq!(inv["vat_regime"], "DISTANCE_SALE_OSS", "{inv}");
    let (session, _) = login(&app, &a.email).await;
    let g = gauge(&page(&app, &session, "/dashboard").await);
    assert!(
        !g.text.contains(&en("reporting-distance-explain")),
        "invoicing taxes in Germany, the gauge says Luxembourg VAT applies: {}",
        g.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporting_pages_last_years_crossing_is_told_sqlite() {
    last_years_crossing_is_told(TestApp::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporting_pages_last_years_crossing_is_told_postgres() {
    last_years_crossing_is_told(TestApp::postgres().await).await;
}
