//! SeaORM entities of the customers tables (see `docs/data-model.md`).

pub mod customer;
