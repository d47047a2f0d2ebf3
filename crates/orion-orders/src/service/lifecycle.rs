//! An order's life after creation: confirm (all items, or one by one), ship, deliver,
//! cancel, refund, and the release of held orders. Each use case runs inside the caller's
//! write transaction with its stock effect, history entry and events.

use std::collections::HashSet;

use orion_billing::{BillingError, Metric, limits};
use orion_inventory::service as inventory;
use orion_kernel::{
    FieldError, Invalid, NotFound, OrderId, OrderItemId, ProductId, StoreId, StoreRef, UserId,
};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::exceptions::ensure_no_exceptions;
use super::steps::{
    Decision, clear_backorder, decide, lock_stock_of, reserve_item, status_of, stock_actor,
    transition,
};
use super::{find, items};
use crate::domain::{Action, Status};
use crate::entity::order;
use crate::error::OrderError;
use crate::events::{Events, Origin};

/// Refuses unless the order's status allows `action`.
fn allow(o: &order::Model, action: Action) -> Result<(), OrderError> {
    let s = status_of(o);
    match s.after(action) {
        Some(_) => Ok(()),
        None => Err(OrderError::transition(action, s)),
    }
}

/// Trimmed text of at most `max` characters, `None` when empty.
fn optional_text(v: Option<String>, field: &str, max: usize) -> Result<Option<String>, Invalid> {
    match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > max => Err(Invalid::field(
            field,
            format!("must be at most {max} characters"),
        )),
        other => Ok(other),
    }
}

fn note(v: Option<String>) -> Option<String> {
    v.filter(|r| !r.trim().is_empty())
}

/// Confirms every pending item (reserving stock) and moves the order to processing. If an
/// item lacks stock, nothing is reserved and the refusal names every short item — unless
/// the store allows backorders: then short items are confirmed without a reservation and
/// flagged `backordered` (stock never goes negative; they are reserved when shipping).
pub async fn confirm(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    allow(&o, Action::Confirm)?;
    ensure_no_exceptions(tx, &o).await?;
    let its = items(tx, id).await?;
    // Lock first (in one global order), so the availability read below stays true.
    lock_stock_of(tx, &o, &its).await?;
    let mut short = Vec::new();
    let mut short_products = HashSet::new();
    for it in its.iter().filter(|i| i.status == "pending") {
        let Some(pid) = it.product_id else { continue };
        let p = orion_catalog::service::find(tx, store, ProductId(pid)).await?;
        if !p.is_stocked() {
            continue;
        }
        let available: i64 = inventory::levels(tx, store, Some(ProductId(pid)), None)
            .await?
            .iter()
            .map(|l| l.available())
            .sum();
        // Several lines of one product share the same stock.
        let wanted: i64 = its
            .iter()
            .filter(|x| x.status == "pending" && x.product_id == Some(pid))
            .map(|x| x.quantity)
            .sum();
        if wanted > available {
            short_products.insert(pid);
            short.push(FieldError::new(
                format!("items[{}]", it.position),
                format!(
                    "{} ({}): {} requested, {available} available",
                    it.name,
                    it.sku.as_deref().unwrap_or("-"),
                    it.quantity
                ),
            ));
        }
    }
    let backorders = !short.is_empty() && super::allow_backorders(tx, store).await?;
    if !short.is_empty() && !backorders {
        return Err(OrderError::ShortItems { items: short });
    }
    for it in its.iter().filter(|i| i.status == "pending") {
        if it.product_id.is_some_and(|p| short_products.contains(&p)) {
            decide(tx, &o, it, Decision::Backordered, &mut ev).await?;
        } else {
            reserve_item(tx, &o, it, ev.actor()).await?;
            decide(tx, &o, it, Decision::Confirmed, &mut ev).await?;
        }
    }
    let after = if its.iter().all(|i| i.status == "declined") {
        transition(
            tx,
            &o,
            Status::Cancelled,
            Some("Every item was declined"),
            &mut ev,
        )
        .await?
    } else {
        let note = backorders.then(|| format!("{} item(s) backordered", short.len()));
        transition(tx, &o, Status::Processing, note.as_deref(), &mut ev).await?
    };
    ev.publish(tx).await?;
    Ok(after)
}

/// Confirms (reserving its stock) or declines one item; when every item is decided the order
/// moves to processing, or to cancelled when all were declined.
pub async fn decide_item(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    item: OrderItemId,
    confirm: bool,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    if status_of(&o) != Status::Pending {
        return Err(OrderError::NotPending { status: o.status });
    }
    let its = items(tx, id).await?;
    let it = its
        .iter()
        .find(|i| i.id == item.0)
        .ok_or(NotFound("Order item"))?;
    if it.status != "pending" {
        return Err(OrderError::ItemDecided {
            status: it.status.clone(),
        });
    }
    if confirm {
        ensure_no_exceptions(tx, &o).await?;
        // The exceptions check may have mapped the item to a product: read it again.
        let it = items(tx, id)
            .await?
            .into_iter()
            .find(|i| i.id == item.0)
            .ok_or(NotFound("Order item"))?;
        match reserve_item(tx, &o, &it, ev.actor()).await {
            Ok(()) => decide(tx, &o, &it, Decision::Confirmed, &mut ev).await?,
            Err(OrderError::Short(_)) if super::allow_backorders(tx, store).await? => {
                decide(tx, &o, &it, Decision::Backordered, &mut ev).await?
            }
            Err(e) => return Err(e),
        }
    } else {
        decide(tx, &o, it, Decision::Declined, &mut ev).await?;
        // A declined unmatched item needs no product any more.
        super::steps::close_exception_of_item(tx, it.id).await?;
    }
    let its = items(tx, id).await?;
    let after = if its.iter().any(|i| i.status == "pending") {
        find(tx, store, id).await?
    } else if its.iter().any(|i| i.status == "confirmed") {
        transition(tx, &o, Status::Processing, None, &mut ev).await?
    } else {
        transition(
            tx,
            &o,
            Status::Cancelled,
            Some("Every item was declined"),
            &mut ev,
        )
        .await?
    };
    ev.publish(tx).await?;
    Ok(after)
}

