//! Suppliers of a store and what each supplies: the supplier's SKU, the last unit cost paid
//! and the minimum order quantity per product.

use chrono::Utc;
use orion_billing::{Feature, limits};
use orion_kernel::{FieldError, Invalid, MerchantId, ProductId, StoreId, SupplierId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::text;
use crate::entity::{purchase_order, supplier, supplier_product};
use crate::error::PurchasingError;

/// A supplier as entered (create: `name` required; update: absent fields stay, an empty
/// text clears the field).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierIn {
    pub name: Option<String>,
    pub contact_person: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 (`LU`).
    pub country: Option<String>,
    /// Checked (format and check digits) and normalised: `LU 1502 7442` → `LU15027442`.
    pub vat_id: Option<String>,
    /// `EUR` (the only currency for now).
    pub currency: Option<String>,
    /// Language of the documents sent to the supplier: `en`, `fr` or `de`.
    pub language: Option<String>,
    /// Days from ordering to delivery; sets the expected date of new orders.
    pub lead_time_days: Option<i32>,
    pub payment_terms: Option<String>,
    pub notes: Option<String>,
    pub active: Option<bool>,
}

/// Applies `input` over `m`, validating every field given; errors name their field.
fn apply(m: &mut supplier::Model, input: SupplierIn) -> Result<(), Invalid> {
    let mut errors = Vec::new();
    if let Some(name) = input.name {
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new("name", "must be 1–200 characters"));
        }
        m.name = name;
    }
    macro_rules! opt_text {
        ($f:ident, $max:expr) => {
            if let Some(v) = input.$f {
                m.$f = text(stringify!($f), Some(v), $max, &mut errors);
            }
        };
    }
    opt_text!(contact_person, 200);
    opt_text!(phone, 50);
    opt_text!(street, 200);
    opt_text!(postal_code, 20);
    opt_text!(city, 100);
    opt_text!(payment_terms, 200);
    opt_text!(notes, 5000);
    if let Some(e) = input.email {
        m.email = if e.trim().is_empty() {
            None
        } else {
            match orion_customers::domain::parse_email(&e) {
                Ok(e) => Some(e),
                Err(msg) => {
                    errors.push(FieldError::new("email", msg));
                    None
                }
            }
        };
    }
    if let Some(c) = input.country {
        let c = c.trim().to_ascii_uppercase();
        m.country = if c.is_empty() {
            None
        } else if orion_kernel::address::is_country_code(&c) {
            Some(c)
        } else {
            errors.push(FieldError::new(
                "country",
                "must be a two-letter ISO country code such as LU",
            ));
            None
        };
    }
    if let Some(v) = input.vat_id {
        m.vat_id = if v.trim().is_empty() {
            None
        } else {
            match orion_customers::domain::parse_vat_id(&v) {
                Ok(v) => Some(v),
                Err(msg) => {
                    errors.push(FieldError::new("vat_id", msg));
                    None
                }
            }
        };
    }
    if let Some(c) = input.currency {
        let c = c.trim().to_ascii_uppercase();
        if c != "EUR" {
            errors.push(FieldError::new("currency", "must be EUR"));
        }
        m.currency = "EUR".into();
    }
    if let Some(l) = input.language {
        match orion_customers::domain::parse_language(&l) {
            Ok(l) => m.language = l,
            Err(msg) => errors.push(FieldError::new("language", msg)),
        }
    }
    if let Some(d) = input.lead_time_days {
        if !(0..=365).contains(&d) {
            errors.push(FieldError::new(
                "lead_time_days",
                "must be between 0 and 365",
            ));
        }
        m.lead_time_days = Some(d);
    }
    if let Some(a) = input.active {
        m.active = a;
    }
    Invalid::check(errors)
}

fn duplicate(e: sea_orm::DbErr) -> PurchasingError {
    if orion_db::errors::is_unique_violation(&e) {
        PurchasingError::DuplicateSupplier
    } else {
        e.into()
    }
}

