use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub store_id: i64,
    pub legal_name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub rcs_number: Option<String>,
    pub business_permit: Option<String>,
    pub invoice_prefix: String,
    pub credit_note_prefix: String,
    pub numbering_scheme: String,
    pub payment_terms: Option<String>,
    pub due_days: i32,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub footer_text: Option<String>,
    pub default_language: String,
    pub oss_registered: bool,
    pub oss_registration_country: Option<String>,
    pub oss_registration_date: Option<Date>,
    pub opted_destination_taxation: bool,
    pub ship_from_country: Option<String>,
    /// The current logo (`invoice_logos`), if any.
    pub logo_sha256: Option<String>,
    /// The seller's Peppol participant id; `None` follows the VAT number (`9938:LU…`).
    pub peppol_id: Option<String>,
    /// Invoice PDFs are Factur-X PDF/A-3 with the CII XML attached.
    pub einvoice_pdf: bool,
    /// Each invoice is e-mailed to the buyer when it is issued.
    pub send_on_issue: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
