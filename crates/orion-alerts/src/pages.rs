//! The "My alerts" page (`/account/alerts`): one checkbox per kind of alert for the signed-in
//! user in the session's store, saying which permission an alert needs when the user's role
//! lacks it, and the store's digest interval for those who configure the store.

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use orion_kernel::{Lang, UserId};
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, i18n};
use serde::Deserialize;
use serde_json::json;

use crate::api;
use crate::digest::{self, MAX_MINUTES, MIN_MINUTES};
use crate::error::AlertError;
use crate::kinds::Kind;
use crate::prefs;

/// The page's path.
pub const PATH: &str = "/account/alerts";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(page).post(save))
}

/// A kind of alert as people read it.
pub fn kind_label(lang: Lang, k: Kind) -> String {
    i18n::t(lang, &k.label_key())
}

#[derive(Deserialize, Default)]
struct Flash {
    notice: Option<String>,
    error: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let s = session.0.store.clone().ok_or_else(PageError::not_found)?;
    let lang = i18n::current();
    let perms: Vec<String> = s.permissions.iter().cloned().collect();
    let v = api::view(
        state.db.conn(),
        s.store_id,
        session.0.user_id,
        &s.role,
        &perms,
    )
    .await?;
    let kinds: Vec<_> = v
        .alerts
        .iter()
        .map(|a| {
            json!({
                "code": a.kind.as_str(),
                "label": kind_label(lang, a.kind),
                "hint": i18n::t(lang, &format!("{}-hint", a.kind.label_key())),
                "checked": a.enabled,
                "permitted": a.permitted,
                "permission": a.permission,
            })
        })
        .collect();
    let ctx = state
        .page_context(
            &session,
            "alerts",
            json!({
                "page_title": i18n::t(lang, "alerts-title"),
                "kinds": kinds,
                "digest_minutes": v.digest_minutes,
                "min_minutes": MIN_MINUTES, "max_minutes": MAX_MINUTES,
                "can_configure": s.permissions.contains(orion_tenancy::permissions::SETTINGS_MANAGE),
                "notice": flash.notice, "error": flash.error,
            }),
        )
        .await?;
    Ok(html(state.templates.render("alerts/alerts.html", ctx)?))
}

async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = session.0.store.clone().ok_or_else(PageError::not_found)?;
    let lang = i18n::current();
    let chosen: Vec<&str> = form
        .iter()
        .filter(|(k, _)| k == "alerts")
        .map(|(_, v)| v.as_str())
        .collect();
    let choices: Vec<(Kind, bool)> = Kind::ALL
        .into_iter()
        .map(|k| (k, chosen.contains(&k.as_str())))
        .collect();
    let minutes = form
        .iter()
        .find(|(k, _)| k == "digest_minutes")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let can_configure = s
        .permissions
        .contains(orion_tenancy::permissions::SETTINGS_MANAGE);
    let minutes = match minutes {
        Some(m) if can_configure => match m.parse::<i32>() {
            Ok(n) if (MIN_MINUTES..=MAX_MINUTES).contains(&n) => Some(n),
            _ => {
                return Ok(redirect_with(
                    PATH,
                    "error",
                    &i18n::tr(
                        lang,
                        "alerts-digest-minutes-invalid",
                        &[
                            ("min", i64::from(MIN_MINUTES).into()),
                            ("max", i64::from(MAX_MINUTES).into()),
                        ],
                    ),
                ));
            }
        },
        _ => None,
    };
    let result: Result<(), AlertError> = async {
        let tx = state.db.begin_write().await?;
        prefs::set(&tx, s.store_id, UserId(session.0.user_id.0), &choices).await?;
        if let Some(m) = minutes {
            digest::set_minutes(&tx, s.store_id, m).await?;
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(redirect_with(
            PATH,
            "notice",
            &i18n::t(lang, "alerts-saved"),
        )),
        Err(e) => back_with_error(PATH, e),
    }
}