/// Creates a supplier (needs the `purchase_orders` feature).
pub async fn create(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    input: SupplierIn,
) -> Result<supplier::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    if input
        .name
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .is_empty()
    {
        return Err(Invalid::field("name", "is required").into());
    }
    let now = Utc::now();
    let mut m = supplier::Model {
        id: 0,
        store_id: store.0,
        name: String::new(),
        contact_person: None,
        email: None,
        phone: None,
        street: None,
        postal_code: None,
        city: None,
        country: None,
        vat_id: None,
        currency: "EUR".into(),
        language: "en".into(),
        lead_time_days: None,
        payment_terms: None,
        notes: None,
        active: true,
        created_at: now,
        updated_at: now,
    };
    apply(&mut m, input)?;
    let mut am: supplier::ActiveModel = m.into();
    am.id = sea_orm::ActiveValue::NotSet;
    am.insert(tx).await.map_err(duplicate)
}

/// The supplier `id` of the store.
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: SupplierId,
) -> Result<supplier::Model, PurchasingError> {
    Ok(orion_db::query::find_in_store::<supplier::Entity>(
        conn,
        supplier::Column::StoreId,
        store,
        id.0,
        "Supplier",
    )
    .await?)
}

/// Changes the fields given.
pub async fn update(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    id: SupplierId,
    input: SupplierIn,
) -> Result<supplier::Model, PurchasingError> {
    limits::require_feature(tx, merchant, Feature::PURCHASE_ORDERS).await?;
    let mut m = find(tx, store, id).await?;
    apply(&mut m, input)?;
    m.updated_at = Utc::now();
    let am: supplier::ActiveModel = m.into();
    am.reset_all().update(tx).await.map_err(duplicate)
}

/// Deletes a supplier that never had a purchase order (otherwise: deactivate it).
pub async fn delete(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: SupplierId,
) -> Result<(), PurchasingError> {
    let s = find(tx, store, id).await?;
    let used = purchase_order::Entity::find()
        .filter(purchase_order::Column::SupplierId.eq(s.id))
        .count(tx)
        .await?;
    if used > 0 {
        return Err(PurchasingError::SupplierInUse);
    }
    supplier::Entity::delete_by_id(s.id).exec(tx).await?;
    Ok(())
}

/// Suppliers of the store by name; `q` searches name, contact and e-mail.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    q: Option<&str>,
    active_only: bool,
) -> Result<Vec<supplier::Model>, PurchasingError> {
    let mut sel = supplier::Entity::find().filter(supplier::Column::StoreId.eq(store.0));
    if active_only {
        sel = sel.filter(supplier::Column::Active.eq(true));
    }
    let mut all = sel.order_by_asc(supplier::Column::Name).all(conn).await?;
    if let Some(q) = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty()) {
        all.retain(|s| {
            [Some(&s.name), s.contact_person.as_ref(), s.email.as_ref()]
                .into_iter()
                .flatten()
                .any(|v| v.to_lowercase().contains(&q))
        });
    }
    Ok(all)
}

/// What a supplier's offer of a product says (absent fields stay as they are).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SupplierProductIn {
    pub supplier_sku: Option<String>,
    pub unit_cost_cents: Option<i64>,
    pub min_order_quantity: Option<i64>,
}

