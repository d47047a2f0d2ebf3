//! The actions a bulk job can run on each order: a port keyed by the action's name.

use std::future::Future;
use std::sync::Arc;

use orion_kernel::{BoxFuture, BoxedError, DomainError, OrderId, Registry, StoreRef, UserId};
use sea_orm::DatabaseTransaction;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Carrier and tracking number of one order of a bulk ship.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub struct TrackingIn {
    pub order_id: i64,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
}

/// One order of a job, as the action gets it.
#[derive(Clone, Copy)]
pub struct Step<'a> {
    pub store: &'a StoreRef,
    pub order: OrderId,
    /// For `ship`: this order's carrier and tracking number, if the request gave them.
    pub tracking: Option<&'a TrackingIn>,
    pub actor: Option<UserId>,
}

pub trait BulkAction: Send + Sync + 'static {
    /// The permission a user needs to start a job of this action.
    fn permission(&self) -> &'static str;

    /// Applies the action to one order, inside `tx` (committed with the order's result).
    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        step: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;
}

/// An action's work as the port returns it: done, or the module's error boxed.
pub fn boxed<'a, T, E: DomainError>(
    work: impl Future<Output = Result<T, E>> + Send + 'a,
) -> BoxFuture<'a, Result<(), BoxedError>> {
    Box::pin(async move { work.await.map(drop).map_err(BoxedError::new) })
}

/// The actions by name (`confirm`, `ship`, `invoice`, `cancel`).
pub static BULK_ACTIONS: Registry<dyn BulkAction> = Registry::new();

/// Registers the order module's own actions.
pub fn register_own() {
    BULK_ACTIONS.register("confirm", Arc::new(Confirm));
    BULK_ACTIONS.register("ship", Arc::new(Ship));
    BULK_ACTIONS.register("cancel", Arc::new(Cancel));
}

/// Confirms the order (reserving its stock).
pub struct Confirm;
/// Ships the order, with the carrier and tracking number the request gave for it.
pub struct Ship;
/// Cancels the order (its reservations are released; a marketplace is told).
pub struct Cancel;

impl BulkAction for Confirm {
    fn permission(&self) -> &'static str {
        "orders.edit"
    }

    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        s: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        boxed(crate::service::confirm(tx, s.store.id, s.order, s.actor))
    }
}

impl BulkAction for Ship {
    fn permission(&self) -> &'static str {
        "orders.edit"
    }

    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        s: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        let t = s.tracking.cloned().unwrap_or_default();
        let (tracking, carrier) = (t.tracking_number, t.carrier);
        boxed(crate::service::ship(
            tx, s.store.id, s.order, tracking, carrier, s.actor,
        ))
    }
}

impl BulkAction for Cancel {
    fn permission(&self) -> &'static str {
        "orders.edit"
    }

    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        s: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        boxed(crate::service::cancel(
            tx, s.store.id, s.order, None, s.actor,
        ))
    }
}
