//! Starting a bulk job: the request checked, its orders resolved, the job recorded.

use std::collections::{BTreeMap, HashSet};

use chrono::Utc;
use orion_kernel::{FieldError, Invalid, StoreRef, UserId};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{BULK_ACTIONS, BulkError, TrackingIn};
use crate::entity::bulk_job;
use crate::service::{OrderFilter, ids_matching};

/// The most orders one job works on.
pub const MAX_ORDERS: usize = 5_000;
const KEY_LOCK: &str = "orders.bulk_key";

/// A bulk action over the orders listed, or over every order matching a filter.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// `confirm`, `ship`, `invoice` or `cancel`.
    pub action: String,
    /// The orders, worked on in this order (duplicates count once).
    #[serde(default)]
    pub order_ids: Option<Vec<i64>>,
    /// Instead of `order_ids`: every order the list would show with this filter.
    #[serde(default)]
    pub filter: Option<OrderFilter>,
    /// For `ship`: carrier and tracking number per order.
    #[serde(default)]
    pub tracking: Option<Vec<TrackingIn>>,
    /// For `ship`: the carrier of the orders `tracking` does not list.
    #[serde(default)]
    pub carrier: Option<String>,
}

/// Records the job (status `queued`) and returns it with whether it is new: a request with
/// an `Idempotency-Key` seen before returns the job of that key — or is refused when the
/// key came with another request.
pub async fn start(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    actor: Option<UserId>,
    req: BulkRequest,
    key: Option<&str>,
) -> Result<(bulk_job::Model, bool), BulkError> {
    let hash = hex::encode(Sha256::digest(
        serde_json::to_vec(&req).map_err(|e| Invalid::field("body", e.to_string()))?,
    ));
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    if let Some(k) = key {
        if k.len() > 200 {
            return Err(Invalid::field("Idempotency-Key", "must be at most 200 characters").into());
        }
        orion_db::lock_text(tx, KEY_LOCK, &format!("{}:{k}", store.id.0)).await?;
        let seen = bulk_job::Entity::find()
            .filter(bulk_job::Column::StoreId.eq(store.id.0))
            .filter(bulk_job::Column::IdempotencyKey.eq(k))
            .one(tx)
            .await?;
        if let Some(job) = seen {
            return if job.request_hash == hash {
                Ok((job, false))
            } else {
                Err(BulkError::KeyReused)
            };
        }
    }
    let action = req.action.trim();
    if BULK_ACTIONS.get(action).is_none() {
        return Err(
            Invalid::field("action", "must be confirm, ship, invoice, email or cancel").into(),
        );
    }
    let ids = orders_of(tx, store, &req).await?;
    let tracking = tracking_of(&req, &ids)?;
    let carrier = req
        .carrier
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if carrier.is_some() && action != "ship" {
        return Err(Invalid::field("carrier", "only a ship action takes a carrier").into());
    }
    if carrier.is_some_and(|c| c.chars().count() > 50) {
        return Err(Invalid::field("carrier", "must be at most 50 characters").into());
    }
    let now = Utc::now();
    let job = bulk_job::ActiveModel {
        store_id: Set(store.id.0),
        merchant_id: Set(store.merchant.0),
        store_code: Set(store.code.clone()),
        store_country: Set(store.country.clone()),
        idempotency_key: Set(key.map(str::to_owned)),
        request_hash: Set(hash),
        action: Set(action.to_owned()),
        total: Set(ids.len() as i32),
        order_ids: Set(serde_json::to_string(&ids).unwrap_or_default()),
        tracking: Set(tracking),
        carrier: Set(carrier.map(str::to_owned)),
        status: Set("queued".into()),
        created_by: Set(actor.map(|u| u.0)),
        lease_until: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok((job, true))
}

/// The job's orders: the list (deduplicated, in its order) or the filter's matches.
async fn orders_of(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    req: &BulkRequest,
) -> Result<Vec<i64>, BulkError> {
    let ids = match (&req.order_ids, &req.filter) {
        (Some(_), Some(_)) => {
            return Err(
                Invalid::field("filter", "send either order_ids or filter, not both").into(),
            );
        }
        (None, None) => {
            return Err(
                Invalid::field("order_ids", "choose the orders (order_ids or filter)").into(),
            );
        }
        (Some(ids), None) => {
            let mut seen = HashSet::new();
            ids.iter().copied().filter(|id| seen.insert(*id)).collect()
        }
        (None, Some(f)) => ids_matching(tx, store.id, f, MAX_ORDERS as u64 + 1).await?,
    };
    let field = if req.filter.is_some() {
        "filter"
    } else {
        "order_ids"
    };
    if ids.is_empty() {
        let msg = if req.filter.is_some() {
            "no order matches the filter"
        } else {
            "choose at least one order"
        };
        return Err(Invalid::field(field, msg).into());
    }
    if ids.len() > MAX_ORDERS {
        return Err(Invalid::field(
            field,
            format!("at most {MAX_ORDERS} orders at once; narrow the selection"),
        )
        .into());
    }
    Ok(ids)
}

/// The tracking entries by order id (JSON), for orders of the job only.
fn tracking_of(req: &BulkRequest, ids: &[i64]) -> Result<Option<String>, BulkError> {
    let Some(list) = &req.tracking else {
        return Ok(None);
    };
    if req.action.trim() != "ship" {
        return Err(Invalid::field("tracking", "only a ship action takes tracking numbers").into());
    }
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let mut errors = Vec::new();
    let mut by_order = BTreeMap::new();
    for (i, t) in list.iter().enumerate() {
        if !wanted.contains(&t.order_id) {
            errors.push(FieldError::new(
                format!("tracking[{i}].order_id"),
                "is not one of the orders of this action",
            ));
        } else if by_order.insert(t.order_id, t.clone()).is_some() {
            errors.push(FieldError::new(
                format!("tracking[{i}].order_id"),
                "appears twice",
            ));
        }
    }
    Invalid::check(errors)?;
    Ok(Some(serde_json::to_string(&by_order).unwrap_or_default()))
}
