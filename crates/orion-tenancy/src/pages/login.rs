//! Login, logout, store switching and invitation acceptance pages.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use orion_web::auth::{ClientIp, SESSION_COOKIE, TokenKind, cookie_in};
use orion_web::i18n;
use orion_web::pages::{LOGIN_CSRF_COOKIE, PageError, PageSession, cookie_header, html};
use orion_web::{AppState, token};
use serde::Deserialize;
use serde_json::json;

use crate::service::{admin, auth, team};

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
    notice: Option<String>,
}

/// Only local paths are accepted as a post-login destination (no open redirect).
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .map(str::to_owned)
}

pub async fn home(session: Result<PageSession, Response>) -> Response {
    match session {
        Ok(s) if s.0.store.is_some() => Redirect::to("/dashboard").into_response(),
        Ok(s) if s.0.is_platform_admin => Redirect::to("/admin/merchants").into_response(),
        Ok(_) => Redirect::to("/dashboard").into_response(),
        Err(_) => Redirect::to("/login").into_response(),
    }
}

/// The CSRF token of the login form. The CSRF guard checks a form against the browser's
/// session when it has one, else against the `orion_csrf` cookie; so a signed-in browser gets
/// its session's token, and otherwise the token already in its cookie is kept (a second tab
/// must not invalidate the first). A login gives the new session a fresh token; the guard
/// also accepts the login cookie's token on `/login`, so a login form left open in another
/// tab, or reached again with the back button, still posts after signing in.
pub(super) fn login_csrf(headers: &HeaderMap, session: Option<&PageSession>) -> String {
    session
        .and_then(|s| s.0.csrf_token.clone())
        .or_else(|| cookie_in(headers, LOGIN_CSRF_COOKIE))
        .filter(|c| auth::is_csrf_token(c))
        .unwrap_or_else(|| token::generate(""))
}

fn login_page(
    state: &AppState,
    csrf: &str,
    email: &str,
    error: Option<&str>,
    next: Option<&str>,
    notice: Option<&str>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    // The language links come back to this page, keeping where to go after login.
    let here = match next {
        Some(n) => format!(
            "/login?{}",
            serde_urlencoded::to_string([("next", n)]).unwrap_or_default()
        ),
        None => "/login".to_owned(),
    };
    let body = state.templates.render(
        "tenancy/login.html",
        json!({"csrf": csrf, "email": email, "error": error, "next": next.unwrap_or_default(), "notice": notice, "demo": state.settings.demo,
            "page_title": i18n::t(lang, "tenancy-login-page-title"), "lang": lang.as_str(), "languages": super::layout::languages(), "here": here}),
    )?;
    let mut res = html(body);
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            LOGIN_CSRF_COOKIE,
            csrf,
            3600,
            state.settings.secure_cookies(),
        ),
    );
    Ok(res)
}

