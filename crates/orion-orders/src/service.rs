//! Order use cases. Every state change happens in one write transaction together with its
//! stock effect (inventory service), quota consumption (billing), customer statistics
//! (customers service) and history entry.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use orion_billing::{Metric, limits};
use orion_customers::service::{self as customers, CustomerInput, Stats};
use orion_inventory::service::{self as inventory, Actor};
use orion_kernel::{FieldError, MerchantId, Money, Pagination, StoreId};
use orion_web::{ApiError, ProblemKind};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::domain::{Action, Status};
use crate::entity::{order, order_exception, order_history, order_item, order_settings};

pub(crate) fn db(e: DbErr) -> ApiError {
    orion_web::problem::internal_db(e)
}

/// The store an operation runs in, as the token (or the sync worker) knows it.
#[derive(Debug, Clone)]
pub struct StoreRef {
    pub id: StoreId,
    pub merchant: MerchantId,
    pub code: String,
    pub country: String,
}

/// A postal address as orders snapshot it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: Option<String>,
    pub company: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

impl Address {
    fn validate(mut self, prefix: &str, e: &mut Vec<FieldError>) -> Address {
        let trim = |s: &mut String| *s = s.trim().to_owned();
        trim(&mut self.street);
        trim(&mut self.postal_code);
        trim(&mut self.city);
        self.country = self.country.trim().to_ascii_uppercase();
        for (f, v, max) in [
            ("street", &self.street, 200),
            ("postal_code", &self.postal_code, 20),
            ("city", &self.city, 100),
        ] {
            if v.is_empty() {
                e.push(FieldError::new(format!("{prefix}.{f}"), "is required"));
            } else if v.chars().count() > max {
                e.push(FieldError::new(
                    format!("{prefix}.{f}"),
                    format!("must be at most {max} characters"),
                ));
            }
        }
        if !(self.country.len() == 2 && self.country.bytes().all(|b| b.is_ascii_uppercase())) {
            e.push(FieldError::new(
                format!("{prefix}.country"),
                "must be a two-letter ISO country code such as LU",
            ));
        }
        self.name = self
            .name
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        self.company = self
            .company
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        self
    }
}

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

fn history(
    order: &order::Model,
    from: Option<&str>,
    to: &str,
    actor: Option<i64>,
    note: Option<&str>,
) -> order_history::ActiveModel {
    order_history::ActiveModel {
        order_id: Set(order.id),
        store_id: Set(order.store_id),
        from_status: Set(from.map(Into::into)),
        to_status: Set(to.into()),
        actor_user_id: Set(actor),
        note: Set(note.map(|n| n.chars().take(1000).collect())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

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

/// VAT included in a gross amount at the store's rate for the class (an estimate shown on
/// the order; the invoice decides the regime).
pub(crate) fn included_vat(country: &str, date: NaiveDate, class: &str, gross: i64) -> i64 {
    let (Ok(c), Ok(k)) = (
        orion_vat::CountryCode::parse(country),
        class.parse::<orion_vat::RateClass>(),
    ) else {
        return 0;
    };
    orion_vat::rate_on(c, date, k)
        .ok()
        .and_then(|r| orion_vat::rounding::vat_from_gross(gross, r).ok())
        .unwrap_or(0)
}

fn hash_request(body: &DirectOrderIn) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(serde_json::to_vec(body).unwrap_or_default()))
}

fn key_lock_id(key: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(key.as_bytes());
    i64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) & 0x0000_FFFF_FFFF_FFFF
}

pub struct Created {
    pub order: order::Model,
    /// False when an earlier request with the same Idempotency-Key created it.
    pub new: bool,
}

