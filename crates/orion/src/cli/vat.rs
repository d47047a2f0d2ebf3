//! `orion vat ...`: wired to the orion-vat crate.

#[derive(clap::Subcommand, Debug)]
pub enum VatCommand {
    /// Validate VAT identification numbers (arguments, or one per line on stdin).
    Check { numbers: Vec<String> },
}

pub fn run(cmd: VatCommand) -> anyhow::Result<()> {
    match cmd {
        VatCommand::Check { .. } => anyhow::bail!("not wired yet"),
    }
}
