//! E-mail through a real SMTP conversation on loopback: the invoice sent to its buyer with
//! the PDF attached byte for byte, retries after refusals, an outage that leaves messages
//! pending in the log until the server is back, two instances sending each message once,
//! password reset by e-mail, invitations e-mailed, and the pages. Delivery is driven by
//! calling `deliver_due` (the test app runs no worker), moving the clock instead of
//! sleeping.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use chrono::{Duration, Utc};
use orion_messaging::{Delivery, SmtpSettings, Tls, deliver_due};
use orion_testkit::{Actor, TestApp, dual_test};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use super::billing::set_tier;
use super::invoicing::{both, invoice, setup, shipped_order};
use super::pages::{csrf_in, login, page};

/// One message the SMTP server accepted: its recipients and its data.
#[derive(Clone)]
pub(crate) struct Mail {
    pub(crate) rcpt: Vec<String>,
    pub(crate) data: String,
}

/// A minimal SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on loopback that
/// keeps what it accepts and refuses the next `refuse` transactions with a 451.
pub(crate) struct Smtp {
    pub(crate) port: u16,
    inbox: Arc<Mutex<Vec<Mail>>>,
    refuse: Arc<AtomicUsize>,
}

impl Smtp {
    pub(crate) async fn start() -> Smtp {
        Self::on(TcpListener::bind("127.0.0.1:0").await.unwrap())
    }

    fn on(listener: TcpListener) -> Smtp {
        let port = listener.local_addr().unwrap().port();
        let inbox: Arc<Mutex<Vec<Mail>>> = Arc::default();
        let refuse = Arc::new(AtomicUsize::new(0));
        let (i, r) = (inbox.clone(), refuse.clone());
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                tokio::spawn(converse(sock, i.clone(), r.clone()));
            }
        });
        Smtp {
            port,
            inbox,
            refuse,
        }
    }

    fn mails(&self) -> Vec<Mail> {
        self.inbox.lock().unwrap().clone()
    }

    pub(crate) fn to(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.rcpt.iter().any(|r| r == address))
            .collect()
    }
}

async fn converse(
    sock: tokio::net::TcpStream,
    inbox: Arc<Mutex<Vec<Mail>>>,
    refuse: Arc<AtomicUsize>,
) {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    let _ = w.write_all(b"220 test ESMTP\r\n").await;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
            break;
        }
        let cmd = line.trim_end().to_owned();
        let up = cmd.to_ascii_uppercase();
        let answer: &[u8] = if up.starts_with("EHLO") {
            b"250-test\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n"
        } else if up.starts_with("MAIL FROM") {
            rcpt.clear();
            let left = refuse.load(Ordering::SeqCst);
            if left > 0 {
                refuse.store(left - 1, Ordering::SeqCst);
                b"451 4.3.0 try again later\r\n"
            } else {
                b"250 ok\r\n"
            }
        } else if up.starts_with("RCPT TO") {
            rcpt.push(
                cmd[8..]
                    .trim_matches(|c| c == ' ' || c == '<' || c == '>' || c == ':')
                    .to_owned(),
            );
            b"250 ok\r\n"
        } else if up == "DATA" {
            let _ = w.write_all(b"354 go ahead\r\n").await;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if r.read_line(&mut l).await.unwrap_or(0) == 0 || l == ".\r\n" || l == ".\n" {
                    break;
                }
                data.push_str(
                    l.strip_prefix('.')
                        .filter(|_| l.starts_with(".."))
                        .unwrap_or(&l),
                );
            }
            inbox.lock().unwrap().push(Mail {
                rcpt: std::mem::take(&mut rcpt),
                data,
            });
            b"250 queued\r\n"
        } else if up == "QUIT" {
            let _ = w.write_all(b"221 bye\r\n").await;
            break;
        } else if up.starts_with("HELO") || up.starts_with("NOOP") || up.starts_with("RSET") {
            b"250 ok\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if w.write_all(answer).await.is_err() {
            break;
        }
    }
}

/// Sending to the test server on `port` (plain SMTP on loopback).
pub(crate) fn smtp_on(port: u16) -> Delivery {
    Delivery {
        smtp: SmtpSettings {
            host: Some("127.0.0.1".into()),
            port,
            tls: Tls::None,
            from: "orion@example.test".into(),
            ..SmtpSettings::default()
        },
        demo_mailbox: false,
    }
}

/// A port nobody listens on (an SMTP outage).
async fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

/// A header of a message (first occurrence, unfolded).
fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\r\n\r\n").next().unwrap_or("");
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

/// The decoded body of the first part of `content_type` (base64 or 7bit/quoted text).
pub(crate) fn part(data: &str, content_type: &str) -> Option<Vec<u8>> {
    let at = data.find(&format!("Content-Type: {content_type}"))?;
    let rest = &data[at..];
    let body_at = rest.find("\r\n\r\n")? + 4;
    let headers = &rest[..body_at];
    let body = &rest[body_at..];
    let end = body.find("\r\n--").unwrap_or(body.len());
    let body = &body[..end];
    if headers.contains("base64") {
        let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD.decode(clean).ok()
    } else if headers.contains("quoted-printable") {
        Some(body.replace("=\r\n", "").replace("=3D", "=").into_bytes())
    } else {
        Some(body.as_bytes().to_vec())
    }
}

