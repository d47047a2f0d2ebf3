//! Product use cases. Every input (API body, CSV row, patch of an existing product) becomes a
//! [`Draft`] of plain strings, validated in one place into a [`Valid`] product.

use std::collections::BTreeMap;

use chrono::Utc;
use orion_billing::{Metric, limits};
use orion_kernel::{
    FieldError, Invalid, ListPage, Listing, MerchantId, Money, Pagination, ProductId, StoreId,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::domain::{
    Availability, Condition as ItemCondition, GtinType, LANGUAGES, ProductType, VatRateClass,
    validate_gtin,
};
use crate::entity::product;
use crate::error::CatalogError;

/// Writers that change how many active products a store has queue on this lock.
const PRODUCTS_LOCK: &str = "catalog.products";

/// A product as entered: every field optional text, named like the CSV columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub gtin_type: Option<String>,
    pub titles: BTreeMap<String, String>,
    pub descriptions: BTreeMap<String, String>,
    pub price: Option<String>,
    pub sale_price: Option<String>,
    pub vat_rate_class: Option<String>,
    pub vat_overrides: BTreeMap<String, String>,
    pub product_type: Option<String>,
    pub brand: Option<String>,
    pub mpn: Option<String>,
    pub condition: Option<String>,
    pub availability: Option<String>,
    pub image_link: Option<String>,
    pub additional_image_links: Vec<String>,
    pub active: Option<bool>,
}

/// A validated product, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub sku: String,
    pub gtin: Option<(String, GtinType)>,
    pub titles: [Option<String>; 3],
    pub descriptions: [Option<String>; 3],
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    pub vat_rate_class: VatRateClass,
    pub vat_overrides: BTreeMap<String, VatRateClass>,
    pub product_type: ProductType,
    pub brand: Option<String>,
    pub mpn: Option<String>,
    pub condition: ItemCondition,
    pub availability: Option<Availability>,
    pub image_link: Option<String>,
    pub additional_image_links: Vec<String>,
    pub active: bool,
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn limited(
    errors: &mut Vec<FieldError>,
    field: &str,
    v: Option<String>,
    max: usize,
) -> Option<String> {
    match v {
        Some(s) if s.chars().count() > max => {
            errors.push(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
            None
        }
        // NUL and other control characters would reach the Letzshop feed and CSV files raw;
        // line breaks and tabs are text in a description.
        Some(s)
            if s.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            errors.push(FieldError::new(
                field,
                "must not contain control characters",
            ));
            None
        }
        Some(s)
            if !field.starts_with("description")
                && s.chars().any(|c| matches!(c, '\n' | '\r' | '\t')) =>
        {
            errors.push(FieldError::new(
                field,
                "must not contain control characters",
            ));
            None
        }
        other => other,
    }
}

fn url(errors: &mut Vec<FieldError>, field: &str, v: &str) -> bool {
    let ok = (v.starts_with("https://") || v.starts_with("http://"))
        && v.len() <= 2000
        && !v.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        errors.push(FieldError::new(
            field,
            "must be an http(s) URL without spaces",
        ));
    }
    ok
}

