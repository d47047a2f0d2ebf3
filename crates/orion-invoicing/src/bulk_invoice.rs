//! The `invoice` action of bulk order jobs: issues each order's invoice (an order that has
//! one already keeps it: repeating the job issues nothing twice).

use orion_kernel::{BoxFuture, BoxedError, OrderId};
use orion_orders::bulk::actions::boxed;
use orion_orders::bulk::{BulkAction, Step};
use sea_orm::DatabaseTransaction;

pub struct IssueInvoice;

impl BulkAction for IssueInvoice {
    fn permission(&self) -> &'static str {
        "invoices.issue"
    }

    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        s: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        boxed(crate::service::issue_for_order(
            tx,
            s.store,
            OrderId(s.order.0),
            s.actor,
        ))
    }
}
