//! `/api/v1/admin`: platform administration of merchants and stores.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use orion_kernel::Pagination;
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::problem::responses::{
    ProblemForbidden, ProblemInvalid, ProblemNotFound, ProblemUnauthorized,
};
use orion_web::{AdminCtx, ApiJson, AppState};

use super::dto::*;
use crate::service::admin as svc;

/// List merchants.
#[utoipa::path(get, path = "/api/v1/admin/merchants", tag = "admin", security(("bearer" = [])), params(Pagination),
    responses((status = 200, body = MerchantPage), ProblemUnauthorized,
        ProblemForbidden))]
pub async fn list_merchants(
    State(state): State<AppState>,
    _: AdminCtx,
    Query(p): Query<Pagination>,
) -> Result<Json<MerchantPage>, ApiError> {
    let (items, total) = svc::list_merchants(state.db.conn(), &p).await?;
    Ok(Json(MerchantPage {
        items: items.into_iter().map(Into::into).collect(),
        total,
        page: p.page(),
        per_page: p.per_page(),
    }))
}

/// Create a merchant (and its owner user when the e-mail is new).
#[utoipa::path(post, path = "/api/v1/admin/merchants", tag = "admin", security(("bearer" = [])), request_body = CreateMerchantBody,
    responses((status = 201, body = MerchantOut), ProblemInvalid,
        ProblemForbidden))]
pub async fn create_merchant(
    State(state): State<AppState>,
    _: AdminCtx,
    ApiJson(b): ApiJson<CreateMerchantBody>,
) -> Result<(StatusCode, Json<MerchantOut>), ApiError> {
    let (m, _) = svc::create_merchant(
        state.db.conn(),
        svc::NewMerchant {
            name: b.name,
            legal_country: b.legal_country,
            owner_email: b.owner_email,
            owner_password: b.owner_password,
            contact_phone: b.contact_phone,
        },
        state.settings.trial_days,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(m.into())))
}

/// One merchant.
#[utoipa::path(get, path = "/api/v1/admin/merchants/{merchant_id}", tag = "admin", security(("bearer" = [])),
    params(("merchant_id" = i64, Path)),
    responses((status = 200, body = MerchantOut), ProblemNotFound))]
pub async fn get_merchant(
    State(state): State<AppState>,
    _: AdminCtx,
    Path(id): Path<i64>,
) -> Result<Json<MerchantOut>, ApiError> {
    Ok(Json(svc::find_merchant(state.db.conn(), id).await?.into()))
}

/// Create a store for a merchant; the merchant's owner becomes its owner member.
#[utoipa::path(post, path = "/api/v1/admin/merchants/{merchant_id}/stores", tag = "admin", security(("bearer" = [])),
    params(("merchant_id" = i64, Path)), request_body = CreateStoreBody,
    responses((status = 201, body = StoreOut), ProblemNotFound,
        (status = 409, description = "Store code taken", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn create_store(
    State(state): State<AppState>,
    _: AdminCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<CreateStoreBody>,
) -> Result<(StatusCode, Json<StoreOut>), ApiError> {
    let s = svc::create_store(
        state.db.conn(),
        id,
        svc::NewStore {
            code: b.code,
            name: b.name,
            country: b.country,
            default_language: b.default_language,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(s.into())))
}

/// Stores of a merchant.
#[utoipa::path(get, path = "/api/v1/admin/merchants/{merchant_id}/stores", tag = "admin", security(("bearer" = [])),
    params(("merchant_id" = i64, Path)),
    responses((status = 200, body = Vec<StoreOut>), ProblemNotFound))]
pub async fn list_merchant_stores(
    State(state): State<AppState>,
    _: AdminCtx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<StoreOut>>, ApiError> {
    let m = svc::find_merchant(state.db.conn(), id).await?;
    Ok(Json(
        svc::stores_of(state.db.conn(), &[m.id])
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
