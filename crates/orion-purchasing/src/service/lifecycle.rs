//! Ordering (the number is assigned), cancelling and closing short.
//!
//! Numbers come from the store's `PO` series: `PO-<year>-<seq:05>`, gapless per store and
//! year, taken in the transaction that orders (`orion_db::sequence`, the machinery invoice
//! numbers use), so concurrent orders queue on the counter row and a rollback gives the
//! number back.

use chrono::{Datelike, Duration, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::numbering::{DEFAULT_SCHEME, Scheme};
use orion_kernel::{Invalid, MerchantId, PurchaseOrderId, StoreId, SupplierId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::{Status, lines_of, lock_order, status_of};
use crate::entity::{line, purchase_order};
use crate::error::PurchasingError;

/// The series of purchase order numbers, and its prefix.
pub const SERIES: &str = "PO";

/// A change of status a person asks for (the API's `…/order`, `…/cancel`, `…/close`; the
/// page's buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Order,
    Cancel,
    Close,
}

/// Applies `t` to the purchase order: [`order`], [`cancel`] or [`close`].
pub async fn apply(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    id: PurchaseOrderId,
    t: Transition,
) -> Result<purchase_order::Model, PurchasingError> {
    match t {
        Transition::Order => order(tx, merchant, store, id).await,
        Transition::Cancel => cancel(tx, store, id).await,
        Transition::Close => close(tx, store, id).await,
    }
}

/// Sends a draft: assigns the next number, the order date (today in Luxembourg) and, when
/// none was set, the expected date from the supplier's lead time. Lines are fixed from now.
pub async fn order(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<purchase_order::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    if status != Status::Draft {
        return Err(PurchasingError::WrongStatus {
            status: status.as_str(),
            action: "ordered",
        });
    }
    if lines_of(tx, po.id).await?.is_empty() {
        return Err(Invalid::field("lines", "a purchase order needs at least one line").into());
    }
    let supplier = super::suppliers::find(tx, store, SupplierId(po.supplier_id)).await?;
    if !supplier.active {
        return Err(Invalid::field("supplier_id", "the supplier is inactive").into());
    }
    let now = Utc::now();
    let today = orion_kernel::time::local_date(now);
    let seq =
        orion_db::sequence::next(tx, "purchase_order_counters", store.0, SERIES, today.year())
            .await?;
    let scheme =
        Scheme::parse(DEFAULT_SCHEME).map_err(|_| PurchasingError::Inconsistent("bad scheme"))?;
    let number = scheme.format(SERIES, today.year(), seq);
    let expected = po.expected_at.or_else(|| {
        supplier
            .lead_time_days
            .map(|d| today + Duration::days(i64::from(d)))
    });
    let mut am: purchase_order::ActiveModel = po.into();
    am.number = Set(Some(number));
    am.number_year = Set(Some(today.year()));
    am.number_seq = Set(Some(seq));
    am.status = Set(Status::Ordered.as_str().into());
    am.order_date = Set(Some(today));
    am.expected_at = Set(expected);
    am.ordered_at = Set(Some(now));
    am.updated_at = Set(now);
    Ok(am.update(tx).await?)
}

/// Cancels a draft or an ordered purchase order nothing was received against.
pub async fn cancel(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<purchase_order::Model, PurchasingError> {
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    match status {
        Status::Draft | Status::Ordered => {}
        Status::PartiallyReceived => return Err(PurchasingError::HasReceipts),
        s => {
            return Err(PurchasingError::WrongStatus {
                status: s.as_str(),
                action: "cancelled",
            });
        }
    }
    if lines_of(tx, po.id).await?.iter().any(|l| l.received > 0) {
        return Err(PurchasingError::HasReceipts);
    }
    let now = Utc::now();
    let mut am: purchase_order::ActiveModel = po.into();
    am.status = Set(Status::Cancelled.as_str().into());
    am.closed_at = Set(Some(now));
    am.updated_at = Set(now);
    Ok(am.update(tx).await?)
}

/// Closes an ordered purchase order short: what was not received will not come. Each line
/// records its unreceived quantity (`closed_short`); nothing stays on order.
pub async fn close(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<purchase_order::Model, PurchasingError> {
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    if !status.is_open() {
        return Err(PurchasingError::WrongStatus {
            status: status.as_str(),
            action: "closed",
        });
    }
    line::Entity::update_many()
        .col_expr(
            line::Column::ClosedShort,
            Expr::col(line::Column::Quantity).sub(Expr::col(line::Column::Received)),
        )
        .filter(line::Column::PurchaseOrderId.eq(po.id))
        .exec(tx)
        .await?;
    let now = Utc::now();
    let mut am: purchase_order::ActiveModel = po.into();
    am.status = Set(Status::Closed.as_str().into());
    am.closed_at = Set(Some(now));
    am.updated_at = Set(now);
    Ok(am.update(tx).await?)
}