/// Creates a direct order (phone, e-mail, shop). Consumes one unit of the monthly order quota.
pub async fn create_direct(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    actor: Option<i64>,
    body: DirectOrderIn,
    idempotency_key: Option<&str>,
) -> Result<Created, ApiError> {
    let hash = hash_request(&body);
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 {
            return Err(ApiError::field(
                "Idempotency-Key",
                "must be 1–200 characters",
            ));
        }
        orion_db::lock_key(
            tx,
            orion_db::lock_ns::ORDER_IDEMPOTENCY,
            key_lock_id(&format!("{}:{key}", store.id.0)),
        )
        .await
        .map_err(db)?;
        if let Some(existing) = order::Entity::find()
            .filter(order::Column::StoreId.eq(store.id.0))
            .filter(order::Column::IdempotencyKey.eq(key))
            .one(tx)
            .await
            .map_err(db)?
        {
            if existing.request_hash.as_deref() == Some(hash.as_str()) {
                return Ok(Created {
                    order: existing,
                    new: false,
                });
            }
            return Err(ApiError::field(
                "Idempotency-Key",
                "was already used with a different request body",
            ));
        }
    }
    let mut e = Vec::new();
    let shipping = body
        .shipping_address
        .clone()
        .validate("shipping_address", &mut e);
    let billing = body
        .billing_address
        .clone()
        .map(|b| b.validate("billing_address", &mut e));
    let locale = body
        .locale
        .clone()
        .map(|l| l.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "en".into());
    if !matches!(locale.as_str(), "en" | "fr" | "de") {
        e.push(FieldError::new("locale", "must be en, fr or de"));
    }
    let shipping_cents = match body.shipping_amount.as_deref().map(Money::parse) {
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
    if body.items.is_empty() || body.items.len() > 200 {
        e.push(FieldError::new("items", "must list 1 to 200 items"));
    }
    let today = orion_kernel::time::local_date(Utc::now());
    let mut lines = Vec::new();
    for (i, it) in body.items.iter().enumerate() {
        if !(1..=100_000).contains(&it.quantity) {
            e.push(FieldError::new(
                format!("items[{i}].quantity"),
                "must be between 1 and 100000",
            ));
            continue;
        }
        let p = match (it.product_id, it.sku.as_deref()) {
            (Some(id), _) => orion_catalog::service::find(tx, store.id, id).await.ok(),
            (None, Some(sku)) => orion_catalog::service::find_by_sku(tx, store.id, sku).await?,
            (None, None) => {
                e.push(FieldError::new(
                    format!("items[{i}]"),
                    "needs a product_id or a sku",
                ));
                continue;
            }
        };
        match p {
            Some(p) if p.active => lines.push((p, it.quantity)),
            Some(p) => e.push(FieldError::new(
                format!("items[{i}]"),
                format!("product {} is inactive", p.sku),
            )),
            None => e.push(FieldError::new(
                format!("items[{i}]"),
                match it.sku.as_deref() {
                    Some(s) => format!("no product with SKU {s} in this store"),
                    None => "no such product in this store".to_owned(),
                },
            )),
        }
    }
    let customer = match (&body.customer.id, &body.customer.email) {
        (Some(id), _) => Some(
            customers::find(tx, store.id, *id)
                .await
                .map_err(|_| ApiError::field("customer.id", "no such customer in this store"))?,
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
    if !e.is_empty() {
        return Err(ApiError::validation(e));
    }
    let customer = match customer {
        Some(c) => c,
        None => {
            let c = &body.customer;
            let input = CustomerInput {
                email: c.email.clone().unwrap_or_default(),
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                phone: c.phone.clone(),
                company: c.company.clone(),
                vat_id: c.vat_id.clone(),
                preferred_language: Some(locale.clone()),
                address: serde_json::to_value(&shipping).ok(),
                ..Default::default()
            };
            customers::upsert_by_email(tx, store.id, &input)
                .await
                .map_err(|mut err| {
                    for f in &mut err.errors {
                        if !f.field.starts_with("customer.") {
                            f.field = format!("customer.{}", f.field);
                        }
                    }
                    err
                })?
        }
    };
    limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await?;
    let mut subtotal = 0i64;
    let mut tax = 0i64;
    let mut items = Vec::new();
    for (p, qty) in &lines {
        let unit = p.sale_price_cents.unwrap_or(p.price_cents);
        let line = unit
            .checked_mul(*qty)
            .ok_or_else(|| ApiError::field("items", "amount too large"))?;
        subtotal = subtotal
            .checked_add(line)
            .ok_or_else(|| ApiError::field("items", "amount too large"))?;
        tax += included_vat(&store.country, today, &p.vat_rate_class, line);
        items.push((p.clone(), *qty, unit, line));
    }
    tax += included_vat(&store.country, today, "standard", shipping_cents);
    let total = subtotal + shipping_cents;
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
        orion_web::problem::db_error(err, "An order with this number already exists; retry")
    })?;
    for (pos, (p, qty, unit, line)) in items.into_iter().enumerate() {
        order_item::ActiveModel {
            order_id: Set(o.id),
            store_id: Set(store.id.0),
            product_id: Set(Some(p.id)),
            sku: Set(Some(p.sku.clone())),
            gtin: Set(p.gtin.clone()),
            name: Set(p.title_or_fallback(&o.locale).0.chars().take(300).collect()),
            quantity: Set(qty),
            unit_price_cents: Set(unit),
            line_total_cents: Set(line),
            vat_rate_class: Set(p.vat_rate_class.clone()),
            status: Set("pending".into()),
            external_unit_ids: Set(None),
            position: Set(pos as i32),
            ..Default::default()
        }
        .insert(tx)
        .await
        .map_err(db)?;
    }
    history(
        &o,
        None,
        Status::Pending.as_str(),
        actor,
        Some("Order created"),
    )
    .insert(tx)
    .await
    .map_err(db)?;
    customers::add_order(tx, store.id, customer.id, total, now).await?;
    Ok(Created {
        order: o,
        new: true,
    })
}

