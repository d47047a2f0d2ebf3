//! What the marketplace module refuses.

use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound, details};
use orion_orders::OrderError;
use orion_tenancy::TenancyError;
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum MarketplaceError {
    /// The store has no saved Letzshop connection.
    #[error("Letzshop connection not found")]
    NotConnected,
    #[error(
        "The stored Letzshop key cannot be decrypted (was ORION_SECRET_KEY changed?); save the key again"
    )]
    KeyUnreadable,
    /// Another instance took over the store's sync lease; the sync continues there.
    #[error("The sync lease was lost to another instance; it continues there")]
    LeaseLost,
    #[error("The operation is {status}; only pending or failed operations can be retried")]
    NotRetryable { status: String },
    /// A listener of a failed sync (webhooks) failed to record it.
    #[error(transparent)]
    Event(orion_kernel::BoxedError),
    #[error(transparent)]
    Orders(#[from] OrderError),
    #[error(transparent)]
    Tenancy(#[from] TenancyError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(MarketplaceError);

impl DomainError for MarketplaceError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotConnected => ErrorKind::NotFound,
            Self::KeyUnreadable | Self::LeaseLost | Self::NotRetryable { .. } => {
                ErrorKind::Conflict
            }
            Self::Event(e) => e.kind(),
            Self::Orders(e) => e.kind(),
            Self::Tenancy(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
            Self::Db(_) => ErrorKind::Internal,
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::NotConnected => {
                details! {"hint" => "PUT /api/v1/store/letzshop/credentials first"}
            }
            Self::NotRetryable { status } => details! {"status" => status.clone()},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Event(e) => Some(e),
            Self::Orders(e) => Some(e),
            Self::Tenancy(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
