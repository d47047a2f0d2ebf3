//! Product CSV import and export. The import streams the file in chunks inside one write
//! transaction: valid rows are applied, invalid rows are reported with their row number and
//! column, a file with only errors changes nothing, and a dry run rolls everything back.
//! The optional `stock`, `warehouse` and `bin` columns set the product's on-hand quantity
//! through the inventory's port ([`crate::stock::STOCK`]), in the same transaction; a row
//! whose stock cannot be set is refused before its product is written.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;

use chrono::Utc;
use orion_billing::{Metric, limits};
use orion_kernel::{Invalid, MerchantId, StoreId};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::entity::product;
use crate::error::CatalogError;
use crate::service::{self, Draft};
use crate::stock::{OnHand, OnHandField, OnHandRefusal, STOCK};

/// Number of columns of the product CSV.
const NCOLS: usize = 22;
/// Position of the `stock` column; `warehouse` and `bin` follow it.
const STOCK_COL: usize = 19;

/// The columns of the product CSV, in export order.
pub const COLUMNS: [&str; NCOLS] = [
    "sku",
    "gtin",
    "gtin_type",
    "title_en",
    "title_fr",
    "title_de",
    "description_en",
    "description_fr",
    "description_de",
    "price",
    "sale_price",
    "vat_rate_class",
    "product_type",
    "brand",
    "mpn",
    "condition",
    "active",
    "image_link",
    "additional_image_links",
    "stock",
    "warehouse",
    "bin",
];

const CHUNK: usize = 500;
/// Per-row errors kept in the report; the count beyond it is still reported.
const MAX_REPORTED_ERRORS: usize = 1000;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// Line in the file; the header is row 1.
    pub row: u64,
    pub column: String,
    pub message: String,
}

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Stock levels whose on-hand quantity the `stock` column changed.
    pub stock_set: u64,
    /// Rows refused (invalid or over the plan limit); each has at least one entry in `errors`.
    pub rejected: u64,
    pub errors: Vec<RowError>,
    /// Errors beyond the first 1,000 are counted here, not listed.
    pub errors_not_listed: u64,
    pub dry_run: bool,
}

impl RowError {
    /// Lists a row's error in `errors`, or counts it in `not_listed` beyond the first 1,000.
    pub fn report(
        errors: &mut Vec<RowError>,
        not_listed: &mut u64,
        row: u64,
        column: &str,
        message: impl Into<String>,
    ) {
        if errors.len() < MAX_REPORTED_ERRORS {
            errors.push(RowError {
                row,
                column: column.to_owned(),
                message: message.into(),
            });
        } else {
            *not_listed += 1;
        }
    }
}

