//! Creating a direct order (phone, e-mail, shop): validated lines and customer, totals
//! computed by the server, one unit of the monthly order quota, idempotent on a key.

use chrono::{DateTime, Utc};
use orion_billing::{Metric, limits};
use orion_customers::CustomerError;
use orion_customers::service::{self as customers, CustomerInput};
use orion_kernel::{Address, CustomerId, FieldError, Invalid, Money, ProductId, StoreRef, UserId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use serde::{Deserialize, Serialize};

use super::steps::{history, included_vat};
use crate::domain::Status;
use crate::entity::{order, order_item};
use crate::error::OrderError;
use crate::events::{Events, Origin};

/// A line of a direct order: a product by id or by SKU.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemIn {
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    pub quantity: i64,
}

/// The customer of a direct order: an existing one by id, or details (upserted by e-mail).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerIn {
    pub id: Option<i64>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub vat_id: Option<String>,
    pub phone: Option<String>,
}

/// `POST /api/v1/store/orders`. Totals are computed by the server; none are accepted.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectOrderIn {
    pub customer: CustomerIn,
    pub billing_address: Option<Address>,
    pub shipping_address: Address,
    pub items: Vec<ItemIn>,
    /// Gross shipping, e.g. `"4.90"`.
    pub shipping_amount: Option<String>,
    /// en, fr or de (default: en).
    pub locale: Option<String>,
    pub notes: Option<String>,
}

pub struct Created {
    pub order: order::Model,
    /// False when an earlier request with the same Idempotency-Key created it.
    pub new: bool,
}

const ORDER_IDEMPOTENCY_LOCK: &str = "orders.idempotency";

fn order_number(store_code: &str, at: DateTime<Utc>) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let suffix: String = (0..6)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!(
        "ORD-{store_code}-{}-{suffix}",
        orion_kernel::time::local_date(at).format("%Y%m%d")
    )
}

fn hash_request(body: &DirectOrderIn) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(serde_json::to_vec(body).unwrap_or_default()))
}

/// Creates a direct order. Consumes one unit of the monthly order quota.
pub async fn create_direct(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    actor: Option<UserId>,
    body: DirectOrderIn,
    idempotency_key: Option<&str>,
) -> Result<Created, OrderError> {
    let hash = hash_request(&body);
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 {
            return Err(Invalid::field("Idempotency-Key", "must be 1–200 characters").into());
        }
        orion_db::lock_text(tx, ORDER_IDEMPOTENCY_LOCK, &format!("{}:{key}", store.id.0)).await?;
        if let Some(existing) = order::Entity::find()
            .filter(order::Column::StoreId.eq(store.id.0))
            .filter(order::Column::IdempotencyKey.eq(key))
            .one(tx)
            .await?
        {
            if existing.request_hash.as_deref() == Some(hash.as_str()) {
                return Ok(Created {
                    order: existing,
                    new: false,
                });
            }
            return Err(Invalid::field(
                "Idempotency-Key",
                "was already used with a different request body",
            )
            .into());
        }
    }
    let Checked {
        shipping,
        billing,
        locale,
        customer,
        priced,
    } = check(tx, store, &body).await?;
    let customer = match customer {
        Some(c) => c,
        None => {
            customers::upsert_by_email(tx, store.id, &customer_input(&body, &shipping, &locale))
                .await
                .map_err(customer_error)?
        }
    };
    limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await?;
    let Priced {
        lines,
        subtotal_cents: subtotal,
        shipping_cents,
        tax_cents: tax,
        total_cents: total,
    } = priced;
    let now = Utc::now();
    let c = &body.customer;
    let o = order::ActiveModel {
        store_id: Set(store.id.0),
        order_number: Set(order_number(&store.code, now)),
        channel: Set("direct".into()),
        status: Set(Status::Pending.as_str().into()),
        customer_id: Set(Some(customer.id)),
        customer_email: Set(customer.email.clone()),
        customer_first_name: Set(c.first_name.clone().or(customer.first_name.clone())),
        customer_last_name: Set(c.last_name.clone().or(customer.last_name.clone())),
        customer_company: Set(c.company.clone().or(customer.company.clone())),
        customer_vat_id: Set(customer.vat_id.clone()),
        customer_phone: Set(c.phone.clone().or(customer.phone.clone())),
        billing_address: Set(billing.as_ref().and_then(|b| serde_json::to_string(b).ok())),
        shipping_address: Set(serde_json::to_string(&shipping).unwrap_or_default()),
        ship_country: Set(shipping.country.clone()),
        ship_postcode: Set(Some(shipping.postal_code.clone())),
        subtotal_cents: Set(subtotal),
        shipping_cents: Set(shipping_cents),
        discount_cents: Set(0),
        tax_cents: Set(tax),
        total_cents: Set(total),
        currency: Set("EUR".into()),
        locale: Set(locale),
        notes: Set(body.notes.clone().filter(|n| !n.trim().is_empty())),
        idempotency_key: Set(idempotency_key.map(Into::into)),
        request_hash: Set(idempotency_key.map(|_| hash.clone())),
        ordered_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|err| {
        if orion_db::errors::is_unique_violation(&err) {
            OrderError::DuplicateNumber
        } else {
            err.into()
        }
    })?;
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(pos, l)| order_item::ActiveModel {
            order_id: Set(o.id),
            store_id: Set(store.id.0),
            product_id: Set(Some(l.product.id)),
            sku: Set(Some(l.product.sku.clone())),
            gtin: Set(l.product.gtin.clone()),
            name: Set(l.name(&o.locale)),
            quantity: Set(l.quantity),
            unit_price_cents: Set(l.unit_cents),
            line_total_cents: Set(l.line_cents),
            vat_rate_class: Set(l.product.vat_rate_class.clone()),
            status: Set("pending".into()),
            external_unit_ids: Set(None),
            position: Set(pos as i32),
            ..Default::default()
        });
    order_item::Entity::insert_many(rows).exec(tx).await?;
    let actor_id = actor.map(|u| u.0);
    history(
        &o,
        None,
        Status::Pending.as_str(),
        actor_id,
        Some("Order created"),
    )
    .insert(tx)
    .await?;
    customers::add_order(tx, store.id, CustomerId(customer.id), total, now).await?;
    let mut ev = Events::new(Origin::Seller, actor);
    ev.created(&o, Status::Pending);
    ev.publish(tx).await?;
    Ok(Created {
        order: o,
        new: true,
    })
}

