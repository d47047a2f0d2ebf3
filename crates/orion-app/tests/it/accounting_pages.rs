//! The accounting page as the seller and the accountant read it, on SQLite and PostgreSQL: a
//! Business store's quarter (VAT summary, OSS return with its correction and filing deadline,
//! EC sales list, sales journal) in English and French, its downloads, the revenue accounts
//! form and its field errors, bad periods; the accountant's package prepared from the page,
//! followed on its progress page and downloaded as a zip; a Professional store sees the OSS
//! return and the EC sales list (and no package), and is told which plan brings the rest.

use orion_accounting::period::Period;
use orion_kernel::{Lang, locale};
use orion_testkit::{TestApp, dual_test};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::invoicing::{both, invoice, setup, shipped_order};
use crate::pages::{csrf_in, login, page};

fn today() -> chrono::NaiveDate {
    orion_kernel::time::local_date(chrono::Utc::now())
}

/// A page with `Accept-Language`: status and HTML.
async fn page_in(app: &TestApp, session: &str, path: &str, lang: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A download: status, content type, `Location` (redirects) and body.
async fn get_raw(app: &TestApp, session: &str, path: &str) -> (u16, String, String, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let ct = orion_testkit::content_type(&res);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (st, ct, location, res.text().await.unwrap())
}

/// What a person reads in `html` (or in its part from `marker` to the end of the section):
/// tags removed, entities decoded, white space collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
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
        out = out.replace(entity, c);
    }
    out.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The HTML of the section `data-testid="{id}"`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("data-testid=\"{id}\""))
        .unwrap_or_else(|| panic!("section {id} in: {html}"));
    let start = html[..at].rfind("<section").unwrap();
    let end = at + html[at..].find("</section>").unwrap();
    &html[start..end]
}

/// Posts the accounts form with `fields` (and the page's CSRF token).
async fn post_accounts(
    app: &TestApp,
    session: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf.to_owned())];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let res = app
        .client
        .post(app.url("/accounting/accounts"))
        .header("cookie", format!("orion_session={session}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let st = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (st, location, res.text().await.unwrap())
}

/// The seven regime rows of the accounts form with their default accounts, then `extra`.
fn accounts_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, r) in orion_accounting::accounts::REGIMES.iter().enumerate() {
        out.push((format!("accounts[{i}].regime"), (*r).to_owned()));
        out.push((
            format!("accounts[{i}].account"),
            orion_accounting::accounts::default_account(r).to_owned(),
        ));
    }
    out.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

