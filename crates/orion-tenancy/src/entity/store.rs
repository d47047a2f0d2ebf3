use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub merchant_id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub country: String,
    pub default_language: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// IANA time zone pages show times in.
    pub timezone: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
