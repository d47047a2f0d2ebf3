//! The query shapes every module repeats: a row by id inside the caller's store, and one page
//! of a list with its total.

use orion_kernel::{NotFound, Pagination, StoreId};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, PrimaryKeyTrait, QueryFilter,
    QuerySelect, Select,
};

/// Why a look-up found nothing to return: the row is missing (or another store's), or the
/// database failed. Converts into each module's error (`NotFound` → 404).
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Row `id` of `E` when its `store_column` is `store`; another store's row is
/// `NotFound(what)` exactly like a missing one, so ids never leak across tenants.
pub async fn find_in_store<E>(
    conn: &impl ConnectionTrait,
    store_column: E::Column,
    store: StoreId,
    id: i64,
    what: &'static str,
) -> Result<E::Model, LookupError>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i64>,
{
    E::find_by_id(id)
        .filter(store_column.eq(store.0))
        .one(conn)
        .await?
        .ok_or(LookupError::NotFound(NotFound(what)))
}

/// The page `p` of `query` (ordered by the caller) and how many rows the query matches.
pub async fn page<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    query: Select<E>,
    p: &Pagination,
) -> Result<(Vec<E::Model>, u64), DbErr>
where
    E::Model: Send + Sync,
{
    let total = query.clone().count(conn).await?;
    let items = query
        .offset(p.offset())
        .limit(p.per_page())
        .all(conn)
        .await?;
    Ok((items, total))
}

/// Lets a module's error take a [`LookupError`]:
/// `orion_db::lookup_errors!(OrderError);` (the error converts from `NotFound` and `DbErr`).
#[macro_export]
macro_rules! lookup_errors {
    ($t:ty) => {
        impl From<$crate::query::LookupError> for $t {
            fn from(e: $crate::query::LookupError) -> Self {
                match e {
                    $crate::query::LookupError::NotFound(n) => n.into(),
                    $crate::query::LookupError::Db(d) => d.into(),
                }
            }
        }
    };
}

/// `SUM(col)` as a 64-bit integer on both databases (PostgreSQL sums BIGINT as NUMERIC).
pub fn sum_bigint(col: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Alias, Expr, Func};
    Expr::expr(Func::cast_as(
        Func::sum(Expr::col(col)),
        Alias::new("BIGINT"),
    ))
}