/// Records or changes what `supplier` offers of `product`.
pub async fn set_product(
    tx: &DatabaseTransaction,
    store: StoreId,
    supplier: SupplierId,
    product: ProductId,
    input: SupplierProductIn,
) -> Result<supplier_product::Model, PurchasingError> {
    let s = find(tx, store, supplier).await?;
    let p = orion_catalog::service::find(tx, store, product)
        .await
        .map_err(|_| Invalid::field("product_id", "no such product in this store"))?;
    let mut errors = Vec::new();
    let sku = text("supplier_sku", input.supplier_sku.clone(), 64, &mut errors);
    if let Some(c) = input.unit_cost_cents
        && !(0..=super::MAX_UNIT_COST_CENTS).contains(&c)
    {
        errors.push(FieldError::new(
            "unit_cost",
            "must be between 0 and 1000000.00",
        ));
    }
    if let Some(q) = input.min_order_quantity
        && !(1..=super::MAX_QUANTITY).contains(&q)
    {
        errors.push(FieldError::new(
            "min_order_quantity",
            format!("must be between 1 and {}", super::MAX_QUANTITY),
        ));
    }
    Invalid::check(errors)?;
    let existing = supplier_product::Entity::find()
        .filter(supplier_product::Column::SupplierId.eq(s.id))
        .filter(supplier_product::Column::ProductId.eq(p.id))
        .one(tx)
        .await?;
    let now = Utc::now();
    match existing {
        Some(e) => {
            let mut am: supplier_product::ActiveModel = e.into();
            if input.supplier_sku.is_some() {
                am.supplier_sku = Set(sku);
            }
            if let Some(c) = input.unit_cost_cents {
                am.last_unit_cost_cents = Set(Some(c));
            }
            if let Some(q) = input.min_order_quantity {
                am.min_order_quantity = Set(q);
            }
            am.updated_at = Set(now);
            Ok(am.update(tx).await?)
        }
        None => Ok(supplier_product::ActiveModel {
            store_id: Set(store.0),
            supplier_id: Set(s.id),
            product_id: Set(p.id),
            supplier_sku: Set(sku),
            last_unit_cost_cents: Set(input.unit_cost_cents),
            min_order_quantity: Set(input.min_order_quantity.unwrap_or(1)),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?),
    }
}

/// Records the price just paid for a product (on receipt), creating the link if needed.
pub(crate) async fn note_cost(
    tx: &DatabaseTransaction,
    store: StoreId,
    supplier: i64,
    product: i64,
    unit_cost_cents: i64,
) -> Result<(), PurchasingError> {
    let now = Utc::now();
    let stmt = sea_orm::sea_query::Query::insert()
        .into_table(supplier_product::Entity)
        .columns([
            supplier_product::Column::StoreId,
            supplier_product::Column::SupplierId,
            supplier_product::Column::ProductId,
            supplier_product::Column::LastUnitCostCents,
            supplier_product::Column::MinOrderQuantity,
            supplier_product::Column::UpdatedAt,
        ])
        .values_panic([
            store.0.into(),
            supplier.into(),
            product.into(),
            unit_cost_cents.into(),
            1i64.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns([
                supplier_product::Column::SupplierId,
                supplier_product::Column::ProductId,
            ])
            .update_columns([
                supplier_product::Column::LastUnitCostCents,
                supplier_product::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .to_owned();
    tx.execute(&stmt).await?;
    Ok(())
}

/// Removes a product from a supplier's offer.
pub async fn remove_product(
    tx: &DatabaseTransaction,
    store: StoreId,
    supplier: SupplierId,
    product: ProductId,
) -> Result<(), PurchasingError> {
    let s = find(tx, store, supplier).await?;
    supplier_product::Entity::delete_many()
        .filter(supplier_product::Column::SupplierId.eq(s.id))
        .filter(supplier_product::Column::ProductId.eq(product.0))
        .exec(tx)
        .await?;
    Ok(())
}

/// What the supplier offers, by product id.
pub async fn products_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    supplier: i64,
) -> Result<Vec<supplier_product::Model>, PurchasingError> {
    Ok(supplier_product::Entity::find()
        .filter(supplier_product::Column::StoreId.eq(store.0))
        .filter(supplier_product::Column::SupplierId.eq(supplier))
        .order_by_asc(supplier_product::Column::ProductId)
        .all(conn)
        .await?)
}

/// The supplier offers of the given products (any supplier), newest first.
pub async fn offers_for(
    conn: &impl ConnectionTrait,
    store: StoreId,
    products: &[i64],
) -> Result<Vec<supplier_product::Model>, PurchasingError> {
    let mut out = Vec::new();
    for chunk in products.chunks(500) {
        out.extend(
            supplier_product::Entity::find()
                .filter(supplier_product::Column::StoreId.eq(store.0))
                .filter(supplier_product::Column::ProductId.is_in(chunk.iter().copied()))
                .order_by_desc(supplier_product::Column::UpdatedAt)
                .order_by_desc(supplier_product::Column::Id)
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}
