//! Accounting API: the sales journal, OSS return, EC sales list, VAT summary and FAIA file
//! of a period, and the store's revenue accounts. Reading needs `invoices.view`; the plan's
//! `accounting_export` feature (Business) — the OSS return and EC sales list also come with
//! `invoice_eu_vat` (Professional), whose sellers file them.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use orion_billing::{BillingError, Feature, limits};
use orion_kernel::{CsvDialect, Invalid};
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound,
};
use orion_web::{ApiError, AppState, StoreCtx};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::{self, AccountChoice};
use crate::ecsl::{self, EcSalesList};
use crate::error::AccountingError;
use crate::journal::{self, Journal};
use crate::oss::{self, OssReturn};
use crate::package::{self, PackageOut};
use crate::period::{Period, PeriodQuery};
use crate::vat_summary::{self, VatSummary};

orion_web::problem_from!(crate::AccountingError);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sales_journal))
        .routes(routes!(oss_return))
        .routes(routes!(ec_sales_list))
        .routes(routes!(vat_summary))
        .routes(routes!(faia))
        .routes(routes!(get_accounts, put_accounts))
        .routes(routes!(start_package, list_packages))
        .routes(routes!(get_package))
        .routes(routes!(download_package))
}

/// Who may read the exports (see the module documentation).
pub async fn gate(state: &AppState, ctx: &StoreCtx, tax_lists: bool) -> Result<(), ApiError> {
    ctx.require("invoices.view")?;
    require_exports(state.db.conn(), ctx.store.merchant_id, tax_lists).await
}

/// The plan allows the exports (`tax_lists`: the OSS return and EC sales list, which
/// `invoice_eu_vat` allows too).
pub async fn require_exports(
    conn: &impl sea_orm::ConnectionTrait,
    merchant: orion_kernel::MerchantId,
    tax_lists: bool,
) -> Result<(), ApiError> {
    match limits::require_feature(conn, merchant, Feature::ACCOUNTING_EXPORT).await {
        Err(BillingError::FeatureNotInTier { .. }) if tax_lists => {
            limits::require_feature(conn, merchant, Feature::INVOICE_EU_VAT).await?;
            Ok(())
        }
        other => Ok(other?),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// CSV form: `standard` (comma, UTF-8) or `excel` (semicolon, BOM, decimal commas).
    pub dialect: Option<String>,
}

impl FormatQuery {
    /// `None` for JSON, the dialect for CSV.
    pub fn csv(&self) -> Result<Option<CsvDialect>, Invalid> {
        let dialect = CsvDialect::parse(self.dialect.as_deref())?;
        match self.format.as_deref().map(str::trim) {
            None | Some("") | Some("json") => Ok(None),
            Some("csv") => Ok(Some(dialect)),
            Some(_) => Err(Invalid::field("format", "must be json or csv")),
        }
    }
}

/// A download produced while it is sent: `run` writes chunks through the sender; a failure
/// midway ends the download with an error (and is logged), so a half file never looks
/// complete.
pub fn streamed<F, Fut>(content_type: &'static str, filename: &str, run: F) -> Response
where
    F: FnOnce(Chunks) -> Fut,
    Fut: Future<Output = Result<(), AccountingError>> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let (err_tx, err_rx) = tokio::sync::oneshot::channel::<String>();
    let work = run(tx);
    tokio::spawn(async move {
        if let Err(e) = work.await {
            tracing::error!(error = %e, "accounting export failed while streaming");
            let _ = err_tx.send(e.to_string());
        }
    });
    let stream = futures_util::stream::unfold((rx, Some(err_rx)), |(mut rx, err_rx)| async move {
        match rx.recv().await {
            Some(chunk) => Some((Ok::<_, std::io::Error>(chunk), (rx, err_rx))),
            None => match err_rx?.await {
                Ok(message) => Some((Err(std::io::Error::other(message)), (rx, None))),
                Err(_) => None,
            },
        }
    });
    orion_web::pages::attachment(Body::from_stream(stream), content_type, filename)
}

/// Where streamed exports write their chunks.
pub type Chunks = tokio::sync::mpsc::Sender<Vec<u8>>;

/// The file name of a download: `<kind>-<store>-<from>-<to>.<ext>`.
pub fn file_name(store: &str, kind: &str, period: Period, ext: &str) -> String {
    format!(
        "{kind}-{}-{}-{}.{ext}",
        orion_web::pages::file_stem(store),
        period.from,
        period.to
    )
}

/// CSV of `rows` (with the dialect's preamble and the header line) as a download.
pub fn csv_download(
    dialect: CsvDialect,
    header: &[&str],
    rows: Vec<Vec<String>>,
    filename: &str,
) -> Response {
    let body = journal::csv_document(dialect, header, rows);
    orion_web::pages::attachment(body.into(), "text/csv; charset=utf-8", filename)
}

/// A report as JSON, or (`format=csv`) as a CSV download named after it, the store and the
/// period.
fn json_or_csv<T: serde::Serialize>(
    f: &FormatQuery,
    value: T,
    name: (&str, &str, Period),
    columns: &[&str],
    rows: impl FnOnce(&T, CsvDialect) -> Vec<Vec<String>>,
) -> Result<Response, ApiError> {
    match f.csv()? {
        None => Ok(Json(value).into_response()),
        Some(d) => {
            let (store, kind, period) = name;
            let file = file_name(store, kind, period, "csv");
            Ok(csv_download(d, columns, rows(&value, d), &file))
        }
    }
}

/// The sales journal of a period: one row per invoice or credit note and VAT bucket (credit
/// notes negative), with totals; `format=csv` streams it as CSV (both forms).
#[utoipa::path(get, path = "/api/v1/store/accounting/sales-journal", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(PeriodQuery, FormatQuery),
    responses((status = 200, body = Journal), (status = 200, description = "CSV", content_type = "text/csv"), ProblemForbidden, ProblemInvalid))]
