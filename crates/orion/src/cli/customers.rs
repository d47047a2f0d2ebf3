//! `orion customers recompute-stats --store CODE`: customer statistics recounted from orders.

use anyhow::Context;
use orion_app::Config;
use orion_kernel::StoreId;

#[derive(clap::Subcommand, Debug)]
pub enum CustomersCommand {
    /// Recompute every customer's total orders, total spent and first/last order dates from
    /// the store's orders (they are kept up to date incrementally; this repairs or verifies).
    RecomputeStats {
        /// Store code, e.g. ACME-LU.
        #[arg(long)]
        store: String,
    },
}

pub async fn run(cmd: CustomersCommand) -> anyhow::Result<()> {
    match cmd {
        CustomersCommand::RecomputeStats { store } => {
            let config = Config::load()?;
            let db = orion_app::compose::open(&config.database_url)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let s = orion_tenancy::service::admin::store_by_code(db.conn(), &store)
                .await
                .map_err(super::failure)?
                .with_context(|| format!("no store with code {store}"))?;
            let tx = db.begin_write().await?;
            let n = orion_orders::service::recompute_all(&tx, StoreId(s.id))
                .await
                .map_err(super::failure)?;
            tx.commit().await?;
            println!("statistics of {n} customer(s) of {} recomputed", s.code);
            Ok(())
        }
    }
}
