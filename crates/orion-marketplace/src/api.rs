//! Letzshop API under `/api/v1/store/letzshop`: credentials, connection test, sync (now or as
//! a job), historical import, jobs, sync log, outbox.

use orion_web::problem::responses::{ProblemConflict, ProblemInvalid, ProblemNotFound};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use orion_kernel::{Page, Pagination, StoreId};
use orion_web::Problem;
use orion_web::{ApiError, ProblemKind};
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::MarketplaceError);

use crate::entity::{job, sync_log};
use crate::outbox::{self, OutboxOut};
use crate::service::{self, CredentialsIn, CredentialsOut};
use crate::sync::{self, SyncCounts};

pub const MANAGE: &str = "marketplace.manage";
pub const VIEW: &str = "orders.view";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            get_credentials,
            put_credentials,
            delete_credentials
        ))
        .routes(routes!(test_connection))
        .routes(routes!(sync_now))
        .routes(routes!(import_history))
        .routes(routes!(get_job))
        .routes(routes!(list_log))
        .routes(routes!(list_outbox))
        .routes(routes!(retry_outbox))
}

/// The store's Letzshop connection (the key is never returned, only its last 4 characters).
#[utoipa::path(get, path = "/api/v1/store/letzshop/credentials", extensions(("x-permission" = json!(VIEW))), tag = "letzshop", security(("bearer" = [])),
    responses((status = 200, body = CredentialsOut), ProblemNotFound))]
pub async fn get_credentials(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<CredentialsOut>, ApiError> {
    ctx.require(VIEW)?;
    Ok(Json(
        service::connection(state.db.conn(), ctx.store_id())
            .await?
            .into(),
    ))
}

/// Save the Letzshop API key (encrypted at rest) and sync settings. There is no Letzshop
/// sandbox: a production key confirms real orders.
#[utoipa::path(put, path = "/api/v1/store/letzshop/credentials", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])), request_body = CredentialsIn,
    responses((status = 200, body = CredentialsOut), (status = 201, body = CredentialsOut), ProblemInvalid))]
pub async fn put_credentials(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<CredentialsIn>,
) -> Result<(StatusCode, Json<CredentialsOut>), ApiError> {
    ctx.require(MANAGE)?;
    let tx = state.db.begin_write().await?;
    let (m, created) =
        service::save_credentials(&tx, &state.settings.secret_key, ctx.store_id(), b).await?;
    tx.commit().await?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(m.into()),
    ))
}

/// Remove the connection (the key is deleted; imported orders stay).
#[utoipa::path(delete, path = "/api/v1/store/letzshop/credentials", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), ProblemNotFound))]
pub async fn delete_credentials(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<StatusCode, ApiError> {
    ctx.require(MANAGE)?;
    if service::delete_credentials(state.db.conn(), ctx.store_id()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("Letzshop connection"))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestOut {
    pub ok: bool,
    pub endpoint: String,
    pub duration_ms: i64,
}

/// Verify the saved key against the endpoint (one cheap authenticated query).
#[utoipa::path(post, path = "/api/v1/store/letzshop/test", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])),
    responses((status = 200, body = TestOut), ProblemNotFound, (status = 422, description = "The endpoint refused the key or is unreachable", body = Problem, content_type = "application/problem+json")))]
