//! The e-mail settings pages (`settings.manage`): `/settings/emails` (sender name and
//! `Reply-To`, the templates × languages, customised or default) and
//! `/settings/emails/{template}/{lang}` (subject and body, the variables beside them, a live
//! preview, Save and "Restore the default"). The live preview is the vendored script
//! `/assets/messaging/email-preview.js` (the content-security policy forbids inline script)
//! posting to `…/preview`; without it the "Preview" button renders it on the server.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use orion_kernel::{FieldError, Lang};
use orion_web::pages::{PageError, PageSession, html, redirect_with};
use orion_web::{AppState, i18n};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::MessagingError;
use crate::api::MANAGE;
use crate::customize::{self, EmailSettingsIn};
use crate::customize_api::variables_of;
use crate::templates;

/// The live preview script (vendored: Orion runs offline).
const PREVIEW_JS: &str = include_str!("../assets/email-preview.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/settings/emails", get(settings_page).post(save_settings))
        .route(
            "/settings/emails/{template}/{lang}",
            get(template_page).post(template_post),
        )
        .route(
            "/settings/emails/{template}/{lang}/preview",
            post(preview_json),
        )
        .route(
            "/settings/emails/{template}/{lang}/restore",
            post(restore_default),
        )
        .route("/assets/messaging/email-preview.js", get(preview_js))
}

/// The pages' templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "messaging/email_settings.html",
            include_str!("../templates/pages/email_settings.html"),
        ),
        (
            "messaging/email_template.html",
            include_str!("../templates/pages/email_template.html"),
        ),
    ]
}