/// An order of the store by id (another store's id is not found).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<order::Model, ApiError> {
    order::Entity::find_by_id(id)
        .filter(order::Column::StoreId.eq(store.0))
        .one(conn)
        .await
        .map_err(db)?
        .ok_or_else(|| ApiError::not_found("Order"))
}

pub async fn items(
    conn: &impl ConnectionTrait,
    order: i64,
) -> Result<Vec<order_item::Model>, ApiError> {
    order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order))
        .order_by_asc(order_item::Column::Position)
        .all(conn)
        .await
        .map_err(db)
}

/// Items of several orders, grouped by order, in line order.
pub async fn items_of_orders(
    conn: &impl ConnectionTrait,
    orders: &[i64],
) -> Result<HashMap<i64, Vec<order_item::Model>>, ApiError> {
    let mut out: HashMap<i64, Vec<order_item::Model>> = HashMap::new();
    if orders.is_empty() {
        return Ok(out);
    }
    let rows = order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(orders.iter().copied()))
        .order_by_asc(order_item::Column::OrderId)
        .order_by_asc(order_item::Column::Position)
        .all(conn)
        .await
        .map_err(db)?;
    for r in rows {
        out.entry(r.order_id).or_default().push(r);
    }
    Ok(out)
}

pub async fn history_of(
    conn: &impl ConnectionTrait,
    order: i64,
) -> Result<Vec<order_history::Model>, ApiError> {
    order_history::Entity::find()
        .filter(order_history::Column::OrderId.eq(order))
        .order_by_asc(order_history::Column::Id)
        .all(conn)
        .await
        .map_err(db)
}

pub async fn exceptions_of(
    conn: &impl ConnectionTrait,
    order: i64,
) -> Result<Vec<order_exception::Model>, ApiError> {
    order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(order))
        .order_by_asc(order_exception::Column::Id)
        .all(conn)
        .await
        .map_err(db)
}

fn status_of(o: &order::Model) -> Status {
    Status::parse(&o.status).unwrap_or(Status::Pending)
}

fn refused(o: &order::Model, action: Action) -> ApiError {
    let s = status_of(o);
    let allowed = s.allowed();
    ApiError::conflict(format!(
        "Cannot {} an order that is {}; allowed now: {}",
        action.as_str(),
        s.as_str(),
        if allowed.is_empty() {
            "nothing (final state)".to_owned()
        } else {
            allowed.join(", ")
        }
    ))
    .with_extension("status", s.as_str())
    .with_extension("allowed", allowed)
}

/// Moves the order to `to`, with the timestamp of that status and a history entry. The
/// update is conditional on the status read, so two concurrent transitions cannot both apply.
async fn transition(
    tx: &DatabaseTransaction,
    o: &order::Model,
    to: Status,
    actor: Option<i64>,
    note: Option<&str>,
) -> Result<order::Model, ApiError> {
    let now = Utc::now();
    let mut q = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Status.eq(o.status.clone()));
    let stamp = match to {
        Status::Processing => Some(order::Column::ConfirmedAt),
        Status::Shipped => Some(order::Column::ShippedAt),
        Status::Delivered => Some(order::Column::DeliveredAt),
        Status::Cancelled => Some(order::Column::CancelledAt),
        Status::Refunded => Some(order::Column::RefundedAt),
        _ => None,
    };
    if let Some(c) = stamp {
        q = q.col_expr(c, Expr::value(now));
    }
    if to != Status::Held {
        q = q.col_expr(
            order::Column::HeldReason,
            Expr::value(Option::<String>::None),
        );
    }
    let res = q.exec(tx).await.map_err(db)?;
    if res.rows_affected != 1 {
        return Err(ApiError::conflict(
            "The order changed meanwhile; reload and try again",
        ));
    }
    history(o, Some(&o.status), to.as_str(), actor, note)
        .insert(tx)
        .await
        .map_err(db)?;
    let after = find(tx, StoreId(o.store_id), o.id).await?;
    if status_of(o).counts() != to.counts()
        && let Some(c) = o.customer_id
    {
        refresh_customer(tx, StoreId(o.store_id), c).await?;
    }
    Ok(after)
}

/// Recomputes one customer's statistics from their orders (after cancellations, refunds,
/// releases — the changes an increment cannot express).
pub async fn refresh_customer(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: i64,
) -> Result<(), ApiError> {
    let stats = stats_from_orders(conn, store, Some(customer))
        .await?
        .remove(&customer)
        .unwrap_or_default();
    customers::set_stats(conn, store, customer, &stats).await
}

