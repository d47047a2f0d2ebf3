//! Setting many on-hand quantities at once: a JSON batch (`PUT …/stock-levels`) and the
//! stock CSV (`POST …/stock-levels/import`). Both are all or nothing.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, Request, State};
use orion_catalog::api::ImportParams;
use orion_catalog::stock::{OnHand, OnHandField};
use orion_kernel::{FieldError, Invalid, MerchantId, StoreId};
use orion_web::problem::responses::{ProblemInvalid, ProblemTooLarge};
use orion_web::{ApiError, ApiJson, AppState, Problem, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::StockOut;
use crate::service::import_levels::{self, StockImportReport};
use crate::service::set_levels::{self, Outcome};
use crate::service::{Actor, TxKind};

/// Most levels one `PUT` may set.
pub const MAX_LEVELS: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_levels)).merge(
        OpenApiRouter::new()
            .routes(routes!(import_levels))
            .layer(orion_catalog::api::large_body_limit()),
    )
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelBody {
    /// The product, by id or by `sku` (one of the two).
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    /// The new on-hand quantity (0 or more; not below what is reserved there).
    pub quantity: i64,
    /// Warehouse code; the default warehouse when absent.
    pub warehouse: Option<String>,
    pub bin: Option<String>,
    /// The on-hand quantity you last saw there: the level is refused if it changed since.
    pub expected_on_hand: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLevelsBody {
    pub levels: Vec<LevelBody>,
    /// Stored on each movement (default "stock table").
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SetLevelsOut {
    /// Levels whose on-hand quantity changed (each logged as a `set` movement).
    pub set: u64,
    /// Levels already at the quantity given.
    pub unchanged: u64,
    /// The changed levels.
    pub levels: Vec<StockOut>,
}

/// The API field of a refusal of `levels[i]`.
fn field_of(i: usize, f: OnHandField, by_sku: bool) -> String {
    let name = match f {
        OnHandField::Product if by_sku => "sku",
        OnHandField::Product => "product_id",
        OnHandField::Quantity => "quantity",
        OnHandField::Warehouse => "warehouse",
        OnHandField::Bin => "bin",
    };
    format!("levels[{i}].{name}")
}

/// Set the on-hand quantities of many products at once, all or nothing.
#[utoipa::path(put, path = "/api/v1/store/inventory/stock-levels", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = SetLevelsBody,
    responses((status = 200, body = SetLevelsOut),
        (status = 422, description = "One error per refused level, e.g. `levels[2].quantity` below what is reserved; nothing was changed", body = Problem, content_type = "application/problem+json")))]
pub async fn set_levels(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<SetLevelsBody>,
) -> Result<Json<SetLevelsOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    if b.levels.is_empty() || b.levels.len() > MAX_LEVELS {
        return Err(ApiError::field(
            "levels",
            format!("must hold 1 to {MAX_LEVELS} levels"),
        ));
    }
    let reason = b.reason.or_else(|| Some("stock table".into()));
    let actor = Actor::user(ctx.principal.user_id.0).with_reason(reason);
    let store = ctx.store_id();
    let tx = state.db.begin_write().await?;
    let skus: Vec<String> = b.levels.iter().filter_map(|l| l.sku.clone()).collect();
    let by_sku: HashMap<String, i64> = orion_catalog::service::find_by_skus(&tx, store, &skus)
        .await?
        .into_iter()
        .map(|p| (p.sku, p.id))
        .collect();
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    let mut index = Vec::new();
    for (i, l) in b.levels.iter().enumerate() {
        let product_id = match (l.product_id, l.sku.as_deref().map(str::trim)) {
            (Some(id), None) => id,
            (None, Some(sku)) => match by_sku.get(sku) {
                Some(id) => *id,
                None => {
                    let msg = "no product with this SKU in this store";
                    errors.push(FieldError::new(format!("levels[{i}].sku"), msg));
                    continue;
                }
            },
            _ => {
                let msg = "needs a product_id or a sku";
                errors.push(FieldError::new(format!("levels[{i}].product_id"), msg));
                continue;
            }
        };
        index.push(i);
        targets.push(OnHand {
            product_id: Some(product_id),
            warehouse: l.warehouse.clone(),
            bin: l.bin.clone().unwrap_or_default(),
            quantity: l.quantity,
            expected: l.expected_on_hand,
        });
    }
    let outcomes = if errors.is_empty() {
        set_levels::set_many(
            &tx,
            ctx.store.merchant_id,
            store,
            &targets,
            TxKind::Set,
            &actor,
        )
        .await?
    } else {
        Err(set_levels::check(&tx, ctx.store.merchant_id, store, &targets).await?)
    };
    let outcomes = match outcomes {
        Ok(o) if errors.is_empty() => o,
        Ok(_) => Vec::new(),
        Err(refusals) => {
            for r in refusals {
                let i = index[r.index];
                let by_sku = b.levels[i].sku.is_some();
                errors.push(FieldError::new(field_of(i, r.field, by_sku), r.message));
            }
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(Invalid(errors).into());
    }
    tx.commit().await?;
    let mut out = SetLevelsOut {
        set: 0,
        unchanged: 0,
        levels: Vec::new(),
    };
    for o in outcomes {
        match o {
            Outcome::Set { level, .. } => {
                out.set += 1;
                out.levels.push(level.into());
            }
            Outcome::Unchanged => out.unchanged += 1,
        }
    }
    Ok(Json(out))
}

/// Set on-hand quantities from a CSV with the columns `sku`, `quantity` and optionally
/// `warehouse` (code) and `bin`. All or nothing: any refused row (unknown SKU, not a whole
/// number, below what is reserved…) leaves every quantity as it was; `?dry_run=true`
/// checks without writing.
#[utoipa::path(post, path = "/api/v1/store/inventory/stock-levels/import", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), params(ImportParams),
    request_body(content = String, content_type = "text/csv", description = "CSV with a header line (or multipart/form-data with a `file` part)"),
    responses((status = 200, body = StockImportReport), ProblemTooLarge, ProblemInvalid))]
pub async fn import_levels(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(params): Query<ImportParams>,
    req: Request,
) -> Result<Json<StockImportReport>, ApiError> {
    ctx.require("inventory.adjust")?;
    let bytes = orion_catalog::api::upload(req, &state).await?;
    let actor = Actor::user(ctx.principal.user_id.0);
    let (merchant, store) = (ctx.store.merchant_id, ctx.store_id());
    Ok(Json(
        run_import(&state, merchant, store, &bytes, params.dry_run, &actor).await?,
    ))
}

/// Shared by the API and the stock page: one transaction, committed only when applied.
pub async fn run_import(
    state: &AppState,
    merchant: MerchantId,
    store: StoreId,
    bytes: &[u8],
    dry_run: bool,
    actor: &Actor,
) -> Result<StockImportReport, ApiError> {
    let actor = actor.clone().with_reason(Some("stock import".into()));
    let tx = state.db.begin_write().await?;
    let report = import_levels::import(&tx, merchant, store, bytes, dry_run, &actor).await?;
    if report.applied {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}
