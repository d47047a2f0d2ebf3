//! Exceptions: marketplace items that match no product. They block confirmation until
//! they are mapped to a product — by hand, or automatically once a product with the item's
//! GTIN or SKU exists.

use chrono::Utc;
use orion_catalog::CatalogError;
use orion_catalog::entity::product;
use orion_kernel::{Invalid, NotFound, OrderId, OrderItemId, Pagination, ProductId, StoreId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::find;
use crate::entity::{order, order_exception, order_item};
use crate::error::OrderError;

/// Maps open exceptions (of one order, or of the store) to products found by GTIN, then
/// SKU. Returns how many were resolved.
pub async fn auto_resolve(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: Option<OrderId>,
) -> Result<u64, OrderError> {
    let mut q = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"));
    if let Some(o) = order {
        q = q.filter(order_exception::Column::OrderId.eq(o.0));
    }
    // One catalog look-up per article, however many items wait for it.
    let mut by_article: std::collections::BTreeMap<(Option<String>, Option<String>), Vec<_>> =
        Default::default();
    for ex in q.all(tx).await? {
        by_article
            .entry((ex.gtin.clone(), ex.sku.clone()))
            .or_default()
            .push(ex);
    }
    let mut n = 0;
    for ((gtin, sku), waiting) in by_article {
        if let Some(p) = match_product(tx, store, gtin.as_deref(), sku.as_deref()).await? {
            for ex in &waiting {
                resolve(tx, ex, p.id).await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// The store's product for a marketplace item: by GTIN first, then by SKU.
pub async fn match_product(
    conn: &impl ConnectionTrait,
    store: StoreId,
    gtin: Option<&str>,
    sku: Option<&str>,
) -> Result<Option<product::Model>, CatalogError> {
    if let Some(g) = gtin
        && let Some(p) = orion_catalog::service::find_by_gtin(conn, store, g).await?
    {
        return Ok(Some(p));
    }
    match sku {
        Some(s) => orion_catalog::service::find_by_sku(conn, store, s).await,
        None => Ok(None),
    }
}

pub(crate) async fn resolve(
    tx: &DatabaseTransaction,
    ex: &order_exception::Model,
    product: i64,
) -> Result<(), OrderError> {
    order_item::Entity::update_many()
        .col_expr(order_item::Column::ProductId, Expr::value(product))
        .filter(order_item::Column::Id.eq(ex.order_item_id))
        .exec(tx)
        .await?;
    order_exception::Entity::update_many()
        .col_expr(order_exception::Column::Status, Expr::value("resolved"))
        .col_expr(
            order_exception::Column::ResolvedProductId,
            Expr::value(product),
        )
        .col_expr(order_exception::Column::ResolvedAt, Expr::value(Utc::now()))
        .filter(order_exception::Column::Id.eq(ex.id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Maps an unmatched item to an existing product of the store.
pub async fn resolve_item(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: OrderId,
    item: OrderItemId,
    product: ProductId,
) -> Result<order::Model, OrderError> {
    let o = find(tx, store, order).await?;
    orion_catalog::service::find(tx, store, product)
        .await
        .map_err(|_| Invalid::field("product_id", "no such product in this store"))?;
    let ex = order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(o.id))
        .filter(order_exception::Column::OrderItemId.eq(item.0))
        .filter(order_exception::Column::Status.eq("open"))
        .one(tx)
        .await?
        .ok_or(NotFound("Open exception for this item"))?;
    resolve(tx, &ex, product.0).await?;
    find(tx, store, order).await
}

/// The store's open exceptions, oldest first, and how many there are.
pub async fn open_exceptions(
    conn: &impl ConnectionTrait,
    store: StoreId,
    p: &Pagination,
) -> Result<(Vec<order_exception::Model>, u64), OrderError> {
    let q = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"))
        .order_by_asc(order_exception::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

/// Open exceptions block confirmation; first try to resolve them against the catalog
/// (a product created later with the GTIN or SKU resolves them).
pub(crate) async fn ensure_no_exceptions(
    tx: &DatabaseTransaction,
    o: &order::Model,
) -> Result<(), OrderError> {
    auto_resolve(tx, StoreId(o.store_id), Some(OrderId(o.id))).await?;
    let open = order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(o.id))
        .filter(order_exception::Column::Status.eq("open"))
        .count(tx)
        .await?;
    if open > 0 {
        return Err(OrderError::OpenExceptions { count: open });
    }
    Ok(())
}
