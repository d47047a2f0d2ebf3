//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`):
//! done once the store has an active product.

use orion_kernel::{BoxFuture, StoreId};
use orion_web::setup_steps::SetupStep;
use sea_orm::{DatabaseConnection, DbErr};

pub const STEP: SetupStep = SetupStep {
    order: 30,
    label_key: "catalog-setup-products",
    href: "/products/import",
    done,
};

fn done(conn: &DatabaseConnection, store: StoreId) -> BoxFuture<'_, Result<bool, DbErr>> {
    Box::pin(async move {
        Ok(crate::service::count_active(conn, store)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?
            > 0)
    })
}
