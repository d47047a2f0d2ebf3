//! What each order contributes to the rollups, and applying the difference.
//!
//! Counting rules (per order, on its order day in Luxembourg, under its channel):
//! - every order that is not cancelled counts once, with its total (gross), its VAT, gross −
//!   VAT (net) and the units of its items that were not declined; held orders (waiting for
//!   the plan's quota) count, they are real orders;
//! - a cancelled order counts in `cancelled` only (no revenue, no units);
//! - a refunded order keeps counting and adds its total to `refunded`.
//!
//! `sync` recomputes one order's contribution from the order as it is now, subtracts the
//! contribution stored in its fact and adds the new one to the daily rows — so any change,
//! whatever event announced it, leaves the rollups equal to a recomputation.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use orion_kernel::{OrderId, StoreId};
use orion_orders::domain::Status;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Set};

use crate::entity::{daily, daily_product, fact};
use crate::error::ReportError;

/// One order's contribution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contribution {
    pub day: Option<NaiveDate>,
    pub channel: String,
    pub country: String,
    pub customer_id: Option<i64>,
    pub orders: i64,
    pub cancelled: i64,
    pub units: i64,
    pub gross: i64,
    pub net: i64,
    pub vat: i64,
    pub refunded: i64,
    /// product id → (units, gross)
    pub products: BTreeMap<i64, (i64, i64)>,
}

impl Contribution {
    fn of_fact(f: &fact::Model) -> Contribution {
        let products: Vec<(i64, i64, i64)> = serde_json::from_str(&f.products).unwrap_or_default();
        Contribution {
            day: Some(f.day),
            channel: f.channel.clone(),
            country: f.country.clone(),
            customer_id: f.customer_id,
            orders: f.orders,
            cancelled: f.cancelled,
            units: f.units,
            gross: f.gross_cents,
            net: f.net_cents,
            vat: f.vat_cents,
            refunded: f.refunded_cents,
            products: products.into_iter().map(|(p, u, g)| (p, (u, g))).collect(),
        }
    }

    fn negated(&self) -> Contribution {
        Contribution {
            day: self.day,
            channel: self.channel.clone(),
            country: self.country.clone(),
            customer_id: self.customer_id,
            orders: -self.orders,
            cancelled: -self.cancelled,
            units: -self.units,
            gross: -self.gross,
            net: -self.net,
            vat: -self.vat,
            refunded: -self.refunded,
            products: self
                .products
                .iter()
                .map(|(k, (u, g))| (*k, (-u, -g)))
                .collect(),
        }
    }
}

/// The contribution of an order as it is now.
pub fn contribution(
    o: &orion_orders::entity::order::Model,
    items: &[orion_orders::entity::order_item::Model],
) -> Contribution {
    let day = orion_kernel::time::local_date(o.ordered_at);
    let mut c = Contribution {
        day: Some(day),
        channel: o.channel.clone(),
        country: o.ship_country.clone(),
        customer_id: o.customer_id,
        ..Default::default()
    };
    if Status::parse(&o.status) == Some(Status::Cancelled) {
        c.cancelled = 1;
        return c;
    }
    c.orders = 1;
    c.gross = o.total_cents;
    c.vat = o.tax_cents;
    c.net = o.total_cents - o.tax_cents;
    if Status::parse(&o.status) == Some(Status::Refunded) {
        c.refunded = o.total_cents;
    }
    for it in items.iter().filter(|i| i.status != "declined") {
        c.units += it.quantity;
        if let Some(p) = it.product_id {
            let e = c.products.entry(p).or_default();
            e.0 += it.quantity;
            e.1 += it.line_total_cents;
        }
    }
    c
}

