//! The steps the use cases share: status transitions with their history entry, item
//! decisions, stock reservations for items, the VAT estimate shown on orders.

use chrono::{NaiveDate, Utc};
use orion_inventory::StockError;
use orion_inventory::service::{self as inventory, Actor};
use orion_kernel::{OrderId, ProductId, StoreId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::domain::Status;
use crate::entity::{order, order_history, order_item};
use crate::error::{OrderError, Shortage};
use crate::events::Events;

/// The status of a stored order (an unknown value reads as pending).
pub(crate) fn status_of(o: &order::Model) -> Status {
    Status::parse(&o.status).unwrap_or(Status::Pending)
}

/// A history entry of `order`: `from` → `to`, by `actor`, with an optional note.
pub(crate) fn history(
    order: &order::Model,
    from: Option<&str>,
    to: &str,
    actor: Option<i64>,
    note: Option<&str>,
) -> order_history::ActiveModel {
    order_history::ActiveModel {
        order_id: Set(order.id),
        store_id: Set(order.store_id),
        from_status: Set(from.map(Into::into)),
        to_status: Set(to.into()),
        actor_user_id: Set(actor),
        note: Set(note.map(|n| n.chars().take(1000).collect())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Moves the order to `to`, with the timestamp of that status, a history entry and the
/// event. The update is conditional on the status read, so two concurrent transitions
/// cannot both apply. Customer statistics follow when the order starts or stops counting.
pub(crate) async fn transition(
    tx: &DatabaseTransaction,
    o: &order::Model,
    to: Status,
    note: Option<&str>,
    ev: &mut Events,
) -> Result<order::Model, OrderError> {
    let now = Utc::now();
    let mut q = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Status.eq(o.status.clone()));
    let stamp = match to {
        Status::Processing => Some(order::Column::ConfirmedAt),
        Status::Shipped => Some(order::Column::ShippedAt),
        Status::Delivered => Some(order::Column::DeliveredAt),
        Status::Cancelled => Some(order::Column::CancelledAt),
        Status::Refunded => Some(order::Column::RefundedAt),
        _ => None,
    };
    if let Some(c) = stamp {
        q = q.col_expr(c, Expr::value(now));
    }
    if to != Status::Held {
        q = q.col_expr(
            order::Column::HeldReason,
            Expr::value(Option::<String>::None),
        );
    }
    if q.exec(tx).await?.rows_affected != 1 {
        return Err(OrderError::Changed);
    }
    history(o, Some(&o.status), to.as_str(), ev.actor(), note)
        .insert(tx)
        .await?;
    let from = status_of(o);
    let after = super::find(tx, StoreId(o.store_id), OrderId(o.id)).await?;
    if from.counts() != to.counts()
        && let Some(c) = o.customer_id
    {
        super::statistics::refresh_customer(tx, StoreId(o.store_id), c).await?;
    }
    ev.status_changed(&after, from, to);
    if to == Status::Shipped {
        ev.shipped(&after);
    }
    Ok(after)
}

/// How an item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Confirmed with its stock reserved (or without stock to reserve).
    Confirmed,
    /// Confirmed without stock: reserved when the order ships.
    Backordered,
    Declined,
}

/// Records the decision on a pending item, and its event.
pub(crate) async fn decide(
    tx: &DatabaseTransaction,
    o: &order::Model,
    it: &order_item::Model,
    d: Decision,
    ev: &mut Events,
) -> Result<(), OrderError> {
    let mut a: order_item::ActiveModel = it.clone().into();
    a.status = Set(if d == Decision::Declined {
        "declined"
    } else {
        "confirmed"
    }
    .into());
    if d == Decision::Backordered {
        a.backordered = Set(true);
    }
    a.update(tx).await?;
    ev.decided(o, it, d != Decision::Declined);
    Ok(())
}

/// A backordered item got its stock.
pub(crate) async fn clear_backorder(
    tx: &DatabaseTransaction,
    it: &order_item::Model,
) -> Result<(), OrderError> {
    let mut a: order_item::ActiveModel = it.clone().into();
    a.backordered = Set(false);
    a.update(tx).await?;
    Ok(())
}

/// Who moved the stock of an order's item, for the inventory log.
pub(crate) fn stock_actor(
    o: &order::Model,
    item: Option<&order_item::Model>,
    user: Option<i64>,
) -> Actor {
    Actor {
        user_id: user,
        order_id: Some(o.id),
        order_item_id: item.map(|i| i.id),
        reference: Some(o.order_number.clone()),
        reason: None,
    }
}

/// Locks the stock levels of every product of `items` in inventory's global order (by
/// stock-level id) before any of them is reserved, fulfilled or released, so that two
/// orders listing the same products in different line order cannot deadlock.
pub(crate) async fn lock_stock_of(
    tx: &DatabaseTransaction,
    o: &order::Model,
    items: &[order_item::Model],
) -> Result<(), OrderError> {
    let products: Vec<i64> = items.iter().filter_map(|i| i.product_id).collect();
    inventory::lock_levels(tx, StoreId(o.store_id), &products).await?;
    Ok(())
}

/// Reserves the stock of one item (nothing for products without stock). A shortage is
/// [`OrderError::Short`], naming the item.
pub(crate) async fn reserve_item(
    tx: &DatabaseTransaction,
    o: &order::Model,
    it: &order_item::Model,
    user: Option<i64>,
) -> Result<(), OrderError> {
    let Some(pid) = it.product_id else {
        return Err(OrderError::Unmatched {
            name: it.name.clone(),
        });
    };
    let p = orion_catalog::service::find(tx, StoreId(o.store_id), ProductId(pid)).await?;
    if !p.is_stocked() {
        return Ok(());
    }
    match inventory::reserve(
        tx,
        StoreId(o.store_id),
        ProductId(pid),
        None,
        it.quantity,
        &stock_actor(o, Some(it), user),
    )
    .await
    {
        Ok(_) => Ok(()),
        Err(StockError::Short { available, .. }) => Err(OrderError::Short(Shortage {
            item_id: it.id,
            name: it.name.clone(),
            sku: it.sku.clone(),
            requested: it.quantity,
            available,
        })),
        Err(e) => Err(e.into()),
    }
}

/// [`reserve_item`] in a savepoint, so that a refusal leaves the caller's transaction
/// usable (PostgreSQL aborts a transaction on a failed statement).
pub(crate) async fn try_reserve_item(
    tx: &DatabaseTransaction,
    o: &order::Model,
    it: &order_item::Model,
    user: Option<i64>,
) -> Result<(), OrderError> {
    use sea_orm::TransactionTrait;
    let sp = tx.begin().await?;
    match reserve_item(&sp, o, it, user).await {
        Ok(()) => Ok(sp.commit().await?),
        Err(e) => {
            sp.rollback().await?;
            Err(e)
        }
    }
}

/// VAT included in a gross amount at the store's rate for the class (an estimate shown on
/// the order; the invoice decides the regime).
pub(crate) fn included_vat(country: &str, date: NaiveDate, class: &str, gross: i64) -> i64 {
    let (Ok(c), Ok(k)) = (
        orion_vat::CountryCode::parse(country),
        class.parse::<orion_vat::RateClass>(),
    ) else {
        return 0;
    };
    orion_vat::rate_on(c, date, k)
        .ok()
        .and_then(|r| orion_vat::rounding::vat_from_gross(gross, r).ok())
        .unwrap_or(0)
}

/// Marks the open exception of an item resolved (mapped to `product`, or declined).
pub(crate) async fn close_exception_of_item(
    tx: &DatabaseTransaction,
    item: i64,
) -> Result<(), OrderError> {
    use crate::entity::order_exception;
    order_exception::Entity::update_many()
        .col_expr(order_exception::Column::Status, Expr::value("resolved"))
        .col_expr(order_exception::Column::ResolvedAt, Expr::value(Utc::now()))
        .filter(order_exception::Column::OrderItemId.eq(item))
        .filter(order_exception::Column::Status.eq("open"))
        .exec(tx)
        .await?;
    Ok(())
}