impl Draft {
    /// Validates every field, collecting all errors (field names are the CSV column names).
    pub fn validate(&self) -> Result<Valid, Vec<FieldError>> {
        let mut e = Vec::new();
        let sku = clean(&self.sku);
        match &sku {
            None => e.push(FieldError::new("sku", "is required")),
            Some(s) if s.chars().count() > 64 => {
                e.push(FieldError::new("sku", "must be at most 64 characters"))
            }
            Some(s) if s.chars().any(char::is_control) => e.push(FieldError::new(
                "sku",
                "must not contain control characters",
            )),
            _ => {}
        }
        let gtin = match (clean(&self.gtin), clean(&self.gtin_type)) {
            (None, None) => None,
            (None, Some(_)) => {
                e.push(FieldError::new(
                    "gtin",
                    "is required when gtin_type is given",
                ));
                None
            }
            (Some(g), t) => {
                let kind = match t.as_deref() {
                    Some(t) => GtinType::parse(t).or_else(|| {
                        e.push(FieldError::new(
                            "gtin_type",
                            "must be one of gtin8, gtin12, gtin13, gtin14, isbn10, isbn13",
                        ));
                        None
                    }),
                    None => GtinType::guess(&g).or_else(|| {
                        e.push(FieldError::new(
                            "gtin",
                            "has an unusual length; give gtin_type",
                        ));
                        None
                    }),
                };
                kind.and_then(|k| match validate_gtin(&g, k) {
                    Ok(n) => Some((n, k)),
                    Err(msg) => {
                        e.push(FieldError::new("gtin", msg));
                        None
                    }
                })
            }
        };
        let mut titles: [Option<String>; 3] = Default::default();
        let mut descriptions: [Option<String>; 3] = Default::default();
        for (k, v) in &self.titles {
            match LANGUAGES.iter().position(|l| l == k) {
                Some(i) => {
                    titles[i] = limited(&mut e, &format!("title_{k}"), clean(&Some(v.clone())), 300)
                }
                None => e.push(FieldError::new(
                    format!("translations.{k}"),
                    "language must be en, fr or de",
                )),
            }
        }
        for (k, v) in &self.descriptions {
            match LANGUAGES.iter().position(|l| l == k) {
                Some(i) => {
                    descriptions[i] = limited(
                        &mut e,
                        &format!("description_{k}"),
                        clean(&Some(v.clone())),
                        10_000,
                    )
                }
                None => e.push(FieldError::new(
                    format!("translations.{k}"),
                    "language must be en, fr or de",
                )),
            }
        }
        if titles.iter().all(Option::is_none) {
            e.push(FieldError::new(
                "title_en",
                "a title in at least one language (en, fr or de) is required",
            ));
        }
        let money = |e: &mut Vec<FieldError>, field: &str, v: Option<String>| -> Option<i64> {
            let v = v?;
            match Money::parse(&v) {
                Ok(m) if m.cents() < 0 => {
                    e.push(FieldError::new(field, "must not be negative"));
                    None
                }
                Ok(m) => Some(m.cents()),
                Err(err) => {
                    e.push(FieldError::new(field, format!("{err}")));
                    None
                }
            }
        };
        let price = clean(&self.price);
        if price.is_none() {
            e.push(FieldError::new(
                "price",
                "is required (gross, e.g. \"19.99\")",
            ));
        }
        let price_cents = money(&mut e, "price", price);
        let sale_price_cents = money(&mut e, "sale_price", clean(&self.sale_price));
        if let (Some(p), Some(s)) = (price_cents, sale_price_cents)
            && s > p
        {
            e.push(FieldError::new(
                "sale_price",
                "must not be higher than the price",
            ));
        }
        let vat_rate_class = match clean(&self.vat_rate_class) {
            None => VatRateClass::Standard,
            Some(v) => VatRateClass::parse(&v).unwrap_or_else(|| {
                e.push(FieldError::new(
                    "vat_rate_class",
                    format!("must be one of {}", VatRateClass::choices()),
                ));
                VatRateClass::Standard
            }),
        };
        let mut vat_overrides = BTreeMap::new();
        for (country, class) in &self.vat_overrides {
            let c = country.trim().to_ascii_uppercase();
            match (
                c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
                VatRateClass::parse(class),
            ) {
                (true, Some(k)) => {
                    vat_overrides.insert(c, k);
                }
                _ => e.push(FieldError::new(
                    format!("vat_overrides.{country}"),
                    format!(
                        "needs a country code and one of {}",
                        VatRateClass::choices()
                    ),
                )),
            }
        }
        let product_type = match clean(&self.product_type) {
            None => ProductType::Physical,
            Some(v) => ProductType::parse(&v).unwrap_or_else(|| {
                e.push(FieldError::new(
                    "product_type",
                    format!("must be one of {}", ProductType::choices()),
                ));
                ProductType::Physical
            }),
        };
        let condition = match clean(&self.condition) {
            None => ItemCondition::New,
            Some(v) => ItemCondition::parse(&v).unwrap_or_else(|| {
                e.push(FieldError::new(
                    "condition",
                    format!("must be one of {}", ItemCondition::choices()),
                ));
                ItemCondition::New
            }),
        };
        let availability = clean(&self.availability).and_then(|v| {
            Availability::parse(&v.replace(' ', "_")).or_else(|| {
                e.push(FieldError::new(
                    "availability",
                    format!(
                        "must be one of {} (or empty to follow stock)",
                        Availability::choices()
                    ),
                ));
                None
            })
        });
        let brand = limited(&mut e, "brand", clean(&self.brand), 100);
        let mpn = limited(&mut e, "mpn", clean(&self.mpn), 70);
        let image_link = clean(&self.image_link).filter(|u| url(&mut e, "image_link", u));
        let mut additional_image_links = Vec::new();
        for u in self
            .additional_image_links
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
        {
            if url(&mut e, "additional_image_links", u) {
                additional_image_links.push(u.to_owned());
            }
        }
        if additional_image_links.len() > 10 {
            e.push(FieldError::new(
                "additional_image_links",
                "at most 10 images",
            ));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Valid {
            sku: sku.unwrap_or_default(),
            gtin,
            titles,
            descriptions,
            price_cents: price_cents.unwrap_or_default(),
            sale_price_cents,
            vat_rate_class,
            vat_overrides,
            product_type,
            brand,
            mpn,
            condition,
            availability,
            image_link,
            additional_image_links,
            active: self.active.unwrap_or(true),
        })
    }

