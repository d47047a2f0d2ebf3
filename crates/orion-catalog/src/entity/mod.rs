//! SeaORM entities of the catalog tables (see `docs/data-model.md`).

pub mod product;
