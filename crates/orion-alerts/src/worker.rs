//! The alerts worker run inside `orion serve`: every interval, one digest round
//! ([`crate::digest::run`]); once an hour, the live plan limits ([`crate::usage`]). Several instances may run it on one database: each store's
//! digest mark decides who sends.

use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use tokio::sync::watch;
use tokio::task::JoinHandle;

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

/// Starts the worker on the current tokio runtime.
pub fn spawn(db: Db, interval: Duration) -> Worker {
    let (stop, mut stopped) = watch::channel(false);
    let handle = tokio::spawn(async move {
        let mut checked_at = Utc::now() - crate::usage::CHECK_EVERY;
        while !*stopped.borrow() {
            let now = Utc::now();
            if let Err(e) = crate::digest::run(&db, now).await {
                tracing::warn!(error = %e, "alert digest round failed");
            }
            if now - checked_at >= crate::usage::CHECK_EVERY {
                checked_at = now;
                if let Err(e) = crate::usage::check_live_limits(&db, now).await {
                    tracing::warn!(error = %e, "checking plan limits for alerts failed");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                changed = stopped.changed() => if changed.is_err() { break },
            }
        }
    });
    Worker { stop, handle }
}
