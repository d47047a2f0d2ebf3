//! Receiving goods against a purchase order: partial or full, into a warehouse and bin, once
//! per `Idempotency-Key`. In one transaction: the receipt and its lines, a `receive`
//! inventory transaction per line (reference = the PO number), the lines' received
//! quantities, the products' average costs, the supplier's last prices and the order's
//! status.
//!
//! Locks, in this order: the idempotency key, the store's receiving lock (receipts of a store
//! queue, so average costs see every earlier receipt), the purchase order, then the stock
//! levels of its products in inventory's global order (by id).

use std::collections::BTreeMap;

use chrono::Utc;
use orion_billing::{Feature, limits};
use orion_inventory::service::{Actor, Slot};
use orion_inventory::{StockError, TxKind};
use orion_kernel::{FieldError, Invalid, MerchantId, ProductId, PurchaseOrderId, StoreId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use super::{MAX_QUANTITY, Status, lines_of, lock_order, status_of, text};
use crate::entity::{line, purchase_order, receipt, receipt_line};
use crate::error::PurchasingError;

const IDEMPOTENCY_LOCK: &str = "purchasing.receipt_key";
const RECEIVING_LOCK: &str = "purchasing.receiving";

/// One line of a receipt.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptLineIn {
    /// A line of the purchase order.
    pub line_id: i64,
    pub quantity: i64,
    /// The store's default warehouse when absent.
    pub warehouse_id: Option<i64>,
    pub bin: Option<String>,
}

/// A receipt as entered.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptIn {
    pub lines: Vec<ReceiptLineIn>,
    pub note: Option<String>,
}

/// The receipt, and whether this call made it (false: an earlier call with the same key).
pub struct Received {
    pub receipt: receipt::Model,
    pub new: bool,
}

fn hash_request(po: i64, body: &ReceiptIn) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(po.to_le_bytes());
    h.update(serde_json::to_vec(body).unwrap_or_default());
    hex::encode(h.finalize())
}