async fn add_daily(
    tx: &DatabaseTransaction,
    store: StoreId,
    c: &Contribution,
) -> Result<(), ReportError> {
    let Some(day) = c.day else { return Ok(()) };
    let cols = [
        (daily::Column::Orders, c.orders),
        (daily::Column::Cancelled, c.cancelled),
        (daily::Column::Units, c.units),
        (daily::Column::GrossCents, c.gross),
        (daily::Column::NetCents, c.net),
        (daily::Column::VatCents, c.vat),
        (daily::Column::RefundedCents, c.refunded),
    ];
    if cols.iter().all(|(_, v)| *v == 0) {
        return Ok(());
    }
    let mut on_conflict = OnConflict::columns([
        daily::Column::StoreId,
        daily::Column::Day,
        daily::Column::Channel,
    ]);
    for (col, v) in cols {
        on_conflict.value(col, Expr::col((daily::Entity, col)).add(v));
    }
    let stmt = Query::insert()
        .into_table(daily::Entity)
        .columns(
            [
                daily::Column::StoreId,
                daily::Column::Day,
                daily::Column::Channel,
            ]
            .into_iter()
            .chain(cols.iter().map(|(c, _)| *c)),
        )
        .values_panic(
            [store.0.into(), day.into(), c.channel.clone().into()]
                .into_iter()
                .chain(cols.iter().map(|(_, v)| (*v).into())),
        )
        .on_conflict(on_conflict.to_owned())
        .to_owned();
    tx.execute(&stmt).await?;
    if c.orders != 0 || c.gross != 0 {
        use crate::entity::daily_country as dc;
        let cols = [
            (dc::Column::Orders, c.orders),
            (dc::Column::GrossCents, c.gross),
            (dc::Column::NetCents, c.net),
            (dc::Column::VatCents, c.vat),
        ];
        let mut on_conflict =
            OnConflict::columns([dc::Column::StoreId, dc::Column::Day, dc::Column::Country]);
        for (col, v) in cols {
            on_conflict.value(col, Expr::col((dc::Entity, col)).add(v));
        }
        let stmt = Query::insert()
            .into_table(dc::Entity)
            .columns(
                [dc::Column::StoreId, dc::Column::Day, dc::Column::Country]
                    .into_iter()
                    .chain(cols.iter().map(|(c, _)| *c)),
            )
            .values_panic(
                [store.0.into(), day.into(), c.country.clone().into()]
                    .into_iter()
                    .chain(cols.iter().map(|(_, v)| (*v).into())),
            )
            .on_conflict(on_conflict.to_owned())
            .to_owned();
        tx.execute(&stmt).await?;
    }
    for (product, (units, gross)) in &c.products {
        if *units == 0 && *gross == 0 {
            continue;
        }
        let stmt = Query::insert()
            .into_table(daily_product::Entity)
            .columns([
                daily_product::Column::StoreId,
                daily_product::Column::Day,
                daily_product::Column::ProductId,
                daily_product::Column::Units,
                daily_product::Column::GrossCents,
            ])
            .values_panic([
                store.0.into(),
                day.into(),
                (*product).into(),
                (*units).into(),
                (*gross).into(),
            ])
            .on_conflict(
                OnConflict::columns([
                    daily_product::Column::StoreId,
                    daily_product::Column::Day,
                    daily_product::Column::ProductId,
                ])
                .value(
                    daily_product::Column::Units,
                    Expr::col((daily_product::Entity, daily_product::Column::Units)).add(*units),
                )
                .value(
                    daily_product::Column::GrossCents,
                    Expr::col((daily_product::Entity, daily_product::Column::GrossCents))
                        .add(*gross),
                )
                .to_owned(),
            )
            .to_owned();
        tx.execute(&stmt).await?;
    }
    Ok(())
}

/// Brings one order's contribution up to date (see the module documentation).
pub async fn sync(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: OrderId,
) -> Result<(), ReportError> {
    let o = orion_orders::service::find(tx, store, order).await?;
    let items = orion_orders::service::items(tx, order).await?;
    let now = contribution(&o, &items);
    let before = fact::Entity::find_by_id(order.0).one(tx).await?;
    let old = before.as_ref().map(Contribution::of_fact);
    if old.as_ref() == Some(&now) {
        return Ok(());
    }
    if let Some(old) = &old {
        add_daily(tx, store, &old.negated()).await?;
    }
    add_daily(tx, store, &now).await?;
    let products: Vec<(i64, i64, i64)> = now
        .products
        .iter()
        .map(|(p, (u, g))| (*p, *u, *g))
        .collect();
    let am = fact::ActiveModel {
        order_id: Set(order.0),
        store_id: Set(store.0),
        day: Set(now.day.unwrap_or_default()),
        channel: Set(now.channel.clone()),
        country: Set(now.country.clone()),
        customer_id: Set(now.customer_id),
        orders: Set(now.orders),
        cancelled: Set(now.cancelled),
        units: Set(now.units),
        gross_cents: Set(now.gross),
        net_cents: Set(now.net),
        vat_cents: Set(now.vat),
        refunded_cents: Set(now.refunded),
        products: Set(serde_json::to_string(&products).unwrap_or_else(|_| "[]".into())),
    };
    if before.is_some() {
        am.update(tx).await?;
    } else {
        am.insert(tx).await?;
    }
    Ok(())
}

/// Removes every fact and rollup of the store (before a rebuild).
pub(crate) async fn clear(tx: &DatabaseTransaction, store: StoreId) -> Result<(), ReportError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    fact::Entity::delete_many()
        .filter(fact::Column::StoreId.eq(store.0))
        .exec(tx)
        .await?;
    daily::Entity::delete_many()
        .filter(daily::Column::StoreId.eq(store.0))
        .exec(tx)
        .await?;
    daily_product::Entity::delete_many()
        .filter(daily_product::Column::StoreId.eq(store.0))
        .exec(tx)
        .await?;
    crate::entity::daily_country::Entity::delete_many()
        .filter(crate::entity::daily_country::Column::StoreId.eq(store.0))
        .exec(tx)
        .await?;
    Ok(())
}
