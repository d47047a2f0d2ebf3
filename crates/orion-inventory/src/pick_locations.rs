//! Where the units of order items are picked from, for packing slips and pick lists (read
//! only): the bins their reservations took, or else the bin holding most of the product.

use std::collections::HashMap;

use orion_kernel::{OrderItemId, ProductId, StoreId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::StockError;
use crate::entity::{reservation, stock_level, warehouse};

/// Ids per query (well under the bind-parameter limits of SQLite and PostgreSQL).
const CHUNK: usize = 500;

/// An order item to place.
#[derive(Debug, Clone, Copy)]
pub struct ItemToPick {
    pub item: OrderItemId,
    pub product: ProductId,
    pub quantity: i64,
}

/// One place to pick from and the units to take there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The bin code (`A-01`); outside the default warehouse with the warehouse's code before
    /// it (`WH2/A-01`, or `WH2` alone without a bin); `None` for stock in the default
    /// warehouse without a bin, or a product without stock anywhere.
    pub location: Option<String>,
    pub quantity: i64,
}

fn location(
    warehouses: &HashMap<i64, warehouse::Model>,
    level: &stock_level::Model,
) -> Option<String> {
    let bin = level.bin.trim();
    match warehouses.get(&level.warehouse_id) {
        Some(w) if w.code != "MAIN" && bin.is_empty() => Some(w.code.clone()),
        Some(w) if w.code != "MAIN" => Some(format!("{}/{bin}", w.code)),
        _ if bin.is_empty() => None,
        _ => Some(bin.to_owned()),
    }
}

/// Where each item's units are, most units first: the stock levels its reservations took
/// (active, or fulfilled once shipped) with their quantities. Units not reserved (an order
/// not confirmed yet, a backorder) are placed in the product's level with the most available
/// stock (the default warehouse first on a tie); a product without any stock level gets one
/// pick without a location. Every item of `items` is in the answer, keyed by its id.
pub async fn pick_locations(
    conn: &impl ConnectionTrait,
    store: StoreId,
    items: &[ItemToPick],
) -> Result<HashMap<i64, Vec<Pick>>, StockError> {
    let warehouses: HashMap<i64, warehouse::Model> = warehouse::Entity::find()
        .filter(warehouse::Column::StoreId.eq(store.0))
        .all(conn)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let mut reserved: HashMap<i64, Vec<reservation::Model>> = HashMap::new();
    let ids: Vec<i64> = items.iter().map(|i| i.item.0).collect();
    for chunk in ids.chunks(CHUNK) {
        for r in reservation::Entity::find()
            .filter(reservation::Column::StoreId.eq(store.0))
            .filter(reservation::Column::OrderItemId.is_in(chunk.iter().copied()))
            .filter(reservation::Column::Status.ne("released"))
            .all(conn)
            .await?
        {
            if let Some(item) = r.order_item_id {
                reserved.entry(item).or_default().push(r);
            }
        }
    }
    let mut products: Vec<i64> = items.iter().map(|i| i.product.0).collect();
    products.sort_unstable();
    products.dedup();
    let mut levels: HashMap<i64, stock_level::Model> = HashMap::new();
    for chunk in products.chunks(CHUNK) {
        for l in stock_level::Entity::find()
            .filter(stock_level::Column::StoreId.eq(store.0))
            .filter(stock_level::Column::ProductId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            levels.insert(l.id, l);
        }
    }
    // The level to take unreserved units from, per product.
    let mut best: HashMap<i64, &stock_level::Model> = HashMap::new();
    let is_default = |l: &stock_level::Model| {
        warehouses
            .get(&l.warehouse_id)
            .is_some_and(|w| w.code == "MAIN")
    };
    for l in levels.values() {
        let rank = |l: &stock_level::Model| {
            (
                l.available(),
                l.on_hand,
                is_default(l),
                std::cmp::Reverse((l.warehouse_id, l.bin.clone())),
            )
        };
        best.entry(l.product_id)
            .and_modify(|b| {
                if rank(l) > rank(b) {
                    *b = l;
                }
            })
            .or_insert(l);
    }
    let mut out = HashMap::with_capacity(items.len());
    for it in items {
        let mut by_place: Vec<Pick> = Vec::new();
        let mut add = |location: Option<String>, quantity: i64| match by_place
            .iter_mut()
            .find(|p| p.location == location)
        {
            Some(p) => p.quantity += quantity,
            None => by_place.push(Pick { location, quantity }),
        };
        let mut placed = 0;
        for r in reserved.get(&it.item.0).into_iter().flatten() {
            add(
                levels
                    .get(&r.stock_level_id)
                    .and_then(|l| location(&warehouses, l)),
                r.quantity,
            );
            placed += r.quantity;
        }
        if placed < it.quantity {
            let place = best
                .get(&it.product.0)
                .and_then(|l| location(&warehouses, l));
            add(place, it.quantity - placed);
        }
        by_place.sort_by(|a, b| {
            b.quantity
                .cmp(&a.quantity)
                .then(a.location.cmp(&b.location))
        });
        out.insert(it.item.0, by_place);
    }
    Ok(out)
}
