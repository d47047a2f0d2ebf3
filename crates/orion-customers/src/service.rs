//! Customer use cases. Every function takes a connection (so it runs inside the caller's
//! transaction) and the [`StoreId`] first; a customer of another store is simply not found.
//!
//! The orders module keeps the statistics: [`add_order`] when an order is placed,
//! [`set_stats`] after cancellations, refunds or a recount. Both are single statements.

use chrono::{DateTime, Utc};
use orion_kernel::{
    CustomerId, FieldError, Invalid, ListPage, Listing, NotFound, Pagination, StoreId,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::{self, Address};
use crate::entity::customer::{self, Column as C};
use crate::error::CustomerError;

/// A customer as a channel or a user sends it. Only `email` is required.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    /// Validated (format and check digits) and stored normalised (`LU26375245`).
    pub vat_id: Option<String>,
    /// Peppol participant id `scheme:identifier` (`9930:DE136695976`): the buyer's
    /// electronic address on e-invoices. Empty = none.
    pub peppol_id: Option<String>,
    /// `en`, `fr` or `de`.
    pub preferred_language: Option<String>,
    pub marketing_consent: Option<bool>,
    pub tags: Option<Vec<String>>,
    /// `{name?, company?, street, postal_code, city, country}`.
    #[schema(value_type = Option<Address>)]
    pub address: Option<serde_json::Value>,
}

/// A [`CustomerInput`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCustomer {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub vat_id: Option<String>,
    pub peppol_id: Option<String>,
    pub preferred_language: Option<String>,
    pub marketing_consent: Option<bool>,
    pub tags: Vec<String>,
    pub address: Option<Address>,
}

fn vat_field(e: &mut Vec<FieldError>, field: &str, v: Option<&str>) -> Option<String> {
    let v = domain::clean(v)?;
    match domain::parse_vat_id(&v) {
        Ok(n) => Some(n),
        Err(m) => {
            e.push(FieldError::new(field, m));
            None
        }
    }
}

fn peppol_field(e: &mut Vec<FieldError>, field: &str, v: Option<&str>) -> Option<String> {
    match domain::parse_peppol_id(v?) {
        Ok(p) => p,
        Err(m) => {
            e.push(FieldError::new(field, m));
            None
        }
    }
}

fn language_field(e: &mut Vec<FieldError>, field: &str, v: Option<&str>) -> Option<String> {
    let v = domain::clean(v)?;
    match domain::parse_language(&v) {
        Ok(l) => Some(l),
        Err(m) => {
            e.push(FieldError::new(field, m));
            None
        }
    }
}

impl CustomerInput {
    /// Validates every field, collecting all errors; field names get `prefix`
    /// (`"customer."` → `customer.email`).
    pub fn validate(&self, prefix: &str) -> Result<ValidCustomer, CustomerError> {
        let f = |name: &str| format!("{prefix}{name}");
        let mut e = Vec::new();
        let email = match domain::parse_email(&self.email) {
            Ok(m) => m,
            Err(m) => {
                e.push(FieldError::new(f("email"), m));
                String::new()
            }
        };
        let v = ValidCustomer {
            email,
            first_name: domain::text(&mut e, &f("first_name"), self.first_name.as_deref(), 100),
            last_name: domain::text(&mut e, &f("last_name"), self.last_name.as_deref(), 100),
            phone: domain::text(&mut e, &f("phone"), self.phone.as_deref(), 50),
            company: domain::text(&mut e, &f("company"), self.company.as_deref(), 200),
            vat_id: vat_field(&mut e, &f("vat_id"), self.vat_id.as_deref()),
            peppol_id: peppol_field(&mut e, &f("peppol_id"), self.peppol_id.as_deref()),
            preferred_language: language_field(
                &mut e,
                &f("preferred_language"),
                self.preferred_language.as_deref(),
            ),
            marketing_consent: self.marketing_consent,
            tags: domain::parse_tags(&mut e, &f("tags"), self.tags.as_deref().unwrap_or(&[])),
            address: match &self.address {
                None | Some(serde_json::Value::Null) => None,
                Some(a) => domain::parse_address(&mut e, &f("address"), a),
            },
        };
        if e.is_empty() {
            Ok(v)
        } else {
            Err(Invalid(e).into())
        }
    }
}

