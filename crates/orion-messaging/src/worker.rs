//! The e-mail worker run inside `orion serve`: every interval it sends the due messages
//! (rounds follow each other at once while a round is full). Several instances may run it on
//! one database: claims decide who sends what.

use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::sender::{self, Delivery};

/// Messages one round claims.
pub const BATCH: u64 = 100;

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
pub fn spawn(db: Db, delivery: Delivery, interval: Duration) -> Worker {
    let (stop, mut stopped) = watch::channel(false);
    let handle = tokio::spawn(async move {
        while !*stopped.borrow() {
            match sender::deliver_due(&db, &delivery, Utc::now(), BATCH).await {
                Ok(r) if r.handled() >= BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "e-mail round failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                changed = stopped.changed() => if changed.is_err() { break },
            }
        }
    });
    Worker { stop, handle }
}
