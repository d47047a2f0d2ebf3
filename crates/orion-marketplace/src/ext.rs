//! The marketplace's part in an order's life: decisions and shipping of Letzshop orders,
//! taken in Orion, become outbox rows in the same transaction ([`LetzshopOutbox`], an order
//! subscriber), and the order page shows their delivery state ([`LetzshopPanel`]).

use orion_kernel::{BoxFuture, BoxedError, Pagination, StoreId};
use orion_orders::{Change, OrderEvent, OrderSubscriber, Origin};
use orion_web::{ApiError, Panel, PanelProvider};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::json;

use crate::MarketplaceError;
use crate::outbox::{self, OutboxOut};
use crate::service;

/// Queues what Letzshop must be told about its orders.
pub struct LetzshopOutbox;

pub const PANEL_TEMPLATE: &str = "marketplace/order_panel.html";

async fn on_event(tx: &DatabaseTransaction, e: &OrderEvent) -> Result<(), MarketplaceError> {
    // Decisions that came from Letzshop need not be told back.
    if e.channel != "letzshop" || e.origin == Origin::Marketplace {
        return Ok(());
    }
    let (store, order) = (e.store, e.order.0);
    match &e.change {
        Change::ItemsDecided {
            unit_ids,
            available,
            ..
        } if !unit_ids.is_empty() => {
            outbox::enqueue(
                tx,
                store,
                order,
                if *available { "confirm" } else { "decline" },
                json!({"shipment_id": e.external_shipment_id, "unit_ids": unit_ids}),
            )
            .await?;
        }
        Change::Shipped {
            tracking_number: Some(tracking),
            carrier,
        } if e.external_shipment_id.is_some() => {
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
                order,
                "tracking",
                json!({"shipment_id": e.external_shipment_id, "tracking_number": tracking, "carrier": carrier}),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

impl OrderSubscriber for LetzshopOutbox {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move { on_event(tx, event).await.map_err(BoxedError::new) })
    }
}

/// The Letzshop delivery log on the order page.
pub struct LetzshopPanel;

impl PanelProvider for LetzshopPanel {
    fn slot(&self) -> &'static str {
        "order"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        order_id: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let Some(store) = store else {
                return Ok(None);
            };
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
            Ok(Some(Panel {
                template: PANEL_TEMPLATE,
                data: json!({"outbox": rows}),
            }))
        })
    }
}

/// The Letzshop connection's default carrier, suggested in the ship form of Letzshop orders.
pub struct LetzshopCarrier;

impl orion_orders::ship_defaults::ShipDefaults for LetzshopCarrier {
    fn default_carrier<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: orion_kernel::StoreId,
        channel: &'a str,
    ) -> orion_kernel::BoxFuture<'a, Result<Option<String>, sea_orm::DbErr>> {
        Box::pin(async move {
            if channel != "letzshop" {
                return Ok(None);
            }
            Ok(service::find_connection(conn, store)
                .await
                .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
                .and_then(|c| c.default_carrier)
                .filter(|c| !c.trim().is_empty()))
        })
    }
}

/// The page of the dashboard's Letzshop card.
pub const HEALTH_TEMPLATE: &str = "marketplace/health_panel.html";

/// The Letzshop connection's health on the store dashboard (slot `dashboard.today`): the last
/// sync, how it ended, the next one; nothing when the store is not connected.
pub struct SyncHealthPanel;

impl PanelProvider for SyncHealthPanel {
    fn slot(&self) -> &'static str {
        "dashboard.today"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        _subject: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let Some(store) = store else {
                return Ok(None);
            };
            let Some(c) = service::find_connection(conn, store).await? else {
                return Ok(None);
            };
            let last = service::recent_jobs(conn, store, 1)
                .await?
                .into_iter()
                .next();
            let errors = last
                .as_ref()
                .map(|j| {
                    serde_json::from_str::<Vec<serde_json::Value>>(&j.errors)
                        .map(|v| v.len())
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            let failed = last.as_ref().is_some_and(|j| j.status == "failed");
            Ok(Some(Panel {
                template: HEALTH_TEMPLATE,
                data: json!({
                    "last_sync_at": c.last_sync_at.map(|t| t.to_rfc3339()),
                    "next_sync_at": c.next_sync_at.map(|t| t.to_rfc3339()),
                    "auto_sync": c.auto_sync,
                    "status": last.as_ref().map(|j| j.status.clone()),
                    "imported": last.as_ref().map(|j| j.imported).unwrap_or(0),
                    "errors": errors,
                    "healthy": !failed && errors == 0,
                }),
            }))
        })
    }
}
