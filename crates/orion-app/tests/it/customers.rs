//! `/api/v1/store/customers`: customers, upsert by e-mail, order statistics, the CSV export
//! (format, filters, streaming across pages, feature gate) and the customer pages.

use chrono::{DateTime, Utc};
use orion_customers::service::{self, CustomerInput, Stats};
use orion_kernel::StoreId;
use orion_kernel::{CustomerId, DomainError, ErrorKind};
use orion_testkit::{PASSWORD, TestApp, dual_test};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, Query};
use serde_json::{Value, json};

const HEADER: &str = "email,first_name,last_name,phone,customer_number,total_orders,total_spent,avg_order_value,first_order_date,last_order_date,preferred_language,marketing_consent,tags";

fn store_id(a: &orion_testkit::Actor) -> StoreId {
    StoreId(a.store["id"].as_i64().unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn input(email: &str) -> CustomerInput {
    CustomerInput {
        email: email.into(),
        ..Default::default()
    }
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (st, c) = app.post("/api/v1/store/customers", body, Some(token)).await;
    assert_eq!(st, 201, "{c}");
    c
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (st, b) = app
        .get(&format!("/api/v1/store/customers{query}"), Some(token))
        .await;
    assert_eq!(st, 200, "{query}: {b}");
    b
}

fn emails(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].as_str().unwrap().to_owned())
        .collect()
}

