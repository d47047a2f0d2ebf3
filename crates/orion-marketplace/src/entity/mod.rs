//! SeaORM entities of the Letzshop tables (see `docs/data-model.md`).

pub mod connection;
pub mod job;
pub mod outbox;
pub mod shipment;
pub mod sync_log;
