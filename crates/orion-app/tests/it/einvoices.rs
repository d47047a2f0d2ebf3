//! E-invoices through `GET /api/v1/store/invoices/{id}/ubl`, `…/facturx` and `…/pdf`: the
//! UBL (Peppol BIS 3) and the Factur-X CII of a domestic Luxembourg invoice at 17 % and 3 %
//! with shipping, a B2C distance sale taxed in Luxembourg, an OSS sale to France at 20 %, an
//! intra-Community supply to a German business and an export to Switzerland, and a partial
//! credit note of each. Every document passes the official rules
//! (`../shared/einvoice-validation/validate.py`: EN 16931 for UBL and CII, Peppol for the B2B
//! UBL, Factur-X for the CII; run where that folder is, i.e. in the repository's workspace —
//! the `einvoices` contract check covers fresh clones), and the amounts in the UBL, the CII
//! inside the PDF and the PDF's text agree with the invoice to the cent.

use std::path::{Path, PathBuf};
use std::process::Command;

use orion_testkit::{Backend, TestApp, dual_test};
use serde_json::{Value, json};

use super::invoicing_pdf::pdftotext;
use crate::invoicing::{setup, shipped_order_with_shipping};

/// A temporary file name no other test (thread or process) uses.
fn scratch(prefix: &str, ext: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    std::env::temp_dir().join(format!("orion-{prefix}-{}-{n}.{ext}", std::process::id()))
}

fn validator() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/einvoice-validation/validate.py");
    p.exists().then_some(p)
}

fn python() -> String {
    std::env::var("ORION_STDNUM_PYTHON")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| {
            let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
            if venv.exists() {
                venv.to_string_lossy().into_owned()
            } else {
                "python3".into()
            }
        })
}

