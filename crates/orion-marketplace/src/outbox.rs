//! The outbox of Letzshop operations (confirm, decline, tracking): rows are written in the
//! transaction of the local change (see [`crate::ext`]) and delivered by [`deliver_due`]:
//! claimed atomically (conditional UPDATE, with a lease so a crashed sender's rows come
//! back), sent, then marked `sent`; a failure retries with exponential backoff until
//! `failed` after `outbox_max_attempts` (still retryable by hand). Confirm and tracking are
//! idempotent at Letzshop, so a crash between the call and the `sent` mark re-sends safely.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::{DateTime, Utc};
use orion_db::Db;
use orion_kernel::{Invalid, Pagination, StoreId};
use orion_letzshop::Client;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::entity::outbox;
use crate::error::MarketplaceError;
use crate::service::{self, settings};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitsPayload {
    pub shipment_id: Option<String>,
    pub unit_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrackingPayload {
    pub shipment_id: String,
    pub tracking_number: String,
    pub carrier: String,
}

/// Queues one operation (inside the caller's transaction).
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    store: StoreId,
    order_id: i64,
    kind: &str,
    payload: serde_json::Value,
) -> Result<outbox::Model, MarketplaceError> {
    let now = Utc::now();
    outbox::ActiveModel {
        store_id: Set(store.0),
        order_id: Set(order_id),
        kind: Set(kind.into()),
        payload: Set(payload.to_string()),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(Into::into)
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq("pending"))
                .add(outbox::Column::NextAttemptAt.lte(now)),
        )
        // A sender that crashed mid-call: its lease expired, the row is due again.
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq("sending"))
                .add(outbox::Column::LeaseExpiresAt.lt(now)),
        )
}

/// Claims one row for `owner` (a conditional UPDATE: only one instance wins).
async fn claim(db_: &Db, id: i64, owner: &str) -> Result<bool, MarketplaceError> {
    let now = Utc::now();
    let lease =
        now + chrono::Duration::from_std(settings().lease).unwrap_or(chrono::Duration::seconds(60));
    let r = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("sending"))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(owner))
        .col_expr(outbox::Column::LeaseExpiresAt, Expr::value(lease))
        .filter(outbox::Column::Id.eq(id))
        .filter(due(now))
        .exec(db_.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

async fn send(client: &Client, row: &outbox::Model) -> Result<(), String> {
    match row.kind.as_str() {
        "confirm" | "decline" => {
            let p: UnitsPayload = serde_json::from_str(&row.payload).map_err(|e| e.to_string())?;
            client
                .confirm_inventory_units(&p.unit_ids, row.kind == "confirm")
                .await
                .map_err(|e| e.to_string())
        }
        "tracking" => {
            let p: TrackingPayload =
                serde_json::from_str(&row.payload).map_err(|e| e.to_string())?;
            client
                .set_tracking(&p.shipment_id, &p.tracking_number, &p.carrier)
                .await
                .map_err(|e| e.to_string())
        }
        k => Err(format!("unknown operation {k}")),
    }
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub failed: u64,
}

/// Delivers due rows (of one store, or of every store), oldest first. Operations of one order
/// keep their order: after a failure, that order's later rows wait for the next round.
pub async fn deliver_due(
    db_: &Db,
    secret: &[u8],
    store: Option<StoreId>,
    limit: u64,
) -> Result<Delivered, MarketplaceError> {
    let now = Utc::now();
    let mut q = outbox::Entity::find().filter(due(now));
    if let Some(s) = store {
        q = q.filter(outbox::Column::StoreId.eq(s.0));
    }
    let rows = q
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db_.conn())
        .await?;
    let owner = service::new_owner();
    let mut clients: HashMap<i64, Result<Client, String>> = HashMap::new();
    let mut blocked: HashSet<i64> = HashSet::new();
    let mut out = Delivered::default();
    for row in rows {
        if blocked.contains(&row.order_id) || !claim(db_, row.id, &owner).await? {
            continue;
        }
        let client = match clients.get(&row.store_id) {
            Some(c) => c.clone(),
            None => {
                let c = match service::find_connection(db_.conn(), StoreId(row.store_id)).await? {
                    Some(c) => service::client_for(secret, &c).map_err(|e| e.to_string()),
                    None => Err("the store has no Letzshop connection".to_owned()),
                };
                clients.insert(row.store_id, c.clone());
                c
            }
        };
        let started = Instant::now();
        let res = match client {
            Ok(c) => send(&c, &row).await,
            Err(e) => Err(e),
        };
        let ms = started.elapsed().as_millis() as i64;
        let attempts = row.attempts + 1;
        let mut a: outbox::ActiveModel = row.clone().into();
        a.attempts = Set(attempts);
        a.lease_owner = Set(None);
        a.lease_expires_at = Set(None);
        match &res {
            Ok(()) => {
                a.status = Set("sent".into());
                a.sent_at = Set(Some(Utc::now()));
                a.last_error = Set(None);
                out.sent += 1;
            }
            Err(e) => {
                let s = settings();
                let exp = (attempts - 1).clamp(0, 20) as u32;
                let delay = s
                    .outbox_backoff
                    .saturating_mul(2u32.saturating_pow(exp))
                    .min(std::time::Duration::from_secs(3600));
                a.status = Set(if attempts >= s.outbox_max_attempts {
                    "failed".into()
                } else {
                    "pending".into()
                });
                a.next_attempt_at = Set(Utc::now()
                    + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::seconds(60)));
                a.last_error = Set(Some(e.chars().take(2000).collect()));
                blocked.insert(row.order_id);
                out.failed += 1;
            }
        }
        // Only the claimant marks the row (a lost lease leaves it to the new claimant).
        outbox::Entity::update_many()
            .set(a)
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::LeaseOwner.eq(owner.clone()))
            .exec(db_.conn())
            .await?;
        service::log(
            db_.conn(),
            StoreId(row.store_id),
            &row.kind,
            serde_json::json!({"outbox_id": row.id, "order_id": row.order_id, "attempt": attempts, "sent": res.is_ok()}),
            ms,
            res.err(),
        )
        .await?;
    }
    Ok(out)
}

