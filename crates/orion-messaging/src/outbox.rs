//! Writing to the outbox. [`enqueue`] renders a message from its template and stores it with
//! its attachments in the caller's transaction, so a change that rolls back sends nothing and
//! nothing the message belongs to waits for the SMTP server. The `Message-ID` is fixed here:
//! every attempt, and the copy a resend makes, are told apart by the row, not the header.

use chrono::Utc;
use orion_kernel::{Invalid, NotFound, StoreId};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::entity::{attachment, message};
use crate::error::MessagingError;
use crate::{customize, templates};

/// A file to send with a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A message to send.
#[derive(Debug, Clone)]
pub struct NewMessage<V: Serialize> {
    /// The store it belongs to (`None` for platform mail: password reset).
    pub store_id: Option<StoreId>,
    /// The recipient; refused with `to` named when it is not an address.
    pub to: String,
    /// `Reply-To`; `None`: the store's setting, if any.
    pub reply_to: Option<String>,
    /// The sender's display name (e.g. the store's name); the store's sender name setting,
    /// when it has one, replaces it.
    pub from_name: Option<String>,
    /// One of [`templates::NAMES`].
    pub template: &'static str,
    /// The recipient's language (`en`, `fr`, `de`; others fall back to English).
    pub lang: String,
    /// The template's variables.
    pub vars: V,
    pub attachments: Vec<Attachment>,
}

/// `raw` as a mailbox address, or an error naming `field`.
pub fn address(field: &str, raw: &str) -> Result<String, Invalid> {
    let a = raw.trim();
    if a.is_empty() {
        return Err(Invalid::field(field, "is required"));
    }
    if a.len() > 320 || a.parse::<lettre::Address>().is_err() {
        return Err(Invalid::field(field, "is not a valid e-mail address"));
    }
    Ok(a.to_owned())
}

/// A fresh RFC 5322 `Message-ID`.
fn new_message_id() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill(&mut b);
    format!("<{}@orion.mail>", hex::encode(b))
}

/// What a message says and to whom, rendered.
struct Content {
    store_id: Option<i64>,
    to_address: String,
    reply_to: Option<String>,
    from_name: Option<String>,
    subject: String,
    template: String,
    lang: String,
    text_body: String,
    html_body: String,
}

impl Content {
    /// A new message of this content, pending and due now, with a fresh `Message-ID`.
    fn pending(self) -> message::ActiveModel {
        let now = Utc::now();
        message::ActiveModel {
            store_id: Set(self.store_id),
            to_address: Set(self.to_address),
            reply_to: Set(self.reply_to),
            from_name: Set(self.from_name),
            subject: Set(self.subject),
            template: Set(self.template),
            lang: Set(self.lang),
            text_body: Set(self.text_body),
            html_body: Set(self.html_body),
            status: Set("pending".into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            claimed_until: Set(None),
            claim_owner: Set(None),
            last_error: Set(None),
            message_id: Set(new_message_id()),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
    }
}

async fn store(
    conn: &impl ConnectionTrait,
    row: message::ActiveModel,
    attachments: Vec<Attachment>,
) -> Result<i64, MessagingError> {
    let m = row.insert(conn).await?;
    for a in attachments {
        attachment::ActiveModel {
            message_id: Set(m.id),
            file_name: Set(a.file_name),
            content_type: Set(a.content_type),
            content: Set(a.content),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(m.id)
}

/// Renders and stores `m` as `pending` in `conn` (the caller's transaction); its id.
pub async fn enqueue<V: Serialize>(
    conn: &impl ConnectionTrait,
    m: NewMessage<V>,
) -> Result<i64, MessagingError> {
    let to = address("to", &m.to)?;
    let mut reply_to = m
        .reply_to
        .as_deref()
        .map(|r| address("reply_to", r))
        .transpose()?;
    let lang = templates::language(&m.lang);
    let mut from_name = m.from_name;
    let r = match m.store_id {
        // The store's settings: its sender name replaces the default display name the caller
        // passes (the store's name); its Reply-To applies unless the caller gave one. Its own
        // text of the template, when it has one.
        Some(store) => {
            let own = customize::settings(conn, store).await?;
            if own.sender_name.is_some() {
                from_name = own.sender_name;
            }
            if reply_to.is_none() {
                reply_to = own.reply_to;
            }
            customize::render_for_store(conn, store, m.template, lang, &m.vars).await?
        }
        None => templates::render(m.template, lang, &m.vars)?,
    };
    let row = Content {
        store_id: m.store_id.map(|s| s.0),
        to_address: to,
        reply_to,
        from_name: from_name.map(|n| n.replace(['\r', '\n'], " ").chars().take(200).collect()),
        subject: r.subject.chars().take(500).collect(),
        template: m.template.to_owned(),
        lang: lang.to_owned(),
        text_body: r.text,
        html_body: r.html,
    }
    .pending();
    store(conn, row, m.attachments).await
}

/// The store's message `id`, or 404 (another store's message too).
pub async fn find(
    conn: &impl ConnectionTrait,
    store_id: StoreId,
    id: i64,
) -> Result<message::Model, MessagingError> {
    message::Entity::find_by_id(id)
        .filter(message::Column::StoreId.eq(store_id.0))
        .one(conn)
        .await?
        .ok_or(NotFound("E-mail").into())
}

/// A new pending message with the content and attachments of the store's message `id`
/// (a new `Message-ID`: it is a new message for the recipient); its id.
pub async fn resend(
    conn: &impl ConnectionTrait,
    store_id: StoreId,
    id: i64,
) -> Result<i64, MessagingError> {
    let old = find(conn, store_id, id).await?;
    let files = attachment::Entity::find()
        .filter(attachment::Column::MessageId.eq(old.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| Attachment {
            file_name: a.file_name,
            content_type: a.content_type,
            content: a.content,
        })
        .collect();
    let row = Content {
        store_id: old.store_id,
        to_address: old.to_address,
        reply_to: old.reply_to,
        from_name: old.from_name,
        subject: old.subject,
        template: old.template,
        lang: old.lang,
        text_body: old.text_body,
        html_body: old.html_body,
    }
    .pending();
    store(conn, row, files).await
}
