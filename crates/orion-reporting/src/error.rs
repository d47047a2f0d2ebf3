//! What reporting refuses.

use orion_billing::BillingError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Orders(#[from] orion_orders::OrderError),
    #[error(transparent)]
    Invoicing(#[from] orion_invoicing::InvoiceError),
    #[error(transparent)]
    Catalog(#[from] orion_catalog::CatalogError),
    #[error(transparent)]
    Customers(#[from] orion_customers::CustomerError),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl DomainError for ReportError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Orders(e) => e.kind(),
            Self::Invoicing(e) => e.kind(),
            Self::Catalog(e) => e.kind(),
            Self::Customers(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
            Self::Db(_) => ErrorKind::Internal,
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Orders(e) => Some(e),
            Self::Invoicing(e) => Some(e),
            Self::Catalog(e) => Some(e),
            Self::Customers(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            Self::Db(_) => None,
        }
    }
}
