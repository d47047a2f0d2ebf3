//! The stock table (`/inventory/stock`): every physical product with its on-hand quantity at
//! one warehouse in an input; one Save sets the rows the person changed, all or nothing,
//! through [`crate::service::set_levels`]. Each row carries the quantity it showed, so a
//! level that changed meanwhile is refused rather than overwritten.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use orion_catalog::stock::OnHand;
use orion_kernel::{Pagination, ProductId, locale};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{AppState, StoreScope};
use serde::{Deserialize, Serialize};
use serde_json::json;

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
    render(&state, &session, &s, &q, &Typed::new(), None).await
}

async fn render(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    q: &TableQuery,
    typed: &Typed,
    error: Option<String>,
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
            "import_endpoint": "POST /api/v1/store/inventory/stock-levels/import"}))
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
                .filter(|o| matches!(o, Outcome::Set(_)))
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
            render(&state, &session, &s, &q, &typed, Some(error)).await
        }
    }
}
