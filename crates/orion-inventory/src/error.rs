//! What inventory refuses.

use orion_billing::BillingError;
use orion_catalog::CatalogError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound, details};
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum StockError {
    /// Fewer units are available than the operation needs; nothing was changed.
    #[error("Not enough stock to {action} {requested}: {available} available")]
    Short {
        /// `reserve`, `remove` or `move`.
        action: &'static str,
        requested: i64,
        available: i64,
    },
    #[error("The stock changed meanwhile; count again")]
    CountChanged,
    #[error("The reservation is already {status}")]
    ReservationSettled { status: String },
    #[error("A warehouse with this code already exists")]
    DuplicateWarehouse,
    /// An order reference was given but the composition root registered no orders
    /// (`order_refs::ORDER_REFS`): refusing rather than storing it unchecked.
    #[error("order references cannot be checked: orders are not composed")]
    OrdersNotComposed,
    /// A row the operation just wrote or locked is missing (never expected).
    #[error("{0}")]
    Inconsistent(&'static str),
    /// A listener of a low stock (webhooks) failed to record it.
    #[error(transparent)]
    Event(orion_kernel::BoxedError),
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

orion_db::lookup_errors!(StockError);

impl DomainError for StockError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Short { .. }
            | Self::CountChanged
            | Self::ReservationSettled { .. }
            | Self::DuplicateWarehouse => ErrorKind::Conflict,
            Self::OrdersNotComposed | Self::Inconsistent(_) | Self::Db(_) => ErrorKind::Internal,
            Self::Event(e) => e.kind(),
            Self::Catalog(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::Short {
                requested,
                available,
                ..
            } => details! {"requested" => *requested, "available" => *available},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Event(e) => Some(e),
            Self::Catalog(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
