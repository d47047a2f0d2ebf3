//! The stock CSV: `sku,quantity[,warehouse,bin]` sets on-hand quantities, all or nothing.
//! Every row is read and checked first; one bad row (unknown SKU, not a whole number, less
//! than is reserved…) refuses the whole file with a message per row and column.

use std::collections::HashMap;

use orion_catalog::csv_io::{RowError, detect_delimiter, parse_whole};
use orion_catalog::stock::{OnHand, OnHandField};
use orion_kernel::{Invalid, MerchantId, StoreId};
use sea_orm::DatabaseTransaction;
use serde::Serialize;

use super::set_levels::{self, Outcome};
use super::{Actor, TxKind};
use crate::error::StockError;

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct StockImportReport {
    /// Whether the quantities were written (no row refused, not a dry run).
    pub applied: bool,
    /// Stock levels set to a new quantity (or that would be, when not applied).
    pub set: u64,
    /// Rows already at their quantity.
    pub unchanged: u64,
    /// Rows refused; each has at least one entry in `errors`.
    pub rejected: u64,
    pub errors: Vec<RowError>,
    /// Errors beyond the first 1,000 are counted here, not listed.
    pub errors_not_listed: u64,
    /// The first levels set (or that would be), in file order; `set` counts them all.
    pub changes: Vec<StockChange>,
    pub dry_run: bool,
}

/// Most changes a report lists.
pub const MAX_LISTED_CHANGES: usize = 20;

/// One stock level the file sets to a new quantity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StockChange {
    /// Line in the file; the header is row 1.
    pub row: u64,
    pub sku: String,
    /// Warehouse code.
    pub warehouse: String,
    pub bin: String,
    /// On hand before.
    pub from: i64,
    /// On hand after.
    pub to: i64,
}

impl StockImportReport {
    fn error(&mut self, row: u64, column: &str, message: impl Into<String>) {
        RowError::report(
            &mut self.errors,
            &mut self.errors_not_listed,
            row,
            column,
            message,
        );
    }
}

/// The stock CSV column a refusal is about.
fn column(f: OnHandField) -> &'static str {
    match f {
        OnHandField::Product => "sku",
        OnHandField::Quantity => "quantity",
        OnHandField::Warehouse => "warehouse",
        OnHandField::Bin => "bin",
    }
}

/// A data row: its line number, SKU and target (product id filled in later).
struct Row {
    line: u64,
    sku: String,
    target: OnHand,
}

/// Reads the file; rows with unusable cells are reported and left out.
fn read(bytes: &[u8], report: &mut StockImportReport) -> Result<Vec<Row>, StockError> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::field("file", "is empty; the first line must be sku,quantity").into());
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(body))
        .flexible(true)
        .from_reader(body);
    let headers = csv
        .headers()
        .map_err(|e| Invalid::field("file", format!("the header line is not valid CSV: {e}")))?
        .clone();
    let at = |names: &[&str]| {
        headers.iter().position(|h| {
            let h = h.trim().to_ascii_lowercase();
            names.contains(&h.as_str())
        })
    };
    let (Some(sku), Some(qty)) = (at(&["sku"]), at(&["quantity", "stock"])) else {
        return Err(Invalid::field("file", "the header needs the columns sku and quantity").into());
    };
    let (wh, bin) = (at(&["warehouse"]), at(&["bin"]));
    let mut rows = Vec::new();
    for (n, rec) in csv.records().enumerate() {
        let line = n as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                report.rejected += 1;
                report.error(line, "", format!("not valid CSV: {e}"));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(|v| orion_kernel::text_of_cell(v.trim()).to_owned())
                .unwrap_or_default()
        };
        let (s, q) = (get(Some(sku)), get(Some(qty)));
        let mut bad = false;
        if s.is_empty() {
            report.error(line, "sku", "is required");
            bad = true;
        }
        let quantity = parse_whole(&q);
        if quantity.is_none() {
            report.error(
                line,
                "quantity",
                format!("must be a whole number of 0 or more, e.g. 12 (not {q:?})"),
            );
            bad = true;
        }
        if bad {
            report.rejected += 1;
            continue;
        }
        rows.push(Row {
            line,
            sku: s,
            target: OnHand {
                warehouse: Some(get(wh)).filter(|w| !w.is_empty()),
                bin: get(bin),
                quantity: quantity.unwrap_or_default(),
                ..Default::default()
            },
        });
    }
    Ok(rows)
}

/// Imports a stock CSV in the caller's write transaction. Writes only when no row is
/// refused and it is not a dry run; the caller commits when `applied`.
pub async fn import(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    bytes: &[u8],
    dry_run: bool,
    actor: &Actor,
) -> Result<StockImportReport, StockError> {
    let mut report = StockImportReport {
        dry_run,
        ..Default::default()
    };
    let mut rows = read(bytes, &mut report)?;
    let skus: Vec<String> = rows.iter().map(|r| r.sku.clone()).collect();
    let ids: HashMap<String, i64> = orion_catalog::service::find_by_skus(tx, store, &skus)
        .await?
        .into_iter()
        .map(|p| (p.sku, p.id))
        .collect();
    rows.retain_mut(|r| match ids.get(&r.sku) {
        Some(id) => {
            r.target.product_id = Some(*id);
            true
        }
        None => {
            report.rejected += 1;
            report.error(r.line, "sku", "no product with this SKU in this store");
            false
        }
    });
    let targets: Vec<OnHand> = rows.iter().map(|r| r.target.clone()).collect();
    let refusals = set_levels::check(tx, merchant, store, &targets).await?;
    let mut refused: Vec<usize> = refusals.iter().map(|r| r.index).collect();
    refused.dedup();
    report.rejected += refused.len() as u64;
    for r in refusals {
        report.error(rows[r.index].line, column(r.field), r.message);
    }
    report.errors.sort_by_key(|e| e.row);
    if report.rejected > 0 {
        return Ok(report);
    }
    let outcomes = set_levels::set_many(tx, merchant, store, &targets, TxKind::Import, actor)
        .await?
        .map_err(|_| StockError::CountChanged)?;
    let warehouses = super::warehouses(tx, store).await?;
    for (row, o) in rows.iter().zip(outcomes) {
        match o {
            Outcome::Set { level, was } => {
                report.set += 1;
                if report.changes.len() < MAX_LISTED_CHANGES {
                    let code = warehouses.iter().find(|w| w.id == level.warehouse_id);
                    report.changes.push(StockChange {
                        row: row.line,
                        sku: row.sku.clone(),
                        warehouse: code.map(|w| w.code.clone()).unwrap_or_default(),
                        bin: level.bin,
                        from: was,
                        to: level.on_hand,
                    });
                }
            }
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
    report.applied = !dry_run;
    Ok(report)
}
