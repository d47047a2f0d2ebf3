//! Reorder rules (a reorder point and a target level per product, optionally its supplier),
//! the suggestions they give, and draft purchase orders made from a selection.
//!
//! A product is suggested when what it has plus what is on order has fallen to its reorder
//! point or below: `available + on order ≤ reorder point`. The suggested quantity fills it up
//! to the target: `target − available − on order`, raised to the supplier's minimum order
//! quantity. The supplier is the rule's, else the one that last supplied or offered it.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use orion_billing::{Feature, limits};
use orion_catalog::csv_io::{RowError, detect_delimiter, parse_whole};
use orion_kernel::{
    FieldError, Invalid, MerchantId, Money, ProductId, StoreId, SupplierId, UserId,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::drafts::{DraftIn, LineIn};
use super::{MAX_QUANTITY, incoming};
use crate::entity::{purchase_order, reorder_rule};
use crate::error::PurchasingError;

/// A product's rule as entered.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleIn {
    pub reorder_point: i64,
    pub target_level: i64,
    /// The supplier to order from (default: the last one that supplied the product).
    pub supplier_id: Option<i64>,
}

fn check_rule(r: &RuleIn) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !(0..=MAX_QUANTITY).contains(&r.reorder_point) {
        errors.push(FieldError::new(
            "reorder_point",
            format!("must be between 0 and {MAX_QUANTITY}"),
        ));
    }
    if !(0..=MAX_QUANTITY).contains(&r.target_level) {
        errors.push(FieldError::new(
            "target_level",
            format!("must be between 0 and {MAX_QUANTITY}"),
        ));
    } else if r.target_level < r.reorder_point {
        errors.push(FieldError::new(
            "target_level",
            "must be at least the reorder point",
        ));
    }
    errors
}

