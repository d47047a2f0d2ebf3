//! Purchasing use cases, one file per use case: suppliers and their products
//! ([`suppliers`]), drafts ([`drafts`]), ordering, cancelling and closing ([`lifecycle`]),
//! receiving into stock ([`receive`]), moving average costs ([`costs`]), quantities on
//! order ([`incoming`]), reorder rules and suggestions ([`reorder`]), reads ([`queries`]) and
//! the CSV export ([`export`]). Writers take the caller's transaction; every change to a
//! purchase order first locks it ([`lock_order`]).

use orion_kernel::{NotFound, PurchaseOrderId, StoreId};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::LockType,
};

use crate::entity::{line, purchase_order};
use crate::error::PurchasingError;

pub mod costs;
pub mod drafts;
pub mod export;
pub mod incoming;
pub mod lifecycle;
pub mod queries;
pub mod receive;
pub mod reorder;
pub mod suppliers;

/// The largest quantity of one purchase order line or receipt line.
pub const MAX_QUANTITY: i64 = orion_inventory::MAX_QUANTITY;
/// The largest unit cost: EUR 1,000,000.00.
pub const MAX_UNIT_COST_CENTS: i64 = 100_000_000;
/// The most lines one purchase order may hold.
pub const MAX_LINES: usize = 500;

/// The life of a purchase order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Ordered,
    PartiallyReceived,
    Received,
    /// Closed short: the rest will not come (the unreceived quantity is kept per line).
    Closed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Ordered,
        Status::PartiallyReceived,
        Status::Received,
        Status::Closed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ordered => "ordered",
            Status::PartiallyReceived => "partially_received",
            Status::Received => "received",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Goods are still expected (counts as "on order").
    pub fn is_open(self) -> bool {
        matches!(self, Status::Ordered | Status::PartiallyReceived)
    }
}

/// The status of a stored purchase order.
pub fn status_of(po: &purchase_order::Model) -> Result<Status, PurchasingError> {
    Status::parse(&po.status).ok_or(PurchasingError::Inconsistent(
        "unknown purchase order status",
    ))
}

/// The purchase order `id` of the store (another store's is not found).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<purchase_order::Model, PurchasingError> {
    Ok(orion_db::query::find_in_store::<purchase_order::Entity>(
        conn,
        purchase_order::Column::StoreId,
        store,
        id.0,
        "Purchase order",
    )
    .await?)
}

/// Finds the purchase order and locks it until the end of the transaction (PostgreSQL
/// `FOR UPDATE`; SQLite write transactions are serialised already), so changes to one
/// order queue.
pub async fn lock_order(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<purchase_order::Model, PurchasingError> {
    let mut q = purchase_order::Entity::find_by_id(id.0)
        .filter(purchase_order::Column::StoreId.eq(store.0));
    if tx.get_database_backend() == DbBackend::Postgres {
        q = q.lock(LockType::Update);
    }
    q.one(tx)
        .await?
        .ok_or(PurchasingError::NotFound(NotFound("Purchase order")))
}

/// The lines of a purchase order, in their order.
pub async fn lines_of(
    conn: &impl ConnectionTrait,
    po: i64,
) -> Result<Vec<line::Model>, PurchasingError> {
    Ok(line::Entity::find()
        .filter(line::Column::PurchaseOrderId.eq(po))
        .order_by_asc(line::Column::Position)
        .order_by_asc(line::Column::Id)
        .all(conn)
        .await?)
}

/// Trims an optional text; empty becomes `None`; longer than `max` characters is refused
/// naming `field`.
pub(crate) fn text(
    field: &'static str,
    v: Option<String>,
    max: usize,
    errors: &mut Vec<orion_kernel::FieldError>,
) -> Option<String> {
    let v = v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())?;
    if v.chars().count() > max
        || v.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.push(orion_kernel::FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
        return None;
    }
    Some(v)
}
