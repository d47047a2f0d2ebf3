//! Domain events for listeners outside the module that caused them: an invoice issued, a
//! product's stock low, a marketplace sync failed. The module that changes something builds
//! a [`DomainEvent`] and calls [`emit`] inside its own write transaction; every
//! [`EventSink`] the composition root registered in [`SINKS`] records it in that same
//! transaction, so a change that rolls back was never announced. With no sink registered
//! (a tool that composes nothing), [`emit`] does nothing.
//!
//! Order events keep their own richer seam (`orion_orders::events`); this one is for the
//! modules below or beside orders, which must not depend on whoever listens (webhooks
//! today).

use orion_kernel::{BoxFuture, BoxedError, Registry, StoreId};
use sea_orm::DatabaseTransaction;

/// Something that happened in one store, as outside listeners are told.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainEvent {
    pub store: StoreId,
    /// The event type, `<resource>.<what happened>` (`invoice.issued`, `stock.low`).
    pub kind: &'static str,
    /// What the listener needs to act: ids plus the numbers people read (only the store's
    /// own data).
    pub data: serde_json::Value,
}

/// A listener that records events inside the transaction of the change; an error rolls the
/// change back.
pub trait EventSink: Send + Sync + 'static {
    fn emit<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        ev: &'a DomainEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;
}

/// The sinks of the composed application, in registration order.
pub static SINKS: Registry<dyn EventSink> = Registry::new();

/// Tells every registered sink about `ev`, inside `tx`.
pub async fn emit(tx: &DatabaseTransaction, ev: &DomainEvent) -> Result<(), BoxedError> {
    for sink in SINKS.all() {
        sink.emit(tx, ev).await?;
    }
    Ok(())
}
