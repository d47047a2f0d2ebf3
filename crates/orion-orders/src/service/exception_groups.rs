//! The exceptions inbox: open exceptions grouped by the marketplace item's GTIN and SKU (one
//! line per article the catalog does not know, however many orders wait for it), and one
//! call that maps a whole group to a product and unblocks every order waiting for it.

use std::collections::{BTreeMap, BTreeSet};

use orion_kernel::{Invalid, ProductId, StoreId};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::exceptions::{auto_resolve, resolve};
use crate::entity::{order_exception, order_item};
use crate::error::OrderError;

/// Open exceptions of one marketplace article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionGroup {
    pub gtin: Option<String>,
    pub sku: Option<String>,
    /// The item's name as the marketplace sent it (of the oldest waiting item).
    pub title: String,
    /// Waiting items and the orders they belong to.
    pub items: u64,
    pub orders: u64,
    /// The oldest waiting order (the group's place in the inbox).
    pub oldest_order_id: i64,
    pub order_ids: Vec<i64>,
}

/// The outcome of resolving a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupResolved {
    pub resolved_items: u64,
    /// Orders that no longer wait for any item.
    pub unblocked_orders: u64,
}

/// The store's open exceptions by article, those waiting longest first. Products created
/// meanwhile with the GTIN or SKU resolve their exceptions first (call in a write
/// transaction).
pub async fn open_groups(
    tx: &DatabaseTransaction,
    store: StoreId,
) -> Result<Vec<ExceptionGroup>, OrderError> {
    auto_resolve(tx, store, None).await?;
    let open = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"))
        .all(tx)
        .await?;
    let names = item_names(tx, store, open.iter().map(|e| e.order_item_id)).await?;
    let mut groups: BTreeMap<(Option<String>, Option<String>), ExceptionGroup> = BTreeMap::new();
    for e in open {
        let g = groups
            .entry((e.gtin.clone(), e.sku.clone()))
            .or_insert_with(|| ExceptionGroup {
                gtin: e.gtin.clone(),
                sku: e.sku.clone(),
                title: names.get(&e.order_item_id).cloned().unwrap_or_default(),
                items: 0,
                orders: 0,
                oldest_order_id: e.order_id,
                order_ids: Vec::new(),
            });
        g.items += 1;
        if !g.order_ids.contains(&e.order_id) {
            g.order_ids.push(e.order_id);
        }
        g.oldest_order_id = g.oldest_order_id.min(e.order_id);
    }
    let mut out: Vec<ExceptionGroup> = groups
        .into_values()
        .map(|mut g| {
            g.order_ids.sort_unstable();
            g.orders = g.order_ids.len() as u64;
            g
        })
        .collect();
    out.sort_by_key(|g| (g.oldest_order_id, g.gtin.clone(), g.sku.clone()));
    Ok(out)
}

async fn item_names(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: impl Iterator<Item = i64>,
) -> Result<BTreeMap<i64, String>, OrderError> {
    let ids: BTreeSet<i64> = ids.collect();
    let mut out = BTreeMap::new();
    // Bounded IN lists: SQLite allows 32,766 variables, PostgreSQL 65,535.
    let ids: Vec<i64> = ids.into_iter().collect();
    for chunk in ids.chunks(1000) {
        for i in order_item::Entity::find()
            .filter(order_item::Column::StoreId.eq(store.0))
            .filter(order_item::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            out.insert(i.id, i.name);
        }
    }
    Ok(out)
}

/// Maps every open exception of the article — those with the given GTIN and/or SKU — to
/// `product`, in one transaction.
pub async fn resolve_group(
    tx: &DatabaseTransaction,
    store: StoreId,
    gtin: Option<&str>,
    sku: Option<&str>,
    product: ProductId,
) -> Result<GroupResolved, OrderError> {
    let (gtin, sku) = (
        gtin.map(str::trim).filter(|s| !s.is_empty()),
        sku.map(str::trim).filter(|s| !s.is_empty()),
    );
    if gtin.is_none() && sku.is_none() {
        return Err(Invalid::field("gtin", "give the GTIN or the SKU of the group").into());
    }
    orion_catalog::service::find(tx, store, product)
        .await
        .map_err(|_| Invalid::field("product_id", "no such product in this store"))?;
    let mut q = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"));
    // What is given must match; what is not given does not narrow (an article is its GTIN,
    // or its SKU when the marketplace sends no GTIN).
    if let Some(g) = gtin {
        q = q.filter(order_exception::Column::Gtin.eq(g));
    }
    if let Some(s) = sku {
        q = q.filter(order_exception::Column::Sku.eq(s));
    }
    let exceptions = q.all(tx).await?;
    let orders: BTreeSet<i64> = exceptions.iter().map(|e| e.order_id).collect();
    for e in &exceptions {
        resolve(tx, e, product.0).await?;
    }
    let still_waiting: BTreeSet<i64> = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"))
        .filter(order_exception::Column::OrderId.is_in(orders.iter().copied()))
        .all(tx)
        .await?
        .into_iter()
        .map(|e| e.order_id)
        .collect();
    Ok(GroupResolved {
        resolved_items: exceptions.len() as u64,
        unblocked_orders: orders.difference(&still_waiting).count() as u64,
    })
}

/// How many articles wait for a product (the inbox's line count), without resolving.
pub async fn open_group_count(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<u64, OrderError> {
    let keys: BTreeSet<(Option<String>, Option<String>)> = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.gtin, e.sku))
        .collect();
    Ok(keys.len() as u64)
}
