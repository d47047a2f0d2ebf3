//! The store dashboard's figures (a section the reporting module adds to the dashboard): what
//! needs doing today, the last 30 days against the 30 before, a chart of gross sales per day,
//! the channel split, top products and the EU distance-sales gauge.

use chrono::{Duration, Utc};
use orion_kernel::{BoxFuture, Lang, StoreId, locale};
use orion_orders::service::OrderFilter;
use orion_web::{ApiError, Panel, PanelProvider, i18n};
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::service::cache::SummaryCache;
use crate::service::summary::{self, Granularity};

/// From this share of the threshold (in percent) the gauge warns.
pub const WARN_PERCENT: i64 = 80;

/// The dashboard's figures, from summaries cached per instance (see [`SummaryCache`]).
#[derive(Default)]
pub struct DashboardFigures {
    cache: SummaryCache,
}

/// What needs doing today: orders to confirm, blocked, short of stock, shipped but not
/// invoiced — each a link to the filtered order list (slot `dashboard.today`).
pub struct TodayCounts;

impl PanelProvider for TodayCounts {
    fn slot(&self) -> &'static str {
        "dashboard.today"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        _subject: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let Some(store) = store else { return Ok(None) };
            let lang = i18n::current();
            let mut today = Vec::new();
            for attention in ["to_confirm", "blocked", "short", "not_invoiced"] {
                let label = match attention {
                    "to_confirm" => i18n::t(lang, "reporting-today-to-confirm"),
                    "blocked" => i18n::t(lang, "reporting-today-blocked"),
                    "short" => i18n::t(lang, "reporting-today-short"),
                    _ => i18n::t(lang, "reporting-today-not-invoiced"),
                };
                let f = OrderFilter {
                    attention: Some(attention.into()),
                    ..Default::default()
                };
                let n = orion_orders::service::count(conn, store, &f).await?;
                today.push(json!({"label": label, "count": n, "href": format!("/orders?attention={attention}")}));
            }
            Ok(Some(Panel {
                template: "reporting/today_panel.html",
                data: json!({"today": today}),
            }))
        })
    }
}

impl PanelProvider for DashboardFigures {
    fn slot(&self) -> &'static str {
        "dashboard"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        _subject: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let Some(store) = store else { return Ok(None) };
            let lang = i18n::current();
            let to = orion_kernel::time::local_date(Utc::now());
            let from = to - Duration::days(29);
            let s = self
                .cache
                .figures(
                    conn,
                    &[store],
                    from,
                    to,
                    Granularity::Day,
                    false,
                    lang.as_str(),
                )
                .await?
                .summary;
            let points: Vec<(String, i64)> = s
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
                "sales-chart",
                &i18n::t(lang, "reporting-chart-title"),
                &i18n::tr(
                    lang,
                    "reporting-chart-desc",
                    &[("total", locale::money(s.totals.gross.0, lang).into())],
                ),
                &points,
            );
            let change = |now: i64, before: i64| -> Option<i64> {
                (before != 0).then(|| (now - before) * 100 / before.abs())
            };
            let ds = &s.distance_sales;
            Ok(Some(Panel {
                template: "reporting/dashboard_panel.html",
                data: json!({
                    "from": from.to_string(), "to": to.to_string(),
                    "totals": figures(&s.totals, lang), "previous": figures(&s.previous, lang),
                    "change_gross": change(s.totals.gross.0, s.previous.gross.0),
                    "change_orders": change(s.totals.orders, s.previous.orders),
                    "chart": chart,
                    "series": s.series.iter().map(|p| json!({"day": p.period.to_string(), "orders": p.orders, "gross": p.gross.0})).collect::<Vec<_>>(),
                    "channels": s.channels.iter().map(|c| json!({"channel": c.channel, "orders": c.orders, "gross": c.gross.0})).collect::<Vec<_>>(),
                    "top": s.top_products.iter().take(5).map(|p| json!({"sku": p.sku, "title": p.title, "units": p.units, "gross": p.gross.0})).collect::<Vec<_>>(),
                    "credit_notes": {"count": s.credit_notes.count, "total": s.credit_notes.total.0},
                    "customers": s.customers.as_ref().map(|c| json!({"new": c.new, "returning": c.returning})),
                    "distance": {"year": ds.year, "total": ds.total.0, "threshold": ds.threshold.0,
                        "percent": ds.percent, "meter": ds.percent.min(100), "warn": ds.crossed || ds.percent >= WARN_PERCENT, "over": ds.crossed},
                }),
            }))
        })
    }
}

fn figures(t: &summary::Totals, _lang: Lang) -> serde_json::Value {
    json!({"orders": t.orders, "units": t.units, "gross": t.gross.0, "net": t.net.0, "vat": t.vat.0,
        "aov": t.average_order_value.0, "cancelled": t.cancelled, "refunded": t.refunded.0})
}
