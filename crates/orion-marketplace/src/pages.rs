//! The Letzshop page: connection settings (key, endpoint, test, auto-sync, interval,
//! carrier), sync now, historical import with progress, sync log and outbox with retry.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::Pagination;
use orion_web::AppState;
use orion_web::pages::{PageError, PageSession, html, redirect_with};
use serde::Deserialize;
use serde_json::json;

use crate::api::{JobOut, LogOut, MANAGE, VIEW};
use crate::outbox::{self, OutboxOut};
use crate::service::{self, CredentialsIn, CredentialsOut};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/letzshop", get(page))
        .route("/letzshop/credentials", post(save))
        .route("/letzshop/credentials/delete", post(delete))
        .route("/letzshop/test", post(test))
        .route("/letzshop/sync", post(sync_now))
        .route("/letzshop/import-history", post(history))
        .route("/letzshop/outbox/{id}/retry", post(retry))
        .route("/letzshop/jobs/{id}", get(job_json))
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "marketplace/letzshop.html",
            include_str!("../templates/letzshop.html"),
        ),
        (
            crate::ext::PANEL_TEMPLATE,
            include_str!("../templates/order_panel.html"),
        ),
    ]
}

#[derive(Deserialize, Default)]
struct PageQuery {
    notice: Option<String>,
    error: Option<String>,
    job: Option<i64>,
    outbox: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with(VIEW)?;
    let conn = state.db.conn();
    let c: Option<CredentialsOut> = service::find_connection(conn, s.store_id)
        .await?
        .map(Into::into);
    let jobs: Vec<JobOut> = service::recent_jobs(conn, s.store_id, 5)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let job: Option<JobOut> = match q.job {
        Some(id) => Some(service::find_job(conn, s.store_id, id).await?.into()),
        None => None,
    };
    let p = Pagination {
        page: Some(1),
        per_page: Some(20),
    };
    let (log, _) = service::log_page(conn, s.store_id, &p).await?;
    let log: Vec<LogOut> = log.into_iter().map(Into::into).collect();
    let (ob, ob_total) = outbox::list(conn, s.store_id, q.outbox.as_deref(), None, &p).await?;
    let ob: Vec<OutboxOut> = ob.into_iter().map(Into::into).collect();
    let ctx = state
        .page_context(&session, "letzshop", json!({"page_title": "Letzshop", "c": c, "jobs": jobs, "job": job, "log": log,
            "outbox": ob, "outbox_total": ob_total, "outbox_filter": q.outbox, "notice": q.notice, "error": q.error,
            "default_endpoint": service::DEFAULT_ENDPOINT, "can_manage": s.permissions.contains(MANAGE)}))
        .await?;
    Ok(html(
        state.templates.render("marketplace/letzshop.html", ctx)?,
    ))
}

/// The job as JSON for the page's progress poll (session-authenticated, like the page).
async fn job_json(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<axum::Json<JobOut>, PageError> {
    let s = session.store_with(VIEW)?;
    Ok(axum::Json(
        service::find_job(state.db.conn(), s.store_id, id)
            .await?
            .into(),
    ))
}

fn back(key: &str, msg: &str) -> Response {
    redirect_with("/letzshop", key, msg)
}

#[derive(Deserialize)]
struct CredForm {
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    auto_sync: Option<String>,
    #[serde(default)]
    sync_interval_minutes: String,
    #[serde(default)]
    default_carrier: String,
}

async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<CredForm>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let existing = service::find_connection(state.db.conn(), s.store_id).await?;
    // An empty key field keeps the saved key.
    let key = if f.api_key.trim().is_empty() {
        match &existing {
            Some(c) => crate::crypto::decrypt(
                &state.settings.secret_key,
                c.store_id,
                &c.api_key_ciphertext,
                &c.api_key_nonce,
            )
            .unwrap_or_default(),
            None => String::new(),
        }
    } else {
        f.api_key.clone()
    };
    let interval = if f.sync_interval_minutes.trim().is_empty() {
        None
    } else {
        match f.sync_interval_minutes.trim().parse() {
            Ok(n) => Some(n),
            Err(_) => {
                return Ok(back(
                    "error",
                    "sync_interval_minutes: must be a whole number",
                ));
            }
        }
    };
    let body = CredentialsIn {
        api_key: key,
        endpoint: Some(f.endpoint).filter(|e| !e.trim().is_empty()),
        auto_sync: Some(f.auto_sync.is_some()),
        sync_interval_minutes: interval,
        default_carrier: Some(f.default_carrier),
    };
    let tx = state.db.begin_write().await?;
    match service::save_credentials(&tx, &state.settings.secret_key, s.store_id, body).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(back("notice", "Letzshop connection saved."))
        }
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}

async fn delete(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    service::delete_credentials(state.db.conn(), s.store_id).await?;
    Ok(back("notice", "Letzshop connection removed."))
}

async fn test(State(state): State<AppState>, session: PageSession) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    match crate::api::test(&state, s.store_id).await {
        Ok((Ok(()), ms, endpoint)) => Ok(back(
            "notice",
            &format!("Connection OK: {endpoint} accepted the key ({ms} ms)."),
        )),
        Ok((Err(reason), _, _)) => Ok(back("error", &format!("Connection test failed: {reason}"))),
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}

async fn start(state: &AppState, session: &PageSession, kind: &str) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    if service::find_connection(state.db.conn(), s.store_id)
        .await?
        .is_none()
    {
        return Ok(back("error", "Save the Letzshop connection first."));
    }
    let j = service::create_job(state.db.conn(), s.store_id, kind).await?;
    crate::api::start_in_background(state, s.store_id, j.id);
    let msg = if kind == "sync" {
        "Sync started."
    } else {
        "Historical import started."
    };
    let q = serde_urlencoded::to_string([("job", j.id.to_string().as_str()), ("notice", msg)])
        .unwrap_or_default();
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&format!("/letzshop?{q}#job")),
    ))
}

async fn sync_now(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    start(&state, &session, "sync").await
}

async fn history(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    start(&state, &session, "history").await
}

async fn retry(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    match outbox::retry(state.db.conn(), s.store_id, id).await {
        Ok(_) => {
            crate::api::deliver_in_background(&state, s.store_id);
            Ok(back("notice", "The operation will be sent again now."))
        }
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}