pub async fn sales_journal(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(p): Query<PeriodQuery>,
    Query(f): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, false).await?;
    let period = p.period(None)?;
    let store = ctx.store_id();
    match f.csv()? {
        None => Ok(Json(journal::journal(state.db.conn(), store, period).await?).into_response()),
        Some(dialect) => {
            let conn = state.db.conn().clone();
            let code = ctx.store.code.clone();
            let name = file_name(&code, "sales-journal", period, "csv");
            Ok(streamed(
                "text/csv; charset=utf-8",
                &name,
                move |tx| async move {
                    journal::csv_pages(&conn, store, &code, period, dialect, &tx).await?;
                    Ok(())
                },
            ))
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuarterQuery {
    pub year: Option<i32>,
    /// 1–4.
    pub quarter: Option<u32>,
}

/// The OSS return of a calendar quarter: per member state of consumption and rate, taxable
/// amount and VAT; corrections of earlier quarters apart; the filing deadline.
#[utoipa::path(get, path = "/api/v1/store/accounting/oss-return", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(QuarterQuery, FormatQuery),
    responses((status = 200, body = OssReturn), (status = 200, description = "CSV", content_type = "text/csv"), ProblemForbidden, ProblemInvalid))]
pub async fn oss_return(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<QuarterQuery>,
    Query(f): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, true).await?;
    let year = q
        .year
        .ok_or_else(|| Invalid::field("year", "is required"))?;
    let quarter = q
        .quarter
        .ok_or_else(|| Invalid::field("quarter", "is required"))?;
    let r = oss::oss_return(state.db.conn(), ctx.store_id(), year, quarter).await?;
    let period = Period {
        from: r.from,
        to: r.to,
    };
    json_or_csv(
        &f,
        r,
        (&ctx.store.code, "oss-return", period),
        &oss::CSV_COLUMNS,
        oss::csv_rows,
    )
}

/// The EC sales list of a month or quarter (`year` with `month` or `quarter`): per buyer VAT
/// id, the intra-Community supplies of goods, credit notes deducted; which frequency applies.
#[utoipa::path(get, path = "/api/v1/store/accounting/ec-sales-list", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(PeriodQuery, FormatQuery),
    responses((status = 200, body = EcSalesList), (status = 200, description = "CSV", content_type = "text/csv"), ProblemForbidden, ProblemInvalid))]
