//! What inventory may know of orders without reading the orders tables: a port the orders
//! module implements and the composition root registers in [`ORDER_REFS`]. Inventory asks it
//! whether an `order_id` / `order_item_id` given over its HTTP API belongs to the store
//! before storing it on a reservation or a log row. Without an implementation, order
//! references are refused (fail closed).

use orion_kernel::{BoxFuture, FieldError, Invalid, Registry, StoreId};
use sea_orm::{DatabaseTransaction, DbErr};

use crate::error::StockError;

pub trait OrderRefs: Send + Sync + 'static {
    /// Whether `order` is an order of `store`.
    fn order_in_store<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        order: i64,
    ) -> BoxFuture<'a, Result<bool, DbErr>>;

    /// The order of `item` when `item` is an order item of `store`.
    fn order_of_item<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        item: i64,
    ) -> BoxFuture<'a, Result<Option<i64>, DbErr>>;

    /// The order numbers (as people read them) of those of `ids` that are the store's.
    fn order_numbers<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: StoreId,
        ids: &'a [i64],
    ) -> BoxFuture<'a, Result<std::collections::HashMap<i64, String>, DbErr>>;
}

/// The numbers of the store's orders among `ids` (empty before composition).
pub async fn order_numbers(
    conn: &sea_orm::DatabaseConnection,
    store: StoreId,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    match ORDER_REFS.first() {
        Some(refs) if !ids.is_empty() => refs.order_numbers(conn, store, ids).await,
        _ => Ok(Default::default()),
    }
}

/// The orders of the composed application.
pub static ORDER_REFS: Registry<dyn OrderRefs> = Registry::new();

/// Refuses (422 naming `order_id` / `order_item_id`) an order or order item that is not the
/// store's, or an item that is not one of the given order's.
pub async fn check(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: Option<i64>,
    item: Option<i64>,
) -> Result<(), StockError> {
    if order.is_none() && item.is_none() {
        return Ok(());
    }
    let refs = ORDER_REFS.first().ok_or(StockError::OrdersNotComposed)?;
    let mut errors = Vec::new();
    let order_ok = match order {
        Some(o) => {
            let ok = refs.order_in_store(tx, store, o).await?;
            if !ok {
                errors.push(FieldError::new("order_id", "no such order in this store"));
            }
            ok
        }
        None => true,
    };
    if let Some(i) = item {
        match refs.order_of_item(tx, store, i).await? {
            None => errors.push(FieldError::new(
                "order_item_id",
                "no such order item in this store",
            )),
            Some(of) if order_ok && order.is_some_and(|o| o != of) => errors.push(FieldError::new(
                "order_item_id",
                "is not an item of this order",
            )),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Invalid(errors).into())
    }
}
