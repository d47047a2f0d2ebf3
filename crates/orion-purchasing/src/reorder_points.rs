//! Purchasing's answer to inventory's reorder-point port (`orion_inventory::low_stock`): a
//! product's reorder point is its reorder rule's.

use orion_inventory::low_stock::ReorderPoints;
use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{DatabaseTransaction, DbErr};

use crate::error::PurchasingError;

pub struct ReorderRules;

impl ReorderPoints for ReorderRules {
    fn reorder_point<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        product: i64,
    ) -> BoxFuture<'a, Result<Option<i64>, DbErr>> {
        Box::pin(async move {
            match crate::service::reorder::rule(tx, store, product).await {
                Ok(r) => Ok(r.map(|r| r.reorder_point)),
                Err(PurchasingError::Db(d)) => Err(d),
                Err(e) => Err(DbErr::Custom(e.to_string())),
            }
        })
    }
}
