use sea_orm::entity::prelude::*;

/// A bulk action over many orders, run in the background (see `crate::bulk`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_bulk_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    /// The store as the requester's session knew it (the runner works in its name).
    pub merchant_id: i64,
    pub store_code: String,
    pub store_country: String,
    /// The client's `Idempotency-Key`: the same key returns the same job.
    pub idempotency_key: Option<String>,
    /// SHA-256 of the request, to refuse a key reused for another request.
    pub request_hash: String,
    /// `confirm`, `ship`, `invoice` or `cancel`.
    pub action: String,
    /// JSON array of the order ids, in the order they are worked on.
    pub order_ids: String,
    /// JSON object: order id → `{carrier, tracking_number}` (ship only).
    pub tracking: Option<String>,
    /// Ship: the carrier of orders without a tracking entry.
    pub carrier: Option<String>,
    /// `queued`, `running` or `done`.
    pub status: String,
    pub total: i32,
    pub created_by: Option<i64>,
    /// A runner works on the job until then (it renews the lease as it goes).
    pub lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
