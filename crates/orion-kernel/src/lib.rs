//! The shared vocabulary of Orion, the ground floor every crate stands on: typed ids
//! ([`ids`]) so a `StoreId` can never be passed where a `UserId` is expected, the
//! [`StoreRef`] an operation runs in, one postal [`Address`], [`Money`] as integer cents that
//! crosses the API as a decimal string, [`Pagination`] and [`cursor`] paging for lists, time in Luxembourg
//! ([`time`]), the [`DomainError`] contract every module's error enum fulfils, and the
//! [`registry`] through which the composition root plugs modules into each other's seams.
//! No database, no HTTP and no routing live here (OpenAPI schemas of these types come with
//! the `openapi` feature, which only the HTTP edge turns on).

pub mod address;
pub mod csv_dialect;
pub mod cursor;
pub mod error;
pub mod ids;
pub mod lang;
pub mod locale;
pub mod money;
pub mod numbering;
pub mod pagination;
pub mod registry;
pub mod store;
pub mod time;

pub use address::Address;
pub use csv_dialect::{CsvDialect, text_cell, text_of_cell};
pub use cursor::{CursorParams, Keyset, ListPage, Listing};
pub use error::{BoxedError, DomainError, ErrorKind, FieldError, Invalid, NotFound};
pub use ids::*;
pub use lang::Lang;
pub use money::{Money, MoneyParseError};
pub use pagination::{Page, Pagination};
pub use registry::Registry;
pub use store::StoreRef;

#[doc(hidden)]
pub use serde_json;

/// The future a port's method returns (ports are object-safe traits implemented by the
/// modules above the one that declares them).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
