//! Setting the on-hand quantities of many products at once: the stock table, the stock CSV
//! and the product CSV's `stock` column. The products' stock levels are locked in the global
//! order first (see [`super::lock_levels`]) and every target is checked before any is
//! changed, so a batch is applied whole or refused with one reason per target. Each change
//! goes through [`super::set_on_hand`], so it is logged like a count.

use std::collections::{HashMap, HashSet};

use orion_billing::{Feature, limits};
use orion_catalog::entity::product;
use orion_catalog::stock::{OnHand, OnHandField, OnHandRefusal};
use orion_kernel::{MerchantId, ProductId, StoreId};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::{Actor, MAX_QUANTITY, Slot, TxKind};
use crate::entity::stock_level;
use crate::error::StockError;

/// What became of one target of an applied batch.
#[derive(Debug)]
pub enum Outcome {
    /// Set to the target quantity; `was` is what was on hand before.
    Set { level: stock_level::Model, was: i64 },
    /// Already at that quantity: nothing changed, nothing logged.
    Unchanged,
}

/// A checked target: its warehouse id, normalised bin and the units on hand there now.
struct Ready {
    warehouse_id: i64,
    bin: String,
    on_hand: i64,
}

fn refuse(index: usize, field: OnHandField, message: impl Into<String>) -> OnHandRefusal {
    OnHandRefusal {
        index,
        field,
        message: message.into(),
    }
}

/// Locks the targets' stock levels and checks every target; changes nothing.
pub async fn check(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    targets: &[OnHand],
) -> Result<Vec<OnHandRefusal>, StockError> {
    Ok(prepare(tx, merchant, store, targets)
        .await?
        .err()
        .unwrap_or_default())
}

/// Sets every target's on-hand quantity, or none when any is refused.
pub async fn set_many(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    targets: &[OnHand],
    kind: TxKind,
    actor: &Actor,
) -> Result<Result<Vec<Outcome>, Vec<OnHandRefusal>>, StockError> {
    let ready = match prepare(tx, merchant, store, targets).await? {
        Ok(r) => r,
        Err(refusals) => return Ok(Err(refusals)),
    };
    let mut out = Vec::with_capacity(targets.len());
    for (t, r) in targets.iter().zip(ready) {
        let product = t.product_id.ok_or(StockError::Inconsistent(
            "stock set for a product without id",
        ))?;
        if r.on_hand == t.quantity {
            out.push(Outcome::Unchanged);
            continue;
        }
        let slot = Slot {
            warehouse_id: Some(r.warehouse_id),
            bin: r.bin,
        };
        let l = super::set_on_hand(
            tx,
            merchant,
            store,
            ProductId(product),
            &slot,
            t.quantity,
            kind,
            actor,
        )
        .await?;
        out.push(Outcome::Set {
            level: l,
            was: r.on_hand,
        });
    }
    Ok(Ok(out))
}

async fn prepare(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    targets: &[OnHand],
) -> Result<Result<Vec<Ready>, Vec<OnHandRefusal>>, StockError> {
    let ids: Vec<i64> = targets.iter().filter_map(|t| t.product_id).collect();
    super::lock_levels(tx, store, &ids).await?;
    let warehouses = super::warehouses(tx, store).await?;
    let products: HashMap<i64, product::Model> = orion_catalog::service::find_many(tx, store, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut levels = HashMap::new();
    for chunk in ids.chunks(500) {
        for l in stock_level::Entity::find()
            .filter(stock_level::Column::StoreId.eq(store.0))
            .filter(stock_level::Column::ProductId.is_in(chunk.iter().copied()))
            .all(tx)
            .await?
        {
            levels.insert((l.product_id, l.warehouse_id, l.bin.clone()), l);
        }
    }
    // Asked once, and only when a target needs a warehouse other than the default or a bin.
    let mut several_places: Option<Option<String>> = None;
    let mut seen = HashSet::new();
    let mut ready = Vec::with_capacity(targets.len());
    let mut refusals = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        let before = refusals.len();
        let code = t
            .warehouse
            .as_deref()
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        let w = match &code {
            Some(c) => warehouses.iter().find(|w| w.code == *c),
            None => warehouses.iter().find(|w| w.is_default),
        };
        let bin = t.bin.trim().to_ascii_uppercase();
        if bin.len() > 32 || bin.chars().any(char::is_control) {
            refusals.push(refuse(i, OnHandField::Bin, "must be at most 32 characters"));
        }
        match w {
            None => refusals.push(refuse(
                i,
                OnHandField::Warehouse,
                format!(
                    "no warehouse with code {} in this store",
                    code.unwrap_or_default()
                ),
            )),
            Some(w) if !w.is_default || !bin.is_empty() => {
                if several_places.is_none() {
                    several_places = Some(
                        limits::require_feature(tx, merchant, Feature::WAREHOUSES)
                            .await
                            .err()
                            .map(|e| e.to_string()),
                    );
                }
                if let Some(Some(why)) = &several_places {
                    let field = if w.is_default {
                        OnHandField::Bin
                    } else {
                        OnHandField::Warehouse
                    };
                    refusals.push(refuse(i, field, why.clone()));
                }
            }
            Some(_) => {}
        }
        if !(0..=MAX_QUANTITY).contains(&t.quantity) {
            refusals.push(refuse(
                i,
                OnHandField::Quantity,
                format!("must be a whole number from 0 to {MAX_QUANTITY}"),
            ));
        }
        let mut on_hand = 0;
        if let Some(id) = t.product_id {
            match products.get(&id) {
                None => refusals.push(refuse(
                    i,
                    OnHandField::Product,
                    "no such product in this store",
                )),
                Some(p) if !p.is_stocked() => refusals.push(refuse(
                    i,
                    OnHandField::Product,
                    format!("{} products have no stock", p.product_type),
                )),
                Some(_) => {}
            }
            if let Some(w) = w {
                if !seen.insert((id, w.id, bin.clone())) {
                    refusals.push(refuse(
                        i,
                        OnHandField::Product,
                        "is listed more than once for the same warehouse and bin",
                    ));
                }
                if let Some(l) = levels.get(&(id, w.id, bin.clone())) {
                    on_hand = l.on_hand;
                    if t.quantity < l.reserved {
                        refusals.push(refuse(
                            i,
                            OnHandField::Quantity,
                            format!(
                                "{} units are reserved here; the count cannot be lower",
                                l.reserved
                            ),
                        ));
                    }
                }
            }
            if t.expected.is_some_and(|e| e != on_hand) {
                refusals.push(refuse(
                    i,
                    OnHandField::Quantity,
                    format!("the stock changed meanwhile: {on_hand} on hand now"),
                ));
            }
        }
        if let (Some(w), true) = (w, refusals.len() == before) {
            ready.push(Ready {
                warehouse_id: w.id,
                bin,
                on_hand,
            });
        }
    }
    Ok(if refusals.is_empty() {
        Ok(ready)
    } else {
        Err(refusals)
    })
}
