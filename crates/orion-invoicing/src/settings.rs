//! Store invoice settings (invoicing.md): who the seller is on its invoices, how invoices
//! are numbered and paid, and the VAT options that steer the regime. Validated when saved,
//! so an existing row is always complete enough to issue.

use std::str::FromStr;

use iban::IbanLike;

use chrono::{NaiveDate, Utc};
use orion_kernel::error::FieldError;
use orion_kernel::{Invalid, StoreId};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entity::{invoice_logo, invoice_settings};
use crate::error::InvoiceError;
use crate::numbering::{DEFAULT_SCHEME, Scheme};

/// The settings a store sends (`PUT /api/v1/store/settings/invoice`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceSettingsIn {
    pub legal_name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 of the seller's establishment.
    pub country: Option<String>,
    /// The seller's VAT number (format and check digits are validated).
    pub vat_number: Option<String>,
    /// Luxembourg trade register (RCS) number, e.g. `B123456`.
    pub rcs_number: Option<String>,
    /// Luxembourg business permit (autorisation d'établissement) number.
    pub business_permit: Option<String>,
    /// Default `INV`.
    pub invoice_prefix: Option<String>,
    /// Default `CN`.
    pub credit_note_prefix: Option<String>,
    /// Default `{prefix}-{year}-{seq:05}`; the sequence restarts each year when the scheme
    /// contains `{year}`.
    pub numbering_scheme: Option<String>,
    pub payment_terms: Option<String>,
    /// Days from issue to due date (0–365, default 30).
    pub due_days: Option<i32>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub footer_text: Option<String>,
    /// `en`, `fr` or `de`: used when an order has no language.
    pub default_language: Option<String>,
    pub oss_registered: Option<bool>,
    pub oss_registration_country: Option<String>,
    /// ISO date.
    pub oss_registration_date: Option<String>,
    /// Destination taxation below the EU threshold (binds for two calendar years).
    pub opted_destination_taxation: Option<bool>,
    /// Where goods leave from; default the legal country.
    pub ship_from_country: Option<String>,
    /// The seller logo as base64 PNG (at most 256 KiB and 4096 × 4096 px, decoded in full on
    /// upload): absent keeps the current logo, `""`
    /// removes it. Issued invoices keep the logo they were issued with.
    pub logo_png: Option<String>,
    /// The seller's Peppol participant id, `scheme:identifier`; empty or absent follows the
    /// VAT number (`9938:LU15027442` for a Luxembourg VAT number).
    pub peppol_id: Option<String>,
    /// Invoice PDFs as Factur-X (PDF/A-3 with the EN 16931 CII XML attached). Absent keeps
    /// the current choice; new stores start with it on.
    pub einvoice_pdf: Option<bool>,
    /// E-mail each invoice and credit note to the buyer (PDF and UBL attached) when it is
    /// issued. Absent keeps the current choice; off for new stores.
    pub send_on_issue: Option<bool>,
}

/// What a save does to the logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoChange {
    Keep,
    Remove,
    Set(Vec<u8>),
}

pub const MAX_LOGO_BYTES: usize = 256 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn logo_change(v: &Option<String>, e: &mut Vec<FieldError>) -> LogoChange {
    use base64::Engine as _;
    match v.as_deref().map(str::trim) {
        None => LogoChange::Keep,
        Some("") => LogoChange::Remove,
        Some(b64) => {
            let b64 = b64.strip_prefix("data:image/png;base64,").unwrap_or(b64);
            match base64::engine::general_purpose::STANDARD.decode(b64) {
                Ok(bytes) if !bytes.starts_with(PNG_SIGNATURE) => {
                    e.push(FieldError::new("logo_png", "must be a PNG image"));
                    LogoChange::Keep
                }
                Ok(bytes) if bytes.len() > MAX_LOGO_BYTES => {
                    e.push(FieldError::new(
                        "logo_png",
                        format!("must be at most {} KiB", MAX_LOGO_BYTES / 1024),
                    ));
                    LogoChange::Keep
                }
                // Decoded in full now, so every invoice issued with it can print it.
                Ok(bytes) => match orion_pdf::check_logo(&bytes) {
                    Ok(_) => LogoChange::Set(bytes),
                    Err(err) => {
                        e.push(FieldError::new("logo_png", err.to_string()));
                        LogoChange::Keep
                    }
                },
                Err(_) => {
                    e.push(FieldError::new("logo_png", "must be base64 (a PNG image)"));
                    LogoChange::Keep
                }
            }
        }
    }
}

