//! Drafts: a purchase order being put together. Only drafts change their supplier, lines and
//! prices; ordering fixes them ([`super::lifecycle`]).

use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::{
    FieldError, Invalid, MerchantId, Money, PurchaseOrderId, StoreId, SupplierId, UserId,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use super::{MAX_LINES, MAX_QUANTITY, MAX_UNIT_COST_CENTS, Status, lock_order, status_of, text};
use crate::entity::{line, purchase_order};
use crate::error::PurchasingError;

/// One line as entered.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineIn {
    pub product_id: i64,
    pub quantity: i64,
    /// Unit cost excluding VAT, a decimal string in euros (`"12.34"`).
    #[schema(value_type = String, example = "12.34")]
    pub unit_cost: Money,
}

/// A draft as entered. On create `supplier_id` is required; on update absent fields stay,
/// `lines` (when given) replaces every line, and an empty `expected_at` or `notes` clears it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftIn {
    pub supplier_id: Option<i64>,
    /// `YYYY-MM-DD`; when absent at ordering, the order date plus the supplier's lead time.
    pub expected_at: Option<String>,
    pub notes: Option<String>,
    pub lines: Option<Vec<LineIn>>,
}

/// Checked lines: `(product, quantity, unit cost, line total)` and the order's total.
pub(crate) struct CheckedLines {
    pub lines: Vec<(i64, i64, i64, i64)>,
    pub total: i64,
}

/// Checks lines against the store's catalog: stocked products of the store, each once,
/// quantities and costs in range; errors name `lines[i].field`.
pub(crate) async fn check_lines(
    tx: &DatabaseTransaction,
    store: StoreId,
    lines: &[LineIn],
) -> Result<CheckedLines, PurchasingError> {
    let mut errors = Vec::new();
    if lines.len() > MAX_LINES {
        return Err(Invalid::field("lines", format!("must have at most {MAX_LINES} lines")).into());
    }
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let products = orion_catalog::service::find_many(tx, store, &ids).await?;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(lines.len());
    let mut total: i64 = 0;
    for (i, l) in lines.iter().enumerate() {
        match products.iter().find(|p| p.id == l.product_id) {
            None => errors.push(FieldError::new(
                format!("lines[{i}].product_id"),
                "no such product in this store",
            )),
            Some(p) if !p.is_stocked() => errors.push(FieldError::new(
                format!("lines[{i}].product_id"),
                format!("{} products have no stock", p.product_type),
            )),
            Some(_) if !seen.insert(l.product_id) => errors.push(FieldError::new(
                format!("lines[{i}].product_id"),
                "appears on another line already",
            )),
            Some(_) => {}
        }
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                format!("must be between 1 and {MAX_QUANTITY}"),
            ));
        }
        let cost = l.unit_cost.cents();
        if !(0..=MAX_UNIT_COST_CENTS).contains(&cost) {
            errors.push(FieldError::new(
                format!("lines[{i}].unit_cost"),
                "must be between 0 and 1000000.00",
            ));
        }
        let line_total = l.quantity.checked_mul(cost).unwrap_or(i64::MAX);
        total = total.saturating_add(line_total);
        out.push((l.product_id, l.quantity, cost, line_total));
    }
    if errors.is_empty() && total > i64::MAX / 4 {
        errors.push(FieldError::new("lines", "the order's total is too large"));
    }
    Invalid::check(errors)?;
    Ok(CheckedLines { lines: out, total })
}

/// Parses an entered date (`YYYY-MM-DD`); empty is none.
pub(crate) fn parse_date(field: &'static str, v: &str) -> Result<Option<NaiveDate>, Invalid> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| Invalid::field(field, "must be a date YYYY-MM-DD"))
}

