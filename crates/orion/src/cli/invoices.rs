//! `orion invoices render --store CODE --number N --out FILE`: an invoice or credit note as PDF.

use anyhow::Context;
use orion_kernel::StoreId;

#[derive(clap::Subcommand, Debug)]
pub enum InvoicesCommand {
    /// Write the PDF of an issued invoice or credit note (the stored one, rendered and
    /// stored first if it never was).
    Render {
        /// Store code, e.g. ACME-LU.
        #[arg(long)]
        store: String,
        /// Document number, e.g. INV-2026-00001.
        #[arg(long)]
        number: String,
        /// Output file (`-` for standard output).
        #[arg(long)]
        out: String,
    },
}

pub async fn run(cmd: InvoicesCommand) -> anyhow::Result<()> {
    match cmd {
        InvoicesCommand::Render { store, number, out } => {
            let (db, s) = super::open_store(&store).await?;
            let inv = orion_invoicing::service::find_by_number(db.conn(), StoreId(s.id), &number)
                .await
                .map_err(super::failure)?
                .with_context(|| {
                    format!("store {} has no invoice or credit note {number}", s.code)
                })?;
            let pdf = orion_invoicing::pdf::stored_or_render(db.conn(), &inv)
                .await
                .map_err(super::failure)?;
            if out == "-" {
                use std::io::Write;
                std::io::stdout().write_all(&pdf)?;
            } else {
                std::fs::write(&out, &pdf).with_context(|| format!("cannot write {out}"))?;
                eprintln!("{} written to {out} ({} bytes)", inv.number, pdf.len());
            }
            Ok(())
        }
    }
}
