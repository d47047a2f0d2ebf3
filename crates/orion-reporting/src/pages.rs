//! The merchant's page: every store side by side and together for a period, a chart of the
//! consolidated gross revenue, and one click to work in a store (Business: the
//! `multi_store_dashboard` feature).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use orion_billing::{Feature, limits};
use orion_kernel::locale;
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{ApiError, AppState, i18n};
use serde_json::json;

use crate::api::{PeriodQuery, merchant_figures, merchant_of, period};
use crate::service::cache::SummaryCache;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant", get(merchant_page))
        .route("/reports", get(reports_page))
        .route("/reports/download", get(download))
        .layer(Extension(Arc::new(SummaryCache::default())))
}

async fn merchant_page(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<SummaryCache>>,
    session: PageSession,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let merchant = merchant_of(&session.0, q.merchant_id)?;
    limits::require_feature(state.db.conn(), merchant, Feature::MULTI_STORE_DASHBOARD)
        .await
        .map_err(|e| PageError::from(ApiError::from(crate::ReportError::from(e))))?;
    let (from, to, g) =
        period(&q).map_err(|e| PageError::from(ApiError::from(crate::ReportError::from(e))))?;
    let m = merchant_figures(&state, &cache, merchant, from, to, g, lang.as_str()).await?;
    // What needs doing today in every store, and in all of them together.
    let mut today = Vec::new();
    let mut sums = [0u64; 4];
    for st in &m.stores {
        let mut counts = [0u64; 4];
        for (i, attention) in ["to_confirm", "blocked", "short", "not_invoiced"]
            .iter()
            .enumerate()
        {
            let f = orion_orders::service::OrderFilter {
                attention: Some((*attention).into()),
                ..Default::default()
            };
            counts[i] = orion_orders::service::count(
                state.db.conn(),
                orion_kernel::StoreId(st.store_id),
                &f,
            )
            .await
            .map_err(|e| PageError::from(ApiError::from(crate::ReportError::from(e))))?;
            sums[i] += counts[i];
        }
        today.push(json!({"code": st.code, "name": st.name, "counts": counts}));
    }
    let c = &m.consolidated;
    let points: Vec<(String, i64)> = c
        .series
        .iter()
        .map(|p| {
            (
                format!(
                    "{}: {}",
                    locale::date(p.period, lang),
                    locale::money(p.gross.0, lang)
                ),
                p.gross.0,
            )
        })
        .collect();
    let chart = crate::chart::bars(
        "merchant-chart",
        &i18n::t(lang, "reporting-merchant-chart-title"),
        &i18n::tr(
            lang,
            "reporting-chart-desc",
            &[("total", locale::money(c.totals.gross.0, lang).into())],
        ),
        &points,
    );
    let row = |t: &crate::service::summary::Totals| json!({"orders": t.orders, "units": t.units, "gross": t.gross.0, "net": t.net.0, "vat": t.vat.0, "aov": t.average_order_value.0, "cancelled": t.cancelled});
    let ctx = state
        .page_context(
            &session,
            "merchant",
            json!({"page_title": i18n::t(lang, "reporting-merchant-title"),
                "from": from.to_string(), "to": to.to_string(), "granularity": q.granularity.clone().unwrap_or_else(|| "day".into()),
                "stores": m.stores.iter().map(|s| json!({"code": s.code, "name": s.name, "totals": row(&s.totals)})).collect::<Vec<_>>(),
                "total": row(&c.totals), "chart": chart, "today": today, "today_total": sums,
                "series": c.series.iter().map(|p| json!({"day": p.period.to_string(), "orders": p.orders, "gross": p.gross.0})).collect::<Vec<_>>()}),
        )
        .await?;
    Ok(html(
        state.templates.render("reporting/merchant.html", ctx)?,
    ))
}

#[derive(serde::Deserialize, Default)]
struct ReportsQuery {
    from: Option<String>,
    to: Option<String>,
    granularity: Option<String>,
}

/// The reports page: every table for the period, each downloadable as CSV.
async fn reports_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ReportsQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with("reports.view")?;
    let lang = i18n::current();
    let pq = PeriodQuery {
        from: q.from.clone(),
        to: q.to.clone(),
        granularity: q.granularity.clone(),
        merchant_id: None,
    };
    let (from, to, g) = match period(&pq) {
        Ok(p) => p,
        Err(e) => {
            return orion_web::pages::back_with_error(
                "/reports",
                ApiError::from(crate::ReportError::from(e)),
            );
        }
    };
    let mut tables = Vec::new();
    for report in crate::service::tables::REPORTS {
        let t = crate::service::tables::table(
            state.db.conn(),
            s.store_id,
            report,
            from,
            to,
            g,
            lang.as_str(),
        )
        .await?;
        let rows: Vec<Vec<serde_json::Value>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        crate::service::tables::Cell::Text(x) if t.columns.first() == Some(&"channel") => {
                            json!({"text": i18n::t(lang, &["orders-channel-", x.as_str()].concat())})
                        }
                        crate::service::tables::Cell::Text(x) => json!({"text": x}),
                        crate::service::tables::Cell::Count(n) => json!({"count": n}),
                        crate::service::tables::Cell::Money(m) => json!({"money": m.0}),
                        crate::service::tables::Cell::Date(d) => json!({"date": d.to_string()}),
                    })
                    .collect()
            })
            .collect();
        tables.push(json!({"report": report, "columns": t.columns, "rows": rows}));
    }
    let ctx = state
        .page_context(
            &session,
            "reports",
            json!({"page_title": i18n::t(lang, "reporting-reports-title"), "from": from.to_string(), "to": to.to_string(),
                "granularity": q.granularity.clone().unwrap_or_else(|| "day".into()), "tables": tables}),
        )
        .await?;
    Ok(html(state.templates.render("reporting/reports.html", ctx)?))
}

#[derive(serde::Deserialize)]
struct DownloadQuery {
    report: String,
    from: Option<String>,
    to: Option<String>,
    granularity: Option<String>,
    dialect: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with("reports.view")?;
    let pq = PeriodQuery {
        from: q.from,
        to: q.to,
        granularity: q.granularity,
        merchant_id: None,
    };
    let result = async {
        let (from, to, g) = period(&pq)?;
        let dialect = orion_kernel::CsvDialect::parse(q.dialect.as_deref())?;
        let t = crate::service::tables::table(
            state.db.conn(),
            s.store_id,
            &q.report,
            from,
            to,
            g,
            "en",
        )
        .await?;
        Ok::<_, crate::ReportError>(crate::api::csv_response(&t, dialect, &s.code, from, to))
    }
    .await;
    match result {
        Ok(r) => Ok(r),
        Err(e) => orion_web::pages::back_with_error("/reports", ApiError::from(e)),
    }
}
