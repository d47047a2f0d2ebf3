//! Inventory pages: stock per product, the product's stock per warehouse/bin with an
//! adjustment form, and its transaction history.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{Lang, Pagination, ProductId, locale};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::json;

use crate::service::{self, Actor, Slot, TxKind};

mod stock_table;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inventory", get(overview))
        .route(
            "/inventory/stock",
            get(stock_table::table).post(stock_table::save),
        )
        .route(
            "/inventory/stock/import",
            post(stock_table::import).layer(orion_catalog::api::large_body_limit()),
        )
        .route("/inventory/{product_id}", get(product))
        .route("/inventory/{product_id}/adjust", post(adjust))
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "inventory/overview.html",
            include_str!("../templates/overview.html"),
        ),
        (
            "inventory/product.html",
            include_str!("../templates/product.html"),
        ),
        (
            "inventory/stock.html",
            include_str!("../templates/stock.html"),
        ),
    ]
}

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

/// Every kind of movement, for the labels of the history.
pub const KINDS: [TxKind; 10] = [
    TxKind::Reserve,
    TxKind::Release,
    TxKind::Fulfil,
    TxKind::Adjust,
    TxKind::Set,
    TxKind::Import,
    TxKind::Receive,
    TxKind::Return,
    TxKind::MoveOut,
    TxKind::MoveIn,
];

/// A kind of movement as people read it.
pub fn kind_label(lang: Lang, k: TxKind) -> String {
    match k {
        TxKind::Reserve => i18n::t(lang, "inventory-kind-reserve"),
        TxKind::Release => i18n::t(lang, "inventory-kind-release"),
        TxKind::Fulfil => i18n::t(lang, "inventory-kind-fulfil"),
        TxKind::Adjust => i18n::t(lang, "inventory-kind-adjust"),
        TxKind::Set => i18n::t(lang, "inventory-kind-set"),
        TxKind::Import => i18n::t(lang, "inventory-kind-import"),
        TxKind::Receive => i18n::t(lang, "inventory-kind-receive"),
        TxKind::Return => i18n::t(lang, "inventory-kind-return"),
        TxKind::MoveOut => i18n::t(lang, "inventory-kind-move-out"),
        TxKind::MoveIn => i18n::t(lang, "inventory-kind-move-in"),
    }
}

/// The label of a stored kind (`move_out`); the code itself when unknown.
fn kind_code_label(lang: Lang, code: &str) -> String {
    KINDS
        .iter()
        .find(|k| k.as_str() == code)
        .map(|k| kind_label(lang, *k))
        .unwrap_or_else(|| code.to_owned())
}

#[derive(Deserialize, Default)]
struct ListQuery {
    page: Option<u64>,
    q: Option<String>,
}

async fn overview(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "inventory.view")?;
    let lang = i18n::current();
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let f = orion_catalog::service::ProductFilter {
        q: q.q.clone().filter(|x| !x.is_empty()),
        product_type: Some("physical".into()),
        ..Default::default()
    };
    let (products, total) =
        orion_catalog::service::list(state.db.conn(), s.store_id, &f, &p).await?;
    let ids: Vec<i64> = products.iter().map(|p| p.id).collect();
    let incoming = crate::incoming::of(state.db.conn(), s.store_id, &ids).await?;
    let mut rows = Vec::new();
    for pr in &products {
        let inc = incoming.get(&pr.id).copied().unwrap_or_default();
        let levels =
            service::levels(state.db.conn(), s.store_id, Some(ProductId(pr.id)), None).await?;
        let (on_hand, reserved): (i64, i64) = levels
            .iter()
            .fold((0, 0), |a, l| (a.0 + l.on_hand, a.1 + l.reserved));
        rows.push(json!({"id": pr.id, "sku": pr.sku, "title": pr.title_or_fallback(lang.as_str()).0, "on_hand": on_hand, "reserved": reserved, "available": on_hand - reserved,
            "on_order": inc.on_order, "expected": inc.next_expected_at.map(|d| locale::date(d, lang))}));
    }
    let ctx = state
        .page_context(&session, "inventory", json!({"page_title": i18n::t(lang, "inventory-title"), "rows": rows, "total": total, "page": p.page(), "pages": total.div_ceil(50).max(1), "q": q.q}))
        .await?;
    Ok(html(
        state.templates.render("inventory/overview.html", ctx)?,
    ))
}

#[derive(Deserialize, Default)]
struct ProductQuery {
    notice: Option<String>,
    error: Option<String>,
    page: Option<u64>,
}

