//! Recomputing a store's rollups from its orders (`orion reports rebuild`).

use orion_kernel::{OrderId, Pagination, StoreId};
use orion_orders::service::OrderFilter;
use sea_orm::DatabaseTransaction;

use crate::error::ReportError;

/// Clears the store's facts and rollups and recomputes them from every order; returns how
/// many orders were read.
pub async fn rebuild(tx: &DatabaseTransaction, store: StoreId) -> Result<u64, ReportError> {
    super::facts::clear(tx, store).await?;
    let f = OrderFilter {
        sort: Some("oldest".into()),
        ..Default::default()
    };
    let mut page = 1;
    let mut seen = 0;
    loop {
        let p = Pagination {
            page: Some(page),
            per_page: Some(200),
        };
        let (orders, total) = orion_orders::service::list(tx, store, &f, &p).await?;
        if orders.is_empty() {
            break;
        }
        for o in &orders {
            super::facts::sync(tx, store, OrderId(o.id)).await?;
            seen += 1;
        }
        if seen >= total {
            break;
        }
        page += 1;
    }
    Ok(seen)
}
