//! SeaORM entities of the inventory tables (see `docs/data-model.md`).

pub mod reservation;
pub mod stock_level;
pub mod transaction;
pub mod warehouse;