#[derive(Debug, FromQueryResult)]
struct StatRow {
    customer_id: i64,
    n: i64,
    spent: Option<i64>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

const COUNTED: [&str; 5] = [
    "pending",
    "processing",
    "partially_shipped",
    "shipped",
    "delivered",
];

async fn stats_from_orders(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: Option<i64>,
) -> Result<HashMap<i64, Stats>, ApiError> {
    let mut q = order::Entity::find()
        .select_only()
        .column(order::Column::CustomerId)
        .column_as(Expr::col(order::Column::Id).count(), "n")
        .column_as(
            Expr::expr(Func::cast_as(
                Func::sum(Expr::col(order::Column::TotalCents)),
                sea_orm::sea_query::Alias::new("BIGINT"),
            )),
            "spent",
        )
        .column_as(Expr::col(order::Column::OrderedAt).min(), "first")
        .column_as(Expr::col(order::Column::OrderedAt).max(), "last")
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::CustomerId.is_not_null())
        .filter(order::Column::Status.is_in(COUNTED))
        .group_by(order::Column::CustomerId);
    if let Some(c) = customer {
        q = q.filter(order::Column::CustomerId.eq(c));
    }
    let rows = q.into_model::<StatRow>().all(conn).await.map_err(db)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.customer_id,
                Stats {
                    total_orders: r.n,
                    total_spent_cents: r.spent.unwrap_or(0),
                    first_order_at: r.first,
                    last_order_at: r.last,
                },
            )
        })
        .collect())
}

/// `orion customers recompute-stats`: every customer of the store from their orders.
/// Returns how many customers were written.
pub async fn recompute_all(conn: &impl ConnectionTrait, store: StoreId) -> Result<u64, ApiError> {
    let stats = stats_from_orders(conn, store, None).await?;
    let mut n = 0;
    let mut after = 0i64;
    loop {
        // The customer ids come from the customers module's own list function.
        let ids = customers::ids_after(conn, store, after, 1000).await?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        for id in ids {
            customers::set_stats(
                conn,
                store,
                id,
                &stats.get(&id).cloned().unwrap_or_default(),
            )
            .await?;
            n += 1;
        }
        after = last;
    }
    Ok(n)
}

fn stock_actor(o: &order::Model, item: Option<&order_item::Model>, user: Option<i64>) -> Actor {
    Actor {
        user_id: user,
        order_id: Some(o.id),
        order_item_id: item.map(|i| i.id),
        reference: Some(o.order_number.clone()),
        reason: None,
    }
}

/// Open exceptions block confirmation; first try to resolve them against the catalog
/// (a product created later with the GTIN or SKU resolves them).
async fn ensure_no_exceptions(tx: &DatabaseTransaction, o: &order::Model) -> Result<(), ApiError> {
    auto_resolve(tx, StoreId(o.store_id), Some(o.id)).await?;
    let open = order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(o.id))
        .filter(order_exception::Column::Status.eq("open"))
        .count(tx)
        .await
        .map_err(db)?;
    if open > 0 {
        return Err(ApiError::conflict(format!(
            "{open} item(s) match no product; map them to a product (or create it) before confirming"
        ))
        .with_extension("open_exceptions", open));
    }
    Ok(())
}

async fn reserve_item(
    tx: &DatabaseTransaction,
    o: &order::Model,
    it: &order_item::Model,
    user: Option<i64>,
) -> Result<(), ApiError> {
    let Some(pid) = it.product_id else {
        return Err(ApiError::conflict(format!(
            "Item {} matches no product yet",
            it.name
        )));
    };
    let p = orion_catalog::service::find(tx, StoreId(o.store_id), pid).await?;
    if !p.is_stocked() {
        return Ok(());
    }
    inventory::reserve(
        tx,
        StoreId(o.store_id),
        pid,
        None,
        it.quantity,
        &stock_actor(o, Some(it), user),
    )
    .await
    .map(|_| ())
    .map_err(|e| {
        if e.kind == ProblemKind::Conflict {
            let available = e
                .extensions
                .get("available")
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            ApiError::conflict(format!(
                "Not enough stock for {} ({}): {} requested, {available} available",
                it.name,
                it.sku.as_deref().unwrap_or("-"),
                it.quantity
            ))
            .with_extension("item_id", it.id)
            .with_extension("requested", it.quantity)
            .with_extension("available", available)
        } else {
            e
        }
    })
}

async fn set_item_status(
    tx: &DatabaseTransaction,
    it: &order_item::Model,
    status: &str,
) -> Result<(), ApiError> {
    let mut a: order_item::ActiveModel = it.clone().into();
    a.status = Set(status.into());
    a.update(tx).await.map_err(db)?;
    Ok(())
}