    /// The draft of an existing product (the base a patch applies to).
    pub fn from_model(p: &product::Model) -> Self {
        let mut titles = BTreeMap::new();
        let mut descriptions = BTreeMap::new();
        for l in LANGUAGES {
            if let Some(t) = p.title(l) {
                titles.insert(l.to_owned(), t.to_owned());
            }
            if let Some(d) = p.description(l) {
                descriptions.insert(l.to_owned(), d.to_owned());
            }
        }
        Draft {
            sku: Some(p.sku.clone()),
            gtin: p.gtin.clone(),
            gtin_type: p.gtin_type.clone(),
            titles,
            descriptions,
            price: Some(Money(p.price_cents).to_string()),
            sale_price: p.sale_price_cents.map(|c| Money(c).to_string()),
            vat_rate_class: Some(p.vat_rate_class.clone()),
            vat_overrides: p
                .vat_overrides
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default(),
            product_type: Some(p.product_type.clone()),
            brand: p.brand.clone(),
            mpn: p.mpn.clone(),
            condition: Some(p.condition.clone()),
            availability: p.availability.clone(),
            image_link: p.image_link.clone(),
            additional_image_links: p.extra_images(),
            active: Some(p.active),
        }
    }
}

impl Valid {
    /// Writes the fields into an active model (new or existing).
    pub fn apply(&self, a: &mut product::ActiveModel) {
        a.sku = Set(self.sku.clone());
        a.gtin = Set(self.gtin.as_ref().map(|g| g.0.clone()));
        a.gtin_type = Set(self.gtin.as_ref().map(|g| g.1.as_str().to_owned()));
        a.title_en = Set(self.titles[0].clone());
        a.title_fr = Set(self.titles[1].clone());
        a.title_de = Set(self.titles[2].clone());
        a.description_en = Set(self.descriptions[0].clone());
        a.description_fr = Set(self.descriptions[1].clone());
        a.description_de = Set(self.descriptions[2].clone());
        a.price_cents = Set(self.price_cents);
        a.sale_price_cents = Set(self.sale_price_cents);
        a.vat_rate_class = Set(self.vat_rate_class.as_str().to_owned());
        a.vat_overrides = Set((!self.vat_overrides.is_empty())
            .then(|| serde_json::to_string(&self.vat_overrides).unwrap_or_default()));
        a.product_type = Set(self.product_type.as_str().to_owned());
        a.brand = Set(self.brand.clone());
        a.mpn = Set(self.mpn.clone());
        a.condition = Set(self.condition.as_str().to_owned());
        a.availability = Set(self.availability.map(|v| v.as_str().to_owned()));
        a.image_link = Set(self.image_link.clone());
        a.additional_image_links = Set((!self.additional_image_links.is_empty())
            .then(|| serde_json::to_string(&self.additional_image_links).unwrap_or_default()));
        a.active = Set(self.active);
    }

