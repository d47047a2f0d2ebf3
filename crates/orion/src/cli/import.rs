//! `orion import products --store CODE FILE`: the product CSV import from the shell, with a
//! progress bar (the same code path as the HTTP import).

use std::path::PathBuf;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use orion_kernel::{MerchantId, StoreId};

#[derive(clap::Subcommand, Debug)]
pub enum ImportCommand {
    /// Import products from a CSV file (upsert by SKU; invalid rows are reported, not applied).
    Products {
        /// Store code, e.g. ACME-LU.
        #[arg(long)]
        store: String,
        /// Check and report without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// The CSV file.
        file: PathBuf,
    },
}

pub async fn run(cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::Products {
            store,
            dry_run,
            file,
        } => {
            let (db, s) = super::open_store(&store).await?;
            let f = std::fs::File::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            let bar = ProgressBar::new(size).with_style(
                ProgressStyle::with_template(
                    "{spinner} [{bar:40}] {bytes}/{total_bytes} {msg} ({eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            let reader = bar.wrap_read(std::io::BufReader::with_capacity(256 * 1024, f));
            let tx = db.begin_write().await?;
            let report = orion_catalog::csv_io::import(
                &tx,
                MerchantId(s.merchant_id),
                StoreId(s.id),
                reader,
                dry_run,
                |rows| {
                    bar.set_message(format!("{rows} rows"));
                },
            )
            .await
            .map_err(super::failure)?;
            if dry_run {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            bar.finish_and_clear();
            println!(
                "{}created {}, updated {}, unchanged {}, rejected {}",
                if dry_run { "dry run: " } else { "" },
                report.created,
                report.updated,
                report.unchanged,
                report.rejected
            );
            for e in &report.errors {
                eprintln!("row {}\t{}\t{}", e.row, e.column, e.message);
            }
            if report.errors_not_listed > 0 {
                eprintln!("… and {} more problems", report.errors_not_listed);
            }
            if report.created + report.updated + report.unchanged == 0 && report.rejected > 0 {
                bail!("no row could be imported");
            }
            Ok(())
        }
    }
}
