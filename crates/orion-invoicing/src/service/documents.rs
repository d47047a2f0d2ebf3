//! What an issued document is made of, as stored: seller and buyer snapshots, the VAT
//! buckets, and the JSON they are kept in (immutable once issued).

use chrono::Utc;
use orion_kernel::Address;
use orion_vat::Category;
use orion_vat::rounding::RoundingMethod;
use serde::{Deserialize, Serialize};

use crate::entity::invoice_settings;
use crate::error::InvoiceError;

/// Who sells, as printed on the document (copied from the settings at issue time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Seller {
    pub legal_name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub rcs_number: Option<String>,
    pub business_permit: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_terms: Option<String>,
    pub footer_text: Option<String>,
    /// The logo printed (`invoice_logos`), kept by hash so the invoice always prints it.
    #[serde(default)]
    pub logo_sha256: Option<String>,
    /// The seller's Peppol participant id (`9938:LU15027442`); absent on documents issued
    /// before e-invoices, whose e-invoices derive it from the VAT number.
    #[serde(default)]
    pub peppol_id: Option<String>,
    /// Whether the document's PDF is a Factur-X PDF/A-3 (the store setting at issue time).
    #[serde(default)]
    pub einvoice_pdf: bool,
}

/// How the buyer's VAT id was checked when the invoice was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VatIdEvidence {
    /// Format and check digits pass.
    pub format_valid: bool,
    /// VIES answer when asked (`None`: not asked).
    pub vies_valid: Option<bool>,
    pub checked_at: chrono::DateTime<Utc>,
}

/// Who buys, as printed on the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Buyer {
    pub customer_id: Option<i64>,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub vat_id: Option<String>,
    pub vat_id_evidence: Option<VatIdEvidence>,
    pub billing_address: Option<Address>,
    pub shipping_address: Address,
    /// The buyer's Peppol participant id, from the customer record at issue time.
    #[serde(default)]
    pub peppol_id: Option<String>,
}

/// One (category, rate) bucket as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub category: Category,
    pub rate: String,
    pub taxable_cents: i64,
    pub vat_cents: i64,
}

pub(crate) fn seller_of(s: &invoice_settings::Model) -> Seller {
    Seller {
        legal_name: s.legal_name.clone(),
        street: s.street.clone(),
        postal_code: s.postal_code.clone(),
        city: s.city.clone(),
        country: s.country.clone(),
        vat_number: s.vat_number.clone(),
        rcs_number: s.rcs_number.clone(),
        business_permit: s.business_permit.clone(),
        iban: s.iban.clone(),
        bic: s.bic.clone(),
        payment_terms: s.payment_terms.clone(),
        footer_text: s.footer_text.clone(),
        logo_sha256: s.logo_sha256.clone(),
        peppol_id: Some(
            s.peppol_id
                .clone()
                .unwrap_or_else(|| crate::settings::default_peppol_id(&s.vat_number)),
        ),
        einvoice_pdf: s.einvoice_pdf,
    }
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<String, InvoiceError> {
    Ok(serde_json::to_string(v)?)
}

/// Parses a stored JSON snapshot.
pub fn snapshot<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, InvoiceError> {
    Ok(serde_json::from_str(s)?)
}

pub(crate) fn buckets_of(b: &orion_vat::rounding::VatBreakdown) -> Vec<Bucket> {
    b.buckets
        .iter()
        .map(|x| Bucket {
            category: x.category,
            rate: x.rate.to_string(),
            taxable_cents: x.net_cents,
            vat_cents: x.vat_cents,
        })
        .collect()
}

pub fn method_str(m: RoundingMethod) -> &'static str {
    match m {
        RoundingMethod::Net => "net",
        RoundingMethod::Gross => "gross",
    }
}

pub(crate) fn method_of(s: &str) -> RoundingMethod {
    if s == "net" {
        RoundingMethod::Net
    } else {
        RoundingMethod::Gross
    }
}