async fn replace_lines(
    tx: &DatabaseTransaction,
    store: StoreId,
    po: i64,
    checked: &CheckedLines,
) -> Result<(), PurchasingError> {
    line::Entity::delete_many()
        .filter(line::Column::PurchaseOrderId.eq(po))
        .exec(tx)
        .await?;
    if checked.lines.is_empty() {
        return Ok(());
    }
    line::Entity::insert_many(checked.lines.iter().enumerate().map(
        |(i, (product, quantity, cost, total))| line::ActiveModel {
            store_id: Set(store.0),
            purchase_order_id: Set(po),
            product_id: Set(*product),
            position: Set(i as i32 + 1),
            quantity: Set(*quantity),
            received: Set(0),
            closed_short: Set(0),
            unit_cost_cents: Set(*cost),
            line_total_cents: Set(*total),
            ..Default::default()
        },
    ))
    .exec(tx)
    .await?;
    Ok(())
}

/// Creates a draft purchase order (needs the `purchase_orders` feature).
pub async fn create(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    actor: Option<UserId>,
    input: DraftIn,
) -> Result<purchase_order::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let Some(supplier_id) = input.supplier_id else {
        return Err(Invalid::field("supplier_id", "is required").into());
    };
    let supplier = super::suppliers::find(tx, store, SupplierId(supplier_id))
        .await
        .map_err(|_| Invalid::field("supplier_id", "no such supplier in this store"))?;
    let mut errors = Vec::new();
    let expected_at = match input
        .expected_at
        .as_deref()
        .map(|d| parse_date("expected_at", d))
    {
        Some(Err(e)) => {
            errors.extend(e.0);
            None
        }
        Some(Ok(d)) => d,
        None => None,
    };
    let notes = text("notes", input.notes, 5000, &mut errors);
    Invalid::check(errors)?;
    let checked = check_lines(tx, store, input.lines.as_deref().unwrap_or_default()).await?;
    let now = Utc::now();
    let po = purchase_order::ActiveModel {
        store_id: Set(store.0),
        supplier_id: Set(supplier.id),
        status: Set(Status::Draft.as_str().into()),
        expected_at: Set(expected_at),
        notes: Set(notes),
        total_cents: Set(checked.total),
        created_by: Set(actor.map(|u| u.0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    replace_lines(tx, store, po.id, &checked).await?;
    Ok(po)
}

/// Changes a draft: the fields given, and every line when `lines` is given.
pub async fn update(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    id: PurchaseOrderId,
    input: DraftIn,
) -> Result<purchase_order::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    if status != Status::Draft {
        return Err(PurchasingError::WrongStatus {
            status: status.as_str(),
            action: "edited",
        });
    }
    let mut am: purchase_order::ActiveModel = po.clone().into();
    let mut errors = Vec::new();
    if let Some(s) = input.supplier_id {
        let s = super::suppliers::find(tx, store, SupplierId(s))
            .await
            .map_err(|_| Invalid::field("supplier_id", "no such supplier in this store"))?;
        am.supplier_id = Set(s.id);
    }
    if let Some(d) = input.expected_at.as_deref() {
        match parse_date("expected_at", d) {
            Ok(d) => am.expected_at = Set(d),
            Err(e) => errors.extend(e.0),
        }
    }
    if let Some(n) = input.notes {
        am.notes = Set(text("notes", Some(n), 5000, &mut errors));
    }
    Invalid::check(errors)?;
    if let Some(lines) = input.lines.as_deref() {
        let checked = check_lines(tx, store, lines).await?;
        replace_lines(tx, store, po.id, &checked).await?;
        am.total_cents = Set(checked.total);
    }
    am.updated_at = Set(Utc::now());
    Ok(am.update(tx).await?)
}

/// Deletes a draft (nothing was sent to anyone yet).
pub async fn delete(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: PurchaseOrderId,
) -> Result<(), PurchasingError> {
    let po = lock_order(tx, store, id).await?;
    let status = status_of(&po)?;
    if status != Status::Draft {
        return Err(PurchasingError::WrongStatus {
            status: status.as_str(),
            action: "deleted",
        });
    }
    purchase_order::Entity::delete_by_id(po.id).exec(tx).await?;
    Ok(())
}