fn json_list<T: serde::Serialize>(v: &[T]) -> Option<String> {
    (!v.is_empty()).then(|| serde_json::to_string(v).unwrap_or_default())
}

/// Inserts a new customer unless the e-mail is taken in the store (`None` then). The
/// number is assigned right after the insert from the id (`CUS-000042`).
async fn insert_new(
    conn: &impl ConnectionTrait,
    store: StoreId,
    v: &ValidCustomer,
) -> Result<Option<customer::Model>, CustomerError> {
    let now = Utc::now();
    // A unique placeholder until the id is known (never visible inside a transaction).
    let placeholder = format!("TMP-{:016x}", rand::random::<u64>());
    let addresses: Vec<Address> = v.address.iter().cloned().collect();
    let stmt = Query::insert()
        .into_table(customer::Entity)
        .columns([
            C::StoreId,
            C::CustomerNumber,
            C::Email,
            C::FirstName,
            C::LastName,
            C::Phone,
            C::Company,
            C::VatId,
            C::PeppolId,
            C::PreferredLanguage,
            C::MarketingConsent,
            C::Tags,
            C::Addresses,
            C::TotalOrders,
            C::TotalSpentCents,
            C::CreatedAt,
            C::UpdatedAt,
        ])
        .values_panic([
            store.0.into(),
            placeholder.into(),
            v.email.clone().into(),
            v.first_name.clone().into(),
            v.last_name.clone().into(),
            v.phone.clone().into(),
            v.company.clone().into(),
            v.vat_id.clone().into(),
            v.peppol_id.clone().into(),
            v.preferred_language.clone().into(),
            v.marketing_consent.unwrap_or(false).into(),
            json_list(&v.tags).into(),
            json_list(&addresses).into(),
            0i64.into(),
            0i64.into(),
            now.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns([C::StoreId, C::Email])
                .do_nothing()
                .to_owned(),
        )
        .returning_col(C::Id)
        .to_owned();
    let Some(row) = conn.query_one(&stmt).await? else {
        return Ok(None);
    };
    let id: i64 = row.try_get_by_index(0)?;
    let created = assign_number(conn, store, id)
        .await?
        .ok_or(NotFound("Customer"))?;
    tracing::debug!(store = store.0, customer = id, "customer created");
    Ok(Some(created))
}

/// The customer number of an id.
pub fn number_for(id: i64) -> String {
    format!("CUS-{id:06}")
}

/// Numbers the customer and returns its row (`None` when it is gone), in one statement
/// (`RETURNING`): imports create many customers.
async fn assign_number(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<Option<customer::Model>, CustomerError> {
    Ok(customer::Entity::update_many()
        .col_expr(C::CustomerNumber, Expr::value(number_for(id)))
        .filter(C::Id.eq(id))
        .filter(C::StoreId.eq(store.0))
        .exec_with_returning(conn)
        .await?
        .pop())
}

async fn find_by_email_exact(
    conn: &impl ConnectionTrait,
    store: StoreId,
    email: &str,
) -> Result<Option<customer::Model>, CustomerError> {
    customer::Entity::find()
        .filter(C::StoreId.eq(store.0))
        .filter(C::Email.eq(email))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// The customer with this e-mail (any case), if any.
pub async fn find_by_email(
    conn: &impl ConnectionTrait,
    store: StoreId,
    email: &str,
) -> Result<Option<customer::Model>, CustomerError> {
    find_by_email_exact(conn, store, &email.trim().to_lowercase()).await
}

const UPSERT_ROUNDS: usize = 64;

/// Creates the customer if the e-mail (case-insensitive) is new in the store; otherwise
/// fills in the fields that are still empty, adds new tags, grants marketing consent when
/// given, and appends the address when it is new. Never blanks existing data. Field
/// errors are named `customer.<field>`.
///
/// Safe under concurrency: the insert is `INSERT … ON CONFLICT DO NOTHING`, so concurrent
/// upserts of one new e-mail create one customer and all return it.
pub async fn upsert_by_email(
    conn: &impl ConnectionTrait,
    store: StoreId,
    input: &CustomerInput,
) -> Result<customer::Model, CustomerError> {
    let v = input.validate("customer.")?;
    // Each round some concurrent writer wins its compare-and-set, so the rounds needed are
    // bounded by the number of concurrent writers of one customer.
    for _ in 0..UPSERT_ROUNDS {
        if let Some(c) = insert_new(conn, store, &v).await? {
            return Ok(c);
        }
        let Some(existing) = find_by_email_exact(conn, store, &v.email).await? else {
            // Deleted between the insert and the read: try again.
            continue;
        };
        if let Some(c) = fill_in(conn, store, existing, &v).await? {
            return Ok(c);
        }
    }
    Err(CustomerError::Contended)
}

/// Fills in an existing customer from `v`. Scalar fields use `COALESCE(column, new)` so
/// concurrent fills never overwrite; tags and addresses are compared-and-set (`None` when
/// another writer changed them first, to retry).
async fn fill_in(
    conn: &impl ConnectionTrait,
    store: StoreId,
    c: customer::Model,
    v: &ValidCustomer,
) -> Result<Option<customer::Model>, CustomerError> {
    if c.customer_number.starts_with("TMP-") {
        // Seen between another writer's insert and its numbering (outside a transaction).
        assign_number(conn, store, c.id).await?;
    }
    let mut upd = Query::update();
    upd.table(customer::Entity)
        .and_where(Expr::col(C::Id).eq(c.id))
        .and_where(Expr::col(C::StoreId).eq(store.0));
    let mut changed = false;
    let mut fill = |col: C, current: &Option<String>, new: &Option<String>| {
        if current.is_none()
            && let Some(n) = new
        {
            upd.value(col, Expr::col(col).if_null(n.clone()));
            changed = true;
        }
    };
    fill(C::FirstName, &c.first_name, &v.first_name);
    fill(C::LastName, &c.last_name, &v.last_name);
    fill(C::Phone, &c.phone, &v.phone);
    fill(C::Company, &c.company, &v.company);
    fill(C::VatId, &c.vat_id, &v.vat_id);
    fill(C::PeppolId, &c.peppol_id, &v.peppol_id);
    fill(
        C::PreferredLanguage,
        &c.preferred_language,
        &v.preferred_language,
    );
    if v.marketing_consent == Some(true) && !c.marketing_consent {
        upd.value(C::MarketingConsent, true);
        changed = true;
    }
    let tags = c.tag_list();
    let merged = domain::merge_tags(&tags, &v.tags);
    let mut guarded = false;
    if merged.len() != tags.len() {
        upd.value(C::Tags, json_list(&merged));
        guarded = true;
    }
    if let Some(a) = &v.address {
        let mut addresses = c.address_list();
        if addresses.len() < domain::MAX_ADDRESSES && !addresses.iter().any(|x| x.same_as(a)) {
            addresses.push(a.clone());
            upd.value(C::Addresses, json_list(&addresses));
            guarded = true;
        }
    }
    if guarded {
        // Compare-and-set on the JSON columns read above.
        let same = |col: C, old: &Option<String>| match old {
            Some(o) => Expr::col(col).eq(o.clone()),
            None => Expr::col(col).is_null(),
        };
        upd.and_where(same(C::Tags, &c.tags))
            .and_where(same(C::Addresses, &c.addresses));
    }
    if !(changed || guarded) {
        return Ok(Some(c));
    }
    upd.value(C::UpdatedAt, Utc::now());
    let res = conn.execute(&upd).await?;
    if res.rows_affected() == 0 {
        return Ok(None);
    }
    find(conn, store, CustomerId(c.id)).await.map(Some)
}

/// Creates a customer; 409 (field `email`) when the e-mail is taken in the store.
pub async fn create(
    conn: &impl ConnectionTrait,
    store: StoreId,
    input: &CustomerInput,
) -> Result<customer::Model, CustomerError> {
    let v = input.validate("")?;
    insert_new(conn, store, &v)
        .await?
        .ok_or(CustomerError::DuplicateEmail)
}

pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: CustomerId,
) -> Result<customer::Model, CustomerError> {
    let id = id.0;
    Ok(
        orion_db::query::find_in_store::<customer::Entity>(conn, C::StoreId, store, id, "Customer")
            .await?,
    )
}

/// A partial update: absent fields stay as they are; `null` (or `""`) clears optional ones;
/// `tags` and `addresses` replace the lists. The e-mail cannot change (it identifies the
/// customer for channel upserts).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub first_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub last_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub vat_id: Option<Option<String>>,
    /// `scheme:identifier`; `null` or `""` clears it.
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub peppol_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub preferred_language: Option<Option<String>>,
    pub marketing_consent: Option<bool>,
    pub tags: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<Address>>)]
    pub addresses: Option<Vec<serde_json::Value>>,
}

