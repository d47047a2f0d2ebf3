//! What is on order: per product, the open quantity (ordered − received − closed short) on
//! purchase orders that are ordered or partially received, and the earliest expected date
//! among them.

use std::collections::HashMap;

use chrono::NaiveDate;
use orion_kernel::StoreId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::Status;
use crate::entity::{line, purchase_order};
use crate::error::PurchasingError;

/// One product's incoming stock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OnOrder {
    pub quantity: i64,
    pub next_expected_at: Option<NaiveDate>,
}

/// Incoming stock of the store's products (of `products` only, when given); products with
/// nothing on order are left out.
pub async fn on_order(
    conn: &impl ConnectionTrait,
    store: StoreId,
    products: Option<&[i64]>,
) -> Result<HashMap<i64, OnOrder>, PurchasingError> {
    let open: HashMap<i64, Option<NaiveDate>> = purchase_order::Entity::find()
        .filter(purchase_order::Column::StoreId.eq(store.0))
        .filter(
            purchase_order::Column::Status
                .is_in([Status::Ordered.as_str(), Status::PartiallyReceived.as_str()]),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|po| (po.id, po.expected_at))
        .collect();
    let mut out: HashMap<i64, OnOrder> = HashMap::new();
    if open.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = open.keys().copied().collect();
    for chunk in ids.chunks(500) {
        let mut q = line::Entity::find()
            .filter(line::Column::StoreId.eq(store.0))
            .filter(line::Column::PurchaseOrderId.is_in(chunk.iter().copied()));
        if let Some(ps) = products {
            q = q.filter(line::Column::ProductId.is_in(ps.iter().copied()));
        }
        for l in q.all(conn).await? {
            let left = l.quantity - l.received - l.closed_short;
            if left <= 0 {
                continue;
            }
            let e = out.entry(l.product_id).or_default();
            e.quantity += left;
            if let Some(d) = open.get(&l.purchase_order_id).copied().flatten() {
                e.next_expected_at = Some(e.next_expected_at.map_or(d, |x| x.min(d)));
            }
        }
    }
    Ok(out)
}
