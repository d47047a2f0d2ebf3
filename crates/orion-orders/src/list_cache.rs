//! The order list, cached per app instance. Every entry is keyed by the store's `orders`
//! change counter, which the database bumps on any write of an order or an
//! order item (triggers, see `orion_db::changes`): a list is served from memory only while
//! nothing in the store's orders changed since it was computed, on any instance. Counts are
//! cached per filter, so paging through a filter counts the store's orders once.

use axum::body::Bytes;
use orion_kernel::{Pagination, StoreId};
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::service::OrderFilter;

/// The change counter (per store) that every write of an order or an order item bumps.
pub const SCOPE: &str = "orders";

/// Upper bound of the memory held by cached pages.
const PAGE_BYTES: u64 = 32 * 1024 * 1024;
/// Estimated number of pages (sizes the cache's tables).
const PAGE_ITEMS: usize = 2_000;
const COUNT_ITEMS: usize = 10_000;

/// (store, counter, canonical filter) — and the page, for page bodies.
type Key = (i64, i64, String);

#[derive(Clone)]
struct BodyWeight;

impl Weighter<Key, Bytes> for BodyWeight {
    fn weight(&self, key: &Key, body: &Bytes) -> u64 {
        (key.2.len() + body.len() + 64) as u64
    }
}

pub struct ListCache {
    pages: Cache<Key, Bytes, BodyWeight>,
    counts: Cache<Key, u64>,
    /// Stores known to hold no held order at a counter value (held orders are looked at
    /// on every list otherwise: quota can free up without any order changing).
    no_held: Cache<(i64, i64), ()>,
}

impl Default for ListCache {
    fn default() -> Self {
        Self {
            pages: Cache::with_weighter(PAGE_ITEMS, PAGE_BYTES, BodyWeight),
            counts: Cache::new(COUNT_ITEMS),
            no_held: Cache::new(COUNT_ITEMS),
        }
    }
}

/// One string per distinct filter (parsed values, so `?status=&q=` equals no filter).
fn filter_key(f: &OrderFilter) -> String {
    let OrderFilter {
        status,
        channel,
        from,
        to,
        customer_id,
        q,
        attention,
        overdue_days,
        sort,
    } = f;
    let some = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").to_owned();
    // "Overdue" moves with the clock, not with writes: its entries last one hour at most.
    let hour = if some(attention) == "overdue" {
        chrono::Utc::now().timestamp() / 3600
    } else {
        0
    };
    format!(
        "{}|{}|{:?}|{:?}|{:?}|{}|{}|{:?}|{}|{hour}",
        some(status),
        some(channel),
        from,
        to,
        customer_id,
        some(q),
        some(attention),
        overdue_days,
        some(sort)
    )
}

impl ListCache {
    /// The page body, computed by `compute` unless cached. Concurrent requests for a page
    /// being computed wait for it instead of computing it again (after a change, every
    /// connection would otherwise miss at once).
    pub async fn page<E>(
        &self,
        store: StoreId,
        version: i64,
        f: &OrderFilter,
        p: &Pagination,
        compute: impl Future<Output = Result<Bytes, E>>,
    ) -> Result<Bytes, E> {
        let key = page_key(store, version, f, p);
        self.pages.get_or_insert_async(&key, compute).await
    }

    /// The filter's total, counted by `compute` unless cached (shared by all its pages).
    pub async fn count<E>(
        &self,
        store: StoreId,
        version: i64,
        f: &OrderFilter,
        compute: impl Future<Output = Result<u64, E>>,
    ) -> Result<u64, E> {
        let key = (store.0, version, filter_key(f));
        self.counts.get_or_insert_async(&key, compute).await
    }

    pub fn known_without_held(&self, store: StoreId, version: i64) -> bool {
        self.no_held.get(&(store.0, version)).is_some()
    }

    pub fn put_without_held(&self, store: StoreId, version: i64) {
        self.no_held.insert((store.0, version), ());
    }
}

fn page_key(store: StoreId, version: i64, f: &OrderFilter, p: &Pagination) -> Key {
    let k = format!("{}|{}|{}", filter_key(f), p.page(), p.per_page());
    (store.0, version, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filters_share_a_key_and_values_do_not() {
        let none = OrderFilter::default();
        let blank = OrderFilter {
            status: Some(String::new()),
            q: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(filter_key(&none), filter_key(&blank));
        let shipped = OrderFilter {
            status: Some("shipped".into()),
            ..Default::default()
        };
        let q_shipped = OrderFilter {
            q: Some("shipped".into()),
            ..Default::default()
        };
        assert_ne!(filter_key(&shipped), filter_key(&q_shipped));
    }

    #[tokio::test]
    async fn a_page_is_computed_once_per_counter_value_and_store() {
        let c = ListCache::default();
        let (s, f) = (StoreId(1), OrderFilter::default());
        let p = Pagination {
            page: None,
            per_page: None,
        };
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let compute = |body: &'static [u8]| {
            runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::future::ready(Ok::<_, orion_kernel::Invalid>(Bytes::from_static(body)))
        };
        let get = |store, version, body| c.page(store, version, &f, &p, compute(body));
        assert_eq!(get(s, 7, b"a").await.unwrap(), "a");
        assert_eq!(get(s, 7, b"b").await.unwrap(), "a", "cached");
        assert_eq!(
            get(s, 8, b"c").await.unwrap(),
            "c",
            "a new counter value misses"
        );
        assert_eq!(
            get(StoreId(2), 7, b"d").await.unwrap(),
            "d",
            "another store misses"
        );
        // A failed computation caches nothing.
        let failed = c.page(s, 9, &f, &p, async {
            Err(orion_kernel::Invalid::field("status", "bad"))
        });
        assert!(failed.await.is_err());
        assert_eq!(get(s, 9, b"e").await.unwrap(), "e");
    }
}
