//! `orion export customers --store CODE --out FILE [filters]`: the customer CSV from the
//! shell, with a progress bar. The rows go through the same rendering code as the HTTP
//! export (`orion_customers::export::write_csv`), page by page, so memory stays flat.
//! This is an operator's command: it does not check the merchant's plan.

use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use orion_kernel::StoreId;

#[derive(clap::Subcommand, Debug)]
pub enum ExportCommand {
    /// Accounting exports of a store for a period: sales journal, OSS return, EC sales
    /// list, VAT summary, FAIA 2.01.
    Accounting(super::accounting::AccountingArgs),
    /// Export a store's customers as CSV (the columns of the API export).
    Customers {
        /// Store code, e.g. ACME-LU.
        #[arg(long)]
        store: String,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
        /// Customers created on or after this day (YYYY-MM-DD, Luxembourg calendar).
        #[arg(long)]
        created_from: Option<String>,
        /// Customers created on or before this day.
        #[arg(long)]
        created_to: Option<String>,
        /// Customers whose last order is on or after this day.
        #[arg(long)]
        ordered_from: Option<String>,
        /// Customers whose last order is on or before this day.
        #[arg(long)]
        ordered_to: Option<String>,
        /// Only customers who gave (true) or did not give (false) marketing consent.
        #[arg(long)]
        marketing_consent: Option<String>,
        /// Only customers with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// `standard` (comma-separated) or `excel` (semicolon-separated UTF-8 with a
        /// byte-order mark and decimal commas, for spreadsheets in French or German).
        #[arg(long, default_value = "standard")]
        dialect: String,
    },
}

pub async fn run(cmd: ExportCommand) -> anyhow::Result<()> {
    match cmd {
        ExportCommand::Accounting(a) => super::accounting::run(a).await,
        ExportCommand::Customers {
            store,
            out,
            created_from,
            created_to,
            ordered_from,
            ordered_to,
            marketing_consent,
            tag,
            dialect,
        } => {
            let dialect = orion_kernel::CsvDialect::parse(Some(&dialect))
                .map_err(|e| anyhow::anyhow!("--dialect {}", e.0[0].message))?;
            let filter = orion_customers::export::ExportQuery {
                created_from,
                created_to,
                ordered_from,
                ordered_to,
                marketing_consent,
                tag,
            }
            .parse()
            .map_err(super::failure)?;
            let (db, s) = super::open_store(&store).await?;
            let store_id = StoreId(s.id);
            let total = orion_customers::export::count(db.conn(), store_id, &filter)
                .await
                .map_err(super::failure)?;
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let bar = ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} customers ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            let rows = orion_customers::export::write_csv(
                db.conn(),
                store_id,
                &filter,
                dialect,
                BufWriter::with_capacity(256 * 1024, file),
                |n| bar.set_position(n),
            )
            .await
            .map_err(super::failure)?;
            bar.finish_and_clear();
            println!("exported {rows} customers to {}", out.display());
            Ok(())
        }
    }
}
