//! Order events. Every use case of the order service that changes an order tells what
//! happened — created, status changed, items confirmed or declined, shipped — to every
//! [`OrderSubscriber`] inside its own transaction, whatever called it (HTTP handler, page,
//! CLI, worker, marketplace sync). A subscriber that fails rolls the change back.
//!
//! Subscribers live in the crate that owns them (the Letzshop outbox in
//! `orion-marketplace`; webhooks and e-mails tomorrow) and are registered in [`SUBSCRIBERS`]
//! by the composition root (`orion-app`). Orders never depends on them.

use orion_kernel::{BoxFuture, BoxedError, OrderId, OrderItemId, Registry, StoreId, UserId};
use sea_orm::DatabaseTransaction;

use crate::domain::Status;
use crate::entity::{order, order_item};
use crate::error::OrderError;

/// Where a change comes from. Subscribers that tell the marketplace about decisions ignore
/// changes that came from the marketplace itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Decided in Orion: a user on a page, an API client, the CLI, Orion itself (e.g. a
    /// held order released when the quota allows).
    Seller,
    /// Applied from the marketplace (an import or a re-sync of decisions taken there).
    Marketplace,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The order was created (`status` is `pending` or `held`).
    Created { status: Status },
    /// The order moved from one status to another.
    StatusChanged { from: Status, to: Status },
    /// Items were confirmed (`available`) or declined. `unit_ids` are the marketplace's ids
    /// of the units behind those items (empty for direct orders).
    ItemsDecided {
        items: Vec<OrderItemId>,
        unit_ids: Vec<String>,
        available: bool,
    },
    /// The order was shipped, with the tracking it was shipped with.
    Shipped {
        tracking_number: Option<String>,
        carrier: Option<String>,
    },
}

/// Something that happened to one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEvent {
    pub store: StoreId,
    pub order: OrderId,
    pub order_number: String,
    /// `direct` or the marketplace (`letzshop`).
    pub channel: String,
    /// The marketplace's shipment the order stands for.
    pub external_shipment_id: Option<String>,
    pub origin: Origin,
    /// The user who did it, when a user did.
    pub actor: Option<UserId>,
    pub change: Change,
}

/// A module that takes part in orders' life. It reacts inside the order's transaction; an
/// error rolls the whole change back.
pub trait OrderSubscriber: Send + Sync + 'static {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;
}

/// The subscribers of the composed application, in registration order.
pub static SUBSCRIBERS: Registry<dyn OrderSubscriber> = Registry::new();

/// The events one use case collects while it changes orders; [`Events::publish`] tells the
/// subscribers before the use case returns (still inside its transaction).
pub(crate) struct Events {
    origin: Origin,
    actor: Option<UserId>,
    list: Vec<OrderEvent>,
}

impl Events {
    pub fn new(origin: Origin, actor: Option<UserId>) -> Self {
        Events {
            origin,
            actor,
            list: Vec::new(),
        }
    }

    pub fn actor(&self) -> Option<i64> {
        self.actor.map(|u| u.0)
    }

    fn push(&mut self, o: &order::Model, change: Change) {
        self.list.push(OrderEvent {
            store: StoreId(o.store_id),
            order: OrderId(o.id),
            order_number: o.order_number.clone(),
            channel: o.channel.clone(),
            external_shipment_id: o.external_shipment_id.clone(),
            origin: self.origin,
            actor: self.actor,
            change,
        });
    }

    pub fn created(&mut self, o: &order::Model, status: Status) {
        self.push(o, Change::Created { status });
    }

    pub fn status_changed(&mut self, o: &order::Model, from: Status, to: Status) {
        self.push(o, Change::StatusChanged { from, to });
    }

    /// Items of `o` decided together: one event per order and decision, in item order.
    pub fn decided(&mut self, o: &order::Model, it: &order_item::Model, available: bool) {
        let units = unit_ids(it);
        let same = self.list.iter_mut().rev().find(|e| {
            e.order.0 == o.id
                && matches!(e.change, Change::ItemsDecided { available: a, .. } if a == available)
        });
        match same {
            Some(OrderEvent {
                change:
                    Change::ItemsDecided {
                        items, unit_ids, ..
                    },
                ..
            }) => {
                items.push(OrderItemId(it.id));
                unit_ids.extend(units);
            }
            _ => self.push(
                o,
                Change::ItemsDecided {
                    items: vec![OrderItemId(it.id)],
                    unit_ids: units,
                    available,
                },
            ),
        }
    }

    pub fn shipped(&mut self, o: &order::Model) {
        self.push(
            o,
            Change::Shipped {
                tracking_number: o.tracking_number.clone(),
                carrier: o.carrier.clone(),
            },
        );
    }

    /// Tells every subscriber every event, in the order they happened.
    pub async fn publish(self, tx: &DatabaseTransaction) -> Result<(), OrderError> {
        if self.list.is_empty() {
            return Ok(());
        }
        if !SUBSCRIBERS.is_composed() {
            return Err(OrderError::NotComposed);
        }
        let subscribers = SUBSCRIBERS.all();
        for ev in &self.list {
            for s in &subscribers {
                s.on_event(tx, ev).await.map_err(OrderError::Subscriber)?;
            }
        }
        Ok(())
    }
}

/// The marketplace unit ids behind an item (stored as a JSON array).
pub(crate) fn unit_ids(it: &order_item::Model) -> Vec<String> {
    it.external_unit_ids
        .as_deref()
        .and_then(|s| serde_json::from_str::<Vec<String>>(s).ok())
        .unwrap_or_default()
}