impl ImportReport {
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

/// Picks the delimiter the header line uses most: comma, semicolon or tab.
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let line = header.split(|b| *b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" => None,
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Turns a record into a draft; `Err` names a column whose raw value is unusable.
/// `decimal_comma`: the file is semicolon-separated (a spreadsheet in French or German, or
/// Orion's own "Excel (;)" export), so amounts may be written `12,50` or `1.234,50`.
fn draft_of(
    header: &[Option<usize>; NCOLS],
    rec: &csv::StringRecord,
    decimal_comma: bool,
) -> Result<Draft, (String, String)> {
    let get = |i: usize| cell(header, rec, i);
    let mut d = Draft {
        sku: get(0),
        gtin: get(1),
        gtin_type: get(2),
        price: get(9),
        sale_price: get(10),
        vat_rate_class: get(11),
        product_type: get(12),
        brand: get(13),
        mpn: get(14),
        condition: get(15),
        image_link: get(17),
        additional_image_links: get(18)
            .map(|v| {
                v.split(',')
                    .map(|u| u.trim().to_owned())
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        ..Default::default()
    };
    for (i, lang) in ["en", "fr", "de"].into_iter().enumerate() {
        if let Some(t) = get(3 + i) {
            d.titles.insert(lang.to_owned(), t);
        }
        if let Some(t) = get(6 + i) {
            d.descriptions.insert(lang.to_owned(), t);
        }
    }
    if decimal_comma {
        for (column, v) in [("price", &mut d.price), ("sale_price", &mut d.sale_price)] {
            if let Some(raw) = v.as_mut().filter(|r| r.contains(',')) {
                let m = orion_kernel::locale::parse_amount(raw, orion_kernel::Lang::Fr)
                    .map_err(|e| (column.to_owned(), e.to_string()))?;
                *raw = m.to_string();
            }
        }
    }
    if let Some(a) = get(16) {
        d.active = Some(
            parse_bool(&a)
                .ok_or_else(|| ("active".to_owned(), "must be true or false".to_owned()))?,
        );
    }
    Ok(d)
}

/// The trimmed text of column `i` of a record, `None` when absent or empty.
fn cell(header: &[Option<usize>; NCOLS], rec: &csv::StringRecord, i: usize) -> Option<String> {
    header[i]
        .and_then(|c| rec.get(c))
        .map(|v| orion_kernel::text_of_cell(v.trim()))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The `stock`, `warehouse` and `bin` cells of a record: the on-hand quantity to set, if any.
fn stock_of(
    header: &[Option<usize>; NCOLS],
    rec: &csv::StringRecord,
) -> Result<Option<OnHand>, (String, String)> {
    let stock = cell(header, rec, STOCK_COL);
    let warehouse = cell(header, rec, STOCK_COL + 1);
    let bin = cell(header, rec, STOCK_COL + 2);
    let Some(stock) = stock else {
        if warehouse.is_some() || bin.is_some() {
            return Err((
                "stock".into(),
                "is needed when a warehouse or bin is given".into(),
            ));
        }
        return Ok(None);
    };
    let quantity = parse_whole(&stock).ok_or_else(|| {
        (
            "stock".to_owned(),
            format!("must be a whole number of 0 or more, e.g. 12 (not {stock})"),
        )
    })?;
    Ok(Some(OnHand {
        warehouse,
        bin: bin.unwrap_or_default(),
        quantity,
        ..Default::default()
    }))
}

/// A quantity written with digits only (`0`, `12`, `1500`).
pub fn parse_whole(v: &str) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// The product CSV column a stock refusal is about.
fn stock_column(f: OnHandField) -> &'static str {
    match f {
        OnHandField::Product | OnHandField::Quantity => "stock",
        OnHandField::Warehouse => "warehouse",
        OnHandField::Bin => "bin",
    }
}

struct Pending {
    row: u64,
    valid: service::Valid,
    stock: Option<OnHand>,
}

/// Imports a product CSV for a store. Call with a write transaction; the caller commits
/// (or rolls back for a dry run). `progress` is told the number of data rows processed.
pub async fn import(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    input: impl Read,
    dry_run: bool,
    mut progress: impl FnMut(u64),
) -> Result<ImportReport, CatalogError> {
    let mut input = input;
    let mut head = Vec::new();
    (&mut input)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| CatalogError::Unreadable(e.to_string()))?;
    let body = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        &head[3..]
    } else {
        &head[..]
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::field(
            "file",
            "is empty; the first line must be a header such as sku,title_en,price",
        )
        .into());
    }
    let delimiter = detect_delimiter(body);
    let reader = std::io::Cursor::new(body.to_vec()).chain(input);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| Invalid::field("file", format!("the header line is not valid CSV: {e}")))?
        .clone();
    let mut map: [Option<usize>; NCOLS] = [None; NCOLS];
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(p) => map[p] = Some(i),
            None if name.is_empty() => {}
            None => unknown.push(name),
        }
    }
    if map[0].is_none() {
        return Err(Invalid::field("file", "the header has no sku column").into());
    }
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    for u in unknown {
        report.error(1, &u, "unknown column, ignored");
    }
    let mut live = service::ensure_product_room(tx, merchant, store, 0).await?;
    let plan = orion_billing::service::plan(tx, merchant).await?;
    let limit = plan.tier.limit(Metric::Products);
    let mut seen: HashSet<u64> = HashSet::new();
    let mut next_analyze: u64 = 1000;
    let mut chunk: Vec<Pending> = Vec::with_capacity(CHUNK);
    let mut row: u64 = 1;
    let mut record = csv::StringRecord::new();
    loop {
        let more = match csv.read_record(&mut record) {
            Ok(m) => m,
            Err(e) => {
                row += 1;
                report.rejected += 1;
                report.error(row, "", format!("not valid CSV: {e}"));
                if e.is_io_error() {
                    break;
                }
                continue;
            }
        };
        if more {
            row += 1;
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            match draft_of(&map, &record, delimiter == b';')
                .and_then(|d| Ok((d, stock_of(&map, &record)?)))
                .map_err(|e| vec![orion_kernel::FieldError::new(e.0, e.1)])
                .and_then(|(d, stock)| Ok((d.validate()?, stock)))
                .and_then(|(valid, stock)| {
                    if stock.is_some() && valid.product_type.as_str() != "physical" {
                        let why = format!("{} products have no stock", valid.product_type.as_str());
                        return Err(vec![orion_kernel::FieldError::new("stock", why)]);
                    }
                    Ok((valid, stock))
                }) {
                Ok((valid, stock)) => {
                    let mut h = DefaultHasher::new();
                    valid.sku.hash(&mut h);
                    if seen.insert(h.finish()) {
                        chunk.push(Pending { row, valid, stock });
                    } else {
                        report.rejected += 1;
                        report.error(
                            row,
                            "sku",
                            format!("duplicate of an earlier row with SKU {}", valid.sku),
                        );
                    }
                }
                Err(errors) => {
                    report.rejected += 1;
                    for e in errors {
                        report.error(row, &e.field, e.message);
                    }
                }
            }
        }
        if chunk.len() >= CHUNK || (!more && !chunk.is_empty()) {
            // Keep PostgreSQL's statistics in step with the rows this import adds (see
            // orion_db::refresh_statistics): at 1k, 2k, 4k… created rows.
            let created = report.created;
            if created >= next_analyze {
                orion_db::refresh_statistics(tx, "products").await?;
                next_analyze = created.saturating_mul(2);
            }
            apply_chunk(
                tx,
                merchant,
                store,
                &mut chunk,
                &mut live,
                limit,
                &plan.tier.code,
                &mut report,
            )
            .await?;
            progress(row - 1);
        }
        if !more {
            break;
        }
    }
    progress(row.saturating_sub(1));
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
async fn apply_chunk(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    chunk: &mut Vec<Pending>,
    live: &mut u64,
    limit: Option<i64>,
    tier: &str,
    report: &mut ImportReport,
) -> Result<(), CatalogError> {
    let skus: Vec<String> = chunk.iter().map(|p| p.valid.sku.clone()).collect();
    let existing: HashMap<String, product::Model> = product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Sku.is_in(skus))
        .all(tx)
        .await?
        .into_iter()
        .map(|p| (p.sku.clone(), p))
        .collect();
    refuse_unsettable_stock(tx, merchant, store, chunk, &existing, report).await?;
    // GTINs are unique per store: a clash would abort the transaction on PostgreSQL, so it is
    // found here and reported on the row instead.
    let gtins: Vec<String> = chunk
        .iter()
        .filter_map(|p| p.valid.gtin.as_ref().map(|g| g.0.clone()))
        .collect();
    let mut gtin_owner: HashMap<String, String> = product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Gtin.is_in(gtins))
        .all(tx)
        .await?
        .into_iter()
        .filter_map(|p| p.gtin.map(|g| (g, p.sku)))
        .collect();
    let mut inserts = Vec::new();
    let mut stocked = Vec::new();
    for p in chunk.drain(..) {
        if let Some((g, _)) = &p.valid.gtin {
            match gtin_owner.get(g) {
                Some(owner) if *owner != p.valid.sku => {
                    report.rejected += 1;
                    report.error(
                        p.row,
                        "gtin",
                        format!("is already used by the product with SKU {owner}"),
                    );
                    continue;
                }
                _ => {
                    gtin_owner.insert(g.clone(), p.valid.sku.clone());
                }
            }
        }
        let current = existing.get(&p.valid.sku);
        let activates = p.valid.active && !current.is_some_and(|c| c.active);
        if activates && limit.is_some_and(|l| (*live as i64) + 1 > l) {
            report.rejected += 1;
            let upgrade = limits::lowest_tier_lifting(tx, Metric::Products, *live as i64 + 1)
                .await?
                .map(|t| format!("; upgrade to {t}"))
                .unwrap_or_default();
            report.error(p.row, "sku", format!("product limit reached: the {tier} plan allows {} active products per store{upgrade}", limit.unwrap_or(0)));
            continue;
        }
        if let Some(t) = p.stock {
            stocked.push((p.valid.sku.clone(), t));
        }
        match current {
            Some(c) if p.valid.same_as(c) => report.unchanged += 1,
            Some(c) => {
                let mut a: product::ActiveModel = c.clone().into();
                p.valid.apply(&mut a);
                a.updated_at = Set(Utc::now());
                match a.update(tx).await {
                    Ok(_) => {
                        report.updated += 1;
                        if activates {
                            *live += 1;
                        } else if c.active && !p.valid.active {
                            *live = live.saturating_sub(1);
                        }
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            None => {
                if activates {
                    *live += 1;
                }
                report.created += 1;
                inserts.push((p.row, p.valid));
            }
        }
    }
    if !inserts.is_empty() {
        let models: Vec<product::ActiveModel> =
            inserts.iter().map(|(_, v)| v.new_model(store)).collect();
        product::Entity::insert_many(models).exec(tx).await?;
    }
    set_stock(tx, merchant, store, stocked, report).await
}

/// Refuses the rows of `chunk` whose stock cannot be set (an unknown warehouse, less than is
/// reserved for orders…), before any of its products is written.
async fn refuse_unsettable_stock(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    chunk: &mut Vec<Pending>,
    existing: &HashMap<String, product::Model>,
    report: &mut ImportReport,
) -> Result<(), CatalogError> {
    let mut asked = Vec::new();
    let mut targets = Vec::new();
    for (i, p) in chunk.iter().enumerate() {
        if let Some(t) = &p.stock {
            // A product that becomes physical with this row has no stock (nor reservations) yet.
            let product_id = existing
                .get(&p.valid.sku)
                .filter(|c| c.is_stocked())
                .map(|c| c.id);
            asked.push(i);
            targets.push(OnHand {
                product_id,
                ..t.clone()
            });
        }
    }
    if targets.is_empty() {
        return Ok(());
    }
    let refusals = match STOCK.first() {
        Some(view) => view.check_on_hand(tx, merchant, store, &targets).await?,
        None => (0..targets.len())
            .map(|index| OnHandRefusal {
                index,
                field: OnHandField::Quantity,
                message: "cannot be set: this installation keeps no inventory".into(),
            })
            .collect(),
    };
    let mut refused = HashSet::new();
    for r in refusals {
        let i = asked[r.index];
        report.error(chunk[i].row, stock_column(r.field), r.message);
        refused.insert(i);
    }
    report.rejected += refused.len() as u64;
    let mut i = 0;
    chunk.retain(|_| {
        i += 1;
        !refused.contains(&(i - 1))
    });
    Ok(())
}

/// Sets the stock of the rows just written (by SKU), as checked by
/// [`refuse_unsettable_stock`].
async fn set_stock(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    stocked: Vec<(String, OnHand)>,
    report: &mut ImportReport,
) -> Result<(), CatalogError> {
    let Some(view) = STOCK.first().filter(|_| !stocked.is_empty()) else {
        return Ok(());
    };
    let skus: Vec<String> = stocked.iter().map(|(s, _)| s.clone()).collect();
    let ids: HashMap<String, i64> = service::find_by_skus(tx, store, &skus)
        .await?
        .into_iter()
        .map(|p| (p.sku, p.id))
        .collect();
    let targets: Vec<OnHand> = stocked
        .into_iter()
        .map(|(sku, t)| OnHand {
            product_id: ids.get(&sku).copied(),
            ..t
        })
        .collect();
    match view
        .set_on_hand(tx, merchant, store, &targets, "product import")
        .await?
    {
        Ok(n) => {
            report.stock_set += n;
            Ok(())
        }
        // Checked before the products were written, with their stock locked: not expected.
        Err(refusals) => Err(orion_kernel::Invalid::field(
            "stock",
            refusals
                .first()
                .map(|r| r.message.clone())
                .unwrap_or_default(),
        )
        .into()),
    }
}
