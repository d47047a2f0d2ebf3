//! The EC sales list (état récapitulatif): per buyer VAT id, the total value of the
//! intra-Community supplies of goods (category `K`, regime `INTRA_COMMUNITY_SUPPLY`) invoiced
//! in the month or quarter, credit notes deducted in the period they are issued. Quarterly,
//! unless intra-Community supplies exceeded EUR 50,000 in the current quarter or one of the
//! four before it: then monthly.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use orion_kernel::{Money, StoreId};
use orion_vat::Category;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::docs::Pages;
use crate::error::AccountingError;
use crate::period::Period;

pub const REGIME: &str = "INTRA_COMMUNITY_SUPPLY";
/// Above this quarterly total the list is filed monthly.
pub const MONTHLY_ABOVE_CENTS: i64 = 5_000_000;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EcslLine {
    /// The buyer's member state (the VAT id's prefix, `EL` for Greece).
    pub country: String,
    /// The buyer's VAT id with its prefix, without spaces (`DE136695976`).
    pub vat_id: String,
    #[schema(value_type = String)]
    pub goods_total: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EcSalesList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<EcslLine>,
    #[schema(value_type = String)]
    pub total: Money,
    /// `monthly` or `quarterly`.
    pub frequency: String,
    /// The highest quarterly total of intra-Community supplies of the current quarter and
    /// the four before it (what decides the frequency).
    #[schema(value_type = String)]
    pub highest_quarter_total: Money,
}

/// The K-category totals of the period per buyer VAT id.
async fn totals(
    conn: &impl ConnectionTrait,
    store: StoreId,
    period: Period,
) -> Result<BTreeMap<String, i64>, AccountingError> {
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    let mut pages = Pages::buckets_only(store, period.from, period.to);
    while let Some(docs) = pages.next(conn).await? {
        for d in docs.iter().filter(|d| d.regime == REGIME) {
            let goods: i64 = d
                .buckets
                .iter()
                .filter(|b| b.category == Category::IntraCommunity)
                .map(|b| b.taxable_cents)
                .sum();
            let id = d.customer_vat_id().unwrap_or_default().to_ascii_uppercase();
            *out.entry(id).or_default() += goods;
        }
    }
    Ok(out)
}

pub async fn ec_sales_list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    period: Period,
) -> Result<EcSalesList, AccountingError> {
    let by_id = totals(conn, store, period).await?;
    // The quarter of the period's end and the four before it.
    let (mut y, mut q) = Period::quarter_of(period.to);
    let mut highest = 0;
    for _ in 0..5 {
        let quarter = Period::quarter(y, q)?;
        // The period itself when it is a whole quarter: its totals are already read.
        let sum: i64 = if quarter == period {
            by_id.values().sum()
        } else {
            totals(conn, store, quarter).await?.values().sum()
        };
        highest = highest.max(sum);
        (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
        if y < 2000 {
            break;
        }
    }
    let lines: Vec<EcslLine> = by_id
        .into_iter()
        .filter(|(_, total)| *total != 0)
        .map(|(vat_id, total)| EcslLine {
            country: vat_id.chars().take(2).collect(),
            vat_id,
            goods_total: Money(total),
        })
        .collect();
    Ok(EcSalesList {
        from: period.from,
        to: period.to,
        total: Money(lines.iter().map(|l| l.goods_total.0).sum()),
        lines,
        frequency: if highest > MONTHLY_ABOVE_CENTS {
            "monthly"
        } else {
            "quarterly"
        }
        .into(),
        highest_quarter_total: Money(highest),
    })
}

pub const CSV_COLUMNS: [&str; 3] = ["country", "vat_id", "goods_total"];

pub fn csv_rows(l: &EcSalesList, d: orion_kernel::CsvDialect) -> Vec<Vec<String>> {
    l.lines
        .iter()
        .map(|x| vec![x.country.clone(), x.vat_id.clone(), d.amount(x.goods_total)])
        .collect()
}