/// Posts the package card's form (as the page rendered it): status and `Location`.
async fn post_package(app: &TestApp, session: &str, html: &str) -> (u16, String) {
    let card = section(html, "accounting-package");
    let value = |name: &str| {
        let at = card
            .find(&format!("name=\"{name}\" value=\""))
            .unwrap_or_else(|| panic!("{name} in the package form: {card}"));
        card[at..].split('"').nth(3).unwrap().to_owned()
    };
    let form: Vec<(String, String)> = ["csrf_token", "form_key", "year", "quarter"]
        .iter()
        .map(|n| ((*n).to_owned(), value(n)))
        .collect();
    let res = app
        .client
        .post(app.url("/accounting/packages"))
        .header("cookie", format!("orion_session={session}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (res.status().as_u16(), location)
}

dual_test!(
    accounting_pages_show_the_quarter_and_its_files,
    |app: TestApp| async move {
        let (admin, a) = setup(
            &app,
            "ACCP-LU",
            json!({"oss_registered": true, "oss_registration_date": "2021-07-01", "opted_destination_taxation": true}),
        )
        .await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "business").await;
        let t = a.token.as_str();
        let b2b = json!({"company": "Kunde GmbH", "vat_id": "DE136695976"});
        let mut invs: Vec<Value> = Vec::new();
        for (country, postcode, customer) in [
            ("LU", "1611", json!({})),
            ("FR", "75001", json!({"email": "fr@example.test"})),
            ("DE", "10115", b2b.clone()),
            ("CH", "8001", json!({"email": "ch@example.test"})),
            ("FR", "75003", json!({"email": "fr3@example.test"})),
        ] {
            let o = shipped_order(&app, t, both(), country, postcode, customer).await;
            let (st, inv) = invoice(&app, t, o).await;
            assert_eq!(st, 201, "{country}: {inv}");
            invs.push(inv);
        }
        assert_eq!(invs[1]["vat_regime"], "DISTANCE_SALE_OSS", "{}", invs[1]);
        assert_eq!(
            invs[2]["vat_regime"], "INTRA_COMMUNITY_SUPPLY",
            "{}",
            invs[2]
        );
        // The last FR invoice belongs to an earlier quarter and is credited now: a correction.
        let earlier = today() - chrono::Duration::days(100);
        app.db
            .conn()
            .execute_unprepared(&format!(
                "UPDATE invoices SET issue_date = '{earlier}' WHERE id = {}",
                invs[4]["id"]
            ))
            .await
            .unwrap();
        let (st, cn) = app
            .post(
                &format!("/api/v1/store/invoices/{}/credit-note", invs[4]["id"]),
                json!({"reason": "returned"}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{cn}");

        let (y, q) = Period::quarter_of(today());
        let deadline = Period::quarter(y, q).unwrap().month_after_end();
        let (ey, eq) = Period::quarter_of(earlier);
        let (session, dashboard) = login(&app, &a.email).await;
        assert!(
            dashboard.contains("href=\"/accounting\""),
            "the menu leads to the accounting page"
        );

        // English.
        let html = page(&app, &session, "/accounting").await;
        assert!(html.contains("<h1>Accounting</h1>"), "{html}");
        assert!(
            html.contains("href=\"/accounting\" aria-current=\"page\""),
            "the menu item is current"
        );
        let all = text(&html);
        let oss = text(section(&html, "accounting-oss"));
        assert!(oss.contains(&format!("OSS return, Q{q} {y}")), "{oss}");
        assert!(
            oss.contains(&format!("File by {}.", locale::date(deadline, Lang::En))),
            "the deadline: {oss}"
        );
        assert!(oss.contains("France 20 %"), "the OSS line: {oss}");
        assert!(
            oss.contains(&format!("Q{eq} {ey} France")),
            "the correction of the earlier quarter: {oss}"
        );
        let ecsl = text(section(&html, "accounting-ecsl"));
        assert!(ecsl.contains("DE136695976 Germany"), "{ecsl}");
        assert!(ecsl.contains("File this list quarterly"), "{ecsl}");
        let vat = text(section(&html, "accounting-vat"));
        for label in [
            "Sales in Luxembourg (Luxembourg VAT)",
            "Intra-Community supplies (exempt)",
            "Exports outside the EU (exempt)",
            "Distance sales declared through the OSS",
            "Luxembourg 17 %",
            "Luxembourg 3 %",
            "Total of all sections",
        ] {
            assert!(vat.contains(label), "{label} in: {vat}");
        }
        let journal = text(section(&html, "accounting-journal"));
        for inv in &invs[..4] {
            let n = inv["number"].as_str().unwrap();
            assert!(journal.contains(n), "{n} in the journal: {journal}");
        }
        assert!(
            journal.contains(cn["number"].as_str().unwrap()),
            "{journal}"
        );
        assert!(journal.contains("Credit note") && journal.contains("Invoice"));
        assert!(
            !journal.contains(invs[4]["number"].as_str().unwrap()),
            "the earlier quarter's invoice is not in this quarter's journal"
        );
        // No codes or ids: regimes, sections and document types have their labels.
        for code in [
            "INTRA_COMMUNITY_SUPPLY",
            "DISTANCE_SALE_OSS",
            "DOMESTIC",
            "intra_community",
            "credit_note",
            "other_member_states",
        ] {
            assert!(!all.contains(code), "{code} is shown: {all}");
        }

        // French (Accept-Language): the same page in French.
        let (st, fr) = page_in(&app, &session, "/accounting", "fr").await;
        assert_eq!(st, 200);
        let fr_oss = text(section(&fr, "accounting-oss"));
        assert!(
            fr_oss.contains(&format!("Déclaration OSS, T{q} {y}")),
            "{fr_oss}"
        );
        assert!(
            fr_oss.contains(&format!(
                "À déposer au plus tard le {}.",
                locale::date(deadline, Lang::Fr)
            )),
            "{fr_oss}"
        );
        assert!(fr_oss.contains("France 20 %"), "{fr_oss}");
        let fr_ecsl = text(section(&fr, "accounting-ecsl"));
        assert!(fr_ecsl.contains("DE136695976 Allemagne"), "{fr_ecsl}");
        let fr_vat = text(section(&fr, "accounting-vat"));
        assert!(
            fr_vat.contains("Livraisons intracommunautaires (exonérées)"),
            "{fr_vat}"
        );
        assert!(text(&fr).contains("Journal des ventes"));

        // Downloads: the same files as the API, with the session.
        let query = format!("year={y}&quarter={q}");
        let (st, ct, _, body) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=oss&{query}"),
        )
        .await;
        assert_eq!(
            (st, ct.as_str()),
            (200, "text/csv; charset=utf-8"),
            "{body}"
        );
        assert!(body.starts_with("section,country,rate"), "{body}");
        assert!(body.contains("supplies,FR,20"), "{body}");
        assert!(
            body.contains(&format!("correction,FR,,{ey},{eq}")),
            "{body}"
        );
        for (dialect, bom, sep) in [("", false, ","), ("&dialect=excel", true, ";")] {
            let (st, ct, _, body) = get_raw(
                &app,
                &session,
                &format!("/accounting/download?kind=journal&{query}{dialect}"),
            )
            .await;
            assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
            assert_eq!(body.starts_with('\u{feff}'), bom, "{dialect}");
            assert!(
                body.contains(&format!("number{sep}document_type")),
                "{body}"
            );
            for inv in invs[..4].iter().chain([&cn]) {
                let n = inv["number"].as_str().unwrap();
                assert!(body.contains(n), "{n} in the journal CSV {dialect}: {body}");
            }
        }
        let (st, ct, _, body) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=ecsl&{query}"),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
        assert!(body.contains("DE,DE136695976,"), "{body}");
        let (st, ct, _, body) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=vat&{query}&dialect=excel"),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
        assert!(body.contains("intra_community;LU;0;"), "{body}");
        let (st, ct, _, xml) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=faia&{query}"),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "application/xml"));
        assert!(xml.contains("<AuditFile>"), "{xml}");
        assert!(xml.contains(invs[0]["number"].as_str().unwrap()), "{xml}");

        // Bad periods go back to the page with a message, never a server error.
        for path in [
            "/accounting?year=2026&quarter=9",
            "/accounting?year=yesterday",
            "/accounting/download?kind=oss&year=2026&quarter=9",
            "/accounting/download?kind=ecsl&year=2026&quarter=1&month=13",
        ] {
            let (st, _, location, _) = get_raw(&app, &session, path).await;
            assert_eq!(st, 303, "{path}");
            assert!(
                location.starts_with("/accounting?error="),
                "{path}: {location}"
            );
            let (st, html) = page_in(&app, &session, &location, "en").await;
            assert_eq!(st, 200, "{location}");
            let alert = html
                .split("role=\"alert\"")
                .nth(1)
                .unwrap_or_else(|| panic!("an error on {location}: {html}"));
            assert!(
                alert.contains("Choose a"),
                "{path}: {}",
                &alert[..alert.len().min(200)]
            );
        }
        let (st, _, location, _) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=zip&{query}"),
        )
        .await;
        assert_eq!(
            (st, location.starts_with("/accounting?error=")),
            (303, true)
        );

        // The revenue accounts: a regime's account and one for a single rate.
        let csrf = csrf_in(&html);
        let mut fields = accounts_form(&[
            ("accounts[7].regime", "DOMESTIC"),
            ("accounts[7].rate", "3"),
            ("accounts[7].account", "706103"),
            ("accounts[8].regime", ""),
            ("accounts[8].rate", ""),
            ("accounts[8].account", ""),
        ]);
        fields[1].1 = "706100".into();
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (st, location, _) = post_accounts(&app, &session, &csrf, &borrowed).await;
        assert_eq!(st, 303);
        assert!(location.starts_with("/accounting?notice="), "{location}");
        let (_, saved) = app.get("/api/v1/store/accounting/accounts", Some(t)).await;
        let choices: Vec<(&str, &str, &str)> = saved["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["regime"].as_str().unwrap(),
                    c["rate"].as_str().unwrap(),
                    c["account"].as_str().unwrap(),
                )
            })
            .collect();
        assert!(choices.contains(&("DOMESTIC", "", "706100")), "{saved}");
        assert!(choices.contains(&("DOMESTIC", "3", "706103")), "{saved}");
        assert!(choices.contains(&("EXPORT", "", "70614")), "{saved}");
        let html = page(&app, &session, &location).await;
        assert!(
            text(&html).contains("Revenue accounts saved."),
            "the notice"
        );
        let form = section(&html, "accounting-accounts");
        assert!(form.contains("value=\"706103\""), "{form}");
        assert!(form.contains("value=\"706100\""), "{form}");
        assert!(
            text(section(&html, "accounting-journal")).contains("706103"),
            "the journal books the 3 % rows to their account"
        );

        // A bad account: the page again, the error tied to its field, nothing saved.
        let mut bad = fields.clone();
        bad.iter_mut()
            .find(|(k, _)| k == "accounts[7].account")
            .unwrap()
            .1 = "=1+1".into();
        let borrowed: Vec<(&str, &str)> =
            bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (st, _, html) = post_accounts(&app, &session, &csrf, &borrowed).await;
        assert_eq!(st, 422, "{html}");
        let input = html
            .split("<input id=\"acc-7-account\"")
            .nth(1)
            .and_then(|r| r.split('>').next())
            .unwrap_or_else(|| panic!("the account input: {html}"));
        assert!(
            input.contains("aria-invalid=\"true\"")
                && input.contains("aria-describedby=\"err-accounts-7--account\""),
            "{input}"
        );
        assert!(
            input.contains("value=\"=1+1\""),
            "the input keeps what was typed: {input}"
        );
        assert!(
            html.contains("<span class=\"field-error\" id=\"err-accounts-7--account\">Use 1 to 20 letters, digits, dots or dashes.</span>"),
            "{html}"
        );
        assert!(text(&html).contains("1 field needs attention."));
        let (_, still) = app.get("/api/v1/store/accounting/accounts", Some(t)).await;
        assert_eq!(still, saved, "nothing was saved");
        // In French, the field's message too.
        let res = app
            .client
            .post(app.url("/accounting/accounts"))
            .header("cookie", format!("orion_session={session}"))
            .header("accept-language", "fr")
            .form(&[vec![("csrf_token", csrf.as_str())], borrowed.clone()].concat())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            text(&html).contains("Utilisez de 1 à 20 lettres, chiffres, points ou tirets."),
            "{html}"
        );
    }
);

