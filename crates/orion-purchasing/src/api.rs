//! Purchasing API: suppliers and their products, purchase orders (draft, order, receive,
//! cancel, close, PDF, CSV), incoming stock, reorder rules and suggestions. Every operation
//! needs `purchasing.manage` (incoming stock: `inventory.view`) and the `purchase_orders`
//! feature of the plan.

use axum::Json;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::{CsvDialect, Money, Page, Pagination, ProductId, PurchaseOrderId, SupplierId};
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound,
};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::PurchasingError);

use crate::entity::{reorder_rule, supplier, supplier_product};
use crate::service::drafts::DraftIn;
use crate::service::queries::{self, Detail, PoFilter};
use crate::service::receive::ReceiptIn;
use crate::service::reorder::{RuleImportReport, RuleIn, Suggestion};
use crate::service::suppliers::{SupplierIn, SupplierProductIn};
use crate::service::{self, drafts, lifecycle, receive, reorder, suppliers};

const MANAGE: &str = "purchasing.manage";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_suppliers, create_supplier))
        .routes(routes!(get_supplier, update_supplier, delete_supplier))
        .routes(routes!(supplier_products))
        .routes(routes!(set_supplier_product, remove_supplier_product))
        .routes(routes!(list_orders, create_order))
        .routes(routes!(export_orders))
        .routes(routes!(get_order, update_order, delete_order))
        .routes(routes!(place_order))
        .routes(routes!(cancel_order))
        .routes(routes!(close_order))
        .routes(routes!(list_receipts, create_receipt))
        .routes(routes!(order_pdf))
        .routes(routes!(incoming))
        .routes(routes!(product_purchasing))
        .routes(routes!(list_rules))
        .routes(routes!(set_rule, remove_rule))
        .routes(routes!(import_rules))
        .routes(routes!(list_suggestions))
        .routes(routes!(drafts_from_suggestions))
}

// ----- suppliers -----

#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierOut {
    pub id: i64,
    pub name: String,
    pub contact_person: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub vat_id: Option<String>,
    pub currency: String,
    pub language: String,
    pub lead_time_days: Option<i32>,
    pub payment_terms: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<supplier::Model> for SupplierOut {
    fn from(s: supplier::Model) -> Self {
        SupplierOut {
            id: s.id,
            name: s.name,
            contact_person: s.contact_person,
            email: s.email,
            phone: s.phone,
            street: s.street,
            postal_code: s.postal_code,
            city: s.city,
            country: s.country,
            vat_id: s.vat_id,
            currency: s.currency,
            language: s.language,
            lead_time_days: s.lead_time_days,
            payment_terms: s.payment_terms,
            notes: s.notes,
            active: s.active,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupplierQuery {
    /// Searches name, contact person and e-mail.
    pub q: Option<String>,
    /// Only active suppliers.
    pub active: Option<bool>,
}

/// The store's suppliers by name.
#[utoipa::path(get, path = "/api/v1/store/suppliers", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(SupplierQuery),
    responses((status = 200, body = Vec<SupplierOut>), ProblemForbidden))]
pub async fn list_suppliers(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<SupplierQuery>,
) -> Result<Json<Vec<SupplierOut>>, ApiError> {
    gate(&state, &ctx).await?;
    let all = suppliers::list(
        state.db.conn(),
        ctx.store_id(),
        q.q.as_deref(),
        q.active.unwrap_or(false),
    )
    .await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// Checks the permission and the plan's feature.
async fn gate(state: &AppState, ctx: &StoreCtx) -> Result<(), ApiError> {
    ctx.require(MANAGE)?;
    limits::require_feature(
        state.db.conn(),
        ctx.store.merchant_id,
        Feature::PURCHASE_ORDERS,
    )
    .await?;
    Ok(())
}

/// Add a supplier (Professional and up). The VAT id is checked (format and check digits).
#[utoipa::path(post, path = "/api/v1/store/suppliers", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), request_body = SupplierIn,
    responses((status = 201, body = SupplierOut), ProblemForbidden, ProblemConflict, ProblemInvalid))]
