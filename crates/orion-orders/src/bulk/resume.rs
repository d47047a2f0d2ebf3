//! Jobs left unfinished by a server that stopped: found by their lease and run to the end,
//! by the server's sweeper (`orion serve` with the worker on) or when someone reads the job.

use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use tokio::task::JoinHandle;

use crate::entity::bulk_job;

/// How long a queued job may wait for the runner its request started.
pub(crate) const QUEUED_GRACE: chrono::Duration = chrono::Duration::seconds(5);

/// The jobs no runner works on although they are not done.
pub async fn abandoned(db: &Db) -> Result<Vec<i64>, sea_orm::DbErr> {
    let now = Utc::now();
    bulk_job::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(bulk_job::Column::Status.eq("queued"))
                        .add(bulk_job::Column::CreatedAt.lt(now - QUEUED_GRACE)),
                )
                .add(
                    Condition::all()
                        .add(bulk_job::Column::Status.eq("running"))
                        .add(
                            Condition::any()
                                .add(bulk_job::Column::LeaseUntil.is_null())
                                .add(bulk_job::Column::LeaseUntil.lt(now)),
                        ),
                ),
        )
        .select_only()
        .column(bulk_job::Column::Id)
        .into_tuple()
        .all(db.conn())
        .await
}

/// Runs every abandoned job to its end; returns how many this call finished (a job another
/// runner took meanwhile is left to it).
pub async fn resume_abandoned(db: &Db) -> Result<usize, sea_orm::DbErr> {
    let mut finished = 0;
    for id in abandoned(db).await? {
        if super::run(db, id).await? {
            finished += 1;
        }
    }
    Ok(finished)
}

/// Sweeps for abandoned jobs now and every `every`, until the task is aborted.
pub fn spawn_sweeper(db: Db, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match resume_abandoned(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(jobs = n, "resumed bulk order jobs a stopped server left"),
                Err(e) => tracing::warn!(error = %e, "sweeping bulk order jobs failed"),
            }
            tokio::time::sleep(every).await;
        }
    })
}
