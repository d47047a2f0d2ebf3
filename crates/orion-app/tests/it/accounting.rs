//! Accounting exports over a workload covering every regime the goods engine produces, two
//! rates, credit notes in the same and in an earlier quarter: the journal equals the
//! invoices, the OSS return equals a recomputation with the earlier quarter's credit note
//! under corrections, the EC sales list holds only K supplies per buyer id, the VAT summary
//! adds up to the journal; plans, bad input and the revenue accounts.

use orion_testkit::{TestApp, dual_test};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::invoicing::{both, invoice, setup, shipped_order};

fn cents(v: &Value) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("money as a string: {v}"));
    let neg = s.starts_with('-');
    let (i, f) = s.trim_start_matches('-').split_once('.').unwrap();
    let c = i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap();
    if neg { -c } else { c }
}

fn today() -> chrono::NaiveDate {
    orion_kernel::time::local_date(chrono::Utc::now())
}

fn quarter_of(d: chrono::NaiveDate) -> (i32, u32) {
    use chrono::Datelike;
    (d.year(), (d.month() - 1) / 3 + 1)
}

async fn credit(app: &TestApp, t: &str, inv: &Value) -> Value {
    let (st, cn) = app
        .post(
            &format!("/api/v1/store/invoices/{}/credit-note", inv["id"]),
            json!({"reason": "returned"}),
            Some(t),
        )
        .await;
    assert_eq!(st, 201, "{cn}");
    cn
}

