//! The marketplace's part in an order's life (`orion_web::OrderExtension`): decisions and
//! shipping of Letzshop orders become outbox rows in the same transaction, and the order
//! page shows their delivery state.

use orion_kernel::{Pagination, StoreId};
use orion_web::ApiError;
use orion_web::state::BoxFuture;
use orion_web::{OrderEvent, OrderExtension, OrderPanel};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::json;

use crate::outbox::{self, OutboxOut};
use crate::service;

pub struct LetzshopOrders;

pub const PANEL_TEMPLATE: &str = "marketplace/order_panel.html";

async fn on_event(
    tx: &DatabaseTransaction,
    store: StoreId,
    event: &OrderEvent,
) -> Result<(), ApiError> {
    match event {
        OrderEvent::ItemsDecided {
            order_id,
            channel,
            external_shipment_id,
            unit_ids,
            available,
        } if channel == "letzshop" && !unit_ids.is_empty() => {
            outbox::enqueue(
                tx,
                store,
                *order_id,
                if *available { "confirm" } else { "decline" },
                json!({"shipment_id": external_shipment_id, "unit_ids": unit_ids}),
            )
            .await?;
        }
        OrderEvent::Shipped {
            order_id,
            channel,
            external_shipment_id: Some(shipment),
            tracking_number: Some(tracking),
            carrier,
        } if channel == "letzshop" => {
            let carrier = match carrier {
                Some(c) => c.clone(),
                None => service::find_connection(tx, store)
                    .await?
                    .and_then(|c| c.default_carrier)
                    .unwrap_or_else(|| "other".into()),
            };
            outbox::enqueue(
                tx,
                store,
                *order_id,
                "tracking",
                json!({"shipment_id": shipment, "tracking_number": tracking, "carrier": carrier}),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

impl OrderExtension for LetzshopOrders {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(on_event(tx, store, event))
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        order_id: i64,
    ) -> BoxFuture<'a, Result<Option<OrderPanel>, ApiError>> {
        Box::pin(async move {
            let (rows, total) = outbox::list(
                conn,
                store,
                None,
                Some(order_id),
                &Pagination {
                    page: Some(1),
                    per_page: Some(50),
                },
            )
            .await?;
            if total == 0 {
                return Ok(None);
            }
            let rows: Vec<OutboxOut> = rows.into_iter().map(Into::into).collect();
            Ok(Some(OrderPanel {
                template: PANEL_TEMPLATE,
                data: json!({"outbox": rows}),
            }))
        })
    }
}
