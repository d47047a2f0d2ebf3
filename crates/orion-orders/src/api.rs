//! Orders API: create (idempotent), list, detail, lifecycle transitions, exceptions.

use orion_web::problem::responses::{ProblemConflict, ProblemInvalid, ProblemNotFound};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use orion_db::changes;
use orion_kernel::{CursorParams, ListPage, Listing, Money, Pagination};
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
#[allow(unused_imports)]
use std::future::Future;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::OrderError);

use crate::entity::{order, order_history, order_item};
use crate::list_cache::{self, ListCache};
use crate::service::{self, DirectOrderIn, OrderFilter};
use orion_kernel::{Address, OrderId, OrderItemId, ProductId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders, create_order))
        .routes(routes!(quote_order))
        .routes(routes!(get_order))
        .routes(routes!(confirm_order))
        .routes(routes!(confirm_item))
        .routes(routes!(decline_item))
        .routes(routes!(resolve_item))
        .routes(routes!(ship_order))
        .routes(routes!(deliver_order))
        .routes(routes!(cancel_order))
        .routes(routes!(refund_order))
        .routes(routes!(list_exceptions))
        .routes(routes!(resolve_exceptions))
        .routes(routes!(get_order_settings, put_order_settings))
        .merge(crate::documents_api::router())
        // One list cache per composed app (its keys are only meaningful for one database).
        .layer(Extension(Arc::new(ListCache::default())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemOut {
    pub id: i64,
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
    pub line_total: Money,
    pub vat_rate_class: String,
    /// pending, confirmed, declined.
    pub status: String,
    /// True while the item matches no product (an open exception).
    pub unmatched: bool,
    /// Confirmed without stock (the store allows backorders); reserved when it ships.
    pub backordered: bool,
}

impl From<order_item::Model> for ItemOut {
    fn from(i: order_item::Model) -> Self {
        ItemOut {
            unmatched: i.product_id.is_none(),
            backordered: i.backordered,
            id: i.id,
            product_id: i.product_id,
            sku: i.sku,
            gtin: i.gtin,
            name: i.name,
            quantity: i.quantity,
            unit_price: Money(i.unit_price_cents),
            line_total: Money(i.line_total_cents),
            vat_rate_class: i.vat_rate_class,
            status: i.status,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderHistoryOut)]
pub struct HistoryOut {
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_user_id: Option<i64>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<order_history::Model> for HistoryOut {
    fn from(h: order_history::Model) -> Self {
        HistoryOut {
            from_status: h.from_status,
            to_status: h.to_status,
            actor_user_id: h.actor_user_id,
            note: h.note,
            at: h.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerSnapshot {
    pub id: Option<i64>,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub vat_id: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderOut {
    pub id: i64,
    pub order_number: String,
    pub channel: String,
    pub external_order_id: Option<String>,
    pub external_shipment_id: Option<String>,
    pub external_number: Option<String>,
    pub status: String,
    pub held_reason: Option<String>,
    pub customer: CustomerSnapshot,
    pub billing_address: Option<Address>,
    pub shipping_address: Option<Address>,
    pub items: Vec<ItemOut>,
    pub subtotal: Money,
    pub shipping_amount: Money,
    pub discount_amount: Money,
    /// VAT included in the total (at the store's domestic rates; the invoice decides the regime).
    pub tax_amount: Money,
    pub total: Money,
    pub currency: String,
    pub locale: String,
    pub tracking_number: Option<String>,
    pub carrier: Option<String>,
    pub notes: Option<String>,
    pub ordered_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    /// Actions allowed in the current status.
    pub allowed_actions: Vec<&'static str>,
    /// Only on the detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_exceptions: Option<u64>,
}

pub fn order_out(o: order::Model, items: Vec<order_item::Model>) -> OrderOut {
    let status = crate::domain::Status::parse(&o.status).unwrap_or(crate::domain::Status::Pending);
    OrderOut {
        customer: CustomerSnapshot {
            id: o.customer_id,
            email: o.customer_email,
            first_name: o.customer_first_name,
            last_name: o.customer_last_name,
            company: o.customer_company,
            vat_id: o.customer_vat_id,
            phone: o.customer_phone,
        },
        billing_address: o
            .billing_address
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok()),
        shipping_address: serde_json::from_str(&o.shipping_address).ok(),
        items: items.into_iter().map(Into::into).collect(),
        subtotal: Money(o.subtotal_cents),
        shipping_amount: Money(o.shipping_cents),
        discount_amount: Money(o.discount_cents),
        tax_amount: Money(o.tax_cents),
        total: Money(o.total_cents),
        allowed_actions: status.allowed(),
        id: o.id,
        order_number: o.order_number,
        channel: o.channel,
        external_order_id: o.external_order_id,
        external_shipment_id: o.external_shipment_id,
        external_number: o.external_number,
        status: o.status,
        held_reason: o.held_reason,
        currency: o.currency,
        locale: o.locale,
        tracking_number: o.tracking_number,
        carrier: o.carrier,
        notes: o.notes,
        ordered_at: o.ordered_at,
        confirmed_at: o.confirmed_at,
        shipped_at: o.shipped_at,
        delivered_at: o.delivered_at,
        cancelled_at: o.cancelled_at,
        refunded_at: o.refunded_at,
        history: None,
        open_exceptions: None,
    }
}

pub async fn detail(
    conn: &impl sea_orm::ConnectionTrait,
    o: order::Model,
) -> Result<OrderOut, ApiError> {
    let id = OrderId(o.id);
    let its = service::items(conn, id).await?;
    let hist = service::history_of(conn, id).await?;
    let open = service::exceptions_of(conn, id)
        .await?
        .iter()
        .filter(|e| e.status == "open")
        .count() as u64;
    let mut out = order_out(o, its);
    out.history = Some(hist.into_iter().map(Into::into).collect());
    out.open_exceptions = Some(open);
    Ok(out)
}

/// Orders of the store, newest first (or in `sort`'s order): by page number, or walked with
/// cursors (`?limit=`, then `?after=<next_cursor>`; newest or oldest first, never counted,
/// stable while orders arrive).
#[utoipa::path(get, path = "/api/v1/store/orders", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), params(OrderFilter, Pagination, CursorParams),
    responses((status = 200, body = ListPage<OrderOut>), ProblemInvalid))]
pub async fn list_orders(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<ListCache>>,
    ctx: StoreCtx,
    Query(f): Query<OrderFilter>,
    Query(p): Query<Pagination>,
    Query(c): Query<CursorParams>,
) -> Result<Response, ApiError> {
    ctx.require("orders.view")?;
    let how = Listing::of(p, &c)?;
    let conn = state.db.conn();
    let store = ctx.store_id();
    // Read with the token, before the rows it guards (see orion_db::changes).
    let mut version = ctx.counter(list_cache::SCOPE);
    if !cache.known_without_held(store, version) {
        if release_held(&state, &ctx).await? {
            version = changes::version(conn, list_cache::SCOPE, store.0).await?;
        } else {
            cache.put_without_held(store, version);
        }
    }
    // A walk's steps are each read once: one range read, not cached.
    if let Listing::Walk(k) = how {
        let (orders, next) = service::walk(conn, store, &f, &k).await?;
        let page = ListPage::walked(with_items(conn, orders).await?, &k, next);
        return Ok(Json(page).into_response());
    }
    // "Short of stock" follows stock changes, which do not move the orders' counter: never
    // cached.
    let live = f.attention.as_deref().map(str::trim) == Some("short");
    let compute = async {
        let (orders, total) = if live {
            service::list(conn, store, &f, &p).await?
        } else {
            let total = cache
                .count(store, version, &f, service::count(conn, store, &f))
                .await?;
            (
                service::list_counted(conn, store, &f, &p, total).await?,
                total,
            )
        };
        // The next cursor continues from the page's last order in the walk of the same sort.
        let last = service::cursor_order(&f)?.and(orders.last().map(|o| o.id));
        let page = ListPage::numbered(with_items(conn, orders).await?, total, &p, last);
        Ok::<_, ApiError>(Bytes::from(
            serde_json::to_vec(&page).map_err(ApiError::internal)?,
        ))
    };
    let body = if live {
        compute.await?
    } else {
        cache.page(store, version, &f, &p, compute).await?
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The orders of a list page with their items (one query for the items of the whole page).
async fn with_items(
    conn: &impl sea_orm::ConnectionTrait,
    orders: Vec<order::Model>,
) -> Result<Vec<OrderOut>, ApiError> {
    let ids = orders.iter().map(|o| o.id).collect::<Vec<_>>();
    let mut by_order = service::items_of_orders(conn, &ids).await?;
    Ok(orders
        .into_iter()
        .map(|o| {
            let its = by_order.remove(&o.id).unwrap_or_default();
            order_out(o, its)
        })
        .collect())
}

/// Held orders are released as soon as the quota allows (upgrade, new month). True when
/// the store had held orders (the release may have changed orders).
async fn release_held(state: &AppState, ctx: &StoreCtx) -> Result<bool, ApiError> {
    let any_held = service::has_held(state.db.conn(), ctx.store_id()).await?;
    if any_held {
        let tx = state.db.begin_write().await?;
        service::release_held(&tx, &ctx.store.store_ref()).await?;
        tx.commit().await?;
    }
    Ok(any_held)
}

/// Create a direct order. Totals are computed from the lines. Send an `Idempotency-Key`
/// header to make retries safe: the same key and body return the same order (200).
#[utoipa::path(post, path = "/api/v1/store/orders", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), request_body = DirectOrderIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = OrderOut), (status = 200, description = "Same Idempotency-Key and body: the existing order", body = OrderOut),
        (status = 403, description = "Monthly order limit", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn create_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    headers: HeaderMap,
    ApiJson(b): ApiJson<DirectOrderIn>,
) -> Result<(StatusCode, Json<OrderOut>), ApiError> {
    ctx.require("orders.edit")?;
    let key = orion_web::json::idempotency_key(&headers)?;
    let tx = state.db.begin_write().await?;
    let created = service::create_direct(
        &tx,
        &ctx.store.store_ref(),
        Some(ctx.principal.user_id),
        b,
        key.as_deref(),
    )
    .await?;
    let out = detail(&tx, created.order).await?;
    tx.commit().await?;
    Ok((
        if created.new {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(out),
    ))
}

/// A line of a quote: what the order item would be.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuoteItemOut {
    pub sku: String,
    /// The product's title in the order's language.
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

/// What a direct order would cost, VAT included (`tax_amount` is the VAT in the total).
#[derive(Debug, Serialize, ToSchema)]
pub struct QuoteOut {
    pub subtotal: Money,
    pub shipping_amount: Money,
    pub tax_amount: Money,
    pub total: Money,
    pub items: Vec<QuoteItemOut>,
}

impl QuoteOut {
    pub fn new(p: &service::Priced, locale: &str) -> Self {
        Self {
            subtotal: Money(p.subtotal_cents),
            shipping_amount: Money(p.shipping_cents),
            tax_amount: Money(p.tax_cents),
            total: Money(p.total_cents),
            items: p
                .lines
                .iter()
                .map(|l| QuoteItemOut {
                    sku: l.product.sku.clone(),
                    name: l.name(locale),
                    quantity: l.quantity,
                    unit_price: Money(l.unit_cents),
                    line_total: Money(l.line_cents),
                })
                .collect(),
        }
    }
}

/// Price a direct order without creating it: the body of `POST /api/v1/store/orders`, the
/// totals creating it would give, or the same problems. Nothing is kept: no order, no
/// customer, no order number, no unit of the monthly quota.
#[utoipa::path(post, path = "/api/v1/store/orders/quote", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), request_body = DirectOrderIn,
    responses((status = 200, body = QuoteOut), ProblemInvalid))]
pub async fn quote_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<DirectOrderIn>,
) -> Result<Json<QuoteOut>, ApiError> {
    ctx.require("orders.edit")?;
    let (priced, locale) =
        service::quote_direct(state.db.conn(), &ctx.store.store_ref(), &b).await?;
    Ok(Json(QuoteOut::new(&priced, &locale)))
}

/// One order with items, history and open exceptions.
#[utoipa::path(get, path = "/api/v1/store/orders/{order_id}", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)),
    responses((status = 200, body = OrderOut), ProblemNotFound))]
pub async fn get_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<OrderOut>, ApiError> {
    ctx.require("orders.view")?;
    let o = service::find(state.db.conn(), ctx.store_id(), OrderId(id)).await?;
    Ok(Json(detail(state.db.conn(), o).await?))
}

/// How often a use case is tried when PostgreSQL aborts its transaction as a deadlock victim
/// or a serialization failure.
const ATTEMPTS: u32 = 5;

/// Runs one order use case in a write transaction and answers with the order's detail.
///
/// The use case does all its work (stock, history, events) inside that transaction, so when
/// the database aborts it as a deadlock victim or a serialization failure nothing of it
/// remains, and it is run again from the start in a new transaction (up to [`ATTEMPTS`]
/// times, with a short random pause).
async fn run<F>(state: &AppState, ctx: &StoreCtx, f: F) -> Result<Json<OrderOut>, ApiError>
where
    F: for<'c> Fn(
        &'c sea_orm::DatabaseTransaction,
    ) -> std::pin::Pin<
        Box<dyn Future<Output = Result<order::Model, crate::OrderError>> + Send + 'c>,
    >,
{
    ctx.require("orders.edit")?;
    let mut attempt = 1;
    loop {
        let tx = state.db.begin_write().await?;
        match f(&tx).await {
            Ok(o) => {
                let out = detail(&tx, o).await?;
                tx.commit().await?;
                return Ok(Json(out));
            }
            Err(e) if attempt < ATTEMPTS && e.is_retryable() => {
                tx.rollback().await?;
                let pause = {
                    use rand::Rng;
                    rand::rng().random_range(1..=10 * u64::from(attempt))
                };
                tracing::debug!(attempt, error = %e, "retrying an order use case");
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Confirm the order: reserves stock for every pending item (all or nothing).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/confirm", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)),
    responses((status = 200, body = OrderOut), (status = 409, description = "Invalid transition, open exceptions or not enough stock", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<OrderOut>, ApiError> {
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::confirm(tx, store, id, user))
    })
    .await
}

/// Confirm one item (reserves its stock).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/items/{item_id}/confirm", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])),
    params(("order_id" = i64, Path), ("item_id" = i64, Path)),
    responses((status = 200, body = OrderOut), ProblemNotFound, ProblemConflict))]
pub async fn confirm_item(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Json<OrderOut>, ApiError> {
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::decide_item(
            tx,
            store,
            id,
            OrderItemId(item),
            true,
            user,
        ))
    })
    .await
}

/// Decline one item; declining every item cancels the order.
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/items/{item_id}/decline", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])),
    params(("order_id" = i64, Path), ("item_id" = i64, Path)),
    responses((status = 200, body = OrderOut), ProblemNotFound, ProblemConflict))]
