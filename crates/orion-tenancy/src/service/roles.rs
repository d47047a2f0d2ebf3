//! Roles of a store: the four system roles and the owner's custom ones.

use orion_kernel::{FieldError, Invalid, StoreId};
use orion_web::StoreScope;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::now;
use crate::entity::{member, role};
use crate::error::TenancyError;
use crate::permissions;

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<role::Model>, TenancyError> {
    role::Entity::find()
        .filter(role::Column::StoreId.eq(store.0))
        .order_by_asc(role::Column::Id)
        .all(conn)
        .await
        .map_err(Into::into)
}

pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<role::Model, TenancyError> {
    Ok(orion_db::query::find_in_store::<role::Entity>(
        conn,
        role::Column::StoreId,
        store,
        id,
        "Role",
    )
    .await?)
}

fn parse_name(raw: &str) -> Result<String, FieldError> {
    let n = raw.trim().to_lowercase();
    let ok = (2..=50).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(n)
    } else {
        Err(FieldError::new(
            "name",
            "must be 2–50 characters: letters, digits, '-' or '_'",
        ))
    }
}

fn parse_permissions(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for p in raw {
        if !permissions::is_known(p) {
            return Err(FieldError::new(
                "permissions",
                format!(
                    "unknown permission '{p}'; known: {}",
                    permissions::ALL.join(", ")
                ),
            ));
        }
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Creates a custom role; `actor` must hold every permission it grants.
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &StoreScope,
    name: &str,
    perms: &[String],
) -> Result<role::Model, TenancyError> {
    let store = actor.store_id;
    let name = parse_name(name).map_err(|e| Invalid(vec![e]))?;
    let perms = parse_permissions(perms).map_err(|e| Invalid(vec![e]))?;
    super::team::guard_grant(actor, &perms)?;
    role::ActiveModel {
        store_id: Set(store.0),
        name: Set(name),
        permissions: Set(serde_json::to_string(&perms).unwrap_or_else(|_| "[]".into())),
        is_system: Set(false),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| TenancyError::unique(e, TenancyError::DuplicateRole))
}

/// Renames a custom role or changes its permissions; `actor` must hold every permission
/// it adds (otherwise editing one's own role would grant oneself anything).
pub async fn update(
    conn: &impl ConnectionTrait,
    actor: &StoreScope,
    id: i64,
    name: Option<&str>,
    perms: Option<&[String]>,
) -> Result<role::Model, TenancyError> {
    let r = find(conn, actor.store_id, id).await?;
    if r.is_system {
        return Err(TenancyError::BuiltInRoleChanged { name: r.name });
    }
    let held_before = super::auth::permissions_of(&r);
    let mut a: role::ActiveModel = r.into();
    if let Some(n) = name {
        a.name = Set(parse_name(n).map_err(|e| Invalid(vec![e]))?);
    }
    if let Some(p) = perms {
        let p = parse_permissions(p).map_err(|e| Invalid(vec![e]))?;
        super::team::guard_grant(actor, p.iter().filter(|x| !held_before.contains(*x)))?;
        a.permissions = Set(serde_json::to_string(&p).unwrap_or_else(|_| "[]".into()));
    }
    a.update(conn)
        .await
        .map_err(|e| TenancyError::unique(e, TenancyError::DuplicateRole))
}

pub async fn delete(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<(), TenancyError> {
    let r = find(conn, store, id).await?;
    if r.is_system {
        return Err(TenancyError::BuiltInRoleDeleted { name: r.name });
    }
    let used = member::Entity::find()
        .filter(member::Column::RoleId.eq(r.id))
        .count(conn)
        .await?;
    if used > 0 {
        return Err(TenancyError::RoleInUse { members: used });
    }
    role::Entity::delete_by_id(r.id).exec(conn).await?;
    Ok(())
}
