//! Sending the outbox. [`deliver_due`] claims due messages with a conditional update that
//! takes a lease (`claimed_until`, `claim_owner`), so two instances never send one message
//! twice and a crashed sender's claim expires; it sends each over SMTP (STARTTLS, TLS, or
//! plain on loopback only) and records the outcome while it still holds the claim. A
//! transient failure (connection refused, 4xx) schedules the next attempt after
//! [`RETRY_DELAYS`] (each stretched by up to a fifth at random, so failures do not come back
//! in step) until [`MAX_ATTEMPTS`]; a permanent one (5xx, an address the server refuses)
//! fails the message at once. `per_minute` caps the messages sent in any minute across
//! instances.
//!
//! Without an SMTP server: in demo mode messages go to the local mailbox (marked sent, shown
//! at `/dev/mailbox`); otherwise they stay pending with the error "no SMTP server
//! configured", and leave once a server is configured.
//!
//! The clock is a parameter: the worker passes the time, tests move it forward.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment as Part, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use orion_db::Db;
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::entity::{attachment, message};
use crate::error::MessagingError;
use crate::settings::{SmtpSettings, Tls};

/// How long the SMTP server has for each command.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// How long a claim holds a message (well beyond a slow send).
pub const LEASE: chrono::Duration = chrono::Duration::seconds(300);
/// The wait after each failed attempt (before jitter): 30 s, 2 min, 10 min, 30 min, 1 h, 2 h,
/// 4 h — about 8 hours from the first attempt to the last.
pub const RETRY_DELAYS: [i64; 7] = [30, 120, 600, 1800, 3600, 7200, 14_400];
/// Attempts before a message is `failed`.
pub const MAX_ATTEMPTS: i32 = RETRY_DELAYS.len() as i32 + 1;
/// What a message waiting for a server shows as its last error.
pub const NOT_CONFIGURED: &str = "no SMTP server configured";
/// The longest error kept.
const MAX_ERROR_CHARS: usize = 500;

/// Where due messages go.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub smtp: SmtpSettings,
    /// `orion demo` without a server: messages go to the local mailbox.
    pub demo_mailbox: bool,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: u64,
    /// Failed, with an attempt left.
    pub retrying: u64,
    /// Failed for good.
    pub failed: u64,
    /// Left waiting: no server configured, or the per-minute cap reached.
    pub waiting: u64,
}

impl Round {
    /// Messages the round handled (to tell whether it was full).
    pub fn handled(&self) -> u64 {
        self.sent + self.retrying + self.failed
    }
}

/// The wait after attempt number `attempts` failed (`None`: that was the last).
pub fn retry_delay(attempts: i32) -> Option<chrono::Duration> {
    let base = *RETRY_DELAYS.get(usize::try_from(attempts).ok()?.checked_sub(1)?)?;
    let jitter = rand::rng().random_range(0..=base / 5);
    Some(chrono::Duration::seconds(base + jitter))
}

/// The outbox's lease columns (see `orion_db::lease`).
const OUTBOX: orion_db::lease::Lease<message::Column> = orion_db::lease::Lease {
    id: message::Column::Id,
    status: message::Column::Status,
    next_attempt_at: message::Column::NextAttemptAt,
    claimed_until: message::Column::ClaimedUntil,
    claim_owner: message::Column::ClaimOwner,
    hold: LEASE,
};

fn due(now: DateTime<Utc>) -> Condition {
    OUTBOX.due(now)
}

