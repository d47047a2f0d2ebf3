//! The store's e-mail log: every message it sent or is sending, newest first, with its status,
//! attempts and last error.

use chrono::{DateTime, Utc};
use orion_kernel::{Invalid, Pagination, StoreId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::entity::message;
use crate::error::MessagingError;

/// The states of a message.
pub const STATUSES: [&str; 3] = ["pending", "sent", "failed"];

/// A message as the log shows it (never its body).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmailOut {
    pub id: i64,
    pub to: String,
    pub subject: String,
    /// The template it was rendered from: `invoice`, `credit_note`, `invitation`, …
    pub template: String,
    pub lang: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The `Message-ID` header it carries.
    pub message_id: String,
    /// When the next attempt is due (pending messages only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<message::Model> for EmailOut {
    fn from(m: message::Model) -> Self {
        EmailOut {
            next_attempt_at: (m.status == "pending").then_some(m.next_attempt_at),
            id: m.id,
            to: m.to_address,
            subject: m.subject,
            template: m.template,
            lang: m.lang,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            message_id: m.message_id,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// A page of the store's messages, newest first (optionally of one status), and their total.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    status: Option<&str>,
    p: &Pagination,
) -> Result<(Vec<EmailOut>, u64), MessagingError> {
    let mut q = message::Entity::find().filter(message::Column::StoreId.eq(store.0));
    if let Some(s) = status.map(str::trim).filter(|s| !s.is_empty()) {
        if !STATUSES.contains(&s) {
            return Err(Invalid::field("status", "must be pending, sent or failed").into());
        }
        q = q.filter(message::Column::Status.eq(s));
    }
    let (rows, total) =
        orion_db::query::page(conn, q.order_by_desc(message::Column::Id), p).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// The newest messages of every store and the platform (the demo mailbox), with bodies.
pub async fn mailbox(
    conn: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<message::Model>, MessagingError> {
    use sea_orm::QuerySelect;
    Ok(message::Entity::find()
        .order_by_desc(message::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}