    pub fn new_model(&self, store: StoreId) -> product::ActiveModel {
        let now = Utc::now();
        let mut a = product::ActiveModel {
            store_id: Set(store.0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        self.apply(&mut a);
        a
    }

    /// True when storing `self` over `p` would change nothing.
    pub fn same_as(&self, p: &product::Model) -> bool {
        Draft::from_model(p).validate().is_ok_and(|v| &v == self)
    }
}

/// Active products of a store (what the product limit counts).
pub async fn count_active(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<u64, CatalogError> {
    product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Active.eq(true))
        .count(conn)
        .await
        .map_err(Into::into)
}

/// Takes the store's product lock and checks the limit for `adding` more active products.
pub async fn ensure_product_room(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    adding: u64,
) -> Result<u64, CatalogError> {
    orion_db::lock_key(tx, PRODUCTS_LOCK, store.0).await?;
    let live = count_active(tx, store).await?;
    if adding > 0 {
        limits::ensure_room(tx, merchant, Metric::Products, live, adding).await?;
    }
    Ok(live)
}

pub async fn create(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    draft: &Draft,
) -> Result<product::Model, CatalogError> {
    let v = draft.validate().map_err(Invalid)?;
    ensure_product_room(tx, merchant, store, u64::from(v.active)).await?;
    v.new_model(store)
        .insert(tx)
        .await
        .map_err(CatalogError::on_write)
}

pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: ProductId,
) -> Result<product::Model, CatalogError> {
    let id = id.0;
    Ok(orion_db::query::find_in_store::<product::Entity>(
        conn,
        product::Column::StoreId,
        store,
        id,
        "Product",
    )
    .await?)
}

pub async fn find_by_sku(
    conn: &impl ConnectionTrait,
    store: StoreId,
    sku: &str,
) -> Result<Option<product::Model>, CatalogError> {
    product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Sku.eq(sku.trim()))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// The store's products among `ids` (others' and unknown ids are left out).
pub async fn find_many(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: &[i64],
) -> Result<Vec<product::Model>, CatalogError> {
    find_where_in(conn, store, product::Column::Id, ids).await
}

/// The products with the given ids that belong to one of `stores` (a merchant's stores read
/// together), 500 ids per query.
pub async fn find_many_of_stores(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    ids: &[i64],
) -> Result<Vec<product::Model>, CatalogError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            product::Entity::find()
                .filter(product::Column::StoreId.is_in(stores.iter().map(|s| s.0)))
                .filter(product::Column::Id.is_in(chunk.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// The store's products with one of the given SKUs.
pub async fn find_by_skus(
    conn: &impl ConnectionTrait,
    store: StoreId,
    skus: &[String],
) -> Result<Vec<product::Model>, CatalogError> {
    find_where_in(conn, store, product::Column::Sku, skus).await
}

/// The store's products whose `column` is one of `values`, 500 values per query.
async fn find_where_in<V: Clone + Into<sea_orm::Value>>(
    conn: &impl ConnectionTrait,
    store: StoreId,
    column: product::Column,
    values: &[V],
) -> Result<Vec<product::Model>, CatalogError> {
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        out.extend(
            product::Entity::find()
                .filter(product::Column::StoreId.eq(store.0))
                .filter(column.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// Products of the store whose GTIN or SKU is one of those given, in one query (marketplace
/// imports match a whole page of items at once).
pub async fn find_by_gtins_or_skus(
    conn: &impl ConnectionTrait,
    store: StoreId,
    gtins: &[String],
    skus: &[String],
) -> Result<Vec<product::Model>, CatalogError> {
    if gtins.is_empty() && skus.is_empty() {
        return Ok(Vec::new());
    }
    product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(
            sea_orm::Condition::any()
                .add(product::Column::Gtin.is_in(gtins.iter().cloned()))
                .add(product::Column::Sku.is_in(skus.iter().cloned())),
        )
        .all(conn)
        .await
        .map_err(Into::into)
}

pub async fn find_by_gtin(
    conn: &impl ConnectionTrait,
    store: StoreId,
    gtin: &str,
) -> Result<Option<product::Model>, CatalogError> {
    product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Gtin.eq(gtin.trim()))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// Applies `patch` (a function editing the draft of the current product) and saves.
pub async fn update(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    id: i64,
    patch: impl FnOnce(&mut Draft),
) -> Result<product::Model, CatalogError> {
    let p = find(tx, store, ProductId(id)).await?;
    let mut draft = Draft::from_model(&p);
    patch(&mut draft);
    let v = draft.validate().map_err(Invalid)?;
    if v.active && !p.active {
        ensure_product_room(tx, merchant, store, 1).await?;
    }
    let mut a: product::ActiveModel = p.into();
    v.apply(&mut a);
    a.updated_at = Set(Utc::now());
    a.update(tx).await.map_err(CatalogError::on_write)
}

/// Deletes a product, or deactivates it when stock movements or order lines reference it
/// (the database refuses the delete through their foreign keys). Returns true when deleted.
pub async fn delete(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
) -> Result<bool, CatalogError> {
    let p = find(tx, store, ProductId(id)).await?;
    let attempt = tx.begin().await?;
    // On SQLite a RESTRICT refusal may surface at the statement or when the savepoint is
    // released; either way the savepoint is rolled back and the product deactivated.
    let outcome = match product::Entity::delete_by_id(p.id).exec(&attempt).await {
        Ok(_) => attempt.commit().await,
        Err(e) => {
            attempt.rollback().await?;
            Err(e)
        }
    };
    match outcome {
        Ok(()) => Ok(true),
        Err(e) if orion_db::errors::is_foreign_key_violation(&e) => {
            let mut a: product::ActiveModel = p.into();
            a.active = Set(false);
            a.updated_at = Set(Utc::now());
            a.update(tx).await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Filters of the product list.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductFilter {
    /// Search in SKU, GTIN and titles (case-insensitive).
    pub q: Option<String>,
    pub active: Option<bool>,
    /// `physical`, `digital` or `service`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub product_type: Option<String>,
    /// `in_stock` or `out_of_stock`.
    pub stock_status: Option<String>,
}

pub async fn list(
    conn: &sea_orm::DatabaseConnection,
    store: StoreId,
    f: &ProductFilter,
    p: &Pagination,
) -> Result<(Vec<product::Model>, u64), CatalogError> {
    let q = product::Entity::find()
        .filter(list_condition(store, f)?)
        .order_by_asc(product::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

/// The list of the API, oldest first: a page by number, or one step of a cursor walk up the
/// ids (`orion_kernel::cursor`), with the same filters.
pub async fn listing(
    conn: &sea_orm::DatabaseConnection,
    store: StoreId,
    f: &ProductFilter,
    how: &Listing,
) -> Result<ListPage<product::Model>, CatalogError> {
    let q = product::Entity::find().filter(list_condition(store, f)?);
    let key = product::Column::Id;
    Ok(orion_db::query::listing(conn, q, key, Order::Asc, how, |p| p.id).await?)
}

/// The list's condition for the filter (its values validated, each bad one named).
fn list_condition(store: StoreId, f: &ProductFilter) -> Result<Condition, CatalogError> {
    let mut cond = Condition::all().add(product::Column::StoreId.eq(store.0));
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
        let lower = |c: product::Column| {
            Expr::expr(Func::lower(Expr::col((product::Entity, c)))).like(pattern.clone())
        };
        cond = cond.add(
            Condition::any()
                .add(lower(product::Column::Sku))
                .add(lower(product::Column::Gtin))
                .add(lower(product::Column::TitleEn))
                .add(lower(product::Column::TitleFr))
                .add(lower(product::Column::TitleDe)),
        );
    }
    if let Some(a) = f.active {
        cond = cond.add(product::Column::Active.eq(a));
    }
    if let Some(t) = f.product_type.as_deref() {
        let t = ProductType::parse(t).ok_or_else(|| {
            Invalid::field("type", format!("must be one of {}", ProductType::choices()))
        })?;
        cond = cond.add(product::Column::ProductType.eq(t.as_str()));
    }
    if let Some(s) = f.stock_status.as_deref() {
        let in_stock = match s {
            "in_stock" => true,
            "out_of_stock" => false,
            _ => {
                return Err(
                    Invalid::field("stock_status", "must be in_stock or out_of_stock").into(),
                );
            }
        };
        let stocked = match crate::stock::STOCK.first() {
            Some(view) => Expr::col((product::Entity, product::Column::Id))
                .in_subquery(view.in_stock_product_ids(store)),
            None => Expr::value(false),
        };
        let unstocked_type = product::Column::ProductType.ne("physical");
        cond = cond.add(if in_stock {
            Condition::any().add(unstocked_type).add(stocked)
        } else {
            Condition::all()
                .add(product::Column::ProductType.eq("physical"))
                .add(stocked.not())
        });
    }
    Ok(cond)
}

/// One page of a store's products after `after_id`, for streaming exports.
pub async fn page_after(
    conn: &impl ConnectionTrait,
    store: StoreId,
    after_id: i64,
    limit: u64,
    include_inactive: bool,
) -> Result<Vec<product::Model>, CatalogError> {
    let mut q = product::Entity::find()
        .filter(product::Column::StoreId.eq(store.0))
        .filter(product::Column::Id.gt(after_id));
    if !include_inactive {
        q = q.filter(product::Column::Active.eq(true));
    }
    q.order_by_asc(product::Column::Id)
        .limit(limit)
        .all(conn)
        .await
        .map_err(Into::into)
}

/// Reports `products` usage to billing: the store's active products.
pub struct ProductCounter;

impl orion_billing::live::LiveCounter for ProductCounter {
    fn metric(&self) -> Metric {
        Metric::Products
    }

    fn count<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: StoreId,
    ) -> orion_kernel::BoxFuture<'a, Result<u64, orion_kernel::BoxedError>> {
        Box::pin(async move {
            count_active(conn, store)
                .await
                .map_err(orion_kernel::BoxedError::new)
        })
    }
}
