use sea_orm::entity::prelude::*;

/// What one order contributes to the rollups now (the last contribution applied).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_order_facts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub order_id: i64,
    pub store_id: i64,
    pub day: Date,
    pub channel: String,
    /// The shipping country (ISO code).
    pub country: String,
    pub orders: i64,
    pub cancelled: i64,
    pub units: i64,
    pub gross_cents: i64,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub refunded_cents: i64,
    /// The order's customer, when it has one.
    pub customer_id: Option<i64>,
    /// `[[product_id, units, gross_cents], …]` as JSON.
    #[sea_orm(column_type = "Text")]
    pub products: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
