//! Webhooks API: the store's endpoints, their delivery log and redelivery. Everything needs
//! `webhooks.manage` and the plan's `api_keys` feature (Business).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use orion_billing::{Feature, limits};
use orion_kernel::{Page, Pagination};
use orion_web::json::ApiJson;
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound,
};
use orion_web::{ApiError, AppState, StoreCtx};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::endpoints::{self, EndpointIn, EndpointOut, EndpointPatch, EndpointWithSecret};
use crate::log::{self, DeliveryDetail, DeliveryOut};

orion_web::problem_from!(crate::WebhookError);

/// The permission of every webhooks operation.
pub const MANAGE: &str = "webhooks.manage";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_endpoint, list_endpoints))
        .routes(routes!(get_endpoint, update_endpoint, delete_endpoint))
        .routes(routes!(rotate_secret))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(redeliver))
}

/// The caller may manage webhooks and the plan includes them.
pub async fn gate(state: &AppState, ctx: &StoreCtx) -> Result<(), ApiError> {
    ctx.require(MANAGE)?;
    limits::require_feature(state.db.conn(), ctx.store.merchant_id, Feature::API_KEYS).await?;
    Ok(())
}

/// Adds an endpoint; the answer carries its signing secret (`whsec_…`), shown only here.
#[utoipa::path(post, path = "/api/v1/store/webhooks", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), request_body = EndpointIn,
    responses((status = 201, body = EndpointWithSecret), ProblemForbidden, ProblemConflict, ProblemInvalid))]
pub async fn create_endpoint(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(body): ApiJson<EndpointIn>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx).await?;
    let created =
        endpoints::create(&state.db, &state.settings.secret_key, ctx.store_id(), &body).await?;
    let location = format!("/api/v1/store/webhooks/{}", created.endpoint.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(created),
    )
        .into_response())
}

/// The store's endpoints, oldest first (never their secrets).
#[utoipa::path(get, path = "/api/v1/store/webhooks", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<EndpointOut>), ProblemForbidden))]
pub async fn list_endpoints(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<EndpointOut>>, ApiError> {
    gate(&state, &ctx).await?;
    let all = endpoints::list(state.db.conn(), ctx.store_id()).await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// One endpoint: its events, whether it is enabled and why not.
#[utoipa::path(get, path = "/api/v1/store/webhooks/{webhook_id}", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path)),
    responses((status = 200, body = EndpointOut), ProblemForbidden, ProblemNotFound))]
pub async fn get_endpoint(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(webhook_id): Path<i64>,
) -> Result<Json<EndpointOut>, ApiError> {
    gate(&state, &ctx).await?;
    let e = endpoints::find(state.db.conn(), ctx.store_id(), webhook_id).await?;
    Ok(Json(e.into()))
}

/// Changes the URL, the events, the description, or switches the endpoint on or off
/// (switching it on clears its failure count).
#[utoipa::path(patch, path = "/api/v1/store/webhooks/{webhook_id}", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path)), request_body = EndpointPatch,
    responses((status = 200, body = EndpointOut), ProblemForbidden, ProblemNotFound, ProblemInvalid))]
pub async fn update_endpoint(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(webhook_id): Path<i64>,
    ApiJson(body): ApiJson<EndpointPatch>,
) -> Result<Json<EndpointOut>, ApiError> {
    gate(&state, &ctx).await?;
    let e = endpoints::update(state.db.conn(), ctx.store_id(), webhook_id, &body).await?;
    Ok(Json(e.into()))
}

/// Deletes the endpoint with its delivery log.
#[utoipa::path(delete, path = "/api/v1/store/webhooks/{webhook_id}", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path)),
    responses((status = 204, description = "Deleted"), ProblemForbidden, ProblemNotFound))]
pub async fn delete_endpoint(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(webhook_id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    gate(&state, &ctx).await?;
    endpoints::delete(state.db.conn(), ctx.store_id(), webhook_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives the endpoint a new signing secret, returned here only; the old one stops signing at
/// once.
#[utoipa::path(post, path = "/api/v1/store/webhooks/{webhook_id}/rotate-secret", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path)),
    responses((status = 200, body = EndpointWithSecret), ProblemForbidden, ProblemNotFound))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(webhook_id): Path<i64>,
) -> Result<Json<EndpointWithSecret>, ApiError> {
    gate(&state, &ctx).await?;
    let e = endpoints::rotate_secret(
        state.db.conn(),
        &state.settings.secret_key,
        ctx.store_id(),
        webhook_id,
    )
    .await?;
    Ok(Json(e))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// pending, delivered or failed.
    pub status: Option<String>,
}

/// The endpoint's deliveries, newest first: status, attempts, last response code, event type,
/// message id, next attempt.
#[utoipa::path(get, path = "/api/v1/store/webhooks/{webhook_id}/deliveries", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path), DeliveryQuery, Pagination),
    responses((status = 200, body = Page<DeliveryOut>), ProblemForbidden, ProblemNotFound, ProblemInvalid))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(webhook_id): Path<i64>,
    Query(q): Query<DeliveryQuery>,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<DeliveryOut>>, ApiError> {
    gate(&state, &ctx).await?;
    let (rows, total) = log::list(
        state.db.conn(),
        ctx.store_id(),
        webhook_id,
        q.status.as_deref(),
        &p,
    )
    .await?;
    Ok(Json(Page::new(rows, total, &p)))
}

/// One delivery with the body it sends and every attempt (time, response code, duration,
/// error).
#[utoipa::path(get, path = "/api/v1/store/webhooks/{webhook_id}/deliveries/{delivery_id}", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path), ("delivery_id" = i64, Path)),
    responses((status = 200, body = DeliveryDetail), ProblemForbidden, ProblemNotFound))]
pub async fn get_delivery(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((webhook_id, delivery_id)): Path<(i64, i64)>,
) -> Result<Json<DeliveryDetail>, ApiError> {
    gate(&state, &ctx).await?;
    let d = log::detail(state.db.conn(), ctx.store_id(), webhook_id, delivery_id).await?;
    Ok(Json(d))
}

/// Sends the delivery's message again (a new delivery with the same `webhook-id`), at the
/// worker's next round. 409 while the endpoint is disabled.
#[utoipa::path(post, path = "/api/v1/store/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", extensions(("x-permission" = json!("webhooks.manage"))), tag = "webhooks", security(("bearer" = [])), params(("webhook_id" = i64, Path), ("delivery_id" = i64, Path)),
    responses((status = 202, body = DeliveryOut), ProblemForbidden, ProblemNotFound, ProblemConflict))]
pub async fn redeliver(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((webhook_id, delivery_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx).await?;
    let again = log::redeliver(state.db.conn(), ctx.store_id(), webhook_id, delivery_id).await?;
    Ok((StatusCode::ACCEPTED, Json(again)).into_response())
}
