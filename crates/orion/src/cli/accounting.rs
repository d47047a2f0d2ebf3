//! `orion export accounting --store CODE --kind journal|oss|ecsl|vat|faia|package --from --to --out
//! FILE`: the accounting exports from the shell, through the same code as the HTTP API
//! (`orion-accounting`), the long ones streamed page by page with a progress bar. An
//! operator's command: it does not check the merchant's plan.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use orion_accounting::period::{Period, PeriodQuery};
use orion_kernel::{CsvDialect, StoreId};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The sales journal (CSV).
    Journal,
    /// The OSS return of the quarter holding `--from` (CSV).
    Oss,
    /// The EC sales list of the period (CSV; a month or a quarter).
    Ecsl,
    /// The VAT summary (CSV).
    Vat,
    /// The FAIA 2.01 audit file (XML).
    Faia,
    /// The accountant's package (zip): the journal, the VAT summary, every PDF, a manifest.
    Package,
}

#[derive(clap::Args, Debug)]
pub struct AccountingArgs {
    /// Store code, e.g. ACME-LU.
    #[arg(long)]
    store: String,
    #[arg(long, value_enum)]
    kind: Kind,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// Last day, YYYY-MM-DD (inclusive).
    #[arg(long)]
    to: String,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    /// CSV form: `standard` or `excel` (semicolons, BOM, decimal commas).
    #[arg(long, default_value = "standard")]
    dialect: String,
}

fn bar(len: Option<u64>, what: &str) -> ProgressBar {
    let (b, template) = match len {
        Some(n) => (
            ProgressBar::new(n),
            format!("{{spinner}} [{{bar:40}}] {{pos}}/{{len}} {what} ({{eta}})"),
        ),
        None => (
            ProgressBar::new_spinner(),
            format!("{{spinner}} {{bytes}} of {what} written ({{elapsed}})"),
        ),
    };
    b.with_style(
        ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    )
}

pub async fn run(a: AccountingArgs) -> anyhow::Result<()> {
    let dialect = CsvDialect::parse(Some(&a.dialect))
        .map_err(|e| anyhow::anyhow!("--dialect {}", e.0[0].message))?;
    let period = PeriodQuery {
        from: Some(a.from.clone()),
        to: Some(a.to.clone()),
        ..Default::default()
    }
    .period(None)
    .map_err(|e| anyhow::anyhow!("--{} {}", e.0[0].field, e.0[0].message))?;
    let (db, s) = super::open_store(&a.store).await?;
    let store = StoreId(s.id);
    let conn = db.conn().clone();
    let mut file = std::io::BufWriter::with_capacity(
        256 * 1024,
        std::fs::File::create(&a.out)
            .with_context(|| format!("cannot create {}", a.out.display()))?,
    );
    match a.kind {
        Kind::Journal | Kind::Faia => {
            let docs = orion_invoicing::service::queries::count_issued_between(
                &conn,
                store,
                period.from,
                period.to,
            )
            .await
            .map_err(super::failure)?;
            let journal = a.kind == Kind::Journal;
            let progress = if journal {
                bar(Some(docs), "documents")
            } else {
                bar(None, "FAIA")
            };
            let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
            let code = s.code.clone();
            let work = tokio::spawn(async move {
                if journal {
                    orion_accounting::journal::csv_pages(&conn, store, &code, period, dialect, &tx)
                        .await
                        .map(|_| ())
                } else {
                    orion_accounting::faia::export_to(&conn, store, &code, period, &tx)
                        .await
                        .map(|_| ())
                }
            });
            let mut first = true;
            while let Some(chunk) = rx.recv().await {
                file.write_all(&chunk)?;
                if !journal {
                    progress.inc(chunk.len() as u64);
                } else if !std::mem::take(&mut first) {
                    progress.inc(orion_accounting::docs::PAGE.min(docs - progress.position()));
                }
            }
            work.await?.map_err(super::failure)?;
            progress.finish_and_clear();
            println!(
                "wrote {} of {docs} document(s) to {}",
                if journal {
                    "the sales journal"
                } else {
                    "the FAIA file"
                },
                a.out.display()
            );
        }
        Kind::Package => {
            let (m, _) = orion_accounting::package::start(&db, store, period, None, None)
                .await
                .map_err(super::failure)?;
            let progress = bar(Some(m.total as u64), "PDFs ready");
            let runner = {
                let db = db.clone();
                tokio::spawn(async move { orion_accounting::package::run(&db, m.id).await })
            };
            while !runner.is_finished() {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                if let Ok(p) = orion_accounting::package::find(&conn, store, m.id).await {
                    progress.set_position(p.done as u64);
                }
            }
            runner.await?.map_err(super::failure)?;
            progress.finish_and_clear();
            let m = orion_accounting::package::find(&conn, store, m.id)
                .await
                .map_err(super::failure)?;
            if m.status != "done" {
                anyhow::bail!(
                    "the package failed: {}",
                    m.error.unwrap_or_else(|| m.status.clone())
                );
            }
            let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
            let code = s.code.clone();
            let total = m.total;
            let writer = tokio::spawn(async move {
                orion_accounting::package::write_zip(&conn, store, &code, &m, &tx).await
            });
            while let Some(chunk) = rx.recv().await {
                file.write_all(&chunk)?;
            }
            writer.await?.map_err(super::failure)?;
            println!(
                "wrote the accountant's package ({} document(s)) to {}",
                total,
                a.out.display()
            );
        }
        Kind::Oss => {
            let (year, quarter) = Period::quarter_of(period.from);
            let r = orion_accounting::oss::oss_return(&conn, store, year, quarter)
                .await
                .map_err(super::failure)?;
            write_csv(
                &mut file,
                dialect,
                &orion_accounting::oss::CSV_COLUMNS,
                orion_accounting::oss::csv_rows(&r, dialect),
            )?;
            println!(
                "wrote the OSS return of {year} Q{quarter} (due {}) to {}",
                r.deadline,
                a.out.display()
            );
        }
        Kind::Ecsl => {
            let l = orion_accounting::ecsl::ec_sales_list(&conn, store, period)
                .await
                .map_err(super::failure)?;
            write_csv(
                &mut file,
                dialect,
                &orion_accounting::ecsl::CSV_COLUMNS,
                orion_accounting::ecsl::csv_rows(&l, dialect),
            )?;
            println!(
                "wrote the EC sales list ({} buyer(s), filed {}) to {}",
                l.lines.len(),
                l.frequency,
                a.out.display()
            );
        }
        Kind::Vat => {
            let v = orion_accounting::vat_summary::vat_summary(&conn, store, period)
                .await
                .map_err(super::failure)?;
            write_csv(
                &mut file,
                dialect,
                &orion_accounting::vat_summary::CSV_COLUMNS,
                orion_accounting::vat_summary::csv_rows(&v, dialect),
            )?;
            println!("wrote the VAT summary to {}", a.out.display());
        }
    }
    file.flush()?;
    Ok(())
}

fn write_csv(
    out: &mut impl Write,
    dialect: CsvDialect,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> anyhow::Result<()> {
    out.write_all(&orion_accounting::journal::csv_document(
        dialect, header, rows,
    ))?;
    Ok(())
}