/// Marks a confirmed item as backordered: confirmed without a reservation.
async fn set_backordered(
    tx: &DatabaseTransaction,
    it: &order_item::Model,
    backordered: bool,
) -> Result<(), ApiError> {
    let mut a: order_item::ActiveModel = it.clone().into();
    a.status = Set("confirmed".into());
    a.backordered = Set(backordered);
    a.update(tx).await.map_err(db)?;
    Ok(())
}

/// Whether the store confirms items without enough stock as backorders.
pub async fn allow_backorders(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<bool, ApiError> {
    Ok(order_settings::Entity::find_by_id(store.0)
        .one(conn)
        .await
        .map_err(db)?
        .is_some_and(|s| s.allow_backorders))
}

/// Saves the store's order settings.
pub async fn set_allow_backorders(
    conn: &impl ConnectionTrait,
    store: StoreId,
    allow: bool,
) -> Result<(), ApiError> {
    let row = order_settings::ActiveModel {
        store_id: Set(store.0),
        allow_backorders: Set(allow),
        updated_at: Set(Utc::now()),
    };
    order_settings::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(order_settings::Column::StoreId)
                .update_columns([
                    order_settings::Column::AllowBackorders,
                    order_settings::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Confirms every pending item (reserving stock) and moves the order to processing. If an
/// item lacks stock, nothing is reserved and the refusal names every short item — unless
/// the store allows backorders: then short items are confirmed without a reservation and
/// flagged `backordered` (stock never goes negative; they are reserved when shipping).
pub async fn confirm(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o).after(Action::Confirm).is_none() {
        return Err(refused(&o, Action::Confirm));
    }
    ensure_no_exceptions(tx, &o).await?;
    let its = items(tx, o.id).await?;
    let mut short = Vec::new();
    let mut short_products = std::collections::HashSet::new();
    for it in its.iter().filter(|i| i.status == "pending") {
        if let Some(pid) = it.product_id {
            let p = orion_catalog::service::find(tx, store, pid).await?;
            if p.is_stocked() {
                let available: i64 = inventory::levels(tx, store, Some(pid), None)
                    .await?
                    .iter()
                    .map(|l| l.available())
                    .sum();
                // Several lines of one product share the same stock.
                let wanted: i64 = its
                    .iter()
                    .filter(|x| x.status == "pending" && x.product_id == Some(pid))
                    .map(|x| x.quantity)
                    .sum();
                if wanted > available {
                    short_products.insert(pid);
                    short.push(FieldError::new(
                        format!("items[{}]", it.position),
                        format!(
                            "{} ({}): {} requested, {available} available",
                            it.name,
                            it.sku.as_deref().unwrap_or("-"),
                            it.quantity
                        ),
                    ));
                }
            }
        }
    }
    let backorders = !short.is_empty() && allow_backorders(tx, store).await?;
    if !short.is_empty() && !backorders {
        let mut e = ApiError::conflict(format!(
            "Not enough stock to confirm {} item(s); nothing was reserved",
            short.len()
        ))
        .with_extension("backorders", "off");
        e.errors = short;
        return Err(e);
    }
    for it in its.iter().filter(|i| i.status == "pending") {
        if it.product_id.is_some_and(|p| short_products.contains(&p)) {
            set_backordered(tx, it, true).await?;
        } else {
            reserve_item(tx, &o, it, user).await?;
            set_item_status(tx, it, "confirmed").await?;
        }
    }
    let note = backorders.then(|| format!("{} item(s) backordered", short.len()));
    if its.iter().all(|i| i.status == "declined") {
        return transition(
            tx,
            &o,
            Status::Cancelled,
            user,
            Some("Every item was declined"),
        )
        .await;
    }
    transition(tx, &o, Status::Processing, user, note.as_deref()).await
}

/// Confirms (reserving its stock) or declines one item; when every item is decided the order
/// moves to processing, or to cancelled when all were declined.
pub async fn decide_item(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    item_id: i64,
    confirm: bool,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o) != Status::Pending {
        return Err(ApiError::conflict(format!(
            "Items can be confirmed or declined while the order is pending; it is {}",
            o.status
        ))
        .with_extension("status", o.status.clone()));
    }
    let its = items(tx, o.id).await?;
    let it = its
        .iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| ApiError::not_found("Order item"))?;
    if it.status != "pending" {
        return Err(ApiError::conflict(format!(
            "The item is already {}",
            it.status
        )));
    }
    if confirm {
        ensure_no_exceptions(tx, &o).await?;
        let it = order_item::Entity::find_by_id(item_id)
            .one(tx)
            .await
            .map_err(db)?
            .ok_or_else(|| ApiError::not_found("Order item"))?;
        match reserve_item(tx, &o, &it, user).await {
            Ok(()) => set_item_status(tx, &it, "confirmed").await?,
            Err(e)
                if e.extensions.contains_key("available")
                    && allow_backorders(tx, store).await? =>
            {
                set_backordered(tx, &it, true).await?
            }
            Err(e) => return Err(e),
        }
    } else {
        set_item_status(tx, it, "declined").await?;
        // A declined unmatched item needs no product any more.
        order_exception::Entity::update_many()
            .col_expr(order_exception::Column::Status, Expr::value("resolved"))
            .col_expr(order_exception::Column::ResolvedAt, Expr::value(Utc::now()))
            .filter(order_exception::Column::OrderItemId.eq(item_id))
            .filter(order_exception::Column::Status.eq("open"))
            .exec(tx)
            .await
            .map_err(db)?;
    }
    let its = items(tx, o.id).await?;
    if its.iter().any(|i| i.status == "pending") {
        return find(tx, store, id).await;
    }
    if its.iter().any(|i| i.status == "confirmed") {
        transition(tx, &o, Status::Processing, user, None).await
    } else {
        transition(
            tx,
            &o,
            Status::Cancelled,
            user,
            Some("Every item was declined"),
        )
        .await
    }
}

/// Ships the order: fulfils the stock reserved for its confirmed items.
pub async fn ship(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    tracking: Option<String>,
    carrier: Option<String>,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o).after(Action::Ship).is_none() {
        return Err(refused(&o, Action::Ship));
    }
    let clean = |v: Option<String>, field: &str, max: usize| -> Result<Option<String>, ApiError> {
        match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
            Some(s) if s.chars().count() > max => Err(ApiError::field(
                field,
                format!("must be at most {max} characters"),
            )),
            other => Ok(other),
        }
    };
    let tracking = clean(tracking, "tracking_number", 100)?;
    let carrier = clean(carrier, "carrier", 50)?;
    // Backordered items take their stock now, or the order cannot ship yet.
    for it in items(tx, o.id)
        .await?
        .iter()
        .filter(|i| i.status == "confirmed" && i.backordered)
    {
        reserve_item(tx, &o, it, user).await.map_err(|e| {
            if e.extensions.contains_key("available") {
                let mut c = ApiError::conflict(format!(
                    "Cannot ship yet: {} is backordered. {}",
                    it.name, e.detail
                ));
                c.extensions = e.extensions;
                c
            } else {
                e
            }
        })?;
        set_backordered(tx, it, false).await?;
    }
    for it in items(tx, o.id)
        .await?
        .iter()
        .filter(|i| i.status == "confirmed")
    {
        inventory::fulfil(tx, store, it.id, &stock_actor(&o, Some(it), user)).await?;
    }
    let mut a: order::ActiveModel = o.clone().into();
    a.tracking_number = Set(tracking.clone().or(o.tracking_number.clone()));
    a.carrier = Set(carrier.clone().or(o.carrier.clone()));
    a.update(tx).await.map_err(db)?;
    let o = find(tx, store, id).await?;
    let note = tracking.map(|t| {
        format!(
            "Tracking {t}{}",
            carrier.map(|c| format!(" ({c})")).unwrap_or_default()
        )
    });
    transition(tx, &o, Status::Shipped, user, note.as_deref()).await
}