pub async fn decline_item(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Json<OrderOut>, ApiError> {
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::decide_item(
            tx,
            store,
            id,
            OrderItemId(item),
            false,
            user,
        ))
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    pub product_id: i64,
}

/// Map an unmatched item to a product of the store (resolves its exception).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/items/{item_id}/resolve", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])),
    params(("order_id" = i64, Path), ("item_id" = i64, Path)), request_body = ResolveBody,
    responses((status = 200, body = OrderOut), ProblemNotFound, ProblemInvalid))]
pub async fn resolve_item(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((id, item)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<ResolveBody>,
) -> Result<Json<OrderOut>, ApiError> {
    let (store, id, item) = (ctx.store_id(), OrderId(id), OrderItemId(item));
    run(&state, &ctx, move |tx| {
        Box::pin(service::resolve_item(
            tx,
            store,
            id,
            item,
            ProductId(b.product_id),
        ))
    })
    .await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipBody {
    pub tracking_number: Option<String>,
    pub carrier: Option<String>,
}

/// Ship the order with tracking: fulfils the reserved stock.
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/ship", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)), request_body = ShipBody,
    responses((status = 200, body = OrderOut), ProblemConflict, ProblemInvalid))]
pub async fn ship_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<OrderOut>, ApiError> {
    let b: ShipBody = if body.iter().all(u8::is_ascii_whitespace) {
        ShipBody::default()
    } else {
        orion_web::json::parse(&body)?
    };
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::ship(
            tx,
            store,
            id,
            b.tracking_number.clone(),
            b.carrier.clone(),
            user,
        ))
    })
    .await
}