fn some<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Applies a [`CustomerPatch`]; validation errors name the field (`vat_id`, `addresses[1].city`).
pub async fn update(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    patch: &CustomerPatch,
) -> Result<customer::Model, CustomerError> {
    let c = find(conn, store, CustomerId(id)).await?;
    let mut e = Vec::new();
    let mut upd = Query::update();
    upd.table(customer::Entity)
        .and_where(Expr::col(C::Id).eq(c.id))
        .and_where(Expr::col(C::StoreId).eq(store.0));
    let mut text = |col: C, name: &str, v: &Option<Option<String>>, max: usize| {
        if let Some(v) = v {
            let t = domain::text(&mut e, name, v.as_deref(), max);
            upd.value(col, t);
        }
    };
    text(C::FirstName, "first_name", &patch.first_name, 100);
    text(C::LastName, "last_name", &patch.last_name, 100);
    text(C::Phone, "phone", &patch.phone, 50);
    text(C::Company, "company", &patch.company, 200);
    if let Some(v) = &patch.vat_id {
        upd.value(C::VatId, vat_field(&mut e, "vat_id", v.as_deref()));
    }
    if let Some(v) = &patch.peppol_id {
        upd.value(C::PeppolId, peppol_field(&mut e, "peppol_id", v.as_deref()));
    }
    if let Some(v) = &patch.preferred_language {
        upd.value(
            C::PreferredLanguage,
            language_field(&mut e, "preferred_language", v.as_deref()),
        );
    }
    if let Some(v) = patch.marketing_consent {
        upd.value(C::MarketingConsent, v);
    }
    if let Some(t) = &patch.tags {
        let tags = domain::parse_tags(&mut e, "tags", t);
        upd.value(C::Tags, json_list(&tags));
    }
    if let Some(list) = &patch.addresses {
        if list.len() > domain::MAX_ADDRESSES {
            e.push(FieldError::new(
                "addresses",
                format!("at most {} addresses", domain::MAX_ADDRESSES),
            ));
        }
        let mut out: Vec<Address> = Vec::new();
        for (i, a) in list.iter().enumerate() {
            if let Some(a) = domain::parse_address(&mut e, &format!("addresses[{i}]"), a)
                && !out.iter().any(|x| x.same_as(&a))
            {
                out.push(a);
            }
        }
        upd.value(C::Addresses, json_list(&out));
    }
    if !e.is_empty() {
        return Err(Invalid(e).into());
    }
    upd.value(C::UpdatedAt, Utc::now());
    conn.execute(&upd).await?;
    tracing::info!(store = store.0, customer = id, "customer updated");
    find(conn, store, CustomerId(id)).await
}

