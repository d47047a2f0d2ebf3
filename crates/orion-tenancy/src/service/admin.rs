//! Platform administration: merchants and their stores.

use orion_kernel::{Invalid, NotFound, Pagination};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::now;
use crate::entity::{member, merchant, role, store, user};
use crate::error::TenancyError;
use crate::{password, permissions, validate};

pub struct NewMerchant {
    pub name: String,
    pub legal_country: String,
    pub owner_email: String,
    pub owner_password: Option<String>,
    pub contact_phone: Option<String>,
}

/// Creates a merchant; its owner user is created when the e-mail is new.
pub async fn create_merchant(
    conn: &sea_orm::DatabaseConnection,
    input: NewMerchant,
    trial_days: i64,
) -> Result<(merchant::Model, user::Model), TenancyError> {
    let mut errs = validate::Errors::default();
    let name = errs.take(validate::text("name", &input.name, 200));
    let country = errs.take(validate::country("legal_country", &input.legal_country));
    let email = errs.take(validate::email("owner_email", &input.owner_email));
    if let Some(p) = &input.owner_password
        && let Some(msg) = password::policy_violation(p)
    {
        errs.0
            .push(orion_kernel::FieldError::new("owner_password", msg));
    }
    errs.finish()?;
    let (name, country, email) = (
        name.unwrap_or_default(),
        country.unwrap_or_default(),
        email.unwrap_or_default(),
    );
    let hash = match &input.owner_password {
        Some(p) => {
            let p = p.clone();
            Some(
                tokio::task::spawn_blocking(move || password::hash(&p))
                    .await
                    .map_err(|e| TenancyError::PasswordHash(e.to_string()))?
                    .map_err(|e| TenancyError::PasswordHash(e.to_string()))?,
            )
        }
        None => None,
    };
    let tx = conn.begin().await?;
    let owner = match user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&tx)
        .await?
    {
        Some(u) => u,
        None => {
            let Some(hash) = hash else {
                return Err(Invalid::field(
                    "owner_password",
                    "is required when the owner is a new user",
                )
                .into());
            };
            user::ActiveModel {
                email: Set(email.clone()),
                name: Set(None),
                password_hash: Set(Some(hash)),
                is_platform_admin: Set(false),
                active: Set(true),
                created_at: Set(now()),
                updated_at: Set(now()),
                ..Default::default()
            }
            .insert(&tx)
            .await?
        }
    };
    let m = merchant::ActiveModel {
        name: Set(name),
        legal_country: Set(country),
        owner_user_id: Set(owner.id),
        contact_email: Set(email),
        contact_phone: Set(input.contact_phone.filter(|p| !p.trim().is_empty())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    crate::plan::plan()?
        .merchant_created(&tx, orion_kernel::MerchantId(m.id), trial_days)
        .await
        .map_err(TenancyError::Plan)?;
    tx.commit().await?;
    Ok((m, owner))
}

pub async fn list_merchants(
    conn: &impl ConnectionTrait,
    p: &Pagination,
) -> Result<(Vec<merchant::Model>, u64), TenancyError> {
    let q = merchant::Entity::find().order_by_asc(merchant::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

pub async fn find_merchant(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<merchant::Model, TenancyError> {
    merchant::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(NotFound("Merchant").into())
}

pub async fn stores_of(
    conn: &impl ConnectionTrait,
    merchant_ids: &[i64],
) -> Result<Vec<store::Model>, TenancyError> {
    store::Entity::find()
        .filter(store::Column::MerchantId.is_in(merchant_ids.iter().copied()))
        .order_by_asc(store::Column::Code)
        .all(conn)
        .await
        .map_err(Into::into)
}

pub struct NewStore {
    pub code: String,
    pub name: String,
    pub country: String,
    pub default_language: String,
}

/// Creates a store with its default roles; the merchant's owner becomes its owner member.
pub async fn create_store(
    conn: &impl TransactionTrait,
    merchant_id: i64,
    input: NewStore,
) -> Result<store::Model, TenancyError> {
    let mut errs = validate::Errors::default();
    let code = errs.take(validate::store_code("code", &input.code));
    let name = errs.take(validate::text("name", &input.name, 200));
    let country = errs.take(validate::country("country", &input.country));
    let lang = errs.take(validate::language(
        "default_language",
        &input.default_language,
    ));
    errs.finish()?;
    let tx = conn.begin().await?;
    let m = find_merchant(&tx, merchant_id).await?;
    let s = store::ActiveModel {
        merchant_id: Set(m.id),
        code: Set(code.unwrap_or_default()),
        name: Set(name.unwrap_or_default()),
        country: Set(country.unwrap_or_default()),
        default_language: Set(lang.unwrap_or_default()),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await
    .map_err(|e| TenancyError::unique(e, TenancyError::DuplicateStore))?;
    let mut owner_role = None;
    for (name, perms) in permissions::default_roles() {
        let r = role::ActiveModel {
            store_id: Set(s.id),
            name: Set(name.to_owned()),
            permissions: Set(serde_json::to_string(&perms).unwrap_or_else(|_| "[]".into())),
            is_system: Set(true),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        if name == permissions::OWNER {
            owner_role = Some(r.id);
        }
    }
    member::ActiveModel {
        store_id: Set(s.id),
        user_id: Set(m.owner_user_id),
        role_id: Set(owner_role.unwrap_or_default()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Stores a user is a member of, with the role name, ordered by code.
pub async fn memberships(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<(store::Model, String)>, TenancyError> {
    let members = member::Entity::find()
        .filter(member::Column::UserId.eq(user_id))
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for m in members {
        let s = store::Entity::find_by_id(m.store_id).one(conn).await?;
        let r = role::Entity::find_by_id(m.role_id).one(conn).await?;
        if let (Some(s), Some(r)) = (s, r)
            && s.active
        {
            out.push((s, r.name));
        }
    }
    out.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    Ok(out)
}

/// The store with this code (any case), if it exists.
pub async fn store_by_code(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<store::Model>, TenancyError> {
    store::Entity::find()
        .filter(store::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// The store reference the other modules' services take (active or not).
pub async fn store_ref(
    conn: &impl ConnectionTrait,
    store: orion_kernel::StoreId,
) -> Result<orion_kernel::StoreRef, TenancyError> {
    let s = store::Entity::find_by_id(store.0)
        .one(conn)
        .await?
        .ok_or(NotFound("Store"))?;
    Ok(store_ref_of(&s))
}

/// The store reference of a store row.
pub fn store_ref_of(s: &store::Model) -> orion_kernel::StoreRef {
    orion_kernel::StoreRef {
        id: orion_kernel::StoreId(s.id),
        merchant: orion_kernel::MerchantId(s.merchant_id),
        code: s.code.clone(),
        country: s.country.clone(),
    }
}
