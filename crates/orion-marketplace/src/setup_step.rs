//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`):
//! done once a Letzshop key is saved.

use orion_kernel::{BoxFuture, StoreId};
use orion_web::setup_steps::SetupStep;
use sea_orm::{DatabaseConnection, DbErr};

pub const STEP: SetupStep = SetupStep {
    order: 20,
    label_key: "marketplace-setup-connect",
    href: "/letzshop",
    done,
};

fn done(conn: &DatabaseConnection, store: StoreId) -> BoxFuture<'_, Result<bool, DbErr>> {
    Box::pin(async move {
        Ok(crate::service::find_connection(conn, store)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .is_some())
    })
}