/// GET returning (status, content-type, content-disposition, body text).
async fn download(app: &TestApp, token: &str, path: &str) -> (u16, String, String, String) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let header = |n: &str| {
        res.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (st, ct, cd) = (
        res.status().as_u16(),
        header("content-type"),
        header("content-disposition"),
    );
    (st, ct, cd, res.text().await.unwrap())
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

dual_test!(
    create_list_search_get_and_patch_customers,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ANNE-LU").await;
        let t = a.token.as_str();
        let anne = create(
            &app,
            t,
            json!({"email": " Anne.Muller@Example.test ", "first_name": "Anne", "last_name": "Müller",
                "vat_id": "lu 2637 5245", "preferred_language": "FR", "tags": ["VIP"],
                "address": {"street": "1 rue de la Gare", "postal_code": "L-1611", "city": "Luxembourg", "country": "lu"}}),
        )
        .await;
        assert_eq!(anne["email"], "anne.muller@example.test");
        assert_eq!(anne["vat_id"], "LU26375245");
        assert_eq!(anne["preferred_language"], "fr");
        assert_eq!(anne["tags"], json!(["VIP"]));
        assert_eq!(anne["addresses"][0]["country"], "LU");
        assert_eq!(anne["marketing_consent"], false);
        assert_eq!(
            (
                &anne["total_orders"],
                &anne["total_spent"],
                &anne["avg_order_value"]
            ),
            (&json!(0), &json!("0.00"), &json!("0.00"))
        );
        assert!(anne["first_order_date"].is_null() && anne["last_order_date"].is_null());
        let number = anne["customer_number"].as_str().unwrap().to_owned();
        assert_eq!(number, format!("CUS-{:06}", anne["id"].as_i64().unwrap()));

        // The e-mail is unique per store, whatever its case.
        let (st, b) = app
            .post(
                "/api/v1/store/customers",
                json!({"email": "ANNE.MULLER@example.TEST"}),
                Some(t),
            )
            .await;
        assert_eq!(
            (st, b["type"].as_str()),
            (409, Some("/problems/conflict")),
            "{b}"
        );

        let bob = create(
            &app,
            t,
            json!({"email": "bob_smith@example.test", "company": "Bob & Co SA", "marketing_consent": true, "tags": ["b2b"]}),
        )
        .await;

        let all = list(&app, t, "").await;
        assert_eq!(
            (all["total"].as_u64(), all["page"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(
            emails(&all),
            ["bob_smith@example.test", "anne.muller@example.test"]
        );
        // Search: e-mail (URL-encoded), names, company, number; case-insensitive.
        for (q, want) in [
            ("anne.muller%40example.test", "anne.muller@example.test"),
            ("M%C3%BCller", "anne.muller@example.test"),
            ("bob%20%26%20co", "bob_smith@example.test"),
            ("BOB_", "bob_smith@example.test"),
            (&number.to_lowercase(), "anne.muller@example.test"),
        ] {
            assert_eq!(
                emails(&list(&app, t, &format!("?q={q}")).await),
                [want],
                "q={q}"
            );
        }
        // LIKE wildcards are literal.
        assert_eq!(list(&app, t, "?q=%25").await["total"], 0);
        assert_eq!(list(&app, t, "?q=b_b").await["total"], 0);
        assert_eq!(
            emails(&list(&app, t, "?marketing_consent=true").await),
            ["bob_smith@example.test"]
        );
        assert_eq!(
            emails(&list(&app, t, "?marketing_consent=false").await),
            ["anne.muller@example.test"]
        );
        assert_eq!(
            emails(&list(&app, t, "?tag=vip").await),
            ["anne.muller@example.test"]
        );
        assert_eq!(list(&app, t, "?tag=vi").await["total"], 0);
        let p = list(&app, t, "?per_page=1&page=2").await;
        assert_eq!(
            (emails(&p), p["total"].as_u64()),
            (vec!["anne.muller@example.test".to_owned()], Some(2))
        );
        let (st, b) = app
            .get("/api/v1/store/customers?marketing_consent=maybe", Some(t))
            .await;
        assert_eq!(
            (st, b["errors"][0]["field"].as_str()),
            (422, Some("marketing_consent"))
        );

        let id = anne["id"].as_i64().unwrap();
        let path = format!("/api/v1/store/customers/{id}");
        let (st, got) = app.get(&path, Some(t)).await;
        assert_eq!((st, &got["email"]), (200, &anne["email"]));

        let (st, p) = app
            .json(
                "PATCH",
                &path,
                Some(json!({"first_name": null, "phone": "+352 691 123 456", "tags": ["vip", "b2b", "VIP"],
                    "marketing_consent": true, "preferred_language": "de"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{p}");
        assert!(p["first_name"].is_null());
        assert_eq!(p["last_name"], "Müller");
        assert_eq!(p["phone"], "+352 691 123 456");
        assert_eq!(p["tags"], json!(["vip", "b2b"]));
        assert_eq!(
            (&p["marketing_consent"], &p["preferred_language"]),
            (&json!(true), &json!("de"))
        );
        assert_eq!(p["vat_id"], "LU26375245");
        assert_eq!(p["addresses"], anne["addresses"]);
        let (st, p) = app
            .json("PATCH", &path, Some(json!({"addresses": [{"street": "2 Grand-Rue", "postal_code": "1660", "city": "Luxembourg", "country": "LU"}, {"street": "x"}]})), Some(t))
            .await;
        assert_eq!(st, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "addresses[1].postal_code");

        // Validation names the field.
        for (body, field) in [
            (json!({"vat_id": "LU26375246"}), "vat_id"),
            (json!({"preferred_language": "lb"}), "preferred_language"),
            (json!({"tags": ["a;b"]}), "tags[0]"),
            (json!({"first_name": "x".repeat(101)}), "first_name"),
        ] {
            let (st, b) = app.json("PATCH", &path, Some(body.clone()), Some(t)).await;
            assert_eq!(
                (st, b["errors"][0]["field"].as_str()),
                (422, Some(field)),
                "{body}: {b}"
            );
        }
        let (st, b) = app
            .json(
                "PATCH",
                &path,
                Some(json!({"email": "new@example.test"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "{b}");
        assert!(b.to_string().contains("email"), "{b}");
        for (body, field) in [
            (json!({"email": "not-an-email"}), "email"),
            (
                json!({"email": "c@example.test", "vat_id": "FR123"}),
                "vat_id",
            ),
            (
                json!({"email": "c@example.test", "address": {"street": "1 rue", "city": "Metz", "country": "FR"}}),
                "address.postal_code",
            ),
        ] {
            let (st, b) = app
                .post("/api/v1/store/customers", body.clone(), Some(t))
                .await;
            assert_eq!(
                (st, b["errors"][0]["field"].as_str()),
                (422, Some(field)),
                "{body}: {b}"
            );
        }
        let (st, _) = app.get("/api/v1/store/customers/999999", Some(t)).await;
        assert_eq!(st, 404);
        let _ = bob;
    }
);

dual_test!(
    another_stores_customer_is_not_found,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let b = app.merchant_with_store(&admin, "BETA-LU").await;
        let c = create(
            &app,
            &a.token,
            json!({"email": "shared@example.test", "first_name": "Alpha"}),
        )
        .await;
        let path = format!("/api/v1/store/customers/{}", c["id"]);
        assert_eq!(app.get(&path, Some(&b.token)).await.0, 404);
        let (st, _) = app
            .json(
                "PATCH",
                &path,
                Some(json!({"first_name": "Stolen"})),
                Some(&b.token),
            )
            .await;
        assert_eq!(st, 404);
        assert_eq!(list(&app, &b.token, "").await["total"], 0);
        // The same e-mail is a different customer in another store.
        let other = create(&app, &b.token, json!({"email": "SHARED@example.test"})).await;
        assert_ne!(other["id"], c["id"]);
        let conn = app.db.conn();
        let id = c["id"].as_i64().unwrap();
        let e = service::find(conn, store_id(&b), CustomerId(id))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e = service::add_order(conn, store_id(&b), CustomerId(id), 100, Utc::now())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e = service::set_stats(conn, store_id(&b), CustomerId(id), &Stats::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let (_, got) = app.get(&path, Some(&a.token)).await;
        assert_eq!(
            (&got["first_name"], &got["total_orders"]),
            (&json!("Alpha"), &json!(0))
        );
    }
);

dual_test!(
    upsert_by_email_fills_in_and_never_blanks,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "UPS-LU").await;
        let (conn, s) = (app.db.conn(), store_id(&a));
        let first = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                first_name: Some("Carla".into()),
                tags: Some(vec!["letzshop".into()]),
                address: Some(json!({"street": "5 avenue de la Liberté", "postal_code": "L-1930", "city": "Luxembourg", "country": "LU"})),
                ..input("Carla@Example.test")
            },
        )
        .await
        .unwrap();
        assert_eq!(first.email, "carla@example.test");
        assert!(first.customer_number.starts_with("CUS-"));
        let again = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                first_name: Some("Other".into()),
                last_name: Some("Rossi".into()),
                phone: Some("+352 1".into()),
                marketing_consent: Some(true),
                tags: Some(vec!["LETZSHOP".into(), "repeat".into()]),
                // The same address, differently cased: not added twice.
                address: Some(json!({"street": "5 AVENUE DE LA LIBERTÉ", "postal_code": "L-1930", "city": "luxembourg", "country": "LU"})),
                ..input(" CARLA@example.TEST ")
            },
        )
        .await
        .unwrap();
        assert_eq!(again.id, first.id);
        assert_eq!(again.customer_number, first.customer_number);
        assert_eq!(
            again.first_name.as_deref(),
            Some("Carla"),
            "never overwritten"
        );
        assert_eq!(again.last_name.as_deref(), Some("Rossi"), "filled in");
        assert!(again.marketing_consent);
        assert_eq!(again.tag_list(), ["letzshop", "repeat"]);
        assert_eq!(again.address_list().len(), 1);
        // Nothing new: nothing blanked, consent kept.
        let same = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                marketing_consent: Some(false),
                address: Some(json!({"street": "1 Hauptstrasse", "postal_code": "54290", "city": "Trier", "country": "de"})),
                ..input("carla@example.test")
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (same.id, same.phone.as_deref(), same.marketing_consent),
            (first.id, Some("+352 1"), true)
        );
        let addresses = same.address_list();
        assert_eq!(addresses.len(), 2);
        assert_eq!(
            (addresses[1].city.as_str(), addresses[1].country.as_str()),
            ("Trier", "DE")
        );
        // Errors name the field inside the order's customer.
        for (i, field) in [
            (input("carla@"), "customer.email"),
            (
                CustomerInput {
                    vat_id: Some("DE000".into()),
                    ..input("d@example.test")
                },
                "customer.vat_id",
            ),
            (
                CustomerInput {
                    address: Some(json!({"street": "x"})),
                    ..input("d@example.test")
                },
                "customer.address.postal_code",
            ),
        ] {
            let e = service::upsert_by_email(conn, s, &i).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Invalid);
            assert_eq!(e.fields()[0].field, field);
        }
        // Inside a caller's transaction, rolled back: nothing stays.
        let tx = app.db.begin_write().await.unwrap();
        service::upsert_by_email(&tx, s, &input("ghost@example.test"))
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        assert!(
            service::find_by_email(conn, s, "ghost@example.test")
                .await
                .unwrap()
                .is_none()
        );
    }
);

dual_test!(
    concurrent_upserts_of_one_new_email_make_one_customer,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "RACE-LU").await;
        let s = store_id(&a);
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let db = app.db.clone();
                tokio::spawn(async move {
                    let body = CustomerInput {
                        first_name: Some(format!("Racer {i}")),
                        tags: Some(vec![format!("t{i}")]),
                        ..input(if i % 2 == 0 {
                            "race@example.test"
                        } else {
                            "RACE@example.test"
                        })
                    };
                    if i % 3 == 0 {
                        // Some inside write transactions, as the orders module calls it.
                        let tx = db.begin_write().await.unwrap();
                        let c = service::upsert_by_email(&tx, s, &body).await;
                        tx.commit().await.unwrap();
                        c
                    } else {
                        service::upsert_by_email(db.conn(), s, &body).await
                    }
                })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap().expect("no upsert fails").id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{ids:?}");
        let page = list(&app, &a.token, "").await;
        assert_eq!(page["total"], 1);
        let c = &page["items"][0];
        assert_eq!(c["customer_number"], format!("CUS-{:06}", ids[0]));
        assert!(c["first_name"].as_str().unwrap().starts_with("Racer "));
        // Every writer's tag survived the concurrent compare-and-set.
        assert_eq!(c["tags"].as_array().unwrap().len(), 20, "{c}");
    }
);