dual_test!(
    accounting_pages_prepare_the_accountants_package,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "ACCPKG-LU", json!({})).await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "business").await;
        let t = a.token.as_str();
        let o = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (st, inv) = invoice(&app, t, o).await;
        assert_eq!(st, 201, "{inv}");
        let number = inv["number"].as_str().unwrap().to_owned();
        let (y, q) = Period::quarter_of(today());
        let (session, _) = login(&app, &a.email).await;

        // The card says what the zip holds and offers the quarter's package; none yet.
        let html = page(&app, &session, "/accounting").await;
        let card = text(section(&html, "accounting-package"));
        for words in [
            "Package for the accountant",
            "sales journal",
            "VAT summary",
            "every invoice and credit note as PDF",
            "SHA-256 manifest",
            &format!("For Q{q} {y}."),
            "Prepare the package",
            "No package prepared yet.",
        ] {
            assert!(card.contains(words), "{words} in: {card}");
        }

        // Preparing it leads to its page; the same form posted twice is one package.
        let (st, location) = post_package(&app, &session, &html).await;
        assert_eq!(st, 303, "{location}");
        let id: i64 = location
            .strip_prefix("/accounting/packages/")
            .and_then(|i| i.parse().ok())
            .unwrap_or_else(|| panic!("the package's page: {location}"));
        let (st, again) = post_package(&app, &session, &html).await;
        assert_eq!((st, again.as_str()), (303, location.as_str()));
        let html = page(&app, &session, &location).await;
        assert!(
            html.contains("<h1>Package for the accountant</h1>"),
            "{html}"
        );
        assert!(
            html.contains(&format!("data-poll=\"/accounting/packages/{id}/progress\"")),
            "{html}"
        );
        assert!(html.contains("<progress id=\"job-bar\""), "{html}");
        assert!(
            html.contains("href=\"/accounting?year=") && html.contains("Back to accounting"),
            "{html}"
        );
        let period = text(&html);
        let from = Period::quarter(y, q).unwrap().from;
        assert!(
            period.contains(&format!("From {}", locale::date(from, Lang::En))),
            "{period}"
        );

        // The page's poller: the JSON it reads, until done.
        let mut progress = Value::Null;
        for _ in 0..300 {
            let (st, ct, _, body) = get_raw(
                &app,
                &session,
                &format!("/accounting/packages/{id}/progress"),
            )
            .await;
            assert_eq!((st, ct.as_str()), (200, "application/json"), "{body}");
            progress = serde_json::from_str(&body).unwrap();
            if progress["status"] == "done" || progress["status"] == "failed" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(progress["status"], "done", "{progress}");
        assert_eq!(progress["status_label"], "Ready", "{progress}");
        assert_eq!(progress["progress"], "1 of 1 document", "{progress}");
        assert_eq!(
            (progress["done"].as_i64(), progress["total"].as_i64()),
            (Some(1), Some(1))
        );

        // Done: the page offers the download, the accounting page lists it.
        let html = page(&app, &session, &location).await;
        assert!(html.contains("data-status=\"done\""), "{html}");
        assert!(
            html.contains(&format!("href=\"/accounting/packages/{id}/download\""))
                && text(&html).contains("Download the package"),
            "{html}"
        );
        let (_, fr) = page_in(&app, &session, &location, "fr").await;
        let fr = text(&fr);
        assert!(
            fr.contains("Dossier pour le comptable")
                && fr.contains("Prêt")
                && fr.contains("1 document sur 1")
                && fr.contains("Télécharger le dossier"),
            "{fr}"
        );
        let html = page(&app, &session, "/accounting").await;
        let list = section(&html, "accounting-package");
        assert!(list.contains(&format!("data-package=\"{id}\"")), "{list}");
        let row = text(list);
        assert!(
            row.contains("Ready 1 of 1 document Zip file"),
            "the list: {row}"
        );

        // The zip: the journal, the VAT summary, the invoice's PDF and the manifest.
        let res = app
            .client
            .get(app.url(&format!("/accounting/packages/{id}/download")))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(orion_testkit::content_type(&res), "application/zip");
        let disposition = res
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            disposition.contains("accounting-package-ACCPKG-LU-"),
            "{disposition}"
        );
        let bytes = res.bytes().await.unwrap();
        let z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().to_string()).collect();
        for want in [
            "manifest.sha256",
            "sales-journal.csv",
            "vat-summary.csv",
            &format!("invoices/{number}.pdf"),
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }

        // Not done (a runner holds it): the download goes back to the page with a message.
        app.db
            .conn()
            .execute_unprepared(&format!(
                "UPDATE accounting_packages SET status = 'running', lease_until = '2999-01-01T00:00:00Z' WHERE id = {id}"
            ))
            .await
            .unwrap();
        let (st, _, back, _) = get_raw(
            &app,
            &session,
            &format!("/accounting/packages/{id}/download"),
        )
        .await;
        assert_eq!(st, 303);
        assert!(
            back.starts_with(&format!("/accounting/packages/{id}?error=")),
            "{back}"
        );
        let html = page(&app, &session, &back).await;
        assert!(html.contains("data-status=\"running\""), "{html}");
        let alert = html
            .split("role=\"alert\"")
            .nth(1)
            .unwrap_or_else(|| panic!("an error: {html}"));
        assert!(alert.contains("The package is not ready yet."), "{alert}");
        assert!(
            !html.contains("/download\""),
            "no download before it is done"
        );
        let (st, fr) = page_in(&app, &session, &back, "fr").await;
        assert_eq!(st, 200);
        assert!(text(&fr).contains("En préparation"), "{fr}");

        // Another store's package: the 404 page, on every route.
        let other = app.merchant_with_store(&admin, "ACCPKG-DE").await;
        crate::billing::set_tier(&app, &admin, other.merchant_id, "business").await;
        let (other_session, _) = login(&app, &other.email).await;
        for suffix in ["", "/progress", "/download"] {
            let (st, ct, _, body) = get_raw(
                &app,
                &other_session,
                &format!("/accounting/packages/{id}{suffix}"),
            )
            .await;
            assert_eq!(
                (st, ct.as_str()),
                (404, "text/html; charset=utf-8"),
                "{suffix}: {body}"
            );
        }
        let html = page(&app, &other_session, "/accounting").await;
        assert!(
            !html.contains(&format!("data-package=\"{id}\"")),
            "another store's packages are not listed"
        );
    }
);

