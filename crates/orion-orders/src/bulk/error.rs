//! What a bulk request is refused for.

use orion_kernel::{DomainError, ErrorKind, Invalid};

use crate::OrderError;

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The `Idempotency-Key` was used before for a different request.
    #[error("This Idempotency-Key was already used for another bulk request")]
    KeyReused,
    #[error("Job not found")]
    NotFound,
    #[error(transparent)]
    Order(#[from] OrderError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl DomainError for BulkError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(e) => e.kind(),
            Self::KeyReused => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::Order(e) => e.kind(),
            Self::Db(_) => ErrorKind::Internal,
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Invalid(e) => Some(e),
            Self::Order(e) => Some(e),
            _ => None,
        }
    }
}