dual_test!(
    order_statistics_show_in_the_customer,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "STAT-LU").await;
        let c = create(&app, &a.token, json!({"email": "stats@example.test"})).await;
        let id = c["id"].as_i64().unwrap();
        let (conn, s) = (app.db.conn(), store_id(&a));
        service::add_order(conn, s, CustomerId(id), 1000, at("2026-03-01T10:00:00Z"))
            .await
            .unwrap();
        // An older order arriving later (historical import) widens the range backwards.
        let tx = app.db.begin_write().await.unwrap();
        service::add_order(&tx, s, CustomerId(id), 2501, at("2026-01-15T08:30:00.250Z"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        service::add_order(conn, s, CustomerId(id), 0, at("2026-02-01T00:00:00Z"))
            .await
            .unwrap();
        let path = format!("/api/v1/store/customers/{id}");
        let (_, got) = app.get(&path, Some(&a.token)).await;
        assert_eq!(got["total_orders"], 3);
        assert_eq!(got["total_spent"], "35.01");
        assert_eq!(got["avg_order_value"], "11.67");
        let date = |v: &Value| at(v.as_str().unwrap());
        assert_eq!(
            date(&got["first_order_date"]),
            at("2026-01-15T08:30:00.250Z")
        );
        assert_eq!(date(&got["last_order_date"]), at("2026-03-01T10:00:00Z"));
        let e = service::add_order(conn, s, CustomerId(id), -1, Utc::now())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);

        // A cancellation: orders recounts and sets the statistics.
        let stats = Stats {
            total_orders: 1,
            total_spent_cents: 1001,
            first_order_at: Some(at("2026-03-01T10:00:00Z")),
            last_order_at: Some(at("2026-03-01T10:00:00Z")),
        };
        service::set_stats(conn, s, CustomerId(id), &stats)
            .await
            .unwrap();
        let (_, got) = app.get(&path, Some(&a.token)).await;
        assert_eq!(
            (
                &got["total_orders"],
                &got["total_spent"],
                &got["avg_order_value"]
            ),
            (&json!(1), &json!("10.01"), &json!("10.01"))
        );
        assert_eq!(date(&got["first_order_date"]), at("2026-03-01T10:00:00Z"));
        service::set_stats(conn, s, CustomerId(id), &Stats::default())
            .await
            .unwrap();
        let (_, got) = app.get(&path, Some(&a.token)).await;
        assert_eq!(
            (&got["total_spent"], &got["avg_order_value"]),
            (&json!("0.00"), &json!("0.00"))
        );
        assert!(got["first_order_date"].is_null());
        let bad = Stats {
            total_spent_cents: -5,
            ..Stats::default()
        };
        assert_eq!(
            service::set_stats(conn, s, CustomerId(id), &bad)
                .await
                .unwrap_err()
                .kind(),
            ErrorKind::Invalid
        );
    }
);

