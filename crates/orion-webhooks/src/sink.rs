//! The outbox: events become a message and one pending delivery per enabled endpoint of the
//! store subscribed to their type, written in the transaction of the change. Two sources feed
//! it: order events ([`OrderEvents`], an order subscriber) and the other modules' domain
//! events ([`WebhookSink`], an `orion_db::events` sink). A store without a subscribed
//! endpoint costs one indexed look-up per event.

use chrono::Utc;
use orion_db::events::{DomainEvent, EventSink};
use orion_kernel::{BoxFuture, BoxedError, Money, StoreId};
use orion_orders::{Change, OrderEvent, OrderSubscriber};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

use crate::entity::{delivery, endpoint, message};
use crate::error::WebhookError;
use crate::events;

/// The enabled endpoints of `store` subscribed to `kind`.
pub async fn subscribed(
    conn: &impl ConnectionTrait,
    store: StoreId,
    kind: &str,
) -> Result<Vec<endpoint::Model>, WebhookError> {
    let all = endpoint::Entity::find()
        .filter(endpoint::Column::StoreId.eq(store.0))
        .filter(endpoint::Column::Enabled.eq(true))
        .order_by_asc(endpoint::Column::Id)
        .all(conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|e| events::of_stored(&e.events).iter().any(|t| t == kind))
        .collect())
}

/// A new message id in the `webhook-id` form: `msg_` and 32 hex digits.
fn new_uid() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    format!("msg_{}", hex::encode(b))
}

/// Writes the message and a pending delivery to each of `to`.
pub async fn write(
    tx: &DatabaseTransaction,
    store: StoreId,
    kind: &str,
    data: &Value,
    to: &[endpoint::Model],
) -> Result<message::Model, WebhookError> {
    let now = Utc::now();
    let m = message::ActiveModel {
        uid: Set(new_uid()),
        store_id: Set(store.0),
        event_type: Set(kind.to_owned()),
        payload: Set(data.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    for e in to {
        queue(tx, &m, e.id).await?;
    }
    Ok(m)
}

/// A pending delivery of `m` to endpoint `endpoint_id`, due now.
pub async fn queue(
    conn: &impl ConnectionTrait,
    m: &message::Model,
    endpoint_id: i64,
) -> Result<delivery::Model, WebhookError> {
    let now = Utc::now();
    Ok(delivery::ActiveModel {
        store_id: Set(m.store_id),
        message_id: Set(m.id),
        endpoint_id: Set(endpoint_id),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Records `kind` for `store` when an endpoint listens; `None` when none does.
pub async fn record(
    tx: &DatabaseTransaction,
    store: StoreId,
    kind: &str,
    data: &Value,
) -> Result<Option<message::Model>, WebhookError> {
    let to = subscribed(tx, store, kind).await?;
    if to.is_empty() {
        return Ok(None);
    }
    write(tx, store, kind, data, &to).await.map(Some)
}

/// Domain events of the other modules (`invoice.issued`, `stock.low`, …).
pub struct WebhookSink;

impl EventSink for WebhookSink {
    fn emit<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        ev: &'a DomainEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            record(tx, ev.store, ev.kind, &ev.data)
                .await
                .map(|_| ())
                .map_err(BoxedError::new)
        })
    }
}

/// The event type of an order change; `None` for shipping, which its status change
/// (`shipped`) already tells.
pub fn order_event_type(c: &Change) -> Option<&'static str> {
    match c {
        Change::Created { .. } => Some(events::ORDER_CREATED),
        Change::StatusChanged { .. } => Some(events::ORDER_STATUS_CHANGED),
        Change::ItemsDecided { .. } => Some(events::ORDER_ITEM_DECIDED),
        Change::Shipped { .. } => None,
    }
}

/// The `data` of an order event: the order as it is after the change, then what changed.
fn order_data(o: &orion_orders::entity::order::Model, c: &Change) -> Value {
    let mut data = json!({
        "order_id": o.id,
        "order_number": o.order_number,
        "status": o.status,
        "channel": o.channel,
        "external_shipment_id": o.external_shipment_id,
        "total": Money(o.total_cents).to_string(),
        "currency": o.currency,
        "tracking_number": o.tracking_number,
        "carrier": o.carrier,
        "ordered_at": o.ordered_at.to_rfc3339(),
    });
    match c {
        Change::StatusChanged { from, to } => {
            data["from"] = json!(from.as_str());
            data["to"] = json!(to.as_str());
        }
        Change::ItemsDecided {
            items, available, ..
        } => {
            data["item_ids"] = json!(items.iter().map(|i| i.0).collect::<Vec<_>>());
            data["decision"] = json!(if *available { "confirmed" } else { "declined" });
        }
        Change::Created { .. } | Change::Shipped { .. } => {}
    }
    data
}

async fn on_order_event(tx: &DatabaseTransaction, e: &OrderEvent) -> Result<(), WebhookError> {
    let Some(kind) = order_event_type(&e.change) else {
        return Ok(());
    };
    let to = subscribed(tx, e.store, kind).await?;
    if to.is_empty() {
        return Ok(());
    }
    let o = orion_orders::service::find(tx, e.store, e.order).await?;
    write(tx, e.store, kind, &order_data(&o, &e.change), &to).await?;
    Ok(())
}

/// Order events, whatever changed the order (API, page, CLI, Letzshop sync).
pub struct OrderEvents;

impl OrderSubscriber for OrderEvents {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move { on_order_event(tx, event).await.map_err(BoxedError::new) })
    }
}