/// Settings as the API shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvoiceSettingsOut {
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
    pub oss_registration_date: Option<NaiveDate>,
    pub opted_destination_taxation: bool,
    pub ship_from_country: String,
    /// SHA-256 of the current logo (PNG), if one is set.
    pub logo_sha256: Option<String>,
    /// Example of the next invoice number's shape.
    pub number_example: String,
    /// The Peppol participant id the store's e-invoices name (the stored one, else the one
    /// the VAT number implies).
    pub peppol_id: String,
    /// Whether the id is the one the VAT number implies (nothing stored).
    pub peppol_id_default: bool,
    pub einvoice_pdf: bool,
    pub send_on_issue: bool,
}

impl From<invoice_settings::Model> for InvoiceSettingsOut {
    fn from(m: invoice_settings::Model) -> Self {
        let example = Scheme::parse(&m.numbering_scheme)
            .map(|s| s.format(&m.invoice_prefix, Utc::now().year_ce_i32(), 1))
            .unwrap_or_default();
        let peppol_id = m
            .peppol_id
            .clone()
            .unwrap_or_else(|| default_peppol_id(&m.vat_number));
        InvoiceSettingsOut {
            ship_from_country: m.ship_from_country.clone().unwrap_or(m.country.clone()),
            legal_name: m.legal_name,
            street: m.street,
            postal_code: m.postal_code,
            city: m.city,
            country: m.country,
            vat_number: m.vat_number,
            rcs_number: m.rcs_number,
            business_permit: m.business_permit,
            invoice_prefix: m.invoice_prefix,
            credit_note_prefix: m.credit_note_prefix,
            numbering_scheme: m.numbering_scheme,
            payment_terms: m.payment_terms,
            due_days: m.due_days,
            iban: m.iban,
            bic: m.bic,
            footer_text: m.footer_text,
            default_language: m.default_language,
            oss_registered: m.oss_registered,
            oss_registration_country: m.oss_registration_country,
            oss_registration_date: m.oss_registration_date,
            opted_destination_taxation: m.opted_destination_taxation,
            logo_sha256: m.logo_sha256,
            number_example: example,
            peppol_id,
            peppol_id_default: m.peppol_id.is_none(),
            einvoice_pdf: m.einvoice_pdf,
            send_on_issue: m.send_on_issue,
        }
    }
}

trait YearCe {
    fn year_ce_i32(&self) -> i32;
}

impl YearCe for chrono::DateTime<Utc> {
    fn year_ce_i32(&self) -> i32 {
        chrono::Datelike::year(self)
    }
}

/// The Peppol participant id a VAT number implies: its country's EAS scheme (`9938` for
/// Luxembourg) and the number.
pub fn default_peppol_id(vat_number: &str) -> String {
    crate::einvoice::eas::from_vat_id(vat_number)
        .map(|e| e.to_string())
        .unwrap_or_else(|| format!("9938:{vat_number}"))
}

/// The mandatory fields, in the order a message lists them.
pub use crate::error::MANDATORY_SETTINGS as MANDATORY;

fn text(
    v: &Option<String>,
    field: &str,
    max: usize,
    required: bool,
    e: &mut Vec<FieldError>,
) -> Option<String> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None if required => {
            e.push(FieldError::new(field, "is required"));
            None
        }
        None => None,
        Some(s) if s.chars().count() > max => {
            e.push(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
            None
        }
        Some(s) => Some(s.to_owned()),
    }
}

fn country(v: Option<String>, field: &str, e: &mut Vec<FieldError>) -> Option<String> {
    let v = v?;
    match orion_vat::CountryCode::parse(&v) {
        Ok(c) => Some(c.as_str().to_owned()),
        Err(_) => {
            e.push(FieldError::new(
                field,
                "must be a two-letter ISO 3166-1 country code",
            ));
            None
        }
    }
}

fn prefix(v: Option<String>, field: &str, default: &str, e: &mut Vec<FieldError>) -> String {
    match v {
        None => default.to_owned(),
        Some(p)
            if p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c)) =>
        {
            p
        }
        Some(_) => {
            e.push(FieldError::new(
                field,
                "may only contain letters, digits and - _ / .",
            ));
            default.to_owned()
        }
    }
}

