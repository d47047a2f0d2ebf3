//! The VAT summary of a period for the Luxembourg VAT return: taxable turnover and VAT per
//! section (how the return groups them) and rate — domestic sales by rate, distance sales
//! taxed in Luxembourg, exempt intra-Community supplies, exports, OSS sales declared in the
//! union scheme, and sales declared in other member states. Every row of the sales journal
//! falls in exactly one section, so the sections add up to the journal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use orion_kernel::{Money, StoreId};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::docs::Pages;
use crate::error::AccountingError;
use crate::period::Period;

/// The sections in the order the summary shows them: (key, regimes).
pub const SECTIONS: [(&str, &[&str]); 6] = [
    ("domestic", &["DOMESTIC"]),
    ("distance_sales_lu", &["DISTANCE_SALE_ORIGIN"]),
    ("intra_community", &["INTRA_COMMUNITY_SUPPLY"]),
    ("exports", &["EXPORT"]),
    ("oss", &["DISTANCE_SALE_OSS"]),
    (
        "other_member_states",
        &["DISTANCE_SALE_DESTINATION_REGISTERED", "DOMESTIC_OTHER_MS"],
    ),
];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SummaryLine {
    /// The country whose VAT applies.
    pub country: String,
    pub rate: String,
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Section {
    /// `domestic`, `distance_sales_lu`, `intra_community`, `exports`, `oss`,
    /// `other_member_states`.
    pub key: String,
    pub lines: Vec<SummaryLine>,
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VatSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sections: Vec<Section>,
    #[schema(value_type = String)]
    pub taxable: Money,
    #[schema(value_type = String)]
    pub vat: Money,
}

fn section_of(regime: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(_, regimes)| regimes.contains(&regime))
        .map(|(k, _)| *k)
        .unwrap_or("other_member_states")
}

pub async fn vat_summary(
    conn: &impl ConnectionTrait,
    store: StoreId,
    period: Period,
) -> Result<VatSummary, AccountingError> {
    let mut sums: BTreeMap<(&'static str, String, String), (i64, i64)> = BTreeMap::new();
    let mut pages = Pages::buckets_only(store, period.from, period.to);
    while let Some(docs) = pages.next(conn).await? {
        for d in &docs {
            for b in &d.buckets {
                let e = sums
                    .entry((section_of(&d.regime), d.vat_country.clone(), b.rate.clone()))
                    .or_default();
                e.0 += b.taxable_cents;
                e.1 += b.vat_cents;
            }
        }
    }
    let sections: Vec<Section> = SECTIONS
        .iter()
        .map(|(key, _)| {
            let lines: Vec<SummaryLine> = sums
                .iter()
                .filter(|((k, _, _), _)| k == key)
                .map(|((_, country, rate), (t, v))| SummaryLine {
                    country: country.clone(),
                    rate: rate.clone(),
                    taxable: Money(*t),
                    vat: Money(*v),
                })
                .collect();
            Section {
                key: (*key).to_owned(),
                taxable: Money(lines.iter().map(|l| l.taxable.0).sum()),
                vat: Money(lines.iter().map(|l| l.vat.0).sum()),
                lines,
            }
        })
        .collect();
    Ok(VatSummary {
        from: period.from,
        to: period.to,
        taxable: Money(sections.iter().map(|s| s.taxable.0).sum()),
        vat: Money(sections.iter().map(|s| s.vat.0).sum()),
        sections,
    })
}

pub const CSV_COLUMNS: [&str; 5] = ["section", "country", "rate", "taxable", "vat"];

pub fn csv_rows(v: &VatSummary, d: orion_kernel::CsvDialect) -> Vec<Vec<String>> {
    v.sections
        .iter()
        .flat_map(|sec| {
            sec.lines.iter().map(move |l| {
                vec![
                    sec.key.clone(),
                    l.country.clone(),
                    l.rate.clone(),
                    d.amount(l.taxable),
                    d.amount(l.vat),
                ]
            })
        })
        .collect()
}