/// A store with invoice settings (French invoices), on a plan that invoices, and an
/// invoiced order of `anne@example.test` with locale `fr`; (actor, invoice).
async fn invoiced(app: &TestApp, code: &str) -> (Actor, Value) {
    let (admin, a) = setup(app, code, json!({})).await;
    set_tier(app, &admin, a.merchant_id, "professional").await;
    let order = shipped_order(app, &a.token, both(), "LU", "1611", json!({})).await;
    let (st, inv) = invoice(app, &a.token, order).await;
    assert_eq!(st, 201, "{inv}");
    (a, inv)
}

async fn send(app: &TestApp, token: &str, invoice: &Value, body: Value) -> (u16, Value) {
    app.post(
        &format!("/api/v1/store/invoices/{}/send", invoice["id"]),
        body,
        Some(token),
    )
    .await
}

pub(crate) async fn log(app: &TestApp, token: &str) -> Vec<Value> {
    let (st, b) = app.get("/api/v1/store/emails", Some(token)).await;
    assert_eq!(st, 200, "{b}");
    b["items"].as_array().unwrap().clone()
}

dual_test!(
    the_invoice_reaches_the_buyer_once_with_its_pdf,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (a, inv) = invoiced(&app, "MAIL-LU").await;
        // A bad address is refused naming `to`, and nothing is queued.
        let (st, b) = send(&app, &a.token, &inv, json!({"to": "not an address"})).await;
        assert_eq!(st, 422, "{b}");
        assert_eq!(b["errors"][0]["field"], "to", "{b}");
        assert!(log(&app, &a.token).await.is_empty());

        let (st, sent) = send(&app, &a.token, &inv, json!({})).await;
        assert_eq!(st, 202, "{sent}");
        assert_eq!(sent["status"], "pending");
        let pending = log(&app, &a.token).await;
        assert_eq!(pending[0]["status"], "pending");
        assert_eq!(pending[0]["id"], sent["message_id"]);

        let round = deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        assert_eq!(round.sent, 1);
        let again = deliver_due(
            &app.db,
            &smtp_on(smtp.port),
            Utc::now() + Duration::hours(1),
            50,
        )
        .await
        .unwrap();
        assert_eq!(again.sent, 0, "a sent message is never sent again");
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 1, "exactly one message to the buyer");
        let data = &mails[0].data;
        let from = header(data, "From").unwrap();
        assert!(
            from.contains("orion@example.test") && from.contains("MAIL-LU store"),
            "{from}"
        );
        assert!(header(data, "Message-ID").is_some_and(|m| m.starts_with('<') && m.contains('@')));
        assert!(header(data, "Date").is_some());
        let subject = header(data, "Subject").unwrap();
        let number = inv["number"].as_str().unwrap();
        assert!(
            subject.starts_with("Facture") && subject.contains(number),
            "{subject}"
        );
        let text = String::from_utf8(part(data, "text/plain").unwrap()).unwrap();
        assert!(text.contains("Bonjour") && text.contains(number), "{text}");
        assert!(part(data, "text/html").is_some());

        let served = app
            .client
            .get(app.url(&format!("/api/v1/store/invoices/{}/pdf", inv["id"])))
            .bearer_auth(&a.token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let attached = part(data, "application/pdf").expect("a PDF part");
        assert!(attached.starts_with(b"%PDF"));
        assert_eq!(
            attached,
            served.to_vec(),
            "the attachment is the served PDF"
        );

        let rows = log(&app, &a.token).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["status"], "sent");
        assert_eq!(rows[0]["attempts"], 1);
        assert_eq!(rows[0]["template"], "invoice");
        assert_eq!(rows[0]["to"], "anne@example.test");
        assert!(rows[0]["sent_at"].is_string());
        assert_eq!(
            header(data, "Message-ID").unwrap(),
            rows[0]["message_id"].as_str().unwrap()
        );

        // Resend: a new message with the same content, delivered once more.
        let (st, again) = app
            .post(
                &format!("/api/v1/store/emails/{}/resend", rows[0]["id"]),
                json!({}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 202, "{again}");
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 2);
        assert_eq!(
            part(&mails[1].data, "application/pdf").unwrap(),
            served.to_vec()
        );
    }
);

dual_test!(
    a_server_that_refuses_twice_gets_the_message_once,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        smtp.refuse.store(2, Ordering::SeqCst);
        let (a, inv) = invoiced(&app, "RETRY-LU").await;
        let (st, _) = send(
            &app,
            &a.token,
            &inv,
            json!({"to": "accounts@buyer.example"}),
        )
        .await;
        assert_eq!(st, 202);
        let d = smtp_on(smtp.port);
        let t0 = Utc::now();
        let r = deliver_due(&app.db, &d, t0, 50).await.unwrap();
        assert_eq!((r.sent, r.retrying), (0, 1));
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(row["status"], "pending");
        assert_eq!(row["attempts"], 1);
        assert!(
            row["last_error"].as_str().unwrap().contains("451")
                || row["last_error"].as_str().unwrap().contains("try again"),
            "{row}"
        );
        // Not due again before its backoff.
        let r = deliver_due(&app.db, &d, t0 + Duration::seconds(1), 50)
            .await
            .unwrap();
        assert_eq!(r.retrying + r.sent, 0);
        let r = deliver_due(&app.db, &d, t0 + Duration::hours(1), 50)
            .await
            .unwrap();
        assert_eq!(r.retrying, 1);
        let r = deliver_due(&app.db, &d, t0 + Duration::hours(2), 50)
            .await
            .unwrap();
        assert_eq!(r.sent, 1);
        deliver_due(&app.db, &d, t0 + Duration::hours(3), 50)
            .await
            .unwrap();
        assert_eq!(
            smtp.to("accounts@buyer.example").len(),
            1,
            "delivered exactly once"
        );
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(row["status"], "sent");
        assert_eq!(row["attempts"], 3);
        assert!(row["last_error"].is_null(), "{row}");
    }
);

