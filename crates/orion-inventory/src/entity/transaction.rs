use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inventory_transactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub product_id: i64,
    pub warehouse_id: i64,
    pub bin: String,
    /// reserve, release, fulfil, adjust, set, import, receive, return, move_out, move_in.
    pub kind: String,
    /// Change of on-hand quantity.
    pub on_hand_change: i64,
    /// Change of reserved quantity.
    pub reserved_change: i64,
    pub on_hand_after: i64,
    pub reserved_after: i64,
    pub order_id: Option<i64>,
    pub order_item_id: Option<i64>,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub actor_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
