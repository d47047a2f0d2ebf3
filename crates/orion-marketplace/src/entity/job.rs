use sea_orm::entity::prelude::*;

/// A sync or historical import run, with its resume cursor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letzshop_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    /// `sync` or `history`.
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// The shipment state being paged: `unconfirmed`, `confirmed`, then `done`.
    pub phase: String,
    /// `endCursor` of the last page committed in `phase` (resume point).
    pub cursor: Option<String>,
    pub pages: i32,
    pub imported: i32,
    pub updated: i32,
    pub held: i32,
    pub exceptions: i32,
    pub unchanged: i32,
    /// JSON array of error messages (per shipment, or the run's).
    pub errors: String,
    pub lease_owner: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