pub async fn ec_sales_list(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(p): Query<PeriodQuery>,
    Query(f): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, true).await?;
    if p.year.is_none() {
        return Err(Invalid::field("year", "is required (with month or quarter)").into());
    }
    if p.month.is_none() && p.quarter.is_none() {
        return Err(Invalid::field("quarter", "give month or quarter").into());
    }
    let period = p.period(None)?;
    let l = ecsl::ec_sales_list(state.db.conn(), ctx.store_id(), period).await?;
    json_or_csv(
        &f,
        l,
        (&ctx.store.code, "ec-sales-list", period),
        &ecsl::CSV_COLUMNS,
        ecsl::csv_rows,
    )
}

/// The VAT summary of a period for the Luxembourg VAT return: taxable turnover and VAT per
/// section (domestic, distance sales taxed in Luxembourg, intra-Community supplies, exports,
/// OSS, other member states), country and rate.
#[utoipa::path(get, path = "/api/v1/store/accounting/vat-summary", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(PeriodQuery, FormatQuery),
    responses((status = 200, body = VatSummary), (status = 200, description = "CSV", content_type = "text/csv"), ProblemForbidden, ProblemInvalid))]
pub async fn vat_summary(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(p): Query<PeriodQuery>,
    Query(f): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, false).await?;
    let period = p.period(None)?;
    let s = vat_summary::vat_summary(state.db.conn(), ctx.store_id(), period).await?;
    json_or_csv(
        &f,
        s,
        (&ctx.store.code, "vat-summary", period),
        &vat_summary::CSV_COLUMNS,
        vat_summary::csv_rows,
    )
}

/// The FAIA 2.01 audit file (reduced version A) of a period, streamed as XML.
#[utoipa::path(get, path = "/api/v1/store/accounting/faia", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(PeriodQuery),
    responses((status = 200, description = "FAIA XML", content_type = "application/xml"), ProblemForbidden, ProblemInvalid))]
pub async fn faia(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(p): Query<PeriodQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, false).await?;
    let period = p.period(None)?;
    let store = ctx.store_id();
    crate::faia::ready(state.db.conn(), store, period).await?;
    let conn = state.db.conn().clone();
    let code = ctx.store.code.clone();
    let name = file_name(&code, "faia", period, "xml");
    Ok(streamed("application/xml", &name, move |tx| async move {
        crate::faia::export_to(&conn, store, &code, period, &tx).await?;
        Ok(())
    }))
}

#[derive(Debug, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct AccountsBody {
    /// Every regime's account (rate empty), then accounts for single rates.
    pub accounts: Vec<AccountChoice>,
}

/// The revenue account of each VAT regime (and rate) used by the sales journal.
#[utoipa::path(get, path = "/api/v1/store/accounting/accounts", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AccountsBody), ProblemForbidden))]
pub async fn get_accounts(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<AccountsBody>, ApiError> {
    gate(&state, &ctx, false).await?;
    Ok(Json(AccountsBody {
        accounts: accounts::list(state.db.conn(), ctx.store_id()).await?,
    }))
}

/// Replaces the store's revenue accounts (regimes left out return to Orion's defaults).
#[utoipa::path(put, path = "/api/v1/store/accounting/accounts", extensions(("x-permission" = json!("settings.manage"))), tag = "accounting", security(("bearer" = [])), request_body = AccountsBody,
    responses((status = 200, body = AccountsBody), ProblemForbidden, ProblemInvalid))]
pub async fn put_accounts(
    State(state): State<AppState>,
    ctx: StoreCtx,
    orion_web::json::ApiJson(body): orion_web::json::ApiJson<AccountsBody>,
) -> Result<Json<AccountsBody>, ApiError> {
    ctx.require("settings.manage")?;
    require_exports(state.db.conn(), ctx.store.merchant_id, false).await?;
    let tx = state
        .db
        .begin_write()
        .await
        .map_err(AccountingError::from)?;
    accounts::save(&tx, ctx.store_id(), &body.accounts).await?;
    tx.commit().await.map_err(AccountingError::from)?;
    Ok(Json(AccountsBody {
        accounts: accounts::list(state.db.conn(), ctx.store_id()).await?,
    }))
}