/// Every element `<tag …>value</tag>` in order.
fn values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<cbc:TaxAmount>` but not `<cbc:TaxAmountX>`.
        if !after.starts_with('>') && !after.starts_with(' ') {
            rest = after;
            continue;
        }
        let start = after.find('>').unwrap() + 1;
        let end = after.find(&close).unwrap();
        out.push(after[start..end].to_owned());
        rest = &after[end..];
    }
    out
}

fn one(xml: &str, tag: &str) -> String {
    let v = values(xml, tag);
    assert_eq!(v.len(), 1, "one {tag} in {xml}");
    v[0].clone()
}

fn cents(s: &str) -> i64 {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    let neg = int.starts_with('-');
    let c = int.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + format!("{frac:0<2}")[..2].parse::<i64>().unwrap();
    if neg { -c } else { c }
}

/// The CII the Factur-X PDF carries, extracted with the `factur-x` package.
fn extract_cii(pdf: &[u8]) -> String {
    let file = scratch("fx", "pdf");
    std::fs::write(&file, pdf).unwrap();
    let o = Command::new(python())
        .args([
            "-c",
            "import sys\nfrom facturx import get_xml_from_pdf\nname, xml = get_xml_from_pdf(open(sys.argv[1], 'rb').read(), check_xsd=False)\nassert name == 'factur-x.xml', name\nsys.stdout.buffer.write(xml)",
        ])
        .arg(&file)
        .output()
        .expect("python with the factur-x package (scripts/requirements-test.txt)");
    let _ = std::fs::remove_file(&file);
    assert!(
        o.status.success(),
        "facturx extraction failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn pdfinfo(pdf: &[u8], args: &[&str]) -> String {
    let file = scratch("pi", "pdf");
    std::fs::write(&file, pdf).unwrap();
    let o = Command::new("pdfinfo")
        .args(args)
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let _ = std::fs::remove_file(&file);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A shipped Luxembourg order of both products, invoiced.
async fn lu_invoice(app: &TestApp, t: &str, customer: Value) -> Value {
    let items = crate::invoicing::both();
    let o = shipped_order_with_shipping(app, t, items, ("LU", "1611"), customer, "0.00").await;
    let (st, inv) = crate::invoicing::invoice(app, t, o).await;
    assert_eq!(st, 201, "{inv}");
    inv
}

/// `GET /api/v1/store/invoices/{id}/{what}`: the status and the body.
async fn download(app: &TestApp, t: &str, id: &Value, what: &str) -> (u16, Vec<u8>) {
    let (st, body, _) = app
        .raw(
            "GET",
            &format!("/api/v1/store/invoices/{id}/{what}"),
            Some(t),
        )
        .await;
    (st, body)
}

/// A case: name, store token, destination (country, postcode), customer, B2B, regime.
type Case<'a> = (&'a str, &'a str, (&'a str, &'a str), Value, bool, &'a str);

/// Runs the validator on each document, two at a time; returns the failures.
fn validate_all(docs: &[(String, String, &'static str)]) -> Vec<String> {
    let Some(script) = validator() else {
        eprintln!(
            "../shared/einvoice-validation not found: validation left to the einvoices contract check"
        );
        return Vec::new();
    };
    let dir = scratch("einv", "d");
    std::fs::create_dir_all(&dir).unwrap();
    let jobs: Vec<(PathBuf, &String, &str)> = docs
        .iter()
        .enumerate()
        .map(|(i, (name, xml, rules))| {
            let f = dir.join(format!("{i}-{}.xml", name.replace(' ', "_")));
            std::fs::write(&f, xml).unwrap();
            (f, name, *rules)
        })
        .collect();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some((file, name, rules)) = jobs.get(i) else {
                        break;
                    };
                    let o = Command::new(python())
                        .arg(&script)
                        .arg(file)
                        .args(["--rules", rules, "-q"])
                        .output()
                        .expect("python with saxonche and lxml");
                    if !o.status.success() {
                        failures.lock().unwrap().push(format!(
                            "{name} --rules {rules}: {}{}",
                            String::from_utf8_lossy(&o.stdout),
                            String::from_utf8_lossy(&o.stderr)
                        ));
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    failures.into_inner().unwrap()
}

/// Checks one document's UBL, its Factur-X CII and its PDF against the API's amounts, and
/// queues the validations.
async fn check_document(
    app: &TestApp,
    t: &str,
    name: &str,
    doc: &Value,
    b2b: bool,
    queue: &mut Vec<(String, String, &'static str)>,
) {
    let id = doc["id"].as_i64().unwrap();
    let number = doc["number"].as_str().unwrap();
    let credit = doc["document_type"] == "credit_note";
    let abs = |s: &Value| cents(s.as_str().unwrap()).abs();
    let (net, vat, gross) = (
        abs(&doc["net_total"]),
        abs(&doc["vat_total"]),
        abs(&doc["gross_total"]),
    );

    let (st, bytes, headers) = app
        .raw("GET", &format!("/api/v1/store/invoices/{id}/ubl"), Some(t))
        .await;
    assert_eq!(st, 200, "{name}");
    assert!(headers["content-type"].starts_with("application/xml"));
    assert!(headers["content-disposition"].contains(&format!("{number}.xml")));
    let ubl = String::from_utf8(bytes).unwrap();
    assert!(ubl.contains(if credit { "<CreditNote " } else { "<Invoice " }));
    assert_eq!(values(&ubl, "cbc:ID")[0], number);
    let ubl_totals = [
        "cbc:LineExtensionAmount",
        "cbc:TaxExclusiveAmount",
        "cbc:TaxInclusiveAmount",
        "cbc:PayableAmount",
    ]
    .map(|t| cents(&values(&ubl, t)[0]));
    assert_eq!(ubl_totals, [net, net, gross, gross], "{name} UBL totals");
    assert_eq!(
        cents(&values(&ubl, "cbc:TaxAmount")[0]),
        vat,
        "{name} UBL VAT"
    );
    // The lines add up to the net (each line's LineExtensionAmount after the header one).
    let line_sum: i64 = values(&ubl, "cbc:LineExtensionAmount")[1..]
        .iter()
        .map(|v| cents(v))
        .sum();
    assert_eq!(line_sum, net, "{name} UBL lines");
    if credit {
        let original = doc["corrects_number"].as_str().unwrap();
        assert!(ubl.contains(&format!("<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n      <cbc:ID>{original}</cbc:ID>")), "{ubl}");
    }
    // The breakdown matches the API's, bucket by bucket.
    let api_buckets: Vec<(String, i64, i64)> = doc["vat_breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["category"].as_str().unwrap().to_owned(),
                abs(&b["taxable"]),
                abs(&b["vat"]),
            )
        })
        .collect();
    let taxable: Vec<i64> = values(&ubl, "cbc:TaxableAmount")
        .iter()
        .map(|v| cents(v))
        .collect();
    assert_eq!(
        taxable,
        api_buckets.iter().map(|b| b.1).collect::<Vec<_>>(),
        "{name} UBL buckets"
    );

    let (st, pdf, headers) = app
        .raw(
            "GET",
            &format!("/api/v1/store/invoices/{id}/facturx"),
            Some(t),
        )
        .await;
    assert_eq!(st, 200, "{name}");
    assert_eq!(headers["content-type"], "application/pdf");
    let cii = extract_cii(&pdf);
    assert_eq!(values(&cii, "ram:ID")[1], number);
    assert_eq!(
        values(&cii, "ram:TypeCode")[0],
        if credit { "381" } else { "380" }
    );
    let cii_totals = [
        "ram:TaxBasisTotalAmount",
        "ram:TaxTotalAmount",
        "ram:GrandTotalAmount",
        "ram:DuePayableAmount",
    ]
    .map(|t| cents(&one(&cii, t)));
    assert_eq!(cii_totals, [net, vat, gross, gross], "{name} CII totals");
    let bases: Vec<i64> = values(&cii, "ram:BasisAmount")
        .iter()
        .map(|v| cents(v))
        .collect();
    assert_eq!(bases, taxable, "{name} CII buckets = UBL buckets");
    let info = pdfinfo(&pdf, &[]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
        "{info}"
    );
    let meta = pdfinfo(&pdf, &["-meta"]);
    assert!(
        meta.contains("pdfaid:part") && meta.contains("EN 16931"),
        "{meta}"
    );
    // The PDF prints the same totals (French: `119,42`).
    let text = pdftotext(&pdf);
    for c in [net, vat, gross] {
        let printed = format!("{},{:02}", c / 100, c % 100);
        assert!(
            text.contains(&printed),
            "{name}: {printed} not in the PDF:\n{text}"
        );
    }
    assert!(text.contains(number));

    queue.push((format!("{name} UBL"), ubl.clone(), "en16931"));
    if b2b {
        queue.push((format!("{name} UBL"), ubl, "peppol"));
    }
    queue.push((format!("{name} CII"), cii.clone(), "en16931"));
    queue.push((format!("{name} CII"), cii, "facturx"));
}

dual_test!(
    einvoices_pass_the_official_rules,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "EINV-LU", json!({"oss_registered": true})).await;
        let (_, fr) = setup(
        &app,
        "EINV-FR",
        json!({"oss_registered": true, "oss_registration_country": "LU", "opted_destination_taxation": true}),
    )
    .await;
        let items = json!([{"sku": "BOOK-1", "quantity": 2}, {"sku": "LAMP-1", "quantity": 1}]);
        let lu_company =
            json!({"email": "lu@example.test", "company": "Client Sàrl", "vat_id": "LU26375245"});
        let de_company =
            json!({"email": "de@example.test", "company": "Kunde GmbH", "vat_id": "DE136695976"});
        let cases: Vec<Case> = vec![
            (
                "domestic LU",
                &a.token,
                ("LU", "1611"),
                lu_company,
                true,
                "DOMESTIC",
            ),
            (
                "distance sale taxed in LU",
                &a.token,
                ("DE", "10115"),
                json!({}),
                false,
                "DISTANCE_SALE_ORIGIN",
            ),
            (
                "OSS FR 20 %",
                &fr.token,
                ("FR", "75001"),
                json!({"email": "fr@example.test"}),
                false,
                "DISTANCE_SALE_OSS",
            ),
            (
                "intra-Community DE",
                &a.token,
                ("DE", "10115"),
                de_company,
                true,
                "INTRA_COMMUNITY_SUPPLY",
            ),
            (
                "export CH",
                &a.token,
                ("CH", "8001"),
                json!({"email": "ch@example.test"}),
                false,
                "EXPORT",
            ),
        ];
        let mut queue = Vec::new();
        for (name, t, dest, customer, b2b, regime) in cases {
            let o =
                shipped_order_with_shipping(&app, t, items.clone(), dest, customer, "4.90").await;
            let (st, inv) = crate::invoicing::invoice(&app, t, o).await;
            assert_eq!(st, 201, "{inv}");
            assert_eq!(inv["vat_regime"], regime, "{name}");
            if name == "domestic LU" {
                let rates: Vec<&str> = inv["vat_breakdown"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b["rate"].as_str().unwrap())
                    .collect();
                assert_eq!(rates, ["3", "17"], "{inv}");
            }
            if name == "OSS FR 20 %" {
                assert!(inv["vat_breakdown"].to_string().contains("\"20\""), "{inv}");
            }
            check_document(&app, t, name, &inv, b2b, &mut queue).await;
            // A partial credit note: one of the two books.
            let id = inv["id"].as_i64().unwrap();
            let (st, cn) = app
                .post(
                    &format!("/api/v1/store/invoices/{id}/credit-note"),
                    json!({"reason": "returned", "lines": [{"position": 1, "quantity": 1}]}),
                    Some(t),
                )
                .await;
            assert_eq!(st, 201, "{cn}");
            check_document(
                &app,
                t,
                &format!("{name} credit note"),
                &cn,
                b2b,
                &mut queue,
            )
            .await;
        }
        // Generation does not depend on the database: the official rules run once, on SQLite.
        if app.backend == Backend::Sqlite {
            let failures = tokio::task::spawn_blocking(move || validate_all(&queue))
                .await
                .unwrap();
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    }
);

dual_test!(
    einvoice_settings_and_the_stored_pdf,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "EINV-SET", json!({})).await;
        let t = &a.token;
        // New stores: Factur-X on, the Peppol id from the VAT number.
        let (st, s) = app.get("/api/v1/store/settings/invoice", Some(t)).await;
        assert_eq!(st, 200);
        assert_eq!(s["einvoice_pdf"], true);
        assert_eq!(s["peppol_id"], "9938:LU15027442");
        assert_eq!(s["peppol_id_default"], true);
        let inv = lu_invoice(&app, t, json!({})).await;
        let (st, pdf) = download(&app, t, &inv["id"], "pdf").await;
        assert_eq!(st, 200);
        assert!(extract_cii(&pdf).contains(inv["number"].as_str().unwrap()));

        // A bad Peppol id names its field and changes nothing.
        let mut body = crate::invoicing::settings_body();
        body["peppol_id"] = json!("LU15027442");
        let (st, p) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(t),
            )
            .await;
        assert_eq!(st, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "peppol_id", "{p}");
        // Turned off, with an id of the store's own: documents issued from now on have a plain
        // PDF; the Factur-X download still works; the UBL names the id.
        body["peppol_id"] = json!(" 0088:5790000436101 ");
        body["einvoice_pdf"] = json!(false);
        let (st, s) = app
            .json("PUT", "/api/v1/store/settings/invoice", Some(body), Some(t))
            .await;
        assert_eq!(st, 200, "{s}");
        assert_eq!(
            (
                s["peppol_id"].as_str(),
                s["peppol_id_default"].as_bool(),
                s["einvoice_pdf"].as_bool()
            ),
            (Some("0088:5790000436101"), Some(false), Some(false))
        );
        let plain = lu_invoice(&app, t, json!({})).await;
        let (_, pdf) = download(&app, t, &plain["id"], "pdf").await;
        assert!(pdf.starts_with(b"%PDF-") && !pdf.windows(12).any(|w| w == b"factur-x.xml"));
        let (st, fx) = download(&app, t, &plain["id"], "facturx").await;
        assert_eq!(st, 200);
        assert!(extract_cii(&fx).contains("schemeID=\"0088\">5790000436101<"));
        let (_, ubl) = download(&app, t, &plain["id"], "ubl").await;
        assert!(
            String::from_utf8(ubl)
                .unwrap()
                .contains("<cbc:EndpointID schemeID=\"0088\">5790000436101</cbc:EndpointID>")
        );
        // The first invoice keeps the id it was issued with.
        let (_, ubl) = download(&app, t, &inv["id"], "ubl").await;
        assert!(
            String::from_utf8(ubl)
                .unwrap()
                .contains("<cbc:EndpointID schemeID=\"9938\">LU15027442</cbc:EndpointID>")
        );

        // The buyer's Peppol id comes from the customer record.
        let company = json!({"email": "buyer@example.test", "company": "Acheteur SA", "vat_id": "LU26375245"});
        let o = shipped_order_with_shipping(
            &app,
            t,
            crate::invoicing::both(),
            ("LU", "1611"),
            company.clone(),
            "0.00",
        )
        .await;
        let (_, order) = app.get(&format!("/api/v1/store/orders/{o}"), Some(t)).await;
        let customer = order["customer"]["id"].as_i64().unwrap();
        let (st, c) = app
            .json(
                "PATCH",
                &format!("/api/v1/store/customers/{customer}"),
                Some(json!({"peppol_id": "0088:5790000436057"})),
                Some(t),
            )
            .await;
        assert_eq!(st, 200, "{c}");
        let (_, inv2) = crate::invoicing::invoice(&app, t, o).await;
        let (_, ubl) = download(&app, t, &inv2["id"], "ubl").await;
        let ubl = String::from_utf8(ubl).unwrap();
        let buyer = &ubl[ubl.find("<cac:AccountingCustomerParty>").unwrap()..];
        assert!(
            buyer.contains("<cbc:EndpointID schemeID=\"0088\">5790000436057</cbc:EndpointID>"),
            "{ubl}"
        );

        // Another store's invoice is not found.
        let (_, b) = setup(&app, "EINV-OTHER", json!({})).await;
        for suffix in ["ubl", "facturx"] {
            let (st, _) = download(&app, &b.token, &inv["id"], suffix).await;
            assert_eq!(st, 404);
        }
    }
);

/// Posts the invoice settings form as a browser does (multipart, no logo).
async fn post_settings_form(
    app: &TestApp,
    session: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let res = crate::pages::post_multipart(app, session, "/settings/invoice", fields, None).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

dual_test!(
    einvoice_settings_and_downloads_in_the_back_office,
    |app: TestApp| async move {
        let (_, a) = setup(&app, "EINV-PAGE", json!({})).await;
        let t = &a.token;
        let (session, _) = crate::pages::login(&app, &a.email).await;
        let html = crate::pages::page(&app, &session, "/settings/invoice").await;
        assert!(html.contains("<legend>E-invoices</legend>"), "{html}");
        assert!(
            html.contains("name=\"einvoice_pdf\" value=\"true\" checked"),
            "{html}"
        );
        assert!(
            html.contains("id=\"peppol_id\" name=\"peppol_id\" type=\"text\" value=\"\""),
            "{html}"
        );
        assert!(
            html.contains("Empty: 9938:LU15027442, from your VAT number."),
            "{html}"
        );

        let csrf = crate::pages::csrf_in(&html);
        let base = [
            ("csrf_token", csrf.as_str()),
            ("legal_name", "Theta Sàrl"),
            ("street", "2 Rue Y"),
            ("postal_code", "1234"),
            ("city", "Luxembourg"),
            ("country", "LU"),
            ("vat_number", "LU15027442"),
            ("default_language", "fr"),
        ];
        let mut bad = base.to_vec();
        bad.push(("peppol_id", "not an id"));
        bad.push(("einvoice_pdf", "true"));
        let (st, html) = post_settings_form(&app, &session, &bad).await;
        // The form comes back with the error named (the settings page answers 200).
        assert_eq!(st, 200, "{html}");
        assert!(
            html.contains("peppol_id: must be a Peppol participant id"),
            "{html}"
        );
        let mut good = base.to_vec();
        good.push(("peppol_id", "9938:LU15027442"));
        let (st, html) = post_settings_form(&app, &session, &good).await;
        assert_eq!(st, 303, "{html}");
        let (_, s) = app.get("/api/v1/store/settings/invoice", Some(t)).await;
        // Unticked: off. The id typed is stored even when it equals the default.
        assert_eq!(s["einvoice_pdf"], false, "{s}");
        assert_eq!(s["peppol_id_default"], false, "{s}");

        // The invoice page offers both e-invoice downloads, which the session can fetch.
        let inv = lu_invoice(&app, t, json!({})).await;
        let id = inv["id"].as_i64().unwrap();
        let html = crate::pages::page(&app, &session, &format!("/invoices/{id}")).await;
        assert!(
            html.contains(&format!(
                "href=\"/invoices/{id}/ubl\" data-testid=\"download-ubl\">Download UBL</a>"
            )),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/invoices/{id}/facturx\" data-testid=\"download-facturx\">Download Factur-X</a>")), "{html}");
        // A consumer has no Peppol address: the page says so.
        assert!(
            html.contains("data-testid=\"no-peppol\">No Peppol address"),
            "{html}"
        );
        let b2b = lu_invoice(
            &app,
            t,
            json!({"email": "b2b@example.test", "company": "Client Sàrl", "vat_id": "LU26375245"}),
        )
        .await;
        let b2b_page =
            crate::pages::page(&app, &session, &format!("/invoices/{}", b2b["id"])).await;
        assert!(!b2b_page.contains("no-peppol"), "{b2b_page}");
        let ubl = crate::pages::page(&app, &session, &format!("/invoices/{id}/ubl")).await;
        assert!(ubl.starts_with("<?xml") && ubl.contains(inv["number"].as_str().unwrap()));
        let res = app
            .client
            .get(app.url(&format!("/invoices/{id}/facturx")))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let pdf = res.bytes().await.unwrap();
        assert!(extract_cii(&pdf).contains(inv["number"].as_str().unwrap()));
    }
);
