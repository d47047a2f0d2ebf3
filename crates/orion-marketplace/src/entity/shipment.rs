use sea_orm::entity::prelude::*;

/// A Letzshop shipment already imported, with the fingerprint of its unit states: a re-sync
/// of an unchanged shipment compares fingerprints and touches nothing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letzshop_shipments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub shipment_id: String,
    pub order_id: i64,
    /// SHA-256 (hex, 32 chars) of the sorted `unit id = state` pairs.
    pub fingerprint: String,
    pub synced_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