/// A line of a direct order with its price: the product's sale price, else its price.
#[derive(Debug, Clone)]
pub struct PricedLine {
    pub product: orion_catalog::entity::product::Model,
    pub quantity: i64,
    pub unit_cents: i64,
    pub line_cents: i64,
}

impl PricedLine {
    /// The product's title in `locale` as the order keeps it.
    pub fn name(&self, locale: &str) -> String {
        self.product
            .title_or_fallback(locale)
            .0
            .chars()
            .take(300)
            .collect()
    }
}

/// What a direct order costs, VAT included in the prices (the tax is the VAT they contain).
#[derive(Debug, Clone, Default)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    pub subtotal_cents: i64,
    pub shipping_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
}

/// Prices the lines and the shipping amount of a direct order, reading only: every problem
/// is pushed to `e` (`items`, `items[i]`, `items[i].quantity`, `shipping_amount`) and the
/// totals cover the lines that are valid. Both creating and quoting price through here.
pub async fn price(
    conn: &impl ConnectionTrait,
    store: &StoreRef,
    items: &[ItemIn],
    shipping_amount: Option<&str>,
    e: &mut Vec<FieldError>,
) -> Result<Priced, OrderError> {
    let shipping_cents = match shipping_amount.map(Money::parse) {
        None => 0,
        Some(Ok(m)) if m.cents() >= 0 => m.cents(),
        Some(Ok(_)) => {
            e.push(FieldError::new("shipping_amount", "must not be negative"));
            0
        }
        Some(Err(err)) => {
            e.push(FieldError::new("shipping_amount", err.to_string()));
            0
        }
    };
    if items.is_empty() || items.len() > 200 {
        e.push(FieldError::new("items", "must list 1 to 200 items"));
    }
    let today = orion_kernel::time::local_date(Utc::now());
    let mut out = Priced {
        shipping_cents,
        ..Default::default()
    };
    let mut too_large = false;
    for (i, it) in items.iter().enumerate() {
        if !(1..=100_000).contains(&it.quantity) {
            e.push(FieldError::new(
                format!("items[{i}].quantity"),
                "must be between 1 and 100000",
            ));
            continue;
        }
        let p = match (it.product_id, it.sku.as_deref()) {
            (Some(id), _) => orion_catalog::service::find(conn, store.id, ProductId(id))
                .await
                .ok(),
            (None, Some(sku)) => orion_catalog::service::find_by_sku(conn, store.id, sku).await?,
            (None, None) => {
                e.push(FieldError::new(
                    format!("items[{i}]"),
                    "needs a product_id or a sku",
                ));
                continue;
            }
        };
        let p = match p {
            Some(p) if p.active => p,
            Some(p) => {
                e.push(FieldError::new(
                    format!("items[{i}]"),
                    format!("product {} is inactive", p.sku),
                ));
                continue;
            }
            None => {
                e.push(FieldError::new(
                    format!("items[{i}]"),
                    match it.sku.as_deref() {
                        Some(s) => format!("no product with SKU {s} in this store"),
                        None => "no such product in this store".to_owned(),
                    },
                ));
                continue;
            }
        };
        let unit = p.sale_price_cents.unwrap_or(p.price_cents);
        let Some(line) = unit.checked_mul(it.quantity) else {
            too_large = true;
            continue;
        };
        match out.subtotal_cents.checked_add(line) {
            Some(s) => out.subtotal_cents = s,
            None => too_large = true,
        }
        out.tax_cents += included_vat(&store.country, today, &p.vat_rate_class, line);
        out.lines.push(PricedLine {
            product: p,
            quantity: it.quantity,
            unit_cents: unit,
            line_cents: line,
        });
    }
    out.tax_cents += included_vat(&store.country, today, "standard", shipping_cents);
    match out.subtotal_cents.checked_add(shipping_cents) {
        Some(t) if !too_large => out.total_cents = t,
        _ => e.push(FieldError::new("items", "amount too large")),
    }
    Ok(out)
}

