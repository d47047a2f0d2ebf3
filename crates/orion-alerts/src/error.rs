//! What the alerts module refuses or fails with.

use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Tenancy(#[from] orion_tenancy::TenancyError),
    #[error(transparent)]
    Orders(#[from] orion_orders::OrderError),
    #[error(transparent)]
    Billing(#[from] orion_billing::BillingError),
    #[error(transparent)]
    Messaging(#[from] orion_messaging::MessagingError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(AlertError);

impl DomainError for AlertError {
    fn kind(&self) -> ErrorKind {
        match self.wrapped() {
            Some(w) => w.kind(),
            None => ErrorKind::Internal,
        }
    }

    fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        self.wrapped().map(|w| w.details()).unwrap_or_default()
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            Self::Tenancy(e) => Some(e),
            Self::Orders(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Messaging(e) => Some(e),
            Self::Db(_) => None,
        }
    }
}
