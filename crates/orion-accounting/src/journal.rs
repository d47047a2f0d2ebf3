//! The sales journal: one row per issued document and VAT bucket (category and rate), credit
//! notes negative, with the revenue account of the row's regime and rate.

use std::collections::HashMap;

use chrono::NaiveDate;
use orion_kernel::{CsvDialect, Money, StoreId};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::accounts::Accounts;
use crate::docs::{Doc, Pages};
use crate::error::AccountingError;
use crate::period::Period;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JournalRow {
    pub number: String,
    /// `invoice` or `credit_note`.
    pub document_type: String,
    pub issue_date: NaiveDate,
    pub supply_date: NaiveDate,
    pub customer: String,
    pub customer_vat_id: Option<String>,
    /// The country whose VAT applies (the destination for OSS sales).
    pub country: String,
    /// The buyer's country (billing address, else delivery).
    pub customer_country: String,
    /// VAT regime, e.g. `DOMESTIC`, `DISTANCE_SALE_OSS`, `INTRA_COMMUNITY_SUPPLY`, `EXPORT`.
    pub regime: String,
    /// EN 16931 category: `S`, `Z`, `K`, `G`.
    pub category: String,
    /// Percent, e.g. `17`.
    pub rate: String,
    #[schema(value_type = String)]
    pub net: Money,
    #[schema(value_type = String)]
    pub vat: Money,
    #[schema(value_type = String)]
    pub gross: Money,
    pub currency: String,
    /// `issued`, `paid` or `cancelled`.
    pub status: String,
    pub order_number: Option<String>,
    pub paid_date: Option<NaiveDate>,
    /// The revenue account (ledger) of the regime and rate.
    pub account: String,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct JournalTotals {
    #[schema(value_type = String)]
    pub net: Money,
    #[schema(value_type = String)]
    pub vat: Money,
    #[schema(value_type = String)]
    pub gross: Money,
}

impl JournalTotals {
    fn add(&mut self, r: &JournalRow) {
        self.net = Money(self.net.0 + r.net.0);
        self.vat = Money(self.vat.0 + r.vat.0);
        self.gross = Money(self.gross.0 + r.gross.0);
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Journal {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<JournalRow>,
    pub totals: JournalTotals,
}

/// The journal's columns, in CSV order.
pub const COLUMNS: [&str; 20] = [
    "number",
    "document_type",
    "issue_date",
    "supply_date",
    "customer",
    "customer_vat_id",
    "country",
    "customer_country",
    "regime",
    "category",
    "rate",
    "net",
    "vat",
    "gross",
    "currency",
    "status",
    "order_number",
    "paid_date",
    "account",
    "store",
];

/// The rows of one page of documents (order numbers in one query per page).
pub async fn rows_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    docs: &[Doc],
    accounts: &Accounts,
) -> Result<Vec<JournalRow>, AccountingError> {
    let numbers: HashMap<i64, String> =
        orion_orders::service::order_numbers(conn, store, docs.iter().filter_map(|d| d.order_id))
            .await?;
    let mut out = Vec::new();
    for d in docs {
        for b in &d.buckets {
            let category = b.category.code().to_owned();
            out.push(JournalRow {
                number: d.number.clone(),
                document_type: d.document_type().to_owned(),
                issue_date: d.issue_date,
                supply_date: d.supply_date,
                customer: d.customer_name().to_owned(),
                customer_vat_id: d.customer_vat_id(),
                country: d.vat_country.clone(),
                customer_country: d.customer_country().to_owned(),
                account: accounts.revenue(&d.regime, &b.rate).to_owned(),
                regime: d.regime.clone(),
                category,
                rate: b.rate.clone(),
                net: Money(b.taxable_cents),
                vat: Money(b.vat_cents),
                gross: Money(b.taxable_cents + b.vat_cents),
                currency: d.currency.clone(),
                status: d.status.clone(),
                order_number: d.order_id.and_then(|o| numbers.get(&o).cloned()),
                paid_date: d.paid_at.map(orion_kernel::time::local_date),
            });
        }
    }
    Ok(out)
}

/// The whole journal of a period (JSON answers; CSV downloads stream with [`csv_pages`]).
pub async fn journal(
    conn: &impl ConnectionTrait,
    store: StoreId,
    period: Period,
) -> Result<Journal, AccountingError> {
    let accounts = Accounts::of(conn, store).await?;
    let mut pages = Pages::buckets_only(store, period.from, period.to);
    let mut rows = Vec::new();
    let mut totals = JournalTotals::default();
    while let Some(docs) = pages.next(conn).await? {
        for r in rows_of(conn, store, &docs, &accounts).await? {
            totals.add(&r);
            rows.push(r);
        }
    }
    Ok(Journal {
        from: period.from,
        to: period.to,
        rows,
        totals,
    })
}

/// Writes the journal as CSV to `sink` one page of documents at a time (header first),
/// returning the totals.
pub async fn csv_pages(
    conn: &impl ConnectionTrait,
    store: StoreId,
    store_code: &str,
    period: Period,
    dialect: CsvDialect,
    sink: &crate::api::Chunks,
) -> Result<JournalTotals, AccountingError> {
    let send = async |chunk: Vec<u8>| {
        sink.send(chunk)
            .await
            .map_err(|_| AccountingError::Disconnected)
    };
    let accounts = Accounts::of(conn, store).await?;
    let mut head = dialect.preamble().to_vec();
    head.extend(csv_rows(
        dialect,
        std::iter::once(COLUMNS.map(str::to_owned).to_vec()),
    ));
    send(head).await?;
    let mut pages = Pages::buckets_only(store, period.from, period.to);
    let mut totals = JournalTotals::default();
    while let Some(docs) = pages.next(conn).await? {
        let rows = rows_of(conn, store, &docs, &accounts).await?;
        rows.iter().for_each(|r| totals.add(r));
        send(csv_rows(
            dialect,
            rows.iter().map(|r| cells(r, dialect, store_code)),
        ))
        .await?;
    }
    Ok(totals)
}

fn cells(r: &JournalRow, dialect: CsvDialect, store: &str) -> Vec<String> {
    let text = |s: &str| orion_kernel::csv_dialect::text_cell(s).into_owned();
    vec![
        text(&r.number),
        r.document_type.clone(),
        r.issue_date.to_string(),
        r.supply_date.to_string(),
        text(&r.customer),
        text(r.customer_vat_id.as_deref().unwrap_or("")),
        r.country.clone(),
        r.customer_country.clone(),
        r.regime.clone(),
        r.category.clone(),
        if dialect == CsvDialect::Excel {
            r.rate.replace('.', ",")
        } else {
            r.rate.clone()
        },
        dialect.amount(r.net),
        dialect.amount(r.vat),
        dialect.amount(r.gross),
        r.currency.clone(),
        r.status.clone(),
        text(r.order_number.as_deref().unwrap_or("")),
        r.paid_date.map(|d| d.to_string()).unwrap_or_default(),
        text(&r.account),
        text(store),
    ]
}

/// CSV lines (no preamble) in the dialect's separator.
pub fn csv_rows(dialect: CsvDialect, rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    for r in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

/// A whole CSV file: the dialect's preamble, the header line, the rows.
pub fn csv_document(dialect: CsvDialect, header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut out = dialect.preamble().to_vec();
    out.extend(csv_rows(
        dialect,
        std::iter::once(header.iter().map(|s| (*s).to_owned()).collect()).chain(rows),
    ));
    out
}