pub async fn create_supplier(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<SupplierIn>,
) -> Result<(StatusCode, Json<SupplierOut>), ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let s = suppliers::create(&tx, ctx.store.merchant_id, ctx.store_id(), b).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(s.into())))
}

/// One supplier.
#[utoipa::path(get, path = "/api/v1/store/suppliers/{supplier_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("supplier_id" = i64, Path)),
    responses((status = 200, body = SupplierOut), ProblemNotFound))]
pub async fn get_supplier(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<SupplierOut>, ApiError> {
    gate(&state, &ctx).await?;
    Ok(Json(
        suppliers::find(state.db.conn(), ctx.store_id(), SupplierId(id))
            .await?
            .into(),
    ))
}

/// Change a supplier: the fields given (an empty text clears a field; `active: false`
/// deactivates).
#[utoipa::path(patch, path = "/api/v1/store/suppliers/{supplier_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("supplier_id" = i64, Path)), request_body = SupplierIn,
    responses((status = 200, body = SupplierOut), ProblemNotFound, ProblemConflict, ProblemInvalid))]
pub async fn update_supplier(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SupplierIn>,
) -> Result<Json<SupplierOut>, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let s = suppliers::update(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        SupplierId(id),
        b,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(s.into()))
}

/// Delete a supplier that never had a purchase order (409 otherwise: deactivate it).
#[utoipa::path(delete, path = "/api/v1/store/suppliers/{supplier_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("supplier_id" = i64, Path)),
    responses((status = 204, description = "Deleted"), ProblemNotFound, ProblemConflict))]