pub async fn test_connection(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<TestOut>, ApiError> {
    ctx.require(MANAGE)?;
    let (ok, ms, endpoint) = test(&state, ctx.store_id()).await?;
    match ok {
        Ok(()) => Ok(Json(TestOut {
            ok: true,
            endpoint,
            duration_ms: ms,
        })),
        Err(reason) => Err(ApiError::new(
            ProblemKind::Validation,
            format!("The Letzshop connection test failed: {reason}"),
        )
        .with_extension("reason", reason)),
    }
}

/// What the seller learns of a failed test. Everything but a refused key or a bad URL reads
/// the same, so the test cannot be used to tell open ports from closed ones or to read
/// other services' answers (the details go to the server log).
fn test_failure(e: &orion_letzshop::ClientError) -> String {
    use orion_letzshop::ClientError::*;
    match e {
        Unauthorized(_) => "Letzshop refused the API key".to_owned(),
        Config(msg) => format!("the endpoint or key is not usable: {msg}"),
        Transient(_) | GraphQl(_) | InvalidResponse(_) => {
            "no Letzshop API answered at this endpoint".to_owned()
        }
    }
}

/// Runs the connection test and logs it: (outcome, duration, endpoint).
pub async fn test(
    state: &AppState,
    store: StoreId,
) -> Result<(Result<(), String>, i64, String), ApiError> {
    let c = service::connection(state.db.conn(), store).await?;
    let client = service::client_for(&state.settings.secret_key, &c)?;
    let started = std::time::Instant::now();
    let res = client.verify().await.map_err(|e| {
        tracing::info!(store = store.0, error = %e, "Letzshop connection test failed");
        test_failure(&e)
    });
    let ms = started.elapsed().as_millis() as i64;
    service::log(
        state.db.conn(),
        store,
        "test",
        serde_json::json!({"ok": res.is_ok()}),
        ms,
        res.clone().err(),
    )
    .await?;
    Ok((res, ms, c.endpoint))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// Run now and answer with the counts (default: queue a job and answer 202).
    pub wait: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobCreated {
    pub job_id: i64,
}

/// How long `?wait=true` waits for another instance's sync of the store to finish.
const WAIT_FOR_LEASE: Duration = Duration::from_secs(120);

/// Start a job in the background (it resumes in the worker if this instance stops).
pub fn start_in_background(state: &AppState, store: StoreId, job_id: i64) {
    let (db, secret) = (state.db.clone(), state.settings.secret_key.clone());
    tokio::spawn(async move {
        let stop = Arc::new(AtomicBool::new(false));
        if let Err(e) =
            sync::claim_and_run(&db, &secret, store, job_id, Duration::from_secs(600), stop).await
        {
            tracing::warn!(store = store.0, job_id, error = %e, "letzshop job failed");
        }
    });
}

/// Sync orders from Letzshop. `?wait=true` runs it now and answers with the counts;
/// otherwise a job is queued (202 with its id; follow it at `jobs/{id}`).
#[utoipa::path(post, path = "/api/v1/store/letzshop/sync", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])), params(SyncQuery),
    responses((status = 200, body = SyncCounts), (status = 202, body = JobCreated),
        (status = 404, description = "No connection", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another sync of the store is still running", body = Problem, content_type = "application/problem+json")))]
pub async fn sync_now(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<SyncQuery>,
) -> Result<Response, ApiError> {
    ctx.require(MANAGE)?;
    let store = ctx.store_id();
    service::connection(state.db.conn(), store).await?;
    let j = service::create_job(state.db.conn(), store, "sync").await?;
    if !q.wait.unwrap_or(false) {
        start_in_background(&state, store, j.id);
        return Ok((StatusCode::ACCEPTED, Json(JobCreated { job_id: j.id })).into_response());
    }
    let stop = Arc::new(AtomicBool::new(false));
    match sync::claim_and_run(
        &state.db,
        &state.settings.secret_key,
        store,
        j.id,
        WAIT_FOR_LEASE,
        stop,
    )
    .await?
    {
        Some(done) => Ok(Json(SyncCounts::of(&done)).into_response()),
        None => Err(ApiError::conflict(
            "Another sync of this store is still running; the job was queued and runs after it",
        )
        .with_extension("job_id", j.id)),
    }
}

/// Import the store's past Letzshop orders (all shipments, confirmed ones included) as a
/// job with progress (`jobs/{id}`).
#[utoipa::path(post, path = "/api/v1/store/letzshop/import-history", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])),
    responses((status = 202, body = JobCreated), ProblemNotFound))]
pub async fn import_history(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<(StatusCode, Json<JobCreated>), ApiError> {
    ctx.require(MANAGE)?;
    let store = ctx.store_id();
    service::connection(state.db.conn(), store).await?;
    let j = service::create_job(state.db.conn(), store, "history").await?;
    start_in_background(&state, store, j.id);
    Ok((StatusCode::ACCEPTED, Json(JobCreated { job_id: j.id })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobOut {
    pub id: i64,
    /// sync or history.
    pub kind: String,
    /// queued, running, done, failed.
    pub status: String,
    /// unconfirmed, confirmed (the shipment list being paged) or done.
    pub phase: String,
    pub pages: i64,
    pub imported: i64,
    pub updated: i64,
    pub held: i64,
    pub exceptions: i64,
    pub unchanged: i64,
    pub errors: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<job::Model> for JobOut {
    fn from(j: job::Model) -> Self {
        let c = SyncCounts::of(&j);
        JobOut {
            id: j.id,
            kind: j.kind,
            status: j.status,
            phase: j.phase,
            pages: c.pages,
            imported: c.imported,
            updated: c.updated,
            held: c.held,
            exceptions: c.exceptions,
            unchanged: c.unchanged,
            errors: c.errors,
            created_at: j.created_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}

/// A sync or history job: phase, pages, counts, errors.
#[utoipa::path(get, path = "/api/v1/store/letzshop/jobs/{job_id}", extensions(("x-permission" = json!(VIEW))), tag = "letzshop", security(("bearer" = [])), params(("job_id" = i64, Path)),
    responses((status = 200, body = JobOut), ProblemNotFound))]
pub async fn get_job(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<JobOut>, ApiError> {
    ctx.require(VIEW)?;
    Ok(Json(
        service::find_job(state.db.conn(), ctx.store_id(), id)
            .await?
            .into(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LogOut {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// sync, history, confirm, decline, tracking, test.
    pub operation: String,
    pub counts: serde_json::Value,
    pub duration_ms: i64,
    pub error: Option<String>,
}

impl From<sync_log::Model> for LogOut {
    fn from(l: sync_log::Model) -> Self {
        LogOut {
            id: l.id,
            at: l.created_at,
            operation: l.operation,
            counts: serde_json::from_str(&l.counts).unwrap_or(serde_json::Value::Null),
            duration_ms: l.duration_ms,
            error: l.error,
        }
    }
}

/// Every sync and outbound call, newest first.
#[utoipa::path(get, path = "/api/v1/store/letzshop/log", extensions(("x-permission" = json!(VIEW))), tag = "letzshop", security(("bearer" = [])), params(Pagination),
    responses((status = 200, body = Page<LogOut>)))]
pub async fn list_log(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<LogOut>>, ApiError> {
    ctx.require(VIEW)?;
    let (rows, total) = service::log_page(state.db.conn(), ctx.store_id(), &p).await?;
    Ok(Json(Page::new(
        rows.into_iter().map(Into::into).collect(),
        total,
        &p,
    )))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// pending, sending, sent or failed.
    pub status: Option<String>,
    pub order_id: Option<i64>,
}

/// Outbound Letzshop operations (confirm, decline, tracking), newest first.
#[utoipa::path(get, path = "/api/v1/store/letzshop/outbox", extensions(("x-permission" = json!(VIEW))), tag = "letzshop", security(("bearer" = [])), params(OutboxQuery, Pagination),
    responses((status = 200, body = Page<OutboxOut>), ProblemInvalid))]
pub async fn list_outbox(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<OutboxQuery>,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<OutboxOut>>, ApiError> {
    ctx.require(VIEW)?;
    let (rows, total) = outbox::list(
        state.db.conn(),
        ctx.store_id(),
        q.status.as_deref(),
        q.order_id,
        &p,
    )
    .await?;
    Ok(Json(Page::new(
        rows.into_iter().map(Into::into).collect(),
        total,
        &p,
    )))
}

/// Retry a pending or failed operation now (with a fresh attempt budget).
#[utoipa::path(post, path = "/api/v1/store/letzshop/outbox/{outbox_id}/retry", extensions(("x-permission" = json!(MANAGE))), tag = "letzshop", security(("bearer" = [])), params(("outbox_id" = i64, Path)),
    responses((status = 200, body = OutboxOut), ProblemNotFound, ProblemConflict))]
pub async fn retry_outbox(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<OutboxOut>, ApiError> {
    ctx.require(MANAGE)?;
    let row = outbox::retry(state.db.conn(), ctx.store_id(), id).await?;
    deliver_in_background(&state, ctx.store_id());
    Ok(Json(row.into()))
}

/// Delivers the store's due outbox rows now, in the background.
pub fn deliver_in_background(state: &AppState, store: StoreId) {
    let (db, secret) = (state.db.clone(), state.settings.secret_key.clone());
    tokio::spawn(async move {
        if let Err(e) = outbox::deliver_due(&db, &secret, Some(store), 100).await {
            tracing::warn!(store = store.0, error = %e, "letzshop outbox delivery failed");
        }
    });
}
