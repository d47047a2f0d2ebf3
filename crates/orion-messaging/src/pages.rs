//! The messaging pages: the store's e-mail log (`/emails`: recipient, subject, status in
//! words, attempts, last error, a Resend button; `settings.manage`), and in demo mode only the
//! local mailbox (`/dev/mailbox`: every message Orion "sent" without an SMTP server, with its
//! text; 404 outside demo mode).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{Lang, Pagination};
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, i18n};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::MANAGE;
use crate::{log, outbox};

/// Messages the demo mailbox shows.
const MAILBOX_ROWS: u64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/emails", get(emails_page))
        .route("/emails/{id}/resend", post(resend))
        .route("/dev/mailbox", get(mailbox_page))
        .merge(crate::customize_pages::router())
}

/// The messaging pages' templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    let mut all = vec![
        (
            "messaging/emails.html",
            include_str!("../templates/pages/emails.html"),
        ),
        (
            "messaging/mailbox.html",
            include_str!("../templates/pages/mailbox.html"),
        ),
    ];
    all.extend(crate::customize_pages::templates());
    all
}

/// A message's status as people read it.
pub fn status_label(lang: Lang, status: &str) -> String {
    i18n::t(lang, &format!("messaging-status-{status}"))
}

#[derive(Deserialize, Default)]
struct Flash {
    notice: Option<String>,
    error: Option<String>,
    status: Option<String>,
}

async fn emails_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<Flash>,
    Query(p): Query<Pagination>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let lang = i18n::current();
    let status = flash
        .status
        .as_deref()
        .filter(|s| log::STATUSES.contains(s));
    let (rows, total) = log::list(state.db.conn(), s.store_id, status, &p).await?;
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|e| {
            let mut v = json!(e);
            v["status_label"] = json!(status_label(lang, &e.status));
            v
        })
        .collect();
    let pages = total.div_ceil(p.per_page()).max(1);
    let ctx = state
        .page_context(
            &session,
            "emails",
            json!({
                "page_title": i18n::t(lang, "messaging-title"),
                "emails": rows,
                "status": status,
                "statuses": log::STATUSES.iter().map(|s| json!({"code": s, "label": status_label(lang, s)})).collect::<Vec<_>>(),
                "page": p.page(), "pages": pages, "total": total,
                "notice": flash.notice, "error": flash.error,
            }),
        )
        .await?;
    Ok(html(state.templates.render("messaging/emails.html", ctx)?))
}

async fn resend(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let tx = state
        .db
        .begin_write()
        .await
        .map_err(crate::MessagingError::from)?;
    match outbox::resend(&tx, s.store_id, id).await {
        Ok(_) => {
            tx.commit().await.map_err(crate::MessagingError::from)?;
            Ok(redirect_with(
                "/emails",
                "notice",
                &i18n::t(i18n::current(), "messaging-resend-queued"),
            ))
        }
        Err(e) => back_with_error("/emails", e),
    }
}

async fn mailbox_page(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    if !state.settings.demo {
        return Err(PageError::not_found());
    }
    let lang = i18n::current();
    let rows: Vec<Value> = log::mailbox(state.db.conn(), MAILBOX_ROWS)
        .await?
        .into_iter()
        .map(|m| {
            json!({"id": m.id, "to": m.to_address, "from_name": m.from_name, "subject": m.subject,
                "text": m.text_body, "created_at": m.created_at, "status": m.status,
                "status_label": status_label(lang, &m.status)})
        })
        .collect();
    let ctx = state
        .page_context(
            &session,
            "mailbox",
            json!({"page_title": i18n::t(lang, "messaging-mailbox-title"), "messages": rows}),
        )
        .await?;
    Ok(html(state.templates.render("messaging/mailbox.html", ctx)?))
}
