//! The merchant's page: every store side by side and together for a period, a chart of the
//! consolidated gross revenue, and one click to work in a store (Business: the
//! `multi_store_dashboard` feature).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use orion_billing::{Feature, limits};
use orion_kernel::locale;
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{ApiError, AppState, i18n};
use serde_json::json;

use crate::api::{PeriodQuery, merchant_figures, merchant_of, period};

pub fn router() -> Router<AppState> {
    Router::new().route("/merchant", get(merchant_page))
}

async fn merchant_page(
    State(state): State<AppState>,
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
    let m = merchant_figures(&state, merchant, from, to, g).await?;
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
                "total": row(&c.totals), "chart": chart,
                "series": c.series.iter().map(|p| json!({"day": p.period.to_string(), "orders": p.orders, "gross": p.gross.0})).collect::<Vec<_>>()}),
        )
        .await?;
    Ok(html(
        state.templates.render("reporting/merchant.html", ctx)?,
    ))
}