dual_test!(
    customer_csv_export_columns_filters_and_gate,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "EXP-LU").await;
        let t = a.token.as_str();
        let anne = create(
            &app,
            t,
            json!({"email": "anne@example.test", "first_name": "Anne, \"Nan\"", "last_name": "Müller", "phone": "+352 1",
                "preferred_language": "fr", "marketing_consent": true, "tags": ["vip", "b2b"]}),
        )
        .await;
        let bob = create(
            &app,
            t,
            json!({"email": "bob@example.test", "tags": ["b2b"]}),
        )
        .await;
        create(&app, t, json!({"email": "carl@example.test"})).await;
        let (conn, s) = (app.db.conn(), store_id(&a));
        let anne_id = anne["id"].as_i64().unwrap();
        // 23:30 UTC on 31 January is 1 February in Luxembourg.
        service::add_order(
            conn,
            s,
            CustomerId(anne_id),
            10000,
            at("2026-01-31T23:30:00Z"),
        )
        .await
        .unwrap();
        service::add_order(
            conn,
            s,
            CustomerId(anne_id),
            2345,
            at("2026-03-02T09:00:00Z"),
        )
        .await
        .unwrap();
        service::add_order(
            conn,
            s,
            CustomerId(bob["id"].as_i64().unwrap()),
            999,
            at("2026-02-10T12:00:00Z"),
        )
        .await
        .unwrap();

        let (st, ct, cd, text) =
            download(&app, t, "/api/v1/store/customers/export?format=csv").await;
        assert_eq!(st, 200, "{text}");
        assert!(ct.starts_with("text/csv"), "{ct}");
        let today = orion_kernel::time::local_date(Utc::now()).format("%Y-%m-%d");
        assert_eq!(
            cd,
            format!("attachment; filename=\"EXP-LU_customers_{today}.csv\"")
        );
        assert!(text.starts_with(&format!("{HEADER}\r\n")), "{text}");
        let rows = csv_rows(&text);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[1],
            [
                "anne@example.test",
                "Anne, \"Nan\"",
                "Müller",
                "'+352 1",
                anne["customer_number"].as_str().unwrap(),
                "2",
                "123.45",
                "61.73",
                "2026-02-01",
                "2026-03-02",
                "fr",
                "true",
                "vip;b2b"
            ]
        );
        assert!(
            text.contains("\"Anne, \"\"Nan\"\"\""),
            "RFC 4180 quoting: {text}"
        );
        assert_eq!(
            &rows[2][5..10],
            ["1", "9.99", "9.99", "2026-02-10", "2026-02-10"]
        );
        assert_eq!(
            &rows[3][5..13],
            ["0", "0.00", "0.00", "", "", "", "false", ""]
        );

        let exported = |q: &'static str| {
            let app = &app;
            async move {
                let (st, _, _, text) =
                    download(app, t, &format!("/api/v1/store/customers/export?{q}")).await;
                assert_eq!(st, 200, "{q}: {text}");
                csv_rows(&text)
                    .into_iter()
                    .skip(1)
                    .map(|r| r[0].clone())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            exported("marketing_consent=true").await,
            ["anne@example.test"]
        );
        assert_eq!(
            exported("marketing_consent=false").await,
            ["bob@example.test", "carl@example.test"]
        );
        assert_eq!(
            exported("tag=B2B").await,
            ["anne@example.test", "bob@example.test"]
        );
        assert_eq!(
            exported("ordered_from=2026-03-01").await,
            ["anne@example.test"]
        );
        assert_eq!(
            exported("ordered_to=2026-02-28").await,
            ["bob@example.test"]
        );
        assert_eq!(
            exported("ordered_from=2026-02-10&ordered_to=2026-02-10").await,
            ["bob@example.test"]
        );
        assert_eq!(
            exported("created_from=2000-01-01&created_to=2099-12-31")
                .await
                .len(),
            3
        );
        assert_eq!(
            exported("created_to=2000-01-01").await,
            Vec::<String>::new()
        );
        for (q, field) in [
            ("format=xlsx", "format"),
            ("created_from=01.02.2026", "created_from"),
            ("marketing_consent=perhaps", "marketing_consent"),
            ("tag=a%22b", "tag"),
        ] {
            let (st, b) = app
                .get(&format!("/api/v1/store/customers/export?{q}"), Some(t))
                .await;
            assert_eq!(
                (st, b["errors"][0]["field"].as_str()),
                (422, Some(field)),
                "{q}: {b}"
            );
        }

        // Essential does not include the export.
        let (st, b) = app
            .json(
                "PUT",
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(json!({"tier": "essential", "status": "active"})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        let (st, b) = app
            .get("/api/v1/store/customers/export?format=csv", Some(t))
            .await;
        assert_eq!(
            (st, b["type"].as_str()),
            (403, Some("/problems/feature-not-in-tier")),
            "{b}"
        );
        assert_eq!(b["feature"], "customer_csv_export");
        // The list stays available on Essential.
        assert_eq!(list(&app, t, "").await["total"], 3);
    }
);

