//! `orion customers recompute-stats --store CODE`: customer statistics recounted from orders.

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
            let (db, s) = super::open_store(&store).await?;
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
