//! The store's EU B2C distance sales per calendar year (net, in cents): what the EUR 10,000
//! threshold of the distance-sales regime is measured against. Kept per issue and credit.

use orion_kernel::StoreId;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait};

use crate::entity::distance_sales;
use crate::error::InvoiceError;

/// The store's EU B2C distance sales of `year` (net cents, credit notes deducted).
pub async fn distance_sales_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    year: i32,
) -> Result<i64, InvoiceError> {
    Ok(distance_sales::Entity::find_by_id((store.0, year))
        .one(conn)
        .await?
        .map(|r| r.net_cents)
        .unwrap_or(0))
}

/// The EU B2C distance sales of `stores` together in `year` (net cents), in one query.
pub async fn distance_sales_of_stores(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    year: i32,
) -> Result<i64, InvoiceError> {
    use distance_sales::Column as C;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let total: Option<Option<i64>> = distance_sales::Entity::find()
        .select_only()
        .column_as(orion_db::query::sum_bigint(C::NetCents), "n")
        .filter(C::StoreId.is_in(stores.iter().map(|s| s.0)))
        .filter(C::Year.eq(year))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(total.flatten().unwrap_or(0))
}

/// Adds `delta` (negative for credits) to the store's EU B2C distance sales of `year`.
pub(crate) async fn add_distance_sales(
    tx: &DatabaseTransaction,
    store: StoreId,
    year: i32,
    delta: i64,
) -> Result<(), InvoiceError> {
    if delta == 0 {
        return Ok(());
    }
    let stmt = Query::insert()
        .into_table(distance_sales::Entity)
        .columns([
            distance_sales::Column::StoreId,
            distance_sales::Column::Year,
            distance_sales::Column::NetCents,
        ])
        .values_panic([store.0.into(), year.into(), delta.into()])
        .on_conflict(
            OnConflict::columns([
                distance_sales::Column::StoreId,
                distance_sales::Column::Year,
            ])
            .value(
                distance_sales::Column::NetCents,
                Expr::col((distance_sales::Entity, distance_sales::Column::NetCents)).add(delta),
            )
            .to_owned(),
        )
        .to_owned();
    tx.execute(&stmt).await?;
    Ok(())
}
