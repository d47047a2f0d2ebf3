//! The reporting module's tables (see `docs/data-model.md`).

pub mod daily;
pub mod daily_country;
pub mod daily_product;
pub mod fact;
