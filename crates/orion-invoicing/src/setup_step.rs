//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

pub struct InvoiceSettingsStep;

impl orion_web::setup_steps::SetupStep for InvoiceSettingsStep {
    fn order(&self) -> u32 {
        10
    }

    fn label_key(&self) -> &'static str {
        "invoicing-setup-settings"
    }

    fn href(&self) -> &'static str {
        "/settings/invoice"
    }

    fn done<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            Ok(crate::settings::get(conn, store)
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .is_some())
        })
    }
}