/// Ships the order: fulfils the stock reserved for its confirmed items (backordered items
/// take theirs now, or the order cannot ship yet).
pub async fn ship(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    tracking: Option<String>,
    carrier: Option<String>,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    allow(&o, Action::Ship)?;
    let tracking = optional_text(tracking, "tracking_number", 100)?;
    let carrier = optional_text(carrier, "carrier", 50)?;
    lock_stock_of(tx, &o, &items(tx, id).await?).await?;
    // Another request may have shipped or cancelled the order while this one waited for the
    // stock locks: judge the order as it is now, and let the status change below apply only
    // to the status judged here.
    let o = find(tx, store, id).await?;
    allow(&o, Action::Ship)?;
    let judged = o.status.clone();
    for it in items(tx, id)
        .await?
        .iter()
        .filter(|i| i.status == "confirmed" && i.backordered)
    {
        reserve_item(tx, &o, it, ev.actor())
            .await
            .map_err(|e| match e {
                OrderError::Short(s) => OrderError::BackorderedShort(s),
                e => e,
            })?;
        clear_backorder(tx, it).await?;
    }
    for it in items(tx, id)
        .await?
        .iter()
        .filter(|i| i.status == "confirmed")
    {
        inventory::fulfil(
            tx,
            store,
            OrderItemId(it.id),
            &stock_actor(&o, Some(it), ev.actor()),
        )
        .await?;
    }
    let mut a: order::ActiveModel = o.clone().into();
    a.tracking_number = sea_orm::Set(tracking.clone().or(o.tracking_number.clone()));
    a.carrier = sea_orm::Set(carrier.clone().or(o.carrier.clone()));
    sea_orm::ActiveModelTrait::update(a, tx).await?;
    let mut o = find(tx, store, id).await?;
    o.status = judged;
    let note = tracking.map(|t| {
        format!(
            "Tracking {t}{}",
            carrier.map(|c| format!(" ({c})")).unwrap_or_default()
        )
    });
    let after = transition(tx, &o, Status::Shipped, note.as_deref(), &mut ev).await?;
    ev.publish(tx).await?;
    Ok(after)
}

/// Marks a shipped order delivered.
pub async fn deliver(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    allow(&o, Action::Deliver)?;
    let after = transition(tx, &o, Status::Delivered, None, &mut ev).await?;
    ev.publish(tx).await?;
    Ok(after)
}

/// Cancels the order and releases its reservations. Items nobody decided yet count as
/// declined (a marketplace still waits for an answer on them).
pub async fn cancel(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    reason: Option<String>,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    allow(&o, Action::Cancel)?;
    let its = items(tx, id).await?;
    lock_stock_of(tx, &o, &its).await?;
    for it in &its {
        inventory::release(
            tx,
            store,
            OrderItemId(it.id),
            &stock_actor(&o, Some(it), ev.actor()),
        )
        .await?;
    }
    for it in its.iter().filter(|i| i.status == "pending") {
        ev.decided(&o, it, false);
    }
    let after = transition(tx, &o, Status::Cancelled, note(reason).as_deref(), &mut ev).await?;
    ev.publish(tx).await?;
    Ok(after)
}

/// Marks a shipped or delivered order refunded (credit notes come with invoicing).
pub async fn refund(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    note_text: Option<String>,
    actor: Option<UserId>,
) -> Result<order::Model, OrderError> {
    let mut ev = Events::new(Origin::Seller, actor);
    let o = find(tx, store, id).await?;
    allow(&o, Action::Refund)?;
    let after = transition(
        tx,
        &o,
        Status::Refunded,
        note(note_text).as_deref(),
        &mut ev,
    )
    .await?;
    ev.publish(tx).await?;
    Ok(after)
}

/// Releases held orders, oldest first, while the monthly quota allows (after an upgrade or
/// in a new month). Called when orders are listed; no scheduler is needed. Returns how many
/// were released.
pub async fn release_held(tx: &DatabaseTransaction, store: &StoreRef) -> Result<u64, OrderError> {
    let mut ev = Events::new(Origin::Seller, None);
    let held = order::Entity::find()
        .filter(order::Column::StoreId.eq(store.id.0))
        .filter(order::Column::Status.eq(Status::Held.as_str()))
        .order_by_asc(order::Column::Id)
        .limit(500)
        .all(tx)
        .await?;
    let mut n = 0;
    for o in held {
        match limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await {
            Ok(_) => {
                transition(
                    tx,
                    &o,
                    Status::Pending,
                    Some("Released: the plan's order limit allows it now"),
                    &mut ev,
                )
                .await?;
                n += 1;
            }
            Err(BillingError::LimitExceeded { .. }) => break,
            Err(e) => return Err(e.into()),
        }
    }
    ev.publish(tx).await?;
    Ok(n)
}
