//! Invoicing: store invoice settings ([`settings`]), gapless numbering per store, series
//! and year ([`numbering`]), invoices and credit notes with immutable snapshots whose VAT
//! comes from the VAT engine ([`compute`] for the amounts, [`service`] for the use cases),
//! and their HTTP faces ([`api`], [`pages`]). The order page gets a "Generate / Download
//! invoice" section through [`ext::InvoicePanel`].

pub mod api;
pub mod bulk_invoice;
pub mod compute;
pub mod einvoice;
pub mod entity;
pub mod error;
pub mod ext;
pub mod format;
pub mod invoices_zip;
pub mod migration;
pub mod numbering;
pub mod pages;
pub mod pdf;
pub mod send;
pub mod service;
pub mod settings;
pub mod setup_step;

pub use error::InvoiceError;

/// The change counter (per store) that every write of an invoice or a credit note bumps
/// (triggers, see `orion_db::changes`): caches of figures read from invoices key on it.
pub const CHANGE_SCOPE: &str = "invoices";
