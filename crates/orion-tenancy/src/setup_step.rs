//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sea_orm::{DatabaseConnection, DbErr};

use crate::entity::member;

pub struct TeamStep;

impl orion_web::setup_steps::SetupStep for TeamStep {
    fn order(&self) -> u32 {
        50
    }

    fn label_key(&self) -> &'static str {
        "tenancy-setup-team"
    }

    fn href(&self) -> &'static str {
        "/team"
    }

    fn done<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            let members = member::Entity::find()
                .filter(member::Column::StoreId.eq(store.0))
                .count(conn)
                .await?;
            Ok(members > 1)
        })
    }
}
