use sea_orm::entity::prelude::*;

/// One sync run or outbound call.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letzshop_sync_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    /// `sync`, `history`, `confirm`, `decline`, `tracking`, `test`.
    pub operation: String,
    /// JSON object of counts.
    pub counts: String,
    pub duration_ms: i64,
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
