//! Sending the outbox. [`deliver_due`] claims due deliveries with a conditional update that
//! takes a lease (`claimed_until`), so two instances never send the same delivery at once and
//! a crashed sender's claim expires; it POSTs each message, signed, to its endpoint (at most
//! [`TIMEOUT`], no redirects followed, no proxy, addresses checked by [`guard`]) and records
//! the attempt. A 2xx answer delivers; anything else schedules the next attempt after
//! [`RETRY_DELAYS`] (each stretched by up to a fifth at random, so failed deliveries do not
//! come back in step) until [`MAX_ATTEMPTS`], when the delivery is `failed`. An endpoint
//! whose deliveries failed [`DISABLE_AFTER`] times in a row, with no success in between, is
//! switched off with the reason `failing`; switching it back on clears the count.
//!
//! The clock is a parameter: the worker passes the time, tests move it forward instead of
//! sleeping.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::StreamExt;
use orion_db::Db;
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};

use crate::endpoints::{self, DISABLED_FAILING};
use crate::entity::{attempt, delivery, endpoint, message};
use crate::error::WebhookError;
use crate::{guard, signing};

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim holds a delivery (well beyond [`TIMEOUT`]).
pub const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// The wait after each failed attempt (before jitter): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
/// 10 h — about 28 hours from the first attempt to the last.
pub const RETRY_DELAYS: [i64; 7] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
/// Attempts before a delivery is `failed`.
pub const MAX_ATTEMPTS: i32 = RETRY_DELAYS.len() as i32 + 1;
/// Failed deliveries in a row after which an endpoint is switched off.
pub const DISABLE_AFTER: i32 = 5;
/// Requests in flight at once in one round.
const CONCURRENCY: usize = 16;
/// The longest error kept per attempt.
const MAX_ERROR_CHARS: usize = 500;

/// The wait after attempt number `attempts` failed (`None`: that was the last).
pub fn retry_delay(attempts: i32) -> Option<chrono::Duration> {
    let base = *RETRY_DELAYS.get(usize::try_from(attempts).ok()?.checked_sub(1)?)?;
    let jitter = rand::rng().random_range(0..=base / 5);
    Some(chrono::Duration::seconds(base + jitter))
}

