//! Live metrics (`products`, `team_members`) count rows other modules own. Each owner
//! implements [`LiveCounter`] and the composition root registers it in [`LIVE_COUNTERS`], so
//! billing reports usage without reading their tables.

use orion_kernel::{BoxFuture, BoxedError, Registry, StoreId};
use sea_orm::DatabaseConnection;

use crate::domain::Metric;
use crate::error::BillingError;

pub trait LiveCounter: Send + Sync + 'static {
    fn metric(&self) -> Metric;
    /// The live rows of the metric in `store`.
    fn count<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<u64, BoxedError>>;
}

/// The counters of the composed application.
pub static LIVE_COUNTERS: Registry<dyn LiveCounter> = Registry::new();

/// The live count of `metric` in `store`, when a module counts it.
pub async fn live_count(
    conn: &DatabaseConnection,
    metric: Metric,
    store: StoreId,
) -> Result<Option<u64>, BillingError> {
    match LIVE_COUNTERS
        .all()
        .into_iter()
        .find(|c| c.metric() == metric)
    {
        Some(c) => Ok(Some(
            c.count(conn, store).await.map_err(BillingError::Counter)?,
        )),
        None => Ok(None),
    }
}
