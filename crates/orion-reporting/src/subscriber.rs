//! The rollups follow every order change: an order subscriber, inside the change's
//! transaction (a failure rolls the change back, so rollups never drift).

use orion_kernel::{BoxFuture, BoxedError};
use orion_orders::{OrderEvent, OrderSubscriber};
use sea_orm::DatabaseTransaction;

pub struct SalesRollups;

impl OrderSubscriber for SalesRollups {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            crate::service::facts::sync(tx, event.store, event.order)
                .await
                .map_err(BoxedError::new)
        })
    }
}
