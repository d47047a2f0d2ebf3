//! `/api/v1/store`: the store bound to the token, its team and roles.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orion_kernel::InvitationId;
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::problem::responses::{
    ProblemConflict, ProblemForbidden, ProblemInvalid, ProblemNotFound, ProblemUnauthorized,
};
use orion_web::{ApiJson, AppState, StoreCtx};

use super::dto::*;
use crate::permissions as perm;
use crate::service::{admin, roles, team};

/// The store the token is bound to.
#[utoipa::path(get, path = "/api/v1/store", extensions(("x-permission" = json!(perm::STORE_VIEW))), tag = "store", security(("bearer" = [])),
    responses((status = 200, body = StoreOut), ProblemUnauthorized,
        ProblemForbidden))]
pub async fn current_store(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<StoreOut>, ApiError> {
    ctx.require(perm::STORE_VIEW)?;
    let s = admin::stores_of(state.db.conn(), &[ctx.store.merchant_id.0])
        .await?
        .into_iter()
        .find(|s| s.id == ctx.store_id().0)
        .ok_or_else(|| ApiError::not_found("Store"))?;
    Ok(Json(s.into()))
}

/// Change the store's name, default language or time zone.
#[utoipa::path(patch, path = "/api/v1/store", extensions(("x-permission" = json!(perm::SETTINGS_MANAGE))), tag = "store", security(("bearer" = [])), request_body = crate::service::profile::StorePatch,
    responses((status = 200, body = StoreOut), ProblemUnauthorized, ProblemForbidden, ProblemInvalid))]
pub async fn update_store(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<crate::service::profile::StorePatch>,
) -> Result<Json<StoreOut>, ApiError> {
    ctx.require(perm::SETTINGS_MANAGE)?;
    let s = crate::service::profile::update_store(state.db.conn(), ctx.store_id(), &b).await?;
    Ok(Json(s.into()))
}

/// Members of the store.
#[utoipa::path(get, path = "/api/v1/store/team", extensions(("x-permission" = json!(perm::TEAM_VIEW))), tag = "team", security(("bearer" = [])),
    responses((status = 200, body = TeamResponse), ProblemForbidden))]
pub async fn list_team(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<TeamResponse>, ApiError> {
    ctx.require(perm::TEAM_VIEW)?;
    let items: Vec<MemberOut> = team::list(state.db.conn(), ctx.store_id())
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(TeamResponse {
        total: items.len() as u64,
        items,
    }))
}

/// Change a member's role. Only owners grant or take the owner role; the last owner stays.
#[utoipa::path(patch, path = "/api/v1/store/team/{member_id}", extensions(("x-permission" = json!(perm::TEAM_MANAGE))), tag = "team", security(("bearer" = [])),
    params(("member_id" = i64, Path)), request_body = UpdateMemberBody,
    responses((status = 200, body = MemberOut), ProblemNotFound,
        (status = 409, description = "Last owner", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn update_member(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UpdateMemberBody>,
) -> Result<Json<MemberOut>, ApiError> {
    ctx.require(perm::TEAM_MANAGE)?;
    Ok(Json(
        team::change_role(&state, &ctx.store, id, &b.role)
            .await?
            .into(),
    ))
}

/// Remove a member from the store (the last owner cannot be removed).
#[utoipa::path(delete, path = "/api/v1/store/team/{member_id}", extensions(("x-permission" = json!(perm::TEAM_MANAGE))), tag = "team", security(("bearer" = [])),
    params(("member_id" = i64, Path)),
    responses((status = 204, description = "Removed"), ProblemNotFound,
        ProblemConflict))]
pub async fn remove_member(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    ctx.require(perm::TEAM_MANAGE)?;
    team::remove(&state, &ctx.store, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite someone by e-mail with a role. The response carries the accept URL to send them.
#[utoipa::path(post, path = "/api/v1/store/team/invitations", extensions(("x-permission" = json!(perm::TEAM_MANAGE))), tag = "team", security(("bearer" = [])), request_body = InviteBody,
    responses((status = 201, body = InvitationOut), ProblemForbidden,
        ProblemConflict, ProblemInvalid))]
