//! Summaries read from the rollups: totals for a period and the period before it, a series
//! by day, week (ISO, from Monday) or month, the channel split, top products and the EU
//! distance-sales threshold of the calendar year.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use orion_kernel::{Invalid, Money, StoreId};
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::{daily, daily_product};
use crate::error::ReportError;

/// The EU distance-sales threshold (EUR 10,000 a calendar year, all member states together).
pub const DISTANCE_SALES_THRESHOLD_CENTS: i64 = 1_000_000;
/// The longest period one summary covers (about ten years of days).
pub const MAX_DAYS: i64 = 3700;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    pub fn parse(s: Option<&str>) -> Result<Granularity, Invalid> {
        match s.map(str::trim) {
            None | Some("") | Some("day") => Ok(Granularity::Day),
            Some("week") => Ok(Granularity::Week),
            Some("month") => Ok(Granularity::Month),
            Some(_) => Err(Invalid::field("granularity", "must be day, week or month")),
        }
    }

    /// The first day of the period `d` falls in.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => d,
            Granularity::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Granularity::Month => d.with_day(1).unwrap_or(d),
        }
    }

    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => d + Duration::days(1),
            Granularity::Week => d + Duration::days(7),
            Granularity::Month => d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(d + Duration::days(31)),
        }
    }
}

/// Figures of a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    /// Orders placed and not cancelled.
    pub orders: i64,
    pub units: i64,
    /// Order totals including VAT and shipping.
    #[schema(value_type = String)]
    pub gross: Money,
    #[schema(value_type = String)]
    pub net: Money,
    #[schema(value_type = String)]
    pub vat: Money,
    /// Gross / orders, rounded half up to the cent (0 without orders).
    #[schema(value_type = String)]
    pub average_order_value: Money,
    /// Orders cancelled (not in the figures above).
    pub cancelled: i64,
    /// Totals of refunded orders (still in the figures above).
    #[schema(value_type = String)]
    pub refunded: Money,
}

impl Totals {
    fn add(&mut self, r: &daily::Model) {
        self.orders += r.orders;
        self.units += r.units;
        self.gross = Money(self.gross.0 + r.gross_cents);
        self.net = Money(self.net.0 + r.net_cents);
        self.vat = Money(self.vat.0 + r.vat_cents);
        self.cancelled += r.cancelled;
        self.refunded = Money(self.refunded.0 + r.refunded_cents);
    }

    fn finish(mut self) -> Self {
        self.average_order_value = Money(if self.orders > 0 {
            (2 * self.gross.0 + self.orders) / (2 * self.orders)
        } else {
            0
        });
        self
    }