/// The Peppol participant id of the store's customer `customer` (the buyer's electronic
/// address for e-invoices): `None` when the customer has none, or is not the store's (or does
/// not exist). One indexed read of one column.
pub async fn peppol_id_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: i64,
) -> Result<Option<String>, CustomerError> {
    use sea_orm::QuerySelect;
    let id: Option<Option<String>> = customer::Entity::find()
        .select_only()
        .column(C::PeppolId)
        .filter(C::StoreId.eq(store.0))
        .filter(C::Id.eq(customer))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(id.flatten())
}

/// Records one order of `total_cents` placed at `ordered_at`, in one statement:
/// count + 1, spent + total, first/last order dates widened.
pub async fn add_order(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: CustomerId,
    total_cents: i64,
    ordered_at: DateTime<Utc>,
) -> Result<(), CustomerError> {
    let customer_id = customer.0;
    if total_cents < 0 {
        return Err(Invalid::field("total", "must not be negative").into());
    }
    let stmt = Query::update()
        .table(customer::Entity)
        .value(C::TotalOrders, Expr::col(C::TotalOrders).add(1))
        .value(
            C::TotalSpentCents,
            Expr::col(C::TotalSpentCents).add(total_cents),
        )
        .value(
            C::FirstOrderAt,
            Expr::case(
                Condition::any()
                    .add(Expr::col(C::FirstOrderAt).is_null())
                    .add(Expr::col(C::FirstOrderAt).gt(ordered_at)),
                Expr::val(ordered_at),
            )
            .finally(Expr::col(C::FirstOrderAt)),
        )
        .value(
            C::LastOrderAt,
            Expr::case(
                Condition::any()
                    .add(Expr::col(C::LastOrderAt).is_null())
                    .add(Expr::col(C::LastOrderAt).lt(ordered_at)),
                Expr::val(ordered_at),
            )
            .finally(Expr::col(C::LastOrderAt)),
        )
        .value(C::UpdatedAt, Utc::now())
        .and_where(Expr::col(C::Id).eq(customer_id))
        .and_where(Expr::col(C::StoreId).eq(store.0))
        .to_owned();
    let res = conn.execute(&stmt).await?;
    if res.rows_affected() == 0 {
        return Err(NotFound("Customer").into());
    }
    Ok(())
}

