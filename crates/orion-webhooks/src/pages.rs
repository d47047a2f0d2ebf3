//! The Webhooks pages: the store's endpoints with their state (and why one is off), a form
//! to add one (URL, description, event checkboxes) whose answer shows the signing secret
//! once, and per endpoint its page: switch it on or off, rotate the secret, delete it (asking
//! first), and its delivery log — each delivery's event, status, attempts with their response
//! codes, and a Redeliver button. Everything needs `webhooks.manage` and the plan's
//! `api_keys` feature; without the feature the page says which plan brings it.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use orion_billing::{BillingError, Feature, limits};
use orion_kernel::{FieldError, Lang, Pagination};
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, StoreScope, i18n};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::MANAGE;
use crate::delivery::DISABLE_AFTER;
use crate::endpoints::{self, EndpointIn, EndpointOut};
use crate::error::WebhookError;
use crate::{events, log};

/// Deliveries an endpoint's page lists.
const LOG_ROWS: u64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(list_page).post(create))
        .route("/webhooks/{id}", get(endpoint_page))
        .route("/webhooks/{id}/enabled", post(switch))
        .route("/webhooks/{id}/rotate", post(rotate))
        .route("/webhooks/{id}/delete", post(delete))
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            post(redeliver),
        )
}

/// The catalogue key of an event type's label (`webhooks-event-<type with dashes>`).
fn event_key(t: &str) -> String {
    format!("webhooks-event-{}", t.replace(['.', '_'], "-"))
}

/// An event type as people read it.
pub fn event_label(lang: Lang, t: &str) -> String {
    i18n::t(lang, &event_key(t))
}

/// The plan's refusal, when it lacks webhooks: the name of the plan that has them (or none).
async fn plan_refusal(
    state: &AppState,
    s: &StoreScope,
) -> Result<Option<Option<String>>, PageError> {
    let conn = state.db.conn();
    match limits::require_feature(conn, s.merchant_id, Feature::API_KEYS).await {
        Ok(()) => Ok(None),
        Err(BillingError::FeatureNotInTier { upgrade_to, .. }) => {
            let name = match upgrade_to {
                Some(code) => orion_billing::service::tiers(conn)
                    .await
                    .map_err(WebhookError::from)?
                    .into_iter()
                    .find(|t| t.code == code)
                    .map(|t| t.name),
                None => None,
            };
            Ok(Some(name))
        }
        Err(e) => Err(WebhookError::from(e).into()),
    }
}

/// The endpoint as its row and status read on the pages.
fn endpoint_values(lang: Lang, e: &EndpointOut) -> Value {
    let mut v = json!(e);
    v["event_labels"] = json!(
        e.events
            .iter()
            .map(|t| event_label(lang, t))
            .collect::<Vec<_>>()
    );
    v["notice"] = match e.disabled_reason.as_deref() {
        Some(endpoints::DISABLED_FAILING) => json!(i18n::tr(
            lang,
            "webhooks-disabled-failing",
            &[("count", i64::from(DISABLE_AFTER).into())],
        )),
        Some(_) => json!(i18n::t(lang, "webhooks-disabled-manual")),
        None => Value::Null,
    };
    v
}

/// The event checkboxes, with those of `chosen` ticked.
fn event_choices(lang: Lang, chosen: &[String]) -> Vec<Value> {
    events::TYPES
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({"i": i, "code": t, "label": event_label(lang, t),
                "checked": chosen.iter().any(|c| c == t)})
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct Flash {
    notice: Option<String>,
    error: Option<String>,
}

/// What the list page shows besides the endpoints.
#[derive(Default)]
struct ListView {
    form: Option<(String, String, Vec<String>)>,
    errors: Vec<FieldError>,
    flash: Flash,
}

async fn list_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    render_list(
        &state,
        &session,
        &s,
        ListView {
            flash,
            ..Default::default()
        },
    )
    .await
}

async fn render_list(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    view: ListView,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let refusal = plan_refusal(state, s).await?;
    let list: Vec<Value> = endpoints::list(state.db.conn(), s.store_id)
        .await?
        .into_iter()
        .map(|e| endpoint_values(lang, &e.into()))
        .collect();
    let (url, description, chosen) = view.form.unwrap_or_default();
    let errors: Vec<Value> = view
        .errors
        .iter()
        .map(|e| json!({"field": e.field, "message": e.message}))
        .collect();
    let error = if errors.is_empty() {
        view.flash.error
    } else {
        Some(i18n::t(lang, "webhooks-form-errors"))
    };
    let ctx = state
        .page_context(
            session,
            "webhooks",
            json!({
                "page_title": i18n::t(lang, "webhooks-title"),
                "endpoints": list,
                "allowed": refusal.is_none(),
                "upgrade_to": refusal.flatten(),
                "choices": event_choices(lang, &chosen),
                "form": {"url": url, "description": description},
                "errors": errors, "error": error, "notice": view.flash.notice,
            }),
        )
        .await?;
    let mut res = html(state.templates.render("webhooks/webhooks.html", ctx)?);
    if !view.errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// The page's store, once the plan allows webhooks.
async fn allowed(state: &AppState, session: &PageSession) -> Result<StoreScope, PageError> {
    let s = session.store_with(MANAGE)?;
    limits::require_feature(state.db.conn(), s.merchant_id, Feature::API_KEYS)
        .await
        .map_err(WebhookError::from)?;
    Ok(s)
}

async fn create(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let chosen: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "events")
        .map(|(_, v)| v.clone())
        .collect();
    let input = EndpointIn {
        url: field("url"),
        events: chosen.clone(),
        description: Some(field("description")),
    };
    match endpoints::create(&state.db, &state.settings.secret_key, s.store_id, &input).await {
        Ok(created) => {
            render_endpoint_page(
                &state,
                &session,
                &s,
                created.endpoint.id,
                Some(created.secret),
                Flash::default(),
                None,
            )
            .await
        }
        Err(WebhookError::Invalid(e)) => {
            let view = ListView {
                form: Some((input.url, field("description"), chosen)),
                errors: e.0,
                flash: Flash::default(),
            };
            render_list(&state, &session, &s, view).await
        }
        Err(e) => back_with_error("/webhooks", e),
    }
}

