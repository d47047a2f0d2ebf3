//! `orion invoices render --store CODE --number N --out FILE [--format pdf|facturx|ubl]`: an
//! invoice or credit note as its PDF, its Factur-X PDF or its Peppol UBL e-invoice.

use anyhow::Context;
use orion_kernel::StoreId;

/// What `render` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    /// The document's PDF (the stored one; Factur-X when the store had it on at issue).
    Pdf,
    /// The Factur-X PDF/A-3 with the EN 16931 CII XML attached.
    Facturx,
    /// The Peppol BIS Billing 3.0 UBL XML.
    Ubl,
}

#[derive(clap::Subcommand, Debug)]
pub enum InvoicesCommand {
    /// Write an issued invoice or credit note as PDF (the stored one, rendered and stored
    /// first if it never was), Factur-X PDF or UBL e-invoice.
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
        /// pdf, facturx or ubl.
        #[arg(long, value_enum, default_value_t = RenderFormat::Pdf)]
        format: RenderFormat,
    },
}

pub async fn run(cmd: InvoicesCommand) -> anyhow::Result<()> {
    match cmd {
        InvoicesCommand::Render {
            store,
            number,
            out,
            format,
        } => {
            let (db, s) = super::open_store(&store).await?;
            let inv = orion_invoicing::service::find_by_number(db.conn(), StoreId(s.id), &number)
                .await
                .map_err(super::failure)?
                .with_context(|| {
                    format!("store {} has no invoice or credit note {number}", s.code)
                })?;
            let bytes = match format {
                RenderFormat::Pdf => orion_invoicing::pdf::stored_or_render(db.conn(), &inv).await,
                RenderFormat::Facturx => orion_invoicing::pdf::facturx(db.conn(), &inv).await,
                RenderFormat::Ubl => orion_invoicing::einvoice::ubl_of(db.conn(), &inv)
                    .await
                    .map(String::into_bytes),
            }
            .map_err(super::failure)?;
            if out == "-" {
                use std::io::Write;
                std::io::stdout().write_all(&bytes)?;
            } else {
                std::fs::write(&out, &bytes).with_context(|| format!("cannot write {out}"))?;
                eprintln!("{} written to {out} ({} bytes)", inv.number, bytes.len());
            }
            Ok(())
        }
    }
}