pub async fn delete_supplier(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    suppliers::delete(&tx, ctx.store_id(), SupplierId(id)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierProductOut {
    pub supplier_id: i64,
    pub product_id: i64,
    pub supplier_sku: Option<String>,
    #[schema(value_type = Option<String>)]
    pub last_unit_cost: Option<Money>,
    pub min_order_quantity: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<supplier_product::Model> for SupplierProductOut {
    fn from(s: supplier_product::Model) -> Self {
        SupplierProductOut {
            supplier_id: s.supplier_id,
            product_id: s.product_id,
            supplier_sku: s.supplier_sku,
            last_unit_cost: s.last_unit_cost_cents.map(Money),
            min_order_quantity: s.min_order_quantity,
            updated_at: s.updated_at,
        }
    }
}

/// What a supplier supplies: supplier SKU, last unit cost and minimum order quantity per
/// product.
#[utoipa::path(get, path = "/api/v1/store/suppliers/{supplier_id}/products", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("supplier_id" = i64, Path)),
    responses((status = 200, body = Vec<SupplierProductOut>), ProblemNotFound))]
pub async fn supplier_products(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SupplierProductOut>>, ApiError> {
    gate(&state, &ctx).await?;
    let s = suppliers::find(state.db.conn(), ctx.store_id(), SupplierId(id)).await?;
    Ok(Json(
        suppliers::products_of(state.db.conn(), ctx.store_id(), s.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierProductBody {
    pub supplier_sku: Option<String>,
    /// Euros excluding VAT (`"4.50"`).
    #[schema(value_type = Option<String>)]
    pub unit_cost: Option<Money>,
    pub min_order_quantity: Option<i64>,
}

/// Record what a supplier offers of a product.
#[utoipa::path(put, path = "/api/v1/store/suppliers/{supplier_id}/products/{product_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])),
    params(("supplier_id" = i64, Path), ("product_id" = i64, Path)), request_body = SupplierProductBody,
    responses((status = 200, body = SupplierProductOut), ProblemNotFound, ProblemInvalid))]
pub async fn set_supplier_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((id, product)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<SupplierProductBody>,
) -> Result<Json<SupplierProductOut>, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let sp = suppliers::set_product(
        &tx,
        ctx.store_id(),
        SupplierId(id),
        ProductId(product),
        SupplierProductIn {
            supplier_sku: b.supplier_sku,
            unit_cost_cents: b.unit_cost.map(Money::cents),
            min_order_quantity: b.min_order_quantity,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(sp.into()))
}

/// Remove a product from a supplier's offer.
#[utoipa::path(delete, path = "/api/v1/store/suppliers/{supplier_id}/products/{product_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])),
    params(("supplier_id" = i64, Path), ("product_id" = i64, Path)),
    responses((status = 204, description = "Removed"), ProblemNotFound))]
pub async fn remove_supplier_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((id, product)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    suppliers::remove_product(&tx, ctx.store_id(), SupplierId(id), ProductId(product)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- purchase orders -----

#[derive(Debug, Serialize, ToSchema)]
pub struct LineOut {
    pub id: i64,
    pub position: i32,
    pub product_id: i64,
    pub sku: String,
    pub title: String,
    pub gtin: Option<String>,
    pub quantity: i64,
    pub received: i64,
    /// Units that will not come (the order was closed short).
    pub closed_short: i64,
    /// Still expected: quantity − received − closed short.
    pub open: i64,
    /// Euros excluding VAT.
    #[schema(value_type = String)]
    pub unit_cost: Money,
    #[schema(value_type = String)]
    pub line_total: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseOrderOut {
    pub id: i64,
    /// `PO-<year>-<seq>`, assigned when ordered (null for drafts).
    pub number: Option<String>,
    /// `draft`, `ordered`, `partially_received`, `received`, `closed` (short) or `cancelled`.
    pub status: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub order_date: Option<NaiveDate>,
    pub expected_at: Option<NaiveDate>,
    pub notes: Option<String>,
    pub currency: String,
    /// Euros excluding VAT.
    #[schema(value_type = String)]
    pub total: Money,
    pub lines: Vec<LineOut>,
    pub created_at: DateTime<Utc>,
    pub ordered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl PurchaseOrderOut {
    pub fn new(d: Detail) -> Self {
        PurchaseOrderOut {
            id: d.po.id,
            number: d.po.number,
            status: d.po.status,
            supplier_id: d.po.supplier_id,
            supplier_name: d.supplier.name,
            order_date: d.po.order_date,
            expected_at: d.po.expected_at,
            notes: d.po.notes,
            currency: d.supplier.currency,
            total: Money(d.po.total_cents),
            lines: d
                .lines
                .into_iter()
                .map(|(l, p)| LineOut {
                    id: l.id,
                    position: l.position,
                    product_id: l.product_id,
                    sku: p.as_ref().map(|p| p.sku.clone()).unwrap_or_default(),
                    title: p
                        .as_ref()
                        .map(|p| p.title_or_fallback("en").0.to_owned())
                        .unwrap_or_default(),
                    gtin: p.and_then(|p| p.gtin),
                    quantity: l.quantity,
                    received: l.received,
                    closed_short: l.closed_short,
                    open: l.quantity - l.received - l.closed_short,
                    unit_cost: Money(l.unit_cost_cents),
                    line_total: Money(l.line_total_cents),
                })
                .collect(),
            created_at: d.po.created_at,
            ordered_at: d.po.ordered_at,
            closed_at: d.po.closed_at,
        }
    }
}

/// The purchase order `id` of the caller's store as the API shows it.
async fn out(
    conn: &impl sea_orm::ConnectionTrait,
    ctx: &StoreCtx,
    po: crate::entity::purchase_order::Model,
) -> Result<PurchaseOrderOut, ApiError> {
    Ok(PurchaseOrderOut::new(
        queries::detail(conn, ctx.store_id(), po).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseOrderSummary {
    pub id: i64,
    pub number: Option<String>,
    pub status: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub order_date: Option<NaiveDate>,
    pub expected_at: Option<NaiveDate>,
    #[schema(value_type = String)]
    pub total: Money,
    pub created_at: DateTime<Utc>,
}

/// Purchase orders, newest first, with status, supplier and search filters.
#[utoipa::path(get, path = "/api/v1/store/purchase-orders", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(PoFilter, Pagination),
    responses((status = 200, body = Page<PurchaseOrderSummary>), ProblemInvalid))]
pub async fn list_orders(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(f): Query<PoFilter>,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<PurchaseOrderSummary>>, ApiError> {
    gate(&state, &ctx).await?;
    let conn = state.db.conn();
    let (pos, total) = queries::list(conn, ctx.store_id(), &f, &p).await?;
    let names = queries::supplier_names(conn, ctx.store_id()).await?;
    let items = pos
        .into_iter()
        .map(|po| PurchaseOrderSummary {
            supplier_name: names.get(&po.supplier_id).cloned().unwrap_or_default(),
            id: po.id,
            number: po.number,
            status: po.status,
            supplier_id: po.supplier_id,
            order_date: po.order_date,
            expected_at: po.expected_at,
            total: Money(po.total_cents),
            created_at: po.created_at,
        })
        .collect();
    Ok(Json(Page::new(items, total, &p)))
}

/// Create a draft purchase order (no number yet).
#[utoipa::path(post, path = "/api/v1/store/purchase-orders", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), request_body = DraftIn,
    responses((status = 201, body = PurchaseOrderOut), ProblemForbidden, ProblemInvalid))]
pub async fn create_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<DraftIn>,
) -> Result<(StatusCode, Json<PurchaseOrderOut>), ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let po = drafts::create(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        Some(ctx.principal.user_id),
        b,
    )
    .await?;
    let o = out(&tx, &ctx, po).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// One purchase order with its lines.
#[utoipa::path(get, path = "/api/v1/store/purchase-orders/{purchase_order_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, body = PurchaseOrderOut), ProblemNotFound))]
pub async fn get_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    gate(&state, &ctx).await?;
    let po = service::find(state.db.conn(), ctx.store_id(), PurchaseOrderId(id)).await?;
    Ok(Json(out(state.db.conn(), &ctx, po).await?))
}

/// Change a draft (supplier, expected date, notes; `lines` replaces every line).
#[utoipa::path(patch, path = "/api/v1/store/purchase-orders/{purchase_order_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)), request_body = DraftIn,
    responses((status = 200, body = PurchaseOrderOut), ProblemNotFound, ProblemConflict, ProblemInvalid))]
pub async fn update_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DraftIn>,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let po = drafts::update(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        PurchaseOrderId(id),
        b,
    )
    .await?;
    let o = out(&tx, &ctx, po).await?;
    tx.commit().await?;
    Ok(Json(o))
}

/// Delete a draft.
#[utoipa::path(delete, path = "/api/v1/store/purchase-orders/{purchase_order_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 204, description = "Deleted"), ProblemNotFound, ProblemConflict))]
pub async fn delete_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    drafts::delete(&tx, ctx.store_id(), PurchaseOrderId(id)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Place a draft with the supplier: the number `PO-<year>-<seq>` is assigned and the lines
/// are fixed.
#[utoipa::path(post, path = "/api/v1/store/purchase-orders/{purchase_order_id}/order", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, body = PurchaseOrderOut), ProblemNotFound, ProblemConflict, ProblemInvalid))]
pub async fn place_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    transition(state, ctx, id, lifecycle::Transition::Order).await
}

/// One status change through the lifecycle service, answered with the order.
async fn transition(
    state: AppState,
    ctx: StoreCtx,
    id: i64,
    t: lifecycle::Transition,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let po = lifecycle::apply(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        PurchaseOrderId(id),
        t,
    )
    .await?;
    let o = out(&tx, &ctx, po).await?;
    tx.commit().await?;
    Ok(Json(o))
}

/// Cancel a draft or an ordered purchase order nothing was received against.
#[utoipa::path(post, path = "/api/v1/store/purchase-orders/{purchase_order_id}/cancel", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, body = PurchaseOrderOut), ProblemNotFound, ProblemConflict))]
pub async fn cancel_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    transition(state, ctx, id, lifecycle::Transition::Cancel).await
}

