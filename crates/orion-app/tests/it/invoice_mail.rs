//! Invoices e-mailed to buyers with their e-invoices: the stored PDF (Factur-X for stores with
//! it on) and the Peppol UBL attached; "send invoices when issued" queues the e-mail in the
//! issuing transaction (and issues all the same when the buyer has no usable address); the
//! bulk `email` action sends each selected order's invoice, an order without one being that
//! order's error.

use chrono::Utc;
use orion_messaging::deliver_due;
use orion_testkit::{TestApp, dual_test};
use serde_json::json;

use crate::billing::set_tier;
use crate::bulk::{bulk, finished};
use crate::invoicing::{both, invoice, setup, shipped_order};
use crate::messaging::{Smtp, log, part, smtp_on};

dual_test!(
    invoice_mail_carries_the_pdf_and_the_ubl,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (admin, a) = setup(&app, "IMAIL-LU", json!({})).await;
        set_tier(&app, &admin, a.merchant_id, "professional").await;
        let t = &a.token;
        let order = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (st, inv) = invoice(&app, t, order).await;
        assert_eq!(st, 201, "{inv}");
        let (st, b) = app
            .post(
                &format!("/api/v1/store/invoices/{}/send", inv["id"]),
                json!({}),
                Some(t),
            )
            .await;
        assert_eq!(st, 202, "{b}");
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 1);
        let data = &mails[0].data;
        let number = inv["number"].as_str().unwrap();
        let (_, served, _) = app
            .raw(
                "GET",
                &format!("/api/v1/store/invoices/{}/pdf", inv["id"]),
                Some(t),
            )
            .await;
        assert_eq!(part(data, "application/pdf").unwrap(), served);
        // A new store has Factur-X on: the attached PDF carries the CII.
        assert!(served.windows(12).any(|w| w == b"factur-x.xml"));
        let (_, ubl, _) = app
            .raw(
                "GET",
                &format!("/api/v1/store/invoices/{}/ubl", inv["id"]),
                Some(t),
            )
            .await;
        assert_eq!(part(data, "application/xml").unwrap(), ubl);
        assert!(
            data.contains(&format!("filename=\"{number}.xml\"")),
            "{data}"
        );
    }
);

dual_test!(
    invoices_are_emailed_when_issued_if_the_store_says_so,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "IMAIL-AUTO", json!({})).await;
        set_tier(&app, &admin, a.merchant_id, "professional").await;
        let t = &a.token;
        let (_, s) = app.get("/api/v1/store/settings/invoice", Some(t)).await;
        assert_eq!(s["send_on_issue"], false, "off for new stores");
        let order = shipped_order(&app, t, both(), "LU", "1611", json!({})).await;
        let (st, _) = invoice(&app, t, order).await;
        assert_eq!(st, 201);
        assert!(
            log(&app, t).await.is_empty(),
            "nothing sent while it is off"
        );

        let mut body = crate::invoicing::settings_body();
        body["send_on_issue"] = json!(true);
        let (st, s) = app
            .json("PUT", "/api/v1/store/settings/invoice", Some(body), Some(t))
            .await;
        assert_eq!(st, 200, "{s}");
        assert_eq!(s["send_on_issue"], true);
        let order = shipped_order(
            &app,
            t,
            both(),
            "LU",
            "1611",
            json!({"email": "auto@example.test"}),
        )
        .await;
        let (st, inv) = invoice(&app, t, order).await;
        assert_eq!(st, 201, "{inv}");
        let rows = log(&app, t).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0]["to"], "auto@example.test");
        assert_eq!(rows[0]["template"], "invoice");
        assert!(
            rows[0]["subject"]
                .as_str()
                .unwrap()
                .contains(inv["number"].as_str().unwrap())
        );
        // A credit note is e-mailed when issued too.
        let (st, cn) = app
            .post(
                &format!("/api/v1/store/invoices/{}/credit-note", inv["id"]),
                json!({"reason": "returned", "lines": [{"position": 1, "quantity": 1}]}),
                Some(t),
            )
            .await;
        assert_eq!(st, 201, "{cn}");
        let rows = log(&app, t).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0]["template"], "credit_note", "{rows:?}");
        assert!(
            rows[0]["subject"]
                .as_str()
                .unwrap()
                .contains(cn["number"].as_str().unwrap())
        );
    }
);

dual_test!(
    the_bulk_email_action_sends_each_orders_invoice,
    |app: TestApp| async move {
        let (admin, a) = setup(&app, "IMAIL-BULK", json!({})).await;
        set_tier(&app, &admin, a.merchant_id, "professional").await;
        let t = &a.token;
        let mut ids = Vec::new();
        for i in 0..3 {
            ids.push(
                shipped_order(
                    &app,
                    t,
                    both(),
                    "LU",
                    "1611",
                    json!({"email": format!("b{i}@example.test")}),
                )
                .await,
            );
        }
        // Two invoiced, the third not.
        for o in &ids[..2] {
            let (st, _) = invoice(&app, t, *o).await;
            assert_eq!(st, 201);
        }
        let (st, job) = bulk(&app, t, json!({"action": "email", "order_ids": ids}), None).await;
        assert_eq!(st, 202, "{job}");
        let j = finished(&app, t, &job["job_id"]).await;
        let results = j["results"].as_array().unwrap();
        assert_eq!(results.iter().filter(|r| r["ok"] == true).count(), 2, "{j}");
        let refused: Vec<_> = results.iter().filter(|r| r["ok"] == false).collect();
        assert_eq!(refused.len(), 1, "{j}");
        assert!(
            refused[0]["error"]
                .as_str()
                .unwrap()
                .contains("no invoice to send"),
            "{j}"
        );
        let mut to: Vec<String> = log(&app, t)
            .await
            .iter()
            .map(|r| r["to"].as_str().unwrap().to_owned())
            .collect();
        to.sort();
        assert_eq!(to, ["b0@example.test", "b1@example.test"]);
        // An unknown action names its field with the list.
        let (st, p) = bulk(&app, t, json!({"action": "mail", "order_ids": ids}), None).await;
        assert_eq!(st, 422, "{p}");
        assert!(p.to_string().contains("email"), "{p}");
    }
);
