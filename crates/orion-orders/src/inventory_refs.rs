//! The orders module's answer to inventory's question "is this order (item) one of the
//! store's?" (inventory's `order_refs::OrderRefs` port, registered by the composition root).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};

use crate::entity::{order, order_item};

pub struct OrdersOfStore;

impl orion_inventory::order_refs::OrderRefs for OrdersOfStore {
    fn order_in_store<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        id: i64,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            Ok(order::Entity::find_by_id(id)
                .filter(order::Column::StoreId.eq(store.0))
                .one(tx)
                .await?
                .is_some())
        })
    }

    fn order_of_item<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        item: i64,
    ) -> BoxFuture<'a, Result<Option<i64>, DbErr>> {
        Box::pin(async move {
            Ok(order_item::Entity::find_by_id(item)
                .filter(order_item::Column::StoreId.eq(store.0))
                .one(tx)
                .await?
                .map(|i| i.order_id))
        })
    }

    fn order_numbers<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: StoreId,
        ids: &'a [i64],
    ) -> BoxFuture<'a, Result<std::collections::HashMap<i64, String>, DbErr>> {
        Box::pin(async move {
            crate::service::order_numbers(conn, store, ids.iter().copied())
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))
        })
    }
}