pub async fn deliver(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o).after(Action::Deliver).is_none() {
        return Err(refused(&o, Action::Deliver));
    }
    transition(tx, &o, Status::Delivered, user, None).await
}

/// Cancels the order and releases its reservations.
pub async fn cancel(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    reason: Option<String>,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o).after(Action::Cancel).is_none() {
        return Err(refused(&o, Action::Cancel));
    }
    for it in items(tx, o.id).await? {
        inventory::release(tx, store, it.id, &stock_actor(&o, Some(&it), user)).await?;
    }
    transition(
        tx,
        &o,
        Status::Cancelled,
        user,
        reason.as_deref().filter(|r| !r.trim().is_empty()),
    )
    .await
}

pub async fn refund(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    note: Option<String>,
    user: Option<i64>,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, id).await?;
    if status_of(&o).after(Action::Refund).is_none() {
        return Err(refused(&o, Action::Refund));
    }
    transition(
        tx,
        &o,
        Status::Refunded,
        user,
        note.as_deref().filter(|r| !r.trim().is_empty()),
    )
    .await
}

/// Releases held orders, oldest first, while the monthly quota allows (after an upgrade or
/// in a new month). Called when orders are listed or created; no scheduler is needed.
pub async fn release_held(tx: &DatabaseTransaction, store: &StoreRef) -> Result<u64, ApiError> {
    let held = order::Entity::find()
        .filter(order::Column::StoreId.eq(store.id.0))
        .filter(order::Column::Status.eq("held"))
        .order_by_asc(order::Column::Id)
        .limit(500)
        .all(tx)
        .await
        .map_err(db)?;
    let mut n = 0;
    for o in held {
        match limits::check_and_consume(tx, store.merchant, Metric::OrdersPerMonth, 1).await {
            Ok(_) => {
                transition(
                    tx,
                    &o,
                    Status::Pending,
                    None,
                    Some("Released: the plan's order limit allows it now"),
                )
                .await?;
                n += 1;
            }
            Err(orion_billing::BillingError::LimitExceeded { .. }) => break,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

/// Maps open exceptions to products found by GTIN, then SKU. Returns how many were resolved.
pub async fn auto_resolve(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: Option<i64>,
) -> Result<u64, ApiError> {
    let mut q = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"));
    if let Some(o) = order {
        q = q.filter(order_exception::Column::OrderId.eq(o));
    }
    let mut n = 0;
    for ex in q.all(tx).await.map_err(db)? {
        if let Some(p) = match_product(tx, store, ex.gtin.as_deref(), ex.sku.as_deref()).await? {
            resolve_exception(tx, &ex, p.id).await?;
            n += 1;
        }
    }
    Ok(n)
}

/// The store's product for a marketplace item: by GTIN first, then by SKU.
pub async fn match_product(
    conn: &impl ConnectionTrait,
    store: StoreId,
    gtin: Option<&str>,
    sku: Option<&str>,
) -> Result<Option<orion_catalog::entity::product::Model>, ApiError> {
    if let Some(g) = gtin
        && let Some(p) = orion_catalog::service::find_by_gtin(conn, store, g).await?
    {
        return Ok(Some(p));
    }
    match sku {
        Some(s) => orion_catalog::service::find_by_sku(conn, store, s).await,
        None => Ok(None),
    }
}

async fn resolve_exception(
    tx: &DatabaseTransaction,
    ex: &order_exception::Model,
    product: i64,
) -> Result<(), ApiError> {
    order_item::Entity::update_many()
        .col_expr(order_item::Column::ProductId, Expr::value(product))
        .filter(order_item::Column::Id.eq(ex.order_item_id))
        .exec(tx)
        .await
        .map_err(db)?;
    order_exception::Entity::update_many()
        .col_expr(order_exception::Column::Status, Expr::value("resolved"))
        .col_expr(
            order_exception::Column::ResolvedProductId,
            Expr::value(product),
        )
        .col_expr(order_exception::Column::ResolvedAt, Expr::value(Utc::now()))
        .filter(order_exception::Column::Id.eq(ex.id))
        .exec(tx)
        .await
        .map_err(db)?;
    Ok(())
}

/// Maps an unmatched item to an existing product of the store.
pub async fn resolve_item(
    tx: &DatabaseTransaction,
    store: StoreId,
    order: i64,
    item: i64,
    product: i64,
) -> Result<order::Model, ApiError> {
    let o = find(tx, store, order).await?;
    orion_catalog::service::find(tx, store, product)
        .await
        .map_err(|_| ApiError::field("product_id", "no such product in this store"))?;
    let ex = order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(o.id))
        .filter(order_exception::Column::OrderItemId.eq(item))
        .filter(order_exception::Column::Status.eq("open"))
        .one(tx)
        .await
        .map_err(db)?
        .ok_or_else(|| ApiError::not_found("Open exception for this item"))?;
    resolve_exception(tx, &ex, product).await?;
    find(tx, store, order).await
}

pub async fn open_exceptions(
    conn: &impl ConnectionTrait,
    store: StoreId,
    p: &Pagination,
) -> Result<(Vec<order_exception::Model>, u64), ApiError> {
    let q = order_exception::Entity::find()
        .filter(order_exception::Column::StoreId.eq(store.0))
        .filter(order_exception::Column::Status.eq("open"))
        .order_by_asc(order_exception::Column::Id);
    let total = q.clone().count(conn).await.map_err(db)?;
    Ok((
        q.offset(p.offset())
            .limit(p.per_page())
            .all(conn)
            .await
            .map_err(db)?,
        total,
    ))
}

/// Filters of the order list.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderFilter {
    pub status: Option<String>,
    /// `direct` or `letzshop`.
    pub channel: Option<String>,
    /// Ordered on or after this day (YYYY-MM-DD, Europe/Luxembourg).
    pub from: Option<NaiveDate>,
    /// Ordered on or before this day.
    pub to: Option<NaiveDate>,
    pub customer_id: Option<i64>,
    /// Order number, customer e-mail or name.
    pub q: Option<String>,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    p: &Pagination,
) -> Result<(Vec<order::Model>, u64), ApiError> {
    let total = count(conn, store, f).await?;
    Ok((list_counted(conn, store, f, p, total).await?, total))
}

/// The page of [`list`], given the filter's total (from [`count`], possibly cached): deep
/// pages use it to skip from the nearer end.
pub async fn list_counted(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    p: &Pagination,
    total: u64,
) -> Result<Vec<order::Model>, ApiError> {
    let q = order::Entity::find().filter(list_condition(store, f)?);
    let (offset, per_page) = (p.offset(), p.per_page());
    if offset == 0 {
        let items = q
            .order_by_desc(order::Column::Id)
            .limit(per_page)
            .all(conn)
            .await
            .map_err(db)?;
        return Ok(items);
    }
    // Deep pages: skip the offset on the (store_id, …, id) index alone, then read only the
    // page's rows (skipping whole rows costs twice as much on SQLite); past the middle, skip
    // from the oldest end, which the total tells how far it is.
    let ids_query = q.clone().select_only().column(order::Column::Id);
    let ids_query = if offset > total / 2 {
        let asc_offset = total.saturating_sub(offset + per_page);
        ids_query
            .order_by_asc(order::Column::Id)
            .offset(asc_offset)
            .limit(Ord::min(total.saturating_sub(offset), per_page))
    } else {
        ids_query
            .order_by_desc(order::Column::Id)
            .offset(offset)
            .limit(per_page)
    };
    let ids: Vec<i64> = ids_query.into_tuple().all(conn).await.map_err(db)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let items = order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Id.is_in(ids))
        .order_by_desc(order::Column::Id)
        .all(conn)
        .await
        .map_err(db)?;
    Ok(items)
}

