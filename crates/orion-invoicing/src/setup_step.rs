//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`):
//! done once the invoice settings are saved.

use orion_kernel::{BoxFuture, StoreId};
use orion_web::setup_steps::SetupStep;
use sea_orm::{DatabaseConnection, DbErr};

pub const STEP: SetupStep = SetupStep {
    order: 10,
    label_key: "invoicing-setup-settings",
    href: "/settings/invoice",
    done,
};

fn done(conn: &DatabaseConnection, store: StoreId) -> BoxFuture<'_, Result<bool, DbErr>> {
    Box::pin(async move {
        Ok(crate::settings::get(conn, store)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .is_some())
    })
}