dual_test!(
    an_smtp_outage_leaves_mail_pending_in_the_log_until_it_recovers,
    |app: TestApp| async move {
        let (a, inv) = invoiced(&app, "DOWN-LU").await;
        let (st, _) = send(&app, &a.token, &inv, json!({})).await;
        assert_eq!(st, 202);
        // No server configured: the message waits, saying why.
        let unconfigured = Delivery {
            smtp: SmtpSettings::default(),
            demo_mailbox: false,
        };
        let r = deliver_due(&app.db, &unconfigured, Utc::now(), 50)
            .await
            .unwrap();
        assert_eq!(r.waiting, 1);
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(row["status"], "pending");
        assert_eq!(row["last_error"], "no SMTP server configured");
        assert_eq!(row["attempts"], 0);
        // The server is down: the attempt fails, the message stays pending.
        let port = dead_port().await;
        let t0 = Utc::now();
        let r = deliver_due(&app.db, &smtp_on(port), t0, 50).await.unwrap();
        assert_eq!(r.retrying, 1);
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(row["status"], "pending");
        assert!(
            row["last_error"]
                .as_str()
                .is_some_and(|e| !e.is_empty() && e != "no SMTP server configured"),
            "{row}"
        );
        // The log page shows it waiting, with the error.
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/emails").await;
        assert!(
            html.contains("Waiting to be sent") || html.contains("En attente d'envoi"),
            "{html}"
        );
        assert!(html.contains("data-testid=\"email-error\""), "{html}");
        // The server comes back on the same port: the message leaves at its next attempt.
        let smtp = Smtp::on(TcpListener::bind(("127.0.0.1", port)).await.unwrap());
        let r = deliver_due(&app.db, &smtp_on(port), t0 + Duration::hours(1), 50)
            .await
            .unwrap();
        assert_eq!(r.sent, 1);
        assert_eq!(smtp.to("anne@example.test").len(), 1);
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(
            (row["status"].as_str(), row["attempts"].as_i64()),
            (Some("sent"), Some(2))
        );
    }
);

dual_test!(
    two_instances_send_each_message_once,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (a, inv) = invoiced(&app, "TWIN-LU").await;
        let n = 8;
        for i in 0..n {
            let (st, b) = send(
                &app,
                &a.token,
                &inv,
                json!({"to": format!("b{i}@buyer.example")}),
            )
            .await;
            assert_eq!(st, 202, "{b}");
        }
        let other = TestApp::start_on(app.backend, app.database_url.clone(), None).await;
        let d = smtp_on(smtp.port);
        for _ in 0..3 {
            let now = Utc::now();
            let (x, y) = tokio::join!(
                deliver_due(&app.db, &d, now, 3),
                deliver_due(&other.db, &d, now, 3)
            );
            x.unwrap();
            y.unwrap();
        }
        let mails = smtp.mails();
        assert_eq!(mails.len(), n, "each message exactly once");
        let mut ids: Vec<String> = mails
            .iter()
            .map(|m| header(&m.data, "Message-ID").unwrap())
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(
            log(&app, &a.token)
                .await
                .iter()
                .all(|r| r["status"] == "sent" && r["attempts"] == 1)
        );
    }
);

/// The reset token of the last reset e-mail to `address`.
fn reset_token(smtp: &Smtp, address: &str) -> String {
    let mails = smtp.to(address);
    let text =
        String::from_utf8(part(&mails.last().expect("a reset e-mail").data, "text/plain").unwrap())
            .unwrap();
    let at = text.find("token=").expect("a token link") + "token=".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Confirms a reset: the status and the field of the first error.
async fn confirm(app: &TestApp, tok: &str, password: &str) -> (u16, Option<String>) {
    let (st, b) = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": tok, "password": password}),
            None,
        )
        .await;
    (st, b["errors"][0]["field"].as_str().map(str::to_owned))
}

