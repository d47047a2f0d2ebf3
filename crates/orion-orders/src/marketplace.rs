//! Marketplace orders (Letzshop): one order per shipment, idempotent on the shipment id.
//! Items are matched to products by GTIN, then SKU; an unmatched item is kept without a
//! product and opens an exception. Over the monthly order limit the order is kept as `held`.

use chrono::{DateTime, Utc};
use orion_billing::{Metric, limits};
use orion_customers::service::{self as customers, CustomerInput};
use orion_kernel::StoreId;
use orion_web::ApiError;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

// MarketplaceItem is serialisable for logging; the order itself carries a CustomerInput.

use crate::domain::Status;
use crate::entity::{order, order_exception, order_history, order_item};
use crate::service::{Address, StoreRef, db, find};

/// One marketplace line: the units of one variant (quantity = number of units).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MarketplaceItem {
    pub gtin: Option<String>,
    pub sku: Option<String>,
    pub name: String,
    pub unit_price_cents: i64,
    pub unit_ids: Vec<String>,
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created,
    Held,
    Existing,
}

/// The store's products matching a batch of marketplace items (by GTIN, then SKU), loaded in
/// one query so that a page of shipments does not query the catalog per item.
pub struct Matcher {
    by_gtin: std::collections::HashMap<String, orion_catalog::entity::product::Model>,
    by_sku: std::collections::HashMap<String, orion_catalog::entity::product::Model>,
}

