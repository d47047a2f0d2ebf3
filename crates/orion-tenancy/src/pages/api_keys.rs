//! The "API keys" page: the store's keys, creating one (its secret shown once, on the page
//! that answers the creation, never in a URL) and revoking one.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use orion_kernel::{FieldError, Invalid};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use serde_json::json;

use super::layout::{layout, with};
use super::permission_label;
use super::store::{Notice, require, store_of};
use crate::permissions as perm;
use crate::service::api_keys::{self, CreatedKey, NewKey};

const PATH: &str = "/api-keys";

pub async fn page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    render(&state, &session, q.notice, q.error, None).await
}

async fn render(
    state: &AppState,
    session: &PageSession,
    notice: Option<String>,
    error: Option<String>,
    created: Option<CreatedKey>,
) -> Result<Response, PageError> {
    let scope = store_of(session)?;
    require(scope, perm::API_KEYS_MANAGE)?;
    let lang = i18n::current();
    let now = Utc::now();
    let keys: Vec<_> = api_keys::list(state.db.conn(), scope.store_id)
        .await?
        .into_iter()
        .map(|v| {
            let status = v.status(now);
            let scopes: Vec<String> = v
                .key
                .scope_list()
                .iter()
                .map(|s| permission_label(lang, s))
                .collect();
            json!({
                "id": v.key.id, "name": v.key.name, "hint": format!("{}…{}", v.key.prefix, v.key.last_four),
                "scopes": scopes, "status": status,
                "status_label": i18n::t(lang, &["tenancy-api-key-status-", status].concat()),
                "created": v.key.created_at.to_rfc3339(),
                "expires": v.key.expires_at.map(|e| e.to_rfc3339()),
                "last_used": v.last_used.as_ref().map(|u| u.last_used_at.to_rfc3339()),
                "last_used_from": v.last_used.map(|u| u.last_used_from),
            })
        })
        .collect();
    let grantable: Vec<_> = perm::ALL
        .iter()
        .filter(|p| scope.permissions.contains(**p) && **p != perm::API_KEYS_MANAGE)
        .map(|p| json!({"code": p, "label": permission_label(lang, p)}))
        .collect();
    // A plan without API keys: the page says so instead of offering a form that is refused.
    let plan_allows = crate::plan::api_allowance()?
        .require_api_keys(state.db.conn(), scope.merchant_id)
        .await
        .is_ok();
    let base = layout(state, session, "api-keys").await?;
    let body = state.templates.render(
        "tenancy/api_keys.html",
        with(
            base,
            json!({
                "page_title": i18n::t(lang, "tenancy-api-keys-title"),
                "keys": keys, "grantable": grantable, "plan_allows": plan_allows, "notice": notice, "error": error,
                "created": created.map(|c| json!({"name": c.key.name, "secret": c.secret})),
                "today": orion_kernel::time::local_date(now).to_string(),
            }),
        ),
    )?;
    Ok(html(body))
}

/// Creates a key from the form (`name`, `scope` repeated, optional `expires_on` date: the key
/// works until the end of that day in Luxembourg).
pub async fn create(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::API_KEYS_MANAGE)?;
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let scopes = form
        .iter()
        .filter(|(n, _)| n == "scope")
        .map(|(_, v)| v.clone())
        .collect();
    let expires_on = get("expires_on");
    let expires_at = match expires_on.as_str() {
        "" => None,
        d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => d.succ_opt().map(orion_kernel::time::start_of_local_day),
            Err(_) => {
                let e = Invalid(vec![FieldError::new(
                    "expires_on",
                    "must be a date YYYY-MM-DD",
                )]);
                return back_with_error(PATH, crate::TenancyError::from(e));
            }
        },
    };
    let new = NewKey {
        name: get("name"),
        scopes,
        expires_at,
    };
    match api_keys::create(
        state.db.conn(),
        &state.settings.secret_key,
        scope,
        session.0.user_id,
        new,
    )
    .await
    {
        Ok(created) => render(&state, &session, None, None, Some(created)).await,
        Err(e) => back_with_error(PATH, e),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::API_KEYS_MANAGE)?;
    let key = api_keys::revoke(state.db.conn(), scope.store_id, id, session.0.user_id).await?;
    let msg = i18n::tr(
        i18n::current(),
        "tenancy-api-key-revoked",
        &[("name", key.name.into())],
    );
    Ok(redirect_with(PATH, "notice", &msg))
}
