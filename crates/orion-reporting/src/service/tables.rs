//! The report tables: sales by period, product, country and channel (from the rollups), and
//! VAT by country and rate (from the issued invoices and credit notes, whose VAT breakdowns
//! are the documents of record). Each is a list of rows of typed cells, shown on the reports
//! page and downloaded as CSV in both forms.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use orion_kernel::{CsvDialect, Invalid, Money, Pagination, StoreId, text_cell};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::summary::{self, Granularity, sum};
use crate::entity::daily_country;
use crate::error::ReportError;

/// The reports there are, by the name in their URL.
pub const REPORTS: [&str; 5] = [
    "sales-by-period",
    "sales-by-product",
    "sales-by-country",
    "sales-by-channel",
    "vat-by-country-rate",
];

/// The most rows one table lists (products).
pub const MAX_ROWS: u64 = 1000;

/// One cell: text, a count, an amount in cents or a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Count(i64),
    #[schema(value_type = String)]
    Money(Money),
    #[schema(value_type = String)]
    Date(NaiveDate),
}

/// A report table: its column keys (`day`, `orders`, `gross`…) and its rows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Table {
    pub report: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The table `report` of the store for the period.
pub async fn table(
    conn: &impl ConnectionTrait,
    store: StoreId,
    report: &str,
    from: NaiveDate,
    to: NaiveDate,
    g: Granularity,
    lang: &str,
) -> Result<Table, ReportError> {
    summary::check_period(from, to)?;
    let (columns, rows): (Vec<&'static str>, Vec<Vec<Cell>>) = match report {
        "sales-by-period" => {
            let s = summary::summary(conn, &[store], from, to, g, lang).await?;
            (
                vec!["period", "orders", "gross", "net"],
                s.series
                    .into_iter()
                    .map(|p| {
                        vec![
                            Cell::Date(p.period),
                            Cell::Count(p.orders),
                            Cell::Money(p.gross),
                            Cell::Money(p.net),
                        ]
                    })
                    .collect(),
            )
        }
        "sales-by-channel" => {
            let s = summary::summary(conn, &[store], from, to, g, lang).await?;
            (
                vec!["channel", "orders", "gross"],
                s.channels
                    .into_iter()
                    .map(|c| {
                        vec![
                            Cell::Text(c.channel),
                            Cell::Count(c.orders),
                            Cell::Money(c.gross),
                        ]
                    })
                    .collect(),
            )
        }
        "sales-by-product" => {
            let rows = summary::top_product_rows(conn, &[store], from, to, MAX_ROWS).await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
            let products: BTreeMap<i64, _> = orion_catalog::service::find_many(conn, store, &ids)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
            (
                vec!["sku", "product", "units", "gross"],
                rows.into_iter()
                    .map(|(product_id, units, gross)| {
                        let p = products.get(&product_id);
                        vec![
                            Cell::Text(p.map(|p| p.sku.clone()).unwrap_or_default()),
                            Cell::Text(
                                p.map(|p| p.title_or_fallback(lang).0.to_owned())
                                    .unwrap_or_default(),
                            ),
                            Cell::Count(units),
                            Cell::Money(Money(gross)),
                        ]
                    })
                    .collect(),
            )
        }
        "sales-by-country" => {
            use daily_country::Column as C;
            #[derive(sea_orm::FromQueryResult)]
            struct Row {
                country: String,
                orders: Option<i64>,
                gross: Option<i64>,
                net: Option<i64>,
                vat: Option<i64>,
            }
            let rows = daily_country::Entity::find()
                .select_only()
                .column(C::Country)
                .column_as(sum(C::Orders), "orders")
                .column_as(sum(C::GrossCents), "gross")
                .column_as(sum(C::NetCents), "net")
                .column_as(sum(C::VatCents), "vat")
                .filter(C::StoreId.eq(store.0))
                .filter(C::Day.gte(from))
                .filter(C::Day.lte(to))
                .group_by(C::Country)
                .order_by_asc(C::Country)
                .into_model::<Row>()
                .all(conn)
                .await?;
            (
                vec!["country", "orders", "gross", "net", "vat"],
                rows.into_iter()
                    .map(|r| {
                        vec![
                            Cell::Text(r.country),
                            Cell::Count(r.orders.unwrap_or(0)),
                            Cell::Money(Money(r.gross.unwrap_or(0))),
                            Cell::Money(Money(r.net.unwrap_or(0))),
                            Cell::Money(Money(r.vat.unwrap_or(0))),
                        ]
                    })
                    .collect(),
            )
        }
        "vat-by-country-rate" => (
            vec!["country", "category", "rate", "taxable", "vat"],
            vat_by_country_rate(conn, store, from, to).await?,
        ),
        _ => {
            return Err(Invalid::field(
                "report",
                "must be sales-by-period, sales-by-product, sales-by-country, sales-by-channel or vat-by-country-rate",
            )
            .into());
        }
    };
    Ok(Table {
        report: report.to_owned(),
        columns,
        rows,
    })
}

/// VAT per (country of taxation, category, rate) from the documents issued in the period
/// (credit notes carry negative amounts and so deduct).
async fn vat_by_country_rate(
    conn: &impl ConnectionTrait,
    store: StoreId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Vec<Cell>>, ReportError> {
    let f = orion_invoicing::service::InvoiceFilter {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let mut acc: BTreeMap<(String, String, String), (i64, i64)> = BTreeMap::new();
    let mut page = 1;
    let mut seen = 0;
    loop {
        let p = Pagination {
            page: Some(page),
            per_page: Some(100),
        };
        let (docs, total) = orion_invoicing::service::list(conn, store, &f, &p).await?;
        if docs.is_empty() {
            break;
        }
        for d in &docs {
            seen += 1;
            let buckets: Vec<serde_json::Value> =
                serde_json::from_str(&d.vat_breakdown).unwrap_or_default();
            for b in buckets {
                let key = (
                    d.vat_country.clone(),
                    b["category"].as_str().unwrap_or("").to_owned(),
                    b["rate"]
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| b["rate"].to_string()),
                );
                let e = acc.entry(key).or_default();
                e.0 += b["taxable_cents"].as_i64().unwrap_or(0);
                e.1 += b["vat_cents"].as_i64().unwrap_or(0);
            }
        }
        if seen >= total {
            break;
        }
        page += 1;
    }
    Ok(acc
        .into_iter()
        .map(|((country, category, rate), (taxable, vat))| {
            vec![
                Cell::Text(country),
                Cell::Text(category),
                Cell::Text(rate),
                Cell::Money(Money(taxable)),
                Cell::Money(Money(vat)),
            ]
        })
        .collect())
}

/// The table as CSV in the dialect's form (header: the column keys).
pub fn csv(t: &Table, dialect: CsvDialect) -> Vec<u8> {
    let mut out = dialect.preamble().to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    let _ = w.write_record(&t.columns);
    for r in &t.rows {
        let _ = w.write_record(r.iter().map(|c| match c {
            Cell::Text(s) => text_cell(s).into_owned(),
            Cell::Count(n) => n.to_string(),
            Cell::Money(m) => dialect.amount(*m),
            Cell::Date(d) => d.to_string(),
        }));
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}