dual_test!(
    accounting_pages_follow_the_plan,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "ACCPRO-LU", json!({})).await;
        crate::billing::set_tier(&app, &admin, a.merchant_id, "professional").await;
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/accounting").await;
        // The OSS return and the EC sales list are there…
        let oss = text(section(&html, "accounting-oss"));
        assert!(
            oss.contains("OSS return") && oss.contains("File by"),
            "{oss}"
        );
        assert!(text(section(&html, "accounting-ecsl")).contains("EC sales list"));
        // …the journal and the VAT summary say which plan brings them.
        let journal = text(section(&html, "accounting-journal"));
        assert!(
            journal.contains(
                "Sales journal is not included in your plan — upgrade to Business to use it."
            ),
            "{journal}"
        );
        assert!(text(section(&html, "accounting-vat")).contains("Business"));
        let plan = text(&html);
        assert!(
            plan.contains("come with the Business plan"),
            "the page says which plan brings the rest: {plan}"
        );
        assert!(!html.contains("kind=journal") && !html.contains("kind=faia"));
        assert!(!html.contains("data-testid=\"accounting-accounts\""));
        // No accountant's package on this plan, and posting for one is refused.
        assert!(!html.contains("data-testid=\"accounting-package\""));
        assert!(!html.contains("/accounting/packages"));
        let res = app
            .client
            .post(app.url("/accounting/packages"))
            .header("cookie", format!("orion_session={session}"))
            .form(&[
                ("csrf_token", csrf_in(&html).as_str()),
                ("year", "2026"),
                ("quarter", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/accounting?error="), "{location}");
        let (y, q) = Period::quarter_of(today());
        let (st, ct, _, _) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=oss&year={y}&quarter={q}"),
        )
        .await;
        assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
        let (st, _, location, _) = get_raw(
            &app,
            &session,
            &format!("/accounting/download?kind=journal&year={y}&quarter={q}"),
        )
        .await;
        assert_eq!(st, 303);
        assert!(location.starts_with("/accounting?error="), "{location}");

        // Without EU VAT invoicing, the page is refused.
        crate::billing::set_tier(&app, &admin, a.merchant_id, "essential").await;
        let res = app
            .client
            .get(app.url("/accounting"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
    }
);
