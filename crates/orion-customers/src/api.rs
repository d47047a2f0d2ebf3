//! Customers API: list with search and filters, create, read, update, and the CSV export.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::{CsvDialect, CursorParams, CustomerId, ListPage, Listing, Money, Pagination};
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::problem::responses::{ProblemInvalid, ProblemNotFound};
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::CustomerError);

use crate::domain::Address;
use crate::entity::customer;
use crate::export::{self, ExportQuery};
use crate::service::{self, CustomerFilter, CustomerInput, CustomerPatch};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers, create_customer))
        .routes(routes!(export_customers))
        .routes(routes!(get_customer, update_customer))
}

/// A customer with its order statistics.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerOut {
    pub id: i64,
    /// `CUS-000042`.
    pub customer_number: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub vat_id: Option<String>,
    /// Peppol participant id `scheme:identifier` (`9930:DE136695976`), for e-invoices.
    pub peppol_id: Option<String>,
    pub preferred_language: Option<String>,
    pub marketing_consent: bool,
    pub tags: Vec<String>,
    pub addresses: Vec<Address>,
    pub total_orders: i64,
    pub total_spent: Money,
    /// `total_spent / total_orders`, `"0.00"` without orders.
    pub avg_order_value: Money,
    /// When the first order was placed.
    pub first_order_date: Option<DateTime<Utc>>,
    /// When the last order was placed.
    pub last_order_date: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<customer::Model> for CustomerOut {
    fn from(c: customer::Model) -> Self {
        CustomerOut {
            tags: c.tag_list(),
            addresses: c.address_list(),
            avg_order_value: Money(c.avg_order_cents()),
            total_spent: Money(c.total_spent_cents),
            id: c.id,
            customer_number: c.customer_number,
            email: c.email,
            first_name: c.first_name,
            last_name: c.last_name,
            phone: c.phone,
            company: c.company,
            vat_id: c.vat_id,
            peppol_id: c.peppol_id,
            preferred_language: c.preferred_language,
            marketing_consent: c.marketing_consent,
            total_orders: c.total_orders,
            first_order_date: c.first_order_at,
            last_order_date: c.last_order_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Customers of the store, newest first, with search and filters: by page number, or walked
/// with cursors (`?limit=`, then `?after=<next_cursor>`; never counted, stable while customers
/// are added).
#[utoipa::path(get, path = "/api/v1/store/customers", extensions(("x-permission" = json!("customers.view"))), tag = "customers", security(("bearer" = [])), params(CustomerFilter, Pagination, CursorParams),
    responses((status = 200, body = ListPage<CustomerOut>), ProblemInvalid))]
pub async fn list_customers(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(f): Query<CustomerFilter>,
    Query(p): Query<Pagination>,
    Query(c): Query<CursorParams>,
) -> Result<Json<ListPage<CustomerOut>>, ApiError> {
    ctx.require("customers.view")?;
    let how = Listing::of(p, &c)?;
    let page = service::listing(state.db.conn(), ctx.store_id(), &f, &how).await?;
    Ok(Json(page.map(Into::into)))
}

/// Create a customer (the e-mail must be new in the store).
#[utoipa::path(post, path = "/api/v1/store/customers", extensions(("x-permission" = json!("customers.edit"))), tag = "customers", security(("bearer" = [])), request_body = CustomerInput,
    responses((status = 201, body = CustomerOut), (status = 409, description = "E-mail taken", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn create_customer(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<CustomerInput>,
) -> Result<(StatusCode, Json<CustomerOut>), ApiError> {
    ctx.require("customers.edit")?;
    let tx = state.db.begin_write().await?;
    let c = service::create(&tx, ctx.store_id(), &b).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// One customer with its statistics.
#[utoipa::path(get, path = "/api/v1/store/customers/{customer_id}", extensions(("x-permission" = json!("customers.view"))), tag = "customers", security(("bearer" = [])), params(("customer_id" = i64, Path)),
    responses((status = 200, body = CustomerOut), ProblemNotFound))]
pub async fn get_customer(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<CustomerOut>, ApiError> {
    ctx.require("customers.view")?;
    Ok(Json(
        service::find(state.db.conn(), ctx.store_id(), CustomerId(id))
            .await?
            .into(),
    ))
}

/// Change a customer (partial update; the e-mail cannot change).
#[utoipa::path(patch, path = "/api/v1/store/customers/{customer_id}", extensions(("x-permission" = json!("customers.edit"))), tag = "customers", security(("bearer" = [])), params(("customer_id" = i64, Path)),
    request_body = CustomerPatch,
    responses((status = 200, body = CustomerOut), ProblemNotFound,
        ProblemInvalid))]
pub async fn update_customer(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<CustomerPatch>,
) -> Result<Json<CustomerOut>, ApiError> {
    ctx.require("customers.edit")?;
    let tx = state.db.begin_write().await?;
    let c = service::update(&tx, ctx.store_id(), id, &b).await?;
    tx.commit().await?;
    Ok(Json(c.into()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatParam {
    /// Only `csv` (the default).
    pub format: Option<String>,
    /// `standard` (comma-separated, the default) or `excel` (semicolon-separated UTF-8
    /// with a byte-order mark and decimal commas, for spreadsheets set to French or German).
    pub dialect: Option<String>,
}

/// A streamed CSV download response.
pub fn csv_download(body: axum::body::Body, filename: &str) -> Response {
    let mut res = orion_web::pages::attachment(body, "text/csv; charset=utf-8", filename);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The customer CSV (streamed; a plan feature). Columns: email, first_name, last_name,
/// phone, customer_number, total_orders, total_spent, avg_order_value, first_order_date,
/// last_order_date, preferred_language, marketing_consent, tags (`;`-separated).
#[utoipa::path(get, path = "/api/v1/store/customers/export", extensions(("x-permission" = json!("customers.export"))), tag = "customers", security(("bearer" = [])), params(FormatParam, ExportQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 403, description = "Permission missing, or the plan lacks customer CSV export (feature-not-in-tier)", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn export_customers(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(fmt): Query<FormatParam>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    ctx.require("customers.export")?;
    if fmt.format.as_deref().is_some_and(|f| f != "csv") {
        return Err(ApiError::field("format", "only csv is supported"));
    }
    let filter = q.parse()?;
    let dialect = CsvDialect::parse(fmt.dialect.as_deref())?;
    limits::require_feature(
        state.db.conn(),
        ctx.store.merchant_id,
        Feature::CUSTOMER_CSV_EXPORT,
    )
    .await?;
    tracing::info!(store = ctx.store.store_id.0, "customer export");
    Ok(csv_download(
        export::csv_body(state.db.clone(), ctx.store_id(), filter, dialect),
        &export::file_name(&ctx.store.code),
    ))
}
