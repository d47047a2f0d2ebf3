//! A store's team: members, role changes, removal, invitations and their acceptance.

use chrono::{DateTime, Utc};
use orion_kernel::{Invalid, NotFound, StoreId};
use orion_web::{AppState, StoreScope, token};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::{auth, now};
use crate::entity::{invitation, member, role, store, user};
use crate::error::TenancyError;
use crate::{password, permissions, validate};

/// Writers of a store's team (members and invitations) queue on this lock.
const TEAM_LOCK: &str = "tenancy.team";

/// A member as the team page and API show it.
pub struct TeamMember {
    pub member: member::Model,
    pub user: user::Model,
    pub role: role::Model,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<TeamMember>, TenancyError> {
    let members = member::Entity::find()
        .filter(member::Column::StoreId.eq(store.0))
        .order_by_asc(member::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let u = user::Entity::find_by_id(m.user_id).one(conn).await?;
        let r = role::Entity::find_by_id(m.role_id).one(conn).await?;
        if let (Some(user), Some(role)) = (u, r) {
            out.push(TeamMember {
                member: m,
                user,
                role,
            });
        }
    }
    Ok(out)
}

/// The member with `id` in this store; another store's member is simply not found.
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<member::Model, TenancyError> {
    Ok(orion_db::query::find_in_store::<member::Entity>(
        conn,
        member::Column::StoreId,
        store,
        id,
        "Team member",
    )
    .await?)
}

pub async fn role_by_name(
    conn: &impl ConnectionTrait,
    store: StoreId,
    name: &str,
) -> Result<role::Model, TenancyError> {
    role::Entity::find()
        .filter(role::Column::StoreId.eq(store.0))
        .filter(role::Column::Name.eq(name.trim().to_lowercase()))
        .one(conn)
        .await?
        .ok_or_else(|| {
            Invalid::field(
                "role",
                format!("no role named '{}' in this store", name.trim()),
            )
            .into()
        })
}

async fn owner_count(conn: &impl ConnectionTrait, store: StoreId) -> Result<u64, TenancyError> {
    let owner = role_by_name(conn, store, permissions::OWNER).await?;
    member::Entity::find()
        .filter(member::Column::StoreId.eq(store.0))
        .filter(member::Column::RoleId.eq(owner.id))
        .count(conn)
        .await
        .map_err(Into::into)
}

fn guard_owner_role(actor: &StoreScope, role: &role::Model) -> Result<(), TenancyError> {
    if role.name == permissions::OWNER && actor.role != permissions::OWNER {
        return Err(TenancyError::OwnerRoleReserved);
    }
    Ok(())
}

/// Refuses a role holding a permission the actor does not hold: nobody grants, by a role
/// change or an invitation, more than they have themselves.
pub(crate) fn guard_grant<'a>(
    actor: &StoreScope,
    granted: impl IntoIterator<Item = &'a String>,
) -> Result<(), TenancyError> {
    match granted
        .into_iter()
        .find(|p| !actor.permissions.contains(*p))
    {
        Some(p) => Err(TenancyError::PermissionNotHeld {
            permission: p.clone(),
        }),
        None => Ok(()),
    }
}

/// Changes a member's role. Nobody changes their own role (an owner cannot demote
/// themselves either), nor grants a permission they lack; the last owner cannot be demoted.
pub async fn change_role(
    state: &AppState,
    actor: &StoreScope,
    member_id: i64,
    role_name: &str,
) -> Result<TeamMember, TenancyError> {
    let tx = state.db.begin_write().await?;
    let m = find(&tx, actor.store_id, member_id).await?;
    let new_role = role_by_name(&tx, actor.store_id, role_name).await?;
    let old_role = role::Entity::find_by_id(m.role_id)
        .one(&tx)
        .await?
        .ok_or(NotFound("Role"))?;
    guard_owner_role(actor, &new_role)?;
    guard_owner_role(actor, &old_role)?;
    if old_role.name == permissions::OWNER
        && new_role.name != permissions::OWNER
        && owner_count(&tx, actor.store_id).await? <= 1
    {
        return Err(TenancyError::LastOwnerDemoted);
    }
    if m.id == actor.member_id.0 {
        return Err(TenancyError::OwnRoleChanged);
    }
    guard_grant(actor, &auth::permissions_of(&new_role))?;
    let mut a: member::ActiveModel = m.into();
    a.role_id = Set(new_role.id);
    let m = a.update(&tx).await?;
    let u = user::Entity::find_by_id(m.user_id)
        .one(&tx)
        .await?
        .ok_or(NotFound("User"))?;
    tx.commit().await?;
    Ok(TeamMember {
        member: m,
        user: u,
        role: new_role,
    })
}