/// A direct order that passed every check of [`create_direct`] but was not written.
struct Checked {
    shipping: Address,
    billing: Option<Address>,
    locale: String,
    /// The existing customer named by id; `None` when the e-mail's customer is upserted.
    customer: Option<orion_customers::entity::customer::Model>,
    priced: Priced,
}

fn customer_input(body: &DirectOrderIn, shipping: &Address, locale: &str) -> CustomerInput {
    let c = &body.customer;
    CustomerInput {
        email: c.email.clone().unwrap_or_default(),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        phone: c.phone.clone(),
        company: c.company.clone(),
        vat_id: c.vat_id.clone(),
        preferred_language: Some(locale.to_owned()),
        address: serde_json::to_value(shipping).ok(),
        ..Default::default()
    }
}

fn customer_error(err: CustomerError) -> OrderError {
    match err {
        CustomerError::Invalid(i) => OrderError::Invalid(i.under("customer")),
        other => other.into(),
    }
}

/// Every check of a direct order, reading only, in the order [`create_direct`] makes them.
async fn check(
    conn: &impl ConnectionTrait,
    store: &StoreRef,
    body: &DirectOrderIn,
) -> Result<Checked, OrderError> {
    let mut e = Vec::new();
    let shipping = body
        .shipping_address
        .clone()
        .validated("shipping_address", &mut e);
    let billing = body
        .billing_address
        .clone()
        .map(|b| b.validated("billing_address", &mut e));
    let locale = body
        .locale
        .clone()
        .map(|l| l.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "en".into());
    if !matches!(locale.as_str(), "en" | "fr" | "de") {
        e.push(FieldError::new("locale", "must be en, fr or de"));
    }
    let priced = price(
        conn,
        store,
        &body.items,
        body.shipping_amount.as_deref(),
        &mut e,
    )
    .await?;
    let customer = match (&body.customer.id, &body.customer.email) {
        (Some(id), _) => Some(
            customers::find(conn, store.id, CustomerId(*id))
                .await
                .map_err(|_| Invalid::field("customer.id", "no such customer in this store"))?,
        ),
        (None, Some(_)) => None,
        (None, None) => {
            e.push(FieldError::new(
                "customer.email",
                "is required (or give customer.id)",
            ));
            None
        }
    };
    Invalid::check(e)?;
    if customer.is_none() {
        customer_input(body, &shipping, &locale)
            .validate("customer.")
            .map_err(customer_error)?;
    }
    Ok(Checked {
        shipping,
        billing,
        locale,
        customer,
        priced,
    })
}

/// Prices a direct order as [`create_direct`] would, with the same checks and problems,
/// without writing anything: no order, no customer, no quota consumed.
pub async fn quote_direct(
    conn: &impl ConnectionTrait,
    store: &StoreRef,
    body: &DirectOrderIn,
) -> Result<(Priced, String), OrderError> {
    let c = check(conn, store, body).await?;
    Ok((c.priced, c.locale))
}
