//! Store pages: dashboard placeholder and team management.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::json;

use super::layout::{layout, with};
use super::{permission_label, role_label};
use crate::TenancyError;
use crate::permissions as perm;
use crate::service::{roles, team};

pub(super) fn store_of(session: &PageSession) -> Result<&StoreScope, PageError> {
    session.0.store.as_ref().ok_or_else(|| {
        PageError::new(
            axum::http::StatusCode::NOT_FOUND,
            i18n::t(i18n::current(), "tenancy-no-store"),
        )
    })
}

pub(super) fn require(scope: &StoreScope, p: &str) -> Result<(), PageError> {
    if scope.permissions.contains(p) {
        Ok(())
    } else {
        let lang = i18n::current();
        Err(PageError::forbidden(i18n::tr(
            lang,
            "error-forbidden-permission",
            &[
                ("role", role_label(lang, &scope.role).into()),
                ("permission", permission_label(lang, p).into()),
            ],
        )))
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let base = layout(&state, &session, "dashboard").await?;
    let store = session.0.store.as_ref();
    // In the order of the catalogue of permissions, as people read them.
    let permissions: Vec<String> = crate::permissions::ALL
        .iter()
        .filter(|p| store.is_some_and(|s| s.permissions.contains(**p)))
        .map(|p| permission_label(lang, p))
        .collect();
    // The getting-started checklist: each module's set-up step, ticked when it is done.
    let setup = match store {
        Some(s) => orion_web::setup_steps::checklist(state.db.conn(), s.store_id).await?,
        None => Vec::new(),
    };
    let setup_done = setup.iter().filter(|s| s.done).count();
    // The figures other modules add (reporting), for those who may read them.
    // What needs doing (for those who work on orders), then the figures (for those who may
    // read them).
    let mut panels = Vec::new();
    if let Some(s) = store {
        if s.permissions.contains("orders.view") {
            panels.extend(state.panels("dashboard.today", Some(s.store_id), 0).await?);
        }
        if s.permissions.contains("reports.view") {
            panels.extend(state.panels("dashboard", Some(s.store_id), 0).await?);
        }
    }
    let body = state.templates.render(
        "tenancy/dashboard.html",
        with(
            base,
            json!({
                "page_title": i18n::t(lang, "tenancy-dashboard-title"),
                "role_label": store.map(|s| role_label(lang, &s.role)),
                "permissions": permissions,
                "setup": setup,
                "setup_done": setup_done,
                "panels": panels,
            }),
        ),
    )?;
    Ok(html(body))
}

#[derive(Deserialize, Default)]
pub struct Notice {
    pub(super) notice: Option<String>,
    pub(super) error: Option<String>,
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
    let lang = i18n::current();
    let members: Vec<_> = team::list(conn, scope.store_id)
        .await?
        .into_iter()
        .map(|t| json!({"id": t.member.id, "email": t.user.email, "name": t.user.name, "role": t.role.name, "role_label": role_label(lang, &t.role.name),
            "joined": t.member.created_at.to_rfc3339(), "is_me": t.user.id == session.0.user_id.0}))
        .collect();
    let pending: Vec<_> = team::pending(conn, scope.store_id)
        .await?
        .into_iter()
        .map(|(i, role)| json!({"email": i.email, "role_label": role_label(lang, &role), "role": role, "expires": i.expires_at.to_rfc3339()}))
        .collect();
    let store_roles = roles::list(conn, scope.store_id).await?;
    let role_names: Vec<_> = store_roles
        .iter()
        .map(|r| json!({"name": r.name, "label": role_label(lang, &r.name)}))
        .collect();
    let grants = who_can_do_what(&state, lang, &store_roles);
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
                "page_title": i18n::t(lang, "tenancy-team-page-title"), "members": members, "pending": pending, "roles": role_names,
                "can_manage": scope.permissions.contains(perm::TEAM_MANAGE), "is_owner": scope.role == perm::OWNER,
                "notice": q.notice, "error": q.error, "invite_url": q.invite_url,
                "seats": seats, "seat_limit": plan.limit, "team_full": full, "upgrade_to": plan.upgrade_to, "tier": plan.plan_name,
                "grants": grants.0, "open_to_all": grants.1,
            }),
        ),
    )?;
    Ok(html(body))
}

/// Who can do what: per permission, the store's roles that hold it and the API operations it
/// opens (read from the OpenAPI document's `x-permission`, the source the API enforces), then
/// the operations open to every member.
fn who_can_do_what(
    state: &AppState,
    lang: orion_kernel::Lang,
    store_roles: &[crate::entity::role::Model],
) -> (Vec<serde_json::Value>, Vec<String>) {
    let held: Vec<(String, std::collections::BTreeSet<String>)> = store_roles
        .iter()
        .map(|r| {
            (
                role_label(lang, &r.name),
                crate::service::auth::permissions_of(r),
            )
        })
        .collect();
    let rows = perm::ALL
        .iter()
        .map(|p| {
            let roles: Vec<&str> = held
                .iter()
                .filter(|(_, ps)| ps.contains(*p))
                .map(|(label, _)| label.as_str())
                .collect();
            json!({"code": p, "label": permission_label(lang, p), "roles": roles,
                "operations": state.grants.opened_by(p)})
        })
        .collect();
    (rows, state.grants.open_to_all())
}

fn back(key: &str, msg: &str) -> Response {
    orion_web::pages::redirect_with("/team", key, msg)
}

/// A refused team change, back on the team page in the user's language.
fn team_error(e: TenancyError) -> Result<Response, PageError> {
    let lang = i18n::current();
    match e {
        TenancyError::OwnRoleChanged => Ok(back("error", &i18n::t(lang, "tenancy-team-own-role"))),
        TenancyError::PermissionNotHeld { permission } => Ok(back(
            "error",
            &i18n::tr(
                lang,
                "tenancy-team-permission-not-held",
                &[("permission", permission_label(lang, &permission).into())],
            ),
        )),
        e => back_with_error("/team", e),
    }
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
                    i18n::tr(
                        i18n::current(),
                        "tenancy-team-invited",
                        &[("email", c.invitation.email.clone().into())],
                    ),
                ),
                ("invite_url", c.accept_url),
            ])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/team?{q}")).into_response())
        }
        Err(e) => team_error(e),
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
        Ok(t) => {
            let lang = i18n::current();
            Ok(back(
                "notice",
                &i18n::tr(
                    lang,
                    "tenancy-team-role-changed",
                    &[
                        ("email", t.user.email.clone().into()),
                        ("role", role_label(lang, &t.role.name).into()),
                    ],
                ),
            ))
        }
        Err(e) => team_error(e),
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
        Ok(()) => Ok(back(
            "notice",
            &i18n::t(i18n::current(), "tenancy-team-member-removed"),
        )),
        Err(e) => team_error(e),
    }
}
