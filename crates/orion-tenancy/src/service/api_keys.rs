//! Store API keys: programs (a shop, an ERP, a script) act on one store with the scopes the
//! key was given. The secret (`orion_sk_…`) is shown once at creation; only its keyed digest
//! is stored, with its first and last characters to tell keys apart. A key acts with its
//! scopes, never more than its creator currently holds in the store; revoking it bumps the
//! `auth` counter, so every instance refuses it at the next request.

use chrono::{DateTime, Utc};
use orion_kernel::{FieldError, Invalid, StoreId, UserId};
use orion_web::{API_KEY_PREFIX, StoreScope, token};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::now;
use crate::entity::{api_key, api_key_usage};
use crate::error::TenancyError;
use crate::permissions;

/// Active keys a store may hold at once.
pub const MAX_ACTIVE_KEYS: u64 = 50;

/// Permissions a key may not carry: a key does not mint other keys.
const NOT_FOR_KEYS: &[&str] = &[permissions::API_KEYS_MANAGE];

/// What the creator asks for.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key just created, with its secret (shown this once).
#[derive(Debug, Clone)]
pub struct CreatedKey {
    pub key: api_key::Model,
    pub secret: String,
}

/// A key as its list shows it.
#[derive(Debug, Clone)]
pub struct KeyView {
    pub key: api_key::Model,
    pub last_used: Option<api_key_usage::Model>,
}

impl KeyView {
    /// `active`, `expired` or `revoked`.
    pub fn status(&self, at: DateTime<Utc>) -> &'static str {
        if self.key.revoked_at.is_some() {
            "revoked"
        } else if self.key.expires_at.is_some_and(|e| e <= at) {
            "expired"
        } else {
            "active"
        }
    }
}

/// Creates a key for `store` with scopes out of what `creator` holds there.
pub async fn create(
    conn: &DatabaseConnection,
    secret_key: &[u8],
    store: &StoreScope,
    creator: UserId,
    new: NewKey,
) -> Result<CreatedKey, TenancyError> {
    crate::plan::api_allowance()?
        .require_api_keys(conn, store.merchant_id)
        .await
        .map_err(TenancyError::Plan)?;
    let NewKey {
        name,
        scopes,
        expires_at,
    } = validate(store, &new)?;
    let active = api_key::Entity::find()
        .filter(api_key::Column::StoreId.eq(store.store_id.0))
        .filter(api_key::Column::RevokedAt.is_null())
        .count(conn)
        .await?;
    if active >= MAX_ACTIVE_KEYS {
        return Err(TenancyError::TooManyApiKeys {
            max: MAX_ACTIVE_KEYS,
        });
    }
    let secret = token::generate(API_KEY_PREFIX);
    let key = api_key::ActiveModel {
        store_id: Set(store.store_id.0),
        name: Set(name),
        prefix: Set(secret.chars().take(API_KEY_PREFIX.len() + 4).collect()),
        last_four: Set(secret[secret.len() - 4..].to_owned()),
        secret_digest: Set(token::digest(secret_key, &secret)),
        scopes: Set(serde_json::to_string(&scopes).unwrap_or_else(|_| "[]".into())),
        created_by: Set(creator.0),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        revoked_by: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(CreatedKey { key, secret })
}

fn validate(store: &StoreScope, new: &NewKey) -> Result<NewKey, Invalid> {
    let mut errors = Vec::new();
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "must be 1–100 characters"));
    }
    let mut scopes: Vec<String> = Vec::new();
    if new.scopes.is_empty() {
        errors.push(FieldError::new("scopes", "choose at least one permission"));
    }
    for s in &new.scopes {
        if !permissions::is_known(s) || NOT_FOR_KEYS.contains(&s.as_str()) {
            errors.push(FieldError::new(
                "scopes",
                format!("'{s}' is not a permission an API key can have"),
            ));
        } else if !store.permissions.contains(s) {
            errors.push(FieldError::new(
                "scopes",
                format!("you cannot give a key the permission '{s}', which you do not hold"),
            ));
        } else if !scopes.contains(s) {
            scopes.push(s.clone());
        }
    }
    // Kept in the stable order of the permission list.
    scopes.sort_by_key(|s| permissions::ALL.iter().position(|p| p == s));
    if new.expires_at.is_some_and(|e| e <= now()) {
        errors.push(FieldError::new("expires_at", "must be in the future"));
    }
    if errors.is_empty() {
        Ok(NewKey {
            name,
            scopes,
            expires_at: new.expires_at,
        })
    } else {
        Err(Invalid(errors))
    }
}

/// Every key of the store (revoked and expired ones too), newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<KeyView>, TenancyError> {
    let keys = api_key::Entity::find()
        .filter(api_key::Column::StoreId.eq(store.0))
        .order_by_desc(api_key::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
    let mut used = api_key_usage::Entity::find()
        .filter(api_key_usage::Column::ApiKeyId.is_in(ids))
        .all(conn)
        .await?;
    Ok(keys
        .into_iter()
        .map(|key| {
            let last_used = used
                .iter()
                .position(|u| u.api_key_id == key.id)
                .map(|i| used.swap_remove(i));
            KeyView { key, last_used }
        })
        .collect())
}

/// Revokes a key of the store; revoking a revoked key changes nothing.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    by: UserId,
) -> Result<api_key::Model, TenancyError> {
    let key = orion_db::query::find_in_store::<api_key::Entity>(
        conn,
        api_key::Column::StoreId,
        store,
        id,
        "API key",
    )
    .await?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    let mut a: api_key::ActiveModel = key.into();
    a.revoked_at = Set(Some(now()));
    a.revoked_by = Set(Some(by.0));
    Ok(a.update(conn).await?)
}

/// Records that key `id` was used from `from`, at most once a minute per key (so using a
/// key costs no write on most requests).
pub async fn touch(conn: &impl ConnectionTrait, id: i64, from: &str) -> Result<(), TenancyError> {
    let at = now();
    let mut on_conflict = OnConflict::column(api_key_usage::Column::ApiKeyId);
    on_conflict
        .update_columns([
            api_key_usage::Column::LastUsedAt,
            api_key_usage::Column::LastUsedFrom,
        ])
        .action_and_where(
            Expr::col((api_key_usage::Entity, api_key_usage::Column::LastUsedAt))
                .lt(at - chrono::Duration::minutes(1)),
        );
    let from: String = from.chars().take(64).collect();
    let res = api_key_usage::Entity::insert(api_key_usage::ActiveModel {
        api_key_id: Set(id),
        last_used_at: Set(at),
        last_used_from: Set(from),
    })
    .on_conflict(on_conflict)
    .exec_without_returning(conn)
    .await;
    match res {
        Ok(_) => Ok(()),
        // The key was deleted with its store meanwhile: nothing to record.
        Err(e) if orion_db::errors::is_foreign_key_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The key whose secret has digest `digest`, if it is live (not revoked, not expired).
pub(crate) async fn live_by_digest(
    conn: &impl ConnectionTrait,
    digest: &str,
) -> Result<Option<api_key::Model>, TenancyError> {
    Ok(api_key::Entity::find()
        .filter(api_key::Column::SecretDigest.eq(digest))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(conn)
        .await?
        .filter(|k| k.expires_at.is_none_or(|e| e > now())))
}
