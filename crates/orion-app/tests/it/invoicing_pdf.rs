//! Invoice PDFs through `GET /api/v1/store/invoices/{id}/pdf`, read back with `pdftotext`:
//! every regime in every language prints the number, dates, parties and VAT ids, each line,
//! the breakdown, the totals and the regime mention in the document's language.
//! With `ORION_SAMPLE_DIR` set, the first page of each is also written there as PNG
//! (`docs/invoices/` is made that way: see `docs/invoices/index.md`).

use orion_kernel::InvoiceId;
use std::io::Write;
use std::process::{Command, Stdio};

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::invoicing::settings_body;

/// The text of a PDF laid out as on the page (`pdftotext -layout`), non-breaking spaces as spaces.
pub(crate) fn pdftotext(pdf: &[u8]) -> String {
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is needed by this test: apt-get install poppler-utils");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    // Non-breaking spaces print as spaces.
    String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{a0}', " ")
}

struct Case {
    regime: &'static str,
    country: &'static str,
    postcode: &'static str,
    b2b: bool,
    mention: [&'static str; 3],
}

const CASES: [Case; 4] = [
    Case {
        regime: "DOMESTIC",
        country: "LU",
        postcode: "1611",
        b2b: false,
        mention: ["", "", ""],
    },
    Case {
        regime: "DISTANCE_SALE_OSS",
        country: "DE",
        postcode: "10115",
        b2b: false,
        mention: [
            "One-Stop-Shop (OSS)",
            "guichet unique (OSS)",
            "One-Stop-Shop-Verfahrens (OSS)",
        ],
    },
    Case {
        regime: "INTRA_COMMUNITY_SUPPLY",
        country: "DE",
        postcode: "10115",
        b2b: true,
        mention: [
            "Exempt intra-Community supply",
            "livraison intracommunautaire",
            "innergemeinschaftliche Lieferung",
        ],
    },
    Case {
        regime: "EXPORT",
        country: "CH",
        postcode: "8001",
        b2b: false,
        mention: [
            "Exempt export outside the EU",
            "exportation hors de l'UE",
            "Ausfuhrlieferung",
        ],
    },
];

const LANGS: [&str; 3] = ["en", "fr", "de"];

/// The stored PDF of document `id`.
async fn pdf_of(app: &TestApp, token: &str, id: &str) -> Vec<u8> {
    let (st, pdf, _) = app
        .raw(
            "GET",
            &format!("/api/v1/store/invoices/{id}/pdf"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200);
    pdf
}

async fn post(app: &TestApp, t: &str, path: String, body: Value) -> Value {
    let (st, v) = app.post(&path, body, Some(t)).await;
    assert!(st < 300, "{path}: {st} {v}");
    v
}

dual_test!(
    every_regime_and_language_prints_what_the_law_requires,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "PDF-LU").await;
        let t = a.token.clone();
        let mut settings = settings_body();
        settings["oss_registered"] = json!(true);
        settings["opted_destination_taxation"] = json!(true);
        settings["footer_text"] = json!("Thank you for your order");
        let (st, b) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(settings),
                Some(&t),
            )
            .await;
        assert_eq!(st, 201, "{b}");
        for (sku, price, class, title) in [
            ("LAMP-1", "1117.00", "standard", "Brass lamp"),
            ("BOOK-1", "20.00", "reduced", "Cookbook"),
        ] {
            let p = post(&app, &t, "/api/v1/store/products".into(),
                json!({"sku": sku, "translations": {"en": {"title": title}}, "price": price, "vat_rate_class": class})).await;
            post(
                &app,
                &t,
                "/api/v1/store/inventory/adjustments".into(),
                json!({"product_id": p["id"], "delta": 100}),
            )
            .await;
        }
        let sample_dir = std::env::var("ORION_SAMPLE_DIR").ok();
        for case in &CASES {
            for (li, lang) in LANGS.iter().enumerate() {
                let mut customer = json!({"email": format!("{lang}@example.test"), "first_name": "Anne", "last_name": "Muller"});
                if case.b2b {
                    customer["company"] = json!("Kunde GmbH");
                    customer["vat_id"] = json!("DE136695976");
                }
                let o = post(&app, &t, "/api/v1/store/orders".into(), json!({"customer": customer,
                    "shipping_address": {"street": "1 Hauptstrasse", "postal_code": case.postcode, "city": "City", "country": case.country},
                    "items": [{"sku": "LAMP-1", "quantity": 2}, {"sku": "BOOK-1", "quantity": 1}], "shipping_amount": "0.00", "locale": lang})).await;
                let id = o["id"].as_i64().unwrap();
                post(
                    &app,
                    &t,
                    format!("/api/v1/store/orders/{id}/confirm"),
                    json!({}),
                )
                .await;
                post(
                    &app,
                    &t,
                    format!("/api/v1/store/orders/{id}/ship"),
                    json!({"tracking_number": "T"}),
                )
                .await;
                let inv = post(
                    &app,
                    &t,
                    format!("/api/v1/store/orders/{id}/invoice"),
                    json!({}),
                )
                .await;
                assert_eq!(inv["vat_regime"], case.regime, "{lang}: {inv}");
                assert_eq!(inv["language"], *lang);
                let iid = inv["id"].as_i64().unwrap();
                let r = app
                    .client
                    .get(app.url(&format!("/api/v1/store/invoices/{iid}/pdf")))
                    .bearer_auth(&t)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200);
                assert_eq!(r.headers()["content-type"], "application/pdf");
                let number = inv["number"].as_str().unwrap().to_owned();
                assert!(
                    r.headers()["content-disposition"]
                        .to_str()
                        .unwrap()
                        .contains(&format!("{number}.pdf")),
                    "the file is named after the number"
                );
                let pdf = r.bytes().await.unwrap().to_vec();
                let text = pdftotext(&pdf);
                let ctx = format!("{} {lang}:\n{text}", case.regime);
                let title = ["Invoice", "Facture", "Rechnung"][li];
                assert!(text.contains(title), "title: {ctx}");
                assert!(text.contains(&number), "number: {ctx}");
                let issue = chrono::NaiveDate::parse_from_str(
                    inv["issue_date"].as_str().unwrap(),
                    "%Y-%m-%d",
                )
                .unwrap();
                let date = [
                    issue.format("%-d %b %Y"),
                    issue.format("%d/%m/%Y"),
                    issue.format("%d.%m.%Y"),
                ][li]
                    .to_string();
                assert!(text.contains(&date), "issue date {date}: {ctx}");
                assert!(text.contains("LU15027442"), "seller VAT id: {ctx}");
                assert!(text.contains("Theta Sàrl"), "seller: {ctx}");
                assert!(text.contains("RCS B123456"), "RCS: {ctx}");
                assert!(
                    text.contains("Anne Muller") || text.contains("Kunde GmbH"),
                    "buyer: {ctx}"
                );
                if case.b2b {
                    assert!(text.contains("DE136695976"), "buyer VAT id: {ctx}");
                }
                assert!(
                    text.contains("Brass lamp") && text.contains("Cookbook"),
                    "lines: {ctx}"
                );
                assert!(text.contains("LAMP-1"), "SKU: {ctx}");
                let gross = inv["gross_total"].as_str().unwrap();
                let (int, frac) = gross.split_once('.').unwrap();
                let int: i64 = int.parse().unwrap();
                let shown = if *lang == "en" {
                    format!("€{},{:03}.{frac}", int / 1000, int % 1000)
                } else {
                    format!("{} {:03},{frac} €", int / 1000, int % 1000)
                };
                assert!(text.contains(&shown), "total {shown}: {ctx}");
                for b in inv["vat_breakdown"].as_array().unwrap() {
                    let vat = b["vat"].as_str().unwrap();
                    let vat = if *lang == "en" {
                        format!("€{vat}")
                    } else {
                        format!("{} €", vat.replace('.', ","))
                    };
                    assert!(text.contains(&vat), "breakdown VAT {vat}: {ctx}");
                }
                let mention = case.mention[li];
                if !mention.is_empty() {
                    assert!(text.contains(mention), "mention {mention}: {ctx}");
                }
                assert!(
                    text.contains("IBAN LU28 0019 4006 4475 0000"),
                    "bank details: {ctx}"
                );
                assert!(text.contains("Thank you for your order"), "footer: {ctx}");
                if let Some(dir) = &sample_dir {
                    let m = orion_invoicing::service::find(
                        app.db.conn(),
                        orion_kernel::StoreId(a.store["id"].as_i64().unwrap()),
                        InvoiceId(iid),
                    )
                    .await
                    .unwrap();
                    let view = orion_invoicing::pdf::view_of(
                        &m,
                        None,
                        Some(o["order_number"].as_str().unwrap().into()),
                    )
                    .unwrap();
                    let pdf = orion_pdf::engine().render_invoice(&view).unwrap();
                    let stem = format!("{dir}/{}-{lang}", case.regime.to_lowercase());
                    first_page_png(&pdf, &stem);
                }
                // Served from storage the second time: the same bytes.
                let again = pdf_of(&app, &t, &iid.to_string()).await;
                assert_eq!(again.to_vec(), pdf);
            }
        }
        // A credit note prints its title and the invoice it corrects.
        let (_, list) = app
            .get("/api/v1/store/invoices?regime=DOMESTIC", Some(&t))
            .await;
        let first = &list["items"][0];
        let iid = first["id"].as_i64().unwrap();
        let cn = post(
            &app,
            &t,
            format!("/api/v1/store/invoices/{iid}/credit-note"),
            json!({"reason": "Returned lamp"}),
        )
        .await;
        let cid = cn["id"].as_i64().unwrap();
        let pdf = pdf_of(&app, &t, &cid.to_string()).await;
        let text = pdftotext(&pdf);
        assert!(text.contains(cn["number"].as_str().unwrap()), "{text}");
        assert!(
            text.contains(first["number"].as_str().unwrap()),
            "the corrected invoice: {text}"
        );
        assert!(text.contains("Returned lamp"), "the reason: {text}");
    }
);

