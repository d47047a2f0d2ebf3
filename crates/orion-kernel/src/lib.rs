//! The shared vocabulary of Orion. Every other crate speaks it: typed ids ([`ids`]) so a
//! `StoreId` can never be passed where a `UserId` is expected, [`Money`] as integer cents that
//! crosses the API as a decimal string, [`Pagination`] for lists, and [`ApiError`], the one
//! error type that every HTTP handler returns and that renders as RFC 9457
//! `application/problem+json`. No database and no routing live here.

pub mod error;
pub mod ids;
pub mod money;
pub mod pagination;
pub mod time;

pub use error::{ApiError, FieldError, ProblemKind};
pub use ids::*;
pub use money::{Money, MoneyParseError};
pub use pagination::{Page, Pagination};