/// Close an ordered purchase order short: what was not received will not come (recorded per
/// line as `closed_short`).
#[utoipa::path(post, path = "/api/v1/store/purchase-orders/{purchase_order_id}/close", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, body = PurchaseOrderOut), ProblemNotFound, ProblemConflict))]
pub async fn close_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<PurchaseOrderOut>, ApiError> {
    transition(state, ctx, id, lifecycle::Transition::Close).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptLineOut {
    pub line_id: i64,
    pub product_id: i64,
    pub warehouse_id: i64,
    pub bin: String,
    pub quantity: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptOut {
    pub id: i64,
    pub purchase_order_id: i64,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub lines: Vec<ReceiptLineOut>,
}

fn receipt_out(
    r: crate::entity::receipt::Model,
    lines: Vec<crate::entity::receipt_line::Model>,
) -> ReceiptOut {
    ReceiptOut {
        id: r.id,
        purchase_order_id: r.purchase_order_id,
        note: r.note,
        created_at: r.created_at,
        lines: lines
            .into_iter()
            .map(|l| ReceiptLineOut {
                line_id: l.line_id,
                product_id: l.product_id,
                warehouse_id: l.warehouse_id,
                bin: l.bin,
                quantity: l.quantity,
            })
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceivedOut {
    #[serde(flatten)]
    pub receipt: ReceiptOut,
    /// The purchase order after the receipt.
    pub purchase_order: PurchaseOrderOut,
}

/// Receive goods against the order (partial or full) into stock. With an `Idempotency-Key`
/// the same request receives once (a repeat answers 200 with the first receipt); more than is
/// open on a line is refused (409 naming the line) and nothing is received.
#[utoipa::path(post, path = "/api/v1/store/purchase-orders/{purchase_order_id}/receipts", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = ReceiptIn,
    responses((status = 201, body = ReceivedOut), (status = 200, description = "The receipt an earlier request with the same Idempotency-Key made", body = ReceivedOut), ProblemNotFound, ProblemConflict, ProblemInvalid))]
pub async fn create_receipt(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ReceiptIn>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx).await?;
    let key = orion_web::json::idempotency_key(&headers)?;
    let tx = state.db.begin_write().await?;
    let r = receive::receive(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        Some(ctx.principal.user_id),
        PurchaseOrderId(id),
        b,
        key.as_deref(),
    )
    .await?;
    let lines = receive::receipts_of(&tx, r.receipt.purchase_order_id)
        .await?
        .into_iter()
        .find(|(x, _)| x.id == r.receipt.id)
        .map(|(_, l)| l)
        .unwrap_or_default();
    let po = service::find(
        &tx,
        ctx.store_id(),
        PurchaseOrderId(r.receipt.purchase_order_id),
    )
    .await?;
    let body = ReceivedOut {
        receipt: receipt_out(r.receipt, lines),
        purchase_order: out(&tx, &ctx, po).await?,
    };
    tx.commit().await?;
    let status = if r.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body)).into_response())
}