/// Writes the first page of `pdf` as `{stem}.png` at 60 ppi (`pdftoppm`, poppler-utils).
fn first_page_png(pdf: &[u8], stem: &str) {
    let input = format!("{stem}.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            &input,
            stem,
        ])
        .output()
        .expect("pdftoppm must be installed (Debian package poppler-utils)");
    assert!(out.status.success(), "pdftoppm failed: {out:?}");
    std::fs::remove_file(&input).unwrap();
}

/// A small valid PNG with the proportions of an A4 page at `ppi`: its size identifies it.
fn png(ppi: f32) -> Vec<u8> {
    let (w, h) = (
        (595.2756 * ppi / 72.0).round() as u32,
        (841.8898 * ppi / 72.0).round() as u32,
    );
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..w * h)
        .flat_map(|i| [(i % 256) as u8, 40, 120, 255])
        .collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// Width × height of every image in a PDF (`pdfimages -list`).
fn image_sizes(pdf: &[u8]) -> Vec<(u32, u32)> {
    let dir = std::env::temp_dir().join(format!("orion-logo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.pdf", rand_suffix()));
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&file)
        .output()
        .expect("pdfimages (poppler-utils)");
    let _ = std::fs::remove_file(&file);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            // Alpha channels are listed as separate `smask` images.
            if c.get(2) != Some(&"image") {
                return None;
            }
            Some((c.get(3)?.parse().ok()?, c.get(4)?.parse().ok()?))
        })
        .collect()
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

