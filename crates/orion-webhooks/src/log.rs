//! The delivery log of an endpoint: each delivery (newest first) with its status, attempts,
//! last response code and next attempt, each attempt with its code, duration and error; and
//! manual redelivery — a new delivery of the same message, so the receiver sees the same
//! `webhook-id` and can tell it already has it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use orion_kernel::{Invalid, Pagination, StoreId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::endpoints;
use crate::entity::{attempt, delivery, message};
use crate::error::WebhookError;
use crate::sink;

/// The states of a delivery.
pub const STATUSES: [&str; 3] = ["pending", "delivered", "failed"];

/// A delivery as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryOut {
    pub id: i64,
    pub endpoint_id: i64,
    /// The message's `webhook-id` (the same for its redeliveries).
    pub message_id: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    /// When the next attempt is due (pending deliveries only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last response's status code (none when no response came).
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl DeliveryOut {
    fn of(d: delivery::Model, m: Option<&message::Model>) -> Self {
        DeliveryOut {
            message_id: m.map(|m| m.uid.clone()).unwrap_or_default(),
            event_type: m.map(|m| m.event_type.clone()).unwrap_or_default(),
            next_attempt_at: (d.status == "pending").then_some(d.next_attempt_at),
            id: d.id,
            endpoint_id: d.endpoint_id,
            status: d.status,
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            delivered_at: d.delivered_at,
            created_at: d.created_at,
        }
    }
}

/// One request of a delivery.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttemptOut {
    pub at: DateTime<Utc>,
    /// The response's status code (none when no response came).
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
}

impl From<attempt::Model> for AttemptOut {
    fn from(a: attempt::Model) -> Self {
        AttemptOut {
            at: a.at,
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            error: a.error,
        }
    }
}

/// A delivery with the body it sends and every attempt, oldest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryDetail {
    #[serde(flatten)]
    pub delivery: DeliveryOut,
    /// The JSON body the endpoint receives.
    pub payload: serde_json::Value,
    pub attempt_log: Vec<AttemptOut>,
}

async fn messages_of(
    conn: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<HashMap<i64, message::Model>, WebhookError> {
    Ok(message::Entity::find()
        .filter(message::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// A page of an endpoint's deliveries, newest first (optionally of one status), and their
/// total.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    endpoint_id: i64,
    status: Option<&str>,
    p: &Pagination,
) -> Result<(Vec<DeliveryOut>, u64), WebhookError> {
    let e = endpoints::find(conn, store, endpoint_id).await?;
    let mut q = delivery::Entity::find()
        .filter(delivery::Column::StoreId.eq(store.0))
        .filter(delivery::Column::EndpointId.eq(e.id));
    if let Some(s) = status.map(str::trim).filter(|s| !s.is_empty()) {
        if !STATUSES.contains(&s) {
            return Err(Invalid::field("status", "must be pending, delivered or failed").into());
        }
        q = q.filter(delivery::Column::Status.eq(s));
    }
    let (rows, total) =
        orion_db::query::page(conn, q.order_by_desc(delivery::Column::Id), p).await?;
    let messages = messages_of(conn, rows.iter().map(|d| d.message_id).collect()).await?;
    let out = rows
        .into_iter()
        .map(|d| {
            let m = messages.get(&d.message_id);
            DeliveryOut::of(d, m)
        })
        .collect();
    Ok((out, total))
}

/// A delivery of the store's endpoint (another store's, or another endpoint's, is not found).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    endpoint_id: i64,
    delivery_id: i64,
) -> Result<delivery::Model, WebhookError> {
    let d = orion_db::query::find_in_store::<delivery::Entity>(
        conn,
        delivery::Column::StoreId,
        store,
        delivery_id,
        "Webhook delivery",
    )
    .await?;
    if d.endpoint_id != endpoint_id {
        return Err(orion_kernel::NotFound("Webhook delivery").into());
    }
    Ok(d)
}

/// The attempts of each of `deliveries`, oldest first.
pub async fn attempts_of(
    conn: &impl ConnectionTrait,
    deliveries: Vec<i64>,
) -> Result<HashMap<i64, Vec<AttemptOut>>, WebhookError> {
    let mut out: HashMap<i64, Vec<AttemptOut>> = HashMap::new();
    let rows = attempt::Entity::find()
        .filter(attempt::Column::DeliveryId.is_in(deliveries))
        .order_by_asc(attempt::Column::Id)
        .all(conn)
        .await?;
    for a in rows {
        out.entry(a.delivery_id).or_default().push(a.into());
    }
    Ok(out)
}

/// A delivery with its body and attempts.
pub async fn detail(
    conn: &impl ConnectionTrait,
    store: StoreId,
    endpoint_id: i64,
    delivery_id: i64,
) -> Result<DeliveryDetail, WebhookError> {
    let d = find(conn, store, endpoint_id, delivery_id).await?;
    let m = message::Entity::find_by_id(d.message_id)
        .one(conn)
        .await?
        .ok_or(orion_kernel::NotFound("Webhook delivery"))?;
    let payload = serde_json::from_str(&crate::delivery::body_of(&m)?)?;
    let attempt_log = attempts_of(conn, vec![d.id])
        .await?
        .remove(&d.id)
        .unwrap_or_default();
    Ok(DeliveryDetail {
        delivery: DeliveryOut::of(d, Some(&m)),
        payload,
        attempt_log,
    })
}

/// Queues the delivery's message to its endpoint again, due now; returns the new delivery.
pub async fn redeliver(
    conn: &impl ConnectionTrait,
    store: StoreId,
    endpoint_id: i64,
    delivery_id: i64,
) -> Result<DeliveryOut, WebhookError> {
    let e = endpoints::find(conn, store, endpoint_id).await?;
    let d = find(conn, store, e.id, delivery_id).await?;
    if !e.enabled {
        return Err(WebhookError::EndpointDisabled);
    }
    let m = message::Entity::find_by_id(d.message_id)
        .one(conn)
        .await?
        .ok_or(orion_kernel::NotFound("Webhook delivery"))?;
    let again = sink::queue(conn, &m, e.id).await?;
    Ok(DeliveryOut::of(again, Some(&m)))
}
