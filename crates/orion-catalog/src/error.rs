//! What the catalog refuses.

use orion_billing::BillingError;
use orion_kernel::{DomainError, ErrorKind, FieldError, Invalid, NotFound, details};
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Another product of the store has this SKU or GTIN.
    #[error("Another product of this store already has this {field}")]
    Duplicate { field: &'static str },
    /// An uploaded file could not be read.
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl CatalogError {
    /// Maps a product write's unique violation to [`CatalogError::Duplicate`] naming the
    /// column (the index names tell which).
    pub(crate) fn on_write(e: sea_orm::DbErr) -> Self {
        if orion_db::errors::is_unique_violation(&e) {
            let field = if e.to_string().contains("gtin") {
                "gtin"
            } else {
                "sku"
            };
            CatalogError::Duplicate { field }
        } else {
            CatalogError::Db(e)
        }
    }

    /// The errors a product form shows next to its fields, when the input is at fault.
    pub fn form_errors(&self) -> Option<Vec<FieldError>> {
        match self {
            Self::Invalid(e) => Some(e.0.clone()),
            Self::Duplicate { field } => Some(vec![FieldError::new(*field, self.to_string())]),
            // The product limit counts active products: activating is what it refuses.
            Self::Billing(e @ BillingError::LimitExceeded { .. }) => {
                Some(vec![FieldError::new("active", e.to_string())])
            }
            _ => None,
        }
    }
}

orion_db::lookup_errors!(CatalogError);

impl DomainError for CatalogError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Duplicate { .. } => ErrorKind::Conflict,
            Self::Unreadable(_) => ErrorKind::Unreadable,
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
            Self::Db(_) => ErrorKind::Internal,
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::Duplicate { field } => details! {"field" => *field},
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
