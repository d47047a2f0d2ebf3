//! Whether an order has its invoice. The invoicing module (above orders) says so when it
//! issues an order's invoice or cancels it, so the list can find "shipped, not invoiced".

use orion_kernel::{OrderId, StoreId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::entity::order;
use crate::error::OrderError;

/// Records whether order `id` of the store has an active invoice.
pub async fn set_invoiced(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: OrderId,
    invoiced: bool,
) -> Result<(), OrderError> {
    order::Entity::update_many()
        .col_expr(order::Column::Invoiced, Expr::value(invoiced))
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Id.eq(id.0))
        .exec(tx)
        .await?;
    Ok(())
}
