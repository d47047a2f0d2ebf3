//! Purchasing's answer to inventory's incoming-stock port (`orion_inventory::incoming`).

use std::collections::HashMap;

use orion_inventory::incoming::{Incoming, IncomingStock};
use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

use crate::error::PurchasingError;

pub struct OpenPurchaseOrders;

impl IncomingStock for OpenPurchaseOrders {
    fn incoming<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, Incoming>, DbErr>> {
        Box::pin(async move {
            let map = crate::service::incoming::on_order(conn, store, Some(products))
                .await
                .map_err(|e| match e {
                    PurchasingError::Db(d) => d,
                    e => DbErr::Custom(e.to_string()),
                })?;
            Ok(map
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        Incoming {
                            on_order: v.quantity,
                            next_expected_at: v.next_expected_at,
                        },
                    )
                })
                .collect())
        })
    }
}