/// Receives goods; see the module documentation.
#[allow(clippy::too_many_arguments)]
pub async fn receive(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    actor: Option<UserId>,
    id: PurchaseOrderId,
    input: ReceiptIn,
    idempotency_key: Option<&str>,
) -> Result<Received, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let hash = hash_request(id.0, &input);
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 {
            return Err(Invalid::field("Idempotency-Key", "must be 1–200 characters").into());
        }
        orion_db::lock_text(tx, IDEMPOTENCY_LOCK, &format!("{}:{key}", store.0)).await?;
        if let Some(existing) = receipt::Entity::find()
            .filter(receipt::Column::StoreId.eq(store.0))
            .filter(receipt::Column::IdempotencyKey.eq(key))
            .one(tx)
            .await?
        {
            if existing.request_hash == hash {
                return Ok(Received {
                    receipt: existing,
                    new: false,
                });
            }
            return Err(Invalid::field(
                "Idempotency-Key",
                "was already used with a different request body",
            )
            .into());
        }
    }
    orion_db::lock_key(tx, RECEIVING_LOCK, store.0).await?;
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    if !status.is_open() {
        return Err(PurchasingError::WrongStatus {
            status: status.as_str(),
            action: "received",
        });
    }
    let number = po.number.clone().unwrap_or_default();
    let lines = lines_of(tx, po.id).await?;
    // Check every line first: nothing is received unless all of it can be.
    let mut errors = Vec::new();
    let mut note_errors = Vec::new();
    let note = text("note", input.note.clone(), 1000, &mut note_errors);
    errors.extend(note_errors);
    if input.lines.is_empty() {
        errors.push(FieldError::new("lines", "must have at least one line"));
    }
    let mut wanted: BTreeMap<i64, i64> = BTreeMap::new();
    for (i, l) in input.lines.iter().enumerate() {
        if !lines.iter().any(|x| x.id == l.line_id) {
            errors.push(FieldError::new(
                format!("lines[{i}].line_id"),
                "no such line on this purchase order",
            ));
        }
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                format!("must be between 1 and {MAX_QUANTITY}"),
            ));
        } else {
            let w = wanted.entry(l.line_id).or_default();
            *w = w.saturating_add(l.quantity);
        }
    }
    Invalid::check(errors)?;
    let products = orion_catalog::service::find_many(
        tx,
        store,
        &lines.iter().map(|l| l.product_id).collect::<Vec<_>>(),
    )
    .await?;
    let sku_of = |pid: i64| {
        products
            .iter()
            .find(|p| p.id == pid)
            .map(|p| p.sku.clone())
            .unwrap_or_default()
    };
    for l in &lines {
        let requested = wanted.get(&l.id).copied().unwrap_or(0);
        let open = l.quantity - l.received - l.closed_short;
        if requested > open {
            return Err(PurchasingError::OverReceipt {
                line_id: l.id,
                position: l.position,
                sku: sku_of(l.product_id),
                open,
                requested,
            });
        }
    }
    let touched: Vec<i64> = lines
        .iter()
        .filter(|l| wanted.contains_key(&l.id))
        .map(|l| l.product_id)
        .collect();
    orion_inventory::service::lock_levels(tx, store, &touched).await?;
    let mut held = BTreeMap::new();
    for pid in &touched {
        let on_hand: i64 = orion_inventory::service::levels(tx, store, Some(ProductId(*pid)), None)
            .await?
            .iter()
            .map(|l| l.on_hand)
            .sum();
        held.insert(*pid, on_hand);
    }
    let now = Utc::now();
    let r = receipt::ActiveModel {
        store_id: Set(store.0),
        purchase_order_id: Set(po.id),
        idempotency_key: Set(idempotency_key.map(Into::into)),
        request_hash: Set(hash),
        note: Set(note.clone()),
        created_by: Set(actor.map(|u| u.0)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let who = Actor {
        user_id: actor.map(|u| u.0),
        reason: note,
        reference: Some(number),
        ..Default::default()
    };
    for (i, l) in input.lines.iter().enumerate() {
        let pol = lines
            .iter()
            .find(|x| x.id == l.line_id)
            .ok_or(PurchasingError::Inconsistent("receipt line vanished"))?;
        let slot = Slot {
            warehouse_id: l.warehouse_id,
            bin: l.bin.clone().unwrap_or_default(),
        };
        let level = orion_inventory::service::adjust(
            tx,
            merchant,
            store,
            ProductId(pol.product_id),
            &slot,
            l.quantity,
            TxKind::Receive,
            &who,
        )
        .await
        .map_err(|e| match e {
            StockError::Invalid(inv) => PurchasingError::Invalid(inv.under(&format!("lines[{i}]"))),
            e => e.into(),
        })?;
        receipt_line::ActiveModel {
            receipt_id: Set(r.id),
            line_id: Set(pol.id),
            product_id: Set(pol.product_id),
            warehouse_id: Set(level.warehouse_id),
            bin: Set(level.bin.clone()),
            quantity: Set(l.quantity),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    for l in &lines {
        let Some(q) = wanted.get(&l.id).copied() else {
            continue;
        };
        let res = line::Entity::update_many()
            .col_expr(
                line::Column::Received,
                Expr::col(line::Column::Received).add(q),
            )
            .filter(line::Column::Id.eq(l.id))
            .exec(tx)
            .await?;
        if res.rows_affected != 1 {
            return Err(PurchasingError::Inconsistent(
                "purchase order line vanished",
            ));
        }
        super::costs::record_receipt(
            tx,
            store,
            l.product_id,
            held.get(&l.product_id).copied().unwrap_or(0),
            q,
            l.unit_cost_cents,
        )
        .await?;
        super::suppliers::note_cost(tx, store, po.supplier_id, l.product_id, l.unit_cost_cents)
            .await?;
    }
    let complete = lines.iter().all(|l| {
        l.received + wanted.get(&l.id).copied().unwrap_or(0) + l.closed_short >= l.quantity
    });
    let mut am: purchase_order::ActiveModel = po.into();
    am.status = Set(if complete {
        Status::Received
    } else {
        Status::PartiallyReceived
    }
    .as_str()
    .into());
    if complete {
        am.closed_at = Set(Some(now));
    }
    am.updated_at = Set(now);
    am.update(tx).await?;
    Ok(Received {
        receipt: r,
        new: true,
    })
}

/// The receipts of a purchase order with their lines, oldest first.
pub async fn receipts_of(
    conn: &impl sea_orm::ConnectionTrait,
    po: i64,
) -> Result<Vec<(receipt::Model, Vec<receipt_line::Model>)>, PurchasingError> {
    use sea_orm::QueryOrder;
    let rs = receipt::Entity::find()
        .filter(receipt::Column::PurchaseOrderId.eq(po))
        .order_by_asc(receipt::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = rs.iter().map(|r| r.id).collect();
    let lines = if ids.is_empty() {
        Vec::new()
    } else {
        receipt_line::Entity::find()
            .filter(receipt_line::Column::ReceiptId.is_in(ids))
            .order_by_asc(receipt_line::Column::Id)
            .all(conn)
            .await?
    };
    Ok(rs
        .into_iter()
        .map(|r| {
            let ls = lines
                .iter()
                .filter(|l| l.receipt_id == r.id)
                .cloned()
                .collect();
            (r, ls)
        })
        .collect())
}
