//! The purchasing module's tables (see `docs/data-model.md`).

pub mod line;
pub mod product_cost;
pub mod purchase_order;
pub mod receipt;
pub mod receipt_line;
pub mod reorder_rule;
pub mod supplier;
pub mod supplier_product;
