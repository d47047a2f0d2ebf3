//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sea_orm::{DatabaseConnection, DbErr};

use crate::entity::stock_level;

pub struct StockStep;

impl orion_web::setup_steps::SetupStep for StockStep {
    fn order(&self) -> u32 {
        40
    }

    fn label_key(&self) -> &'static str {
        "inventory-setup-stock"
    }

    fn href(&self) -> &'static str {
        "/inventory"
    }

    fn done<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            Ok(stock_level::Entity::find()
                .filter(stock_level::Column::StoreId.eq(store.0))
                .filter(stock_level::Column::OnHand.gt(0))
                .one(conn)
                .await?
                .is_some())
        })
    }
}