/// Validates `input` into the row to store; every problem is reported with its field.
pub fn validate(
    store: StoreId,
    input: &InvoiceSettingsIn,
) -> Result<(invoice_settings::ActiveModel, LogoChange), InvoiceError> {
    let mut e = Vec::new();
    let logo = logo_change(&input.logo_png, &mut e);
    let legal_name = text(&input.legal_name, "legal_name", 200, true, &mut e);
    let street = text(&input.street, "street", 200, true, &mut e);
    let postal_code = text(&input.postal_code, "postal_code", 20, true, &mut e);
    let city = text(&input.city, "city", 100, true, &mut e);
    let legal_country = country(
        text(&input.country, "country", 2, true, &mut e),
        "country",
        &mut e,
    );
    let vat_number = text(&input.vat_number, "vat_number", 30, true, &mut e).and_then(|v| {
        match orion_vat::vatid::validate(&v) {
            Ok(id) => Some(id.as_str().to_owned()),
            Err(err) => {
                e.push(FieldError::new("vat_number", err.to_string()));
                None
            }
        }
    });
    let rcs_number = text(&input.rcs_number, "rcs_number", 50, false, &mut e);
    let business_permit = text(&input.business_permit, "business_permit", 50, false, &mut e);
    let invoice_prefix = prefix(
        text(&input.invoice_prefix, "invoice_prefix", 20, false, &mut e),
        "invoice_prefix",
        "INV",
        &mut e,
    );
    let credit_note_prefix = prefix(
        text(
            &input.credit_note_prefix,
            "credit_note_prefix",
            20,
            false,
            &mut e,
        ),
        "credit_note_prefix",
        "CN",
        &mut e,
    );
    if invoice_prefix == credit_note_prefix {
        e.push(FieldError::new(
            "credit_note_prefix",
            "must differ from invoice_prefix (credit notes have their own series)",
        ));
    }
    let scheme = text(
        &input.numbering_scheme,
        "numbering_scheme",
        100,
        false,
        &mut e,
    )
    .unwrap_or_else(|| DEFAULT_SCHEME.to_owned());
    if let Err(msg) = Scheme::parse(&scheme) {
        e.push(FieldError::new("numbering_scheme", msg));
    } else if !scheme.contains("{prefix}") {
        e.push(FieldError::new(
            "numbering_scheme",
            "must contain {prefix}, so invoices and credit notes never share a number",
        ));
    }
    let payment_terms = text(&input.payment_terms, "payment_terms", 500, false, &mut e);
    let due_days = input.due_days.unwrap_or(30);
    if !(0..=365).contains(&due_days) {
        e.push(FieldError::new("due_days", "must be between 0 and 365"));
    }
    let iban =
        text(&input.iban, "iban", 50, false, &mut e).and_then(|v| {
            match iban::Iban::from_str(&v.replace(' ', "").to_ascii_uppercase()) {
                Ok(i) => Some(i.electronic_str().to_owned()),
                Err(_) => {
                    e.push(FieldError::new(
                        "iban",
                        "is not a valid IBAN (country, length or checksum)",
                    ));
                    None
                }
            }
        });
    let bic = text(&input.bic, "bic", 11, false, &mut e).and_then(|v| {
        let v = v.to_ascii_uppercase();
        // ASCII first: the slices below are by byte.
        let ok = v.is_ascii()
            && matches!(v.len(), 8 | 11)
            && v[..4].chars().all(|c| c.is_ascii_alphabetic())
            && orion_vat::CountryCode::parse(&v[4..6]).is_ok()
            && v[6..].chars().all(|c| c.is_ascii_alphanumeric());
        if ok {
            Some(v)
        } else {
            e.push(FieldError::new(
                "bic",
                "must be a BIC of 8 or 11 characters (bank, country, location, branch)",
            ));
            None
        }
    });
    let footer_text = text(&input.footer_text, "footer_text", 1000, false, &mut e);
    let default_language = input
        .default_language
        .clone()
        .unwrap_or_else(|| "en".into());
    if !matches!(default_language.as_str(), "en" | "fr" | "de") {
        e.push(FieldError::new("default_language", "must be en, fr or de"));
    }
    let oss_registration_country = country(
        input.oss_registration_country.clone(),
        "oss_registration_country",
        &mut e,
    );
    let oss_registration_date = match input.oss_registration_date.as_deref() {
        None | Some("") => None,
        Some(d) => match d.parse::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                e.push(FieldError::new(
                    "oss_registration_date",
                    "must be an ISO date (YYYY-MM-DD)",
                ));
                None
            }
        },
    };
    let ship_from_country = country(input.ship_from_country.clone(), "ship_from_country", &mut e);
    let peppol_id = text(&input.peppol_id, "peppol_id", 110, false, &mut e).and_then(|p| {
        match crate::einvoice::eas::parse(&p) {
            Some(ep) => Some(ep.to_string()),
            None => {
                e.push(FieldError::new(
                    "peppol_id",
                    "must be a Peppol participant id: scheme:identifier, e.g. 9938:LU15027442",
                ));
                None
            }
        }
    });
    if let Some(c) = &legal_country
        && orion_vat::CountryCode::parse(c).is_ok_and(|c| !c.is_vat_area())
    {
        e.push(FieldError::new(
            "country",
            "must be in the EU VAT area: Orion's VAT rules are those of a seller established in the EU",
        ));
    }
    if !e.is_empty() {
        return Err(Invalid(e).into());
    }
    let (Some(legal_name), Some(street), Some(postal_code), Some(city), Some(legal_country)) =
        (legal_name, street, postal_code, city, legal_country)
    else {
        return Err(InvoiceError::Inconsistent(
            "validated settings lost a field",
        ));
    };
    Ok((
        invoice_settings::ActiveModel {
            store_id: Set(store.0),
            legal_name: Set(legal_name),
            street: Set(street),
            postal_code: Set(postal_code),
            city: Set(city),
            country: Set(legal_country),
            vat_number: Set(vat_number.unwrap_or_default()),
            rcs_number: Set(rcs_number),
            business_permit: Set(business_permit),
            invoice_prefix: Set(invoice_prefix),
            credit_note_prefix: Set(credit_note_prefix),
            numbering_scheme: Set(scheme),
            payment_terms: Set(payment_terms),
            due_days: Set(due_days),
            iban: Set(iban),
            bic: Set(bic),
            footer_text: Set(footer_text),
            default_language: Set(default_language),
            oss_registered: Set(input.oss_registered.unwrap_or(false)),
            oss_registration_country: Set(oss_registration_country),
            oss_registration_date: Set(oss_registration_date),
            opted_destination_taxation: Set(input.opted_destination_taxation.unwrap_or(false)),
            ship_from_country: Set(ship_from_country),
            updated_at: Set(Utc::now()),
            logo_sha256: sea_orm::ActiveValue::NotSet,
            peppol_id: Set(peppol_id),
            einvoice_pdf: match input.einvoice_pdf {
                Some(on) => Set(on),
                None => sea_orm::ActiveValue::NotSet,
            },
            send_on_issue: match input.send_on_issue {
                Some(on) => Set(on),
                None => sea_orm::ActiveValue::NotSet,
            },
        },
        logo,
    ))
}

