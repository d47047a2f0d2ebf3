//! SeaORM entities of the invoicing tables (see `docs/data-model.md`).

pub mod distance_sales;
pub mod invoice;
pub mod invoice_counter;
pub mod invoice_logo;
pub mod invoice_pdf;
pub mod invoice_settings;
