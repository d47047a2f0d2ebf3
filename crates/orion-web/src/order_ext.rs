//! The seam through which modules above orders (marketplace, invoicing) take part in an
//! order's life without the orders module knowing them: they react to order events inside
//! the same transaction (e.g. queue a Letzshop confirmation in an outbox) and add a section
//! to the order detail page.

use crate::problem::ApiError;
use orion_kernel::StoreId;
use sea_orm::{DatabaseConnection, DatabaseTransaction};

use crate::state::BoxFuture;

/// Something that happened to an order, told to every [`OrderExtension`] before the
/// transaction that made it commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderEvent {
    /// Items were confirmed (`available`) or declined; `unit_ids` are the marketplace's
    /// ids of the units behind those items (empty for direct orders).
    ItemsDecided {
        order_id: i64,
        channel: String,
        external_shipment_id: Option<String>,
        unit_ids: Vec<String>,
        available: bool,
    },
    /// The order was shipped, with the tracking it was shipped with.
    Shipped {
        order_id: i64,
        channel: String,
        external_shipment_id: Option<String>,
        tracking_number: Option<String>,
        carrier: Option<String>,
    },
}

/// A section another module adds to the order detail page: the template it renders
/// (registered by that module) and the values it renders with (available as `panel.data`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OrderPanel {
    pub template: &'static str,
    pub data: serde_json::Value,
}

pub trait OrderExtension: Send + Sync + 'static {
    /// Reacts to `event` inside the caller's transaction; an error rolls the change back.
    fn on_event<'a>(
        &'a self,
        _tx: &'a DatabaseTransaction,
        _store: StoreId,
        _event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(async { Ok(()) })
    }

    /// The section this module shows on the detail page of `order_id`, if any.
    fn panel<'a>(
        &'a self,
        _conn: &'a DatabaseConnection,
        _store: StoreId,
        _order_id: i64,
    ) -> BoxFuture<'a, Result<Option<OrderPanel>, ApiError>> {
        Box::pin(async { Ok(None) })
    }
}
