//! Inventory API: warehouses, stock levels, adjustments, counts, moves, receipts, returns,
//! reservations and the transaction log.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use orion_kernel::{Page, Pagination, ProductId, WarehouseId};
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound,
};
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::StockError);

use crate::entity::{reservation, stock_level, transaction, warehouse};
use crate::service::{self, Actor, Slot, TxKind};

pub mod stock_levels;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(stock_levels::router())
        .routes(routes!(list_warehouses, create_warehouse))
        .routes(routes!(list_stock))
        .routes(routes!(adjust))
        .routes(routes!(count))
        .routes(routes!(move_stock))
        .routes(routes!(receive))
        .routes(routes!(return_stock))
        .routes(routes!(reserve))
        .routes(routes!(release_reservation))
        .routes(routes!(fulfil_reservation))
        .routes(routes!(list_transactions))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarehouseOut {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub is_default: bool,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<warehouse::Model> for WarehouseOut {
    fn from(w: warehouse::Model) -> Self {
        WarehouseOut {
            id: w.id,
            code: w.code,
            name: w.name,
            is_default: w.is_default,
            active: w.active,
            created_at: w.created_at,
        }
    }
}

/// Warehouses of the store (the default one is created on first use).
#[utoipa::path(get, path = "/api/v1/store/warehouses", extensions(("x-permission" = json!("inventory.view"))), tag = "inventory", security(("bearer" = [])),
    responses((status = 200, body = Vec<WarehouseOut>), ProblemForbidden))]