dual_test!(
    the_logo_is_validated_and_invoices_keep_the_one_they_were_issued_with,
    |app: TestApp| async move {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "LOGO-LU").await;
        let t = a.token.clone();
        let mut body = settings_body();
        body["logo_png"] = json!(b64(b"GIF89a not a png"));
        let (st, p) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(&t),
            )
            .await;
        assert_eq!(st, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "logo_png");
        body["logo_png"] = json!("%%%");
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(&t),
            )
            .await;
        assert_eq!(st, 422);
        let (first, second) = (png(2.0), png(3.0));
        let first_size = image_size_of(&first);
        body["logo_png"] = json!(b64(&first));
        let (st, s) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(&t),
            )
            .await;
        assert_eq!(st, 201, "{s}");
        assert!(s["logo_sha256"].is_string(), "{s}");
        // A save without the field keeps the logo.
        body.as_object_mut().unwrap().remove("logo_png");
        let (_, s2) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(&t),
            )
            .await;
        assert_eq!(s2["logo_sha256"], s["logo_sha256"]);

        let p = post(
            &app,
            &t,
            "/api/v1/store/products".into(),
            json!({"sku": "L-1", "translations": {"en": {"title": "Lamp"}}, "price": "10.00"}),
        )
        .await;
        post(
            &app,
            &t,
            "/api/v1/store/inventory/adjustments".into(),
            json!({"product_id": p["id"], "delta": 5}),
        )
        .await;
        let o = post(&app, &t, "/api/v1/store/orders".into(), json!({"customer": {"email": "l@example.test"},
            "shipping_address": {"street": "1", "postal_code": "1611", "city": "L", "country": "LU"}, "items": [{"sku": "L-1", "quantity": 1}]})).await;
        let id = o["id"].as_i64().unwrap();
        post(
            &app,
            &t,
            format!("/api/v1/store/orders/{id}/confirm"),
            json!({}),
        )
        .await;
        let inv = post(
            &app,
            &t,
            format!("/api/v1/store/orders/{id}/invoice"),
            json!({}),
        )
        .await;
        // The logo changes before the PDF is first rendered: the invoice keeps its own.
        body["logo_png"] = json!(b64(&second));
        let (st, _) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body.clone()),
                Some(&t),
            )
            .await;
        assert_eq!(st, 200);
        let pdf = pdf_of(&app, &t, &inv["id"].to_string()).await;
        assert_eq!(
            image_sizes(&pdf),
            vec![first_size],
            "the logo it was issued with"
        );
        // Removing the logo.
        body["logo_png"] = json!("");
        let (_, s3) = app
            .json(
                "PUT",
                "/api/v1/store/settings/invoice",
                Some(body),
                Some(&t),
            )
            .await;
        assert!(s3["logo_sha256"].is_null(), "{s3}");
    }
);

/// Width and height from a PNG's IHDR chunk.
fn image_size_of(png: &[u8]) -> (u32, u32) {
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}
