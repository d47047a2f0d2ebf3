//! Server-rendered pages: the template registry, the session extractor for pages, HTML error
//! pages, and the CSRF guard that every state-changing form request passes through.

use std::collections::HashMap;

use crate::problem::ApiError;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::Environment;
use serde::Serialize;

use crate::auth::{Principal, TokenKind, cookie_value, session_cookie};
use crate::i18n;
use crate::state::AppState;
use crate::token;

/// Name of the cookie that carries the pre-login CSRF token (double-submit).
pub const LOGIN_CSRF_COOKIE: &str = "orion_csrf";
/// Largest form body the CSRF guard buffers (file uploads included).
const MAX_FORM_BYTES: usize = 64 * 1024 * 1024;

/// The web crate's own templates: the layout every page extends and the error page.
pub fn builtin_templates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("base.html", include_str!("../templates/base.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("macros.html", include_str!("../templates/macros.html")),
    ]
}

/// Every template compiled into the binary, registered by the modules at start-up.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// `sources` are `(name, source)` pairs; the web crate adds its own layout.
    pub fn new(sources: Vec<(&'static str, &'static str)>) -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        crate::i18n::install(&mut env);
        crate::field_errors::install(&mut env);
        for (name, src) in sources {
            env.add_template(name, src)?;
        }
        Ok(Templates { env })
    }

    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<String, minijinja::Error> {
        self.env
            .get_template(name)?
            .render(minijinja::value::Serde(ctx))
    }
}

/// An error on a page: rendered as an HTML page with the right status.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            i18n::t(i18n::current(), "error-not-found"),
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        let e = e.localized();
        Self::new(e.status(), e.detail)
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::from(e).into()
    }
}

impl From<orion_kernel::Invalid> for PageError {
    fn from(e: orion_kernel::Invalid) -> Self {
        ApiError::from(e).into()
    }
}

impl From<orion_kernel::NotFound> for PageError {
    fn from(e: orion_kernel::NotFound) -> Self {
        ApiError::from(e).into()
    }
}

impl From<minijinja::Error> for PageError {
    fn from(e: minijinja::Error) -> Self {
        tracing::error!(error = %e, "template error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            i18n::t(i18n::current(), "error-render"),
        )
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.status, &self.message)
    }
}

/// A minimal standalone error page (no template state needed).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let env = {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        i18n::install(&mut env);
        env
    };
    let html = env
        .render_str(
            include_str!("../templates/error.html"),
            minijinja::context! { status => status.as_u16(), message => message, lang => i18n::current().as_str() },
        )
        .unwrap_or_else(|_| format!("<!doctype html><title>{status}</title><p>{status}</p>"));
    (status, Html(html)).into_response()
}

/// The signed-in user of a page request (session cookie). Unauthenticated visitors are
/// redirected to the login page.
#[derive(Debug, Clone)]
pub struct PageSession(pub Principal);

impl PageSession {
    pub fn csrf(&self) -> &str {
        self.0.csrf_token.as_deref().unwrap_or("")
    }

    /// The store this session works in, refusing (403) unless its role grants `permission`;
    /// a session without a store gets a 404 page.
    pub fn store_with(&self, permission: &str) -> Result<crate::auth::StoreScope, PageError> {
        let s = self.0.store.clone().ok_or_else(PageError::not_found)?;
        if s.permissions.contains(permission) {
            Ok(s)
        } else {
            Err(PageError::forbidden(i18n::tr(
                i18n::current(),
                "error-forbidden-permission",
                &[
                    ("role", s.role.clone().into()),
                    ("permission", permission.to_owned().into()),
                ],
            )))
        }
    }
}