/// A customer's order statistics, as the orders module recounts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub total_orders: i64,
    pub total_spent_cents: i64,
    pub first_order_at: Option<DateTime<Utc>>,
    pub last_order_at: Option<DateTime<Utc>>,
}

/// Overwrites a customer's statistics (after cancellations, refunds, or a recount).
pub async fn set_stats(
    conn: &impl ConnectionTrait,
    store: StoreId,
    customer: CustomerId,
    stats: &Stats,
) -> Result<(), CustomerError> {
    let customer_id = customer.0;
    if stats.total_orders < 0 {
        return Err(Invalid::field("total_orders", "must not be negative").into());
    }
    if stats.total_spent_cents < 0 {
        return Err(Invalid::field("total_spent", "must not be negative").into());
    }
    let stmt = Query::update()
        .table(customer::Entity)
        .value(C::TotalOrders, stats.total_orders)
        .value(C::TotalSpentCents, stats.total_spent_cents)
        .value(C::FirstOrderAt, stats.first_order_at)
        .value(C::LastOrderAt, stats.last_order_at)
        .value(C::UpdatedAt, Utc::now())
        .and_where(Expr::col(C::Id).eq(customer_id))
        .and_where(Expr::col(C::StoreId).eq(store.0))
        .to_owned();
    let res = conn.execute(&stmt).await?;
    if res.rows_affected() == 0 {
        return Err(NotFound("Customer").into());
    }
    Ok(())
}

