//! "My alerts" API: the current user's choice of alerts in the token's store. Any member may
//! read and change their own (not a store API key: 403); changing the store's digest interval
//! needs `settings.manage`.

use axum::Json;
use axum::extract::State;
use orion_kernel::{FieldError, Invalid, StoreId, UserId};
use orion_web::json::ApiJson;
use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid};
use orion_web::{ApiError, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::digest::{self, MAX_MINUTES, MIN_MINUTES};
use crate::error::AlertError;
use crate::kinds::Kind;
use crate::{prefs, recipients};

orion_web::problem_from!(crate::AlertError);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_preferences, put_preferences))
}

/// One kind of alert and whether the user gets it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertPreference {
    /// `new_orders`, `letzshop_sync_failed`, `low_stock` or `plan_limit`.
    pub kind: Kind,
    /// Whether the user chose to get it (owners get all by default, others none).
    pub enabled: bool,
    /// Whether the user's role grants the permission the alert needs (`orders.view`,
    /// `marketplace.manage`, `inventory.view`, `settings.manage`): without it nothing is
    /// sent even when enabled.
    pub permitted: bool,
    /// The permission the alert needs.
    pub permission: String,
}

/// The current user's alerts in this store.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertPreferences {
    pub alerts: Vec<AlertPreference>,
    /// Minutes between two new-order digests of the store (at most one digest per interval).
    pub digest_minutes: i32,
}

/// One choice.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertChoice {
    pub kind: String,
    pub enabled: bool,
}

/// The choices to store (kinds not listed keep theirs).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertPreferencesIn {
    #[serde(default)]
    pub alerts: Vec<AlertChoice>,
    /// The store's digest interval, 5 to 1440 minutes (needs `settings.manage`).
    pub digest_minutes: Option<i32>,
}

/// The current user's alerts in `store`.
pub async fn view(
    conn: &impl sea_orm::ConnectionTrait,
    store: StoreId,
    user: UserId,
    role: &str,
    permissions: &[String],
) -> Result<AlertPreferences, AlertError> {
    let is_owner = role == orion_tenancy::permissions::OWNER;
    let alerts = prefs::effective(conn, store, user, is_owner)
        .await?
        .into_iter()
        .map(|(kind, enabled)| AlertPreference {
            kind,
            enabled,
            permitted: recipients::permitted(role, permissions, kind),
            permission: kind.permission().to_owned(),
        })
        .collect();
    Ok(AlertPreferences {
        alerts,
        digest_minutes: digest::minutes(conn, store).await?,
    })
}

/// The choices of a body, or the fields in error.
pub fn parse_choices(body: &[AlertChoice]) -> Result<Vec<(Kind, bool)>, Invalid> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, c) in body.iter().enumerate() {
        match Kind::parse(&c.kind) {
            Some(k) => out.push((k, c.enabled)),
            None => errors.push(FieldError::new(
                format!("alerts[{i}].kind"),
                format!("unknown alert kind '{}'", c.kind),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Invalid(errors))
    }
}

/// Alerts are chosen by a person: a store API key (a program) may not read or change them.
fn person(ctx: &StoreCtx) -> Result<(), ApiError> {
    if ctx.principal.api_key.is_some() {
        return Err(ApiError::forbidden(
            "Alerts are chosen by each signed-in user; API keys cannot read or change them",
        ));
    }
    Ok(())
}

fn perms(ctx: &StoreCtx) -> Vec<String> {
    ctx.store.permissions.iter().cloned().collect()
}

/// The alerts the current user gets in this store, and the store's digest interval.
#[utoipa::path(get, path = "/api/v1/store/alerts/preferences", extensions(("x-permission" = json!(null))), tag = "alerts", security(("bearer" = [])),
    responses((status = 200, body = AlertPreferences), ProblemForbidden))]
pub async fn get_preferences(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<AlertPreferences>, ApiError> {
    person(&ctx)?;
    let v = view(
        state.db.conn(),
        ctx.store_id(),
        ctx.principal.user_id,
        &ctx.store.role,
        &perms(&ctx),
    )
    .await?;
    Ok(Json(v))
}

/// Stores the current user's choices (kinds not listed keep theirs); `digest_minutes`
/// changes the store's digest interval and needs `settings.manage`.
#[utoipa::path(put, path = "/api/v1/store/alerts/preferences", extensions(("x-permission" = json!(null))), tag = "alerts", security(("bearer" = [])), request_body = AlertPreferencesIn,
    responses((status = 200, body = AlertPreferences), ProblemForbidden, ProblemInvalid))]
pub async fn put_preferences(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(body): ApiJson<AlertPreferencesIn>,
) -> Result<Json<AlertPreferences>, ApiError> {
    person(&ctx)?;
    let choices = parse_choices(&body.alerts).map_err(AlertError::from)?;
    if let Some(m) = body.digest_minutes {
        ctx.require(orion_tenancy::permissions::SETTINGS_MANAGE)?;
        if !(MIN_MINUTES..=MAX_MINUTES).contains(&m) {
            return Err(AlertError::from(Invalid::field(
                "digest_minutes",
                format!("must be between {MIN_MINUTES} and {MAX_MINUTES}"),
            ))
            .into());
        }
    }
    let tx = state.db.begin_write().await.map_err(AlertError::from)?;
    prefs::set(&tx, ctx.store_id(), ctx.principal.user_id, &choices).await?;
    if let Some(m) = body.digest_minutes {
        digest::set_minutes(&tx, ctx.store_id(), m).await?;
    }
    tx.commit().await.map_err(AlertError::from)?;
    get_preferences(State(state), ctx).await
}
