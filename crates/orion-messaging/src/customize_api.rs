//! The API of a store's e-mail settings (sender name, `Reply-To`) and its own templates:
//! list, read, save, restore the default, preview with sample values. All need
//! `settings.manage`, like the e-mail log.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx, i18n};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::MANAGE;
use crate::customize::{self, EmailSettingsIn, StoreTemplate};
use crate::templates;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_email_settings, put_email_settings))
        .routes(routes!(list_templates))
        .routes(routes!(get_template, put_template, delete_template))
        .routes(routes!(preview_template))
}

/// The store's e-mail settings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmailSettingsOut {
    /// The display name of the store's e-mails; `null`: the store's name.
    pub sender_name: Option<String>,
    /// The `Reply-To` of the store's e-mails; `null`: none.
    pub reply_to: Option<String>,
    /// The name used when `sender_name` is `null` (the store's name).
    pub default_sender_name: String,
}

fn settings_out(ctx: &StoreCtx, s: customize::EmailSettings) -> EmailSettingsOut {
    EmailSettingsOut {
        sender_name: s.sender_name,
        reply_to: s.reply_to,
        default_sender_name: ctx.store.name.clone(),
    }
}

/// The store's sender name and `Reply-To`.
#[utoipa::path(get, path = "/api/v1/store/settings/email", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])),
    responses((status = 200, body = EmailSettingsOut), ProblemForbidden))]
pub async fn get_email_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<EmailSettingsOut>, ApiError> {
    ctx.require(MANAGE)?;
    let s = customize::settings(state.db.conn(), ctx.store_id()).await?;
    Ok(Json(settings_out(&ctx, s)))
}

/// Saves the store's sender name and `Reply-To` (empty or missing: the default). Every
/// e-mail the store sends from now on carries them.
#[utoipa::path(put, path = "/api/v1/store/settings/email", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), request_body = EmailSettingsIn,
    responses((status = 200, body = EmailSettingsOut), ProblemForbidden, ProblemInvalid))]
pub async fn put_email_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(input): ApiJson<EmailSettingsIn>,
) -> Result<Json<EmailSettingsOut>, ApiError> {
    ctx.require(MANAGE)?;
    let tx = state.db.begin_write().await?;
    let s = customize::save_settings(&tx, ctx.store_id(), &input).await?;
    tx.commit().await?;
    Ok(Json(settings_out(&ctx, s)))
}

/// A variable a template offers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VariableOut {
    /// As written in the template: `{{ number }}`.
    pub name: String,
    /// What it holds, in the request's language.
    pub description: String,
    /// The value previews use.
    pub sample: String,
}

/// The variables of `template` with their descriptions in the request's language and their
/// sample values in `lang`.
pub fn variables_of(template: &str, lang: &str) -> Vec<VariableOut> {
    let ui = i18n::current();
    let sample = templates::sample_vars(template, lang);
    templates::variables(template)
        .iter()
        .map(|(name, key)| VariableOut {
            name: (*name).to_owned(),
            description: i18n::t(ui, key),
            sample: match &sample[*name] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        })
        .collect()
}

/// One template of the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateSummary {
    /// `invoice`, `credit_note` or `invitation`.
    pub template: String,
    /// `en`, `fr` or `de`.
    pub language: String,
    /// Whether the store has its own text (else the shipped one is sent).
    pub overridden: bool,
    pub variables: Vec<VariableOut>,
}

/// A template in a language as the store sends it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateOut {
    pub template: String,
    pub language: String,
    /// Whether this is the store's own text (else the shipped one).
    pub overridden: bool,
    /// MiniJinja source of the subject line.
    pub subject: String,
    /// MiniJinja source of the plain-text body (the HTML part follows from it).
    pub body: String,
    pub variables: Vec<VariableOut>,
}

impl From<StoreTemplate> for TemplateOut {
    fn from(t: StoreTemplate) -> Self {
        TemplateOut {
            variables: variables_of(t.template, t.lang),
            template: t.template.to_owned(),
            language: t.lang.to_owned(),
            overridden: t.overridden,
            subject: t.subject,
            body: t.body,
        }
    }
}