/// Sum of a column of the store's issued documents, straight from the invoices table.
async fn sum_of(app: &TestApp, store: i64, col: &str, filter: &str) -> i64 {
    let row = app
        .db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.conn().get_database_backend(),
            format!(
                "SELECT CAST(COALESCE(SUM({col}), 0) AS BIGINT) FROM invoices WHERE store_id = {store} AND status <> 'draft' {filter}"
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

dual_test!(
    accounting_exports_equal_the_invoices,
    |app: TestApp| async move {
        let (admin, a) = setup(
        &app,
        "ACC-LU",
        json!({"oss_registered": true, "oss_registration_date": "2021-07-01", "opted_destination_taxation": true}),
    )
    .await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "business").await;
        let t = a.token.as_str();
        let store = a.store["id"].as_i64().unwrap();
        let b2b = json!({"company": "Kunde GmbH", "vat_id": "DE136695976"});
        let mut invs = Vec::new();
        for (country, postcode, customer) in [
            ("LU", "1611", json!({})),
            ("FR", "75001", json!({"email": "fr@example.test"})),
            ("FR", "75002", json!({"email": "fr2@example.test"})),
            ("DE", "10115", b2b.clone()),
            ("DE", "10117", b2b.clone()),
            ("CH", "8001", json!({"email": "ch@example.test"})),
            ("FR", "75003", json!({"email": "fr3@example.test"})),
        ] {
            let o = shipped_order(&app, t, both(), country, postcode, customer).await;
            let (st, inv) = invoice(&app, t, o).await;
            assert_eq!(st, 201, "{country}: {inv}");
            invs.push(inv);
        }
        let regimes: Vec<&str> = invs
            .iter()
            .map(|i| i["vat_regime"].as_str().unwrap())
            .collect();
        assert_eq!(
            regimes,
            [
                "DOMESTIC",
                "DISTANCE_SALE_OSS",
                "DISTANCE_SALE_OSS",
                "INTRA_COMMUNITY_SUPPLY",
                "INTRA_COMMUNITY_SUPPLY",
                "EXPORT",
                "DISTANCE_SALE_OSS"
            ]
        );
        // The last FR invoice belongs to an earlier quarter (100 days ago: never the same
        // quarter); both it and the first FR invoice are credited now.
        let earlier = today() - chrono::Duration::days(100);
        app.db
            .conn()
            .execute_unprepared(&format!(
                "UPDATE invoices SET issue_date = '{earlier}' WHERE id = {}",
                invs[6]["id"]
            ))
            .await
            .unwrap();
        let cn_same = credit(&app, t, &invs[1]).await;
        let cn_late = credit(&app, t, &invs[6]).await;

        // The journal of the whole span equals the invoices table.
        let (from, to) = (earlier, today());
        let (st, j) = app
            .get(
                &format!("/api/v1/store/accounting/sales-journal?from={from}&to={to}"),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{j}");
        let rows = j["rows"].as_array().unwrap();
        for (col, field) in [
            ("gross_cents", "gross"),
            ("net_cents", "net"),
            ("vat_cents", "vat"),
        ] {
            let want = sum_of(&app, store, col, "").await;
            assert_eq!(cents(&j["totals"][field]), want, "{field}");
            assert_eq!(
                rows.iter().map(|r| cents(&r[field])).sum::<i64>(),
                want,
                "{field} rows"
            );
        }
        let gross_docs: i64 = invs.iter().map(|i| cents(&i["gross_total"])).sum::<i64>()
            - cents(&cn_same["gross_total"]).abs()
            - cents(&cn_late["gross_total"]).abs();
        assert_eq!(cents(&j["totals"]["gross"]), gross_docs);
        let lu: Vec<&Value> = rows
            .iter()
            .filter(|r| r["number"] == invs[0]["number"])
            .collect();
        assert_eq!(lu.len(), 2, "one row per rate: {lu:?}");
        assert!(
            lu.iter()
                .all(|r| r["regime"] == "DOMESTIC" && r["account"] == "70611")
        );
        let cn_rows: Vec<&Value> = rows
            .iter()
            .filter(|r| r["document_type"] == "credit_note")
            .collect();
        assert!(!cn_rows.is_empty() && cn_rows.iter().all(|r| cents(&r["gross"]) < 0));
        assert!(rows.iter().any(|r| r["order_number"].is_string()));

        // CSV in both forms names every document.
        for (dialect, sep) in [("standard", ","), ("excel", ";")] {
            let res = app
            .client
            .get(app.url(&format!(
                "/api/v1/store/accounting/sales-journal?from={from}&to={to}&format=csv&dialect={dialect}"
            )))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
            assert_eq!(res.status().as_u16(), 200);
            let body = res.text().await.unwrap();
            assert_eq!(body.starts_with('\u{feff}'), dialect == "excel");
            assert!(
                body.lines()
                    .next()
                    .unwrap()
                    .contains(&format!("number{sep}document_type"))
            );
            for i in invs.iter().chain([&cn_same, &cn_late]) {
                assert!(
                    body.contains(i["number"].as_str().unwrap()),
                    "{dialect}: {}",
                    i["number"]
                );
            }
            assert_eq!(body.lines().count(), rows.len() + 1, "{dialect}");
        }

        // The OSS return of this quarter: FR only, the credited invoice netted out, the earlier
        // quarter's credit note under corrections.
        let (y, q) = quarter_of(today());
        let (st, oss) = app
            .get(
                &format!("/api/v1/store/accounting/oss-return?year={y}&quarter={q}"),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{oss}");
        let lines = oss["lines"].as_array().unwrap();
        assert!(lines.iter().all(|l| l["country"] == "FR"), "{oss}");
        let by_rate = |inv: &Value| -> Vec<(String, i64, i64)> {
            inv["vat_breakdown"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    (
                        b["rate"].as_str().unwrap().to_owned(),
                        cents(&b["taxable"]),
                        cents(&b["vat"]),
                    )
                })
                .collect()
        };
        let mut want = by_rate(&invs[2]);
        want.sort();
        let mut got: Vec<(String, i64, i64)> = lines
            .iter()
            .map(|l| {
                (
                    l["rate"].as_str().unwrap().to_owned(),
                    cents(&l["taxable"]),
                    cents(&l["vat"]),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{oss}");
        let (ey, eq) = quarter_of(earlier);
        assert_eq!(oss["corrections"].as_array().unwrap().len(), 1, "{oss}");
        let c = &oss["corrections"][0];
        assert_eq!(
            (
                c["year"].as_i64(),
                c["quarter"].as_i64(),
                c["country"].as_str()
            ),
            (Some(ey as i64), Some(eq as i64), Some("FR"))
        );
        assert_eq!(cents(&c["vat"]), -cents(&invs[6]["vat_total"]));
        assert_eq!(
            cents(&oss["totals"]["vat"]),
            cents(&invs[2]["vat_total"]) - cents(&invs[6]["vat_total"])
        );
        assert!(oss["deadline"].as_str().unwrap() > oss["to"].as_str().unwrap());
        let res = app
            .client
            .get(app.url(&format!(
                "/api/v1/store/accounting/oss-return?year={y}&quarter={q}&format=csv"
            )))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(body.contains("correction,FR"), "{body}");

        // The EC sales list: one line for the German buyer with both supplies.
        let (st, ec) = app
            .get(
                &format!("/api/v1/store/accounting/ec-sales-list?year={y}&quarter={q}"),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{ec}");
        assert_eq!(ec["lines"].as_array().unwrap().len(), 1, "{ec}");
        assert_eq!(ec["lines"][0]["vat_id"], "DE136695976");
        assert_eq!(ec["lines"][0]["country"], "DE");
        assert_eq!(
            cents(&ec["lines"][0]["goods_total"]),
            cents(&invs[3]["gross_total"]) + cents(&invs[4]["gross_total"])
        );
        assert_eq!(ec["frequency"], "quarterly");

        // The VAT summary's sections add up to the journal.
        let (st, vs) = app
            .get(
                &format!("/api/v1/store/accounting/vat-summary?from={from}&to={to}"),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{vs}");
        assert_eq!(cents(&vs["taxable"]), cents(&j["totals"]["net"]));
        assert_eq!(cents(&vs["vat"]), cents(&j["totals"]["vat"]));
        let section = |k: &str| {
            vs["sections"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["key"] == k)
                .unwrap()
                .clone()
        };
        assert_eq!(section("domestic")["lines"].as_array().unwrap().len(), 2);
        assert_eq!(cents(&section("intra_community")["vat"]), 0);
        assert!(cents(&section("intra_community")["taxable"]) > 0);
        assert!(cents(&section("exports")["taxable"]) > 0);
        assert!(
            section("oss")["lines"]
                .as_array()
                .unwrap()
                .iter()
                .all(|l| l["country"] == "FR")
        );

        // Revenue accounts: one rate of a regime gets its own account.
        let (st, acc) = app.get("/api/v1/store/accounting/accounts", Some(t)).await;
        assert_eq!(st, 200, "{acc}");
        assert_eq!(acc["accounts"].as_array().unwrap().len(), 7);
        let (st, acc) = app
            .json(
                "PUT",
                "/api/v1/store/accounting/accounts",
                Some(
                    json!({"accounts": [{"regime": "DOMESTIC", "rate": "3", "account": "706103"}]}),
                ),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{acc}");
        let (_, j2) = app
            .get(
                &format!("/api/v1/store/accounting/sales-journal?from={from}&to={to}"),
                Some(t),
            )
            .await;
        let accounts: Vec<(&str, &str)> = j2["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["number"] == invs[0]["number"])
            .map(|r| (r["rate"].as_str().unwrap(), r["account"].as_str().unwrap()))
            .collect();
        assert!(
            accounts.contains(&("3", "706103")) && accounts.contains(&("17", "70611")),
            "{accounts:?}"
        );
        let (st, b) = app
            .json(
                "PUT",
                "/api/v1/store/accounting/accounts",
                Some(json!({"accounts": [{"regime": "DOMESTIC", "rate": "", "account": "=1+1"}]})),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "{b}");
        assert!(b.to_string().contains("accounts[0].account"), "{b}");

        // The FAIA file: every document, control totals equal to the journal's, valid against
        // the AED's schema (when ../shared is there: fresh clones validate in the contract check).
        let res = app
            .client
            .get(app.url(&format!(
                "/api/v1/store/accounting/faia?from={from}&to={to}"
            )))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/xml")
        );
        let xml = res.text().await.unwrap();
        assert!(xml[..2000.min(xml.len())].contains("StandardAuditFile-Taxation"));
        for i in invs.iter().chain([&cn_same, &cn_late]) {
            assert_eq!(
                xml.matches(&format!(
                    "<InvoiceNo>{}</InvoiceNo>",
                    i["number"].as_str().unwrap()
                ))
                .count(),
                1,
                "{}",
                i["number"]
            );
        }
        let raw = |name: &str| -> String {
            let v = xml.split(&format!("<{name}>")).nth(1).unwrap();
            v.split('<').next().unwrap().to_owned()
        };
        let tag = |name: &str| cents(&json!(raw(name)));
        assert_eq!(raw("NumberOfEntries"), (invs.len() + 2).to_string());
        let credited = sum_of(
            &app,
            store,
            "net_cents",
            "AND document_type = 'credit_note'",
        )
        .await;
        let invoiced = sum_of(&app, store, "net_cents", "AND document_type = 'invoice'").await;
        assert_eq!(tag("TotalCredit"), invoiced);
        assert_eq!(tag("TotalDebit"), -credited);
        assert_eq!(
            tag("TotalCredit") - tag("TotalDebit"),
            cents(&j["totals"]["net"])
        );
        let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/faia/FAIA_v_2.01_reduced_version_A.xsd");
        if xsd.exists() {
            let file =
                std::env::temp_dir().join(format!("faia-{}-{store}.xml", std::process::id()));
            std::fs::write(&file, &xml).unwrap();
            let python = std::env::var("ORION_STDNUM_PYTHON").unwrap_or_else(|_| "python3".into());
            let o = std::process::Command::new(python)
            .args([
                "-c",
                "import sys; from lxml import etree; s = etree.XMLSchema(etree.parse(sys.argv[1])); ok = s.validate(etree.parse(sys.argv[2])); print(s.error_log); sys.exit(0 if ok else 1)",
                xsd.to_str().unwrap(),
                file.to_str().unwrap(),
            ])
            .output()
            .expect("python with lxml");
            let _ = std::fs::remove_file(&file);
            assert!(
                o.status.success(),
                "FAIA invalid: {}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }

        // Bad periods name their field.
        for (q, field) in [
            ("oss-return?year=2026&quarter=5", "quarter"),
            ("oss-return?quarter=1", "year"),
            ("ec-sales-list?year=2026", "quarter"),
            ("sales-journal?from=2026-02-01", "to"),
            ("sales-journal?from=2026-02-01&to=2026-01-01", "to"),
            ("sales-journal?year=2026&format=xml", "format"),
            ("vat-summary?from=yesterday&to=2026-01-01", "from"),
        ] {
            let (st, b) = app
                .get(&format!("/api/v1/store/accounting/{q}"), Some(t))
                .await;
            assert_eq!(st, 422, "{q}: {b}");
            assert!(b.to_string().contains(field), "{q}: {b}");
        }
    }
);

dual_test!(
    accounting_exports_follow_the_plan,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "PLAN-LU", json!({})).await;
        let t = a.token.as_str();
        crate::billing::set_tier(&app, &admin, a.merchant_id, "professional").await;
        let (st, b) = app
            .get("/api/v1/store/accounting/sales-journal?year=2026", Some(t))
            .await;
        assert_eq!(st, 403, "{b}");
        assert!(
            b["type"].as_str().unwrap().ends_with("feature-not-in-tier"),
            "{b}"
        );
        let (st, b) = app
            .get(
                "/api/v1/store/accounting/oss-return?year=2026&quarter=1",
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "Professional files OSS returns: {b}");
        assert_eq!(b["lines"], json!([]));
        crate::billing::set_tier(&app, &admin, a.merchant_id, "essential").await;
        let (st, b) = app
            .get(
                "/api/v1/store/accounting/ec-sales-list?year=2026&month=1",
                Some(t),
            )
            .await;
        assert_eq!(st, 403, "{b}");
    }
);

dual_test!(
    accountant_package_is_a_job_then_a_zip_with_a_manifest,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "PKG-LU", json!({})).await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "business").await;
        let t = a.token.as_str();
        let mut numbers = Vec::new();
        for postcode in ["1611", "1612"] {
            let o = shipped_order(&app, t, both(), "LU", postcode, json!({})).await;
            let (st, inv) = invoice(&app, t, o).await;
            assert_eq!(st, 201, "{inv}");
            numbers.push(inv["number"].as_str().unwrap().to_owned());
            if numbers.len() == 1 {
                numbers.push(
                    credit(&app, t, &inv).await["number"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
        }
        let (y, q) = quarter_of(today());
        let path = format!("/api/v1/store/accounting/packages?year={y}&quarter={q}");
        let res = app
            .client
            .post(app.url(&path))
            .bearer_auth(t)
            .header("Idempotency-Key", "pkg-1")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 202);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["total"], 3, "{p}");
        let id = p["id"].as_i64().unwrap();
        // The same key: the same package.
        let res = app
            .client
            .post(app.url(&path))
            .bearer_auth(t)
            .header("Idempotency-Key", "pkg-1")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["id"], id);
        // Progress until done.
        let mut p = p;
        for _ in 0..300 {
            let (st, b) = app
                .get(&format!("/api/v1/store/accounting/packages/{id}"), Some(t))
                .await;
            assert_eq!(st, 200, "{b}");
            p = b;
            if p["status"] == "done" || p["status"] == "failed" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(p["status"], "done", "{p}");
        assert_eq!(
            (p["done"].as_i64(), p["total"].as_i64()),
            (Some(3), Some(3))
        );
        let res = app
            .client
            .get(app.url(p["download"].as_str().unwrap()))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(orion_testkit::content_type(&res), "application/zip");
        let bytes = res.bytes().await.unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut files = std::collections::BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut content).unwrap();
            files.insert(f.name().unwrap().to_string(), content);
        }
        let mut want: Vec<String> = ["manifest.sha256", "sales-journal.csv", "vat-summary.csv"]
            .iter()
            .map(|s| s.to_string())
            .chain(numbers.iter().map(|n| format!("invoices/{n}.pdf")))
            .chain(numbers.iter().map(|n| format!("invoices/{n}.xml")))
            .collect();
        want.sort();
        assert_eq!(files.keys().cloned().collect::<Vec<_>>(), want);
        let journal = String::from_utf8(files["sales-journal.csv"].clone()).unwrap();
        assert!(
            numbers.iter().all(|n| journal.contains(n.as_str())),
            "{journal}"
        );
        assert!(
            files
                .iter()
                .filter(|(n, _)| n.ends_with(".pdf"))
                .all(|(_, b)| b.starts_with(b"%PDF"))
        );
        // Each document's UBL names it.
        for n in &numbers {
            let xml = String::from_utf8(files[&format!("invoices/{n}.xml")].clone()).unwrap();
            assert!(xml.contains(&format!("<cbc:ID>{n}</cbc:ID>")), "{xml}");
        }
        // The manifest lists every other file with its SHA-256.
        let manifest = String::from_utf8(files["manifest.sha256"].clone()).unwrap();
        assert_eq!(manifest.lines().count(), files.len() - 1, "{manifest}");
        for line in manifest.lines() {
            let (sum, name) = line.split_once("  ").unwrap();
            use sha2::Digest;
            assert_eq!(
                sum,
                hex::encode(sha2::Sha256::digest(&files[name])),
                "{name}"
            );
        }
        // Not ready yet: 409; another store's package: 404.
        app.db
        .conn()
        .execute_unprepared(&format!(
            "UPDATE accounting_packages SET status = 'running', lease_until = '2999-01-01T00:00:00Z' WHERE id = {id}"
        ))
        .await
        .unwrap();
        let (st, b) = app
            .get(
                &format!("/api/v1/store/accounting/packages/{id}/download"),
                Some(t),
            )
            .await;
        assert_eq!(st, 409, "{b}");
        let other = app.merchant_with_store(&admin, "PKG-DE").await;
        crate::billing::set_tier(&app, &admin, other.merchant_id, "business").await;
        for suffix in ["", "/download"] {
            let (st, b) = app
                .get(
                    &format!("/api/v1/store/accounting/packages/{id}{suffix}"),
                    Some(&other.token),
                )
                .await;
            assert_eq!(st, 404, "{suffix}: {b}");
        }
        let (st, list) = app.get("/api/v1/store/accounting/packages", Some(t)).await;
        assert_eq!(st, 200);
        assert_eq!(list[0]["id"], id);
    }
);

dual_test!(
    accounting_errors_follow_the_language,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "LANG-LU", json!({})).await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "business").await;
        for (q, lang, want) in [
            (
                "oss-return?year=2026&quarter=5",
                "fr",
                "doit être 1, 2, 3 ou 4",
            ),
            (
                "oss-return?year=2026&quarter=5",
                "de",
                "muss 1, 2, 3 oder 4 sein",
            ),
            (
                "sales-journal?from=2026-02-01",
                "fr",
                "est obligatoire avec from",
            ),
            (
                "sales-journal?from=2026-02-01&to=2026-01-01",
                "de",
                "darf nicht vor from liegen",
            ),
            ("ec-sales-list?year=2026", "fr", "indiquez month ou quarter"),
        ] {
            let res = app
                .client
                .get(app.url(&format!("/api/v1/store/accounting/{q}")))
                .bearer_auth(&a.token)
                .header("accept-language", lang)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 422, "{q}");
            let b: Value = res.json().await.unwrap();
            assert!(b.to_string().contains(want), "{q} in {lang}: {b}");
        }
        let (st, b) = app
            .json(
                "PUT",
                "/api/v1/store/accounting/accounts",
                Some(json!({"accounts": [{"regime": "NOPE", "account": "x y"}]})),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 422, "{b}");
        assert!(b.to_string().contains("must be 1 to 20 letters"), "{b}");
        // A store without invoice settings nor documents has no company to name: 422 before
        // the download starts, never a file cut short.
        let bare = app.merchant_with_store(&admin, "BARE-LU").await;
        crate::billing::set_tier(&app, &admin, bare.merchant_id, "business").await;
        let res = app
            .client
            .get(app.url("/api/v1/store/accounting/faia?year=2026"))
            .bearer_auth(&bare.token)
            .header("accept-language", "de")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let b: Value = res.json().await.unwrap();
        assert_eq!(b["errors"][0]["field"], "settings", "{b}");
        assert!(b.to_string().contains("Rechnungseinstellungen"), "{b}");
    }
);
