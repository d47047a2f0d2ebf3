//! Password reset pages: "Forgot your password?" from the login page leads to a form asking
//! for the address, then to a "check your mailbox" page (the same whatever the address); the
//! e-mailed link (`/password-reset?token=…`, or `/password-reset/<token>`) opens a form for
//! the new password, which signs nobody in: it sends to the login page with a notice.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use orion_kernel::FieldError;
use orion_web::auth::ClientIp;
use orion_web::pages::{LOGIN_CSRF_COOKIE, PageError, PageSession, cookie_header, html};
use orion_web::{AppState, i18n};
use serde::Deserialize;
use serde_json::json;

use crate::error::TenancyError;
use crate::service::password_reset as svc;

/// Which form the page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The address form.
    Ask,
    /// "Check your mailbox".
    Sent,
    /// The new-password form of a link.
    Choose,
}

/// What one render of the page shows.
struct View<'a> {
    step: Step,
    csrf: &'a str,
    email: &'a str,
    token: &'a str,
    errors: Vec<FieldError>,
}

fn render(state: &AppState, v: View<'_>) -> Result<Response, PageError> {
    let lang = i18n::current();
    let (step, title) = match v.step {
        Step::Ask => ("ask", i18n::t(lang, "tenancy-reset-title")),
        Step::Sent => ("sent", i18n::t(lang, "tenancy-reset-sent-title")),
        Step::Choose => ("choose", i18n::t(lang, "tenancy-reset-choose-title")),
    };
    let errors: Vec<_> = v
        .errors
        .iter()
        .map(|e| json!({"field": e.field, "message": e.message}))
        .collect();
    let body = state.templates.render(
        "tenancy/password_reset.html",
        json!({"csrf": v.csrf, "step": step, "email": v.email, "token": v.token,
            "errors": errors, "error": (!v.errors.is_empty()).then(|| i18n::t(lang, "tenancy-reset-form-errors")),
            "page_title": title, "lang": lang.as_str(), "demo": state.settings.demo}),
    )?;
    let mut res = html(body);
    if !v.errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            LOGIN_CSRF_COOKIE,
            v.csrf,
            3600,
            state.settings.secure_cookies(),
        ),
    );
    Ok(res)
}

/// The field errors of a refusal, or the refusal itself when it is not about fields.
fn field_errors(e: TenancyError) -> Result<Vec<FieldError>, PageError> {
    match e {
        TenancyError::Invalid(inv) => Ok(inv.0),
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    token: Option<String>,
}

/// `GET /password-reset`: the address form, or with `?token=` the new-password form.
pub async fn reset_form(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let csrf = super::login::login_csrf(&headers, session.as_ref().ok());
    let token = q.token.unwrap_or_default();
    let step = if token.is_empty() {
        Step::Ask
    } else {
        Step::Choose
    };
    render(
        &state,
        View {
            step,
            csrf: &csrf,
            email: "",
            token: &token,
            errors: Vec::new(),
        },
    )
}

/// `GET /password-reset/{token}`: the new-password form.
pub async fn reset_link(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let csrf = super::login::login_csrf(&headers, session.as_ref().ok());
    render(
        &state,
        View {
            step: Step::Choose,
            csrf: &csrf,
            email: "",
            token: &token,
            errors: Vec::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    email: String,
    csrf_token: String,
}

/// `POST /password-reset`: asks for the link, then "check your mailbox".
pub async fn reset_ask(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<AskForm>,
) -> Result<Response, PageError> {
    match svc::request(&state, &f.email, &ip).await {
        Ok(()) => Ok(Redirect::to("/password-reset/sent").into_response()),
        Err(e) => render(
            &state,
            View {
                step: Step::Ask,
                csrf: &f.csrf_token,
                email: &f.email,
                token: "",
                errors: field_errors(e)?,
            },
        ),
    }
}

/// `GET /password-reset/sent`: "check your mailbox".
pub async fn reset_sent(
    State(state): State<AppState>,
    session: Result<PageSession, Response>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let csrf = super::login::login_csrf(&headers, session.as_ref().ok());
    render(
        &state,
        View {
            step: Step::Sent,
            csrf: &csrf,
            email: "",
            token: "",
            errors: Vec::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    csrf_token: String,
}

/// `POST /password-reset/confirm`: sets the password, then the login page with a notice.
pub async fn reset_confirm(
    State(state): State<AppState>,
    Form(f): Form<ChooseForm>,
) -> Result<Response, PageError> {
    match svc::confirm(&state, &f.token, &f.password).await {
        Ok(()) => {
            let q = serde_urlencoded::to_string([(
                "notice",
                i18n::t(i18n::current(), "tenancy-reset-done"),
            )])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/login?{q}")).into_response())
        }
        Err(e) => render(
            &state,
            View {
                step: Step::Choose,
                csrf: &f.csrf_token,
                email: "",
                token: &f.token,
                errors: field_errors(e)?,
            },
        ),
    }
}