impl Matcher {
    pub async fn load(
        conn: &impl sea_orm::ConnectionTrait,
        store: StoreId,
        orders: &[&MarketplaceOrder],
    ) -> Result<Self, ApiError> {
        let items = || orders.iter().flat_map(|o| o.items.iter());
        let gtins: Vec<String> = items()
            .filter_map(|i| i.gtin.as_ref().map(|g| g.trim().to_owned()))
            .collect();
        let skus: Vec<String> = items()
            .filter_map(|i| i.sku.as_ref().map(|s| s.trim().to_owned()))
            .collect();
        let mut m = Matcher {
            by_gtin: Default::default(),
            by_sku: Default::default(),
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
    pub fn find(
        &self,
        gtin: Option<&str>,
        sku: Option<&str>,
    ) -> Option<&orion_catalog::entity::product::Model> {
        gtin.and_then(|g| self.by_gtin.get(g.trim()))
            .or_else(|| sku.and_then(|s| self.by_sku.get(s.trim())))
    }
}

/// Imports one shipment as an order (or finds the order it already is).
pub async fn import(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
) -> Result<(order::Model, Imported), ApiError> {
    import_with_stats(tx, store, m)
        .await
        .map(|(o, i, _)| (o, i))
}

/// [`import`], also telling how many items matched no product (exceptions opened).
pub async fn import_with_stats(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
) -> Result<(order::Model, Imported, usize), ApiError> {
    let matcher = Matcher::load(tx, store.id, &[m]).await?;
    import_matched(tx, store, m, &matcher).await
}

/// [`import_with_stats`] with the products of the batch already loaded.
pub async fn import_matched(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
    matcher: &Matcher,
) -> Result<(order::Model, Imported, usize), ApiError> {
    import_prepared(tx, store, m, matcher, true, false).await
}

/// For batch importers: `check_existing = false` when the caller already knows the shipment
/// is new (the unique index still refuses a duplicate); `quota_consumed = true` when the
/// caller consumed the monthly quota for this order already (e.g. for a whole page at once).
pub async fn import_prepared(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    m: &MarketplaceOrder,
    matcher: &Matcher,
    check_existing: bool,
    quota_consumed: bool,
) -> Result<(order::Model, Imported, usize), ApiError> {
    if check_existing
        && let Some(existing) = order::Entity::find()
            .filter(order::Column::StoreId.eq(store.id.0))
            .filter(order::Column::ExternalShipmentId.eq(m.external_shipment_id.clone()))
            .one(tx)
            .await
            .map_err(db)?
    {
        return Ok((existing, Imported::Existing, 0));
    }
    let mut exceptions = 0usize;
    let customer = customers::upsert_by_email(tx, store.id, &m.customer).await?;
    let status = if quota_consumed {
        Status::Pending
    } else {
        match limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await {
            Ok(_) => Status::Pending,
            Err(orion_billing::BillingError::LimitExceeded { .. }) => Status::Held,
            Err(e) => return Err(e.into()),
        }
    };
    let subtotal: i64 = m
        .items
        .iter()
        .map(|i| i.unit_price_cents * i.unit_ids.len().max(1) as i64)
        .sum();
    let now = Utc::now();
    // The VAT included, estimated at the store's rates like direct orders (the invoice decides).
    let day = orion_kernel::time::local_date(m.ordered_at);
    let tax: i64 = m
        .items
        .iter()
        .map(|it| {
            let class = matcher
                .find(it.gtin.as_deref(), it.sku.as_deref())
                .map(|p| p.vat_rate_class.clone())
                .unwrap_or_else(|| "standard".into());
            let line = it.unit_price_cents * it.unit_ids.len().max(1) as i64;
            crate::service::included_vat(&store.country, day, &class, line)
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
    .await
    .map_err(db)?;
    // All lines in one statement; the unmatched ones get their exceptions in a second one.
    let mut rows = Vec::with_capacity(m.items.len());
    for (pos, it) in m.items.iter().enumerate() {
        let product = matcher.find(it.gtin.as_deref(), it.sku.as_deref());
        let qty = it.unit_ids.len().max(1) as i64;
        if product.is_none() {
            exceptions += 1;
        }
        rows.push(order_item::ActiveModel {
            order_id: Set(o.id),
            store_id: Set(store.id.0),
            product_id: Set(product.as_ref().map(|p| p.id)),
            sku: Set(it.sku.clone()),
            gtin: Set(it.gtin.clone()),
            name: Set(it.name.chars().take(300).collect()),
            quantity: Set(qty),
            unit_price_cents: Set(it.unit_price_cents),
            line_total_cents: Set(it.unit_price_cents * qty),
            vat_rate_class: Set(product
                .as_ref()
                .map(|p| p.vat_rate_class.clone())
                .unwrap_or_else(|| "standard".into())),
            status: Set("pending".into()),
            external_unit_ids: Set(serde_json::to_string(&it.unit_ids).ok()),
            position: Set(pos as i32),
            ..Default::default()
        });
    }
    if !rows.is_empty() {
        order_item::Entity::insert_many(rows)
            .exec(tx)
            .await
            .map_err(db)?;
    }
    if exceptions > 0 {
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
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
            .and_where(Expr::col(order_item::Column::OrderId).eq(o.id))
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
            .map_err(|e| ApiError::internal(e.to_string()))?
            .to_owned();
        sea_orm::ConnectionTrait::execute(tx, &insert)
            .await
            .map_err(db)?;
    }
    let note = if status == Status::Held {
        "Imported and held: the plan's monthly order limit is reached"
    } else {
        "Imported from the marketplace"
    };
    order_history::ActiveModel {
        order_id: Set(o.id),
        store_id: Set(store.id.0),
        from_status: Set(None),
        to_status: Set(status.as_str().into()),
        actor_user_id: Set(None),
        note: Set(Some(note.into())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(db)?;
    if status == Status::Pending {
        customers::add_order(tx, store.id, customer.id, subtotal, m.ordered_at).await?;
    }
    Ok((
        o,
        if status == Status::Held {
            Imported::Held
        } else {
            Imported::Created
        },
        exceptions,
    ))
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

/// Re-sync of an imported shipment: the marketplace's unit states (`unit id → state`) decide
/// items still pending here (all units `confirmed_available` → confirmed, reserving stock
/// when there is some; all `confirmed_unavailable` → declined); the order then follows the
/// mapping of letzshop.md (any confirmed → processing, all declined → cancelled). Decisions
/// taken here are never undone by an older marketplace state, and items are never duplicated.
pub async fn apply_unit_states(
    tx: &DatabaseTransaction,
    store: StoreId,
    order_id: i64,
    states: &std::collections::HashMap<String, String>,
) -> Result<Resynced, ApiError> {
    let o = find(tx, store, order_id).await?;
    if o.status == Status::Held.as_str() {
        return Ok(Resynced::Deferred);
    }
    if o.status != Status::Pending.as_str() {
        return Ok(Resynced::Unchanged);
    }
    let its = crate::service::items(tx, o.id).await?;
    let mut changed = false;
    for it in its.iter().filter(|i| i.status == "pending") {
        let units: Vec<String> = it
            .external_unit_ids
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let st: Vec<&str> = units
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
            let short = match it.product_id {
                Some(_) => matches!(
                    crate::service::reserve_for_remote(tx, &o, it).await,
                    Err(e) if e.extensions.contains_key("available")
                ),
                None => false,
            };
            if short {
                crate::service::set_backordered_pub(tx, it).await?;
            } else {
                crate::service::set_item_status_pub(tx, it, "confirmed").await?;
            }
        } else {
            crate::service::set_item_status_pub(tx, it, "declined").await?;
            order_exception::Entity::update_many()
                .col_expr(
                    order_exception::Column::Status,
                    sea_orm::sea_query::Expr::value("resolved"),
                )
                .col_expr(
                    order_exception::Column::ResolvedAt,
                    sea_orm::sea_query::Expr::value(Utc::now()),
                )
                .filter(order_exception::Column::OrderItemId.eq(it.id))
                .filter(order_exception::Column::Status.eq("open"))
                .exec(tx)
                .await
                .map_err(db)?;
        }
        changed = true;
    }
    if !changed {
        return Ok(Resynced::Unchanged);
    }
    let its = crate::service::items(tx, o.id).await?;
    if !its.iter().any(|i| i.status == "pending") {
        let o = find(tx, store, order_id).await?;
        if its.iter().any(|i| i.status == "confirmed") {
            crate::service::transition_pub(
                tx,
                &o,
                Status::Processing,
                Some("Confirmed on Letzshop"),
            )
            .await?;
        } else {
            crate::service::transition_pub(
                tx,
                &o,
                Status::Cancelled,
                Some("Every item was declined on Letzshop"),
            )
            .await?;
        }
    }
    Ok(Resynced::Updated)
}