    /// The sum of several totals (a merchant's stores).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Totals>) -> Totals {
        let mut t = Totals::default();
        for x in all {
            t.orders += x.orders;
            t.units += x.units;
            t.gross = Money(t.gross.0 + x.gross.0);
            t.net = Money(t.net.0 + x.net.0);
            t.vat = Money(t.vat.0 + x.vat.0);
            t.cancelled += x.cancelled;
            t.refunded = Money(t.refunded.0 + x.refunded.0);
        }
        t.finish()
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Point {
    /// The period's first day (`YYYY-MM-DD`).
    pub period: NaiveDate,
    pub orders: i64,
    #[schema(value_type = String)]
    pub gross: Money,
    #[schema(value_type = String)]
    pub net: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelTotals {
    /// `direct` or `letzshop`.
    pub channel: String,
    pub orders: i64,
    #[schema(value_type = String)]
    pub gross: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopProduct {
    pub product_id: i64,
    pub sku: String,
    pub title: String,
    pub units: i64,
    /// Item totals including VAT.
    #[schema(value_type = String)]
    pub gross: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DistanceSales {
    pub year: i32,
    /// EU B2C distance sales this calendar year, net, from issued invoices and credit notes.
    #[schema(value_type = String)]
    pub total: Money,
    #[schema(value_type = String)]
    pub threshold: Money,
    /// Total / threshold in percent (may exceed 100).
    pub percent: i64,
    /// Last calendar year's total.
    #[schema(value_type = String)]
    pub previous_year_total: Money,
    /// Whether distance sales are taxed in the buyers' countries: the threshold was exceeded
    /// this year or last year (the rule invoicing applies).
    pub crossed: bool,
}

/// New and returning customers of a period (one store's summary only).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CustomerCounts {
    /// Customers whose first order falls in the period.
    pub new: i64,
    /// Customers who ordered in the period and had ordered before it.
    pub returning: i64,
}

/// Credit notes issued in the period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditNotes {
    pub count: i64,
    /// The amount credited, including VAT (positive).
    #[schema(value_type = String)]
    pub total: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub currency: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Totals,
    /// The same number of days just before `from`.
    pub previous: Totals,
    pub series: Vec<Point>,
    pub channels: Vec<ChannelTotals>,
    pub top_products: Vec<TopProduct>,
    pub distance_sales: DistanceSales,
    pub credit_notes: CreditNotes,
    /// Present for one store's summary (distinct customers are not summed across stores).
    pub customers: Option<CustomerCounts>,
}

/// Checks a period: `from ≤ to`, at most [`MAX_DAYS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Invalid> {
    if to < from {
        return Err(Invalid::field("to", "must not be before from"));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(Invalid::field(
            "to",
            format!("must be at most {MAX_DAYS} days after from"),
        ));
    }
    Ok(())
}

pub(crate) use orion_db::query::sum_bigint as sum;

/// The daily rows of `stores` from `from` to `to`, the stores added up per (day, channel):
/// one grouped query, at most days × channels rows whatever the number of stores.
async fn rows(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<daily::Model>, ReportError> {
    use daily::Column as C;
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        day: NaiveDate,
        channel: String,
        #[sea_orm(nested)]
        sums: SumRow,
    }
    Ok(sums(
        daily::Entity::find()
            .select_only()
            .column(C::Day)
            .column(C::Channel),
    )
    .filter(C::StoreId.is_in(stores.iter().map(|s| s.0)))
    .filter(C::Day.gte(from))
    .filter(C::Day.lte(to))
    .group_by(C::Day)
    .group_by(C::Channel)
    .into_model::<Row>()
    .all(conn)
    .await?
    .into_iter()
    .map(|r| r.sums.into_daily(0, r.day, r.channel))
    .collect())
}

/// The summed rollup columns of a grouped query (`SumRow`'s fields).
fn sums(q: sea_orm::Select<daily::Entity>) -> sea_orm::Select<daily::Entity> {
    use daily::Column as C;
    q.column_as(sum(C::Orders), "orders")
        .column_as(sum(C::Cancelled), "cancelled")
        .column_as(sum(C::Units), "units")
        .column_as(sum(C::GrossCents), "gross")
        .column_as(sum(C::NetCents), "net")
        .column_as(sum(C::VatCents), "vat")
        .column_as(sum(C::RefundedCents), "refunded")
}

/// The summed columns of a grouped rollup query.
#[derive(sea_orm::FromQueryResult)]
struct SumRow {
    orders: Option<i64>,
    cancelled: Option<i64>,
    units: Option<i64>,
    gross: Option<i64>,
    net: Option<i64>,
    vat: Option<i64>,
    refunded: Option<i64>,
}

impl SumRow {
    fn into_daily(self, store_id: i64, day: NaiveDate, channel: String) -> daily::Model {
        daily::Model {
            store_id,
            day,
            channel,
            orders: self.orders.unwrap_or(0),
            cancelled: self.cancelled.unwrap_or(0),
            units: self.units.unwrap_or(0),
            gross_cents: self.gross.unwrap_or(0),
            net_cents: self.net.unwrap_or(0),
            vat_cents: self.vat.unwrap_or(0),
            refunded_cents: self.refunded.unwrap_or(0),
        }
    }
}

/// The `limit` products with the highest item totals of `stores` in the period: one grouped
/// query, `(product, units, gross)`.
pub(crate) async fn top_product_rows(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
    limit: u64,
) -> Result<Vec<(i64, i64, i64)>, ReportError> {
    use daily_product::Column as C;
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        product_id: i64,
        units: Option<i64>,
        gross: Option<i64>,
    }
    let gross = sum(C::GrossCents);
    Ok(daily_product::Entity::find()
        .select_only()
        .column(C::ProductId)
        .column_as(sum(C::Units), "units")
        .column_as(gross.clone(), "gross")
        .filter(C::StoreId.is_in(stores.iter().map(|s| s.0)))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .group_by(C::ProductId)
        .order_by(gross, sea_orm::Order::Desc)
        .order_by_asc(C::ProductId)
        .limit(limit)
        .into_model::<Row>()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.product_id, r.units.unwrap_or(0), r.gross.unwrap_or(0)))
        .collect())
}

