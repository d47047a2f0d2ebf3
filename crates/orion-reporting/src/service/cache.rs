//! Summaries cached per app instance, keyed by the change counters of what they read: the
//! stores' `orders` counter (every order change, which moves the rollups in the same
//! transaction), `invoices` (credit notes, distance sales), `customers` (first orders: new
//! and returning customers) and `reports` (bumped by
//! [`crate::service::rebuild`]). The counters are read first, in one query for all the
//! stores, then a summary is served from memory exactly as long as none of them moved, on
//! any instance (see `orion_db::changes`). Product names are looked up on every use, so a
//! renamed product shows its new name at once.
//!
//! Concurrent requests for a summary being computed wait for it instead of computing it
//! again (after an order change every dashboard would otherwise miss at once).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use orion_kernel::StoreId;
use quick_cache::sync::Cache;
use sea_orm::ConnectionTrait;

use super::summary::{self, Granularity, Summary, Totals};
use crate::error::ReportError;

/// The change counter (per store) that a rebuild bumps.
pub const SCOPE: &str = "reports";

/// Every counter a cached summary depends on.
const SCOPES: [&str; 4] = [
    orion_orders::list_cache::SCOPE,
    orion_invoicing::CHANGE_SCOPE,
    orion_customers::CHANGE_SCOPE,
    SCOPE,
];

/// How many summaries an instance keeps (a few KB each).
const ENTRIES: usize = 2_000;

/// (stores, from, to, granularity, per store, counter values).
type Key = (Vec<i64>, NaiveDate, NaiveDate, u8, bool, Vec<i64>);

/// A summary, and the totals of each store when asked for.
#[derive(Debug, Clone)]
pub struct Figures {
    pub summary: Summary,
    /// Stores without sales in the period are missing.
    pub by_store: BTreeMap<i64, Totals>,
}

pub struct SummaryCache {
    entries: Cache<Key, Arc<Figures>>,
}

impl Default for SummaryCache {
    fn default() -> Self {
        Self {
            entries: Cache::new(ENTRIES),
        }
    }
}

impl SummaryCache {
    /// The summary of `stores` (and with `by_store`, each store's totals), top products
    /// named in `lang`: computed unless an instance already did so since the last change.
    #[allow(clippy::too_many_arguments)]
    pub async fn figures(
        &self,
        conn: &impl ConnectionTrait,
        stores: &[StoreId],
        from: NaiveDate,
        to: NaiveDate,
        g: Granularity,
        by_store: bool,
        lang: &str,
    ) -> Result<Figures, ReportError> {
        summary::check_period(from, to)?;
        let mut ids: Vec<i64> = stores.iter().map(|s| s.0).collect();
        ids.sort_unstable();
        ids.dedup();
        // Before the rows they guard (a write in between lands under the older values).
        let counters = orion_db::changes::read(conn, &ids).await?;
        let versions = ids
            .iter()
            .flat_map(|k| SCOPES.map(|s| counters.get(s, *k)))
            .collect();
        let key = (ids, from, to, g as u8, by_store, versions);
        let cached = self
            .entries
            .get_or_insert_async(&key, async {
                let summary = summary::compute(conn, stores, from, to, g).await?;
                let by_store = if by_store {
                    summary::totals_by_store(conn, stores, from, to).await?
                } else {
                    BTreeMap::new()
                };
                Ok::<_, ReportError>(Arc::new(Figures { summary, by_store }))
            })
            .await?;
        let mut f = Figures::clone(&cached);
        summary::name_products(conn, stores, &mut f.summary.top_products, lang).await?;
        Ok(f)
    }
}
