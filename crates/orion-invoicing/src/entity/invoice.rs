use sea_orm::entity::prelude::*;

/// An issued invoice or credit note. Snapshots (seller, buyer, lines, breakdown, mentions)
/// are JSON text written once at issue time and never changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub order_id: Option<i64>,
    pub document_type: String,
    pub corrects_invoice_id: Option<i64>,
    pub series: String,
    pub year: i32,
    pub sequence: i64,
    pub number: String,
    pub status: String,
    pub issue_date: Date,
    pub supply_date: Date,
    pub due_date: Option<Date>,
    pub currency: String,
    pub language: String,
    pub vat_regime: String,
    pub vat_country: String,
    pub rounding_method: String,
    pub price_policy: String,
    pub seller: String,
    pub buyer: String,
    /// The customer the invoice was issued to (no foreign key: the snapshot outlives it).
    pub customer_id: Option<i64>,
    pub buyer_name: String,
    pub buyer_email: String,
    pub lines: String,
    pub vat_breakdown: String,
    pub mentions: String,
    pub regime_input: String,
    pub regime_explanation: String,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
    pub distance_sale_cents: i64,
    pub reason: Option<String>,
    pub pdf_sha256: Option<String>,
    pub issued_by: Option<i64>,
    pub paid_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