/// The receipts of a purchase order, oldest first.
#[utoipa::path(get, path = "/api/v1/store/purchase-orders/{purchase_order_id}/receipts", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, body = Vec<ReceiptOut>), ProblemNotFound))]
pub async fn list_receipts(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReceiptOut>>, ApiError> {
    gate(&state, &ctx).await?;
    let po = service::find(state.db.conn(), ctx.store_id(), PurchaseOrderId(id)).await?;
    Ok(Json(
        receive::receipts_of(state.db.conn(), po.id)
            .await?
            .into_iter()
            .map(|(r, l)| receipt_out(r, l))
            .collect(),
    ))
}

/// The purchase order as a PDF to send to the supplier, in the supplier's language.
#[utoipa::path(get, path = "/api/v1/store/purchase-orders/{purchase_order_id}/pdf", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("purchase_order_id" = i64, Path)),
    responses((status = 200, description = "PDF", content_type = "application/pdf"), ProblemNotFound))]
pub async fn order_pdf(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx).await?;
    let po = service::find(state.db.conn(), ctx.store_id(), PurchaseOrderId(id)).await?;
    let (bytes, stem) = crate::pdf::render(state.db.conn(), &ctx.store, po).await?;
    Ok(orion_web::pages::pdf_attachment(bytes, &stem))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `standard` (comma, UTF-8) or `excel` (semicolon, UTF-8 with BOM, decimal commas).
    pub dialect: Option<String>,
}

