//! The stock table (`/inventory/stock`): every physical product with its on-hand quantity at
//! one warehouse in an input; one Save sets the rows the person changed, all or nothing,
//! through [`crate::service::set_levels`]. Each row carries the quantity it showed, so a
//! level that changed meanwhile is refused rather than overwritten.
//!
//! Below the table, a stock CSV upload (`POST /inventory/stock/import`) runs the same import
//! as the API ([`crate::api::stock_levels::run_import`]): "Check the file" is its dry run,
//! listing what would change; "Set the stock" applies it; a refused file lists its problems
//! per row and changes nothing.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use orion_catalog::stock::OnHand;
use orion_kernel::{Pagination, ProductId, locale};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html, problem_message, redirect_with};
use orion_web::{AppState, StoreScope};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::service::import_levels::StockImportReport;
use crate::service::set_levels::{self, Outcome};
use crate::service::{self, Actor, TxKind};

const PER_PAGE: u64 = 50;

#[derive(Deserialize, Serialize, Default)]
pub(super) struct TableQuery {
    page: Option<u64>,
    q: Option<String>,
    /// Warehouse code; the default warehouse when absent.
    warehouse: Option<String>,
    notice: Option<String>,
}

/// What the person typed in a row, and why it was refused.
type Typed = HashMap<i64, (String, String)>;

pub(super) async fn table(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<TableQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with("inventory.view")?;
    render(&state, &session, &s, &q, &Typed::new(), None, Value::Null).await
}

/// `upload`: what a stock CSV upload came to (see [`import`]), or null.
async fn render(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    q: &TableQuery,
    typed: &Typed,
    error: Option<String>,
    upload: Value,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let conn = state.db.conn();
    let warehouses = service::warehouses(conn, s.store_id).await?;
    let code = q.warehouse.clone().unwrap_or_default().to_ascii_uppercase();
    let w = warehouses
        .iter()
        .find(|w| w.code == code)
        .or_else(|| warehouses.iter().find(|w| w.is_default))
        .ok_or(crate::StockError::Inconsistent("default warehouse missing"))?;
    let p = Pagination {
        page: q.page,
        per_page: Some(PER_PAGE),
    };
    let f = orion_catalog::service::ProductFilter {
        q: q.q.clone().filter(|x| !x.is_empty()),
        product_type: Some("physical".into()),
        ..Default::default()
    };
    let (products, total) = orion_catalog::service::list(conn, s.store_id, &f, &p).await?;
    let mut rows = Vec::new();
    for pr in &products {
        let levels = service::levels(conn, s.store_id, Some(ProductId(pr.id)), None).await?;
        let here = levels
            .iter()
            .find(|l| l.warehouse_id == w.id && l.bin.is_empty());
        let (on_hand, reserved) = here.map(|l| (l.on_hand, l.reserved)).unwrap_or_default();
        let all: i64 = levels.iter().map(|l| l.on_hand).sum();
        let (value, problem) = typed
            .get(&pr.id)
            .cloned()
            .unwrap_or_else(|| (locale::number(on_hand, lang), String::new()));
        rows.push(json!({"id": pr.id, "sku": pr.sku, "title": pr.title_or_fallback(lang.as_str()).0,
            "on_hand": on_hand, "reserved": reserved, "all": all, "value": value, "error": problem}));
    }
    let ctx = state
        .page_context(session, "inventory", json!({"page_title": i18n::t(lang, "inventory-table-title"),
            "rows": rows, "total": total, "page": p.page(), "pages": total.div_ceil(PER_PAGE).max(1), "q": q.q,
            "warehouse": w.code, "warehouses": warehouses.iter().map(|w| json!({"code": w.code, "name": w.name})).collect::<Vec<_>>(),
            "can_adjust": s.permissions.contains("inventory.adjust"), "notice": q.notice, "error": error,
            "upload": upload}))
        .await?;
    let page = html(state.templates.render("inventory/stock.html", ctx)?);
    Ok(if error.is_some() {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page
    })
}

