//! SeaORM entities of the order tables (see `docs/data-model.md`).

pub mod bulk_job;
pub mod bulk_result;
pub mod order;
pub mod order_exception;
pub mod order_history;
pub mod order_item;
pub mod order_settings;
