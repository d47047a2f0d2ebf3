//! Command-line interface (clap). Each subcommand lives in its own file.

mod accounting;
mod admin;
mod customers;
mod export;
mod import;
mod invoices;
mod letzshop;
mod orders;
mod reports;
mod serve;
mod vat;

use clap::{Parser, Subcommand};

/// A module's error as the CLI reports it: its sentence, or the first invalid field (with
/// the option's spelling, `--no-such-option` style) when the input was wrong.
/// The database (migrated, modules composed) and the store named `code`, for the commands
/// that work in one store.
pub(crate) async fn open_store(
    code: &str,
) -> anyhow::Result<(orion_db::Db, orion_tenancy::entity::store::Model)> {
    use anyhow::Context;
    let config = orion_app::Config::load()?;
    let db = orion_app::compose::open(&config.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = orion_tenancy::service::admin::store_by_code(db.conn(), code)
        .await
        .map_err(failure)?
        .with_context(|| format!("no store with code {code}"))?;
    Ok((db, store))
}

pub(crate) fn failure(e: impl orion_kernel::DomainError) -> anyhow::Error {
    match e.fields().first() {
        Some(f) => anyhow::anyhow!("{}: {}", f.field.replace('_', "-"), f.message),
        None => anyhow::anyhow!("{e}"),
    }
}

#[derive(Parser, Debug)]
#[command(name = "orion", version, about = "Orion — order management for Letzshop sellers", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (applies pending migrations first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Seed demo data (admin, merchant, two stores), print the logins, then serve.
    Demo(serve::DemoArgs),
    /// Administrative tasks.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Customer maintenance.
    #[command(subcommand)]
    Customers(customers::CustomersCommand),
    /// Export data to files.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Order lifecycle: confirm, ship, deliver, cancel.
    #[command(subcommand)]
    Orders(orders::OrdersCommand),
    /// Invoices and credit notes.
    #[command(subcommand)]
    Invoices(invoices::InvoicesCommand),
    /// Reports: rebuild the sales rollups.
    #[command(subcommand)]
    Reports(reports::ReportsCommand),
    /// Secret-key helpers.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// VAT tools: VAT-id checks, rates, regime decisions.
    #[command(subcommand)]
    Vat(vat::VatCommand),
    /// Letzshop tools: simulator, schema check.
    #[command(subcommand)]
    Letzshop(letzshop::LetzshopCommand),
}

#[derive(Subcommand, Debug)]
enum SecretCommand {
    /// Print a new random secret key for ORION_SECRET_KEY.
    Generate,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve => serve::serve(false).await,
        Command::Migrate => serve::migrate().await,
        Command::Demo(args) => serve::demo(args).await,
        Command::Admin(cmd) => admin::run(cmd).await,
        Command::Import(cmd) => import::run(cmd).await,
        Command::Export(cmd) => export::run(cmd).await,
        Command::Customers(cmd) => customers::run(cmd).await,
        Command::Orders(cmd) => orders::run(cmd).await,
        Command::Invoices(cmd) => invoices::run(cmd).await,
        Command::Reports(cmd) => reports::run(cmd).await,
        Command::Secret(SecretCommand::Generate) => {
            println!("{}", orion_app::config::generate_secret());
            Ok(())
        }
        Command::Vat(cmd) => vat::run(cmd),
        Command::Letzshop(cmd) => letzshop::run(cmd).await,
    }
}
