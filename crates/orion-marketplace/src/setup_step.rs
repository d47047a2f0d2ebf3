//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

pub struct LetzshopStep;

impl orion_web::setup_steps::SetupStep for LetzshopStep {
    fn order(&self) -> u32 {
        20
    }

    fn label_key(&self) -> &'static str {
        "marketplace-setup-connect"
    }

    fn href(&self) -> &'static str {
        "/letzshop"
    }

    fn done<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            Ok(crate::service::find_connection(conn, store)
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .is_some())
        })
    }
}