async fn preview_js() -> Response {
    let mut res = PREVIEW_JS.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// A template's name as people read it.
fn template_label(lang: Lang, template: &str) -> String {
    i18n::t(
        lang,
        &format!("messaging-template-{}", template.replace('_', "-")),
    )
}

fn language_label(lang: Lang, code: &str) -> String {
    i18n::t(lang, &format!("messaging-language-{code}"))
}

fn field_errors(errors: &[FieldError]) -> Vec<Value> {
    errors
        .iter()
        .map(|e| json!({"field": e.field, "message": e.message}))
        .collect()
}

fn errors_summary(errors: &[FieldError]) -> Option<String> {
    (!errors.is_empty()).then(|| {
        i18n::tr(
            i18n::current(),
            "messaging-form-errors",
            &[("count", (errors.len() as i64).into())],
        )
    })
}

#[derive(Deserialize, Default)]
struct Flash {
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct SettingsForm {
    #[serde(default)]
    sender_name: String,
    #[serde(default)]
    reply_to: String,
}

async fn settings_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let own = customize::settings(state.db.conn(), s.store_id).await?;
    render_settings(
        &state,
        &session,
        json!({"sender_name": own.sender_name, "reply_to": own.reply_to}),
        &[],
        flash,
    )
    .await
}

async fn render_settings(
    state: &AppState,
    session: &PageSession,
    values: Value,
    errors: &[FieldError],
    flash: Flash,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let lang = i18n::current();
    let rows = customize::list(state.db.conn(), s.store_id).await?;
    let templates: Vec<Value> = templates::STORE_TEMPLATES
        .iter()
        .map(|t| {
            json!({
                "code": t,
                "label": template_label(lang, t),
                "languages": rows.iter().filter(|r| r.template == *t).map(|r| json!({
                    "code": r.lang, "label": language_label(lang, r.lang), "overridden": r.overridden,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ctx = state
        .page_context(
            session,
            "emails",
            json!({
                "page_title": i18n::t(lang, "messaging-settings-title"),
                "v": values, "store_name": s.name, "templates": templates,
                "errors": field_errors(errors),
                "error": errors_summary(errors).or(flash.error), "notice": flash.notice,
            }),
        )
        .await?;
    Ok(html(
        state
            .templates
            .render("messaging/email_settings.html", ctx)?,
    ))
}

async fn save_settings(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let input = EmailSettingsIn {
        sender_name: Some(f.sender_name.clone()),
        reply_to: Some(f.reply_to.clone()),
    };
    let tx = state.db.begin_write().await.map_err(MessagingError::from)?;
    match customize::save_settings(&tx, s.store_id, &input).await {
        Ok(_) => {
            tx.commit().await.map_err(MessagingError::from)?;
            Ok(redirect_with(
                "/settings/emails",
                "notice",
                &i18n::t(i18n::current(), "messaging-settings-saved"),
            ))
        }
        Err(MessagingError::Invalid(e)) => {
            drop(tx);
            render_settings(
                &state,
                &session,
                json!({"sender_name": f.sender_name, "reply_to": f.reply_to}),
                &e.0,
                Flash::default(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct TemplateForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    /// `save` (the default) or `preview`.
    #[serde(default)]
    action: String,
}

/// What the edit page shows besides the form.
struct Edit<'a> {
    subject: &'a str,
    body: &'a str,
    overridden: bool,
    preview: Option<crate::templates::Rendered>,
    errors: &'a [FieldError],
    flash: Flash,
}

async fn render_template(
    state: &AppState,
    session: &PageSession,
    template: &'static str,
    code: &'static str,
    e: Edit<'_>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let title = i18n::tr(
        lang,
        "messaging-template-title",
        &[
            ("template", template_label(lang, template).into()),
            ("language", language_label(lang, code).into()),
        ],
    );
    let ctx = state
        .page_context(
            session,
            "emails",
            json!({
                "page_title": title,
                "template": template, "code": code,
                "subject": e.subject, "body": e.body, "overridden": e.overridden,
                "variables": variables_of(template, code),
                "preview": e.preview.map(|p| json!({"subject": p.subject, "text": p.text})),
                "errors": field_errors(e.errors),
                "error": errors_summary(e.errors).or(e.flash.error), "notice": e.flash.notice,
            }),
        )
        .await?;
    Ok(html(
        state
            .templates
            .render("messaging/email_template.html", ctx)?,
    ))
}

async fn template_page(
    State(state): State<AppState>,
    session: PageSession,
    Path((template, lang)): Path<(String, String)>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let t = customize::get(state.db.conn(), s.store_id, &template, &lang).await?;
    let preview = customize::preview(t.template, t.lang, &t.subject, &t.body).ok();
    render_template(
        &state,
        &session,
        t.template,
        t.lang,
        Edit {
            subject: &t.subject,
            body: &t.body,
            overridden: t.overridden,
            preview,
            errors: &[],
            flash,
        },
    )
    .await
}

/// Save, or (button "Preview", the page without script) show the preview of what was typed.
async fn template_post(
    State(state): State<AppState>,
    session: PageSession,
    Path((template, lang)): Path<(String, String)>,
    Form(f): Form<TemplateForm>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let (template, code) = customize::known(&template, &lang)?;
    let overridden = customize::find_override(state.db.conn(), s.store_id, template, code)
        .await?
        .is_some();
    let edit = |preview, errors, flash| Edit {
        subject: &f.subject,
        body: &f.body,
        overridden,
        preview,
        errors,
        flash,
    };
    if f.action == "preview" {
        return match customize::preview(template, code, &f.subject, &f.body) {
            Ok(r) => {
                render_template(
                    &state,
                    &session,
                    template,
                    code,
                    edit(Some(r), &[], Flash::default()),
                )
                .await
            }
            Err(MessagingError::Invalid(e)) => {
                render_template(
                    &state,
                    &session,
                    template,
                    code,
                    edit(None, &e.0, Flash::default()),
                )
                .await
            }
            Err(e) => Err(e.into()),
        };
    }
    let tx = state.db.begin_write().await.map_err(MessagingError::from)?;
    match customize::save(&tx, s.store_id, template, code, &f.subject, &f.body).await {
        Ok(_) => {
            tx.commit().await.map_err(MessagingError::from)?;
            Ok(redirect_with(
                &format!("/settings/emails/{template}/{code}"),
                "notice",
                &i18n::t(i18n::current(), "messaging-template-saved"),
            ))
        }
        Err(MessagingError::Invalid(e)) => {
            drop(tx);
            render_template(
                &state,
                &session,
                template,
                code,
                edit(None, &e.0, Flash::default()),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The live preview of the page's script: the rendered subject and text, or the errors
/// (each message in the user's language).
async fn preview_json(
    session: PageSession,
    Path((template, lang)): Path<(String, String)>,
    Form(f): Form<TemplateForm>,
) -> Result<Response, PageError> {
    session.store_with(MANAGE)?;
    let ui = i18n::current();
    Ok(
        match customize::preview(&template, &lang, &f.subject, &f.body) {
            Ok(r) => Json(json!({"subject": r.subject, "text": r.text, "errors": []})),
            Err(MessagingError::Invalid(e)) => Json(json!({
                "subject": null, "text": null,
                "errors": e.0.iter().map(|x| json!({
                    "field": x.field,
                    "message": format!("{}: {}", i18n::t(ui, &format!("messaging-field-{}", x.field)), i18n::localize_sentence(ui, &x.message)),
                })).collect::<Vec<_>>(),
            })),
            Err(e) => return Err(e.into()),
        }
        .into_response(),
    )
}

async fn restore_default(
    State(state): State<AppState>,
    session: PageSession,
    Path((template, lang)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let tx = state.db.begin_write().await.map_err(MessagingError::from)?;
    customize::restore_default(&tx, s.store_id, &template, &lang).await?;
    tx.commit().await.map_err(MessagingError::from)?;
    Ok(redirect_with(
        &format!("/settings/emails/{template}/{lang}"),
        "notice",
        &i18n::t(i18n::current(), "messaging-template-restored"),
    ))
}