async fn upsert(
    tx: &DatabaseTransaction,
    store: StoreId,
    product: i64,
    r: &RuleIn,
) -> Result<(), PurchasingError> {
    let stmt = sea_orm::sea_query::Query::insert()
        .into_table(reorder_rule::Entity)
        .columns([
            reorder_rule::Column::ProductId,
            reorder_rule::Column::StoreId,
            reorder_rule::Column::ReorderPoint,
            reorder_rule::Column::TargetLevel,
            reorder_rule::Column::SupplierId,
            reorder_rule::Column::UpdatedAt,
        ])
        .values_panic([
            product.into(),
            store.0.into(),
            r.reorder_point.into(),
            r.target_level.into(),
            r.supplier_id.into(),
            Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::column(reorder_rule::Column::ProductId)
                .update_columns([
                    reorder_rule::Column::ReorderPoint,
                    reorder_rule::Column::TargetLevel,
                    reorder_rule::Column::SupplierId,
                    reorder_rule::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&stmt).await?;
    Ok(())
}

/// Sets a product's rule (needs the `purchase_orders` feature).
pub async fn set_rule(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    product: ProductId,
    r: RuleIn,
) -> Result<reorder_rule::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let p = orion_catalog::service::find(tx, store, product).await?;
    let mut errors = check_rule(&r);
    if let Some(s) = r.supplier_id
        && super::suppliers::find(tx, store, SupplierId(s))
            .await
            .is_err()
    {
        errors.push(FieldError::new(
            "supplier_id",
            "no such supplier in this store",
        ));
    }
    Invalid::check(errors)?;
    upsert(tx, store, p.id, &r).await?;
    rule(tx, store, p.id)
        .await?
        .ok_or(PurchasingError::Inconsistent("reorder rule missing"))
}

/// Removes a product's rule.
pub async fn remove_rule(
    tx: &DatabaseTransaction,
    store: StoreId,
    product: ProductId,
) -> Result<(), PurchasingError> {
    // Another store's product is not found, like a missing one.
    orion_catalog::service::find(tx, store, product).await?;
    reorder_rule::Entity::delete_many()
        .filter(reorder_rule::Column::StoreId.eq(store.0))
        .filter(reorder_rule::Column::ProductId.eq(product.0))
        .exec(tx)
        .await?;
    Ok(())
}

/// A product's rule, if it has one.
pub async fn rule(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: i64,
) -> Result<Option<reorder_rule::Model>, PurchasingError> {
    Ok(reorder_rule::Entity::find_by_id(product)
        .one(conn)
        .await?
        .filter(|r| r.store_id == store.0))
}

/// Every rule of the store.
pub async fn rules(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<reorder_rule::Model>, PurchasingError> {
    Ok(reorder_rule::Entity::find()
        .filter(reorder_rule::Column::StoreId.eq(store.0))
        .order_by_asc(reorder_rule::Column::ProductId)
        .all(conn)
        .await?)
}

/// What an import of rules did.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct RuleImportReport {
    /// False when any row was refused: then nothing was applied.
    pub applied: bool,
    pub set: u64,
    pub rejected: u64,
    pub errors: Vec<RowError>,
    pub errors_not_listed: u64,
}

/// Imports rules from CSV (`sku,reorder_point,target_level[,supplier]`; comma, semicolon
/// or tab). All or nothing: one bad row and no rule changes, every bad row listed.
pub async fn import(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    bytes: &[u8],
) -> Result<RuleImportReport, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let mut report = RuleImportReport::default();
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::field(
            "file",
            "is empty; the first line must be sku,reorder_point,target_level",
        )
        .into());
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(body))
        .flexible(true)
        .from_reader(body);
    let headers = csv
        .headers()
        .map_err(|e| Invalid::field("file", format!("the header line is not valid CSV: {e}")))?
        .clone();
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(c_sku), Some(c_point), Some(c_target)) =
        (at("sku"), at("reorder_point"), at("target_level"))
    else {
        return Err(Invalid::field(
            "file",
            "the header needs the columns sku, reorder_point and target_level",
        )
        .into());
    };
    let c_supplier = at("supplier");
    let suppliers = super::suppliers::list(tx, store, None, false).await?;
    let mut rows: Vec<(u64, String, RuleIn)> = Vec::new();
    let err = |report: &mut RuleImportReport, row: u64, col: &str, msg: String| {
        RowError::report(
            &mut report.errors,
            &mut report.errors_not_listed,
            row,
            col,
            msg,
        );
    };
    for (n, rec) in csv.records().enumerate() {
        let line = n as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                report.rejected += 1;
                err(&mut report, line, "", format!("not valid CSV: {e}"));
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
        let sku = get(Some(c_sku));
        let (point, target) = (get(Some(c_point)), get(Some(c_target)));
        let mut bad = false;
        if sku.is_empty() {
            err(&mut report, line, "sku", "is required".into());
            bad = true;
        }
        let rp = parse_whole(&point);
        let tl = parse_whole(&target);
        if rp.is_none() {
            err(
                &mut report,
                line,
                "reorder_point",
                format!("must be a whole number of 0 or more, e.g. 12 (not {point:?})"),
            );
            bad = true;
        }
        if tl.is_none() {
            err(
                &mut report,
                line,
                "target_level",
                format!("must be a whole number of 0 or more, e.g. 12 (not {target:?})"),
            );
            bad = true;
        }
        let supplier_name = get(c_supplier);
        let supplier_id = if supplier_name.is_empty() {
            None
        } else {
            match suppliers
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(&supplier_name))
            {
                Some(s) => Some(s.id),
                None => {
                    err(
                        &mut report,
                        line,
                        "supplier",
                        format!("no supplier named {supplier_name:?}"),
                    );
                    bad = true;
                    None
                }
            }
        };
        if bad {
            report.rejected += 1;
            continue;
        }
        let r = RuleIn {
            reorder_point: rp.unwrap_or_default(),
            target_level: tl.unwrap_or_default(),
            supplier_id,
        };
        let errors = check_rule(&r);
        if !errors.is_empty() {
            for e in errors {
                err(&mut report, line, &e.field, e.message);
            }
            report.rejected += 1;
            continue;
        }
        rows.push((line, sku, r));
    }
    let skus: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    let products: HashMap<String, i64> = orion_catalog::service::find_by_skus(tx, store, &skus)
        .await?
        .into_iter()
        .map(|p| (p.sku, p.id))
        .collect();
    let mut found = Vec::new();
    for (line, sku, r) in rows {
        match products.get(&sku) {
            Some(pid) => found.push((*pid, r)),
            None => {
                report.rejected += 1;
                err(
                    &mut report,
                    line,
                    "sku",
                    format!("no product with SKU {sku:?}"),
                );
            }
        }
    }
    if report.rejected > 0 {
        return Ok(report);
    }
    for (pid, r) in &found {
        upsert(tx, store, *pid, r).await?;
        report.set += 1;
    }
    report.applied = true;
    Ok(report)
}

