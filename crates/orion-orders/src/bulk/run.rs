//! The runner: works on a job's orders one at a time, each in its own transaction.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use chrono::Utc;
use orion_db::Db;
use orion_kernel::{DomainError, ErrorKind, MerchantId, OrderId, StoreId, StoreRef, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect, Set,
};

use super::{BULK_ACTIONS, BulkAction, Step, TrackingIn};
use crate::entity::{bulk_job, bulk_result};

/// How long a runner owns a job without renewing its lease; a job whose lease ran out is
/// taken over by the next runner started for it.
pub const LEASE: Duration = Duration::from_secs(60);
/// Orders between two renewals of the lease.
const RENEW_EVERY: usize = 50;
/// How often an order is tried when the database aborts its transaction as a deadlock
/// victim or a serialization failure.
const ATTEMPTS: u32 = 5;

/// Works on job `job_id` until every order has its result. Returns `false` when another
/// runner owns the job (or it is done): then nothing happens.
pub async fn run(db: &Db, job_id: i64) -> Result<bool, sea_orm::DbErr> {
    if !claim(db, job_id).await? {
        return Ok(false);
    }
    let Some(job) = bulk_job::Entity::find_by_id(job_id).one(db.conn()).await? else {
        return Ok(false);
    };
    let store = StoreRef {
        id: StoreId(job.store_id),
        merchant: MerchantId(job.merchant_id),
        code: job.store_code.clone(),
        country: job.store_country.clone(),
    };
    let ids: Vec<i64> = serde_json::from_str(&job.order_ids).unwrap_or_default();
    let mut tracking: BTreeMap<i64, TrackingIn> = job
        .tracking
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default();
    if let Some(carrier) = &job.carrier {
        for id in &ids {
            tracking.entry(*id).or_insert_with(|| TrackingIn {
                order_id: *id,
                carrier: Some(carrier.clone()),
                tracking_number: None,
            });
        }
    }
    let done: HashSet<i64> = bulk_result::Entity::find()
        .filter(bulk_result::Column::JobId.eq(job.id))
        .select_only()
        .column(bulk_result::Column::OrderId)
        .into_tuple()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    let action = BULK_ACTIONS.get(&job.action);
    let actor = job.created_by.map(UserId);
    for (n, id) in ids
        .iter()
        .copied()
        .filter(|id| !done.contains(id))
        .enumerate()
    {
        if n > 0 && n % RENEW_EVERY == 0 {
            renew(db, job.id).await?;
        }
        let step = Step {
            store: &store,
            order: OrderId(id),
            tracking: tracking.get(&id),
            actor,
        };
        one_order(db, job.id, action.as_deref(), step).await?;
    }
    bulk_job::ActiveModel {
        id: Set(job.id),
        status: Set("done".into()),
        lease_until: Set(None),
        finished_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .update(db.conn())
    .await?;
    Ok(true)
}

/// Takes the job if it is queued, or running with a lease that ran out.
async fn claim(db: &Db, job_id: i64) -> Result<bool, sea_orm::DbErr> {
    let now = Utc::now();
    let res = bulk_job::Entity::update_many()
        .col_expr(bulk_job::Column::Status, Expr::value("running"))
        .col_expr(bulk_job::Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(bulk_job::Column::Id.eq(job_id))
        .filter(
            Condition::any()
                .add(bulk_job::Column::Status.eq("queued"))
                .add(
                    Condition::all()
                        .add(bulk_job::Column::Status.eq("running"))
                        .add(bulk_job::Column::LeaseUntil.lt(now)),
                ),
        )
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

async fn renew(db: &Db, job_id: i64) -> Result<(), sea_orm::DbErr> {
    bulk_job::Entity::update_many()
        .col_expr(
            bulk_job::Column::LeaseUntil,
            Expr::value(Utc::now() + LEASE),
        )
        .filter(bulk_job::Column::Id.eq(job_id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Applies the action to one order and records its result in the same transaction; a
/// refusal is recorded on its own. Only a database failure stops the job.
async fn one_order(
    db: &Db,
    job_id: i64,
    action: Option<&dyn BulkAction>,
    step: Step<'_>,
) -> Result<(), sea_orm::DbErr> {
    let order = step.order.0;
    let Some(action) = action else {
        return record_refusal(db, job_id, order, "This action is not available").await;
    };
    let mut attempt = 1;
    loop {
        let tx = db.begin_write().await?;
        match action.apply(&tx, step).await {
            Ok(()) => {
                insert_result(&tx, job_id, order, None).await?;
                return tx.commit().await;
            }
            Err(e) => {
                tx.rollback().await?;
                if attempt < ATTEMPTS && e.retryable() {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt))).await;
                    continue;
                }
                return record_refusal(db, job_id, order, &refusal(&e)).await;
            }
        }
    }
}

/// The reason shown for a refused order: the error's sentence, then the sentence of each
/// field it names (one per line). Internal failures are logged and answered in general.
fn refusal(e: &orion_kernel::BoxedError) -> String {
    let inner = orion_kernel::error::innermost(e);
    if inner.kind() == ErrorKind::Internal {
        tracing::error!(error = %e, "a bulk action failed on an order");
        return "Something went wrong on our side; the error was logged.".into();
    }
    std::iter::once(inner.to_string())
        .chain(inner.fields().into_iter().map(|f| f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn record_refusal(db: &Db, job_id: i64, order: i64, why: &str) -> Result<(), sea_orm::DbErr> {
    let tx = db.begin_write().await?;
    insert_result(&tx, job_id, order, Some(why)).await?;
    tx.commit().await
}

async fn insert_result(
    tx: &DatabaseTransaction,
    job_id: i64,
    order: i64,
    error: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let stmt = sea_orm::sea_query::Query::insert()
        .into_table(bulk_result::Entity)
        .columns([
            bulk_result::Column::JobId,
            bulk_result::Column::OrderId,
            bulk_result::Column::Ok,
            bulk_result::Column::Error,
            bulk_result::Column::CreatedAt,
        ])
        .values_panic([
            job_id.into(),
            order.into(),
            error.is_none().into(),
            error.map(str::to_owned).into(),
            Utc::now().into(),
        ])
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                bulk_result::Column::JobId,
                bulk_result::Column::OrderId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    tx.execute(&stmt).await?;
    Ok(())
}
