use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscription_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub merchant_id: i64,
    /// The user who made the change; null for automatic changes (trial expiry).
    pub changed_by: Option<i64>,
    pub changed_at: DateTimeUtc,
    pub from_tier: Option<String>,
    pub to_tier: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
