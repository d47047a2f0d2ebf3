//! Catalog: the products of a store. [`domain`] parses what users send (GTIN with check digit,
//! rate classes, product types, translations); [`service`] creates, updates, lists and
//! deletes products (deactivating those still referenced) under the billing product limit;
//! [`csv_io`] imports and exports the product CSV; [`feed`] writes the Letzshop product feed;
//! [`api`] and [`pages`] are the HTTP faces.

pub mod api;
pub mod csv_io;
pub mod domain;
pub mod entity;
pub mod error;
pub mod feed;
pub mod migration;
pub mod pages;
pub mod service;
pub mod setup_step;
pub mod stock;

pub use error::CatalogError;
