//! `/api/v1/merchant`: what a merchant owner sees across their stores.

use axum::Json;
use axum::extract::State;
use orion_web::ApiError;
use orion_web::problem::responses::ProblemForbidden;
use orion_web::{AppState, MerchantCtx};

use super::dto::StoreOut;
use crate::service::admin;

/// The stores of every merchant the caller owns.
#[utoipa::path(get, path = "/api/v1/merchant/stores", tag = "merchant", security(("bearer" = [])),
    responses((status = 200, body = Vec<StoreOut>), ProblemForbidden))]
pub async fn list_stores(
    State(state): State<AppState>,
    ctx: MerchantCtx,
) -> Result<Json<Vec<StoreOut>>, ApiError> {
    let ids: Vec<i64> = ctx.0.owned_merchants.iter().map(|m| m.0).collect();
    Ok(Json(
        admin::stores_of(state.db.conn(), &ids)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