/// Claims up to `limit` due messages for `owner`.
async fn claim(
    db: &Db,
    owner: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<message::Model>, MessagingError> {
    Ok(OUTBOX
        .claim::<message::Entity>(db.conn(), Condition::all(), owner, now, limit)
        .await?)
}

/// How one send went.
enum Sent {
    Ok,
    Transient(String),
    Permanent(String),
}

fn clip(e: impl std::fmt::Display) -> String {
    e.to_string().chars().take(MAX_ERROR_CHARS).collect()
}

fn transport(s: &SmtpSettings, host: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match s.tls {
        Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        Tls::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(clip)?
        }
        Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(clip)?,
    };
    let mut builder = builder.port(s.port).timeout(Some(TIMEOUT));
    if let (Some(u), Some(p)) = (&s.user, &s.password) {
        builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(builder.build())
}

/// The MIME message: text and HTML alternatives, then the attachments.
pub fn build(
    m: &message::Model,
    from: &str,
    files: &[attachment::Model],
) -> Result<Message, String> {
    let from = Mailbox::new(m.from_name.clone(), from.parse().map_err(clip)?);
    let mut b = Message::builder()
        .from(from)
        .to(Mailbox::new(None, m.to_address.parse().map_err(clip)?))
        .subject(m.subject.clone())
        .message_id(Some(m.message_id.clone()))
        .date(std::time::SystemTime::now());
    if let Some(r) = &m.reply_to {
        b = b.reply_to(Mailbox::new(None, r.parse().map_err(clip)?));
    }
    let alt = MultiPart::alternative_plain_html(m.text_body.clone(), m.html_body.clone());
    let body = if files.is_empty() {
        alt
    } else {
        files
            .iter()
            .try_fold(MultiPart::mixed().multipart(alt), |mixed, f| {
                let ct = ContentType::parse(&f.content_type).map_err(clip)?;
                Ok::<_, String>(
                    mixed.singlepart(Part::new(f.file_name.clone()).body(f.content.clone(), ct)),
                )
            })?
    };
    b.multipart(body).map_err(clip)
}

async fn send(
    smtp: &AsyncSmtpTransport<Tokio1Executor>,
    m: &message::Model,
    from: &str,
    files: &[attachment::Model],
) -> Sent {
    let email = match build(m, from, files) {
        Ok(e) => e,
        Err(e) => return Sent::Permanent(e),
    };
    match smtp.send(email).await {
        Ok(_) => Sent::Ok,
        Err(e) if e.is_permanent() => Sent::Permanent(error_text(&e)),
        Err(e) => Sent::Transient(error_text(&e)),
    }
}

/// An SMTP error with its causes ("Connection error: Connection refused").
fn error_text(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    clip(text)
}

/// Records how the send went, only while `owner` still holds the claim; `None` when the
/// claim was lost.
async fn record(
    db: &Db,
    m: &message::Model,
    owner: &str,
    sent: &Sent,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, MessagingError> {
    let attempts = m.attempts + 1;
    let (status, next, error) = match sent {
        Sent::Ok => ("sent", now, None),
        Sent::Permanent(e) => ("failed", now, Some(e.clone())),
        Sent::Transient(e) => match retry_delay(attempts) {
            Some(wait) => ("pending", now + wait, Some(e.clone())),
            None => ("failed", now, Some(e.clone())),
        },
    };
    let r = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(status))
        .col_expr(message::Column::Attempts, Expr::value(attempts))
        .col_expr(message::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            message::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            message::Column::ClaimOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(message::Column::LastError, Expr::value(error))
        .col_expr(
            message::Column::SentAt,
            Expr::value(matches!(sent, Sent::Ok).then_some(now)),
        )
        .filter(message::Column::Id.eq(m.id))
        .filter(message::Column::ClaimOwner.eq(owner))
        .exec(db.conn())
        .await?;
    Ok((r.rows_affected == 1).then_some(status))
}

/// Without a server outside demo mode: due messages wait, their last error says why.
async fn wait_for_server(db: &Db, now: DateTime<Utc>) -> Result<Round, MessagingError> {
    let r = message::Entity::update_many()
        .col_expr(message::Column::LastError, Expr::value(NOT_CONFIGURED))
        .filter(due(now))
        .filter(message::Column::LastError.is_null())
        .exec(db.conn())
        .await?;
    if r.rows_affected > 0 {
        tracing::warn!(
            messages = r.rows_affected,
            "e-mail waiting: {NOT_CONFIGURED} (set ORION_SMTP_HOST)"
        );
    }
    Ok(Round {
        waiting: r.rows_affected,
        ..Round::default()
    })
}

/// In demo mode without a server: due messages go to the local mailbox.
async fn to_mailbox(db: &Db, now: DateTime<Utc>) -> Result<Round, MessagingError> {
    let r = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value("sent"))
        .col_expr(
            message::Column::Attempts,
            Expr::col(message::Column::Attempts).add(1),
        )
        .col_expr(message::Column::SentAt, Expr::value(now))
        .col_expr(
            message::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(due(now))
        .exec(db.conn())
        .await?;
    Ok(Round {
        sent: r.rows_affected,
        ..Round::default()
    })
}

/// How many more messages the per-minute cap allows now.
async fn allowance(
    db: &Db,
    per_minute: Option<u32>,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<u64, MessagingError> {
    let Some(cap) = per_minute else {
        return Ok(limit);
    };
    let recent = message::Entity::find()
        .filter(message::Column::SentAt.gt(now - chrono::Duration::minutes(1)))
        .count(db.conn())
        .await?;
    Ok(Ord::min(u64::from(cap).saturating_sub(recent), limit))
}

/// Sends up to `limit` due messages.
pub async fn deliver_due(
    db: &Db,
    settings: &Delivery,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Round, MessagingError> {
    let Some(host) = settings.smtp.host.as_deref() else {
        return if settings.demo_mailbox {
            to_mailbox(db, now).await
        } else {
            wait_for_server(db, now).await
        };
    };
    let limit = allowance(db, settings.smtp.per_minute, now, limit).await?;
    if limit == 0 {
        return Ok(Round::default());
    }
    let owner = orion_db::lease::new_owner();
    let claimed = claim(db, &owner, now, limit).await?;
    if claimed.is_empty() {
        return Ok(Round::default());
    }
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    let mut files: HashMap<i64, Vec<attachment::Model>> = HashMap::new();
    for a in attachment::Entity::find()
        .filter(attachment::Column::MessageId.is_in(ids))
        .order_by_asc(attachment::Column::Id)
        .all(db.conn())
        .await?
    {
        files.entry(a.message_id).or_default().push(a);
    }
    let smtp = transport(&settings.smtp, host);
    let mut round = Round::default();
    for m in &claimed {
        let sent = match &smtp {
            Ok(t) => {
                let f = files.get(&m.id).map(Vec::as_slice).unwrap_or_default();
                send(t, m, &settings.smtp.from, f).await
            }
            Err(e) => Sent::Transient(e.clone()),
        };
        if let Sent::Transient(e) | Sent::Permanent(e) = &sent {
            tracing::warn!(message = m.id, error = %e, "sending an e-mail failed");
        }
        match record(db, m, &owner, &sent, now).await? {
            Some("sent") => round.sent += 1,
            Some("failed") => round.failed += 1,
            Some(_) => round.retrying += 1,
            None => {}
        }
    }
    Ok(round)
}
