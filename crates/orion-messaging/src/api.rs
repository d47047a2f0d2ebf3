//! E-mail log API: the store's messages and resending one. Both need `settings.manage` (the
//! log shows customers' addresses and what the store sent them: the people who configure the
//! store, not every member).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use orion_kernel::{Page, Pagination};
use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::log::{self, EmailOut};
use crate::outbox;

orion_web::problem_from!(crate::MessagingError);

/// The permission of the e-mail log.
pub const MANAGE: &str = "settings.manage";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_emails))
        .routes(routes!(resend_email))
        .merge(crate::customize_api::router())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmailQuery {
    /// pending, sent or failed.
    pub status: Option<String>,
}

/// The answer to a message queued for sending.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Queued {
    /// The new message's id in the e-mail log.
    pub message_id: i64,
    /// Always `pending`: the worker sends it.
    pub status: String,
}

impl Queued {
    pub fn pending(message_id: i64) -> Response {
        (
            StatusCode::ACCEPTED,
            Json(Queued {
                message_id,
                status: "pending".into(),
            }),
        )
            .into_response()
    }
}

/// The store's e-mails, newest first: recipient, subject, template, status, attempts, last
/// error.
#[utoipa::path(get, path = "/api/v1/store/emails", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(EmailQuery, Pagination),
    responses((status = 200, body = Page<EmailOut>), ProblemForbidden, ProblemInvalid))]
pub async fn list_emails(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<EmailQuery>,
    Query(p): Query<Pagination>,
) -> Result<Json<Page<EmailOut>>, ApiError> {
    ctx.require(MANAGE)?;
    let (rows, total) = log::list(state.db.conn(), ctx.store_id(), q.status.as_deref(), &p).await?;
    Ok(Json(Page::new(rows, total, &p)))
}

/// Sends the message again: a new message with the same content and attachments, at the
/// worker's next round.
#[utoipa::path(post, path = "/api/v1/store/emails/{email_id}/resend", extensions(("x-permission" = json!("settings.manage"))), tag = "messaging", security(("bearer" = [])), params(("email_id" = i64, Path)),
    responses((status = 202, body = Queued), ProblemForbidden, ProblemNotFound))]
pub async fn resend_email(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(email_id): Path<i64>,
) -> Result<Response, ApiError> {
    ctx.require(MANAGE)?;
    let tx = state.db.begin_write().await?;
    let id = outbox::resend(&tx, ctx.store_id(), email_id).await?;
    tx.commit().await?;
    Ok(Queued::pending(id))
}
