//! Webhooks: a store's endpoints ([`endpoints`]) hear about what happens in the store —
//! orders created, their status changes and item decisions, invoices and credit notes
//! issued, stock running low, a Letzshop sync that failed ([`events`]). Events are written
//! to an outbox in the transaction of the change ([`sink`]: an order subscriber and a
//! domain-event sink), so a change that rolls back sends nothing; [`delivery`] sends them,
//! signed per the Standard Webhooks specification ([`signing`], secrets encrypted at rest by
//! [`crypto`]), to addresses [`guard`] allows, retries with exponential backoff and jitter,
//! and disables an endpoint that keeps failing. The background [`worker`] runs it inside
//! `orion serve`; [`log`] keeps the deliveries and their attempts, [`api`] and [`pages`]
//! are the HTTP faces.

pub mod api;
pub mod crypto;
pub mod delivery;
pub mod endpoints;
pub mod entity;
pub mod error;
pub mod events;
pub mod guard;
pub mod log;
pub mod migration;
pub mod pages;
pub mod signing;
pub mod sink;
pub mod worker;

pub use error::WebhookError;
pub use sink::{OrderEvents, WebhookSink};

/// The webhooks pages' templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "webhooks/webhooks.html",
            include_str!("../templates/webhooks.html"),
        ),
        (
            "webhooks/endpoint.html",
            include_str!("../templates/endpoint.html"),
        ),
    ]
}