dual_test!(
    password_reset_by_email_works_once_and_says_nothing_about_unknown_addresses,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let d = smtp_on(smtp.port);
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "RESET-LU").await;
        let ask = |email: String| {
            let app = &app;
            async move {
                let res = app
                    .client
                    .post(app.url("/api/v1/auth/password-reset"))
                    .json(&json!({"email": email}))
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.bytes().await.unwrap())
            }
        };
        let unknown = ask("nobody@example.test".into()).await;
        let known = ask(a.email.clone()).await;
        assert_eq!(unknown.0, 202);
        assert_eq!(
            known, unknown,
            "the same answer for known and unknown addresses"
        );
        let (st, b) = app
            .post(
                "/api/v1/auth/password-reset",
                json!({"email": "nope"}),
                None,
            )
            .await;
        assert_eq!(
            (st, b["errors"][0]["field"].as_str()),
            (422, Some("email")),
            "{b}"
        );
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        assert!(
            smtp.to("nobody@example.test").is_empty(),
            "nothing goes to an unknown address"
        );
        let tok = reset_token(&smtp, &a.email);
        assert!(tok.starts_with("rst_"), "{tok}");
        let mail = smtp.to(&a.email)[0].data.clone();
        assert!(
            mail.contains(&format!("{}/password-reset?token=", app.url(""))),
            "{mail}"
        );

        // The policy applies, and a refused password does not use the token up.
        assert_eq!(
            confirm(&app, &tok, "short").await,
            (422, Some("password".to_owned()))
        );
        assert_eq!(
            confirm(&app, &tok, "New-pass-for-test-9").await,
            (204, None)
        );
        assert_eq!(
            confirm(&app, &tok, "Other-pass-for-test-9").await,
            (422, Some("token".to_owned()))
        );
        // Every session of the user ended; the new password logs in, the old one does not.
        let (st, _) = app.get("/api/v1/auth/me", Some(&a.token)).await;
        assert_eq!(st, 401);
        app.login(&a.email, "New-pass-for-test-9", None).await;
        let (st, _) = app
            .post(
                "/api/v1/auth/login",
                json!({"email": a.email, "password": orion_testkit::PASSWORD}),
                None,
            )
            .await;
        assert_eq!(st, 401);

        // An expired token is refused.
        let known = ask(a.email.clone()).await;
        assert_eq!(known.0, 202);
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        let tok = reset_token(&smtp, &a.email);
        use sea_orm::ConnectionTrait;
        app.db
            .conn()
            .execute_unprepared("UPDATE password_resets SET expires_at = created_at")
            .await
            .unwrap();
        assert_eq!(
            confirm(&app, &tok, "Third-pass-for-test-9").await,
            (422, Some("token".to_owned()))
        );

        // Throttled per address: more requests answer the same, but send nothing more.
        let before = smtp.to(&a.email).len();
        for _ in 0..3 {
            assert_eq!(ask(a.email.clone()).await, unknown);
        }
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        let after = smtp.to(&a.email).len();
        assert!(
            after - before <= 1,
            "at most 3 reset e-mails an hour ({before} → {after})"
        );
    }
);

dual_test!(
    an_invitation_is_emailed_with_its_working_link,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "INVITE-LU").await;
        set_tier(&app, &admin, a.merchant_id, "professional").await;
        let (st, inv) = app
            .post(
                "/api/v1/store/team/invitations",
                json!({"email": "new.colleague@example.test", "role": "staff"}),
                Some(&a.token),
            )
            .await;
        assert_eq!(st, 201, "{inv}");
        let url = inv["accept_url"].as_str().unwrap().to_owned();
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let mails = smtp.to("new.colleague@example.test");
        assert_eq!(mails.len(), 1);
        let text = String::from_utf8(part(&mails[0].data, "text/plain").unwrap()).unwrap();
        assert!(
            text.contains(&url) && text.contains("INVITE-LU store"),
            "{text}"
        );
        assert_eq!(log(&app, &a.token).await[0]["template"], "invitation");
        // The link opens the invitation page, and accepting it makes a member.
        let path = url.strip_prefix(&app.url("")).unwrap().to_owned();
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let tok = path.rsplit('/').next().unwrap();
        let (st, b) = app
            .post(
                &format!("/api/v1/auth/invitations/{tok}/accept"),
                json!({"password": "Colleague-pass-9"}),
                None,
            )
            .await;
        assert!(st < 300, "{st} {b}");
        app.login(
            "new.colleague@example.test",
            "Colleague-pass-9",
            Some("INVITE-LU"),
        )
        .await;
    }
);