async fn product(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<ProductQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "inventory.view")?;
    let lang = i18n::current();
    let pr = orion_catalog::service::find(state.db.conn(), s.store_id, ProductId(id)).await?;
    let warehouses = service::warehouses(state.db.conn(), s.store_id).await?;
    let wname = |wid: i64| {
        warehouses
            .iter()
            .find(|w| w.id == wid)
            .map(|w| w.code.clone())
            .unwrap_or_default()
    };
    let levels: Vec<_> = service::levels(state.db.conn(), s.store_id, Some(ProductId(id)), None)
        .await?
        .into_iter()
        .map(|l| json!({"warehouse": wname(l.warehouse_id), "bin": l.bin, "on_hand": l.on_hand, "reserved": l.reserved, "available": l.available()}))
        .collect();
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (txs, total) = service::transactions(state.db.conn(), s.store_id, Some(id), &p).await?;
    let order_ids: Vec<i64> = txs.iter().filter_map(|t| t.order_id).collect();
    let numbers = crate::order_refs::order_numbers(state.db.conn(), s.store_id, &order_ids).await?;
    let txs: Vec<_> = txs
        .into_iter()
        .map(|t| json!({"order_number": t.order_id.and_then(|o| numbers.get(&o).cloned()),"at": t.created_at.to_rfc3339(), "kind_label": kind_code_label(lang, &t.kind), "kind": t.kind, "warehouse": wname(t.warehouse_id), "bin": t.bin,
            "on_hand_change": t.on_hand_change, "reserved_change": t.reserved_change, "on_hand_after": t.on_hand_after, "reserved_after": t.reserved_after,
            "reason": t.reason, "reference": t.reference, "order_id": t.order_id}))
        .collect();
    let ctx = state
        .page_context(
            &session,
            "inventory",
            json!({"page_title": i18n::tr(lang, "inventory-stock-of", &[("product", pr.sku.clone().into())]),
                "product": {"id": pr.id, "sku": pr.sku, "title": pr.title_or_fallback(lang.as_str()).0, "stocked": pr.is_stocked()},
                "levels": levels, "transactions": txs, "total": total, "page": p.page(), "pages": total.div_ceil(50).max(1),
                "warehouses": warehouses.iter().map(|w| json!({"id": w.id, "code": w.code, "name": w.name})).collect::<Vec<_>>(),
                "can_adjust": s.permissions.contains("inventory.adjust"), "notice": q.notice, "error": q.error}),
        )
        .await?;
    Ok(html(state.templates.render("inventory/product.html", ctx)?))
}

#[derive(Deserialize)]
struct AdjustForm {
    delta: String,
    #[serde(default)]
    warehouse_id: String,
    #[serde(default)]
    bin: String,
    #[serde(default)]
    reason: String,
}

async fn adjust(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<AdjustForm>,
) -> Result<Response, PageError> {
    let s = scope(&session, "inventory.adjust")?;
    let path = format!("/inventory/{id}");
    let back = |k: &str, m: &str| orion_web::pages::redirect_with(&path, k, m);
    let lang = i18n::current();
    // Typed in the person's language: `1 234`, `1.234` (fr, de), `1,234` (en), `-2`, `+5`.
    let raw = f.delta.trim();
    let raw = raw.strip_prefix('+').unwrap_or(raw);
    let delta = match i18n::quantity_field("delta", raw) {
        Ok(d) => d,
        Err(e) => {
            return Ok(back(
                "error",
                &i18n::tr(
                    lang,
                    "inventory-adjust-invalid",
                    &[("problem", e.message.into())],
                ),
            ));
        }
    };
    let slot = Slot {
        warehouse_id: f.warehouse_id.trim().parse().ok(),
        bin: f.bin,
    };
    let actor = Actor::user(session.0.user_id.0).with_reason(Some(f.reason));
    let tx = state.db.begin_write().await?;
    match service::adjust(
        &tx,
        s.merchant_id,
        s.store_id,
        ProductId(id),
        &slot,
        delta,
        TxKind::Adjust,
        &actor,
    )
    .await
    {
        Ok(l) => {
            tx.commit().await?;
            Ok(back(
                "notice",
                &i18n::tr(
                    lang,
                    "inventory-adjusted",
                    &[
                        ("on_hand", locale::number(l.on_hand, lang).into()),
                        ("available", locale::number(l.available(), lang).into()),
                    ],
                ),
            ))
        }
        Err(e) => orion_web::pages::back_with_error(&path, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Not `i18n::t`: the catalogue test reads literal keys after that name.
    use orion_web::i18n::t as text;

    /// Every kind of movement has a label in every language, and stored codes find it.
    #[test]
    fn kinds_have_labels_in_every_language() {
        for lang in Lang::ALL {
            for k in KINDS {
                let key = format!("inventory-kind-{}", k.as_str().replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(kind_label(lang, k), text(lang, &key));
                assert_eq!(kind_code_label(lang, k.as_str()), kind_label(lang, k));
            }
        }
        assert_eq!(kind_code_label(Lang::En, "adjust"), "adjust");
        assert_eq!(kind_code_label(Lang::En, "unknown"), "unknown");
    }
}
