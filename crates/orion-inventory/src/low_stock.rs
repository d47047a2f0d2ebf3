//! `stock.low`: a stock movement that takes a product's available quantity (on hand less
//! reserved, over every warehouse and bin) from above its reorder point to at or below it is
//! announced to outside listeners (webhooks, `orion_db::events`) inside the movement's
//! transaction. Reorder points belong to purchasing, which answers through the
//! [`REORDER_POINTS`] port; without it (or without a rule for the product) nothing is
//! announced. Moves between slots and shipping reserved units leave availability unchanged
//! and are not checked.

use orion_db::events::DomainEvent;
use orion_kernel::{BoxFuture, ProductId, Registry, StoreId};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};
use serde_json::json;

use crate::entity::stock_level;
use crate::error::StockError;

/// A product's reorder point, as the module that keeps them says.
pub trait ReorderPoints: Send + Sync + 'static {
    fn reorder_point<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        store: StoreId,
        product: i64,
    ) -> BoxFuture<'a, Result<Option<i64>, DbErr>>;
}

/// The purchasing module of the composed application.
pub static REORDER_POINTS: Registry<dyn ReorderPoints> = Registry::new();

/// After a movement changed `l` by `dh` on hand and `dr` reserved: announces `stock.low`
/// when the product's availability just crossed its reorder point downwards.
pub(crate) async fn check(
    tx: &DatabaseTransaction,
    l: &stock_level::Model,
    dh: i64,
    dr: i64,
) -> Result<(), StockError> {
    let change = dh - dr;
    let Some(points) = REORDER_POINTS.first().filter(|_| change < 0) else {
        return Ok(());
    };
    let store = StoreId(l.store_id);
    let Some(point) = points.reorder_point(tx, store, l.product_id).await? else {
        return Ok(());
    };
    let after: i64 = stock_level::Entity::find()
        .filter(stock_level::Column::StoreId.eq(l.store_id))
        .filter(stock_level::Column::ProductId.eq(l.product_id))
        .all(tx)
        .await?
        .iter()
        .map(stock_level::Model::available)
        .sum();
    if !(after - change > point && after <= point) {
        return Ok(());
    }
    let p = orion_catalog::service::find(tx, store, ProductId(l.product_id)).await?;
    let ev = DomainEvent {
        store,
        kind: "stock.low",
        data: json!({"product_id": p.id, "sku": p.sku, "available": after, "reorder_point": point}),
    };
    orion_db::events::emit(tx, &ev)
        .await
        .map_err(StockError::Event)
}
