//! Orders: one table for every channel (direct, Letzshop). [`domain`] is the status machine;
//! [`service`] the use cases — each state change runs in one transaction with its stock effect
//! (inventory), quota (billing), customer statistics (customers) and history entry;
//! [`marketplace`] imports marketplace shipments idempotently (held over the plan limit,
//! exceptions for unmatched items); [`api`] and [`pages`] are the HTTP faces.

pub mod api;
pub mod domain;
pub mod entity;
pub mod events;
pub mod list_cache;
pub mod marketplace;
pub mod migration;
pub mod pages;
pub mod service;

pub use service::StoreRef;

impl StoreRef {
    /// The store of an authenticated request.
    pub fn of(scope: &orion_web::StoreScope) -> Self {
        StoreRef {
            id: scope.store_id,
            merchant: scope.merchant_id,
            code: scope.code.clone(),
            country: scope.country.clone(),
        }
    }
}