/// Removes a member from the store and revokes their store-bound tokens.
pub async fn remove(
    state: &AppState,
    actor: &StoreScope,
    member_id: i64,
) -> Result<(), TenancyError> {
    let tx = state.db.begin_write().await?;
    let m = find(&tx, actor.store_id, member_id).await?;
    let r = role::Entity::find_by_id(m.role_id)
        .one(&tx)
        .await?
        .ok_or(NotFound("Role"))?;
    guard_owner_role(actor, &r)?;
    if r.name == permissions::OWNER && owner_count(&tx, actor.store_id).await? <= 1 {
        return Err(TenancyError::LastOwnerRemoved);
    }
    auth::revoke_store_tokens(&tx, m.user_id, m.store_id).await?;
    member::Entity::delete_by_id(m.id).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

pub struct CreatedInvitation {
    pub invitation: invitation::Model,
    pub role: role::Model,
    pub token: String,
    pub accept_url: String,
}

/// Invites `email` to the store with `role_name`.
pub async fn invite(
    state: &AppState,
    actor: &StoreScope,
    inviter: i64,
    email: &str,
    role_name: &str,
) -> Result<CreatedInvitation, TenancyError> {
    let mut errs = validate::Errors::default();
    let email = errs.take(validate::email("email", email));
    errs.finish()?;
    let email = email.unwrap_or_default();
    let tx = state.db.begin_write().await?;
    let role = role_by_name(&tx, actor.store_id, role_name).await?;
    guard_owner_role(actor, &role)?;
    guard_grant(actor, &auth::permissions_of(&role))?;
    // Seats are members plus pending invitations; counted under the team lock so
    // concurrent invitations cannot both take the last seat.
    orion_db::lock_key(&tx, TEAM_LOCK, actor.store_id.0).await?;
    let seats = seats_taken(&tx, actor.store_id).await?;
    crate::plan::plan()?
        .ensure_seats(&tx, actor.merchant_id, seats, 1)
        .await
        .map_err(TenancyError::Plan)?;
    if let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&tx)
        .await?
        && auth::member_of(&tx, actor.store_id.0, u.id)
            .await?
            .is_some()
    {
        return Err(TenancyError::AlreadyMember { email });
    }
    let tok = token::generate("inv_");
    let inv = invitation::ActiveModel {
        store_id: Set(actor.store_id.0),
        email: Set(email),
        role_id: Set(role.id),
        token_digest: Set(token::digest(&state.settings.secret_key, &tok)),
        invited_by: Set(inviter),
        expires_at: Set(now() + state.settings.invitation_ttl),
        accepted_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let accept_url = format!(
        "{}/invitations/{tok}",
        state.settings.public_url.trim_end_matches('/')
    );
    // The invitation e-mail leaves with the invitation (the link stays copyable too).
    super::invitation_mail::enqueue(
        &tx,
        actor,
        &inv.email,
        &role.name,
        &accept_url,
        inv.expires_at,
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedInvitation {
        invitation: inv,
        role,
        token: tok,
        accept_url,
    })
}

/// Pending (not accepted, not expired) invitations of a store.
pub async fn pending(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<(invitation::Model, String)>, TenancyError> {
    let invs = invitation::Entity::find()
        .filter(invitation::Column::StoreId.eq(store.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now()))
        .order_by_asc(invitation::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for i in invs {
        let r = role::Entity::find_by_id(i.role_id)
            .one(conn)
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        out.push((i, r));
    }
    Ok(out)
}

/// What an invitation token opens, for the acceptance page.
pub struct InvitationView {
    pub invitation: invitation::Model,
    pub store: store::Model,
    pub role: String,
    pub user_exists: bool,
}

pub async fn lookup(state: &AppState, tok: &str) -> Result<InvitationView, TenancyError> {
    let conn = state.db.conn();
    let gone = || NotFound("Invitation (it may have been used or have expired)").into();
    if tok.len() > 200 {
        return Err(gone());
    }
    let inv = invitation::Entity::find()
        .filter(invitation::Column::TokenDigest.eq(token::digest(&state.settings.secret_key, tok)))
        .one(conn)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now())
        .ok_or_else(gone)?;
    let store = store::Entity::find_by_id(inv.store_id)
        .one(conn)
        .await?
        .ok_or_else(gone)?;
    let role = role::Entity::find_by_id(inv.role_id)
        .one(conn)
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    let user_exists = user::Entity::find()
        .filter(user::Column::Email.eq(inv.email.as_str()))
        .one(conn)
        .await?
        .is_some();
    Ok(InvitationView {
        invitation: inv,
        store,
        role,
        user_exists,
    })
}

pub struct Accepted {
    pub user: user::Model,
    pub store: store::Model,
    pub member: member::Model,
    pub created_user: bool,
}

/// Accepts an invitation: a new user sets a password; an existing user gains the membership.
/// The token works once: the `accepted_at IS NULL` condition makes concurrent accepts race-free.
pub async fn accept(
    state: &AppState,
    tok: &str,
    new_password: Option<&str>,
) -> Result<Accepted, TenancyError> {
    let view = lookup(state, tok).await?;
    let hash = match new_password {
        Some(p) if !view.user_exists => {
            if let Some(msg) = password::policy_violation(p) {
                return Err(Invalid::field("password", msg).into());
            }
            let p = p.to_owned();
            Some(
                tokio::task::spawn_blocking(move || password::hash(&p))
                    .await
                    .map_err(|e| TenancyError::PasswordHash(e.to_string()))?
                    .map_err(|e| TenancyError::PasswordHash(e.to_string()))?,
            )
        }
        None if !view.user_exists => {
            return Err(Invalid::field("password", "is required to create your account").into());
        }
        _ => None,
    };
    let tx = state.db.begin_write().await?;
    let claimed = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(invitation::Column::Id.eq(view.invitation.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(TenancyError::InvitationUsed);
    }
    let email = view.invitation.email.as_str();
    let (user, created_user) = match user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&tx)
        .await?
    {
        Some(u) => (u, false),
        None => {
            let u = user::ActiveModel {
                email: Set(email.to_owned()),
                name: Set(None),
                password_hash: Set(hash),
                is_platform_admin: Set(false),
                active: Set(true),
                created_at: Set(now()),
                updated_at: Set(now()),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            (u, true)
        }
    };
    if auth::member_of(&tx, view.store.id, user.id)
        .await?
        .is_some()
    {
        return Err(TenancyError::AlreadyYourStore);
    }
    // The invitation held a seat; after a downgrade the plan may no longer have room for it.
    orion_db::lock_key(&tx, TEAM_LOCK, view.store.id).await?;
    let members = member::Entity::find()
        .filter(member::Column::StoreId.eq(view.store.id))
        .count(&tx)
        .await?;
    crate::plan::plan()?
        .ensure_seats(
            &tx,
            orion_kernel::MerchantId(view.store.merchant_id),
            members,
            1,
        )
        .await
        .map_err(TenancyError::Plan)?;
    let member = member::ActiveModel {
        store_id: Set(view.store.id),
        user_id: Set(user.id),
        role_id: Set(view.invitation.role_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(Accepted {
        user,
        store: view.store,
        member,
        created_user,
    })
}

/// Members plus pending (unexpired, unaccepted) invitations of a store.
pub async fn seats_taken(conn: &impl ConnectionTrait, store: StoreId) -> Result<u64, TenancyError> {
    let members = member::Entity::find()
        .filter(member::Column::StoreId.eq(store.0))
        .count(conn)
        .await?;
    let pending = invitation::Entity::find()
        .filter(invitation::Column::StoreId.eq(store.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now()))
        .count(conn)
        .await?;
    Ok(members + pending)
}

pub fn is_expired(at: DateTime<Utc>) -> bool {
    at <= now()
}
