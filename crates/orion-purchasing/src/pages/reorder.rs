//! The reorder page: products at or below their reorder point grouped by supplier, with
//! "Create draft purchase orders" for a selection; reorder rules set one by one or from CSV.

use axum::Form;
use axum::extract::{Request, State};
use axum::response::Response;
use orion_kernel::{FieldError, Invalid, ProductId};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, problem_message, redirect_with};
use serde_json::{Value, json};

use super::{field, scope};
use crate::service::reorder::{self, RuleIn};
use crate::service::{queries, suppliers};

const BACK: &str = "/purchasing/reorder";

async fn page_with(
    state: &AppState,
    session: &PageSession,
    s: &orion_web::StoreScope,
    upload: Option<Value>,
    flash: &super::Flash,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let conn = state.db.conn();
    let names = queries::supplier_names(conn, s.store_id).await?;
    let items = reorder::suggestions(conn, s.store_id, lang.as_str()).await?;
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<Option<i64>> = None;
    let mut rows: Vec<Value> = Vec::new();
    let flush = |groups: &mut Vec<Value>, key: Option<i64>, rows: &mut Vec<Value>| {
        if !rows.is_empty() {
            groups.push(json!({"supplier_id": key, "supplier": key.and_then(|k| names.get(&k).cloned()), "rows": std::mem::take(rows)}));
        }
    };
    for it in &items {
        if current != Some(it.supplier_id) {
            if let Some(k) = current {
                flush(&mut groups, k, &mut rows);
            }
            current = Some(it.supplier_id);
        }
        rows.push(json!({"product_id": it.product_id, "sku": it.sku, "title": it.title, "available": it.available,
            "on_order": it.on_order, "reorder_point": it.reorder_point, "target_level": it.target_level,
            "quantity": it.quantity, "unit_cost": it.unit_cost.map(|m| m.cents()), "has_supplier": it.supplier_id.is_some()}));
    }
    if let Some(k) = current {
        flush(&mut groups, k, &mut rows);
    }
    let rules = reorder::rules(conn, s.store_id).await?;
    let ids: Vec<i64> = rules.iter().map(|r| r.product_id).collect();
    let products = orion_catalog::service::find_many(conn, s.store_id, &ids).await?;
    let rules: Vec<Value> = rules
        .iter()
        .filter_map(|r| {
            let p = products.iter().find(|p| p.id == r.product_id)?;
            Some(json!({"sku": p.sku, "title": p.title_or_fallback(lang.as_str()).0, "reorder_point": r.reorder_point,
                "target_level": r.target_level, "supplier": r.supplier_id.and_then(|x| names.get(&x).cloned())}))
        })
        .collect();
    let sups: Vec<Value> = suppliers::list(conn, s.store_id, None, true)
        .await?
        .iter()
        .map(|x| json!({"id": x.id, "name": x.name}))
        .collect();
    super::render_with(
        state,
        session,
        "purchasing/reorder.html",
        json!({"page_title": i18n::t(lang, "purchasing-reorder"), "groups": groups, "rules": rules,
            "suppliers": sups, "upload": upload}),
        &[],
        flash,
    )
    .await
}

pub async fn page(
    State(state): State<AppState>,
    session: PageSession,
    axum::extract::Query(flash): axum::extract::Query<super::Flash>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    page_with(&state, &session, &s, None, &flash).await
}

pub async fn drafts(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let mut selection = Vec::new();
    for (k, v) in &form {
        if k != "product_ids" {
            continue;
        }
        let Ok(pid) = v.parse::<i64>() else { continue };
        let raw = field(&form, &format!("qty_{pid}"));
        let qty = if raw.is_empty() {
            None
        } else {
            match i18n::quantity_field(&format!("qty_{pid}"), raw) {
                Ok(q) => Some(q),
                Err(e) => return back_with_error(BACK, Invalid(vec![e])),
            }
        };
        selection.push((pid, qty));
    }
    let tx = state.db.begin_write().await?;
    match reorder::create_drafts(
        &tx,
        s.merchant_id,
        s.store_id,
        Some(session.0.user_id),
        &selection,
    )
    .await
    {
        Ok(pos) => {
            tx.commit().await?;
            let lang = i18n::current();
            let msg = i18n::tr(
                lang,
                "purchasing-drafts-created",
                &[("count", (pos.len() as i64).into())],
            );
            let to = match pos.as_slice() {
                [one] => format!("/purchasing/{}", one.id),
                _ => "/purchasing?status=draft".to_owned(),
            };
            Ok(redirect_with(&to, "notice", &msg))
        }
        Err(e) => back_with_error(BACK, e),
    }
}

pub async fn set_rule(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let code = field(&form, "sku").to_owned();
    let found = orion_catalog::service::find_by_gtins_or_skus(
        state.db.conn(),
        s.store_id,
        std::slice::from_ref(&code),
        std::slice::from_ref(&code),
    )
    .await?;
    let Some(p) = found.first() else {
        return back_with_error(
            BACK,
            Invalid::field("sku", "no product with this SKU or GTIN"),
        );
    };
    let mut errors: Vec<FieldError> = Vec::new();
    let mut num = |k: &str| match i18n::quantity_field(k, field(&form, k)) {
        Ok(q) => q,
        Err(e) => {
            errors.push(e);
            0
        }
    };
    let (point, target) = (num("reorder_point"), num("target_level"));
    if !errors.is_empty() {
        return back_with_error(BACK, Invalid(errors));
    }
    let rule = RuleIn {
        reorder_point: point,
        target_level: target,
        supplier_id: field(&form, "supplier_id").parse().ok(),
    };
    let tx = state.db.begin_write().await?;
    match reorder::set_rule(&tx, s.merchant_id, s.store_id, ProductId(p.id), rule).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirect_with(
                BACK,
                "notice",
                &i18n::t(i18n::current(), "purchasing-saved"),
            ))
        }
        Err(e) => back_with_error(BACK, e),
    }
}

pub async fn import(
    State(state): State<AppState>,
    session: PageSession,
    req: Request,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let result = match orion_catalog::api::upload(req, &state).await {
        Ok(bytes) => crate::api::run_rule_import(&state, &s, &bytes).await,
        Err(e) => Err(e),
    };
    let upload = match result {
        Ok(r) => json!({"applied": r.applied, "set": r.set, "rejected": r.rejected,
            "errors": r.errors.iter().map(|e| json!({"row": e.row, "column": e.column,
                "message": i18n::localize_sentence(i18n::current(), &e.message)})).collect::<Vec<_>>()}),
        Err(e) if e.status().is_client_error() => {
            json!({"applied": false, "message": problem_message(&e)})
        }
        Err(e) => return Err(e.into()),
    };
    page_with(&state, &session, &s, Some(upload), &super::Flash::default()).await
}