/// Filters of the customer list.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerFilter {
    /// Search in e-mail, first and last name, company and customer number (case-insensitive).
    pub q: Option<String>,
    /// `true` or `false`.
    pub marketing_consent: Option<String>,
    /// Customers with this tag (case-insensitive).
    pub tag: Option<String>,
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`); empty = no filter.
pub fn parse_bool(field: &str, v: Option<&str>) -> Result<Option<bool>, CustomerError> {
    match v.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(None),
        Some("true" | "1" | "yes" | "on") => Ok(Some(true)),
        Some("false" | "0" | "no" | "off") => Ok(Some(false)),
        Some(_) => Err(Invalid::field(field, "must be true or false").into()),
    }
}

/// `%text%` with LIKE's wildcards escaped (use with `ESCAPE '\'`).
pub(crate) fn contains_pattern(text: &str) -> LikeExpr {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    LikeExpr::new(p).escape('\\')
}

/// The condition "has tag `t`" (case-insensitive) on the JSON text of `tags`.
pub(crate) fn tag_condition(field: &str, t: &str) -> Result<Condition, CustomerError> {
    let t = domain::parse_tag(t).map_err(|m| Invalid::field(field, m))?;
    Ok(Condition::all().add(
        Expr::expr(Func::lower(Expr::col((customer::Entity, C::Tags))))
            .like(contains_pattern(&format!("\"{}\"", t.to_lowercase()))),
    ))
}

impl CustomerFilter {
    pub fn condition(&self, store: StoreId) -> Result<Condition, CustomerError> {
        let mut cond = Condition::all().add(C::StoreId.eq(store.0));
        if let Some(q) = domain::clean(self.q.as_deref()) {
            let q = q.to_lowercase();
            let lower = |c: C| {
                Expr::expr(Func::lower(Expr::col((customer::Entity, c)))).like(contains_pattern(&q))
            };
            cond = cond.add(
                Condition::any()
                    .add(lower(C::Email))
                    .add(lower(C::FirstName))
                    .add(lower(C::LastName))
                    .add(lower(C::Company))
                    .add(lower(C::CustomerNumber)),
            );
        }
        if let Some(b) = parse_bool("marketing_consent", self.marketing_consent.as_deref())? {
            cond = cond.add(C::MarketingConsent.eq(b));
        }
        if let Some(t) = domain::clean(self.tag.as_deref()) {
            cond = cond.add(tag_condition("tag", &t)?);
        }
        Ok(cond)
    }
}

/// One page of the store's customers matching `f`, newest first, and the total count.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &CustomerFilter,
    p: &Pagination,
) -> Result<(Vec<customer::Model>, u64), CustomerError> {
    let q = customer::Entity::find()
        .filter(f.condition(store)?)
        .order_by_desc(C::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

/// The list of the API, newest first: a page by number, or one step of a cursor walk down the
/// ids (`orion_kernel::cursor`), with the same filters.
pub async fn listing(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &CustomerFilter,
    how: &Listing,
) -> Result<ListPage<customer::Model>, CustomerError> {
    let q = customer::Entity::find().filter(f.condition(store)?);
    Ok(orion_db::query::listing(conn, q, C::Id, Order::Desc, how, |c| c.id).await?)
}

/// Ids of the store's customers after `after_id`, ascending (for batch jobs such as the
/// statistics recomputation).
pub async fn ids_after(
    conn: &impl ConnectionTrait,
    store: StoreId,
    after_id: i64,
    limit: u64,
) -> Result<Vec<i64>, CustomerError> {
    use sea_orm::{QueryOrder, QuerySelect};
    customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::StoreId.eq(store.0))
        .filter(customer::Column::Id.gt(after_id))
        .order_by_asc(customer::Column::Id)
        .limit(limit)
        .into_tuple::<i64>()
        .all(conn)
        .await
        .map_err(Into::into)
}

/// How many of the store's customers placed their first (counted) order in `[from, to)`:
/// the new customers of a period.
pub async fn count_first_orders(
    conn: &impl ConnectionTrait,
    store: StoreId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u64, CustomerError> {
    use sea_orm::PaginatorTrait;
    Ok(customer::Entity::find()
        .filter(C::StoreId.eq(store.0))
        .filter(C::FirstOrderAt.gte(from))
        .filter(C::FirstOrderAt.lt(to))
        .count(conn)
        .await?)
}
