//! Reporting API: the store's summary and the merchant's summary across its stores.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::{Extension, Json};
use chrono::{Duration, NaiveDate};
use orion_billing::{Feature, limits};
use orion_kernel::{Invalid, MerchantId, StoreId};
use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid};
use orion_web::{ApiError, ApiPrincipal, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::service::cache::SummaryCache;
use crate::service::summary::{self, Granularity, Summary, Totals};

orion_web::problem_from!(crate::ReportError);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(store_summary))
        .routes(routes!(report_table))
        .routes(routes!(merchant_summary))
        .layer(Extension(Arc::new(SummaryCache::default())))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day (`YYYY-MM-DD`, Luxembourg); default 29 days before `to`.
    pub from: Option<String>,
    /// Last day, inclusive; default today.
    pub to: Option<String>,
    /// `day` (default), `week` or `month`.
    pub granularity: Option<String>,
    /// For merchant owners of several merchants: which one.
    pub merchant_id: Option<i64>,
}

/// The period a query asks for, checked.
pub fn period(q: &PeriodQuery) -> Result<(NaiveDate, NaiveDate, Granularity), Invalid> {
    let date = |field: &'static str, v: &Option<String>| -> Result<Option<NaiveDate>, Invalid> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Invalid::field(field, "must be a date YYYY-MM-DD")),
        }
    };
    let to =
        date("to", &q.to)?.unwrap_or_else(|| orion_kernel::time::local_date(chrono::Utc::now()));
    let from = date("from", &q.from)?.unwrap_or(to - Duration::days(29));
    summary::check_period(from, to)?;
    Ok((from, to, Granularity::parse(q.granularity.as_deref())?))
}

/// The store's figures for a period: totals and the previous period, a series, channels,
/// top products, the EU distance-sales threshold.
#[utoipa::path(get, path = "/api/v1/store/reports/summary", extensions(("x-permission" = json!("reports.view"))), tag = "reporting", security(("bearer" = [])), params(PeriodQuery),
    responses((status = 200, body = Summary), ProblemForbidden, ProblemInvalid))]