/// How many orders of the store match the filter.
pub async fn count(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
) -> Result<u64, ApiError> {
    order::Entity::find()
        .filter(list_condition(store, f)?)
        .count(conn)
        .await
        .map_err(db)
}

/// The store's orders matching the filter (its values validated, each bad one named).
fn list_condition(store: StoreId, f: &OrderFilter) -> Result<Condition, ApiError> {
    let mut cond = Condition::all().add(order::Column::StoreId.eq(store.0));
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        let s = Status::parse(s).ok_or_else(|| ApiError::field("status", "unknown status"))?;
        cond = cond.add(order::Column::Status.eq(s.as_str()));
    }
    if let Some(c) = f.channel.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(c, "direct" | "letzshop") {
            return Err(ApiError::field("channel", "must be direct or letzshop"));
        }
        cond = cond.add(order::Column::Channel.eq(c));
    }
    if let Some(d) = f.from {
        cond = cond.add(order::Column::OrderedAt.gte(orion_kernel::time::start_of_local_day(d)));
    }
    if let Some(d) = f.to {
        cond = cond.add(
            order::Column::OrderedAt.lt(orion_kernel::time::start_of_local_day(
                d.succ_opt().unwrap_or(d),
            )),
        );
    }
    if let Some(c) = f.customer_id {
        cond = cond.add(order::Column::CustomerId.eq(c));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
        let lower = |c: order::Column| {
            Expr::expr(Func::lower(Expr::col((order::Entity, c)))).like(pattern.clone())
        };
        cond = cond.add(
            Condition::any()
                .add(lower(order::Column::OrderNumber))
                .add(lower(order::Column::CustomerEmail))
                .add(lower(order::Column::CustomerFirstName))
                .add(lower(order::Column::CustomerLastName))
                .add(lower(order::Column::ExternalNumber)),
        );
    }
    Ok(cond)
}

