//! Marketplace (Letzshop): the connection per store ([`service`], key encrypted by
//! [`crypto`]), the idempotent, resumable sync engine ([`sync`]), the outbox of confirmations
//! and tracking ([`outbox`]) fed by order events ([`ext`]), the background [`worker`] with
//! database leases, and the HTTP faces ([`api`], [`pages`]). The GraphQL protocol itself
//! (client, simulator) is the `orion-letzshop` crate.

pub mod api;
pub mod crypto;
pub mod entity;
pub mod error;
pub mod ext;
pub mod migration;
pub mod outbox;
pub mod pages;
pub mod service;
pub mod setup_step;
pub mod sync;
pub mod worker;

pub use error::MarketplaceError;
pub use ext::{LetzshopOutbox, LetzshopPanel};