pub async fn create_invitation(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<InvitationOut>), ApiError> {
    ctx.require(perm::TEAM_MANAGE)?;
    let c = team::invite(
        &state,
        &ctx.store,
        ctx.principal.user_id.0,
        &b.email,
        &b.role,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationOut {
            id: InvitationId(c.invitation.id),
            email: c.invitation.email,
            role: c.role.name,
            expires_at: c.invitation.expires_at,
            created_at: c.invitation.created_at,
            accept_url: Some(c.accept_url),
            token: Some(c.token),
        }),
    ))
}

/// Pending invitations.
#[utoipa::path(get, path = "/api/v1/store/team/invitations", extensions(("x-permission" = json!(perm::TEAM_VIEW))), tag = "team", security(("bearer" = [])),
    responses((status = 200, body = Vec<InvitationOut>), ProblemForbidden))]
pub async fn list_invitations(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<InvitationOut>>, ApiError> {
    ctx.require(perm::TEAM_VIEW)?;
    let items = team::pending(state.db.conn(), ctx.store_id())
        .await?
        .into_iter()
        .map(|(i, role)| InvitationOut {
            id: InvitationId(i.id),
            email: i.email,
            role,
            expires_at: i.expires_at,
            created_at: i.created_at,
            accept_url: None,
            token: None,
        })
        .collect();
    Ok(Json(items))
}

/// Roles of the store.
#[utoipa::path(get, path = "/api/v1/store/roles", extensions(("x-permission" = json!(perm::TEAM_VIEW))), tag = "roles", security(("bearer" = [])),
    responses((status = 200, body = Vec<RoleOut>), ProblemForbidden))]
pub async fn list_roles(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<RoleOut>>, ApiError> {
    ctx.require(perm::TEAM_VIEW)?;
    Ok(Json(
        roles::list(state.db.conn(), ctx.store_id())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Create a custom role (owners only).
#[utoipa::path(post, path = "/api/v1/store/roles", extensions(("x-permission" = json!(perm::ROLES_MANAGE))), tag = "roles", security(("bearer" = [])), request_body = CreateRoleBody,
    responses((status = 201, body = RoleOut), ProblemForbidden,
        ProblemConflict, ProblemInvalid))]
pub async fn create_role(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<CreateRoleBody>,
) -> Result<(StatusCode, Json<RoleOut>), ApiError> {
    ctx.require(perm::ROLES_MANAGE)?;
    let r = roles::create(state.db.conn(), &ctx.store, &b.name, &b.permissions).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// Rename a custom role or change its permissions.
#[utoipa::path(patch, path = "/api/v1/store/roles/{role_id}", extensions(("x-permission" = json!(perm::ROLES_MANAGE))), tag = "roles", security(("bearer" = [])),
    params(("role_id" = i64, Path)), request_body = UpdateRoleBody,
    responses((status = 200, body = RoleOut), ProblemNotFound,
        (status = 409, description = "Built-in role", body = Problem, content_type = "application/problem+json")))]
pub async fn update_role(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UpdateRoleBody>,
) -> Result<Json<RoleOut>, ApiError> {
    ctx.require(perm::ROLES_MANAGE)?;
    let r = roles::update(
        state.db.conn(),
        &ctx.store,
        id,
        b.name.as_deref(),
        b.permissions.as_deref(),
    )
    .await?;
    Ok(Json(r.into()))
}

/// Delete a custom role that no member holds.
#[utoipa::path(delete, path = "/api/v1/store/roles/{role_id}", extensions(("x-permission" = json!(perm::ROLES_MANAGE))), tag = "roles", security(("bearer" = [])),
    params(("role_id" = i64, Path)),
    responses((status = 204, description = "Deleted"), ProblemNotFound,
        ProblemConflict))]
pub async fn delete_role(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    ctx.require(perm::ROLES_MANAGE)?;
    roles::delete(state.db.conn(), ctx.store_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
