//! Marketplace orders (Letzshop): one order per shipment, idempotent on the shipment id.
//! [`import`] is the one way in: it matches items to products (GTIN, then SKU; an unmatched
//! item is kept without a product and opens an exception), takes the monthly order quota
//! (over the plan limit an order is kept as `held`), and applies the decisions the
//! marketplace already took on the units. [`apply_unit_states`] applies later decisions to
//! an imported order (a re-sync). Paging, leases and fingerprints belong to the sync.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use orion_billing::{BillingError, Metric, limits};
use orion_catalog::entity::product;
use orion_customers::service::{self as customers, CustomerInput};
use orion_kernel::{Address, CustomerId, OrderId, StoreId, StoreRef};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::domain::Status;
use crate::entity::{order, order_exception, order_item};
use crate::error::OrderError;
use crate::events::{Events, Origin, unit_ids};
use crate::service::steps::{
    Decision, close_exception_of_item, decide, history, included_vat, transition, try_reserve_item,
};
use crate::service::{find, items};

/// One marketplace line: the units of one variant (quantity = number of units).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MarketplaceItem {
    pub gtin: Option<String>,
    pub sku: Option<String>,
    pub name: String,
    pub unit_price_cents: i64,
    pub unit_ids: Vec<String>,
}

/// One marketplace shipment, as an order to import.
#[derive(Debug, Clone, Deserialize)]
pub struct MarketplaceOrder {
    pub channel: String,
    pub external_order_id: String,
    pub external_shipment_id: String,
    pub external_number: Option<String>,
    pub customer: CustomerInput,
    pub shipping_address: Address,
    pub billing_address: Option<Address>,
    pub locale: String,
    pub ordered_at: DateTime<Utc>,
    pub items: Vec<MarketplaceItem>,
    /// What the marketplace says of each unit now (`unit id → state`), applied right after
    /// the import as [`apply_unit_states`] would.
    #[serde(default)]
    pub unit_states: HashMap<String, String>,
}

/// How an import handles a failing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Fastest: the quota of the whole batch taken at once, no savepoints; any failure fails
    /// the batch (the caller rolls back and may retry with [`Isolation::PerOrder`]).
    Batch,
    /// Each order in its own savepoint with its own quota unit; a failing order is reported
    /// and the others are imported.
    PerOrder,
}

/// What became of one shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created,
    /// Kept over the plan's monthly limit; released when the quota allows.
    Held,
    /// Imported before: nothing changed.
    Existing,
}

/// One imported shipment.
#[derive(Debug, Clone)]
pub struct ImportedOrder {
    pub order: order::Model,
    pub imported: Imported,
    /// Items that matched no product (exceptions opened).
    pub exceptions: usize,
    /// The marketplace decided units of a held order: they are applied after its release,
    /// at a later re-sync.
    pub deferred: bool,
}

/// What a re-sync did to an existing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resynced {
    /// Item statuses (and maybe the order status) changed.
    Updated,
    /// Nothing to change.
    Unchanged,
    /// The order is held (over the plan limit): the marketplace's decisions are applied
    /// after its release, at a later sync.
    Deferred,
}

/// The store's products matching a batch of marketplace items (by GTIN, then SKU), loaded in
/// one query so that a batch does not query the catalog per item.
struct Matcher {
    by_gtin: HashMap<String, product::Model>,
    by_sku: HashMap<String, product::Model>,
}

impl Matcher {
    async fn load(
        conn: &impl ConnectionTrait,
        store: StoreId,
        orders: &[&MarketplaceOrder],
    ) -> Result<Self, OrderError> {
        let items = || orders.iter().flat_map(|o| o.items.iter());
        let gtins: Vec<String> = items()
            .filter_map(|i| i.gtin.as_ref().map(|g| g.trim().to_owned()))
            .collect();
        let skus: Vec<String> = items()
            .filter_map(|i| i.sku.as_ref().map(|s| s.trim().to_owned()))
            .collect();
        let mut m = Matcher {
            by_gtin: HashMap::new(),
            by_sku: HashMap::new(),
        };
        for p in orion_catalog::service::find_by_gtins_or_skus(conn, store, &gtins, &skus).await? {
            if let Some(g) = p.gtin.clone() {
                m.by_gtin.insert(g, p.clone());
            }
            m.by_sku.insert(p.sku.clone(), p);
        }
        Ok(m)
    }

