//! What invoicing refuses.

use orion_billing::BillingError;
use orion_catalog::CatalogError;
use orion_kernel::{DomainError, ErrorKind, FieldError, Invalid, NotFound, details};
use orion_orders::OrderError;
use serde_json::{Map, Value};

/// Settings a store must give before it can issue invoices.
pub const MANDATORY_SETTINGS: [&str; 6] = [
    "legal_name",
    "street",
    "postal_code",
    "city",
    "country",
    "vat_number",
];

#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    #[error(
        "An order can be invoiced once it is confirmed (processing, shipped or delivered); this one is {status}"
    )]
    NotInvoiceable { status: String },
    #[error("The order has no confirmed item to invoice")]
    NothingToInvoice,
    /// The regime the order falls under needs a feature the plan lacks.
    #[error("This order is a {regime} supply ({explanation}); {source}")]
    RegimeNotInTier {
        regime: String,
        explanation: String,
        source: Box<BillingError>,
    },
    #[error("The VAT of this order cannot be determined: {0}")]
    Vat(#[from] orion_vat::VatError),
    /// The unique index refused a second active invoice of the order.
    #[error("The order was invoiced at the same moment; fetch its invoice")]
    IssuedConcurrently,
    #[error("A credit note cannot be credited; issue a new invoice instead")]
    CreditOfCreditNote,
    #[error("The invoice is already fully credited (cancelled)")]
    AlreadyCancelled,
    #[error("Every line of the invoice is already credited")]
    FullyCredited,
    /// A bulk e-mail of invoices reached an order that has none.
    #[error("The order has no invoice to send yet; issue it first")]
    NoInvoiceToSend,
    #[error("Only invoices are paid; this is a credit note")]
    NotAnInvoice,
    #[error("The invoice is already paid")]
    AlreadyPaid,
    #[error("A {status} invoice cannot be marked paid")]
    NotPayable { status: String },
    #[error(
        "Invoice settings are missing: {}. Fill them in under Settings → Invoice settings (PUT /api/v1/store/settings/invoice).",
        MANDATORY_SETTINGS.join(", ")
    )]
    SettingsMissing,
    /// A stored snapshot (lines, seller, buyer…) does not parse (never expected).
    #[error("invoice snapshot unreadable: {0}")]
    Snapshot(String),
    /// Rendering the PDF failed (never expected).
    #[error("invoice PDF failed: {0}")]
    Pdf(String),
    /// A row the operation just wrote is missing (never expected).
    #[error("{0}")]
    Inconsistent(&'static str),
    /// A listener of the issued document (webhooks) failed to record it.
    #[error(transparent)]
    Event(orion_kernel::BoxedError),
    #[error(transparent)]
    Messaging(#[from] orion_messaging::MessagingError),
    #[error(transparent)]
    Orders(#[from] OrderError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(InvoiceError);

impl DomainError for InvoiceError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotInvoiceable { .. }
            | Self::NothingToInvoice
            | Self::IssuedConcurrently
            | Self::CreditOfCreditNote
            | Self::AlreadyCancelled
            | Self::FullyCredited
            | Self::NotAnInvoice
            | Self::NoInvoiceToSend
            | Self::AlreadyPaid
            | Self::NotPayable { .. } => ErrorKind::Conflict,
            Self::RegimeNotInTier { source, .. } => source.kind(),
            Self::Vat(_) | Self::SettingsMissing => ErrorKind::Invalid,
            Self::Snapshot(_) | Self::Pdf(_) | Self::Inconsistent(_) | Self::Db(_) => {
                ErrorKind::Internal
            }
            Self::Event(e) => e.kind(),
            Self::Messaging(e) => e.kind(),
            Self::Orders(e) => e.kind(),
            Self::Catalog(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn fields(&self) -> Vec<FieldError> {
        match self {
            Self::SettingsMissing => MANDATORY_SETTINGS
                .iter()
                .map(|f| FieldError::new(format!("settings.{f}"), "is required to issue invoices"))
                .collect(),
            Self::Invalid(e) => e.fields(),
            Self::Messaging(e) => e.fields(),
            _ => Vec::new(),
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::NotInvoiceable { status } => details! {"status" => status.clone()},
            Self::RegimeNotInTier { source, .. } => source.details(),
            Self::IssuedConcurrently => details! {"retry" => true},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Event(e) => Some(e),
            Self::Messaging(e) => Some(e),
            Self::Orders(e) => Some(e),
            Self::Catalog(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for InvoiceError {
    fn from(e: serde_json::Error) -> Self {
        InvoiceError::Snapshot(e.to_string())
    }
}