dual_test!(
    export_streams_every_customer_across_keyset_pages,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "BULK-LU").await;
        let other = app.merchant_with_store(&admin, "NOISE-LU").await;
        use orion_customers::entity::customer::Column as C;
        let now = Utc::now();
        let insert = |store: i64, from: usize, to: usize| {
            let mut q = Query::insert();
            q.into_table(orion_customers::entity::customer::Entity)
                .columns([
                    C::StoreId,
                    C::CustomerNumber,
                    C::Email,
                    C::MarketingConsent,
                    C::TotalOrders,
                    C::TotalSpentCents,
                    C::CreatedAt,
                    C::UpdatedAt,
                ]);
            for i in from..to {
                q.values_panic([
                    store.into(),
                    format!("B-{store}-{i}").into(),
                    format!("c{i:05}@example.test").into(),
                    (i % 2 == 0).into(),
                    1i64.into(),
                    1234i64.into(),
                    now.into(),
                    now.into(),
                ]);
            }
            q
        };
        let n = 2_050;
        for chunk in (0..n).step_by(500) {
            app.db
                .conn()
                .execute(&insert(store_id(&a).0, chunk, (chunk + 500).min(n)))
                .await
                .unwrap();
        }
        app.db
            .conn()
            .execute(&insert(store_id(&other).0, 0, 10))
            .await
            .unwrap();
        // A separator character inside a value (only possible by editing the database) is
        // still exported in its own column.
        let odd = Query::update()
            .table(orion_customers::entity::customer::Entity)
            .value(C::FirstName, "A\u{1f}B")
            .and_where(sea_orm::sea_query::ExprTrait::eq(
                Expr::col(C::Email),
                "c00007@example.test",
            ))
            .to_owned();
        app.db.conn().execute(&odd).await.unwrap();
        let (st, _, _, text) = download(&app, &a.token, "/api/v1/store/customers/export").await;
        assert_eq!(st, 200);
        let rows = csv_rows(&text);
        assert_eq!(rows.len(), n + 1);
        let mut seen: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            (
                rows[8][0].as_str(),
                rows[8][1].as_str(),
                rows[8][2].as_str()
            ),
            ("c00007@example.test", "A\u{1f}B", "")
        );
        assert_eq!(seen.first(), Some(&"c00000@example.test"));
        assert_eq!(seen.last(), Some(&"c02049@example.test"));
        seen.dedup();
        assert_eq!(seen.len(), n, "no row twice");
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[4].starts_with(&format!("B-{}-", store_id(&a).0)))
        );
        let (_, _, _, text) = download(
            &app,
            &a.token,
            "/api/v1/store/customers/export?marketing_consent=true",
        )
        .await;
        assert_eq!(csv_rows(&text).len(), n / 2 + 1);
    }
);

