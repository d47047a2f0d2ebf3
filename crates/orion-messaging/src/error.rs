//! What the messaging module refuses.

use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    /// A shipped template failed to render (never expected: the templates ship with Orion).
    #[error("e-mail template {name} failed: {message}")]
    Template { name: String, message: String },
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(MessagingError);

impl DomainError for MessagingError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Template { .. } | Self::Db(_) => ErrorKind::Internal,
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        self.wrapped().map(|w| w.details()).unwrap_or_default()
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
