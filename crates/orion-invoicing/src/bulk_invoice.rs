//! The invoicing actions of bulk order jobs: `invoice` issues each order's invoice (an order
//! that has one already keeps it: repeating the job issues nothing twice); `email` sends each
//! order's invoice to its buyer (an order without an invoice is that order's error).

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

pub struct EmailInvoice;

impl BulkAction for EmailInvoice {
    fn permission(&self) -> &'static str {
        crate::send::PERMISSION
    }

    fn apply<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        s: Step<'a>,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        boxed(async move {
            let inv = crate::service::active_for_order(tx, s.store.id, OrderId(s.order.0))
                .await?
                .ok_or(crate::InvoiceError::NoInvoiceToSend)?;
            crate::send::enqueue_document(tx, &inv, None, None).await
        })
    }
}