/// Logs in through the login form; returns the session cookie value.
async fn page_session(app: &TestApp, email: &str) -> String {
    let res = app.client.get(app.url("/login")).send().await.unwrap();
    let pre = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("orion_csrf="))
        .unwrap();
    let pre = pre
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("orion_csrf=")
        .to_owned();
    let html = res.text().await.unwrap();
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", format!("orion_csrf={pre}"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", &csrf_in(&html)),
            ("store_code", ""),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("orion_session="))
        .unwrap();
    set.split(';')
        .next()
        .unwrap()
        .trim_start_matches("orion_session=")
        .to_owned()
}

fn csrf_in(html: &str) -> String {
    let key = "name=\"csrf_token\" value=\"";
    let at = html.find(key).expect("csrf field") + key.len();
    html[at..].split('"').next().unwrap().to_owned()
}

dual_test!(
    customer_pages_list_detail_create_and_export,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "PAGE-LU").await;
        let c = create(
            &app,
            &a.token,
            json!({"email": "page@example.test", "first_name": "Paula", "tags": ["vip"]}),
        )
        .await;
        service::add_order(
            app.db.conn(),
            store_id(&a),
            CustomerId(c["id"].as_i64().unwrap()),
            4200,
            at("2026-02-03T10:00:00Z"),
        )
        .await
        .unwrap();
        let session = page_session(&app, &a.email).await;
        let get = |path: String| {
            app.client
                .get(app.url(&path))
                .header("cookie", format!("orion_session={session}"))
                .send()
        };
        let res = get("/customers?q=paula".into()).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("href=\"/customers\" aria-current=\"page\""),
            "nav link"
        );
        assert!(
            html.contains("page@example.test") && html.contains("€42.00"),
            "{html}"
        );
        assert!(html.contains("data-testid=\"export-csv\""), "export button");
        let html = get(format!("/customers/{}", c["id"]))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("data-testid=\"total-spent\">€42.00") && html.contains("2026-02-03"),
            "{html}"
        );
        assert!(html.contains("id=\"customer-orders\""));
        let res = get("/customers/export.csv".into()).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("PAGE-LU_customers_")
        );
        assert!(res.text().await.unwrap().starts_with(HEADER));

        // Create through the form; errors come back on the form.
        let html = get("/customers/new".into())
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_in(&html);
        let post = |form: Vec<(&'static str, String)>| {
            app.client
                .post(app.url("/customers"))
                .header("cookie", format!("orion_session={session}"))
                .form(&form)
                .send()
        };
        let res = post(vec![("csrf_token", csrf.clone()), ("email", "bad".into())])
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("is not an e-mail address")
        );
        let res = post(vec![
            ("csrf_token", csrf.clone()),
            ("email", "new@example.test".into()),
            ("tags", "a, b".into()),
            ("city", "Metz".into()),
        ])
        .await
        .unwrap();
        assert_eq!(res.status().as_u16(), 422, "half an address");
        let res = post(vec![
            ("csrf_token", csrf),
            ("email", "new@example.test".into()),
            ("first_name", "Nina".into()),
            ("tags", "a, b".into()),
        ])
        .await
        .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let page = list(&app, &a.token, "?q=nina").await;
        assert_eq!(page["items"][0]["tags"], json!(["a", "b"]));

        // On Essential the export becomes an upgrade prompt.
        let (st, _) = app
            .json(
                "PUT",
                &format!("/api/v1/admin/merchants/{}/subscription", a.merchant_id),
                Some(json!({"tier": "essential", "status": "active"})),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 200);
        let html = get("/customers".into())
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("data-testid=\"export-csv\""));
        assert!(
            html.contains("class=\"upgrade\"") && html.contains("Customer CSV export"),
            "{html}"
        );
        assert_eq!(
            get("/customers/export.csv".into())
                .await
                .unwrap()
                .status()
                .as_u16(),
            403
        );
    }
);

const PEPPOL_MESSAGE: &str =
    "must be a Peppol participant id: scheme:identifier, e.g. 9930:DE136695976";
const PEPPOL_MESSAGE_FR: &str = "doit être un identifiant de participant Peppol : \
     schéma:identifiant, p. ex. 9930:DE136695976";
const PEPPOL_MESSAGE_DE: &str =
    "muss eine Peppol-Teilnehmer-ID sein: Schema:Kennung, z. B. 9930:DE136695976";

/// A JSON request with `Accept-Language`: (status, content type, body).
async fn send_json(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    lang: &str,
    body: Value,
) -> (u16, String, Value) {
    let res = app
        .client
        .request(method.parse().unwrap(), app.url(path))
        .bearer_auth(token)
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .unwrap();
    let (st, ct) = (res.status().as_u16(), orion_testkit::content_type(&res));
    (st, ct, res.json().await.unwrap())
}

