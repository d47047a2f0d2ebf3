//! Gapless counters: one row per `(store_id, series, year)` in a module's counter table,
//! advanced by one atomic upsert inside the transaction that uses the number. The upsert
//! locks the row until commit (PostgreSQL) or runs under the database write lock (SQLite
//! `BEGIN IMMEDIATE`), so concurrent callers queue; a rollback gives the number back, so a
//! series has no gaps and never reuses a number. The owning module creates the table
//! (`store_id`, `series`, `year`, `last_value`, unique over the first three) and formats
//! numbers with `orion_kernel::numbering::Scheme`.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

/// Takes the next value of `(store, series, year)` in `table`: 1 for the first.
pub async fn next(
    tx: &DatabaseTransaction,
    table: &'static str,
    store: i64,
    series: &str,
    year: i32,
) -> Result<i64, DbErr> {
    let t = Alias::new(table);
    let last = Alias::new("last_value");
    let stmt = Query::insert()
        .into_table(t.clone())
        .columns([
            Alias::new("store_id"),
            Alias::new("series"),
            Alias::new("year"),
            last.clone(),
        ])
        .values_panic([store.into(), series.into(), year.into(), 1i64.into()])
        .on_conflict(
            OnConflict::columns([
                Alias::new("store_id"),
                Alias::new("series"),
                Alias::new("year"),
            ])
            .value(last.clone(), Expr::col((t, last.clone())).add(1))
            .to_owned(),
        )
        .returning_col(last)
        .to_owned();
    let row = tx
        .query_one(&stmt)
        .await?
        .ok_or_else(|| DbErr::Custom(format!("the counter of {table} returned no row")))?;
    row.try_get::<i64>("", "last_value")
}