/// Purchase orders and their lines as CSV (one row per line), with the list's filters.
#[utoipa::path(get, path = "/api/v1/store/purchase-orders/export", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(PoFilter, ExportQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv"), ProblemInvalid))]
pub async fn export_orders(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(f): Query<PoFilter>,
    Query(e): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx).await?;
    let dialect = CsvDialect::parse(e.dialect.as_deref())?;
    let body = service::export::csv(state.db.conn(), ctx.store_id(), &f, dialect).await?;
    Ok(csv_file(
        body,
        &format!("purchase-orders-{}", ctx.store.code),
    ))
}

/// A CSV download named `<stem>.csv`.
pub fn csv_file(body: Vec<u8>, stem: &str) -> Response {
    let name = format!("{}.csv", orion_web::pages::file_stem(stem));
    orion_web::pages::attachment(body.into(), "text/csv; charset=utf-8", &name)
}

// ----- incoming stock and product figures -----

#[derive(Debug, Serialize, ToSchema)]
pub struct IncomingItem {
    pub product_id: i64,
    pub sku: String,
    pub title: String,
    /// Units on open purchase orders (ordered − received − closed short).
    pub on_order: i64,
    /// The earliest expected delivery among them.
    pub next_expected_at: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IncomingOut {
    pub items: Vec<IncomingItem>,
}

/// Incoming stock: every product with units on open purchase orders.
#[utoipa::path(get, path = "/api/v1/store/inventory/incoming", extensions(("x-permission" = json!("inventory.view"))), tag = "purchasing", security(("bearer" = [])),
    responses((status = 200, body = IncomingOut), ProblemForbidden))]
