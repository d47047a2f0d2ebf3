//! A job's progress and its per-order results.

use chrono::{DateTime, Utc};
use orion_kernel::StoreId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::BulkError;
use crate::entity::{bulk_job, bulk_result};

/// What a job did to one order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderResult {
    pub order_id: i64,
    /// The order's number (absent when the id is not an order of the store).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    pub ok: bool,
    /// Why the order was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A bulk job as its requester follows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobStatus {
    pub job_id: i64,
    pub action: String,
    /// `queued`, `running` or `done`.
    pub status: String,
    /// Orders with a result so far.
    pub done: i64,
    pub total: i64,
    pub succeeded: i64,
    pub refused: i64,
    /// One entry per order done, in the order they were worked on (empty when only the
    /// counts were asked for).
    pub results: Vec<OrderResult>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Whether no runner is working on the job although it is not done (the caller starts
    /// one: see [`super::run`]).
    #[serde(skip)]
    pub abandoned: bool,
}

/// Job `job_id` of the store (another store's job is not found); with `results`, what it
/// did to each order so far (otherwise only the counts: what a progress bar polls).
pub async fn job_status(
    conn: &impl ConnectionTrait,
    store: StoreId,
    job_id: i64,
    results: bool,
) -> Result<JobStatus, BulkError> {
    let job = bulk_job::Entity::find_by_id(job_id)
        .filter(bulk_job::Column::StoreId.eq(store.0))
        .one(conn)
        .await?
        .ok_or(BulkError::NotFound)?;
    let oks: Vec<bool> = bulk_result::Entity::find()
        .filter(bulk_result::Column::JobId.eq(job.id))
        .select_only()
        .column(bulk_result::Column::Ok)
        .into_tuple()
        .all(conn)
        .await?;
    let rows = if results {
        bulk_result::Entity::find()
            .filter(bulk_result::Column::JobId.eq(job.id))
            .order_by_asc(bulk_result::Column::Id)
            .all(conn)
            .await?
    } else {
        Vec::new()
    };
    let numbers =
        crate::service::order_numbers(conn, store, rows.iter().map(|r| r.order_id)).await?;
    let succeeded = oks.iter().filter(|ok| **ok).count() as i64;
    let done = oks.len() as i64;
    let now = Utc::now();
    let abandoned = match job.status.as_str() {
        "queued" => job.created_at + super::resume::QUEUED_GRACE < now,
        "running" => job.lease_until.is_none_or(|l| l < now),
        _ => false,
    };
    Ok(JobStatus {
        job_id: job.id,
        action: job.action,
        status: job.status,
        done,
        total: i64::from(job.total),
        succeeded,
        refused: done - succeeded,
        results: rows
            .into_iter()
            .map(|r| OrderResult {
                order_number: numbers.get(&r.order_id).cloned(),
                order_id: r.order_id,
                ok: r.ok,
                error: r.error,
            })
            .collect(),
        created_at: job.created_at,
        finished_at: job.finished_at,
        abandoned,
    })
}
