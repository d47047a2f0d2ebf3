//! Packing slips and pick lists as PDF through the API (see [`crate::documents`]).

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;
use orion_kernel::{Lang, OrderId};
use orion_web::problem::responses::{ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx, StoreScope, i18n};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::documents::{self, Printer};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(packing_slip))
        .routes(routes!(packing_slips))
        .routes(routes!(pick_list))
}

/// The permission that opens order documents: whoever may see the orders may print them.
pub const PERMISSION: &str = "orders.view";

/// The store printing, for a reader of `lang`.
pub fn printer_for(store: &StoreScope, lang: Lang) -> Printer {
    Printer {
        store: store.store_id,
        store_name: store.name.clone(),
        time_zone: store.timezone.clone(),
        lang,
    }
}

/// The store and the reader (their own language, else the request's).
fn printer(ctx: &StoreCtx) -> Printer {
    let lang = ctx
        .principal
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(i18n::current);
    printer_for(&ctx.store, lang)
}

/// `application/pdf`, downloaded as `<stem>.pdf`.
fn pdf(bytes: Vec<u8>, stem: &str) -> Response {
    orion_web::pages::pdf_attachment(bytes, stem)
}

/// The packing slip PDF of one order (as [`packing_slip`] makes it).
pub async fn slip_pdf(state: &AppState, p: &Printer, id: OrderId) -> Result<Response, ApiError> {
    let view = documents::packing_slip(state.db.conn(), p, id).await?;
    let stem = view.order_number.clone();
    let bytes = documents::render(move |e| e.render_packing_slips(&[view])).await?;
    Ok(pdf(bytes, &stem))
}

/// The packing slips of several orders in one PDF.
pub async fn slips_pdf(state: &AppState, p: &Printer, ids: &[i64]) -> Result<Response, ApiError> {
    let views = documents::packing_slips(state.db.conn(), p, ids).await?;
    let stem = match views.as_slice() {
        [one] => one.order_number.clone(),
        _ => format!("packing-slips-{}", Utc::now().format("%Y%m%d-%H%M")),
    };
    let bytes = documents::render(move |e| e.render_packing_slips(&views)).await?;
    Ok(pdf(bytes, &stem))
}

/// The pick list of several orders as PDF.
pub async fn pick_list_pdf(
    state: &AppState,
    p: &Printer,
    ids: &[i64],
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let view = documents::pick_list(state.db.conn(), p, ids, now).await?;
    let bytes = documents::render(move |e| e.render_pick_list(&view)).await?;
    Ok(pdf(
        bytes,
        &format!("pick-list-{}", now.format("%Y%m%d-%H%M")),
    ))
}

/// Orders to print.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderIdsBody {
    /// Ids of orders of the store: at least 1, at most 1,000 (repeated ids count once).
    pub order_ids: Vec<i64>,
}

/// The packing slip of an order as PDF: the store, the order number as a Code 128 barcode,
/// the order date, the delivery address and the items that ship (SKU, name, quantity, bin)
/// with a box to tick. Written in the order's language (en, fr, de), else the reader's.
#[utoipa::path(get, path = "/api/v1/store/orders/{order_id}/packing-slip", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), params(("order_id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The packing slip"), ProblemNotFound))]
pub async fn packing_slip(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    ctx.require(PERMISSION)?;
    slip_pdf(&state, &printer(&ctx), OrderId(id)).await
}

/// The packing slips of several orders in one PDF, in the order given, each from a new page.
#[utoipa::path(post, path = "/api/v1/store/orders/packing-slips", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), request_body = OrderIdsBody,
    responses((status = 200, content_type = "application/pdf", description = "The packing slips"), ProblemInvalid))]
pub async fn packing_slips(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<OrderIdsBody>,
) -> Result<Response, ApiError> {
    ctx.require(PERMISSION)?;
    slips_pdf(&state, &printer(&ctx), &b.order_ids).await
}

/// A pick list for several orders as PDF: the units of the items that ship summed per product
/// and bin, sorted by bin then SKU (one walk through the warehouse), with the orders needing
/// them. Bins are those the items' reservations took, else the bin with the most available
/// stock; `—` without a bin. In the reader's language.
#[utoipa::path(post, path = "/api/v1/store/orders/pick-list", extensions(("x-permission" = json!("orders.view"))), tag = "orders", security(("bearer" = [])), request_body = OrderIdsBody,
    responses((status = 200, content_type = "application/pdf", description = "The pick list"), ProblemInvalid))]
pub async fn pick_list(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<OrderIdsBody>,
) -> Result<Response, ApiError> {
    ctx.require(PERMISSION)?;
    pick_list_pdf(&state, &printer(&ctx), &b.order_ids).await
}
