//! Purchasing: suppliers and what they supply, purchase orders from draft to received,
//! receiving into stock (inventory's `receive` transactions, reference = the PO number),
//! moving weighted-average costs, what is on order and when it is expected, and reorder
//! suggestions from per-product reorder points. Gated by the `purchase_orders` feature
//! (Professional and up). [`service`] is the API other modules and entry points call;
//! `docs/index.md` tells the story, `docs/data-model.md` the tables.

pub mod api;
pub mod entity;
pub mod error;
pub mod incoming_view;
pub mod migration;
pub mod pages;
pub mod pdf;
pub mod reorder_points;
pub mod service;

pub use error::PurchasingError;
