//! `/api/v1/store/api-keys`: the store's API keys. The secret comes back once, at creation.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound, ProblemUnauthorized,
};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::permissions as perm;
use crate::service::api_keys::{self, KeyView, NewKey};

/// A new key: a name to recognise it by, the permissions it may use (out of yours), and an
/// optional expiry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyBody {
    pub name: String,
    /// Permission strings, e.g. `orders.view`, `orders.edit`, `products.edit`.
    pub scopes: Vec<String>,
    /// RFC 3339; absent: the key does not expire.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key as listed (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyOut {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    /// The secret's first characters, e.g. `orion_sk_Ab3x`.
    pub prefix: String,
    /// The secret's last four characters.
    pub last_four: String,
    /// `active`, `expired` or `revoked`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Recorded at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// The address the key was last used from.
    pub last_used_from: Option<String>,
}

impl From<KeyView> for ApiKeyOut {
    fn from(v: KeyView) -> Self {
        let status = v.status(Utc::now()).to_owned();
        ApiKeyOut {
            id: v.key.id,
            scopes: v.key.scope_list(),
            name: v.key.name,
            prefix: v.key.prefix,
            last_four: v.key.last_four,
            status,
            created_at: v.key.created_at,
            expires_at: v.key.expires_at,
            revoked_at: v.key.revoked_at,
            last_used_at: v.last_used.as_ref().map(|u| u.last_used_at),
            last_used_from: v.last_used.map(|u| u.last_used_from),
        }
    }
}

/// A key just created: the only response that carries its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKeyOut {
    #[serde(flatten)]
    pub key: ApiKeyOut,
    /// `orion_sk_…`: send it as `Authorization: Bearer <secret>`. Shown this once.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyList {
    pub items: Vec<ApiKeyOut>,
}

/// Create an API key (Business plan: `api_keys`). Its scopes must be permissions you hold.
#[utoipa::path(post, path = "/api/v1/store/api-keys", extensions(("x-permission" = json!(perm::API_KEYS_MANAGE))), tag = "api-keys", security(("bearer" = [])),
    request_body = CreateApiKeyBody,
    responses((status = 201, body = CreatedApiKeyOut), ProblemUnauthorized, ProblemForbidden, ProblemConflict, ProblemInvalid))]
pub async fn create_key(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<CreateApiKeyBody>,
) -> Result<(StatusCode, Json<CreatedApiKeyOut>), ApiError> {
    ctx.require(perm::API_KEYS_MANAGE)?;
    let created = api_keys::create(
        state.db.conn(),
        &state.settings.secret_key,
        &ctx.store,
        ctx.principal.user_id,
        NewKey {
            name: b.name,
            scopes: b.scopes,
            expires_at: b.expires_at,
        },
    )
    .await?;
    let key = KeyView {
        key: created.key,
        last_used: None,
    };
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiKeyOut {
            key: key.into(),
            secret: created.secret,
        }),
    ))
}

/// The store's API keys, newest first (revoked and expired ones too; never a secret).
#[utoipa::path(get, path = "/api/v1/store/api-keys", extensions(("x-permission" = json!(perm::API_KEYS_MANAGE))), tag = "api-keys", security(("bearer" = [])),
    responses((status = 200, body = ApiKeyList), ProblemUnauthorized, ProblemForbidden))]
pub async fn list_keys(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<ApiKeyList>, ApiError> {
    ctx.require(perm::API_KEYS_MANAGE)?;
    let items = api_keys::list(state.db.conn(), ctx.store_id())
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(ApiKeyList { items }))
}

/// Revoke an API key: every instance refuses it from the next request on.
#[utoipa::path(delete, path = "/api/v1/store/api-keys/{api_key_id}", extensions(("x-permission" = json!(perm::API_KEYS_MANAGE))), tag = "api-keys", security(("bearer" = [])),
    params(("api_key_id" = i64, Path)),
    responses((status = 204, description = "Revoked"), ProblemUnauthorized, ProblemForbidden, ProblemNotFound))]
pub async fn revoke_key(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    ctx.require(perm::API_KEYS_MANAGE)?;
    api_keys::revoke(state.db.conn(), ctx.store_id(), id, ctx.principal.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
