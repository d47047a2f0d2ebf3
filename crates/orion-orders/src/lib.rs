//! Orders: one table for every channel (direct, Letzshop). [`domain`] is the status machine;
//! [`service`] the use cases, one room each — every state change runs in one transaction
//! with its stock effect (inventory), quota (billing), customer statistics (customers),
//! history entry and [`events`] for the modules that subscribe; [`marketplace`] imports
//! marketplace shipments idempotently (held over the plan limit, exceptions for unmatched
//! items); [`documents`] prints packing slips and pick lists; [`error`] says what is refused;
//! [`api`] and [`pages`] are the HTTP faces (with [`documents_api`] and [`documents_pages`]).

pub mod api;
pub mod bulk;
pub mod bulk_api;
pub mod bulk_pages;
pub mod documents;
pub mod documents_api;
pub mod documents_pages;
pub mod domain;
pub mod entity;
pub mod error;
pub mod events;
pub mod inventory_refs;
pub mod list_cache;
pub mod marketplace;
pub mod migration;
pub mod pages;
pub mod service;
pub mod ship_defaults;

pub use error::OrderError;
pub use events::{Change, OrderEvent, OrderSubscriber, Origin};
