//! What the catalog may know of stock without reading inventory's tables: a port the
//! inventory module implements and the composition root registers in [`STOCK`]. Without
//! an implementation every physical product counts as out of stock.

use std::collections::HashMap;

use orion_kernel::{BoxFuture, Registry, StoreId};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{DatabaseConnection, DbErr};

pub trait StockView: Send + Sync + 'static {
    /// A subquery selecting the ids of the store's products with available stock (> 0).
    fn in_stock_product_ids(&self, store: StoreId) -> SelectStatement;
    /// Available quantity (on hand − reserved, all warehouses) of each given product.
    fn available<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, i64>, DbErr>>;
}

/// The stock view of the composed application.
pub static STOCK: Registry<dyn StockView> = Registry::new();

/// Available quantity of each given product (empty without a stock view).
pub async fn available(
    conn: &DatabaseConnection,
    store: StoreId,
    products: &[i64],
) -> Result<HashMap<i64, i64>, DbErr> {
    match STOCK.first() {
        Some(v) => v.available(conn, store, products).await,
        None => Ok(HashMap::new()),
    }
}