pub async fn get(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Option<invoice_settings::Model>, InvoiceError> {
    invoice_settings::Entity::find_by_id(store.0)
        .one(conn)
        .await
        .map_err(Into::into)
}

/// Settings needed to issue, or [`InvoiceError::SettingsMissing`] listing every mandatory
/// field.
pub async fn require(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<invoice_settings::Model, InvoiceError> {
    get(conn, store).await?.ok_or(InvoiceError::SettingsMissing)
}

/// Saves (inserts or replaces) the store's settings. Issued invoices keep their snapshots.
pub async fn save(
    conn: &impl ConnectionTrait,
    store: StoreId,
    input: &InvoiceSettingsIn,
) -> Result<(invoice_settings::Model, bool), InvoiceError> {
    let (mut row, logo) = validate(store, input)?;
    let current = get(conn, store).await?;
    let existed = current.is_some();
    if !existed && input.einvoice_pdf.is_none() {
        row.einvoice_pdf = Set(true);
    }
    if !existed && input.send_on_issue.is_none() {
        row.send_on_issue = Set(false);
    }
    row.logo_sha256 = Set(match logo {
        LogoChange::Keep => current.and_then(|c| c.logo_sha256),
        LogoChange::Remove => None,
        LogoChange::Set(bytes) => Some(store_logo(conn, store, bytes).await?),
    });
    let saved = if existed {
        row.update(conn).await?
    } else {
        row.insert(conn).await?
    };
    Ok((saved, !existed))
}

/// Keeps a logo by content hash (once per store and image).
async fn store_logo(
    conn: &impl ConnectionTrait,
    store: StoreId,
    bytes: Vec<u8>,
) -> Result<String, InvoiceError> {
    use sha2::{Digest, Sha256};
    let sha = hex::encode(Sha256::digest(&bytes));
    let stmt = sea_orm::sea_query::Query::insert()
        .into_table(invoice_logo::Entity)
        .columns([
            invoice_logo::Column::StoreId,
            invoice_logo::Column::Sha256,
            invoice_logo::Column::Content,
            invoice_logo::Column::CreatedAt,
        ])
        .values_panic([
            store.0.into(),
            sha.clone().into(),
            bytes.into(),
            Utc::now().into(),
        ])
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                invoice_logo::Column::StoreId,
                invoice_logo::Column::Sha256,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    Ok(sha)
}

/// The logo image with this hash, if the store has it.
pub async fn logo(
    conn: &impl ConnectionTrait,
    store: StoreId,
    sha256: &str,
) -> Result<Option<Vec<u8>>, InvoiceError> {
    Ok(
        invoice_logo::Entity::find_by_id((store.0, sha256.to_owned()))
            .one(conn)
            .await?
            .map(|l| l.content),
    )
}