/// A form post of a signed-in browser.
async fn post_form(
    app: &TestApp,
    session: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("cookie", format!("orion_session={session}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

dual_test!(
    the_invoice_page_sends_by_email_and_the_emails_page_resends,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (a, inv) = invoiced(&app, "PAGE-LU").await;
        let (session, _) = login(&app, &a.email).await;
        let path = format!("/invoices/{}", inv["id"]);
        let html = page(&app, &session, &path).await;
        assert!(
            html.contains("data-testid=\"send-form\"") && html.contains("for=\"send-to\""),
            "{html}"
        );
        let csrf = csrf_in(&html);
        // A bad address comes back to the page with the field named, nothing queued.
        let res = post_form(
            &app,
            &session,
            &format!("{path}/send"),
            &[("csrf_token", &csrf), ("to", "nope")],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        assert!(location(&res).contains("error="), "{}", location(&res));
        assert!(log(&app, &a.token).await.is_empty());
        let res = post_form(
            &app,
            &session,
            &format!("{path}/send"),
            &[("csrf_token", &csrf), ("to", "")],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        assert!(location(&res).contains("notice="));
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        assert_eq!(smtp.to("anne@example.test").len(), 1);

        let html = page(&app, &session, "/emails").await;
        assert!(
            html.contains("href=\"/emails\""),
            "the navigation links the log"
        );
        assert!(
            html.contains(">Sent<") || html.contains(">Envoyé<"),
            "{html}"
        );
        let id = log(&app, &a.token).await[0]["id"].as_i64().unwrap();
        let res = post_form(
            &app,
            &session,
            &format!("/emails/{id}/resend"),
            &[("csrf_token", &csrf_in(&html))],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        assert_eq!(smtp.to("anne@example.test").len(), 2);
        assert_eq!(log(&app, &a.token).await.len(), 2);
        // The demo mailbox exists only in demo mode.
        let res = app
            .client
            .get(app.url("/dev/mailbox"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404);
    }
);

/// A page for a browser that is not signed in: its CSRF cookie and its HTML.
async fn anonymous_page(app: &TestApp, path: &str) -> (String, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (cookie, res.text().await.unwrap())
}

dual_test!(
    the_password_reset_pages_lead_from_the_login_page_to_a_new_password,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "RPAGE-LU").await;
        let login_html = app
            .client
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            login_html.contains("href=\"/password-reset\""),
            "{login_html}"
        );
        let (cookie, html) = anonymous_page(&app, "/password-reset").await;
        assert!(html.contains("for=\"email\""));
        let csrf = csrf_in(&html);
        let ask = |email: &'static str| {
            let (app, cookie, csrf) = (&app, cookie.clone(), csrf.clone());
            async move {
                app.client
                    .post(app.url("/password-reset"))
                    .header("cookie", cookie)
                    .form(&[("csrf_token", csrf.as_str()), ("email", email)])
                    .send()
                    .await
                    .unwrap()
            }
        };
        let res = ask("not-an-address").await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res.text().await.unwrap().contains("aria-invalid"));
        let res = ask("owner-rpage-lu@test.example").await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(location(&res), "/password-reset/sent");
        let unknown = ask("nobody@test.example").await;
        assert_eq!(
            location(&unknown),
            "/password-reset/sent",
            "the same for an unknown address"
        );
        let sent = app
            .client
            .get(app.url("/password-reset/sent"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(sent.contains("data-testid=\"reset-sent\""));
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let tok = reset_token(&smtp, &a.email);
        let (cookie, html) = anonymous_page(&app, &format!("/password-reset?token={tok}")).await;
        assert!(html.contains("for=\"password\"") && html.contains(&tok));
        let res = app
            .client
            .post(app.url("/password-reset/confirm"))
            .header("cookie", cookie)
            .form(&[
                ("csrf_token", csrf_in(&html).as_str()),
                ("token", tok.as_str()),
                ("password", "Page-new-pass-9"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert!(location(&res).starts_with("/login?notice="));
        app.login(&a.email, "Page-new-pass-9", None).await;
    }
);

dual_test!(
    the_demo_mailbox_and_the_per_minute_cap,
    |app: TestApp| async move {
        let (a, inv) = invoiced(&app, "CAP-LU").await;
        for i in 0..3 {
            let (st, _) = send(
                &app,
                &a.token,
                &inv,
                json!({"to": format!("c{i}@buyer.example")}),
            )
            .await;
            assert_eq!(st, 202);
        }
        // At most 2 a minute: the third waits for the next minute.
        let smtp = Smtp::start().await;
        let mut capped = smtp_on(smtp.port);
        capped.smtp.per_minute = Some(2);
        let t0 = Utc::now();
        assert_eq!(deliver_due(&app.db, &capped, t0, 50).await.unwrap().sent, 2);
        assert_eq!(
            deliver_due(&app.db, &capped, t0 + Duration::seconds(30), 50)
                .await
                .unwrap()
                .sent,
            0
        );
        assert_eq!(smtp.mails().len(), 2);
        assert_eq!(
            deliver_due(&app.db, &capped, t0 + Duration::seconds(61), 50)
                .await
                .unwrap()
                .sent,
            1
        );
        assert_eq!(smtp.mails().len(), 3);
        // Demo mode without a server: the mailbox takes the message (marked sent).
        let (st, _) = send(&app, &a.token, &inv, json!({})).await;
        assert_eq!(st, 202);
        let demo = Delivery {
            smtp: SmtpSettings::default(),
            demo_mailbox: true,
        };
        assert_eq!(
            deliver_due(&app.db, &demo, Utc::now(), 50)
                .await
                .unwrap()
                .sent,
            1
        );
        let row = log(&app, &a.token).await[0].clone();
        assert_eq!(
            (row["status"].as_str(), row["to"].as_str()),
            (Some("sent"), Some("anne@example.test"))
        );
        assert_eq!(smtp.mails().len(), 3, "nothing went over SMTP");
    }
);

// ---- The store's e-mail settings (sender name, Reply-To) and its own templates ----

async fn put(app: &TestApp, path: &str, body: Value, token: &str) -> (u16, Value) {
    app.json("PUT", path, Some(body), Some(token)).await
}

/// The first invalid field of a 422 and its message.
fn bad_field(b: &Value) -> (String, String) {
    (
        b["errors"][0]["field"].as_str().unwrap_or("").to_owned(),
        b["errors"][0]["message"].as_str().unwrap_or("").to_owned(),
    )
}

dual_test!(
    the_store_email_settings_give_invoice_emails_their_sender_and_reply_to,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (a, inv) = invoiced(&app, "SENDER-LU").await;
        let (st, s) = app
            .get("/api/v1/store/settings/email", Some(&a.token))
            .await;
        assert_eq!(st, 200, "{s}");
        assert!(s["sender_name"].is_null() && s["reply_to"].is_null(), "{s}");
        assert_eq!(s["default_sender_name"], "SENDER-LU store");
        // A bad Reply-To is refused naming it, and nothing is saved.
        let (st, b) = put(
            &app,
            "/api/v1/store/settings/email",
            json!({"sender_name": "Boutique Sender", "reply_to": "not an address"}),
            &a.token,
        )
        .await;
        assert_eq!(st, 422, "{b}");
        assert_eq!(bad_field(&b).0, "reply_to", "{b}");
        let (_, s) = app
            .get("/api/v1/store/settings/email", Some(&a.token))
            .await;
        assert!(s["sender_name"].is_null(), "{s}");
        let (st, s) = put(
            &app,
            "/api/v1/store/settings/email",
            json!({"sender_name": " Boutique Sender ", "reply_to": "contact@sender.example"}),
            &a.token,
        )
        .await;
        assert_eq!(st, 200, "{s}");
        let (_, s) = app
            .get("/api/v1/store/settings/email", Some(&a.token))
            .await;
        assert_eq!(
            (s["sender_name"].as_str(), s["reply_to"].as_str()),
            (Some("Boutique Sender"), Some("contact@sender.example")),
            "{s}"
        );
        // Another store has its own settings and cannot change these.
        let admin = app.admin_token().await;
        let b = app.merchant_with_store(&admin, "OTHER-SENDER-LU").await;
        let (st, other) = app
            .get("/api/v1/store/settings/email", Some(&b.token))
            .await;
        assert_eq!(st, 200);
        assert!(
            other["sender_name"].is_null() && other["reply_to"].is_null(),
            "{other}"
        );
        let (st, _) = put(
            &app,
            "/api/v1/store/settings/email",
            json!({"sender_name": "Other"}),
            &b.token,
        )
        .await;
        assert_eq!(st, 200);
        let (_, s) = app
            .get("/api/v1/store/settings/email", Some(&a.token))
            .await;
        assert_eq!(s["sender_name"], "Boutique Sender");

        // The invoice e-mail carries them.
        let (st, _) = send(&app, &a.token, &inv, json!({})).await;
        assert_eq!(st, 202);
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 1);
        let from = header(&mails[0].data, "From").unwrap();
        assert!(
            from.contains("Boutique Sender") && from.contains("orion@example.test"),
            "{from}"
        );
        let reply_to = header(&mails[0].data, "Reply-To").expect("a Reply-To");
        assert!(reply_to.contains("contact@sender.example"), "{reply_to}");

        // Cleared: the store's name again, no Reply-To.
        let (st, _) = put(
            &app,
            "/api/v1/store/settings/email",
            json!({"sender_name": "", "reply_to": ""}),
            &a.token,
        )
        .await;
        assert_eq!(st, 200);
        send(&app, &a.token, &inv, json!({})).await;
        deliver_due(&app.db, &smtp_on(smtp.port), Utc::now(), 50)
            .await
            .unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 2);
        assert!(
            header(&mails[1].data, "From")
                .unwrap()
                .contains("SENDER-LU store")
        );
        assert!(header(&mails[1].data, "Reply-To").is_none());
    }
);

dual_test!(
    a_store_template_changes_its_next_emails_in_that_language_only,
    |app: TestApp| async move {
        let smtp = Smtp::start().await;
        let (a, inv) = invoiced(&app, "TPL-LU").await;
        let number = inv["number"].as_str().unwrap().to_owned();
        let (st, list) = app
            .get("/api/v1/store/email-templates", Some(&a.token))
            .await;
        assert_eq!(st, 200, "{list}");
        let list = list.as_array().unwrap().clone();
        assert_eq!(
            list.len(),
            9,
            "invoice, credit note, invitation × en, fr, de"
        );
        assert!(list.iter().all(|t| t["overridden"] == false));
        let invoice_en = list
            .iter()
            .find(|t| t["template"] == "invoice" && t["language"] == "en")
            .unwrap();
        let names: Vec<&str> = invoice_en["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["number", "store_name", "buyer_name", "total", "issue_date"]
        );
        assert!(
            invoice_en["variables"][0]["description"]
                .as_str()
                .unwrap()
                .len()
                > 5
        );

        let path = "/api/v1/store/email-templates/invoice/fr";
        let (st, t) = app.get(path, Some(&a.token)).await;
        assert_eq!(st, 200, "{t}");
        assert_eq!(t["overridden"], false);
        assert_eq!(t["subject"], "Facture {{ number }} de {{ store_name }}");
        assert!(
            t["body"]
                .as_str()
                .unwrap()
                .starts_with("Bonjour {{ buyer_name }}")
        );

        // Unknown template or language: 404.
        for p in [
            "/api/v1/store/email-templates/nope/fr",
            "/api/v1/store/email-templates/invoice/it",
        ] {
            let (st, b) = app.get(p, Some(&a.token)).await;
            assert_eq!(st, 404, "{p} {b}");
            let (st, _) = put(&app, p, json!({"subject": "a", "body": "b"}), &a.token).await;
            assert_eq!(st, 404, "{p}");
        }

        // Broken templates are refused naming the field, with the engine's message and line.
        let (st, b) = put(
            &app,
            path,
            json!({"subject": "Facture {{ number", "body": "Bonjour"}),
            &a.token,
        )
        .await;
        assert_eq!(st, 422, "{b}");
        let (field, message) = bad_field(&b);
        assert_eq!(field, "subject", "{b}");
        assert!(message.contains("line 1"), "{b}");
        let (st, b) = put(
            &app,
            path,
            json!({"subject": "Facture {{ number }}", "body": "Bonjour\n\n{{ montant }}"}),
            &a.token,
        )
        .await;
        assert_eq!(st, 422, "{b}");
        let (field, message) = bad_field(&b);
        assert_eq!(field, "body", "{b}");
        assert!(
            message.contains("undefined") && message.contains("line 3"),
            "{b}"
        );
        let (_, t) = app.get(path, Some(&a.token)).await;
        assert_eq!(t["overridden"], false, "nothing saved");

        // Preview: rendered with the sample values, nothing saved.
        let own = json!({
            "subject": "Votre facture {{ number }}, merci !",
            "body": "Chère {{ buyer_name }},\n\nvoici votre facture de {{ total }}.\n\n{{ store_name }}",
        });
        let (st, p) = app
            .post(&format!("{path}/preview"), own.clone(), Some(&a.token))
            .await;
        assert_eq!(st, 200, "{p}");
        assert_eq!(p["subject"], "Votre facture INV-2026-00042, merci !");
        assert!(
            p["text"].as_str().unwrap().contains("Chère Anne Muller")
                && p["text"].as_str().unwrap().contains("1\u{a0}234,50\u{a0}€"),
            "{p}"
        );
        assert!(
            p["html"]
                .as_str()
                .unwrap()
                .contains("<p>Chère Anne Muller,</p>"),
            "{p}"
        );
        let (st, b) = app
            .post(
                &format!("{path}/preview"),
                json!({"subject": "x", "body": "{% if %}"}),
                Some(&a.token),
            )
            .await;
        assert_eq!((st, bad_field(&b).0.as_str()), (422, "body"), "{b}");
        let (_, t) = app.get(path, Some(&a.token)).await;
        assert_eq!(t["overridden"], false, "a preview saves nothing");

        // Saved: the next French invoice e-mail uses it.
        let (st, t) = put(&app, path, own.clone(), &a.token).await;
        assert_eq!(st, 200, "{t}");
        assert_eq!(t["overridden"], true);
        let (_, list) = app
            .get("/api/v1/store/email-templates", Some(&a.token))
            .await;
        let overridden: Vec<(String, String)> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["overridden"] == true)
            .map(|t| {
                (
                    t["template"].as_str().unwrap().to_owned(),
                    t["language"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(overridden, [("invoice".to_owned(), "fr".to_owned())]);
        let (st, _) = send(&app, &a.token, &inv, json!({})).await;
        assert_eq!(st, 202);
        let d = smtp_on(smtp.port);
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 1);
        let subject = header(&mails[0].data, "Subject").unwrap();
        assert!(
            subject.contains("Votre facture") && subject.contains(&number),
            "{subject}"
        );
        let text = String::from_utf8(part(&mails[0].data, "text/plain").unwrap()).unwrap();
        assert!(
            text.contains("voici votre facture") && text.contains("Anne Muller"),
            "{text}"
        );
        assert!(part(&mails[0].data, "application/pdf").is_some());

        // The same template in English still sends the default.
        let store_id = orion_kernel::StoreId(a.store["id"].as_i64().unwrap());
        orion_messaging::enqueue(
            app.db.conn(),
            orion_messaging::NewMessage {
                store_id: Some(store_id),
                to: "english@buyer.example".into(),
                reply_to: None,
                from_name: Some("TPL-LU store".into()),
                template: "invoice",
                lang: "en".into(),
                vars: json!({"number": "INV-X", "store_name": "TPL-LU store", "buyer_name": "Bob",
                    "total": "€1.00", "issue_date": "1 Dec 2026"}),
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        let en = smtp.to("english@buyer.example");
        assert_eq!(
            header(&en[0].data, "Subject").unwrap(),
            "Invoice INV-X from TPL-LU store"
        );

        // Another store sees the default and cannot remove this one.
        let admin = app.admin_token().await;
        let b = app.merchant_with_store(&admin, "TPL-OTHER-LU").await;
        let (st, t) = app.get(path, Some(&b.token)).await;
        assert_eq!((st, &t["overridden"]), (200, &json!(false)), "{t}");
        let (st, _) = app.json("DELETE", path, None, Some(&b.token)).await;
        assert_eq!(st, 204);
        let (_, t) = app.get(path, Some(&a.token)).await;
        assert_eq!(t["overridden"], true, "another store's DELETE is its own");
        assert_eq!(t["subject"], own["subject"]);

        // DELETE restores the default for the next e-mail.
        let (st, _) = app.json("DELETE", path, None, Some(&a.token)).await;
        assert_eq!(st, 204);
        let (_, t) = app.get(path, Some(&a.token)).await;
        assert_eq!(t["overridden"], false);
        assert_eq!(t["subject"], "Facture {{ number }} de {{ store_name }}");
        send(&app, &a.token, &inv, json!({})).await;
        deliver_due(&app.db, &d, Utc::now(), 50).await.unwrap();
        let mails = smtp.to("anne@example.test");
        assert_eq!(mails.len(), 2);
        assert!(
            header(&mails[1].data, "Subject")
                .unwrap()
                .starts_with("Facture"),
            "{}",
            mails[1].data
        );
    }
);

dual_test!(
    the_email_settings_pages_save_preview_and_show_template_errors,
    |app: TestApp| async move {
        let (a, _) = invoiced(&app, "TPLPAGE-LU").await;
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/emails").await;
        assert!(
            html.contains("href=\"/settings/emails\""),
            "the log links the settings"
        );
        let html = page(&app, &session, "/settings/emails").await;
        assert!(
            html.contains("data-testid=\"email-templates\"")
                && html.contains("href=\"/settings/emails/invoice/fr\"")
                && html.contains("href=\"/settings/emails/invitation/de\""),
            "{html}"
        );
        assert!(!html.contains(">Customised<"), "{html}");
        let csrf = csrf_in(&html);

        // The sender form: a bad Reply-To comes back with its error tied to the input.
        let res = post_form(
            &app,
            &session,
            "/settings/emails",
            &[
                ("csrf_token", &csrf),
                ("sender_name", "Page Shop"),
                ("reply_to", "nope"),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("aria-describedby=\"err-reply-to\"")
                && html.contains("id=\"err-reply-to\"")
                && html.contains("value=\"Page Shop\""),
            "{html}"
        );
        let res = post_form(
            &app,
            &session,
            "/settings/emails",
            &[
                ("csrf_token", &csrf),
                ("sender_name", "Page Shop"),
                ("reply_to", "hello@page.example"),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let (_, s) = app
            .get("/api/v1/store/settings/email", Some(&a.token))
            .await;
        assert_eq!(s["reply_to"], "hello@page.example");

        // The edit page: the shipped text, the variables, the preview script.
        let path = "/settings/emails/invoice/en";
        let html = page(&app, &session, path).await;
        assert!(
            html.contains("value=\"Invoice {{ number }} from {{ store_name }}\"")
                && html.contains("{{ buyer_name }}")
                && html.contains("data-testid=\"template-variables\"")
                && html.contains("INV-2026-00042")
                && html.contains("src=\"/assets/messaging/email-preview.js\""),
            "{html}"
        );
        assert!(
            !html.contains("data-testid=\"template-restore\""),
            "nothing to restore"
        );
        let js = app
            .client
            .get(app.url("/assets/messaging/email-preview.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(js.status().as_u16(), 200);
        assert!(js.text().await.unwrap().contains("data-preview"));

        // "Preview" without script renders it on the server, saving nothing.
        let res = post_form(
            &app,
            &session,
            path,
            &[
                ("csrf_token", &csrf),
                ("subject", "Your invoice {{ number }}"),
                ("body", "Dear {{ buyer_name }}"),
                ("action", "preview"),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Your invoice INV-2026-00042") && html.contains("Dear Anne Muller"),
            "{html}"
        );
        // The live preview's endpoint answers JSON.
        let res = post_form(
            &app,
            &session,
            &format!("{path}/preview"),
            &[
                ("csrf_token", &csrf),
                ("subject", "Hi {{ store_name }}"),
                ("body", "{{ total }}"),
            ],
        )
        .await;
        let j: Value = res.json().await.unwrap();
        assert_eq!(j["subject"], "Hi Boutique Lumière", "{j}");
        let res = post_form(
            &app,
            &session,
            &format!("{path}/preview"),
            &[
                ("csrf_token", &csrf),
                ("subject", "Hi"),
                ("body", "{{ nope }}"),
            ],
        )
        .await;
        let j: Value = res.json().await.unwrap();
        assert_eq!(j["errors"][0]["field"], "body", "{j}");

        // A broken template shows its error on the page, by the field.
        let res = post_form(
            &app,
            &session,
            path,
            &[
                ("csrf_token", &csrf),
                ("subject", "Invoice"),
                ("body", "Hello\n{{ number"),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("aria-describedby=\"err-body\"")
                && html.contains("id=\"err-body\"")
                && html.contains("line 2"),
            "{html}"
        );
        let (_, t) = app
            .get("/api/v1/store/email-templates/invoice/en", Some(&a.token))
            .await;
        assert_eq!(t["overridden"], false);

        // Save, then the list says Customised, and "Restore the default" asks first.
        let res = post_form(
            &app,
            &session,
            path,
            &[
                ("csrf_token", &csrf),
                ("subject", "Your invoice {{ number }}"),
                ("body", "Dear {{ buyer_name }}"),
                ("action", "save"),
            ],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let (_, t) = app
            .get("/api/v1/store/email-templates/invoice/en", Some(&a.token))
            .await;
        assert_eq!(t["subject"], "Your invoice {{ number }}");
        let html = page(&app, &session, "/settings/emails").await;
        assert!(html.contains(">Customised<"), "{html}");
        let html = page(&app, &session, path).await;
        assert!(
            html.contains("data-testid=\"template-restore\"") && html.contains("data-confirm="),
            "{html}"
        );
        let res = post_form(
            &app,
            &session,
            &format!("{path}/restore"),
            &[("csrf_token", &csrf)],
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
        let (_, t) = app
            .get("/api/v1/store/email-templates/invoice/en", Some(&a.token))
            .await;
        assert_eq!(t["overridden"], false);
        // An unknown template is a 404 page.
        let res = app
            .client
            .get(app.url("/settings/emails/nope/en"))
            .header("cookie", format!("orion_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404);
    }
);