impl FromRequestParts<AppState> for PageSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(p) = parts.extensions.get::<PageSession>() {
            return Ok(p.clone());
        }
        let to_login = || {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let q = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            Redirect::to(&format!("/login?{q}")).into_response()
        };
        let Some(tok) = session_cookie(parts) else {
            return Err(to_login());
        };
        match state.auth.resolve(state, &tok).await {
            Ok(Some(p)) if p.kind == TokenKind::Web => {
                if let Some(l) = p.language.as_deref().and_then(orion_kernel::Lang::parse) {
                    i18n::set_current(l);
                }
                let s = PageSession(p);
                parts.extensions.insert(s.clone());
                Ok(s)
            }
            Ok(_) => Err(to_login()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// CSRF guard for the page router: every non-GET request must carry the session's CSRF
/// token (form field `csrf_token` or header `X-CSRF-Token`). Before login, the token is
/// compared with the `orion_csrf` cookie instead (double submit).
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let expected = match session_cookie(&parts) {
        Some(tok) => match state.auth.resolve(&state, &tok).await {
            Ok(Some(p)) if p.kind == TokenKind::Web => p.csrf_token.clone(),
            _ => cookie_value(&parts, LOGIN_CSRF_COOKIE),
        },
        None => cookie_value(&parts, LOGIN_CSRF_COOKIE),
    };
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                &i18n::t(i18n::current(), "error-form-too-large"),
            );
        }
    };
    let is_multipart = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let presented = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            if is_multipart {
                multipart_field(&bytes, "csrf_token")
            } else {
                let fields: HashMap<String, String> =
                    serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
                fields.get("csrf_token").cloned()
            }
        });
    let matches = |e: &Option<String>| matches!((e, &presented), (Some(e), Some(p)) if !e.is_empty() && token::same(e, p));
    // The login form (also one left open in another tab, or reached with the back button
    // while signed in) is checked against the browser's login cookie as well: signing in
    // gives the session a fresh token, so the form's may be the cookie's.
    let ok = matches(&expected)
        || (parts.uri.path() == "/login" && matches(&cookie_value(&parts, LOGIN_CSRF_COOKIE)));
    if !ok {
        return error_page(
            StatusCode::FORBIDDEN,
            &i18n::t(i18n::current(), "error-form-expired"),
        );
    }
    // Text fields never hold NUL (PostgreSQL cannot store it; it would leak into files).
    // File uploads (multipart) are binary and checked by what reads them.
    if !is_multipart && bytes.windows(3).any(|w| w == b"%00") {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &i18n::t(i18n::current(), "error-form-control-chars"),
        );
    }
    parts.extensions.insert(CsrfChecked);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The value of a small text field of a `multipart/form-data` body (forms put the CSRF
/// token first, before any file part).
fn multipart_field(body: &[u8], name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\"");
    let at = body
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?;
    let rest = &body[at..];
    let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let value = &rest[start..];
    let end = value.windows(2).position(|w| w == b"\r\n")?;
    std::str::from_utf8(&value[..end]).ok().map(str::to_owned)
}

/// Marker left by [`csrf_guard`] on requests it let through.
#[derive(Debug, Clone, Copy)]
pub struct CsrfChecked;

/// A `Set-Cookie` value with Orion's cookie policy: HttpOnly, SameSite=Lax, Path=/, and
/// Secure when served over HTTPS.
pub fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let mut c = cookie::Cookie::new(name.to_owned(), value.to_owned());
    c.set_http_only(true);
    c.set_same_site(cookie::SameSite::Lax);
    c.set_path("/");
    c.set_secure(secure);
    c.set_max_age(cookie::time::Duration::seconds(max_age_secs));
    HeaderValue::from_str(&c.encoded().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A redirect to `path` carrying one message in the query (`?notice=…` or `?error=…`),
/// which the page shows after a form post.
pub fn redirect_with(path: &str, key: &str, msg: &str) -> Response {
    let q = serde_urlencoded::to_string([(key, msg)]).unwrap_or_default();
    Redirect::to(&format!("{path}?{q}")).into_response()
}

/// A client error as the one-line message a page shows after a form post: the detail, then
/// each invalid field (left out when the detail already is the only field's message).
pub fn problem_message(e: &ApiError) -> String {
    let e = &ApiError {
        kind: e.kind,
        detail: e.detail.clone(),
        errors: e.errors.clone(),
        extensions: Default::default(),
        retry_after_secs: None,
        allow: None,
    }
    .localized();
    let details: Vec<String> = e
        .errors
        .iter()
        .map(|x| format!("{}: {}", x.field, x.message))
        .collect();
    if details.is_empty() || (details.len() == 1 && e.detail == details[0]) {
        e.detail.clone()
    } else {
        format!("{} — {}", e.detail, details.join("; "))
    }
}

/// The answer to a form post that failed: a client error goes back to `path` with its
/// message ([`problem_message`]); a missing resource or a server error is an error page.
pub fn back_with_error(path: &str, e: impl Into<ApiError>) -> Result<Response, PageError> {
    let e = e.into();
    if e.status().is_client_error() && e.kind != crate::ProblemKind::NotFound {
        Ok(redirect_with(path, "error", &problem_message(&e)))
    } else {
        Err(e.into())
    }
}

/// A file download: the content type and `Content-Disposition: attachment` with `filename`.
pub fn attachment(body: Body, content_type: &'static str, filename: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// A PDF download named `<stem>.pdf`, the stem's characters other than ASCII letters, digits
/// and dashes written as `_` (document numbers: `INV-2026-00042`, `ORD-ALPHA-LU-…`).
pub fn pdf_attachment(bytes: Vec<u8>, stem: &str) -> Response {
    let name = file_stem(stem);
    attachment(bytes.into(), "application/pdf", &format!("{name}.pdf"))
}

/// Text (a document number, a store code) as a file name: letters, digits and dashes kept,
/// the rest `_`.
pub fn file_stem(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An HTML response with `Cache-Control: no-store` (pages show private data).
pub fn html(body: String) -> Response {
    let mut res = Html(body).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
