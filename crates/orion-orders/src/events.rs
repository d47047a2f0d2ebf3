//! The order events told to other modules (see `orion_web::OrderEvent`): derived by comparing
//! an order before and after a change, so every path (API, pages) reports the same events.

use orion_kernel::StoreId;
use orion_web::ApiError;
use orion_web::{AppState, OrderEvent};
use sea_orm::DatabaseTransaction;

use crate::entity::{order, order_item};
use crate::service;

/// An order and its items at one moment of a transaction.
pub struct Snapshot {
    pub order: order::Model,
    pub items: Vec<order_item::Model>,
}

pub async fn snapshot(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
) -> Result<Option<Snapshot>, ApiError> {
    match service::find(tx, store, id).await {
        Ok(o) => Ok(Some(Snapshot {
            items: service::items(tx, o.id).await?,
            order: o,
        })),
        Err(e) if e.kind == orion_web::ProblemKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn unit_ids(it: &order_item::Model) -> Vec<String> {
    it.external_unit_ids
        .as_deref()
        .and_then(|s| serde_json::from_str::<Vec<String>>(s).ok())
        .unwrap_or_default()
}

/// What changed between `before` and `after`: items decided (one event per decision) and
/// the order shipped.
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<OrderEvent> {
    let o = &after.order;
    let mut out = Vec::new();
    // Cancelling an order declines the items nobody decided yet (the marketplace still
    // waits for an answer on them).
    let cancelled = o.status == "cancelled" && before.order.status != "cancelled";
    for available in [true, false] {
        let want = if available { "confirmed" } else { "declined" };
        let mut units = Vec::new();
        let mut any = false;
        for it in &after.items {
            let was = before
                .items
                .iter()
                .find(|b| b.id == it.id)
                .map(|b| b.status.as_str());
            let undecided_on_cancel = !available && cancelled && it.status == "pending";
            if (it.status == want && was != Some(want)) || undecided_on_cancel {
                any = true;
                units.extend(unit_ids(it));
            }
        }
        if any {
            out.push(OrderEvent::ItemsDecided {
                order_id: o.id,
                channel: o.channel.clone(),
                external_shipment_id: o.external_shipment_id.clone(),
                unit_ids: units,
                available,
            });
        }
    }
    if o.status == "shipped" && before.order.status != "shipped" {
        out.push(OrderEvent::Shipped {
            order_id: o.id,
            channel: o.channel.clone(),
            external_shipment_id: o.external_shipment_id.clone(),
            tracking_number: o.tracking_number.clone(),
            carrier: o.carrier.clone(),
        });
    }
    out
}

/// Tells the extensions what changed between `before` and the order's current state.
pub async fn emit(
    state: &AppState,
    tx: &DatabaseTransaction,
    store: StoreId,
    before: Option<Snapshot>,
    id: i64,
) -> Result<(), ApiError> {
    let (Some(before), Some(after)) = (before, snapshot(tx, store, id).await?) else {
        return Ok(());
    };
    for ev in diff(&before, &after) {
        state.order_event(tx, store, &ev).await?;
    }
    Ok(())
}
