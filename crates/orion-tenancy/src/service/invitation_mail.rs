//! The invitation e-mail: queued in the transaction that creates the invitation, in the
//! store's default language, with the accept link (the same link the team page shows to copy).

use chrono::{DateTime, Utc};
use orion_kernel::Lang;
use orion_messaging::NewMessage;
use orion_web::StoreScope;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entity::store;
use crate::error::TenancyError;

/// Queues the invitation of `email` to `actor`'s store as `role`, answering at `link` until
/// `expires_at`; the message's id.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    actor: &StoreScope,
    email: &str,
    role: &str,
    link: &str,
    expires_at: DateTime<Utc>,
) -> Result<i64, TenancyError> {
    let lang = store::Entity::find_by_id(actor.store_id.0)
        .one(conn)
        .await?
        .map(|s| s.default_language)
        .unwrap_or_else(|| "en".to_owned());
    let label = crate::pages::role_label(Lang::parse(&lang).unwrap_or(Lang::En), role);
    let vars = serde_json::json!({
        "store_name": actor.name,
        "role": label,
        "link": link,
        "expires": expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    });
    Ok(orion_messaging::enqueue(
        conn,
        NewMessage {
            store_id: Some(actor.store_id),
            to: email.to_owned(),
            reply_to: None,
            from_name: Some(actor.name.clone()),
            template: "invitation",
            lang,
            vars,
            attachments: Vec::new(),
        },
    )
    .await?)
}
