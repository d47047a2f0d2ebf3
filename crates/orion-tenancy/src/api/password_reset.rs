//! `/api/v1/auth/password-reset`: ask for a reset link by e-mail, and set a new password with
//! the link's token. Both are open (no token): the request answers the same whatever the
//! address.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use orion_web::auth::ClientIp;
use orion_web::problem::responses::ProblemInvalid;
use orion_web::{ApiError, ApiJson, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::service::password_reset as svc;

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetBody {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetConfirmBody {
    /// The token of the e-mailed link (`rst_…`).
    pub token: String,
    /// The new password (at least 10 characters).
    pub password: String,
}

/// The answer to every reset request, known address or not.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordResetAccepted {
    /// Always `accepted`.
    pub status: &'static str,
    pub detail: &'static str,
}

/// The one answer of [`request_reset`].
pub const ACCEPTED: PasswordResetAccepted = PasswordResetAccepted {
    status: "accepted",
    detail: "If an account uses this address, an e-mail with a link to choose a new password is on its way. The link works once, for one hour.",
};

/// Ask for a password reset: when an account uses the address, an e-mail with a single-use
/// link (one hour) is sent. The answer is the same whether or not the address is known;
/// requests are throttled per address and per source.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = PasswordResetBody,
    responses((status = 202, body = PasswordResetAccepted), ProblemInvalid))]
pub async fn request_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<PasswordResetBody>,
) -> Result<(StatusCode, Json<PasswordResetAccepted>), ApiError> {
    svc::request(&state, &body.email, &ip).await?;
    Ok((StatusCode::ACCEPTED, Json(ACCEPTED)))
}

/// Set a new password with the e-mailed token. The token works once; every session and
/// token of the user is revoked. A token that is unknown, used or expired is refused naming
/// `token`; a password under the policy naming `password`.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirmBody,
    responses((status = 204, description = "Password changed; sign in with it"), ProblemInvalid))]
pub async fn confirm_reset(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetConfirmBody>,
) -> Result<StatusCode, ApiError> {
    svc::confirm(&state, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
