//! What the order service refuses, and why.

use orion_billing::BillingError;
use orion_catalog::CatalogError;
use orion_customers::CustomerError;
use orion_inventory::StockError;
use orion_kernel::{BoxedError, DomainError, ErrorKind, FieldError, Invalid, NotFound, details};
use serde_json::{Map, Value};

use crate::domain::{Action, Status};

/// One item that cannot take the stock it needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Not enough stock for {name} ({}): {requested} requested, {available} available",
    sku.as_deref().unwrap_or("-")
)]
pub struct Shortage {
    pub item_id: i64,
    pub name: String,
    pub sku: Option<String>,
    pub requested: i64,
    pub available: i64,
}

impl Shortage {
    fn details(&self) -> Map<String, Value> {
        details! {
            "item_id" => self.item_id,
            "requested" => self.requested,
            "available" => self.available,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// The order's status does not allow the action.
    #[error(
        "Cannot {} an order that is {}; allowed now: {}",
        action.as_str(),
        status.as_str().replace('_', " "),
        allowed_list(allowed)
    )]
    InvalidTransition {
        action: Action,
        status: Status,
        allowed: Vec<&'static str>,
    },
    /// Another transaction changed the order between reading and writing it.
    #[error("The order changed meanwhile; reload and try again")]
    Changed,
    /// Items match no product; they must be mapped before confirming.
    #[error(
        "{count} item(s) match no product; map them to a product (or create it) before confirming"
    )]
    OpenExceptions { count: u64 },
    #[error("Item {name} matches no product yet")]
    Unmatched { name: String },
    /// One item lacks stock (confirming it, or shipping it from a backorder).
    #[error(transparent)]
    Short(Shortage),
    /// A backordered item still lacks stock, so the order cannot ship.
    #[error("Cannot ship yet: {name} is backordered. {shortage}", name = .0.name, shortage = .0)]
    BackorderedShort(Shortage),
    /// Confirming would need more stock than there is for these items; nothing was reserved.
    #[error("Not enough stock to confirm {} item(s); nothing was reserved", items.len())]
    ShortItems { items: Vec<FieldError> },
    #[error(
        "Items can be confirmed or declined while the order is pending; it is {}",
        status.replace('_', " ")
    )]
    NotPending { status: String },
    #[error("The item is already {status}")]
    ItemDecided { status: String },
    #[error("An order with this number already exists; retry")]
    DuplicateNumber,
    /// The composition root did not install the order subscribers: refusing to change an
    /// order whose events nobody would hear.
    #[error("order subscribers are not installed")]
    NotComposed,
    /// A subscriber (another module) refused or failed while handling an event.
    #[error(transparent)]
    Subscriber(BoxedError),
    #[error(transparent)]
    Stock(#[from] StockError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Customer(#[from] CustomerError),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

fn allowed_list(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "nothing (final state)".to_owned()
    } else {
        allowed.join(", ")
    }
}

/// True when the database aborted the transaction as a deadlock victim (`40P01`) or a
/// serialization failure (`40001`): the whole transaction may be run again.
pub fn is_retryable_db(e: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    if let DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) = e
        && let sea_orm::sqlx::Error::Database(d) = &**e
    {
        return matches!(d.code().as_deref(), Some("40P01" | "40001"));
    }
    false
}

impl OrderError {
    /// Whether the failure is a deadlock or serialization failure of the database (see
    /// [`is_retryable_db`]), whichever module's step met it.
    pub fn is_retryable(&self) -> bool {
        let db = match self {
            Self::Db(e)
            | Self::Stock(StockError::Db(e))
            | Self::Catalog(CatalogError::Db(e))
            | Self::Customer(CustomerError::Db(e))
            | Self::Billing(BillingError::Db(e)) => e,
            _ => return false,
        };
        is_retryable_db(db)
    }

    /// The refusal of `action` on an order in `status`.
    pub fn transition(action: Action, status: Status) -> Self {
        OrderError::InvalidTransition {
            action,
            status,
            allowed: status.allowed(),
        }
    }
}

orion_db::lookup_errors!(OrderError);

impl DomainError for OrderError {
    fn retryable(&self) -> bool {
        self.is_retryable()
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidTransition { .. }
            | Self::Changed
            | Self::OpenExceptions { .. }
            | Self::Unmatched { .. }
            | Self::Short(_)
            | Self::BackorderedShort(_)
            | Self::ShortItems { .. }
            | Self::NotPending { .. }
            | Self::ItemDecided { .. }
            | Self::DuplicateNumber => ErrorKind::Conflict,
            Self::NotComposed | Self::Db(_) => ErrorKind::Internal,
            Self::Subscriber(e) => e.kind(),
            Self::Stock(e) => e.kind(),
            Self::Catalog(e) => e.kind(),
            Self::Customer(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn fields(&self) -> Vec<FieldError> {
        match self {
            Self::ShortItems { items } => items.clone(),
            Self::Invalid(e) => e.fields(),
            _ => Vec::new(),
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::InvalidTransition {
                status, allowed, ..
            } => details! {"status" => status.as_str(), "allowed" => allowed.clone()},
            Self::OpenExceptions { count } => details! {"open_exceptions" => *count},
            Self::Short(s) | Self::BackorderedShort(s) => s.details(),
            Self::ShortItems { .. } => details! {"backorders" => "off"},
            Self::NotPending { status } => details! {"status" => status.clone()},
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Subscriber(e) => Some(e),
            Self::Stock(e) => Some(e),
            Self::Catalog(e) => Some(e),
            Self::Customer(e) => Some(e),
            Self::Billing(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
