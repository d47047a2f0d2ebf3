//! Recomputing a store's rollups from its orders (`orion reports rebuild`).
//!
//! In batches: a page of orders (keyset paging on the id) and their items (two queries), their contributions
//! (`facts::contribution`, the same rule the subscriber applies), the facts inserted in bulk,
//! and the day/channel, day/country and day/product sums kept in memory and written once at
//! the end. So a rebuild costs a few queries per 500 orders, not a few per order.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use orion_kernel::StoreId;
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use super::facts::{Contribution, contribution};
use crate::entity::{daily, daily_country, daily_product, fact};
use crate::error::ReportError;

const BATCH: u64 = 500;

#[derive(Default)]
struct Sums {
    daily: BTreeMap<(NaiveDate, String), [i64; 7]>,
    countries: BTreeMap<(NaiveDate, String), [i64; 4]>,
    products: BTreeMap<(NaiveDate, i64), [i64; 2]>,
}

impl Sums {
    fn add(&mut self, c: &Contribution) {
        let Some(day) = c.day else { return };
        let d = self.daily.entry((day, c.channel.clone())).or_default();
        for (i, v) in [
            c.orders,
            c.cancelled,
            c.units,
            c.gross,
            c.net,
            c.vat,
            c.refunded,
        ]
        .into_iter()
        .enumerate()
        {
            d[i] += v;
        }
        if c.orders != 0 || c.gross != 0 {
            let k = self.countries.entry((day, c.country.clone())).or_default();
            for (i, v) in [c.orders, c.gross, c.net, c.vat].into_iter().enumerate() {
                k[i] += v;
            }
        }
        for (p, (u, g)) in &c.products {
            let e = self.products.entry((day, *p)).or_default();
            e[0] += u;
            e[1] += g;
        }
    }
}

/// Inserts `rows` in chunks (SQLite accepts at most 32,766 bound values per statement).
async fn insert_chunks<A>(tx: &DatabaseTransaction, rows: Vec<A>) -> Result<(), ReportError>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(1000).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec(tx)
            .await?;
    }
    Ok(())
}

/// Clears the store's facts and rollups and recomputes them from every order; returns how
/// many orders were read.
pub async fn rebuild(tx: &DatabaseTransaction, store: StoreId) -> Result<u64, ReportError> {
    super::facts::clear(tx, store).await?;
    // Cached summaries read the rollups rewritten here (no order changes with them).
    orion_db::changes::bump(tx, super::cache::SCOPE, store.0).await?;
    let mut sums = Sums::default();
    let mut after = 0;
    let mut seen = 0;
    loop {
        let orders = orion_orders::service::page_after(tx, store, after, BATCH).await?;
        let Some(last) = orders.last() else { break };
        after = last.id;
        let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
        let items = orion_orders::service::items_of_orders(tx, &ids).await?;
        let mut facts = Vec::with_capacity(orders.len());
        for o in &orders {
            let c = contribution(o, items.get(&o.id).map(Vec::as_slice).unwrap_or_default());
            sums.add(&c);
            let products: Vec<(i64, i64, i64)> =
                c.products.iter().map(|(p, (u, g))| (*p, *u, *g)).collect();
            facts.push(fact::ActiveModel {
                order_id: Set(o.id),
                store_id: Set(store.0),
                day: Set(c.day.unwrap_or_default()),
                channel: Set(c.channel.clone()),
                country: Set(c.country.clone()),
                customer_id: Set(c.customer_id),
                orders: Set(c.orders),
                cancelled: Set(c.cancelled),
                units: Set(c.units),
                gross_cents: Set(c.gross),
                net_cents: Set(c.net),
                vat_cents: Set(c.vat),
                refunded_cents: Set(c.refunded),
                products: Set(serde_json::to_string(&products).unwrap_or_else(|_| "[]".into())),
            });
            seen += 1;
        }
        insert_chunks(tx, facts).await?;
    }
    insert_chunks(
        tx,
        sums.daily
            .into_iter()
            .map(|((day, channel), v)| daily::ActiveModel {
                store_id: Set(store.0),
                day: Set(day),
                channel: Set(channel),
                orders: Set(v[0]),
                cancelled: Set(v[1]),
                units: Set(v[2]),
                gross_cents: Set(v[3]),
                net_cents: Set(v[4]),
                vat_cents: Set(v[5]),
                refunded_cents: Set(v[6]),
            })
            .collect(),
    )
    .await?;
    insert_chunks(
        tx,
        sums.countries
            .into_iter()
            .map(|((day, country), v)| daily_country::ActiveModel {
                store_id: Set(store.0),
                day: Set(day),
                country: Set(country),
                orders: Set(v[0]),
                gross_cents: Set(v[1]),
                net_cents: Set(v[2]),
                vat_cents: Set(v[3]),
            })
            .collect(),
    )
    .await?;
    insert_chunks(
        tx,
        sums.products
            .into_iter()
            .filter(|(_, v)| v[0] != 0 || v[1] != 0)
            .map(|((day, product_id), v)| daily_product::ActiveModel {
                store_id: Set(store.0),
                day: Set(day),
                product_id: Set(product_id),
                units: Set(v[0]),
                gross_cents: Set(v[1]),
            })
            .collect(),
    )
    .await?;
    Ok(seen)
}
