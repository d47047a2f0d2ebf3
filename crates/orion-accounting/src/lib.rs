//! Accounting exports for the seller's accountant and the tax returns: the sales journal
//! ([`journal`]), the quarterly OSS return ([`oss`]), the EC sales list ([`ecsl`]), the VAT
//! summary for the Luxembourg return ([`vat_summary`]), the FAIA 2.01 audit file ([`faia`]),
//! with the ledger accounts of each regime and rate ([`accounts`]). Everything is read from
//! invoicing's issued documents ([`docs`]): their immutable snapshots, never live data.

pub mod accounts;
pub mod api;
pub mod docs;
pub mod ecsl;
pub mod entity;
pub mod error;
pub mod faia;
pub mod journal;
pub mod migration;
pub mod oss;
pub mod package;
pub mod pages;
pub mod period;
pub mod vat_summary;

pub use error::AccountingError;

/// The accounting module's page templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "accounting/accounting.html",
            include_str!("../templates/accounting.html"),
        ),
        (
            "accounting/package.html",
            include_str!("../templates/package.html"),
        ),
    ]
}
