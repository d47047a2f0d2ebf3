//! Bulk order work in the back office: the orders list's selection form starts a job, whose
//! page shows its progress and, order by order, what was done or refused and why.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, StoreScope};
use serde_json::json;

use crate::bulk::{BULK_ACTIONS, BulkRequest, MAX_ORDERS, TrackingIn};
use crate::bulk_api::{follow, start_job};
use crate::service::{self, OrderFilter};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/bulk", post(start))
        .route("/orders/jobs/{id}", get(job_page))
        .route("/orders/jobs/{id}/progress", get(progress))
}

/// The first value of `name` in a posted form, trimmed; `None` when absent or blank.
pub fn field(form: &[(String, String)], name: &str) -> Option<String> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The fields of a posted form, repeated names kept (`order_ids` is one per ticked order).
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    pub fn parse(body: &[u8]) -> Self {
        FormFields(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The first value of `name`, trimmed ("" when absent).
    pub fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    fn some(&self, name: &str) -> Option<String> {
        field(&self.0, name)
    }

    /// The orders the form chose: the ticked ones, or (`scope=filter`) the list's filter.
    pub fn selection(&self) -> (Option<Vec<i64>>, Option<OrderFilter>) {
        if self.one("scope") == "filter" {
            let filter = OrderFilter {
                status: self.some("f_status"),
                channel: self.some("f_channel"),
                from: self.some("f_from").and_then(|d| d.parse().ok()),
                to: self.some("f_to").and_then(|d| d.parse().ok()),
                customer_id: self.one("f_customer_id").parse().ok(),
                q: self.some("f_q"),
                attention: self.some("f_attention"),
                overdue_days: None,
                sort: self.some("f_sort"),
            };
            return (None, Some(filter));
        }
        let ids = self
            .0
            .iter()
            .filter(|(k, _)| k == "order_ids")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect();
        (Some(ids), None)
    }

    /// The selected orders' ids (the filter's matches, at most [`MAX_ORDERS`]), for
    /// downloads over the selection.
    pub async fn order_ids(
        &self,
        state: &AppState,
        store: &StoreScope,
    ) -> Result<Vec<i64>, PageError> {
        match self.selection() {
            (Some(ids), _) => Ok(ids),
            (None, Some(f)) => {
                Ok(
                    service::ids_matching(state.db.conn(), store.store_id, &f, MAX_ORDERS as u64)
                        .await?,
                )
            }
            (None, None) => Ok(Vec::new()),
        }
    }
}

async fn start(
    State(state): State<AppState>,
    session: PageSession,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body);
    let action = form.one("action").to_owned();
    let s = session.store_with("orders.edit")?;
    if let Some(a) = BULK_ACTIONS.get(&action) {
        session.store_with(a.permission())?;
    }
    let lang = i18n::current();
    let (order_ids, filter) = form.selection();
    if order_ids.as_ref().is_some_and(Vec::is_empty) {
        return Ok(redirect_with(
            "/orders",
            "error",
            &i18n::t(lang, "orders-bulk-none-selected"),
        ));
    }
    let tracking = if action == "ship" {
        match tracking_lines(&state, &s, form.one("tracking_csv")).await? {
            Ok(t) => Some(t).filter(|t: &Vec<TrackingIn>| !t.is_empty()),
            Err(msg) => return Ok(redirect_with("/orders", "error", &msg)),
        }
    } else {
        None
    };
    let req = BulkRequest {
        action,
        order_ids,
        filter,
        tracking,
        carrier: form
            .some("carrier")
            .filter(|_| form.one("action") == "ship"),
    };
    let key = form.some("idempotency_key");
    match start_job(
        &state,
        &s.store_ref(),
        Some(session.0.user_id),
        req,
        key.as_deref(),
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/orders/jobs/{id}")).into_response()),
        Err(e) => back_with_error("/orders", e),
    }
}

/// The tracking CSV pasted in the form: one order per line, `order number, carrier, tracking
/// number` (comma or semicolon; a header line is skipped). `Err` names the first bad line.
async fn tracking_lines(
    state: &AppState,
    s: &StoreScope,
    text: &str,
) -> Result<Result<Vec<TrackingIn>, String>, PageError> {
    let lang = i18n::current();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains(';') { ';' } else { ',' };
        let cols: Vec<&str> = line
            .split(sep)
            .map(|c| c.trim().trim_matches('"'))
            .collect();
        let bad = |message: String| {
            i18n::tr(
                lang,
                "orders-bulk-tracking-line",
                &[("line", (n + 1).into()), ("message", message.into())],
            )
        };
        if cols.len() != 3 || cols[0].is_empty() {
            return Ok(Err(bad(i18n::t(lang, "orders-bulk-tracking-columns"))));
        }
        let order = match service::find_by_number(state.db.conn(), s.store_id, cols[0]).await {
            Ok(o) => o,
            Err(_) if n == 0 => continue, // a header line
            Err(_) => {
                return Ok(Err(bad(i18n::tr(
                    lang,
                    "orders-bulk-tracking-unknown",
                    &[("number", cols[0].to_owned().into())],
                ))));
            }
        };
        out.push(TrackingIn {
            order_id: order.id,
            carrier: Some(cols[1].to_owned()).filter(|c| !c.is_empty()),
            tracking_number: Some(cols[2].to_owned()).filter(|c| !c.is_empty()),
        });
    }
    Ok(Ok(out))
}

async fn job_page(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (job, view) = job_view(&state, &session, id, true).await?;
    let title = i18n::t(i18n::current(), &format!("orders-job-title-{}", job.action));
    let mut values = view;
    values["page_title"] = json!(title);
    values["job"] = json!(job);
    let ctx = state.page_context(&session, "orders", values).await?;
    Ok(html(state.templates.render("orders/job.html", ctx)?))
}

fn progress_text(done: i64, total: i64) -> String {
    i18n::tr(
        i18n::current(),
        "orders-job-progress",
        &[("done", done.into()), ("total", total.into())],
    )
}

/// What the job page polls while the job runs.
async fn progress(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(Json(job_view(&state, &session, id, false).await?.1).into_response())
}

/// The job of the signed-in store (with its per-order `results`, or only its counts) and
/// how the page shows its state.
async fn job_view(
    state: &AppState,
    session: &PageSession,
    id: i64,
    results: bool,
) -> Result<(crate::bulk::JobStatus, serde_json::Value), PageError> {
    let s = session.store_with("orders.view")?;
    let job = follow(state, s.store_id, id, results).await?;
    let label = i18n::t(
        i18n::current(),
        &format!("orders-job-status-{}", job.status),
    );
    let view = json!({"status": job.status, "status_label": label,
        "progress": progress_text(job.done, job.total), "done": job.done, "total": job.total});
    Ok((job, view))
}