    /// GTIN first, then SKU (as `service::match_product`).
    fn find(&self, gtin: Option<&str>, sku: Option<&str>) -> Option<&product::Model> {
        gtin.and_then(|g| self.by_gtin.get(g.trim()))
            .or_else(|| sku.and_then(|s| self.by_sku.get(s.trim())))
    }
}

/// Imports shipments as orders: each result in the order of `orders`. Shipments imported
/// before come back as [`Imported::Existing`]. With [`Isolation::Batch`] any failure is the
/// whole call's error; with [`Isolation::PerOrder`] it is that order's result.
pub async fn import(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    orders: &[MarketplaceOrder],
    isolation: Isolation,
) -> Result<Vec<Result<ImportedOrder, OrderError>>, OrderError> {
    let mut existing: HashMap<String, order::Model> = HashMap::new();
    for chunk in orders.chunks(500) {
        let ids = chunk.iter().map(|m| m.external_shipment_id.clone());
        for o in order::Entity::find()
            .filter(order::Column::StoreId.eq(store.id.0))
            .filter(order::Column::ExternalShipmentId.is_in(ids))
            .all(tx)
            .await?
        {
            if let Some(s) = o.external_shipment_id.clone() {
                existing.insert(s, o);
            }
        }
    }
    let new: Vec<&MarketplaceOrder> = orders
        .iter()
        .filter(|m| !existing.contains_key(&m.external_shipment_id))
        .collect();
    let matcher = Matcher::load(tx, store.id, &new).await?;
    // The batch's quota at once when it fits; otherwise order by order (some are held).
    let prepaid = isolation == Isolation::Batch
        && !new.is_empty()
        && match limits::check_and_consume(
            tx,
            store.merchant,
            Metric::OrdersPerMonth,
            new.len() as u64,
        )
        .await
        {
            Ok(_) => true,
            Err(BillingError::LimitExceeded { .. }) => false,
            Err(e) => return Err(e.into()),
        };
    let mut out = Vec::with_capacity(orders.len());
    for m in orders {
        if let Some(o) = existing.remove(&m.external_shipment_id) {
            out.push(Ok(ImportedOrder {
                order: o,
                imported: Imported::Existing,
                exceptions: 0,
                deferred: false,
            }));
            continue;
        }
        match isolation {
            Isolation::Batch => out.push(Ok(import_one(tx, store, m, &matcher, prepaid).await?)),
            Isolation::PerOrder => {
                let sp = tx.begin().await?;
                match import_one(&sp, store, m, &matcher, false).await {
                    Ok(r) => {
                        sp.commit().await?;
                        out.push(Ok(r));
                    }
                    Err(e) => {
                        sp.rollback().await?;
                        out.push(Err(e));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Imports one new shipment; `prepaid` when the batch already took its quota unit.
async fn import_one(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
    matcher: &Matcher,
    prepaid: bool,
) -> Result<ImportedOrder, OrderError> {
    let mut ev = Events::new(Origin::Marketplace, None);
    let customer = customers::upsert_by_email(tx, store.id, &m.customer).await?;
    let status = if prepaid {
        Status::Pending
    } else {
        match limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await {
            Ok(_) => Status::Pending,
            Err(BillingError::LimitExceeded { .. }) => Status::Held,
            Err(e) => return Err(e.into()),
        }
    };
    let qty = |it: &MarketplaceItem| it.unit_ids.len().max(1) as i64;
    let subtotal: i64 = m.items.iter().map(|i| i.unit_price_cents * qty(i)).sum();
    let now = Utc::now();
    // The VAT included, estimated at the store's rates like direct orders (the invoice decides).
    let day = orion_kernel::time::local_date(m.ordered_at);
    let class_of = |it: &MarketplaceItem| {
        matcher
            .find(it.gtin.as_deref(), it.sku.as_deref())
            .map(|p| p.vat_rate_class.clone())
            .unwrap_or_else(|| "standard".into())
    };
    let tax: i64 = m
        .items
        .iter()
        .map(|it| {
            included_vat(
                &store.country,
                day,
                &class_of(it),
                it.unit_price_cents * qty(it),
            )
        })
        .sum();
    let o = order::ActiveModel {
        store_id: Set(store.id.0),
        order_number: Set(format!(
            "LS-{}-{}",
            store.code,
            m.external_number
                .clone()
                .unwrap_or_else(|| m.external_shipment_id.clone())
        )),
        channel: Set(m.channel.clone()),
        external_order_id: Set(Some(m.external_order_id.clone())),
        external_shipment_id: Set(Some(m.external_shipment_id.clone())),
        external_number: Set(m.external_number.clone()),
        status: Set(status.as_str().into()),
        held_reason: Set((status == Status::Held).then(|| "plan_limit".to_owned())),
        customer_id: Set(Some(customer.id)),
        customer_email: Set(customer.email.clone()),
        customer_first_name: Set(m.customer.first_name.clone()),
        customer_last_name: Set(m.customer.last_name.clone()),
        customer_company: Set(m.customer.company.clone()),
        customer_vat_id: Set(customer.vat_id.clone()),
        customer_phone: Set(m.customer.phone.clone()),
        billing_address: Set(m
            .billing_address
            .as_ref()
            .and_then(|b| serde_json::to_string(b).ok())),
        shipping_address: Set(serde_json::to_string(&m.shipping_address).unwrap_or_default()),
        ship_country: Set(m.shipping_address.country.clone()),
        ship_postcode: Set(Some(m.shipping_address.postal_code.clone())),
        subtotal_cents: Set(subtotal),
        shipping_cents: Set(0),
        discount_cents: Set(0),
        tax_cents: Set(tax),
        total_cents: Set(subtotal),
        currency: Set("EUR".into()),
        locale: Set(if matches!(m.locale.as_str(), "en" | "fr" | "de") {
            m.locale.clone()
        } else {
            "en".into()
        }),
        ordered_at: Set(m.ordered_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    // All lines in one statement; the unmatched ones get their exceptions in a second one.
    let mut exceptions = 0usize;
    let rows: Vec<order_item::ActiveModel> = m
        .items
        .iter()
        .enumerate()
        .map(|(pos, it)| {
            let product = matcher.find(it.gtin.as_deref(), it.sku.as_deref());
            if product.is_none() {
                exceptions += 1;
            }
            order_item::ActiveModel {
                order_id: Set(o.id),
                store_id: Set(store.id.0),
                product_id: Set(product.map(|p| p.id)),
                sku: Set(it.sku.clone()),
                gtin: Set(it.gtin.clone()),
                name: Set(it.name.chars().take(300).collect()),
                quantity: Set(qty(it)),
                unit_price_cents: Set(it.unit_price_cents),
                line_total_cents: Set(it.unit_price_cents * qty(it)),
                vat_rate_class: Set(class_of(it)),
                status: Set("pending".into()),
                external_unit_ids: Set(serde_json::to_string(&it.unit_ids).ok()),
                position: Set(pos as i32),
                ..Default::default()
            }
        })
        .collect();
    if !rows.is_empty() {
        order_item::Entity::insert_many(rows).exec(tx).await?;
    }
    if exceptions > 0 {
        open_exceptions(tx, o.id, now).await?;
    }
    let note = if status == Status::Held {
        "Imported and held: the plan's monthly order limit is reached"
    } else {
        "Imported from the marketplace"
    };
    history(&o, None, status.as_str(), None, Some(note))
        .insert(tx)
        .await?;
    if status == Status::Pending {
        customers::add_order(
            tx,
            store.id,
            CustomerId(customer.id),
            subtotal,
            m.ordered_at,
        )
        .await?;
    }
    ev.created(&o, status);
    let decided = m.unit_states.values().any(|s| s != "unconfirmed");
    let deferred =
        decided && apply_states(tx, &o, &m.unit_states, &mut ev).await? == Resynced::Deferred;
    ev.publish(tx).await?;
    let o = if decided {
        find(tx, store.id, OrderId(o.id)).await?
    } else {
        o
    };
    Ok(ImportedOrder {
        order: o,
        imported: if status == Status::Held {
            Imported::Held
        } else {
            Imported::Created
        },
        exceptions,
        deferred,
    })
}

/// Opens an exception for every item of the order without a product (one statement).
async fn open_exceptions(
    tx: &DatabaseTransaction,
    order: i64,
    now: DateTime<Utc>,
) -> Result<(), OrderError> {
    let select = Query::select()
        .columns([
            order_item::Column::StoreId,
            order_item::Column::OrderId,
            order_item::Column::Id,
            order_item::Column::Gtin,
            order_item::Column::Sku,
        ])
        .expr(Expr::val("open"))
        .expr(Expr::val(now))
        .from(order_item::Entity)
        .and_where(Expr::col(order_item::Column::OrderId).eq(order))
        .and_where(Expr::col(order_item::Column::ProductId).is_null())
        .to_owned();
    let insert = Query::insert()
        .into_table(order_exception::Entity)
        .columns([
            order_exception::Column::StoreId,
            order_exception::Column::OrderId,
            order_exception::Column::OrderItemId,
            order_exception::Column::Gtin,
            order_exception::Column::Sku,
            order_exception::Column::Status,
            order_exception::Column::CreatedAt,
        ])
        .select_from(select)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
        .to_owned();
    tx.execute(&insert).await?;
    Ok(())
}

/// Re-sync of an imported shipment: the marketplace's unit states (`unit id → state`) decide
/// items still pending here (all units `confirmed_available` → confirmed, reserving stock
/// when there is some; all `confirmed_unavailable` → declined); the order then follows the
/// mapping of letzshop.md (any confirmed → processing, all declined → cancelled). Decisions
/// taken here are never undone by an older marketplace state, and items are never duplicated.
pub async fn apply_unit_states(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: OrderId,
    states: &HashMap<String, String>,
) -> Result<Resynced, OrderError> {
    let mut ev = Events::new(Origin::Marketplace, None);
    let o = find(tx, store, order).await?;
    let r = apply_states(tx, &o, states, &mut ev).await?;
    ev.publish(tx).await?;
    Ok(r)
}

async fn apply_states(
    tx: &DatabaseTransaction,
    o: &order::Model,
    states: &HashMap<String, String>,
    ev: &mut Events,
) -> Result<Resynced, OrderError> {
    if o.status == Status::Held.as_str() {
        return Ok(Resynced::Deferred);
    }
    if o.status != Status::Pending.as_str() {
        return Ok(Resynced::Unchanged);
    }
    let id = OrderId(o.id);
    let its = items(tx, id).await?;
    let mut changed = false;
    for it in its.iter().filter(|i| i.status == "pending") {
        let st: Vec<&str> = unit_ids(it)
            .iter()
            .filter_map(|u| states.get(u).map(String::as_str))
            .collect();
        if st.is_empty() || st.contains(&"unconfirmed") {
            continue;
        }
        let available = st
            .iter()
            .any(|s| *s == "confirmed_available" || *s == "returned");
        if available {
            // Letzshop already confirmed it: reserve its stock, never refuse; a shortage makes
            // it a backorder, reserved when the order ships.
            let short = it.product_id.is_some()
                && matches!(
                    try_reserve_item(tx, o, it, None).await,
                    Err(OrderError::Short(_))
                );
            let d = if short {
                Decision::Backordered
            } else {
                Decision::Confirmed
            };
            decide(tx, o, it, d, ev).await?;
        } else {
            decide(tx, o, it, Decision::Declined, ev).await?;
            close_exception_of_item(tx, it.id).await?;
        }
        changed = true;
    }
    if !changed {
        return Ok(Resynced::Unchanged);
    }
    let its = items(tx, id).await?;
    if !its.iter().any(|i| i.status == "pending") {
        let o = find(tx, StoreId(o.store_id), id).await?;
        if its.iter().any(|i| i.status == "confirmed") {
            transition(
                tx,
                &o,
                Status::Processing,
                Some("Confirmed on Letzshop"),
                ev,
            )
            .await?;
        } else {
            transition(
                tx,
                &o,
                Status::Cancelled,
                Some("Every item was declined on Letzshop"),
                ev,
            )
            .await?;
        }
    }
    Ok(Resynced::Updated)
}