pub async fn store_summary(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<SummaryCache>>,
    ctx: StoreCtx,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Summary>, ApiError> {
    ctx.require("reports.view")?;
    let (from, to, g) = period(&q)?;
    let stores = [ctx.store_id()];
    let f = cache
        .figures(state.db.conn(), &stores, from, to, g, false, "en")
        .await?;
    Ok(Json(f.summary))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoreTotals {
    pub store_id: i64,
    pub code: String,
    pub name: String,
    pub totals: Totals,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MerchantSummary {
    pub merchant_id: i64,
    pub stores: Vec<StoreTotals>,
    /// Every store together (its `totals` are the sum of the stores').
    pub consolidated: Summary,
}

/// The merchant this owner asks about: the one named, the one of the token's store, or the
/// only one they own.
pub fn merchant_of(p: &orion_web::Principal, asked: Option<i64>) -> Result<MerchantId, ApiError> {
    let owned = &p.owned_merchants;
    let m = match asked {
        Some(id) => owned.iter().copied().find(|m| m.0 == id),
        None => p
            .store
            .as_ref()
            .map(|s| s.merchant_id)
            .filter(|m| owned.contains(m))
            .or_else(|| (owned.len() == 1).then(|| owned[0])),
    };
    m.ok_or_else(|| {
        ApiError::forbidden("Merchant owners only (name the merchant with merchant_id)")
    })
}

/// Every store of the merchant side by side and together (Business: `multi_store_dashboard`).
#[utoipa::path(get, path = "/api/v1/merchant/reports/summary", tag = "merchant", security(("bearer" = [])), params(PeriodQuery),
    responses((status = 200, body = MerchantSummary), (status = 403, description = "Not a merchant owner, or the plan lacks the multi-store view (feature-not-in-tier)", body = orion_web::Problem, content_type = "application/problem+json"), ProblemInvalid))]
pub async fn merchant_summary(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<SummaryCache>>,
    ApiPrincipal(p): ApiPrincipal,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<MerchantSummary>, ApiError> {
    let merchant = merchant_of(&p, q.merchant_id)?;
    limits::require_feature(state.db.conn(), merchant, Feature::MULTI_STORE_DASHBOARD).await?;
    let (from, to, g) = period(&q)?;
    Ok(Json(
        merchant_figures(&state, &cache, merchant, from, to, g, "en").await?,
    ))
}

/// The merchant's figures (shared by the API and the merchant page): one summary of every
/// store together, each store's totals from the same cached computation.
pub async fn merchant_figures(
    state: &AppState,
    cache: &SummaryCache,
    merchant: MerchantId,
    from: NaiveDate,
    to: NaiveDate,
    g: Granularity,
    lang: &str,
) -> Result<MerchantSummary, ApiError> {
    let conn = state.db.conn();
    let stores = orion_tenancy::service::admin::stores_of(conn, &[merchant.0]).await?;
    let ids: Vec<StoreId> = stores.iter().map(|s| StoreId(s.id)).collect();
    let mut f = cache.figures(conn, &ids, from, to, g, true, lang).await?;
    let out = stores
        .into_iter()
        .map(|s| StoreTotals {
            store_id: s.id,
            totals: f.by_store.remove(&s.id).unwrap_or_else(|| Totals::sum([])),
            code: s.code,
            name: s.name,
        })
        .collect();
    Ok(MerchantSummary {
        merchant_id: merchant.0,
        stores: out,
        consolidated: f.summary,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableQuery {
    /// `sales-by-period`, `sales-by-product`, `sales-by-country`, `sales-by-channel` or
    /// `vat-by-country-rate`.
    pub report: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Periods of `sales-by-period`: `day` (default), `week` or `month`.
    pub granularity: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// CSV form: `standard` (comma, UTF-8) or `excel` (semicolon, BOM, decimal commas).
    pub dialect: Option<String>,
}

impl TableQuery {
    pub fn period(&self) -> PeriodQuery {
        PeriodQuery {
            from: self.from.clone(),
            to: self.to.clone(),
            granularity: self.granularity.clone(),
            merchant_id: None,
        }
    }
}

/// One report table of the store for a period, as JSON (`columns`, `rows`; money as decimal
/// strings) or as CSV (`format=csv`, both forms).
#[utoipa::path(get, path = "/api/v1/store/reports/tables", extensions(("x-permission" = json!("reports.view"))), tag = "reporting", security(("bearer" = [])), params(TableQuery),
    responses((status = 200, body = crate::service::tables::Table), (status = 200, description = "CSV", content_type = "text/csv"), ProblemForbidden, ProblemInvalid))]
pub async fn report_table(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<TableQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    ctx.require("reports.view")?;
    let (from, to, g) = period(&q.period())?;
    let dialect = orion_kernel::CsvDialect::parse(q.dialect.as_deref())?;
    let t = crate::service::tables::table(
        state.db.conn(),
        ctx.store_id(),
        &q.report,
        from,
        to,
        g,
        "en",
    )
    .await?;
    match q.format.as_deref() {
        None | Some("") | Some("json") => Ok(Json(t).into_response()),
        Some("csv") => Ok(csv_response(&t, dialect, &ctx.store.code, from, to)),
        Some(_) => Err(ApiError::field("format", "must be json or csv")),
    }
}

/// A report table as a CSV download named after the report, the store and the period.
pub fn csv_response(
    t: &crate::service::tables::Table,
    dialect: orion_kernel::CsvDialect,
    store: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> axum::response::Response {
    let name = format!(
        "{}-{}-{from}-{to}.csv",
        t.report,
        orion_web::pages::file_stem(store)
    );
    orion_web::pages::attachment(
        crate::service::tables::csv(t, dialect).into(),
        "text/csv; charset=utf-8",
        &name,
    )
}
