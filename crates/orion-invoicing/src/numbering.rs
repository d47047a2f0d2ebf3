//! Gapless invoice numbers. A [`Scheme`] such as `{prefix}-{year}-{seq:05}` turns a
//! sequence into a number; [`allocate`] takes the next sequence of a store's series with
//! one atomic upsert on the counter row (`orion_db::sequence::next` on `invoice_counters`),
//! inside the transaction that inserts the invoice. The upsert locks the row until commit
//! (PostgreSQL) or runs under the database write lock (SQLite `BEGIN IMMEDIATE`), so
//! concurrent issues queue; a rollback gives the number back, so numbers have no gaps and are
//! never reused.

use crate::error::InvoiceError;
use chrono::{Datelike, NaiveDate};
use orion_kernel::Invalid;
pub use orion_kernel::numbering::{DEFAULT_SCHEME, Scheme};
use sea_orm::DatabaseTransaction;

/// Allocates the next number of a store's `series` under its numbering `scheme` (as set
/// in the settings): the counter key year (0 when the scheme has no `{year}`), the
/// sequence, and the formatted number.
pub async fn next_number(
    tx: &DatabaseTransaction,
    store: i64,
    scheme: &str,
    series: &str,
    prefix: &str,
    today: NaiveDate,
) -> Result<(i32, i64, String), InvoiceError> {
    let scheme =
        Scheme::parse(scheme).map_err(|m| Invalid::field("settings.numbering_scheme", m))?;
    let year = if scheme.yearly() { today.year() } else { 0 };
    let seq = allocate(tx, store, series, year).await?;
    Ok((year, seq, scheme.format(prefix, today.year(), seq)))
}

/// Takes the next sequence value of `(store, series, year)`: 1 for the first.
pub async fn allocate(
    tx: &DatabaseTransaction,
    store: i64,
    series: &str,
    year: i32,
) -> Result<i64, InvoiceError> {
    Ok(orion_db::sequence::next(tx, "invoice_counters", store, series, year).await?)
}