/// The body every endpoint receives for a message: `{"type", "timestamp", "data"}`.
pub fn body_of(m: &message::Model) -> Result<String, WebhookError> {
    let data: serde_json::Value = serde_json::from_str(&m.payload)?;
    Ok(serde_json::json!({
        "type": m.event_type,
        "timestamp": m.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string())
}

/// The HTTP client of every delivery: no redirects, no proxy, the guarded resolver.
fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .user_agent(concat!("Orion-Webhooks/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .dns_resolver(std::sync::Arc::new(guard::GuardedResolver))
            .build()
            .expect("the webhook HTTP client builds")
    })
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Answered 2xx.
    pub delivered: u64,
    /// Failed, with an attempt left.
    pub retrying: u64,
    /// Failed their last attempt.
    pub failed: u64,
}

/// How one request went.
struct Sent {
    status: Option<u16>,
    error: Option<String>,
    ms: i64,
}

impl Sent {
    fn ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The deliveries' lease columns (see `orion_db::lease`).
const DELIVERIES: orion_db::lease::Lease<delivery::Column> = orion_db::lease::Lease {
    id: delivery::Column::Id,
    status: delivery::Column::Status,
    next_attempt_at: delivery::Column::NextAttemptAt,
    claimed_until: delivery::Column::ClaimedUntil,
    claim_owner: delivery::Column::ClaimOwner,
    hold: LEASE,
};

/// Claims up to `limit` due deliveries of enabled endpoints for `owner`.
async fn claim(
    db: &Db,
    owner: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<delivery::Model>, WebhookError> {
    let enabled = Query::select()
        .column(endpoint::Column::Id)
        .from(endpoint::Entity)
        .and_where(endpoint::Column::Enabled.eq(true))
        .to_owned();
    let only = Condition::all().add(delivery::Column::EndpointId.in_subquery(enabled));
    Ok(DELIVERIES
        .claim::<delivery::Entity>(db.conn(), only, owner, now, limit)
        .await?)
}

/// What one request sends, where.
struct Request {
    url: String,
    msg_id: String,
    secret: String,
    body: String,
}

/// One signed request.
async fn send(r: &Request, now: DateTime<Utc>) -> Sent {
    let started = Instant::now();
    let url = match guard::check_before_send(&r.url) {
        Ok(u) => u,
        Err(e) => {
            return Sent {
                status: None,
                error: Some(e),
                ms: 0,
            };
        }
    };
    let ts = now.timestamp();
    let signature = signing::sign(&r.secret, &r.msg_id, ts, r.body.as_bytes());
    let res = client()
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &r.msg_id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", signature)
        .body(r.body.clone())
        .send()
        .await;
    let ms = started.elapsed().as_millis() as i64;
    match res {
        Ok(r) => {
            let status = r.status().as_u16();
            let error = (!r.status().is_success()).then(|| format!("HTTP {status}"));
            Sent {
                status: Some(status),
                error,
                ms,
            }
        }
        Err(e) => Sent {
            status: None,
            error: Some(error_text(&e)),
            ms,
        },
    }
}

/// A transport error with its causes ("error sending request: connection refused").
fn error_text(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.chars().take(MAX_ERROR_CHARS).collect()
}

/// Records an attempt, moves the delivery on and keeps the endpoint's failure count; only
/// while `owner` still holds the claim.
async fn record(
    db: &Db,
    d: &delivery::Model,
    owner: &str,
    sent: &Sent,
    now: DateTime<Utc>,
) -> Result<Outcome, WebhookError> {
    let tx = db.begin_write().await?;
    let attempts = d.attempts + 1;
    let (status, next, outcome) = if sent.ok() {
        ("delivered", now, Outcome::Delivered)
    } else {
        match retry_delay(attempts) {
            Some(wait) => ("pending", now + wait, Outcome::Retrying),
            None => ("failed", now, Outcome::Failed),
        }
    };
    let error = sent
        .error
        .as_ref()
        .map(|e| e.chars().take(MAX_ERROR_CHARS).collect::<String>());
    let r = delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(status))
        .col_expr(delivery::Column::Attempts, Expr::value(attempts))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            delivery::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            delivery::Column::ClaimOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            delivery::Column::LastStatusCode,
            Expr::value(sent.status.map(i32::from)),
        )
        .col_expr(delivery::Column::LastError, Expr::value(error.clone()))
        .col_expr(
            delivery::Column::DeliveredAt,
            Expr::value(sent.ok().then_some(now)),
        )
        .filter(delivery::Column::Id.eq(d.id))
        .filter(delivery::Column::ClaimOwner.eq(owner))
        .exec(&tx)
        .await?;
    if r.rows_affected != 1 {
        // The claim expired and another sender took the delivery over: its record counts.
        tx.rollback().await?;
        return Ok(Outcome::Lost);
    }
    attempt::ActiveModel {
        delivery_id: Set(d.id),
        store_id: Set(d.store_id),
        at: Set(now),
        status_code: Set(sent.status.map(i32::from)),
        duration_ms: Set(sent.ms),
        error: Set(error),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    match outcome {
        Outcome::Delivered => {
            endpoint::Entity::update_many()
                .col_expr(endpoint::Column::ConsecutiveFailures, Expr::value(0))
                .filter(endpoint::Column::Id.eq(d.endpoint_id))
                .filter(endpoint::Column::ConsecutiveFailures.ne(0))
                .exec(&tx)
                .await?;
        }
        Outcome::Failed => count_failure(&tx, d.endpoint_id, now).await?,
        Outcome::Retrying | Outcome::Lost => {}
    }
    tx.commit().await?;
    Ok(outcome)
}

/// One more failed delivery for the endpoint; the [`DISABLE_AFTER`]th in a row switches it
/// off.
async fn count_failure(
    tx: &sea_orm::DatabaseTransaction,
    endpoint_id: i64,
    now: DateTime<Utc>,
) -> Result<(), WebhookError> {
    endpoint::Entity::update_many()
        .col_expr(
            endpoint::Column::ConsecutiveFailures,
            Expr::col(endpoint::Column::ConsecutiveFailures).add(1),
        )
        .filter(endpoint::Column::Id.eq(endpoint_id))
        .exec(tx)
        .await?;
    let off = endpoint::Entity::update_many()
        .col_expr(endpoint::Column::Enabled, Expr::value(false))
        .col_expr(endpoint::Column::DisabledAt, Expr::value(now))
        .col_expr(
            endpoint::Column::DisabledReason,
            Expr::value(DISABLED_FAILING),
        )
        .col_expr(endpoint::Column::UpdatedAt, Expr::value(now))
        .filter(endpoint::Column::Id.eq(endpoint_id))
        .filter(endpoint::Column::Enabled.eq(true))
        .filter(endpoint::Column::ConsecutiveFailures.gte(DISABLE_AFTER))
        .exec(tx)
        .await?;
    if off.rows_affected == 1 {
        tracing::warn!(
            endpoint = endpoint_id,
            "webhook endpoint switched off after repeated failure"
        );
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Delivered,
    Retrying,
    Failed,
    /// The claim was lost to another sender (nothing recorded by us).
    Lost,
}

/// Sends up to `limit` due deliveries as of `now` (see the module documentation).
pub async fn deliver_due(
    db: &Db,
    app_key: &[u8],
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Round, WebhookError> {
    let owner = orion_db::lease::new_owner();
    let claimed = claim(db, &owner, now, limit).await?;
    if claimed.is_empty() {
        return Ok(Round::default());
    }
    let message_ids: Vec<i64> = claimed.iter().map(|d| d.message_id).collect();
    let endpoint_ids: Vec<i64> = claimed.iter().map(|d| d.endpoint_id).collect();
    let messages: HashMap<i64, message::Model> = message::Entity::find()
        .filter(message::Column::Id.is_in(message_ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let targets: HashMap<i64, (String, Option<String>)> = endpoint::Entity::find()
        .filter(endpoint::Column::Id.is_in(endpoint_ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| (e.id, (e.url.clone(), endpoints::secret_of(app_key, &e))))
        .collect();
    // Owned work items: the futures must not borrow across the buffered stream.
    let work: Vec<Result<Request, String>> = claimed
        .iter()
        .map(|d| {
            let m = messages
                .get(&d.message_id)
                .ok_or("the message was deleted")?;
            let (url, secret) = targets
                .get(&d.endpoint_id)
                .ok_or("the endpoint was deleted")?;
            let secret = secret.clone().ok_or(
                "the endpoint's signing secret cannot be read (ORION_SECRET_KEY changed); rotate it",
            )?;
            Ok(Request {
                url: url.clone(),
                msg_id: m.uid.clone(),
                secret,
                body: body_of(m).map_err(|e| e.to_string())?,
            })
        })
        .collect();
    let sends = work.into_iter().enumerate().map(|(i, w)| async move {
        let sent = match w {
            Ok(r) => send(&r, now).await,
            Err(e) => failure(e),
        };
        (i, sent)
    });
    let results: Vec<(usize, Sent)> = futures_util::stream::iter(sends)
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut round = Round::default();
    for (i, sent) in results {
        match record(db, &claimed[i], &owner, &sent, now).await? {
            Outcome::Delivered => round.delivered += 1,
            Outcome::Retrying => round.retrying += 1,
            Outcome::Failed => round.failed += 1,
            Outcome::Lost => {}
        }
    }
    Ok(round)
}

fn failure(error: impl Into<String>) -> Sent {
    Sent {
        status: None,
        error: Some(error.into()),
        ms: 0,
    }
}

/// Deletes messages older than `days` (their deliveries and attempts with them).
pub async fn prune(db: &Db, now: DateTime<Utc>, days: i64) -> Result<u64, WebhookError> {
    let r = message::Entity::delete_many()
        .filter(message::Column::CreatedAt.lt(now - chrono::Duration::days(days)))
        .exec(db.conn())
        .await?;
    Ok(r.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_with_jitter_then_stop() {
        for (i, base) in RETRY_DELAYS.iter().enumerate() {
            let d = retry_delay(i as i32 + 1).unwrap().num_seconds();
            assert!(
                (*base..=base + base / 5).contains(&d),
                "attempt {}: {d}",
                i + 1
            );
        }
        assert!(retry_delay(MAX_ATTEMPTS).is_none());
        assert!(retry_delay(0).is_none());
        assert_eq!(MAX_ATTEMPTS, 8);
    }

    #[test]
    fn the_body_names_the_type_the_time_and_the_data() {
        let m = message::Model {
            id: 1,
            uid: "msg_1".into(),
            store_id: 1,
            event_type: "order.created".into(),
            payload: r#"{"order_id":7}"#.into(),
            created_at: DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        };
        let v: serde_json::Value = serde_json::from_str(&body_of(&m).unwrap()).unwrap();
        assert_eq!(v["type"], "order.created");
        assert_eq!(v["timestamp"], "2026-12-07T10:00:00.000Z");
        assert_eq!(v["data"]["order_id"], 7);
    }
}
