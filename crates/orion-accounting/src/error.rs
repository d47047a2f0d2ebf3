//! What the accounting exports refuse.

use orion_billing::BillingError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum AccountingError {
    /// A stored document snapshot could not be read (never expected: snapshots are written
    /// by invoicing and never changed).
    #[error("Invoice {number} cannot be read: {reason}")]
    Snapshot { number: String, reason: String },
    /// The package's zip could not be written.
    #[error("The package could not be written: {0}")]
    Package(String),
    /// The package's zip is asked for before the package is done.
    #[error("The package is {status}; download it once it is done")]
    PackageNotReady { status: String },
    /// The client went away while a download was being written.
    #[error("The download was interrupted")]
    Disconnected,
    #[error(transparent)]
    Invoicing(#[from] orion_invoicing::InvoiceError),
    #[error(transparent)]
    Orders(#[from] orion_orders::OrderError),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl DomainError for AccountingError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Snapshot { .. } | Self::Package(_) | Self::Disconnected | Self::Db(_) => {
                ErrorKind::Internal
            }
            Self::PackageNotReady { .. } => ErrorKind::Conflict,
            Self::Invoicing(e) => e.kind(),
            Self::Orders(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Invoicing(e) => Some(e),
            Self::Orders(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
