//! The store's order settings.

use chrono::Utc;
use orion_kernel::StoreId;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::entity::order_settings;
use crate::error::OrderError;

/// Whether the store confirms items without enough stock as backorders.
pub async fn allow_backorders(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<bool, OrderError> {
    Ok(order_settings::Entity::find_by_id(store.0)
        .one(conn)
        .await?
        .is_some_and(|s| s.allow_backorders))
}

/// Saves the store's order settings.
pub async fn set_allow_backorders(
    conn: &impl ConnectionTrait,
    store: StoreId,
    allow: bool,
) -> Result<(), OrderError> {
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
        .await?;
    Ok(())
}
