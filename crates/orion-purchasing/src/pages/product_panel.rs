//! The purchasing section of the product page: average cost, on order, reorder rule and
//! suppliers (nothing when the product has none of them).

use orion_kernel::{BoxFuture, StoreId};
use orion_web::{ApiError, Panel, PanelProvider};
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::service::{costs, incoming, queries, reorder, suppliers};

pub struct ProductPurchasingPanel;

impl PanelProvider for ProductPurchasingPanel {
    fn slot(&self) -> &'static str {
        "product"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        subject: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let Some(store) = store else { return Ok(None) };
            let cost = costs::of(conn, store, subject).await?;
            let inc = incoming::on_order(conn, store, Some(&[subject]))
                .await?
                .remove(&subject)
                .unwrap_or_default();
            let rule = reorder::rule(conn, store, subject).await?;
            let offers = suppliers::offers_for(conn, store, &[subject]).await?;
            if cost.is_none() && inc.quantity == 0 && rule.is_none() && offers.is_empty() {
                return Ok(None);
            }
            let names = queries::supplier_names(conn, store).await?;
            Ok(Some(Panel {
                template: "purchasing/product_panel.html",
                data: json!({
                    "average_cost": cost.map(|c| c.cents), "average_quantity": cost.map(|c| c.quantity),
                    "on_order": inc.quantity, "expected": inc.next_expected_at.map(|d| d.to_string()),
                    "rule": rule.map(|r| json!({"reorder_point": r.reorder_point, "target_level": r.target_level})),
                    "suppliers": offers.iter().map(|o| json!({"id": o.supplier_id, "name": names.get(&o.supplier_id),
                        "supplier_sku": o.supplier_sku, "cost": o.last_unit_cost_cents, "min": o.min_order_quantity})).collect::<Vec<_>>(),
                }),
            }))
        })
    }
}

/// Low stock on the store dashboard (slot `dashboard.today`): how many products are at or
/// below their reorder point, linking to the reorder page; nothing when none is.
pub struct ReorderPanel;

impl PanelProvider for ReorderPanel {
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
            let Some(store) = store else { return Ok(None) };
            let low = reorder::suggestions(conn, store, "en").await?;
            if low.is_empty() {
                return Ok(None);
            }
            Ok(Some(Panel {
                template: "purchasing/reorder_panel.html",
                data: json!({"count": low.len(),
                    "skus": low.iter().take(5).map(|s| s.sku.clone()).collect::<Vec<_>>()}),
            }))
        })
    }
}
