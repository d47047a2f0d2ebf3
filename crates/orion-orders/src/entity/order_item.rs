use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub store_id: i64,
    /// Null while an imported item matches no product (an open exception).
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
    pub vat_rate_class: String,
    /// `pending`, `confirmed` or `declined`.
    pub status: String,
    /// JSON array of marketplace inventory-unit ids.
    pub external_unit_ids: Option<String>,
    pub position: i32,
    /// Confirmed without stock (store allows backorders): reserved when it ships.
    pub backordered: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
