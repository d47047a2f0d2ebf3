//! `orion reports rebuild [--store CODE]`: the sales rollups recomputed from the orders.

use orion_kernel::StoreId;

#[derive(clap::Subcommand, Debug)]
pub enum ReportsCommand {
    /// Recompute the daily sales rollups from the orders (they are kept up to date with every
    /// order change; this repairs or verifies), for one store or every store.
    Rebuild {
        /// Store code, e.g. ACME-LU; every store when absent.
        #[arg(long)]
        store: Option<String>,
    },
}

pub async fn run(cmd: ReportsCommand) -> anyhow::Result<()> {
    match cmd {
        ReportsCommand::Rebuild { store } => {
            let config = orion_app::Config::load()?;
            let db = orion_app::compose::open(&config.database_url)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let stores = match store {
                Some(code) => vec![super::open_store(&code).await?.1],
                None => {
                    let mut ids = Vec::new();
                    for page in 1.. {
                        let p = orion_kernel::Pagination {
                            page: Some(page),
                            per_page: Some(100),
                        };
                        let (ms, total) =
                            orion_tenancy::service::admin::list_merchants(db.conn(), &p)
                                .await
                                .map_err(super::failure)?;
                        ids.extend(ms.iter().map(|m| m.id));
                        if ms.is_empty() || ids.len() as u64 >= total {
                            break;
                        }
                    }
                    orion_tenancy::service::admin::stores_of(db.conn(), &ids)
                        .await
                        .map_err(super::failure)?
                }
            };
            for s in stores {
                let tx = db.begin_write().await?;
                let n = orion_reporting::service::rebuild::rebuild(&tx, StoreId(s.id))
                    .await
                    .map_err(super::failure)?;
                tx.commit().await?;
                println!("rollups of {} rebuilt from {n} order(s)", s.code);
            }
            Ok(())
        }
    }
}