/// The outbox as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboxOut {
    pub id: i64,
    pub order_id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<outbox::Model> for OutboxOut {
    fn from(o: outbox::Model) -> Self {
        OutboxOut {
            id: o.id,
            order_id: o.order_id,
            kind: o.kind,
            payload: serde_json::from_str(&o.payload).unwrap_or(serde_json::Value::Null),
            status: o.status,
            attempts: o.attempts,
            next_attempt_at: o.next_attempt_at,
            last_error: o.last_error,
            created_at: o.created_at,
            sent_at: o.sent_at,
        }
    }
}

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    status: Option<&str>,
    order: Option<i64>,
    p: &Pagination,
) -> Result<(Vec<outbox::Model>, u64), MarketplaceError> {
    let mut q = outbox::Entity::find().filter(outbox::Column::StoreId.eq(store.0));
    if let Some(s) = status.filter(|s| !s.is_empty()) {
        if !matches!(s, "pending" | "sending" | "sent" | "failed") {
            return Err(
                Invalid::field("status", "must be pending, sending, sent or failed").into(),
            );
        }
        q = q.filter(outbox::Column::Status.eq(s));
    }
    if let Some(o) = order {
        q = q.filter(outbox::Column::OrderId.eq(o));
    }
    let q = q.order_by_desc(outbox::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

/// Makes a pending or failed row due now (with a fresh attempt budget).
pub async fn retry(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<outbox::Model, MarketplaceError> {
    let row = orion_db::query::find_in_store::<outbox::Entity>(
        conn,
        outbox::Column::StoreId,
        store,
        id,
        "Outbox operation",
    )
    .await?;
    if !matches!(row.status.as_str(), "pending" | "failed") {
        return Err(MarketplaceError::NotRetryable { status: row.status });
    }
    let mut a: outbox::ActiveModel = row.into();
    a.status = Set("pending".into());
    a.attempts = Set(0);
    a.next_attempt_at = Set(Utc::now());
    a.update(conn).await.map_err(Into::into)
}
