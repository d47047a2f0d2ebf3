//! The quarterly OSS return (union scheme): the quarter's distance sales taxed in other
//! member states (`DISTANCE_SALE_OSS`), per member state of consumption and rate — taxable
//! amount and VAT in EUR — and, in their own section, the corrections of earlier quarters:
//! credit notes issued this quarter against invoices of an earlier quarter, per original
//! quarter and country, as the return asks. A credit note of an invoice of the same quarter
//! reduces that quarter's lines. Documents count in the quarter of their issue date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use orion_kernel::{Money, StoreId};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::docs::Pages;
use crate::error::AccountingError;
use crate::period::Period;

pub const REGIME: &str = "DISTANCE_SALE_OSS";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OssLine {
    /// Member state of consumption.
    pub country: String,
    /// Percent, e.g. `20`.
    pub rate: String,
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OssCorrection {
    /// The quarter corrected.
    pub year: i32,
    pub quarter: u32,
    pub country: String,
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct OssTotals {
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OssReturn {
    pub year: i32,
    pub quarter: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The end of the month after the quarter.
    pub deadline: NaiveDate,
    pub lines: Vec<OssLine>,
    pub corrections: Vec<OssCorrection>,
    /// Lines and corrections together: what the return declares.
    pub totals: OssTotals,
}

pub async fn oss_return(
    conn: &impl ConnectionTrait,
    store: StoreId,
    year: i32,
    quarter: u32,
) -> Result<OssReturn, AccountingError> {
    let period = Period::quarter(year, quarter)?;
    let mut lines: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    let mut corrections: BTreeMap<(i32, u32, String), (i64, i64)> = BTreeMap::new();
    let mut pages = Pages::buckets_only(store, period.from, period.to);
    while let Some(docs) = pages.next(conn).await? {
        let docs: Vec<_> = docs.into_iter().filter(|d| d.regime == REGIME).collect();
        let corrected: Vec<i64> = docs.iter().filter_map(|d| d.corrects_invoice_id).collect();
        let dates: HashMap<i64, NaiveDate> =
            orion_invoicing::service::queries::issue_dates(conn, store, &corrected).await?;
        for d in &docs {
            let earlier = d
                .corrects_invoice_id
                .and_then(|id| dates.get(&id))
                .map(|day| Period::quarter_of(*day))
                .filter(|q| *q != (year, quarter));
            for b in &d.buckets {
                let e = match earlier {
                    Some((y, q)) => corrections
                        .entry((y, q, d.vat_country.clone()))
                        .or_default(),
                    None => lines
                        .entry((d.vat_country.clone(), b.rate.clone()))
                        .or_default(),
                };
                e.0 += b.taxable_cents;
                e.1 += b.vat_cents;
            }
        }
    }
    let mut totals = OssTotals::default();
    for (t, v) in lines.values().chain(corrections.values()) {
        totals.taxable = Money(totals.taxable.0 + t);
        totals.vat = Money(totals.vat.0 + v);
    }
    Ok(OssReturn {
        year,
        quarter,
        from: period.from,
        to: period.to,
        deadline: period.month_after_end(),
        lines: lines
            .into_iter()
            .filter(|(_, (t, v))| *t != 0 || *v != 0)
            .map(|((country, rate), (t, v))| OssLine {
                country,
                rate,
                taxable: Money(t),
                vat: Money(v),
            })
            .collect(),
        corrections: corrections
            .into_iter()
            .map(|((year, quarter, country), (t, v))| OssCorrection {
                year,
                quarter,
                country,
                taxable: Money(t),
                vat: Money(v),
            })
            .collect(),
        totals,
    })
}

/// The CSV columns of the return: the quarter's lines, then the corrections (`section`
/// `correction`, with the quarter corrected).
pub const CSV_COLUMNS: [&str; 7] = [
    "section",
    "country",
    "rate",
    "corrected_year",
    "corrected_quarter",
    "taxable",
    "vat",
];

pub fn csv_rows(r: &OssReturn, d: orion_kernel::CsvDialect) -> Vec<Vec<String>> {
    let lines = r.lines.iter().map(|l| {
        vec![
            "supplies".to_owned(),
            l.country.clone(),
            l.rate.clone(),
            String::new(),
            String::new(),
            d.amount(l.taxable),
            d.amount(l.vat),
        ]
    });
    let corrections = r.corrections.iter().map(|c| {
        vec![
            "correction".to_owned(),
            c.country.clone(),
            String::new(),
            c.year.to_string(),
            c.quarter.to_string(),
            d.amount(c.taxable),
            d.amount(c.vat),
        ]
    });
    lines.chain(corrections).collect()
}