dual_test!(
    peppol_ids_are_validated_stored_cleared_and_read_per_store,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "PEPPOL-LU").await;
        let b = app.merchant_with_store(&admin, "NOPEPPOL-LU").await;
        let t = a.token.as_str();
        let c = create(
            &app,
            t,
            json!({"email": "buyer@example.test", "vat_id": "LU26375245", "peppol_id": " 9930:DE136695976 "}),
        )
        .await;
        assert_eq!(c["peppol_id"], "9930:DE136695976", "trimmed: {c}");
        let id = c["id"].as_i64().unwrap();
        let path = format!("/api/v1/store/customers/{id}");
        let (st, got) = app.get(&path, Some(t)).await;
        assert_eq!((st, &got["peppol_id"]), (200, &json!("9930:DE136695976")));
        assert_eq!(
            list(&app, t, "?q=buyer").await["items"][0]["peppol_id"],
            "9930:DE136695976"
        );
        let plain = create(
            &app,
            t,
            json!({"email": "plain@example.test", "peppol_id": "  "}),
        )
        .await;
        assert!(plain["peppol_id"].is_null(), "empty is none: {plain}");

        // Other modules read it through the service, always within the store.
        let conn = app.db.conn();
        let of = |store: StoreId, customer: i64| service::peppol_id_of(conn, store, customer);
        assert_eq!(
            of(store_id(&a), id).await.unwrap().as_deref(),
            Some("9930:DE136695976")
        );
        assert_eq!(of(store_id(&b), id).await.unwrap(), None, "another store's");
        assert_eq!(
            of(store_id(&a), id + 100_000).await.unwrap(),
            None,
            "no customer"
        );
        let plain_id = plain["id"].as_i64().unwrap();
        assert_eq!(
            of(store_id(&a), plain_id).await.unwrap(),
            None,
            "none stored"
        );

        // A malformed id: 422 problem+json naming `peppol_id`, on create and on patch.
        let bad_long = format!("9930:{}", "x".repeat(101));
        for (method, p, body) in [
            (
                "POST",
                "/api/v1/store/customers",
                json!({"email": "bad@example.test", "peppol_id": "DE136695976"}),
            ),
            (
                "POST",
                "/api/v1/store/customers",
                json!({"email": "bad@example.test", "peppol_id": "9930:DE 136695976"}),
            ),
            ("PATCH", path.as_str(), json!({"peppol_id": "lu:123"})),
            ("PATCH", path.as_str(), json!({"peppol_id": "993:123"})),
            ("PATCH", path.as_str(), json!({"peppol_id": bad_long})),
        ] {
            let (st, ct, doc) = send_json(&app, method, p, t, "en", body.clone()).await;
            assert_eq!(
                (st, ct.as_str(), doc["errors"][0]["field"].as_str()),
                (422, "application/problem+json", Some("peppol_id")),
                "{body}: {doc}"
            );
            assert_eq!(doc["errors"][0]["message"], PEPPOL_MESSAGE, "{doc}");
        }
        assert_eq!(list(&app, t, "?q=bad").await["total"], 0, "nothing created");
        assert_eq!(
            of(store_id(&a), id).await.unwrap().as_deref(),
            Some("9930:DE136695976"),
            "nothing changed"
        );
        // The message is translated.
        for (lang, want) in [("fr", PEPPOL_MESSAGE_FR), ("de", PEPPOL_MESSAGE_DE)] {
            let (st, _, doc) =
                send_json(&app, "PATCH", &path, t, lang, json!({"peppol_id": "x"})).await;
            assert_eq!(st, 422);
            assert_eq!(
                (
                    doc["errors"][0]["field"].as_str(),
                    doc["errors"][0]["message"].as_str()
                ),
                (Some("peppol_id"), Some(want)),
                "{lang}: {doc}"
            );
        }

        // A patch without it keeps it; "" and null clear it.
        let patch = |body: Value| {
            let (app, path) = (&app, &path);
            async move {
                let (st, p) = app.json("PATCH", path, Some(body.clone()), Some(t)).await;
                assert_eq!(st, 200, "{body}: {p}");
                p
            }
        };
        let p = patch(json!({"first_name": "Bea"})).await;
        assert_eq!(p["peppol_id"], "9930:DE136695976");
        let p = patch(json!({"peppol_id": ""})).await;
        assert!(p["peppol_id"].is_null(), "{p}");
        assert_eq!(of(store_id(&a), id).await.unwrap(), None);
        let p = patch(json!({"peppol_id": "0088:5798000000001"})).await;
        assert_eq!(p["peppol_id"], "0088:5798000000001");
        let p = patch(json!({"peppol_id": null})).await;
        assert!(p["peppol_id"].is_null(), "{p}");
        assert_eq!(p["vat_id"], "LU26375245", "other fields untouched");
        assert_eq!(app.get(&path, Some(t)).await.1["peppol_id"], json!(null));

        // Another store cannot set it.
        let (st, _) = app
            .json(
                "PATCH",
                &path,
                Some(json!({"peppol_id": "9938:LU26375245"})),
                Some(&b.token),
            )
            .await;
        assert_eq!(st, 404);

        // A channel upsert fills it in when empty and never overwrites it.
        let s = store_id(&a);
        let up = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                peppol_id: Some("9938:LU26375245".into()),
                ..input("BUYER@example.test")
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (up.id, up.peppol_id.as_deref()),
            (id, Some("9938:LU26375245"))
        );
        let up = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                peppol_id: Some("9930:DE136695976".into()),
                ..input("buyer@example.test")
            },
        )
        .await
        .unwrap();
        assert_eq!(up.peppol_id.as_deref(), Some("9938:LU26375245"));
        let e = service::upsert_by_email(
            conn,
            s,
            &CustomerInput {
                peppol_id: Some("9930".into()),
                ..input("buyer@example.test")
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            e.form_errors().unwrap()[0].field,
            "customer.peppol_id",
            "{e:?}"
        );
    }
);

