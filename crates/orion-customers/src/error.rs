//! What the customers module refuses.

use orion_billing::BillingError;
use orion_kernel::{DomainError, ErrorKind, FieldError, Invalid, NotFound, details};
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum CustomerError {
    #[error("Another customer of this store has this e-mail")]
    DuplicateEmail,
    /// Concurrent writers kept changing the customer an upsert was filling in.
    #[error("The customer changed concurrently too often; try again")]
    Contended,
    /// Writing the CSV export failed (a full disk, a closed connection).
    #[error("cannot write the export: {0}")]
    Export(String),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl CustomerError {
    /// The errors a customer form shows next to its fields, when the input is at fault.
    pub fn form_errors(&self) -> Option<Vec<FieldError>> {
        match self {
            Self::Invalid(e) => Some(e.0.clone()),
            Self::DuplicateEmail => Some(vec![FieldError::new("email", self.to_string())]),
            _ => None,
        }
    }
}

impl From<csv::Error> for CustomerError {
    fn from(e: csv::Error) -> Self {
        CustomerError::Export(e.to_string())
    }
}

orion_db::lookup_errors!(CustomerError);

impl DomainError for CustomerError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::DuplicateEmail | Self::Contended => ErrorKind::Conflict,
            Self::Export(_) | Self::Db(_) => ErrorKind::Internal,
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::DuplicateEmail => details! {"field" => "email"},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
