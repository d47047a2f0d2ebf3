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

/// The store's letterhead for other modules' documents, from the invoice settings.
pub struct SettingsLetterhead;

impl orion_web::letterhead::Letterheads for SettingsLetterhead {
    fn letterhead<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: orion_kernel::StoreId,
    ) -> orion_kernel::BoxFuture<
        'a,
        Result<Option<orion_web::letterhead::Letterhead>, sea_orm::DbErr>,
    > {
        Box::pin(async move {
            use sea_orm::EntityTrait;
            let s = crate::entity::invoice_settings::Entity::find_by_id(store.0)
                .one(conn)
                .await?;
            Ok(s.map(|s| orion_web::letterhead::Letterhead {
                legal_name: s.legal_name,
                address_lines: vec![s.street, format!("{} {}", s.postal_code, s.city), s.country],
                vat_number: Some(s.vat_number).filter(|v| !v.is_empty()),
            }))
        })
    }
}