dual_test!(
    customer_forms_save_and_show_the_peppol_id,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "PEPFORM-LU").await;
        let session = page_session(&app, &a.email).await;
        let cookie = format!("orion_session={session}");
        let get = |path: String| {
            let (app, cookie) = (&app, &cookie);
            async move {
                let res = app
                    .client
                    .get(app.url(&path))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 200, "{path}");
                res.text().await.unwrap()
            }
        };
        let post = |path: String, lang: &'static str, form: Vec<(&'static str, String)>| {
            let (app, cookie) = (&app, &cookie);
            async move {
                app.client
                    .post(app.url(&path))
                    .header("cookie", cookie)
                    .header("accept-language", lang)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            }
        };

        let html = get("/customers/new".into()).await;
        assert!(
            html.contains("<label for=\"peppol_id\">Peppol ID</label>")
                && html.contains("name=\"peppol_id\"")
                && html.contains("For e-invoices over Peppol, e.g. 9930:DE136695976 (optional)"),
            "{html}"
        );
        let csrf = csrf_in(&html);
        // A malformed id comes back on the form, next to the field, in the page's language.
        let res = post(
            "/customers".into(),
            "en",
            vec![
                ("csrf_token", csrf.clone()),
                ("email", "form@example.test".into()),
                ("peppol_id", "9930 DE136695976".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!(
                "<span class=\"field-error\" id=\"err-peppol-id\">{PEPPOL_MESSAGE}</span>"
            )) && html.contains("aria-describedby=\"err-peppol-id\"")
                && html.contains("value=\"9930 DE136695976\""),
            "{html}"
        );
        let res = post(
            "/customers".into(),
            "de",
            vec![
                ("csrf_token", csrf.clone()),
                ("email", "form@example.test".into()),
                ("peppol_id", "9930 DE136695976".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("muss eine Peppol-Teilnehmer-ID sein: Schema:Kennung"),
            "{html}"
        );

        let res = post(
            "/customers".into(),
            "en",
            vec![
                ("csrf_token", csrf),
                ("email", "form@example.test".into()),
                ("vat_id", "LU26375245".into()),
                ("peppol_id", " 9938:LU26375245 ".into()),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let c = list(&app, &a.token, "?q=form").await["items"][0].clone();
        assert_eq!(c["peppol_id"], "9938:LU26375245", "{c}");
        let id = c["id"].as_i64().unwrap();

        // The customer page shows it and its edit form holds it.
        let html = get(format!("/customers/{id}")).await;
        assert!(
            html.contains("data-testid=\"peppol-id\"")
                && html.contains("Peppol ID")
                && html.contains("9938:LU26375245")
                && html.contains("value=\"9938:LU26375245\""),
            "{html}"
        );
        let csrf = csrf_in(&html);
        let edit = |peppol: &'static str| {
            vec![
                ("csrf_token", csrf.clone()),
                ("vat_id", "LU26375245".into()),
                ("peppol_id", peppol.into()),
            ]
        };
        let res = post(format!("/customers/{id}"), "en", edit("0088:5798000000001")).await;
        assert_eq!(res.status().as_u16(), 303);
        let path = format!("/api/v1/store/customers/{id}");
        assert_eq!(
            app.get(&path, Some(&a.token)).await.1["peppol_id"],
            "0088:5798000000001"
        );
        let res = post(format!("/customers/{id}"), "fr", edit("0088:")).await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("doit être un identifiant de participant Peppol"),
            "{html}"
        );
        assert_eq!(
            app.get(&path, Some(&a.token)).await.1["peppol_id"],
            "0088:5798000000001",
            "unchanged"
        );
        // Emptying the field removes it; the page no longer shows it.
        let res = post(format!("/customers/{id}"), "en", edit("")).await;
        assert_eq!(res.status().as_u16(), 303);
        assert!(app.get(&path, Some(&a.token)).await.1["peppol_id"].is_null());
        let html = get(format!("/customers/{id}")).await;
        assert!(!html.contains("data-testid=\"peppol-id\""), "{html}");
        assert!(html.contains("aria-describedby=\"peppol-id-hint\""));
    }
);
