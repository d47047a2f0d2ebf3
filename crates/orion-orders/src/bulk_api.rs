//! Bulk order actions over HTTP: start a job, follow it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orion_web::problem::responses::{ProblemConflict, ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::bulk::{self, BULK_ACTIONS, BulkRequest, JobStatus};
use orion_kernel::{StoreId, StoreRef, UserId};

orion_web::problem_from!(crate::bulk::BulkError);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_bulk))
        .routes(routes!(get_job))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobCreated {
    pub job_id: i64,
}

/// Starts a runner for the job in the background (a job another runner owns is left alone).
pub fn start_runner(state: &AppState, job_id: i64) {
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(e) = bulk::run(&db, job_id).await {
            tracing::error!(job_id, error = %e, "a bulk order job stopped; it resumes when followed");
        }
    });
}

/// Runs an action on many orders — `confirm`, `ship` (with `tracking` per order),
/// `invoice` or `cancel` — as a job: 202 with its id, then follow `GET /api/v1/store/jobs/{job_id}`.
/// Orders are done one by one; a refused order is reported with its reason and never undoes
/// the others. Send an `Idempotency-Key`: the same key and body return the same job.
#[utoipa::path(post, path = "/api/v1/store/orders/bulk", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), request_body = BulkRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key returns the same job")),
    responses((status = 202, body = JobCreated),
        (status = 403, description = "The action needs a permission the user lacks (`invoice`: invoices.issue)", body = orion_web::Problem, content_type = "application/problem+json"),
        ProblemConflict, ProblemInvalid))]
pub async fn start_bulk(
    State(state): State<AppState>,
    ctx: StoreCtx,
    headers: HeaderMap,
    ApiJson(req): ApiJson<BulkRequest>,
) -> Result<(StatusCode, Json<JobCreated>), ApiError> {
    ctx.require("orders.edit")?;
    if let Some(action) = BULK_ACTIONS.get(req.action.trim()) {
        ctx.require(action.permission())?;
    }
    let key = orion_web::json::idempotency_key(&headers)?;
    let job = start_job(
        &state,
        &ctx.store.store_ref(),
        Some(ctx.principal.user_id),
        req,
        key.as_deref(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(JobCreated { job_id: job })))
}

/// Records the job and starts its runner; the job's id (the same job for a repeated key).
pub async fn start_job(
    state: &AppState,
    store: &StoreRef,
    actor: Option<UserId>,
    req: BulkRequest,
    key: Option<&str>,
) -> Result<i64, ApiError> {
    let tx = state.db.begin_write().await?;
    let (job, new) = bulk::start(&tx, store, actor, req, key).await?;
    tx.commit().await?;
    if new {
        start_runner(state, job.id);
    }
    Ok(job.id)
}

/// A bulk job: its progress (`done` of `total`) and what it did to each order so far.
/// A job left unfinished by a stopped server is resumed when it is followed.
#[utoipa::path(get, path = "/api/v1/store/jobs/{job_id}", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), params(("job_id" = i64, Path)),
    responses((status = 200, body = JobStatus), ProblemNotFound))]
pub async fn get_job(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<JobStatus>, ApiError> {
    ctx.require("orders.view")?;
    Ok(Json(follow(&state, ctx.store_id(), id, true).await?))
}

/// The job's status with its reasons in the reader's language; resumes an abandoned job.
pub async fn follow(
    state: &AppState,
    store: StoreId,
    id: i64,
    results: bool,
) -> Result<JobStatus, ApiError> {
    let mut job = bulk::job_status(state.db.conn(), store, id, results).await?;
    if job.abandoned {
        start_runner(state, job.job_id);
    }
    let lang = orion_web::i18n::current();
    for r in &mut job.results {
        if let Some(e) = &mut r.error {
            *e = e
                .lines()
                .map(|l| orion_web::i18n::localize_sentence(lang, l))
                .collect::<Vec<_>>()
                .join(" — ");
        }
    }
    Ok(job)
}
