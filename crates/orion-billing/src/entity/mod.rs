//! SeaORM entities of the billing tables (see `docs/data-model.md`).

pub mod subscription;
pub mod subscription_history;
pub mod tier;
pub mod usage_counter;
