//! The invoicing section of the order page: "Generate invoice" while the order has no
//! active invoice, "Download invoice" once it has one.

use orion_kernel::{BoxFuture, OrderId, StoreId};
use orion_web::{ApiError, Panel, PanelProvider};
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::service;

pub struct InvoicePanel;

impl PanelProvider for InvoicePanel {
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
            let active = service::active_for_order(conn, store, OrderId(order_id)).await?;
            let configured = crate::settings::get(conn, store).await?.is_some();
            Ok(Some(Panel {
                template: "invoicing/order_panel.html",
                data: json!({
                    "invoice": active.map(|i| json!({"id": i.id, "number": i.number, "status": i.status})),
                    "configured": configured,
                    "order_id": order_id,
                }),
            }))
        })
    }
}
