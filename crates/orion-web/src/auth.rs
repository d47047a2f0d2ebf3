//! Who is calling. A bearer token (API) or the session cookie (web UI) is resolved into a
//! [`Principal`]; handlers then take the extractor that matches the part of the API they
//! serve and declare the permission they need with [`StoreCtx::require`]. Store scoping always
//! comes from the token, never from an id the client sends.

use std::collections::BTreeSet;

use crate::problem::ApiError;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use orion_kernel::{MemberId, MerchantId, StoreId, UserId};

use crate::state::AppState;

pub const SESSION_COOKIE: &str = "orion_session";

/// How the caller presented its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Api,
    Web,
}

/// The store a token is bound to, with the caller's role in it.
#[derive(Debug, Clone)]
pub struct StoreScope {
    pub store_id: StoreId,
    pub code: String,
    pub name: String,
    /// ISO country of the store (its seller country for VAT).
    pub country: String,
    pub merchant_id: MerchantId,
    pub member_id: MemberId,
    pub role: String,
    pub permissions: BTreeSet<String>,
    /// IANA time zone the store shows times in (Europe/Luxembourg by default).
    pub timezone: String,
}

impl StoreScope {
    /// The store reference the services take.
    pub fn store_ref(&self) -> orion_kernel::StoreRef {
        orion_kernel::StoreRef {
            id: self.store_id,
            merchant: self.merchant_id,
            code: self.code.clone(),
            country: self.country.clone(),
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub token_id: i64,
    pub kind: TokenKind,
    pub user_id: UserId,
    pub email: String,
    pub name: Option<String>,
    /// The user's chosen language (`en`, `fr`, `de`), if they chose one.
    pub language: Option<String>,
    pub is_platform_admin: bool,
    /// Merchants this user owns.
    pub owned_merchants: Vec<MerchantId>,
    pub store: Option<StoreScope>,
    /// CSRF token of a web session.
    pub csrf_token: Option<String>,
    /// Change counters of the global key and of the token's store, read with the token
    /// (before anything the request reads): handlers check their caches against them.
    pub counters: orion_db::changes::Counters,
    /// The store API key the request authenticated with (`Authorization: Bearer orion_sk_…`),
    /// if it did. Such a principal reaches store endpoints only, with the key's scopes as
    /// its permissions.
    pub api_key: Option<ApiKeyRef>,
}

/// A store API key, as the request that presented it sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRef {
    pub id: i64,
    pub name: String,
}

/// The prefix of every store API key's secret (recognisable by secret scanners).
pub const API_KEY_PREFIX: &str = "orion_sk_";

impl Principal {
    pub fn can(&self, permission: &str) -> bool {
        self.store
            .as_ref()
            .is_some_and(|s| s.permissions.contains(permission))
    }
}

/// The bearer token of the request, if any.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    bearer_token_of(&parts.headers)
}

/// The bearer token among `headers`, if any.
pub fn bearer_token_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// The session cookie of the request, if any.
pub fn session_cookie(parts: &Parts) -> Option<String> {
    cookie_value(parts, SESSION_COOKIE)
}

pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    cookie_in(&parts.headers, name)
}

/// The value of cookie `name` among `headers`, if any.
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse_encoded(v.to_owned()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Any authenticated API caller (bearer token).
#[derive(Debug, Clone)]
pub struct ApiPrincipal(pub Principal);

impl FromRequestParts<AppState> for ApiPrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let p = authenticate(parts, state).await?;
        if p.api_key.is_some() {
            return Err(ApiError::forbidden(
                "API keys reach store endpoints only (/api/v1/store/…)",
            ));
        }
        Ok(ApiPrincipal(p))
    }
}

/// The principal of the request's bearer token (an access token or a store API key),
/// resolved once per request.
pub async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Principal, ApiError> {
    if let Some(p) = parts.extensions.get::<Principal>() {
        return Ok(p.clone());
    }
    let token = bearer_token(parts)
        .ok_or_else(|| {
            ApiError::unauthorized("Send an access token: Authorization: Bearer <token>")
        })?
        .to_owned();
    let principal = state
        .auth
        .resolve(state, &token)
        .await?
        .filter(|p| p.kind == TokenKind::Api)
        .ok_or_else(|| ApiError::unauthorized("The access token is invalid, expired or revoked"))?;
    parts.extensions.insert(principal.clone());
    Ok(principal)
}

/// A caller whose token is bound to a store: the context of every `/api/v1/store/...` handler.
#[derive(Debug, Clone)]
pub struct StoreCtx {
    pub principal: Principal,
    pub store: StoreScope,
}

impl StoreCtx {
    pub fn store_id(&self) -> StoreId {
        self.store.store_id
    }

    /// The store's change counter `scope` as read with the token (see `orion_db::changes`).
    pub fn counter(&self, scope: &str) -> i64 {
        self.principal.counters.get(scope, self.store.store_id.0)
    }

    /// Refuses with 403 unless the caller's role grants `permission`.
    pub fn require(&self, permission: &str) -> Result<(), ApiError> {
        if self.store.permissions.contains(permission) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "Your role '{}' lacks the permission '{permission}'",
                self.store.role
            ))
            .with_extension("permission", permission))
        }
    }
}

impl FromRequestParts<AppState> for StoreCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = authenticate(parts, state).await?;
        let store = principal.store.clone().ok_or_else(|| {
            ApiError::forbidden("This token is not bound to a store; log in with a store_code")
        })?;
        let ctx = StoreCtx { principal, store };
        // The permission the operation documents (`x-permission`), checked before anything
        // else of the request (path ids, query, body) is read: a role without it learns
        // nothing else. Handlers still name it too.
        if let Some(path) = parts.extensions.get::<axum::extract::MatchedPath>()
            && let Some(crate::grants::Needs::Permission(p)) =
                state.grants.needs(parts.method.as_str(), path.as_str())
        {
            ctx.require(p)?;
        }
        Ok(ctx)
    }
}

/// A platform admin with a token not bound to a store.
#[derive(Debug, Clone)]
pub struct AdminCtx(pub Principal);

impl FromRequestParts<AppState> for AdminCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ApiPrincipal(p) = ApiPrincipal::from_request_parts(parts, state).await?;
        if p.is_platform_admin && p.store.is_none() {
            Ok(AdminCtx(p))
        } else {
            Err(ApiError::forbidden(
                "Platform administrators only (log in without a store_code)",
            ))
        }
    }
}

/// A merchant owner with a token not bound to a store.
#[derive(Debug, Clone)]
pub struct MerchantCtx(pub Principal);

impl MerchantCtx {
    pub fn owns(&self, merchant: MerchantId) -> bool {
        self.0.owned_merchants.contains(&merchant)
    }
}

impl FromRequestParts<AppState> for MerchantCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ApiPrincipal(p) = ApiPrincipal::from_request_parts(parts, state).await?;
        if !p.owned_merchants.is_empty() && p.store.is_none() {
            Ok(MerchantCtx(p))
        } else {
            Err(ApiError::forbidden(
                "Merchant owners only (log in without a store_code)",
            ))
        }
    }
}

/// The peer address of the request (`unknown` when the server runs without connect info).
/// Proxy headers are not trusted: behind a load balancer, throttling is per proxy address.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientIp(ip))
    }
}
