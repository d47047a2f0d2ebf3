//! The webhook worker run inside `orion serve`: every interval it sends the due deliveries
//! (rounds follow each other at once while a round is full), and once an hour it deletes
//! messages older than [`RETENTION_DAYS`]. Several instances may run it on one database:
//! claims decide who sends what.

use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::delivery;

/// Deliveries one round claims.
pub const BATCH: u64 = 200;
/// Days the outbox keeps messages (with their deliveries and attempts).
pub const RETENTION_DAYS: i64 = 30;
const PRUNE_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// A running worker; [`Worker::shutdown`] stops it between rounds.
pub struct Worker {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Worker {
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.handle.await;
    }
}

/// One round: the due deliveries, and the old messages when an hour has passed. `true` when
/// the round was full (more may be due).
async fn round(db: &Db, app_key: &[u8], pruned_at: &mut chrono::DateTime<Utc>) -> bool {
    let now = Utc::now();
    let full = match delivery::deliver_due(db, app_key, now, BATCH).await {
        Ok(r) => r.delivered + r.retrying + r.failed >= BATCH,
        Err(e) => {
            tracing::warn!(error = %e, "webhook delivery round failed");
            false
        }
    };
    if now - *pruned_at >= PRUNE_EVERY {
        *pruned_at = now;
        if let Err(e) = delivery::prune(db, now, RETENTION_DAYS).await {
            tracing::warn!(error = %e, "pruning old webhook messages failed");
        }
    }
    full
}

/// Starts the worker on the current tokio runtime; `app_key` opens the endpoints' secrets.
pub fn spawn(db: Db, app_key: Vec<u8>, interval: Duration) -> Worker {
    let (stop, mut stopped) = watch::channel(false);
    let handle = tokio::spawn(async move {
        let mut pruned_at = Utc::now() - PRUNE_EVERY;
        while !*stopped.borrow() {
            if round(&db, &app_key, &mut pruned_at).await {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                // A dropped handle stops the worker too.
                changed = stopped.changed() => if changed.is_err() { break },
            }
        }
    });
    Worker { stop, handle }
}
