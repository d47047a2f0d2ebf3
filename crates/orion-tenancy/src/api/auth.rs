//! `/api/v1/auth`: login, logout, who am I, invitation acceptance.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orion_kernel::MemberId;
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::auth::{ClientIp, TokenKind};
use orion_web::problem::responses::{
    ProblemConflict, ProblemInvalid, ProblemNotFound, ProblemUnauthorized,
};
use orion_web::{ApiJson, ApiPrincipal, AppState};

use super::dto::*;
use crate::service::{auth as svc, team};

fn user_out(u: &crate::entity::user::Model) -> UserOut {
    UserOut {
        id: u.id.into(),
        email: u.email.clone(),
        name: u.name.clone(),
        is_platform_admin: u.is_platform_admin,
        language: u.language.clone(),
    }
}

/// Log in and receive a bearer token.
///
/// With `store_code` the token is bound to that store and opens `/api/v1/store/...`; without
/// it, it opens `/api/v1/admin/...` (platform admins) and `/api/v1/merchant/...` (merchant owners).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginBody,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of that store", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<TokenResponse>, ApiError> {
    let t = svc::login(
        &state,
        svc::LoginRequest {
            email: &body.email,
            password: &body.password,
            store_code: body.store_code.as_deref(),
            ip: &ip,
            kind: TokenKind::Api,
            csrf_token: None,
        },
    )
    .await?;
    Ok(Json(TokenResponse {
        access_token: t.token,
        token_type: "bearer",
        expires_in: t.expires_in,
        user: user_out(&t.user),
        store: t.store.map(Into::into),
    }))
}

/// Revoke the presented token.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Token revoked"), ProblemUnauthorized))]
pub async fn logout(
    State(state): State<AppState>,
    ApiPrincipal(p): ApiPrincipal,
) -> Result<StatusCode, ApiError> {
    svc::revoke(&state, p.token_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller: user, bound store, role and permissions.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeResponse), ProblemUnauthorized))]
pub async fn me(
    State(state): State<AppState>,
    ApiPrincipal(p): ApiPrincipal,
) -> Result<Json<MeResponse>, ApiError> {
    let store = match &p.store {
        Some(s) => crate::service::admin::stores_of(state.db.conn(), &[s.merchant_id.0])
            .await?
            .into_iter()
            .find(|x| x.id == s.store_id.0)
            .map(Into::into),
        None => None,
    };
    Ok(Json(MeResponse {
        user: UserOut {
            id: p.user_id,
            email: p.email.clone(),
            name: p.name.clone(),
            is_platform_admin: p.is_platform_admin,
            language: p.language.clone(),
        },
        store,
        role: p.store.as_ref().map(|s| s.role.clone()),
        permissions: p
            .store
            .as_ref()
            .map(|s| s.permissions.iter().cloned().collect())
            .unwrap_or_default(),
        owned_merchants: p.owned_merchants.clone(),
    }))
}

/// Change the caller's own settings: the back office's language.
#[utoipa::path(patch, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), request_body = MePatch,
    responses((status = 200, body = UserOut), ProblemUnauthorized, ProblemInvalid))]
pub async fn update_me(
    State(state): State<AppState>,
    ApiPrincipal(p): ApiPrincipal,
    ApiJson(b): ApiJson<MePatch>,
) -> Result<Json<UserOut>, ApiError> {
    let lang = match b.language.as_deref() {
        None => None,
        Some(l) => Some(
            orion_kernel::Lang::parse(l)
                .filter(|_| l.len() == 2)
                .ok_or_else(|| ApiError::field("language", "must be en, fr or de"))?,
        ),
    };
    let u = crate::service::profile::set_language(state.db.conn(), p.user_id, lang).await?;
    Ok(Json(user_out(&u)))
}

/// Change the caller's password. Every other token and session of the user is revoked;
/// the token that made the change stays valid.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", security(("bearer" = [])), request_body = ChangePasswordBody,
    responses((status = 204, description = "Password changed, other sessions signed out"), ProblemUnauthorized, ProblemInvalid))]
pub async fn change_password(
    State(state): State<AppState>,
    ApiPrincipal(p): ApiPrincipal,
    ApiJson(b): ApiJson<ChangePasswordBody>,
) -> Result<StatusCode, ApiError> {
    svc::change_password(
        &state,
        p.user_id,
        p.token_id,
        &b.current_password,
        &b.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an invitation token grants (no authentication: the token is the credential).
#[utoipa::path(get, path = "/api/v1/auth/invitations/{token}", tag = "auth",
    params(("token" = String, Path, description = "Invitation token")),
    responses((status = 200, body = InvitationPeek), ProblemNotFound))]
pub async fn get_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<InvitationPeek>, ApiError> {
    let v = team::lookup(&state, &token).await?;
    Ok(Json(InvitationPeek {
        email: v.invitation.email,
        role: v.role,
        store_code: v.store.code,
        store_name: v.store.name,
        expires_at: v.invitation.expires_at,
        user_exists: v.user_exists,
    }))
}

/// Accept an invitation. A new user sets a password; an existing user just joins the store.
#[utoipa::path(post, path = "/api/v1/auth/invitations/{token}/accept", tag = "auth", request_body = AcceptBody,
    params(("token" = String, Path, description = "Invitation token")),
    responses(
        (status = 200, body = AcceptResponse),
        (status = 404, description = "Unknown, used or expired token", body = Problem, content_type = "application/problem+json"),
        ProblemConflict,
        ProblemInvalid,
    ))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<AcceptResponse>, ApiError> {
    // The body is optional: an existing user accepts with no body at all.
    let body: AcceptBody = if body.iter().all(u8::is_ascii_whitespace) {
        AcceptBody::default()
    } else {
        orion_web::json::parse(&body)?
    };
    let a = team::accept(&state, &token, body.password.as_deref()).await?;
    Ok(Json(AcceptResponse {
        user: user_out(&a.user),
        store: a.store.into(),
        member_id: MemberId(a.member.id),
        created_user: a.created_user,
    }))
}
