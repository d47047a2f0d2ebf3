//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`):
//! done once a second person has joined the store.

use orion_kernel::{BoxFuture, StoreId};
use orion_web::setup_steps::SetupStep;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sea_orm::{DatabaseConnection, DbErr};

use crate::entity::member;

pub const STEP: SetupStep = SetupStep {
    order: 50,
    label_key: "tenancy-setup-team",
    href: "/team",
    done,
};

fn done(conn: &DatabaseConnection, store: StoreId) -> BoxFuture<'_, Result<bool, DbErr>> {
    Box::pin(async move {
        let members = member::Entity::find()
            .filter(member::Column::StoreId.eq(store.0))
            .count(conn)
            .await?;
        Ok(members > 1)
    })
}
