//! What is on order, as inventory shows it beside the stock: a port the purchasing module
//! implements and the composition root registers in [`INCOMING`]. Without purchasing
//! composed nothing is on order.

use std::collections::HashMap;

use chrono::NaiveDate;
use orion_kernel::{BoxFuture, Registry, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

/// One product's incoming stock: units on open purchase orders and the earliest expected
/// date among them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Incoming {
    pub on_order: i64,
    pub next_expected_at: Option<NaiveDate>,
}

pub trait IncomingStock: Send + Sync + 'static {
    /// Incoming stock of those of `products` that have some on order.
    fn incoming<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, Incoming>, DbErr>>;
}

/// The purchasing module of the composed application.
pub static INCOMING: Registry<dyn IncomingStock> = Registry::new();

/// Incoming stock of the products (empty when purchasing is not composed).
pub async fn of(
    conn: &DatabaseConnection,
    store: StoreId,
    products: &[i64],
) -> Result<HashMap<i64, Incoming>, DbErr> {
    match INCOMING.first() {
        Some(p) if !products.is_empty() => p.incoming(conn, store, products).await,
        _ => Ok(HashMap::new()),
    }
}