/// Prepares the accountant's package of a period (`from`/`to`, or `year` with `quarter` or
/// `month`): a job making every PDF ready, with progress; the same `Idempotency-Key` returns
/// the same package. 202 with the package; download it when `status` is `done`.
#[utoipa::path(post, path = "/api/v1/store/accounting/packages", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(PeriodQuery),
    responses((status = 202, body = PackageOut), (status = 200, description = "The package asked for earlier with this Idempotency-Key", body = PackageOut), ProblemForbidden, ProblemInvalid))]
pub async fn start_package(
    State(state): State<AppState>,
    ctx: StoreCtx,
    headers: axum::http::HeaderMap,
    Query(p): Query<PeriodQuery>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, false).await?;
    let period = p.period(None)?;
    let key = orion_web::json::idempotency_key(&headers)?;
    let (m, created) = package::start(
        &state.db,
        ctx.store_id(),
        period,
        key,
        Some(ctx.principal.user_id.0),
    )
    .await?;
    if created {
        package::spawn(state.db.clone(), m.id);
    } else {
        package::resume_if_abandoned(&state.db, &m);
    }
    let status = if created {
        axum::http::StatusCode::ACCEPTED
    } else {
        axum::http::StatusCode::OK
    };
    let location = format!("/api/v1/store/accounting/packages/{}", m.id);
    Ok((
        status,
        [(axum::http::header::LOCATION, location)],
        Json(PackageOut::from(m)),
    )
        .into_response())
}

/// The store's latest packages (20), newest first.
#[utoipa::path(get, path = "/api/v1/store/accounting/packages", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = Vec<PackageOut>), ProblemForbidden))]
pub async fn list_packages(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<PackageOut>>, ApiError> {
    gate(&state, &ctx, false).await?;
    let all = package::recent(state.db.conn(), ctx.store_id(), 20).await?;
    Ok(Json(all.into_iter().map(PackageOut::from).collect()))
}

/// A package and its progress (a package a stopped server left is taken over here).
#[utoipa::path(get, path = "/api/v1/store/accounting/packages/{package_id}", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(("package_id" = i64, Path)),
    responses((status = 200, body = PackageOut), ProblemForbidden, ProblemNotFound))]
pub async fn get_package(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(package_id): Path<i64>,
) -> Result<Json<PackageOut>, ApiError> {
    gate(&state, &ctx, false).await?;
    let m = package::find(state.db.conn(), ctx.store_id(), package_id).await?;
    package::resume_if_abandoned(&state.db, &m);
    Ok(Json(PackageOut::from(m)))
}

/// The package's zip (409 until it is done): `sales-journal.csv`, `vat-summary.csv`,
/// `invoices/<number>.pdf` for every document, `manifest.sha256`.
#[utoipa::path(get, path = "/api/v1/store/accounting/packages/{package_id}/download", extensions(("x-permission" = json!("invoices.view"))), tag = "accounting", security(("bearer" = [])), params(("package_id" = i64, Path)),
    responses((status = 200, description = "The zip", content_type = "application/zip"), ProblemForbidden, ProblemNotFound, ProblemConflict))]
pub async fn download_package(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(package_id): Path<i64>,
) -> Result<Response, ApiError> {
    gate(&state, &ctx, false).await?;
    let m = package::find(state.db.conn(), ctx.store_id(), package_id).await?;
    package_zip(&state, ctx.store_id(), &ctx.store.code, m)
}

/// The zip download of a package (shared with the page).
pub fn package_zip(
    state: &AppState,
    store: orion_kernel::StoreId,
    code: &str,
    m: crate::entity::package::Model,
) -> Result<Response, ApiError> {
    if m.status != "done" {
        return Err(AccountingError::PackageNotReady {
            status: m.status.clone(),
        }
        .into());
    }
    let period = Period {
        from: m.period_from,
        to: m.period_to,
    };
    let conn = state.db.conn().clone();
    let code = code.to_owned();
    let name = file_name(&code, "accounting-package", period, "zip");
    Ok(streamed("application/zip", &name, move |tx| async move {
        package::write_zip(&conn, store, &code, &m, &tx).await
    }))
}
