//! What the catalog may know of stock without reading inventory's tables: a port the
//! inventory module implements and the composition root registers in [`STOCK`]. Without
//! an implementation every physical product counts as out of stock, and stock cannot be
//! set from the product CSV.

use std::collections::HashMap;

use orion_kernel::{BoxFuture, MerchantId, Registry, StoreId};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

/// An on-hand quantity to set at one place: the product's warehouse (its code; the default
/// warehouse when `None`) and bin (empty = none).
#[derive(Debug, Clone, Default)]
pub struct OnHand {
    /// `None` for a product about to be created (only the place and quantity are checked).
    pub product_id: Option<i64>,
    pub warehouse: Option<String>,
    pub bin: String,
    pub quantity: i64,
    /// The on-hand quantity the person saw; refused when the stock changed since.
    pub expected: Option<i64>,
}

/// Which part of an [`OnHand`] a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnHandField {
    Product,
    Quantity,
    Warehouse,
    Bin,
}

/// Why the `index`-th [`OnHand`] of a batch cannot be set.
#[derive(Debug, Clone)]
pub struct OnHandRefusal {
    pub index: usize,
    pub field: OnHandField,
    pub message: String,
}

/// Where a product's stock lies: warehouse code (empty for the default warehouse), bin and
/// the units on hand there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub warehouse: String,
    pub bin: String,
    pub on_hand: i64,
}

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
    /// The places of each given product that hold stock (on hand > 0).
    fn places<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, Vec<Place>>, DbErr>>;
    /// Locks the stock of the existing products of `targets` until the end of `tx` and says
    /// which targets could not be set; changes nothing.
    fn check_on_hand<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        store: StoreId,
        targets: &'a [OnHand],
    ) -> BoxFuture<'a, Result<Vec<OnHandRefusal>, DbErr>>;
    /// Sets every target's on-hand quantity (each `product_id` given), logged as an import
    /// with `reason`; all or nothing: the refusals when any target cannot be set, otherwise
    /// the number of stock levels changed.
    fn set_on_hand<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        store: StoreId,
        targets: &'a [OnHand],
        reason: &'a str,
    ) -> BoxFuture<'a, Result<Result<u64, Vec<OnHandRefusal>>, DbErr>>;
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

/// Places holding stock of each given product (empty without a stock view).
pub async fn places(
    conn: &DatabaseConnection,
    store: StoreId,
    products: &[i64],
) -> Result<HashMap<i64, Vec<Place>>, DbErr> {
    match STOCK.first() {
        Some(v) => v.places(conn, store, products).await,
        None => Ok(HashMap::new()),
    }
}