pub async fn login_form(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    login_page(
        &state,
        &login_csrf(&headers, session.as_ref().ok()),
        "",
        None,
        safe_next(q.next.as_deref()).as_deref(),
        q.notice.as_deref(),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    store_code: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`, also from a browser that is already signed in (another tab, the back
/// button): the new session replaces the old one, which is revoked.
pub async fn login_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let session = session.ok();
    let next = safe_next(Some(f.next.as_str()));
    let mut store_code = Some(f.store_code.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    // Without a store code, open the first store the user belongs to.
    if store_code.is_none()
        && let Ok(Some(u)) = find_user(&state, &f.email).await
    {
        store_code = admin::memberships(state.db.conn(), u)
            .await?
            .into_iter()
            .next()
            .map(|(s, _)| s.code);
    }
    let result = auth::login(
        &state,
        auth::LoginRequest {
            email: &f.email,
            password: &f.password,
            store_code: store_code.as_deref(),
            ip: &ip,
            kind: TokenKind::Web,
            // A fresh token for the new session (never one the browser held before signing
            // in); the CSRF guard still accepts the login cookie's on `/login`.
            csrf_token: None,
        },
    )
    .await;
    match result {
        Ok(t) => {
            if let Some(old) = &session {
                auth::revoke(&state, old.0.token_id).await?;
            }
            let dest = next.unwrap_or_else(|| {
                if t.store.is_some() {
                    "/dashboard".into()
                } else {
                    "/".into()
                }
            });
            Ok(with_session(
                &state,
                Redirect::to(&dest).into_response(),
                &t.token,
            ))
        }
        Err(e) => {
            let e = orion_web::ApiError::from(e);
            let message = i18n::localize_sentence(i18n::current(), &e.detail);
            let csrf = login_csrf(&headers, session.as_ref());
            let mut res = login_page(
                &state,
                &csrf,
                &f.email,
                Some(&message),
                next.as_deref(),
                None,
            )?;
            *res.status_mut() = e.status();
            Ok(res)
        }
    }
}

async fn find_user(state: &AppState, email: &str) -> Result<Option<i64>, orion_web::ApiError> {
    use crate::entity::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(state.db.conn())
        .await?
        .map(|u| u.id))
}

fn with_session(state: &AppState, mut res: Response, tok: &str) -> Response {
    let secs = state.settings.token_ttl.num_seconds();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(SESSION_COOKIE, tok, secs, state.settings.secure_cookies()),
    );
    res
}

pub async fn logout(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    auth::revoke(&state, session.0.token_id).await?;
    let q =
        serde_urlencoded::to_string([("notice", i18n::t(i18n::current(), "tenancy-logged-out"))])
            .unwrap_or_default();
    let mut res = Redirect::to(&format!("/login?{q}")).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(SESSION_COOKIE, "", 0, state.settings.secure_cookies()),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct SwitchForm {
    store_code: String,
}

/// Rebinds the session to another store of the user: a fresh session replaces the old one.
pub async fn switch_store(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<SwitchForm>,
) -> Result<Response, PageError> {
    let code = f.store_code.trim().to_ascii_uppercase();
    let target = admin::memberships(state.db.conn(), session.0.user_id.0)
        .await?
        .into_iter()
        .find(|(s, _)| s.code == code)
        .map(|(s, _)| s)
        .ok_or_else(PageError::not_found)?;
    let user = user_model(&state, session.0.user_id.0).await?;
    let t = auth::session_for(&state, &user, Some(target), session.0.csrf_token.as_deref()).await?;
    auth::revoke(&state, session.0.token_id).await?;
    Ok(with_session(
        &state,
        Redirect::to("/dashboard").into_response(),
        &t.token,
    ))
}

async fn user_model(state: &AppState, id: i64) -> Result<crate::entity::user::Model, PageError> {
    use sea_orm::EntityTrait;
    crate::entity::user::Entity::find_by_id(id)
        .one(state.db.conn())
        .await?
        .ok_or_else(PageError::not_found)
}

pub async fn invitation_form(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Path(tok): Path<String>,
) -> Result<Response, PageError> {
    // The same token as the login form (see `login_csrf`): opening an invitation must not
    // invalidate an open login form, and a signed-in browser posts with its session's token.
    let csrf = login_csrf(&headers, session.as_ref().ok());
    invitation_page(&state, &csrf, &tok, None).await
}

async fn invitation_page(
    state: &AppState,
    csrf: &str,
    tok: &str,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let v = team::lookup(state, tok).await?;
    let lang = i18n::current();
    let body = state.templates.render(
        "tenancy/invitation.html",
        json!({
            "csrf": csrf, "error": error, "token": tok, "email": v.invitation.email,
            "role_label": super::role_label(lang, &v.role), "role": v.role,
            "store": {"code": v.store.code, "name": v.store.name}, "user_exists": v.user_exists,
            "demo": state.settings.demo, "page_title": i18n::t(lang, "tenancy-invitation-page-title"),
            "lang": lang.as_str(),
        }),
    )?;
    let mut res = html(body);
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            LOGIN_CSRF_COOKIE,
            csrf,
            3600,
            state.settings.secure_cookies(),
        ),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    password: String,
}

pub async fn invitation_accept(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Path(tok): Path<String>,
    Form(f): Form<AcceptForm>,
) -> Result<Response, PageError> {
    let password = Some(f.password.as_str()).filter(|p| !p.is_empty());
    match team::accept(&state, &tok, password).await {
        // Only a user who just chose a password is signed in; an existing account must
        // still prove it knows its password (the token alone is not a credential for it).
        Ok(a) if a.created_user => {
            let t = auth::session_for(&state, &a.user, Some(a.store), None).await?;
            Ok(with_session(
                &state,
                Redirect::to("/dashboard").into_response(),
                &t.token,
            ))
        }
        Ok(a) => {
            let q = serde_urlencoded::to_string([(
                "notice",
                i18n::tr(
                    i18n::current(),
                    "tenancy-invitation-joined",
                    &[("store", a.store.name.clone().into())],
                ),
            )])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/login?{q}")).into_response())
        }
        Err(e) => {
            let e = orion_web::ApiError::from(e);
            if e.status().is_client_error() && e.kind != orion_web::ProblemKind::NotFound {
                let message = i18n::localize_sentence(i18n::current(), &e.detail);
                let csrf = login_csrf(&headers, session.as_ref().ok());
                let mut res = invitation_page(&state, &csrf, &tok, Some(&message)).await?;
                *res.status_mut() = e.status();
                Ok(res)
            } else {
                Err(e.into())
            }
        }
    }
}