pub async fn incoming(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<IncomingOut>, ApiError> {
    ctx.require("inventory.view")?;
    limits::require_feature(
        state.db.conn(),
        ctx.store.merchant_id,
        Feature::PURCHASE_ORDERS,
    )
    .await?;
    let conn = state.db.conn();
    let map = service::incoming::on_order(conn, ctx.store_id(), None).await?;
    let ids: Vec<i64> = map.keys().copied().collect();
    let mut items: Vec<IncomingItem> =
        orion_catalog::service::find_many(conn, ctx.store_id(), &ids)
            .await?
            .into_iter()
            .filter_map(|p| {
                let o = map.get(&p.id)?;
                Some(IncomingItem {
                    product_id: p.id,
                    title: p.title_or_fallback("en").0.to_owned(),
                    sku: p.sku,
                    on_order: o.quantity,
                    next_expected_at: o.next_expected_at,
                })
            })
            .collect();
    items.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(Json(IncomingOut { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleOut {
    pub product_id: i64,
    pub reorder_point: i64,
    pub target_level: i64,
    pub supplier_id: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

impl From<reorder_rule::Model> for RuleOut {
    fn from(r: reorder_rule::Model) -> Self {
        RuleOut {
            product_id: r.product_id,
            reorder_point: r.reorder_point,
            target_level: r.target_level,
            supplier_id: r.supplier_id,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductPurchasingOut {
    pub product_id: i64,
    /// Moving weighted-average unit cost (euros excluding VAT), from receipts.
    #[schema(value_type = Option<String>)]
    pub average_cost: Option<Money>,
    /// The units that average was computed over.
    pub average_cost_quantity: Option<i64>,
    pub on_order: i64,
    pub next_expected_at: Option<NaiveDate>,
    pub reorder_rule: Option<RuleOut>,
    pub suppliers: Vec<SupplierProductOut>,
}

/// A product's purchasing figures: average cost, on order, reorder rule and suppliers.
#[utoipa::path(get, path = "/api/v1/store/purchasing/products/{product_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("product_id" = i64, Path)),
    responses((status = 200, body = ProductPurchasingOut), ProblemNotFound))]
pub async fn product_purchasing(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<ProductPurchasingOut>, ApiError> {
    gate(&state, &ctx).await?;
    let conn = state.db.conn();
    let p = orion_catalog::service::find(conn, ctx.store_id(), ProductId(id)).await?;
    let cost = service::costs::of(conn, ctx.store_id(), p.id).await?;
    let inc = service::incoming::on_order(conn, ctx.store_id(), Some(&[p.id]))
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    let rule = reorder::rule(conn, ctx.store_id(), p.id).await?;
    let offers = suppliers::offers_for(conn, ctx.store_id(), &[p.id]).await?;
    Ok(Json(ProductPurchasingOut {
        product_id: p.id,
        average_cost: cost.map(|c| Money(c.cents)),
        average_cost_quantity: cost.map(|c| c.quantity),
        on_order: inc.quantity,
        next_expected_at: inc.next_expected_at,
        reorder_rule: rule.map(Into::into),
        suppliers: offers.into_iter().map(Into::into).collect(),
    }))
}

// ----- reorder rules and suggestions -----

/// Every reorder rule of the store.
#[utoipa::path(get, path = "/api/v1/store/reorder-rules", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])),
    responses((status = 200, body = Vec<RuleOut>)))]
pub async fn list_rules(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<RuleOut>>, ApiError> {
    gate(&state, &ctx).await?;
    Ok(Json(
        reorder::rules(state.db.conn(), ctx.store_id())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Set a product's reorder point, target level and (optionally) supplier.
#[utoipa::path(put, path = "/api/v1/store/reorder-rules/{product_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("product_id" = i64, Path)), request_body = RuleIn,
    responses((status = 200, body = RuleOut), ProblemNotFound, ProblemInvalid))]
pub async fn set_rule(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RuleIn>,
) -> Result<Json<RuleOut>, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    let r = reorder::set_rule(&tx, ctx.store.merchant_id, ctx.store_id(), ProductId(id), b).await?;
    tx.commit().await?;
    Ok(Json(r.into()))
}

/// Remove a product's reorder rule.
#[utoipa::path(delete, path = "/api/v1/store/reorder-rules/{product_id}", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), params(("product_id" = i64, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn remove_rule(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    gate(&state, &ctx).await?;
    let tx = state.db.begin_write().await?;
    reorder::remove_rule(&tx, ctx.store_id(), ProductId(id)).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Import reorder rules from CSV (`sku,reorder_point,target_level[,supplier]`; comma,
/// semicolon or tab). All or nothing; every refused row is listed.
#[utoipa::path(post, path = "/api/v1/store/reorder-rules/import", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "CSV with a header line (or multipart/form-data with a `file` part)"),
    responses((status = 200, body = RuleImportReport), ProblemInvalid))]
pub async fn import_rules(
    State(state): State<AppState>,
    ctx: StoreCtx,
    req: Request,
) -> Result<Json<RuleImportReport>, ApiError> {
    gate(&state, &ctx).await?;
    let bytes = orion_catalog::api::upload(req, &state).await?;
    Ok(Json(run_rule_import(&state, &ctx.store, &bytes).await?))
}

/// Shared by the API and the reorder page: committed only when every row was good.
pub async fn run_rule_import(
    state: &AppState,
    store: &orion_web::StoreScope,
    bytes: &[u8],
) -> Result<RuleImportReport, ApiError> {
    let tx = state.db.begin_write().await?;
    let report = reorder::import(&tx, store.merchant_id, store.store_id, bytes).await?;
    if report.applied {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionsOut {
    pub items: Vec<Suggestion>,
}

/// Products at or below their reorder point (available + on order ≤ reorder point) with the
/// quantity to order, by supplier.
#[utoipa::path(get, path = "/api/v1/store/reorder-suggestions", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])),
    responses((status = 200, body = SuggestionsOut)))]
pub async fn list_suggestions(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<SuggestionsOut>, ApiError> {
    gate(&state, &ctx).await?;
    Ok(Json(SuggestionsOut {
        items: reorder::suggestions(state.db.conn(), ctx.store_id(), "en").await?,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectedSuggestion {
    pub product_id: i64,
    /// Overrides the suggested quantity.
    pub quantity: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftsBody {
    pub lines: Vec<SelectedSuggestion>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DraftsOut {
    pub purchase_orders: Vec<PurchaseOrderOut>,
}

/// Create draft purchase orders, one per supplier, from selected suggestions.
#[utoipa::path(post, path = "/api/v1/store/reorder-suggestions/drafts", extensions(("x-permission" = json!("purchasing.manage"))), tag = "purchasing", security(("bearer" = [])), request_body = DraftsBody,
    responses((status = 201, body = DraftsOut), ProblemInvalid))]
pub async fn drafts_from_suggestions(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<DraftsBody>,
) -> Result<(StatusCode, Json<DraftsOut>), ApiError> {
    gate(&state, &ctx).await?;
    check_selection(&b.lines)?;
    let selection: Vec<(i64, Option<i64>)> =
        b.lines.iter().map(|l| (l.product_id, l.quantity)).collect();
    let tx = state.db.begin_write().await?;
    let pos = reorder::create_drafts(
        &tx,
        ctx.store.merchant_id,
        ctx.store_id(),
        Some(ctx.principal.user_id),
        &selection,
    )
    .await
    .map_err(selection_fields)?;
    let mut out_pos = Vec::new();
    for po in pos {
        out_pos.push(out(&tx, &ctx, po).await?);
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(DraftsOut {
            purchase_orders: out_pos,
        }),
    ))
}

/// Checks what the service would otherwise refuse per supplier draft (where `lines[k]` is the
/// draft's line, not the request's): each product once, override quantities in range.
fn check_selection(lines: &[SelectedSuggestion]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, l) in lines.iter().enumerate() {
        if !seen.insert(l.product_id) {
            errors.push(orion_kernel::FieldError::new(
                format!("lines[{i}].product_id"),
                "appears on another line already",
            ));
        }
        if let Some(q) = l.quantity
            && !(1..=service::MAX_QUANTITY).contains(&q)
        {
            errors.push(orion_kernel::FieldError::new(
                format!("lines[{i}].quantity"),
                format!("must be between 1 and {}", service::MAX_QUANTITY),
            ));
        }
    }
    orion_kernel::Invalid::check(errors).map_err(|e| crate::PurchasingError::from(e).into())
}

/// The service names the selection as the reorder page's form does (`product_ids[i]`); in
/// this API's body it is `lines[i].product_id`.
fn selection_fields(e: crate::PurchasingError) -> crate::PurchasingError {
    match e {
        crate::PurchasingError::Invalid(mut inv) => {
            for f in &mut inv.0 {
                if f.field == "product_ids" {
                    f.field = "lines".into();
                } else if let Some(rest) = f.field.strip_prefix("product_ids[") {
                    f.field = format!("lines[{rest}.product_id");
                }
            }
            crate::PurchasingError::Invalid(inv)
        }
        e => e,
    }
}
