//! Purchasing pages: purchase orders (list, new, detail with editing, ordering, receiving),
//! suppliers, and reorder suggestions. Every page needs `purchasing.manage` and the
//! `purchase_orders` feature; what they do goes through the same services as the API.

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use orion_billing::{Feature, limits};
use orion_kernel::{FieldError, Lang};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{AppState, StoreScope};
use serde_json::{Value, json};

use crate::PurchasingError;
use crate::service::Status;

mod orders;
mod product_panel;
mod reorder;
mod suppliers;

pub use product_panel::{ProductPurchasingPanel, ReorderPanel};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/purchasing", get(orders::list))
        .route(
            "/purchasing/new",
            get(orders::new_form).post(orders::create),
        )
        .route("/purchasing/export", get(orders::export))
        .route("/purchasing/{id}", get(orders::detail).post(orders::save))
        .route("/purchasing/{id}/action", post(orders::action))
        .route("/purchasing/{id}/receive", post(orders::receive))
        .route("/purchasing/{id}/pdf", get(orders::pdf))
        .route(
            "/purchasing/suppliers",
            get(suppliers::list).post(suppliers::create),
        )
        .route("/purchasing/suppliers/new", get(suppliers::new_form))
        .route(
            "/purchasing/suppliers/{id}",
            get(suppliers::detail).post(suppliers::save),
        )
        .route(
            "/purchasing/suppliers/{id}/products",
            post(suppliers::set_product),
        )
        .route("/purchasing/reorder", get(reorder::page))
        .route("/purchasing/reorder/drafts", post(reorder::drafts))
        .route("/purchasing/reorder/rules", post(reorder::set_rule))
        .route(
            "/purchasing/reorder/import",
            post(reorder::import).layer(orion_catalog::api::large_body_limit()),
        )
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "purchasing/list.html",
            include_str!("../templates/list.html"),
        ),
        (
            "purchasing/form.html",
            include_str!("../templates/form.html"),
        ),
        (
            "purchasing/detail.html",
            include_str!("../templates/detail.html"),
        ),
        (
            "purchasing/suppliers.html",
            include_str!("../templates/suppliers.html"),
        ),
        (
            "purchasing/supplier.html",
            include_str!("../templates/supplier.html"),
        ),
        (
            "purchasing/reorder.html",
            include_str!("../templates/reorder.html"),
        ),
        (
            "purchasing/product_panel.html",
            include_str!("../templates/product_panel.html"),
        ),
        (
            "purchasing/reorder_panel.html",
            include_str!("../templates/reorder_panel.html"),
        ),
    ]
}

/// The store of a purchasing page: the permission, then the plan's feature.
async fn scope(state: &AppState, session: &PageSession) -> Result<StoreScope, PageError> {
    let s = session.store_with("purchasing.manage")?;
    limits::require_feature(state.db.conn(), s.merchant_id, Feature::PURCHASE_ORDERS)
        .await
        .map_err(|e| PageError::from(orion_web::ApiError::from(PurchasingError::from(e))))?;
    Ok(s)
}

/// A status as people read it.
pub fn status_label(lang: Lang, s: &str) -> String {
    match Status::parse(s) {
        Some(Status::Draft) => i18n::t(lang, "purchasing-status-draft"),
        Some(Status::Ordered) => i18n::t(lang, "purchasing-status-ordered"),
        Some(Status::PartiallyReceived) => i18n::t(lang, "purchasing-status-partially-received"),
        Some(Status::Received) => i18n::t(lang, "purchasing-status-received"),
        Some(Status::Closed) => i18n::t(lang, "purchasing-status-closed"),
        Some(Status::Cancelled) => i18n::t(lang, "purchasing-status-cancelled"),
        None => s.to_owned(),
    }
}

/// Field errors as the templates' `field_error` / `invalid` read them, in the user's language.
fn field_errors(errors: &[FieldError]) -> Vec<Value> {
    let lang = i18n::current();
    errors
        .iter()
        .map(|e| json!({"field": e.field, "message": i18n::localize_sentence(lang, &e.message)}))
        .collect()
}

/// "2 fields need attention."
fn errors_summary(errors: &[FieldError]) -> Option<String> {
    (!errors.is_empty()).then(|| {
        i18n::tr(
            i18n::current(),
            "purchasing-form-errors",
            &[("count", (errors.len() as i64).into())],
        )
    })
}

/// The field errors of a refusal the form can show beside its fields; other errors go up.
fn form_errors(e: PurchasingError) -> Result<Vec<FieldError>, PageError> {
    match e {
        PurchasingError::Invalid(inv) => Ok(inv.0),
        PurchasingError::DuplicateSupplier => Ok(vec![FieldError::new(
            "name",
            PurchasingError::DuplicateSupplier.to_string(),
        )]),
        e => Err(orion_web::ApiError::from(e).into()),
    }
}

/// The message a redirect carries to the next page (`?notice=` or `?error=`).
#[derive(serde::Deserialize, Default)]
pub struct Flash {
    notice: Option<String>,
    error: Option<String>,
}

/// Renders `template` with the page's values and the flash message; 422 when the form has
/// errors.
async fn render(
    state: &AppState,
    session: &PageSession,
    template: &str,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, PageError> {
    render_with(state, session, template, values, errors, &Flash::default()).await
}

async fn render_with(
    state: &AppState,
    session: &PageSession,
    template: &str,
    mut values: Value,
    errors: &[FieldError],
    flash: &Flash,
) -> Result<Response, PageError> {
    if let Value::Object(m) = &mut values {
        if let Some(n) = &flash.notice {
            m.insert("notice".into(), json!(n));
        }
        if let Some(e) = &flash.error {
            m.insert("error".into(), json!(e));
        }
        m.insert("errors".into(), json!(field_errors(errors)));
        if !errors.is_empty() {
            m.insert("error".into(), json!(errors_summary(errors)));
        }
    }
    let ctx = state.page_context(session, "purchasing", values).await?;
    let mut res = html(state.templates.render(template, ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// The value of form field `k`, trimmed ("" when absent).
fn field<'a>(form: &'a [(String, String)], k: &str) -> &'a str {
    form.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}
