//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`):
//! done once some stock is on hand.

use orion_kernel::{BoxFuture, StoreId};
use orion_web::setup_steps::SetupStep;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sea_orm::{DatabaseConnection, DbErr};

use crate::entity::stock_level;

pub const STEP: SetupStep = SetupStep {
    order: 40,
    label_key: "inventory-setup-stock",
    href: "/inventory/stock",
    done,
};

fn done(conn: &DatabaseConnection, store: StoreId) -> BoxFuture<'_, Result<bool, DbErr>> {
    Box::pin(async move {
        Ok(stock_level::Entity::find()
            .filter(stock_level::Column::StoreId.eq(store.0))
            .filter(stock_level::Column::OnHand.gt(0))
            .one(conn)
            .await?
            .is_some())
    })
}
