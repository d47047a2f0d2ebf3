//! The user's own settings (the back office's language), the language switcher of every page
//! and of the login page, and the store's settings (name, default language, time zone).

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use orion_kernel::Lang;
use orion_web::AppState;
use orion_web::i18n::{self, LANG_COOKIE};
use orion_web::pages::{
    PageError, PageSession, back_with_error, cookie_header, html, redirect_with,
};
use serde::Deserialize;
use serde_json::json;

use super::layout::{layout, with};
use crate::TenancyError;
use crate::permissions as perm;
use crate::service::profile::{self, StorePatch};

/// A year: the language choice outlives sessions.
const LANG_COOKIE_SECONDS: i64 = 365 * 24 * 3600;

/// Where to go back to: a local path (`/orders?page=2`), never another site.
fn local_path(candidate: Option<&str>) -> String {
    candidate
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or("/")
        .to_owned()
}

/// The local path of the page that sent the form (the Referer), if it is ours.
fn referer_path(headers: &HeaderMap) -> Option<String> {
    let r = headers.get(header::REFERER)?.to_str().ok()?;
    let after_scheme = r.split_once("://").map(|(_, rest)| rest).unwrap_or(r);
    let path = &after_scheme[after_scheme.find('/')?..];
    Some(local_path(Some(path)))
}

fn with_lang_cookie(state: &AppState, mut res: Response, lang: Lang) -> Response {
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            LANG_COOKIE,
            lang.as_str(),
            LANG_COOKIE_SECONDS,
            state.settings.secure_cookies(),
        ),
    );
    res
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: String,
    next: Option<String>,
}

/// `GET /language?lang=fr&next=/login`: the login page's language links (a cookie only).
pub async fn choose_language(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&q.lang).unwrap_or_default();
    let to = local_path(q.next.as_deref());
    Ok(with_lang_cookie(
        &state,
        Redirect::to(&to).into_response(),
        lang,
    ))
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
}

/// `POST /language` (the switcher of every page): saved to the user's profile and
/// remembered in a cookie for the login page; back to the page the form was on.
pub async fn save_language(
    State(state): State<AppState>,
    session: PageSession,
    headers: HeaderMap,
    Form(f): Form<LangForm>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&f.lang).unwrap_or_default();
    profile::set_language(state.db.conn(), session.0.user_id, Some(lang)).await?;
    let to = referer_path(&headers).unwrap_or_else(|| "/".into());
    Ok(with_lang_cookie(
        &state,
        Redirect::to(&to).into_response(),
        lang,
    ))
}

#[derive(Deserialize, Default)]
pub struct Notice {
    notice: Option<String>,
    error: Option<String>,
}

/// `GET /profile`: who I am, and my language.
pub async fn profile_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    let base = layout(&state, &session, "profile").await?;
    let lang = i18n::current();
    let body = state.templates.render(
        "tenancy/profile.html",
        with(
            base,
            json!({
                "page_title": i18n::t(lang, "profile-title"),
                "email": session.0.email,
                "name": session.0.name,
                "chosen": session.0.language,
                "notice": q.notice, "error": q.error,
                "password_min": crate::password::MIN_LENGTH,
            }),
        ),
    )?;
    Ok(html(body))
}

#[derive(Deserialize)]
pub struct ProfileForm {
    /// `""`: follow the browser.
    #[serde(default)]
    language: String,
}

/// `POST /profile`.
pub async fn save_profile(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&f.language);
    profile::set_language(state.db.conn(), session.0.user_id, lang).await?;
    let shown = lang.unwrap_or_else(i18n::current);
    let res = redirect_with("/profile", "notice", &i18n::t(shown, "profile-saved"));
    Ok(match lang {
        Some(l) => with_lang_cookie(&state, res, l),
        None => res,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// `POST /profile/password`: the user changes their own password; their other sessions
/// and API tokens are signed out, this session stays.
pub async fn change_password(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let result = crate::service::auth::change_password(
        &state,
        session.0.user_id,
        session.0.token_id,
        &f.current_password,
        &f.new_password,
    )
    .await;
    match result {
        Ok(()) => Ok(redirect_with(
            "/profile",
            "notice",
            &i18n::t(lang, "profile-password-changed"),
        )),
        Err(TenancyError::Invalid(inv)) => {
            let message = if inv.0.iter().any(|e| e.field == "current_password") {
                i18n::t(lang, "profile-password-wrong")
            } else {
                let min = crate::password::MIN_LENGTH as i64;
                i18n::tr(lang, "profile-password-rules", &[("min", min.into())])
            };
            Ok(redirect_with("/profile", "error", &message))
        }
        Err(e) => back_with_error("/profile", e),
    }
}

/// `GET /settings/store`: the store's name, default language and time zone.
pub async fn store_settings(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    let scope = session.store_with(perm::SETTINGS_MANAGE)?;
    let s = crate::service::admin::stores_of(state.db.conn(), &[scope.merchant_id.0])
        .await?
        .into_iter()
        .find(|s| s.id == scope.store_id.0)
        .ok_or_else(PageError::not_found)?;
    let base = layout(&state, &session, "store-settings").await?;
    let body = state.templates.render(
        "tenancy/store_settings.html",
        with(
            base,
            json!({
                "page_title": i18n::t(i18n::current(), "store-settings-title"),
                "s": {"code": s.code, "name": s.name, "default_language": s.default_language, "timezone": s.timezone},
                "time_zones": orion_kernel::locale::time_zone_names(),
                "notice": q.notice, "error": q.error,
            }),
        ),
    )?;
    Ok(html(body))
}

#[derive(Deserialize)]
pub struct StoreForm {
    name: String,
    default_language: String,
    timezone: String,
}

/// `POST /settings/store`.
pub async fn save_store_settings(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<StoreForm>,
) -> Result<Response, PageError> {
    let scope = session.store_with(perm::SETTINGS_MANAGE)?;
    let patch = StorePatch {
        name: Some(f.name),
        default_language: Some(f.default_language),
        timezone: Some(f.timezone),
    };
    match profile::update_store(state.db.conn(), scope.store_id, &patch).await {
        Ok(_) => Ok(redirect_with(
            "/settings/store",
            "notice",
            &i18n::t(i18n::current(), "store-settings-saved"),
        )),
        Err(e) => back_with_error("/settings/store", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/orders?page=2")), "/orders?page=2");
        for bad in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil",
            "orders",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad}");
        }
        let mut h = HeaderMap::new();
        h.insert(
            header::REFERER,
            "http://127.0.0.1:8080/orders/7?x=1".parse().unwrap(),
        );
        assert_eq!(referer_path(&h).as_deref(), Some("/orders/7?x=1"));
    }
}
