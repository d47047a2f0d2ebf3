use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub order_number: String,
    pub channel: String,
    pub external_order_id: Option<String>,
    pub external_shipment_id: Option<String>,
    pub external_number: Option<String>,
    pub status: String,
    pub held_reason: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_email: String,
    pub customer_first_name: Option<String>,
    pub customer_last_name: Option<String>,
    pub customer_company: Option<String>,
    pub customer_vat_id: Option<String>,
    pub customer_phone: Option<String>,
    /// JSON address object.
    pub billing_address: Option<String>,
    /// JSON address object.
    pub shipping_address: String,
    pub ship_country: String,
    pub ship_postcode: Option<String>,
    pub subtotal_cents: i64,
    pub shipping_cents: i64,
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub currency: String,
    pub locale: String,
    pub tracking_number: Option<String>,
    pub carrier: Option<String>,
    pub notes: Option<String>,
    /// Whether the order has an active invoice (kept by the invoicing module).
    pub invoiced: bool,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    pub ordered_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub shipped_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub refunded_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
