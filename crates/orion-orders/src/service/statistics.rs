//! Customer statistics kept from orders: orders that count (not held, cancelled or
//! refunded) add to their customer's count and spending; changes an increment cannot express
//! recompute the customer from the orders.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use orion_customers::service::{self as customers, Stats};
use orion_kernel::{CustomerId, StoreId};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use crate::entity::order;
use crate::error::OrderError;

/// Recomputes one customer's statistics from their orders (after cancellations, refunds,
/// releases).
pub async fn refresh_customer(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: i64,
) -> Result<(), OrderError> {
    let stats = stats_from_orders(conn, store, Some(customer))
        .await?
        .remove(&customer)
        .unwrap_or_default();
    Ok(customers::set_stats(conn, store, CustomerId(customer), &stats).await?)
}

#[derive(Debug, FromQueryResult)]
struct StatRow {
    customer_id: i64,
    n: i64,
    spent: Option<i64>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

const COUNTED: [&str; 5] = [
    "pending",
    "processing",
    "partially_shipped",
    "shipped",
    "delivered",
];

async fn stats_from_orders(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: Option<i64>,
) -> Result<HashMap<i64, Stats>, OrderError> {
    let mut q = order::Entity::find()
        .select_only()
        .column(order::Column::CustomerId)
        .column_as(Expr::col(order::Column::Id).count(), "n")
        .column_as(
            Expr::expr(Func::cast_as(
                Func::sum(Expr::col(order::Column::TotalCents)),
                sea_orm::sea_query::Alias::new("BIGINT"),
            )),
            "spent",
        )
        .column_as(Expr::col(order::Column::OrderedAt).min(), "first")
        .column_as(Expr::col(order::Column::OrderedAt).max(), "last")
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::CustomerId.is_not_null())
        .filter(order::Column::Status.is_in(COUNTED))
        .group_by(order::Column::CustomerId);
    if let Some(c) = customer {
        q = q.filter(order::Column::CustomerId.eq(c));
    }
    let rows = q.into_model::<StatRow>().all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.customer_id,
                Stats {
                    total_orders: r.n,
                    total_spent_cents: r.spent.unwrap_or(0),
                    first_order_at: r.first,
                    last_order_at: r.last,
                },
            )
        })
        .collect())
}

/// `orion customers recompute-stats`: every customer of the store from their orders.
/// Returns how many customers were written.
pub async fn recompute_all(conn: &impl ConnectionTrait, store: StoreId) -> Result<u64, OrderError> {
    let stats = stats_from_orders(conn, store, None).await?;
    let mut n = 0;
    let mut after = 0i64;
    loop {
        // The customer ids come from the customers module's own list function.
        let ids = customers::ids_after(conn, store, after, 1000).await?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        for id in ids {
            customers::set_stats(
                conn,
                store,
                CustomerId(id),
                &stats.get(&id).cloned().unwrap_or_default(),
            )
            .await?;
            n += 1;
        }
        after = last;
    }
    Ok(n)
}
