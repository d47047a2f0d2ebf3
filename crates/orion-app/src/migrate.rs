//! Every module's migrations, applied in dependency order inside one transaction guarded
//! against concurrent instances.

use orion_db::Db;
use sea_orm::DbErr;
use sea_orm_migration::{MigrationTrait, MigratorTrait};

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = orion_tenancy::migration::migrations();
        all.extend(orion_billing::migration::migrations());
        all.extend(orion_catalog::migration::migrations());
        all.extend(orion_inventory::migration::migrations());
        all.extend(orion_customers::migration::migrations());
        all.extend(orion_orders::migration::migrations());
        all.extend(orion_invoicing::migration::migrations());
        all.extend(orion_purchasing::migration::migrations());
        all.extend(orion_reporting::migration::migrations());
        all.extend(orion_accounting::migration::migrations());
        all.extend(orion_marketplace::migration::migrations());
        all.extend(orion_webhooks::migration::migrations());
        all.extend(orion_messaging::migration::migrations());
        all.extend(orion_alerts::migration::migrations());
        all
    }
}

/// Applies pending migrations; returns how many were applied.
pub async fn run(db: &Db) -> Result<usize, DbErr> {
    let tx = db.begin_write().await?;
    orion_db::lock_for_migrations(&tx).await?;
    let pending = Migrator::get_pending_migrations(&tx).await?.len();
    Migrator::up(&tx, None).await?;
    tx.commit().await?;
    Ok(pending)
}