/// One product to reorder.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub product_id: i64,
    pub sku: String,
    pub title: String,
    pub available: i64,
    pub on_order: i64,
    pub reorder_point: i64,
    pub target_level: i64,
    /// Units to order: target − available − on order, at least the supplier's minimum.
    pub quantity: i64,
    pub supplier_id: Option<i64>,
    /// The last price paid to that supplier, else the product's average cost.
    #[schema(value_type = Option<String>)]
    pub unit_cost: Option<Money>,
}

/// The store's products at or below their reorder point, by supplier then SKU.
pub async fn suggestions(
    conn: &impl ConnectionTrait,
    store: StoreId,
    lang: &str,
) -> Result<Vec<Suggestion>, PurchasingError> {
    let rules = rules(conn, store).await?;
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rules.iter().map(|r| r.product_id).collect();
    let available = orion_inventory::service::available_of(conn, store, &ids).await?;
    let on_order = incoming::on_order(conn, store, Some(&ids)).await?;
    let products: HashMap<i64, _> = orion_catalog::service::find_many(conn, store, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let offers = super::suppliers::offers_for(conn, store, &ids).await?;
    let mut out = Vec::new();
    for r in rules {
        let Some(p) = products.get(&r.product_id) else {
            continue;
        };
        if !p.active {
            continue;
        }
        let avail = available.get(&r.product_id).copied().unwrap_or(0);
        let ord = on_order.get(&r.product_id).map(|o| o.quantity).unwrap_or(0);
        if avail + ord > r.reorder_point {
            continue;
        }
        let supplier = r.supplier_id.or_else(|| {
            offers
                .iter()
                .find(|o| o.product_id == r.product_id)
                .map(|o| o.supplier_id)
        });
        let offer = supplier.and_then(|s| {
            offers
                .iter()
                .find(|o| o.product_id == r.product_id && o.supplier_id == s)
        });
        let mut quantity = (r.target_level - avail - ord).max(1);
        if let Some(o) = offer {
            quantity = quantity.max(o.min_order_quantity);
        }
        let unit_cost = match offer.and_then(|o| o.last_unit_cost_cents) {
            Some(c) => Some(c),
            None => super::costs::of(conn, store, r.product_id)
                .await?
                .map(|c| c.cents),
        };
        out.push(Suggestion {
            product_id: r.product_id,
            sku: p.sku.clone(),
            title: p.title_or_fallback(lang).0.to_owned(),
            available: avail,
            on_order: ord,
            reorder_point: r.reorder_point,
            target_level: r.target_level,
            quantity: quantity.min(MAX_QUANTITY),
            supplier_id: supplier,
            unit_cost: unit_cost.map(Money),
        });
    }
    out.sort_by(|a, b| (a.supplier_id, &a.sku).cmp(&(b.supplier_id, &b.sku)));
    Ok(out)
}

/// Creates one draft purchase order per supplier for the selected suggestions (products
/// without a supplier are refused, naming them). Quantities may be overridden per product.
pub async fn create_drafts(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    actor: Option<UserId>,
    selection: &[(i64, Option<i64>)],
) -> Result<Vec<purchase_order::Model>, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    if selection.is_empty() {
        return Err(Invalid::field("product_ids", "select at least one product").into());
    }
    let all = suggestions(tx, store, "en").await?;
    let mut by_supplier: BTreeMap<i64, Vec<LineIn>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, (pid, qty)) in selection.iter().enumerate() {
        let Some(s) = all.iter().find(|s| s.product_id == *pid) else {
            errors.push(FieldError::new(
                format!("product_ids[{i}]"),
                "is not at or below its reorder point",
            ));
            continue;
        };
        let Some(supplier) = s.supplier_id else {
            errors.push(FieldError::new(
                format!("product_ids[{i}]"),
                format!("{} has no supplier; choose one in its reorder rule", s.sku),
            ));
            continue;
        };
        by_supplier.entry(supplier).or_default().push(LineIn {
            product_id: *pid,
            quantity: qty.unwrap_or(s.quantity),
            unit_cost: s.unit_cost.unwrap_or(Money(0)),
        });
    }
    Invalid::check(errors)?;
    let mut out = Vec::new();
    for (supplier, lines) in by_supplier {
        out.push(
            super::drafts::create(
                tx,
                merchant,
                store,
                actor,
                DraftIn {
                    supplier_id: Some(supplier),
                    lines: Some(lines),
                    ..Default::default()
                },
            )
            .await?,
        );
    }
    Ok(out)
}