pub async fn list_warehouses(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<WarehouseOut>>, ApiError> {
    ctx.require("inventory.view")?;
    Ok(Json(
        service::warehouses(state.db.conn(), ctx.store_id())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarehouseBody {
    pub code: String,
    pub name: String,
}

/// Add a warehouse (Professional and up).
#[utoipa::path(post, path = "/api/v1/store/warehouses", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = WarehouseBody,
    responses((status = 201, body = WarehouseOut), (status = 403, description = "Not in plan", body = Problem, content_type = "application/problem+json"),
        ProblemConflict, ProblemInvalid))]
pub async fn create_warehouse(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<WarehouseBody>,
) -> Result<(StatusCode, Json<WarehouseOut>), ApiError> {
    ctx.require("inventory.adjust")?;
    let tx = state.db.begin_write().await?;
    let w = service::create_warehouse(&tx, ctx.store.merchant_id, ctx.store_id(), &b.code, &b.name)
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(w.into())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StockOut {
    pub product_id: i64,
    pub warehouse_id: i64,
    pub bin: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
    /// Units of the product on open purchase orders (the whole product's, repeated on each
    /// of its levels; 0 without purchasing).
    pub on_order: i64,
    /// The earliest expected delivery among those purchase orders.
    pub next_expected_at: Option<chrono::NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

impl From<stock_level::Model> for StockOut {
    fn from(l: stock_level::Model) -> Self {
        StockOut {
            available: l.available(),
            on_order: 0,
            next_expected_at: None,
            product_id: l.product_id,
            warehouse_id: l.warehouse_id,
            bin: l.bin,
            on_hand: l.on_hand,
            reserved: l.reserved,
            updated_at: l.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StockQuery {
    pub product_id: Option<i64>,
    pub warehouse_id: Option<i64>,
}

/// Stock levels per (product, warehouse, bin).
#[utoipa::path(get, path = "/api/v1/store/inventory", extensions(("x-permission" = json!("inventory.view"))), tag = "inventory", security(("bearer" = [])), params(StockQuery),
    responses((status = 200, body = Vec<StockOut>)))]
pub async fn list_stock(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<StockQuery>,
) -> Result<Json<Vec<StockOut>>, ApiError> {
    ctx.require("inventory.view")?;
    let levels = service::levels(
        state.db.conn(),
        ctx.store_id(),
        q.product_id.map(ProductId),
        q.warehouse_id.map(WarehouseId),
    )
    .await?;
    let mut products: Vec<i64> = levels.iter().map(|l| l.product_id).collect();
    products.dedup();
    let incoming = crate::incoming::of(state.db.conn(), ctx.store_id(), &products).await?;
    Ok(Json(
        levels
            .into_iter()
            .map(|l| {
                let inc = incoming.get(&l.product_id).copied().unwrap_or_default();
                StockOut {
                    on_order: inc.on_order,
                    next_expected_at: inc.next_expected_at,
                    ..l.into()
                }
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustBody {
    pub product_id: i64,
    /// Default warehouse when absent.
    pub warehouse_id: Option<i64>,
    pub bin: Option<String>,
    /// Units to add (positive) or remove (negative).
    pub delta: i64,
    pub reason: Option<String>,
}

fn slot(w: Option<i64>, bin: Option<String>) -> Slot {
    Slot {
        warehouse_id: w,
        bin: bin.unwrap_or_default(),
    }
}

/// Add or remove stock with a reason.
#[utoipa::path(post, path = "/api/v1/store/inventory/adjustments", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = AdjustBody,
    responses((status = 200, body = StockOut), (status = 409, description = "Not enough unreserved stock", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn adjust(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<AdjustBody>,
) -> Result<Json<StockOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    let actor = Actor::user(ctx.principal.user_id.0).with_reason(b.reason);
    let tx = state.db.begin_write().await?;
    let l = service::adjust(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        ProductId(b.product_id),
        &slot(b.warehouse_id, b.bin),
        b.delta,
        TxKind::Adjust,
        &actor,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(l.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountBody {
    pub product_id: i64,
    pub warehouse_id: Option<i64>,
    pub bin: Option<String>,
    /// The counted on-hand quantity.
    pub on_hand: i64,
    pub reason: Option<String>,
}

/// Record a stock count (sets on hand).
#[utoipa::path(post, path = "/api/v1/store/inventory/counts", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = CountBody,
    responses((status = 200, body = StockOut), ProblemInvalid))]
pub async fn count(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<CountBody>,
) -> Result<Json<StockOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    let actor = Actor::user(ctx.principal.user_id.0).with_reason(b.reason);
    let tx = state.db.begin_write().await?;
    let l = service::set_on_hand(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        ProductId(b.product_id),
        &slot(b.warehouse_id, b.bin),
        b.on_hand,
        TxKind::Set,
        &actor,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(l.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    pub product_id: i64,
    pub from_warehouse_id: Option<i64>,
    pub from_bin: Option<String>,
    pub to_warehouse_id: Option<i64>,
    pub to_bin: Option<String>,
    pub quantity: i64,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MoveOut {
    pub from: StockOut,
    pub to: StockOut,
}

/// Move unreserved stock between warehouses or bins.
#[utoipa::path(post, path = "/api/v1/store/inventory/moves", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = MoveBody,
    responses((status = 200, body = MoveOut), ProblemConflict, ProblemInvalid))]
pub async fn move_stock(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<MoveBody>,
) -> Result<Json<MoveOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    let actor = Actor::user(ctx.principal.user_id.0).with_reason(b.reason);
    let tx = state.db.begin_write().await?;
    let (from, to) = service::move_stock(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        ProductId(b.product_id),
        &slot(b.from_warehouse_id, b.from_bin),
        &slot(b.to_warehouse_id, b.to_bin),
        b.quantity,
        &actor,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(MoveOut {
        from: from.into(),
        to: to.into(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveBody {
    pub product_id: i64,
    pub warehouse_id: Option<i64>,
    pub bin: Option<String>,
    pub quantity: i64,
    /// E.g. a purchase order or delivery note number.
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub order_id: Option<i64>,
}

fn positive(q: i64) -> Result<(), ApiError> {
    if q > 0 {
        Ok(())
    } else {
        Err(ApiError::field("quantity", "must be positive"))
    }
}

/// Receive incoming goods.
#[utoipa::path(post, path = "/api/v1/store/inventory/receipts", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = ReceiveBody,
    responses((status = 200, body = StockOut), ProblemInvalid))]
pub async fn receive(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<ReceiveBody>,
) -> Result<Json<StockOut>, ApiError> {
    receive_or_return(state, ctx, b, TxKind::Receive).await
}

/// Put returned goods back into stock.
#[utoipa::path(post, path = "/api/v1/store/inventory/returns", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = ReceiveBody,
    responses((status = 200, body = StockOut), ProblemInvalid))]
pub async fn return_stock(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<ReceiveBody>,
) -> Result<Json<StockOut>, ApiError> {
    receive_or_return(state, ctx, b, TxKind::Return).await
}

async fn receive_or_return(
    state: AppState,
    ctx: StoreCtx,
    b: ReceiveBody,
    kind: TxKind,
) -> Result<Json<StockOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    positive(b.quantity)?;
    let mut actor = Actor::user(ctx.principal.user_id.0).with_reason(b.reason);
    actor.reference = b.reference.map(|r| r.trim().chars().take(100).collect());
    actor.order_id = b.order_id;
    let tx = state.db.begin_write().await?;
    crate::order_refs::check(&tx, ctx.store_id(), b.order_id, None).await?;
    let l = service::adjust(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        ProductId(b.product_id),
        &slot(b.warehouse_id, b.bin),
        b.quantity,
        kind,
        &actor,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(l.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReservationOut {
    pub id: i64,
    pub product_id: i64,
    pub stock_level_id: i64,
    pub order_id: Option<i64>,
    pub order_item_id: Option<i64>,
    pub quantity: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

impl From<reservation::Model> for ReservationOut {
    fn from(r: reservation::Model) -> Self {
        ReservationOut {
            id: r.id,
            product_id: r.product_id,
            stock_level_id: r.stock_level_id,
            order_id: r.order_id,
            order_item_id: r.order_item_id,
            quantity: r.quantity,
            status: r.status,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveBody {
    pub product_id: i64,
    pub quantity: i64,
    pub warehouse_id: Option<i64>,
    pub order_id: Option<i64>,
    pub order_item_id: Option<i64>,
}

/// Reserve stock (orders do this when confirmed); all or nothing.
#[utoipa::path(post, path = "/api/v1/store/inventory/reservations", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])), request_body = ReserveBody,
    responses((status = 201, body = Vec<ReservationOut>), (status = 409, description = "Not enough available stock", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn reserve(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<ReserveBody>,
) -> Result<(StatusCode, Json<Vec<ReservationOut>>), ApiError> {
    ctx.require("inventory.adjust")?;
    let mut actor = Actor::user(ctx.principal.user_id.0);
    actor.order_id = b.order_id;
    actor.order_item_id = b.order_item_id;
    let tx = state.db.begin_write().await?;
    crate::order_refs::check(&tx, ctx.store_id(), b.order_id, b.order_item_id).await?;
    let rs = service::reserve(
        &tx,
        ctx.store_id(),
        ProductId(b.product_id),
        b.warehouse_id.map(WarehouseId),
        b.quantity,
        &actor,
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(rs.into_iter().map(Into::into).collect()),
    ))
}

/// Release a reservation (the units become available again).
#[utoipa::path(post, path = "/api/v1/store/inventory/reservations/{reservation_id}/release", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])),
    params(("reservation_id" = i64, Path)),
    responses((status = 200, body = ReservationOut), ProblemNotFound, ProblemConflict))]
pub async fn release_reservation(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<ReservationOut>, ApiError> {
    settle(state, ctx, id, false).await
}

/// Fulfil a reservation (the units leave the stock).
#[utoipa::path(post, path = "/api/v1/store/inventory/reservations/{reservation_id}/fulfil", extensions(("x-permission" = json!("inventory.adjust"))), tag = "inventory", security(("bearer" = [])),
    params(("reservation_id" = i64, Path)),
    responses((status = 200, body = ReservationOut), ProblemNotFound, ProblemConflict))]
pub async fn fulfil_reservation(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<ReservationOut>, ApiError> {
    settle(state, ctx, id, true).await
}

async fn settle(
    state: AppState,
    ctx: StoreCtx,
    id: i64,
    fulfil: bool,
) -> Result<Json<ReservationOut>, ApiError> {
    ctx.require("inventory.adjust")?;
    let tx = state.db.begin_write().await?;
    let r = service::settle_one(
        &tx,
        ctx.store_id(),
        id,
        fulfil,
        &Actor::user(ctx.principal.user_id.0),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(r.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionOut {
    pub id: i64,
    pub product_id: i64,
    pub warehouse_id: i64,
    pub bin: String,
    pub kind: String,
    pub on_hand_change: i64,
    pub reserved_change: i64,
    pub on_hand_after: i64,
    pub reserved_after: i64,
    pub order_id: Option<i64>,
    pub order_item_id: Option<i64>,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub actor_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<transaction::Model> for TransactionOut {
    fn from(t: transaction::Model) -> Self {
        TransactionOut {
            id: t.id,
            product_id: t.product_id,
            warehouse_id: t.warehouse_id,
            bin: t.bin,
            kind: t.kind,
            on_hand_change: t.on_hand_change,
            reserved_change: t.reserved_change,
            on_hand_after: t.on_hand_after,
            reserved_after: t.reserved_after,
            order_id: t.order_id,
            order_item_id: t.order_item_id,
            reference: t.reference,
            reason: t.reason,
            actor_user_id: t.actor_user_id,
            created_at: t.created_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TxQuery {
    pub product_id: Option<i64>,
}

/// The append-only log of stock changes, newest first.
#[utoipa::path(get, path = "/api/v1/store/inventory/transactions", extensions(("x-permission" = json!("inventory.view"))), tag = "inventory", security(("bearer" = [])), params(TxQuery, Pagination),
    responses((status = 200, body = Page<TransactionOut>)))]
pub async fn list_transactions(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<TxQuery>,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<TransactionOut>>, ApiError> {
    ctx.require("inventory.view")?;
    let (items, total) =
        service::transactions(state.db.conn(), ctx.store_id(), q.product_id, &p).await?;
    Ok(Json(Page::new(
        items.into_iter().map(Into::into).collect(),
        total,
        &p,
    )))
}