/// Saves the changed rows: `qty-<product id>` as typed (in the person's number format),
/// `was-<product id>` as shown.
pub(super) async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<TableQuery>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = session.store_with("inventory.adjust")?;
    let lang = i18n::current();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut typed = Typed::new();
    let mut targets = Vec::new();
    for (k, raw) in &form {
        let Some(id) = k.strip_prefix("qty-").and_then(|i| i.parse::<i64>().ok()) else {
            continue;
        };
        let was = field(&format!("was-{id}")).and_then(|w| w.parse::<i64>().ok());
        match i18n::quantity_field("quantity", raw.trim()) {
            Ok(n) if Some(n) == was => {}
            Ok(n) => targets.push(OnHand {
                product_id: Some(id),
                warehouse: q.warehouse.clone(),
                bin: String::new(),
                quantity: n,
                expected: was,
            }),
            Err(e) => {
                typed.insert(id, (raw.clone(), e.message));
            }
        }
    }
    let actor = Actor::user(session.0.user_id.0).with_reason(Some("stock table".into()));
    let tx = state.db.begin_write().await?;
    let done = if typed.is_empty() {
        set_levels::set_many(
            &tx,
            s.merchant_id,
            s.store_id,
            &targets,
            TxKind::Set,
            &actor,
        )
        .await?
    } else {
        Err(set_levels::check(&tx, s.merchant_id, s.store_id, &targets).await?)
    };
    match done {
        Ok(outcomes) if typed.is_empty() => {
            tx.commit().await?;
            let n = outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Set { .. }))
                .count() as i64;
            let notice = i18n::tr(
                lang,
                "inventory-table-saved",
                &[("count", n.into()), ("n", locale::number(n, lang).into())],
            );
            let back = TableQuery {
                notice: Some(notice),
                ..q
            };
            let query = serde_urlencoded::to_string(&back).unwrap_or_default();
            Ok(axum::response::Redirect::to(&format!("/inventory/stock?{query}")).into_response())
        }
        done => {
            tx.rollback().await?;
            for r in done.err().unwrap_or_default() {
                let t = &targets[r.index];
                let id = t.product_id.unwrap_or_default();
                let shown = locale::number(t.quantity, lang);
                let entry = typed.entry(id).or_insert((shown, String::new()));
                entry.1 = i18n::localize_sentence(lang, &r.message);
            }
            let error = i18n::tr(
                lang,
                "inventory-table-refused",
                &[("count", (typed.len() as i64).into())],
            );
            render(&state, &session, &s, &q, &typed, Some(error), Value::Null).await
        }
    }
}

/// A stock CSV from the page's upload form (multipart, the file in `file`; `?dry_run=true`
/// from "Check the file"). Applied: back to the table with the count set. A dry run: the
/// table with what would change. Refused: the table with the problems per row.
pub(super) async fn import(
    State(state): State<AppState>,
    session: PageSession,
    Query(params): Query<orion_catalog::api::ImportParams>,
    req: Request,
) -> Result<Response, PageError> {
    let s = session.store_with("inventory.adjust")?;
    let lang = i18n::current();
    let q = TableQuery::default();
    let refused = |e: orion_web::ApiError| {
        if e.status().is_client_error() {
            Ok(Some(problem_message(&e)))
        } else {
            Err(PageError::from(e))
        }
    };
    let actor = Actor::user(session.0.user_id.0);
    let report = match orion_catalog::api::upload(req, &state).await {
        Ok(bytes) => {
            let run = crate::api::stock_levels::run_import(
                &state,
                s.merchant_id,
                s.store_id,
                &bytes,
                params.dry_run,
                &actor,
            )
            .await;
            run.map_err(refused)
        }
        Err(e) => Err(refused(e)),
    };
    let report = match report {
        Ok(r) => r,
        Err(problem) => {
            return render(
                &state,
                &session,
                &s,
                &q,
                &Typed::new(),
                problem?,
                Value::Null,
            )
            .await;
        }
    };
    let count = |key: &str, n: u64| {
        let n = n as i64;
        let args = [("count", n.into()), ("n", locale::number(n, lang).into())];
        i18n::tr(lang, key, &args)
    };
    if report.applied {
        let mut notice = count("inventory-import-done", report.set);
        if report.unchanged > 0 {
            notice = format!(
                "{notice} {}",
                count("inventory-import-unchanged", report.unchanged)
            );
        }
        return Ok(redirect_with("/inventory/stock", "notice", &notice));
    }
    let upload = upload_view(lang, &report);
    let error = (report.rejected > 0).then(|| count("inventory-import-refused", report.rejected));
    render(&state, &session, &s, &q, &Typed::new(), error, upload).await
}

/// A report not applied, as the page shows it: the problems as sentences in the person's
/// language ("Row 3, quantity: must be a whole number…"), or what a dry run would change.
fn upload_view(lang: orion_kernel::Lang, r: &StockImportReport) -> Value {
    let problems: Vec<String> = r
        .errors
        .iter()
        .map(|e| {
            let row = locale::number(e.row as i64, lang);
            let message = i18n::localize_sentence(lang, &e.message);
            let args = [
                ("row", row.into()),
                ("column", e.column.clone().into()),
                ("message", message.into()),
            ];
            if e.column.is_empty() {
                i18n::tr(lang, "inventory-import-line-problem", &args)
            } else {
                i18n::tr(lang, "inventory-import-row-problem", &args)
            }
        })
        .collect();
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|c| json!({"row": c.row, "sku": c.sku, "warehouse": c.warehouse, "bin": c.bin, "from": c.from, "to": c.to}))
        .collect();
    let n = |v: u64| locale::number(v as i64, lang);
    let unlisted = r.set.saturating_sub(r.changes.len() as u64);
    json!({
        "refused": r.rejected > 0,
        "problems": problems,
        "problems_more": (r.errors_not_listed > 0).then(|| i18n::tr(lang, "inventory-import-more-problems",
            &[("count", (r.errors_not_listed as i64).into()), ("n", n(r.errors_not_listed).into())])),
        "summary": i18n::tr(lang, "inventory-import-would", &[("count", (r.set as i64).into()), ("n", n(r.set).into()),
            ("unchanged", (r.unchanged as i64).into()), ("u", n(r.unchanged).into())]),
        "changes": changes,
        "changes_more": (unlisted > 0).then(|| i18n::tr(lang, "inventory-import-more-changes",
            &[("count", (unlisted as i64).into()), ("n", n(unlisted).into())])),
    })
}
