//! What purchasing refuses.

use orion_billing::BillingError;
use orion_catalog::CatalogError;
use orion_inventory::StockError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound, details};
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum PurchasingError {
    /// The purchase order's status does not allow the action; nothing was changed.
    #[error("The purchase order is {status}; it cannot be {action}")]
    WrongStatus {
        status: &'static str,
        /// `edited`, `ordered`, `cancelled`, `closed`, `received`.
        action: &'static str,
    },
    /// Goods were received against the order: it can be closed short, not cancelled.
    #[error("Goods were received against this purchase order; close it short instead")]
    HasReceipts,
    /// A receipt line asks for more than is still open on its purchase order line.
    #[error("Line {position} ({sku}): {requested} to receive, only {open} still open")]
    OverReceipt {
        line_id: i64,
        position: i32,
        sku: String,
        open: i64,
        requested: i64,
    },
    #[error("A supplier with this name already exists")]
    DuplicateSupplier,
    #[error("The supplier has purchase orders; deactivate it instead of deleting it")]
    SupplierInUse,
    /// A row the operation just wrote or locked is missing (never expected).
    #[error("{0}")]
    Inconsistent(&'static str),
    #[error(transparent)]
    Stock(#[from] StockError),
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

orion_db::lookup_errors!(PurchasingError);

impl DomainError for PurchasingError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::WrongStatus { .. }
            | Self::HasReceipts
            | Self::OverReceipt { .. }
            | Self::DuplicateSupplier
            | Self::SupplierInUse => ErrorKind::Conflict,
            Self::Inconsistent(_) | Self::Db(_) => ErrorKind::Internal,
            Self::Stock(e) => e.kind(),
            Self::Catalog(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::OverReceipt {
                line_id,
                open,
                requested,
                ..
            } => details! {"line_id" => *line_id, "open" => *open, "requested" => *requested},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Stock(e) => Some(e),
            Self::Catalog(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
