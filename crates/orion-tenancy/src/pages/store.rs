//! Store pages: dashboard placeholder and team management.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use orion_web::pages::{PageError, PageSession, back_with_error, html};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::json;

use super::layout::{layout, with};
use crate::permissions as perm;
use crate::service::{roles, team};

fn store_of(session: &PageSession) -> Result<&StoreScope, PageError> {
    session.0.store.as_ref().ok_or_else(|| {
        PageError::new(
            axum::http::StatusCode::NOT_FOUND,
            "You are not working in a store yet. Ask a store owner for an invitation.",
        )
    })
}

fn require(scope: &StoreScope, p: &str) -> Result<(), PageError> {
    if scope.permissions.contains(p) {
        Ok(())
    } else {
        Err(PageError::forbidden(format!(
            "Your role '{}' lacks the permission '{p}'.",
            scope.role
        )))
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let base = layout(&state, &session, "dashboard").await?;
    let body = state.templates.render(
        "tenancy/dashboard.html",
        with(base, json!({"page_title": "Dashboard"})),
    )?;
    Ok(html(body))
}

#[derive(Deserialize, Default)]
pub struct Notice {
    notice: Option<String>,
    error: Option<String>,
    invite_url: Option<String>,
}

pub async fn team(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::TEAM_VIEW)?;
    let conn = state.db.conn();
    let members: Vec<_> = team::list(conn, scope.store_id)
        .await?
        .into_iter()
        .map(|t| json!({"id": t.member.id, "email": t.user.email, "name": t.user.name, "role": t.role.name, "joined": t.member.created_at.format("%Y-%m-%d").to_string(), "is_me": t.user.id == session.0.user_id.0}))
        .collect();
    let pending: Vec<_> = team::pending(conn, scope.store_id)
        .await?
        .into_iter()
        .map(|(i, role)| json!({"email": i.email, "role": role, "expires": i.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()}))
        .collect();
    let role_names: Vec<String> = roles::list(conn, scope.store_id)
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect();
    let seats = team::seats_taken(conn, scope.store_id).await?;
    let plan = crate::plan::plan()?
        .seats(conn, scope.merchant_id, seats)
        .await
        .map_err(crate::TenancyError::Plan)?;
    let full = plan.limit.is_some_and(|l| seats as i64 >= l);
    let base = layout(&state, &session, "team").await?;
    let body = state.templates.render(
        "tenancy/team.html",
        with(
            base,
            json!({
                "page_title": "Team", "members": members, "pending": pending, "roles": role_names,
                "can_manage": scope.permissions.contains(perm::TEAM_MANAGE), "is_owner": scope.role == perm::OWNER,
                "notice": q.notice, "error": q.error, "invite_url": q.invite_url,
                "seats": seats, "seat_limit": plan.limit, "team_full": full, "upgrade_to": plan.upgrade_to, "tier": plan.plan_name,
            }),
        ),
    )?;
    Ok(html(body))
}

fn back(key: &str, msg: &str) -> Response {
    orion_web::pages::redirect_with("/team", key, msg)
}

#[derive(Deserialize)]
pub struct InviteForm {
    email: String,
    role: String,
}

pub async fn invite(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<InviteForm>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::TEAM_MANAGE)?;
    match team::invite(&state, scope, session.0.user_id.0, &f.email, &f.role).await {
        Ok(c) => {
            let q = serde_urlencoded::to_string([
                (
                    "notice",
                    format!(
                        "Invitation created for {}. Send them this link:",
                        c.invitation.email
                    ),
                ),
                ("invite_url", c.accept_url),
            ])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/team?{q}")).into_response())
        }
        Err(e) => back_with_error("/team", e),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::TEAM_MANAGE)?;
    match team::change_role(&state, scope, id, &f.role).await {
        Ok(t) => Ok(back(
            "notice",
            &format!("{} is now {}.", t.user.email, t.role.name),
        )),
        Err(e) => back_with_error("/team", e),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let scope = store_of(&session)?;
    require(scope, perm::TEAM_MANAGE)?;
    match team::remove(&state, scope, id).await {
        Ok(()) => Ok(back("notice", "Member removed.")),
        Err(e) => back_with_error("/team", e),
    }
}