/// Mark the order delivered.
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/deliver", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)),
    responses((status = 200, body = OrderOut), ProblemConflict))]
pub async fn deliver_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<OrderOut>, ApiError> {
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::deliver(tx, store, id, user))
    })
    .await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    pub reason: Option<String>,
    pub note: Option<String>,
}

fn optional_body(body: &axum::body::Bytes) -> Result<NoteBody, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        Ok(NoteBody::default())
    } else {
        orion_web::json::parse(body)
    }
}

/// Cancel the order (releases reserved stock).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/cancel", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = OrderOut), ProblemConflict))]
pub async fn cancel_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<OrderOut>, ApiError> {
    let b = optional_body(&body)?;
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::cancel(
            tx,
            store,
            id,
            b.reason.clone().or(b.note.clone()),
            user,
        ))
    })
    .await
}

/// Mark the order refunded (credit notes come with invoicing).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/refund", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = OrderOut), ProblemConflict))]
pub async fn refund_order(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<OrderOut>, ApiError> {
    let b = optional_body(&body)?;
    let (store, user, id) = (ctx.store_id(), Some(ctx.principal.user_id), OrderId(id));
    run(&state, &ctx, move |tx| {
        Box::pin(service::refund(
            tx,
            store,
            id,
            b.note.clone().or(b.reason.clone()),
            user,
        ))
    })
    .await
}

/// One marketplace article the catalog does not know, and what waits for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionGroupOut {
    pub gtin: Option<String>,
    pub sku: Option<String>,
    /// The item's name as the marketplace sent it.
    pub title: String,
    /// Waiting items, and the orders they belong to.
    pub items: u64,
    pub orders: u64,
    pub order_ids: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionGroupsOut {
    /// Those waiting longest first.
    pub groups: Vec<ExceptionGroupOut>,
}

/// Open item exceptions (imported items matching no product), grouped by GTIN and SKU.
/// Products created meanwhile with the GTIN or SKU resolve them first.
#[utoipa::path(get, path = "/api/v1/store/order-exceptions", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = ExceptionGroupsOut)))]
pub async fn list_exceptions(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<ExceptionGroupsOut>, ApiError> {
    ctx.require("orders.view")?;
    let tx = state.db.begin_write().await?;
    let groups = service::open_groups(&tx, ctx.store_id()).await?;
    tx.commit().await?;
    Ok(Json(ExceptionGroupsOut {
        groups: groups
            .into_iter()
            .map(|g| ExceptionGroupOut {
                gtin: g.gtin,
                sku: g.sku,
                title: g.title,
                items: g.items,
                orders: g.orders,
                order_ids: g.order_ids,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveGroupBody {
    /// The group's GTIN and SKU, as the list shows them (at least one).
    pub gtin: Option<String>,
    pub sku: Option<String>,
    pub product_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupResolvedOut {
    pub resolved_items: u64,
    /// Orders that no longer wait for any item.
    pub unblocked_orders: u64,
}

/// Map every open item of one article (a group of the list) to a product of the store:
/// every order waiting only for it can be confirmed.
#[utoipa::path(post, path = "/api/v1/store/order-exceptions/resolve", extensions(("x-permission" = json!("orders.edit"))), tag = "orders", security(("bearer" = [])),
    request_body = ResolveGroupBody,
    responses((status = 200, body = GroupResolvedOut), ProblemInvalid))]
pub async fn resolve_exceptions(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<ResolveGroupBody>,
) -> Result<Json<GroupResolvedOut>, ApiError> {
    ctx.require("orders.edit")?;
    let tx = state.db.begin_write().await?;
    let r = service::resolve_group(
        &tx,
        ctx.store_id(),
        b.gtin.as_deref(),
        b.sku.as_deref(),
        ProductId(b.product_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(GroupResolvedOut {
        resolved_items: r.resolved_items,
        unblocked_orders: r.unblocked_orders,
    }))
}

/// Per-store order settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderSettings {
    /// Confirm items without enough stock as backorders (flagged, reserved when shipping)
    /// instead of refusing the confirmation. Stock never goes negative.
    pub allow_backorders: bool,
}

#[utoipa::path(get, path = "/api/v1/store/settings/orders", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderSettings)))]
pub async fn get_order_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<OrderSettings>, ApiError> {
    ctx.require("orders.view")?;
    Ok(Json(OrderSettings {
        allow_backorders: service::allow_backorders(state.db.conn(), ctx.store_id()).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/store/settings/orders", extensions(("x-permission" = json!("settings.manage"))), tag = "orders", security(("bearer" = [])), request_body = OrderSettings,
    responses((status = 200, body = OrderSettings), ProblemInvalid))]
pub async fn put_order_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<OrderSettings>,
) -> Result<Json<OrderSettings>, ApiError> {
    ctx.require("settings.manage")?;
    service::set_allow_backorders(state.db.conn(), ctx.store_id(), b.allow_backorders).await?;
    Ok(Json(b))
}
