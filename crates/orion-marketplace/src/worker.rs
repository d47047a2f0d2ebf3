//! The background worker run inside `orion serve`: every few seconds it delivers due outbox
//! rows, then, per store with work (a queued job, a job orphaned by a crashed instance, or an
//! auto-sync that is due), claims the store's lease and runs one job. Several instances can
//! run it on one database: leases and conditional updates decide who does what.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use orion_kernel::StoreId;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::entity::{connection, job};
use crate::error::MarketplaceError;
use crate::service;
use crate::{outbox, sync};

/// A running worker; [`Worker::shutdown`] stops it between steps (a sync in progress stops
/// after its current page and resumes later).
pub struct Worker {
    stop: Arc<AtomicBool>,
    wake: Arc<Notify>,
    handle: JoinHandle<()>,
}

impl Worker {
    pub async fn shutdown(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.wake.notify_one();
        let _ = self.handle.await;
    }

    /// Runs the next round now instead of at the next interval.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Starts the worker loop on the current tokio runtime.
pub fn spawn(db: Db, secret: Vec<u8>, interval: Duration) -> Worker {
    let stop = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(Notify::new());
    let (s, w) = (stop.clone(), wake.clone());
    let handle = tokio::spawn(async move {
        while !s.load(Ordering::Relaxed) {
            if let Err(e) = tick(&db, &secret, s.clone()).await {
                tracing::warn!(error = %e, "letzshop worker round failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = w.notified() => {}
            }
        }
    });
    Worker { stop, wake, handle }
}

/// Keeps `owner`'s lease on `store` alive while a run waits on the network.
pub fn heartbeat(db: Db, store: StoreId, owner: String) -> JoinHandle<()> {
    let every = service::settings().lease / 3;
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if !matches!(
                service::extend_store(db.conn(), store, &owner).await,
                Ok(true)
            ) {
                break;
            }
        }
    })
}

/// One round: outbox delivery, then one job per store with work.
pub async fn tick(db_: &Db, secret: &[u8], stop: Arc<AtomicBool>) -> Result<(), MarketplaceError> {
    outbox::deliver_due(db_, secret, None, 200).await?;
    let now = Utc::now();
    let mut stores: Vec<i64> = job::Entity::find()
        .select_only()
        .column(job::Column::StoreId)
        .filter(job::Column::Status.is_in(["queued", "running"]))
        .distinct()
        .into_tuple()
        .all(db_.conn())
        .await?;
    let due: Vec<i64> = connection::Entity::find()
        .select_only()
        .column(connection::Column::StoreId)
        .filter(connection::Column::AutoSync.eq(true))
        .filter(
            Condition::any()
                .add(connection::Column::NextSyncAt.is_null())
                .add(connection::Column::NextSyncAt.lte(now)),
        )
        .into_tuple()
        .all(db_.conn())
        .await?;
    for s in due {
        if !stores.contains(&s) {
            stores.push(s);
        }
    }
    for store in stores {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let store = StoreId(store);
        let owner = service::new_owner();
        if !service::claim_store(db_.conn(), store, &owner).await? {
            continue;
        }
        let beat = heartbeat(db_.clone(), store, owner.clone());
        let res = run_store(db_, secret, store, &owner, stop.clone()).await;
        beat.abort();
        service::release_store(db_.conn(), store, &owner).await?;
        if let Err(e) = res {
            tracing::warn!(store = store.0, error = %e, "letzshop sync failed");
        }
    }
    Ok(())
}

async fn run_store(
    db_: &Db,
    secret: &[u8],
    store: StoreId,
    owner: &str,
    stop: Arc<AtomicBool>,
) -> Result<(), MarketplaceError> {
    let j = match service::next_job(db_.conn(), store).await? {
        Some(j) => j,
        None => {
            // Re-read under the lease: another instance may have just synced.
            let Some(c) = service::find_connection(db_.conn(), store).await? else {
                return Ok(());
            };
            if !(c.auto_sync && c.next_sync_at.is_none_or(|t| t <= Utc::now())) {
                return Ok(());
            }
            service::create_job(db_.conn(), store, "sync").await?
        }
    };
    sync::run_job(db_, secret, store, j.id, owner, stop).await?;
    Ok(())
}
