//! Customers: the buyers of a store. [`domain`] parses what users and channels send (e-mail,
//! VAT id, Peppol participant id, language, tags, addresses); [`service`] creates, upserts
//! (by e-mail, safe under concurrency), updates, lists and finds customers and keeps their
//! order statistics, which the orders module maintains through [`service::add_order`] and
//! [`service::set_stats`]; other modules read a buyer's Peppol id with
//! [`service::peppol_id_of`];
//! [`export`] writes the customer CSV in keyset pages to any writer or as an HTTP stream;
//! [`api`] and [`pages`] are the HTTP faces.

pub mod api;
pub mod domain;
pub mod entity;
pub mod error;
pub mod export;
pub mod migration;
pub mod pages;
pub mod service;

pub use error::CustomerError;

/// The change counter (per store) that every write of a customer bumps (triggers, see
/// `orion_db::changes`): caches of figures read from customers key on it.
pub const CHANGE_SCOPE: &str = "customers";