/// For the marketplace re-sync: reserves the item's stock when the product is stocked and
/// has enough; a shortage is not an error there (Letzshop already confirmed the unit).
pub(crate) async fn reserve_for_remote(
    tx: &DatabaseTransaction,
    o: &order::Model,
    it: &order_item::Model,
) -> Result<(), ApiError> {
    // A savepoint: a refused reservation must not abort the sync's transaction (PostgreSQL).
    use sea_orm::TransactionTrait;
    let sp = tx.begin().await.map_err(db)?;
    match reserve_item(&sp, o, it, None).await {
        Ok(()) => sp.commit().await.map_err(db),
        Err(e) => {
            sp.rollback().await.map_err(db)?;
            Err(e)
        }
    }
}

pub(crate) async fn set_backordered_pub(
    tx: &DatabaseTransaction,
    it: &order_item::Model,
) -> Result<(), ApiError> {
    set_backordered(tx, it, true).await
}

pub(crate) async fn set_item_status_pub(
    tx: &DatabaseTransaction,
    it: &order_item::Model,
    status: &str,
) -> Result<(), ApiError> {
    set_item_status(tx, it, status).await
}

pub(crate) async fn transition_pub(
    tx: &DatabaseTransaction,
    o: &order::Model,
    to: Status,
    note: Option<&str>,
) -> Result<order::Model, ApiError> {
    transition(tx, o, to, None, note).await
}