/// The totals of `stores` from `from` to `to` (inclusive), all stores together.
pub async fn totals(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Totals, ReportError> {
    Ok(Totals::sum(
        totals_by_store(conn, stores, from, to).await?.values(),
    ))
}

/// The totals of each of `stores` from `from` to `to` (inclusive), in one grouped query;
/// stores without sales are missing.
pub async fn totals_by_store(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<i64, Totals>, ReportError> {
    use daily::Column as C;
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        store_id: i64,
        #[sea_orm(nested)]
        sums: SumRow,
    }
    let rows = sums(daily::Entity::find().select_only().column(C::StoreId))
        .filter(C::StoreId.is_in(stores.iter().map(|s| s.0)))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .group_by(C::StoreId)
        .into_model::<Row>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut t = Totals::default();
            t.add(&r.sums.into_daily(r.store_id, NaiveDate::MIN, String::new()));
            (r.store_id, t.finish())
        })
        .collect())
}

/// New and returning customers of one store in the period: distinct customers of the
/// orders counted (from the facts), less those whose first order falls in the period.
async fn customer_counts(
    conn: &impl ConnectionTrait,
    store: StoreId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<CustomerCounts, ReportError> {
    use crate::entity::fact::{Column as F, Entity as Facts};
    let active: Option<i64> = Facts::find()
        .select_only()
        .column_as(
            Expr::expr(Func::cast_as(
                Func::count_distinct(Expr::col(F::CustomerId)),
                Alias::new("BIGINT"),
            )),
            "n",
        )
        .filter(F::StoreId.eq(store.0))
        .filter(F::Day.gte(from))
        .filter(F::Day.lte(to))
        .filter(F::Orders.eq(1))
        .into_tuple()
        .one(conn)
        .await?;
    let new = orion_customers::service::count_first_orders(
        conn,
        store,
        orion_kernel::time::start_of_local_day(from),
        orion_kernel::time::start_of_local_day(to + Duration::days(1)),
    )
    .await? as i64;
    Ok(CustomerCounts {
        new,
        returning: (active.unwrap_or(0) - new).max(0),
    })
}

/// The summary of `stores` (one store, or a merchant's stores together), the top products
/// named in `lang`.
pub async fn summary(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
    g: Granularity,
    lang: &str,
) -> Result<Summary, ReportError> {
    let mut s = compute(conn, stores, from, to, g).await?;
    name_products(conn, stores, &mut s.top_products, lang).await?;
    Ok(s)
}

/// Fills in the SKU and title (in `lang`) of each top product, in one query; products gone
/// from the catalogue are left out.
pub async fn name_products(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    top: &mut Vec<TopProduct>,
    lang: &str,
) -> Result<(), ReportError> {
    let ids: Vec<i64> = top.iter().map(|t| t.product_id).collect();
    let found = orion_catalog::service::find_many_of_stores(conn, stores, &ids).await?;
    top.retain_mut(|t| match found.iter().find(|p| p.id == t.product_id) {
        Some(p) => {
            t.title = p.title_or_fallback(lang).0.to_owned();
            t.sku = p.sku.clone();
            true
        }
        None => false,
    });
    Ok(())
}

/// The summary without the top products' names (what [`crate::service::cache`] keeps).
pub(crate) async fn compute(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
    g: Granularity,
) -> Result<Summary, ReportError> {
    check_period(from, to)?;
    let days = (to - from).num_days() + 1;
    let prev_from = from - Duration::days(days);
    let previous = totals(conn, stores, prev_from, from - Duration::days(1)).await?;
    let mut totals = Totals::default();
    let mut series: BTreeMap<NaiveDate, (i64, i64, i64)> = BTreeMap::new();
    let mut p = g.start_of(from);
    while p <= to {
        series.insert(p, (0, 0, 0));
        p = g.next(p);
    }
    let mut channels: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in &rows(conn, stores, from, to).await? {
        totals.add(r);
        let e = series.entry(g.start_of(r.day)).or_default();
        e.0 += r.orders;
        e.1 += r.gross_cents;
        e.2 += r.net_cents;
        let c = channels.entry(r.channel.clone()).or_default();
        c.0 += r.orders;
        c.1 += r.gross_cents;
    }
    // Ordered by gross, then id (the query's order); named per request.
    let top_products = top_product_rows(conn, stores, from, to, 10)
        .await?
        .into_iter()
        .map(|(product_id, units, gross)| TopProduct {
            product_id,
            sku: String::new(),
            title: String::new(),
            units,
            gross: Money(gross),
        })
        .collect();
    let year = to.year();
    use orion_invoicing::service::distance::distance_sales_of_stores;
    let distance = distance_sales_of_stores(conn, stores, year).await?;
    let last_year = distance_sales_of_stores(conn, stores, year - 1).await?;
    let (count, credited) =
        orion_invoicing::service::queries::credit_note_totals(conn, stores, from, to).await?;
    let customers = match stores {
        [one] => Some(customer_counts(conn, *one, from, to).await?),
        _ => None,
    };
    Ok(Summary {
        currency: "EUR".into(),
        from,
        to,
        totals: totals.finish(),
        previous,
        series: series
            .into_iter()
            .map(|(period, (orders, gross, net))| Point {
                period,
                orders,
                gross: Money(gross),
                net: Money(net),
            })
            .collect(),
        channels: channels
            .into_iter()
            .map(|(channel, (orders, gross))| ChannelTotals {
                channel,
                orders,
                gross: Money(gross),
            })
            .collect(),
        top_products,
        distance_sales: DistanceSales {
            year,
            total: Money(distance),
            threshold: Money(DISTANCE_SALES_THRESHOLD_CENTS),
            percent: distance * 100 / DISTANCE_SALES_THRESHOLD_CENTS,
            previous_year_total: Money(last_year),
            crossed: distance > DISTANCE_SALES_THRESHOLD_CENTS
                || last_year > DISTANCE_SALES_THRESHOLD_CENTS,
        },
        credit_notes: CreditNotes {
            count,
            total: Money(credited),
        },
        customers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_start_on_monday_and_the_first() {
        assert_eq!(Granularity::Week.start_of(d("2026-12-05")), d("2026-11-30"));
        assert_eq!(
            Granularity::Month.start_of(d("2026-12-05")),
            d("2026-12-01")
        );
        assert_eq!(Granularity::Day.start_of(d("2026-12-05")), d("2026-12-05"));
        assert_eq!(Granularity::Month.next(d("2026-01-01")), d("2026-02-01"));
    }

    #[test]
    fn average_rounds_half_up() {
        let t = Totals {
            orders: 3,
            gross: Money(1000),
            ..Default::default()
        }
        .finish();
        assert_eq!(t.average_order_value, Money(333));
        let t = Totals {
            orders: 2,
            gross: Money(1001),
            ..Default::default()
        }
        .finish();
        assert_eq!(t.average_order_value, Money(501));
        assert_eq!(Totals::default().finish().average_order_value, Money(0));
    }

    #[test]
    fn periods_are_checked() {
        assert!(check_period(d("2026-12-05"), d("2026-12-04")).is_err());
        assert!(check_period(d("2016-01-01"), d("2026-12-31")).is_err());
        assert!(check_period(d("2026-01-01"), d("2026-12-31")).is_ok());
    }
}
