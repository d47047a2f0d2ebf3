//! Pending orders that cannot be confirmed from stock now: for some stocked product, the
//! quantity the order still waits for is more than is available (the "short of stock"
//! filter of the list). Availability comes from the inventory service, products from the
//! catalog's.

use std::collections::{HashMap, HashSet};

use orion_kernel::StoreId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::Status;
use crate::entity::{order, order_item};
use crate::error::OrderError;

/// The ids of the store's pending orders short of stock.
pub async fn short_orders(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<i64>, OrderError> {
    let pending: Vec<i64> = order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Status.eq(Status::Pending.as_str()))
        .select_only()
        .column(order::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    // What each order still waits for, by product.
    let mut wanted: HashMap<(i64, i64), i64> = HashMap::new();
    for chunk in pending.chunks(500) {
        let rows: Vec<(i64, Option<i64>, i64)> = order_item::Entity::find()
            .filter(order_item::Column::OrderId.is_in(chunk.iter().copied()))
            .filter(order_item::Column::Status.eq("pending"))
            .select_only()
            .column(order_item::Column::OrderId)
            .column(order_item::Column::ProductId)
            .column(order_item::Column::Quantity)
            .into_tuple()
            .all(conn)
            .await?;
        for (order, product, qty) in rows {
            if let Some(p) = product {
                *wanted.entry((order, p)).or_default() += qty;
            }
        }
    }
    let products: Vec<i64> = wanted
        .keys()
        .map(|(_, p)| *p)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let stocked: HashSet<i64> = orion_catalog::service::find_many(conn, store, &products)
        .await?
        .into_iter()
        .filter(|p| p.is_stocked())
        .map(|p| p.id)
        .collect();
    let available = orion_inventory::service::available_of(conn, store, &products).await?;
    let mut short: Vec<i64> = wanted
        .into_iter()
        .filter(|((_, p), qty)| {
            stocked.contains(p) && *qty > available.get(p).copied().unwrap_or(0)
        })
        .map(|((o, _), _)| o)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    short.sort_unstable();
    Ok(short)
}
