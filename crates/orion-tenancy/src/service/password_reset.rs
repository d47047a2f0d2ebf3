//! Password reset by e-mail. [`request`] answers the same whatever the address: every request
//! is recorded and throttled per address and per source alike, a token is drawn and its
//! digest stored either way, and the message is rendered either way — only a known, active
//! user's request is queued for sending (in the same transaction) and carries a token that
//! works. The token works once, for [`TTL_MINUTES`]; [`confirm`] applies the password policy,
//! sets the password, uses up every open reset of the user and revokes all their sessions
//! and tokens.

use chrono::Duration;
use orion_kernel::Invalid;
use orion_messaging::NewMessage;
use orion_web::{AppState, token};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::{auth, now};
use crate::entity::{password_reset, user};
use crate::error::TenancyError;
use crate::{password, validate};

/// How long a reset link works.
pub const TTL_MINUTES: i64 = 60;
/// Requests for one address per hour; more are dropped (the answer does not change).
pub const MAX_PER_EMAIL: u64 = 3;
/// Requests from one source address per hour; more are dropped.
pub const MAX_PER_SOURCE: u64 = 20;
/// Requests from one source queue on this lock while they are counted and recorded.
const LOCK: &str = "tenancy.password_reset";
/// The prefix of reset tokens.
const PREFIX: &str = "rst_";

/// The link a reset e-mail carries.
pub fn link(public_url: &str, tok: &str) -> String {
    format!(
        "{}/password-reset?token={tok}",
        public_url.trim_end_matches('/')
    )
}

/// Asks for a reset of `email`'s password from source `ip`. `Ok(())` whether or not the
/// address is known or the request was throttled; 422 only for something that is not an
/// e-mail address.
pub async fn request(state: &AppState, email: &str, ip: &str) -> Result<(), TenancyError> {
    let email = validate::email("email", email).map_err(|e| Invalid(vec![e]))?;
    let ip: String = ip.chars().take(64).collect();
    let tx = state.db.begin_write().await?;
    orion_db::lock_text(&tx, LOCK, &ip).await?;
    let since = now() - Duration::hours(1);
    let by_email = password_reset::Entity::find()
        .filter(password_reset::Column::Email.eq(email.as_str()))
        .filter(password_reset::Column::CreatedAt.gt(since))
        .count(&tx)
        .await?;
    let by_source = password_reset::Entity::find()
        .filter(password_reset::Column::Ip.eq(ip.as_str()))
        .filter(password_reset::Column::CreatedAt.gt(since))
        .count(&tx)
        .await?;
    if by_email >= MAX_PER_EMAIL || by_source >= MAX_PER_SOURCE {
        tracing::info!(ip = %ip, "password reset request throttled");
        return Ok(());
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Active.eq(true))
        .one(&tx)
        .await?;
    let tok = token::generate(PREFIX);
    password_reset::ActiveModel {
        email: Set(email.clone()),
        ip: Set(ip),
        user_id: Set(found.as_ref().map(|u| u.id)),
        token_digest: Set(token::digest(&state.settings.secret_key, &tok)),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::minutes(TTL_MINUTES)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let lang = found
        .as_ref()
        .and_then(|u| u.language.clone())
        .unwrap_or_else(|| "en".to_owned());
    let vars = serde_json::json!({
        "link": link(&state.settings.public_url, &tok),
        "minutes": TTL_MINUTES,
        "email": email,
    });
    match &found {
        Some(u) => {
            orion_messaging::enqueue(
                &tx,
                NewMessage {
                    store_id: None,
                    to: u.email.clone(),
                    reply_to: None,
                    from_name: Some("Orion".to_owned()),
                    template: "password_reset",
                    lang,
                    vars,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        // The same rendering work for an unknown address; nothing is sent.
        None => {
            orion_messaging::templates::render("password_reset", &lang, &vars)?;
        }
    }
    // Old requests no longer matter; keep the table small.
    password_reset::Entity::delete_many()
        .filter(password_reset::Column::CreatedAt.lt(now() - Duration::days(1)))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The refusal of a token that does not work (unknown, used, expired).
fn bad_token() -> TenancyError {
    Invalid::field("token", "is invalid, expired or already used").into()
}

/// Sets a new password with reset token `tok`: the token is used up, every open reset of the
/// user too, and all the user's sessions and tokens are revoked.
pub async fn confirm(state: &AppState, tok: &str, new: &str) -> Result<(), TenancyError> {
    if let Some(msg) = password::policy_violation(new) {
        return Err(Invalid::field("password", msg).into());
    }
    let tok = tok.trim();
    if !tok.starts_with(PREFIX) || tok.len() > 200 {
        return Err(bad_token());
    }
    let digest = token::digest(&state.settings.secret_key, tok);
    let p = new.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash(&p))
        .await
        .map_err(|e| TenancyError::PasswordHash(e.to_string()))?
        .map_err(TenancyError::PasswordHash)?;
    let tx = state.db.begin_write().await?;
    let Some(reset) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenDigest.eq(digest.as_str()))
        .one(&tx)
        .await?
    else {
        return Err(bad_token());
    };
    let Some(user_id) = reset.user_id else {
        return Err(bad_token());
    };
    // Only an unused, unexpired token takes the update: of two concurrent uses one wins.
    let taken = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now()))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now()))
        .exec(&tx)
        .await?;
    if taken.rows_affected != 1 {
        return Err(bad_token());
    }
    let u = user::Entity::find_by_id(user_id)
        .filter(user::Column::Active.eq(true))
        .one(&tx)
        .await?
        .ok_or_else(bad_token)?;
    let mut a: user::ActiveModel = u.into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(now());
    a.update(&tx).await?;
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now()))
        .filter(password_reset::Column::UserId.eq(user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    auth::revoke_user_tokens(&tx, user_id, None).await?;
    tx.commit().await?;
    Ok(())
}
