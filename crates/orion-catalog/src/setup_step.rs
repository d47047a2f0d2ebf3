//! This module's step on the dashboard's getting-started checklist (`orion_web::setup_steps`).

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

pub struct ProductsStep;

impl orion_web::setup_steps::SetupStep for ProductsStep {
    fn order(&self) -> u32 {
        30
    }

    fn label_key(&self) -> &'static str {
        "catalog-setup-products"
    }

    fn href(&self) -> &'static str {
        "/products/import"
    }

    fn done<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<bool, DbErr>> {
        Box::pin(async move {
            Ok(crate::service::count_active(conn, store)
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?
                > 0)
        })
    }
}