/// A template's subject and body (MiniJinja).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateIn {
    pub subject: String,
    pub body: String,
}

/// A template rendered with the sample values.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PreviewOut {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The templates the store may make its own, in every language: whether it did, and the
/// variables each offers (descriptions in the request's language).
#[utoipa::path(get, path = "/api/v1/store/email-templates", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])),
    responses((status = 200, body = Vec<TemplateSummary>), ProblemForbidden))]
pub async fn list_templates(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<Vec<TemplateSummary>>, ApiError> {
    ctx.require(MANAGE)?;
    let rows = customize::list(state.db.conn(), ctx.store_id()).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| TemplateSummary {
                variables: variables_of(t.template, t.lang),
                template: t.template.to_owned(),
                language: t.lang.to_owned(),
                overridden: t.overridden,
            })
            .collect(),
    ))
}

/// The subject and body the store sends for `template` in `lang`: its own, or the shipped
/// one. An unknown template or language answers 404.
#[utoipa::path(get, path = "/api/v1/store/email-templates/{template}/{lang}", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(("template" = String, Path), ("lang" = String, Path)),
    responses((status = 200, body = TemplateOut), ProblemForbidden, ProblemNotFound))]
pub async fn get_template(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((template, lang)): Path<(String, String)>,
) -> Result<Json<TemplateOut>, ApiError> {
    ctx.require(MANAGE)?;
    let t = customize::get(state.db.conn(), ctx.store_id(), &template, &lang).await?;
    Ok(Json(t.into()))
}

/// Saves the store's own subject and body of `template` in `lang`. They must compile and
/// render with the template's sample values without an undefined variable; else 422 naming
/// `subject` or `body` with the template engine's message and line.
#[utoipa::path(put, path = "/api/v1/store/email-templates/{template}/{lang}", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(("template" = String, Path), ("lang" = String, Path)), request_body = TemplateIn,
    responses((status = 200, body = TemplateOut), ProblemForbidden, ProblemNotFound, ProblemInvalid))]
pub async fn put_template(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((template, lang)): Path<(String, String)>,
    ApiJson(input): ApiJson<TemplateIn>,
) -> Result<Json<TemplateOut>, ApiError> {
    ctx.require(MANAGE)?;
    let tx = state.db.begin_write().await?;
    let t = customize::save(
        &tx,
        ctx.store_id(),
        &template,
        &lang,
        &input.subject,
        &input.body,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(t.into()))
}

/// Drops the store's own text of `template` in `lang`: the shipped one is sent again.
#[utoipa::path(delete, path = "/api/v1/store/email-templates/{template}/{lang}", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(("template" = String, Path), ("lang" = String, Path)),
    responses((status = 204, description = "The default applies"), ProblemForbidden, ProblemNotFound))]
pub async fn delete_template(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path((template, lang)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    ctx.require(MANAGE)?;
    let tx = state.db.begin_write().await?;
    customize::restore_default(&tx, ctx.store_id(), &template, &lang).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Renders a subject and body with the template's sample values in `lang`, without saving:
/// the subject, text and HTML parts; 422 naming `subject` or `body` when they do not render.
#[utoipa::path(post, path = "/api/v1/store/email-templates/{template}/{lang}/preview", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(("template" = String, Path), ("lang" = String, Path)), request_body = TemplateIn,
    responses((status = 200, body = PreviewOut), ProblemForbidden, ProblemNotFound, ProblemInvalid))]
pub async fn preview_template(
    ctx: StoreCtx,
    Path((template, lang)): Path<(String, String)>,
    ApiJson(input): ApiJson<TemplateIn>,
) -> Result<Json<PreviewOut>, ApiError> {
    ctx.require(MANAGE)?;
    let r = customize::preview(&template, &lang, &input.subject, &input.body)?;
    Ok(Json(PreviewOut {
        subject: r.subject,
        text: r.text,
        html: r.html,
    }))
}
