//! Inventory: where the goods are and who they are promised to. Warehouses and bins per
//! store, stock levels per (product, warehouse, bin) with `on_hand` and `reserved`,
//! reservations tied to order items, and an append-only transaction log written in the same
//! transaction as every change. Stock never goes negative and reservations never exceed what
//! is on hand: every change is one conditional `UPDATE`, backed by CHECK constraints.
//! [`service`] is the API other modules (orders, purchasing) call.

pub mod api;
pub mod entity;
pub mod error;
pub mod incoming;
pub mod low_stock;
pub mod migration;
pub mod order_refs;
pub mod pages;
pub mod pick_locations;
pub mod service;
pub mod setup_step;
pub mod stock_view;

pub use error::StockError;
pub use service::{Actor, MAX_QUANTITY, TxKind};