#[derive(Deserialize, Default)]
struct EndpointQuery {
    notice: Option<String>,
    error: Option<String>,
    page: Option<u64>,
}

async fn endpoint_page(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<EndpointQuery>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    let flash = Flash {
        notice: q.notice,
        error: q.error,
    };
    render_endpoint_page(&state, &session, &s, id, None, flash, q.page).await
}

/// The endpoint's page; `secret` only right after creation or rotation.
async fn render_endpoint_page(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    id: i64,
    secret: Option<String>,
    flash: Flash,
    page: Option<u64>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let conn = state.db.conn();
    let e = endpoints::find(conn, s.store_id, id).await?;
    let p = Pagination {
        page,
        per_page: Some(LOG_ROWS),
    };
    let (rows, total) = log::list(conn, s.store_id, e.id, None, &p).await?;
    let mut attempts = log::attempts_of(conn, rows.iter().map(|d| d.id).collect()).await?;
    let deliveries: Vec<Value> = rows
        .iter()
        .map(|d| {
            let mut v = json!(d);
            v["event_label"] = json!(event_label(lang, &d.event_type));
            v["status_label"] = json!(i18n::t(lang, &format!("webhooks-status-{}", d.status)));
            v["attempt_log"] = json!(attempts.remove(&d.id).unwrap_or_default());
            v
        })
        .collect();
    let pages = total.div_ceil(LOG_ROWS).max(1);
    let endpoint = endpoint_values(lang, &e.into());
    let ctx = state
        .page_context(
            session,
            "webhooks",
            json!({
                "page_title": i18n::t(lang, "webhooks-endpoint-title"),
                "e": endpoint, "secret": secret,
                "deliveries": deliveries, "total": total,
                "page": p.page(), "pages": pages,
                "notice": flash.notice, "error": flash.error,
            }),
        )
        .await?;
    Ok(html(state.templates.render("webhooks/endpoint.html", ctx)?))
}

fn back_to(id: i64, key: &str, msg: &str) -> Response {
    redirect_with(&format!("/webhooks/{id}"), key, msg)
}

#[derive(Deserialize)]
struct SwitchForm {
    /// `true` to switch the endpoint on, `false` to switch it off.
    enabled: bool,
}

/// Switches the endpoint on (clearing its failure count) or off.
async fn switch(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<SwitchForm>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    endpoints::set_enabled(state.db.conn(), s.store_id, id, f.enabled).await?;
    let done = if f.enabled {
        "webhooks-enabled-notice"
    } else {
        "webhooks-disabled-notice"
    };
    Ok(back_to(id, "notice", &i18n::t(i18n::current(), done)))
}

async fn rotate(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    let e = endpoints::rotate_secret(state.db.conn(), &state.settings.secret_key, s.store_id, id)
        .await?;
    let flash = Flash {
        notice: Some(i18n::t(i18n::current(), "webhooks-rotated-notice")),
        error: None,
    };
    render_endpoint_page(
        &state,
        &session,
        &s,
        e.endpoint.id,
        Some(e.secret),
        flash,
        None,
    )
    .await
}

async fn delete(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    endpoints::delete(state.db.conn(), s.store_id, id).await?;
    Ok(redirect_with(
        "/webhooks",
        "notice",
        &i18n::t(i18n::current(), "webhooks-deleted-notice"),
    ))
}

async fn redeliver(
    State(state): State<AppState>,
    session: PageSession,
    Path((id, delivery_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let s = allowed(&state, &session).await?;
    match log::redeliver(state.db.conn(), s.store_id, id, delivery_id).await {
        Ok(_) => Ok(back_to(
            id,
            "notice",
            &i18n::t(i18n::current(), "webhooks-redeliver-queued"),
        )),
        Err(e) => back_with_error(&format!("/webhooks/{id}"), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys the pages build from the enumerations, in every catalogue.
    #[test]
    fn every_event_type_and_status_has_a_label() {
        for lang in Lang::ALL {
            let keys = events::TYPES
                .iter()
                .map(|t| event_key(t))
                .chain(log::STATUSES.iter().map(|s| format!("webhooks-status-{s}")));
            for key in keys {
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
        }
    }
}
