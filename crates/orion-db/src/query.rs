//! The query shapes every module repeats: a row by id inside the caller's store, one page of
//! a list with its total, and one step of a cursor walk (`orion_kernel::cursor`).

use orion_kernel::{Keyset, ListPage, Listing, NotFound, Pagination, StoreId};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait, PrimaryKeyTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
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

/// One page of a list that offers cursors: `query` (filtered, not yet ordered) in `order` of
/// its integer key column `key` — by page number (counted, with [`page`]) or one step of a
/// cursor walk (keyset: the rows past the cursor's key, one more than the limit read to know
/// whether any follow; never counted). `key_of` reads a row's key.
pub async fn listing<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    query: Select<E>,
    key: E::Column,
    order: Order,
    how: &Listing,
    key_of: impl Fn(&E::Model) -> i64,
) -> Result<ListPage<E::Model>, DbErr>
where
    E::Model: Send + Sync,
{
    match how {
        Listing::Pages(p) => {
            let (items, total) = page(conn, query.order_by(key, order), p).await?;
            let last = items.last().map(&key_of);
            Ok(ListPage::numbered(items, total, p, last))
        }
        Listing::Walk(k) => {
            let (items, next) = walk(conn, query, key, order, k, key_of).await?;
            Ok(ListPage::walked(items, k, next))
        }
    }
}

/// One step of a cursor walk over `query` (filtered, not yet ordered) by its integer key
/// column `key` in `order`: at most `k.limit` rows past `k.after`, and the key to continue
/// after when more rows follow. Reads `limit + 1` rows on the `(store_id, key)` index.
pub async fn walk<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    query: Select<E>,
    key: E::Column,
    order: Order,
    k: &Keyset,
    key_of: impl Fn(&E::Model) -> i64,
) -> Result<(Vec<E::Model>, Option<i64>), DbErr>
where
    E::Model: Send + Sync,
{
    let query = match (k.after, &order) {
        (Some(after), Order::Asc) => query.filter(key.gt(after)),
        (Some(after), _) => query.filter(key.lt(after)),
        (None, _) => query,
    };
    let mut items = query
        .order_by(key, order)
        .limit(k.limit.saturating_add(1))
        .all(conn)
        .await?;
    let more = items.len() as u64 > k.limit;
    items.truncate(k.limit as usize);
    let next = if more { items.last().map(key_of) } else { None };
    Ok((items, next))
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
