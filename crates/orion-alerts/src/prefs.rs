//! Each user's choice of alerts per store. Without a stored choice, owners get every alert
//! and other members none; a choice is stored once the user saves the page or the API.

use std::collections::HashMap;

use chrono::Utc;
use orion_kernel::{StoreId, UserId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::preference;
use crate::error::AlertError;
use crate::kinds::Kind;

/// Whether a member gets `kind` when they never chose: owners get everything.
pub fn default_for(is_owner: bool, _kind: Kind) -> bool {
    is_owner
}

/// The stored choices of `user` in `store`.
pub async fn stored(
    conn: &impl ConnectionTrait,
    store: StoreId,
    user: UserId,
) -> Result<HashMap<Kind, bool>, AlertError> {
    Ok(preference::Entity::find()
        .filter(preference::Column::StoreId.eq(store.0))
        .filter(preference::Column::UserId.eq(user.0))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| Kind::parse(&p.kind).map(|k| (k, p.enabled)))
        .collect())
}

/// Every kind with whether `user` gets it (stored choice, else the default).
pub async fn effective(
    conn: &impl ConnectionTrait,
    store: StoreId,
    user: UserId,
    is_owner: bool,
) -> Result<Vec<(Kind, bool)>, AlertError> {
    let stored = stored(conn, store, user).await?;
    Ok(Kind::ALL
        .into_iter()
        .map(|k| {
            (
                k,
                stored.get(&k).copied().unwrap_or(default_for(is_owner, k)),
            )
        })
        .collect())
}

/// Stores the choices of `user` in `store` (kinds not named keep theirs).
pub async fn set(
    conn: &impl ConnectionTrait,
    store: StoreId,
    user: UserId,
    choices: &[(Kind, bool)],
) -> Result<(), AlertError> {
    let now = Utc::now();
    for (kind, enabled) in choices {
        let row = preference::ActiveModel {
            store_id: Set(store.0),
            user_id: Set(user.0),
            kind: Set(kind.as_str().to_owned()),
            enabled: Set(*enabled),
            updated_at: Set(now),
            ..Default::default()
        };
        preference::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    preference::Column::StoreId,
                    preference::Column::UserId,
                    preference::Column::Kind,
                ])
                .update_columns([preference::Column::Enabled, preference::Column::UpdatedAt])
                .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}
