//! `orion letzshop ...`: the Letzshop simulator and the schema check (protocol tools from
//! `orion-letzshop`; see `docs/modules/letzshop`).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use orion_letzshop::{Client, ClientOptions, FaultKind, SimulatorConfig};

#[derive(clap::Subcommand, Debug)]
pub enum LetzshopCommand {
    /// Serve a Letzshop look-alike GraphQL API at http://BIND/graphql until killed
    /// (deterministic data from the seed, optional fault injection).
    Simulate(SimulateArgs),
    /// Introspect a Letzshop GraphQL endpoint and report every type, field, argument,
    /// mutation, input field and enum value Orion uses that is missing. Exit code 0 when
    /// complete, 1 otherwise. Read-only (introspection only), safe against production.
    CheckSchema(CheckSchemaArgs),
    /// Import a store's past Letzshop orders (every shipment, confirmed ones included) through
    /// its saved connection, with a progress bar. Idempotent: already imported shipments are
    /// only re-checked. Resumes a job interrupted earlier.
    ImportHistory(ImportHistoryArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportHistoryArgs {
    /// Store code, e.g. ACME-LU.
    #[arg(long)]
    store: String,
}

#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8089")]
    bind: SocketAddr,
    /// API key of vendor 1; vendor N > 1 uses KEY-N.
    #[arg(long, default_value = "sim-key")]
    api_key: String,
    /// Number of shipments at start (spread over the vendors).
    #[arg(long, default_value_t = 100)]
    shipments: usize,
    /// Seed of the generated data and of the fault draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of vendors (API keys).
    #[arg(long, default_value_t = 1)]
    vendors: usize,
    /// Probability (0.0–1.0) that a request is faulted.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The "slow" fault answers after 2 × this many milliseconds.
    #[arg(long, default_value_t = 3000)]
    timeout_hint_ms: u64,
    /// Comma-separated fault kinds to draw from: http500, http502, http429, slow, truncated,
    /// graphql-error, duplicate-nodes, applied-but-lost (default: all).
    #[arg(long, value_delimiter = ',', value_parser = parse_fault)]
    faults: Vec<FaultKind>,
}

fn parse_fault(s: &str) -> Result<FaultKind, String> {
    FaultKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = FaultKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown fault kind {s:?} (one of {})", all.join(", "))
    })
}

#[derive(clap::Args, Debug)]
pub struct CheckSchemaArgs {
    /// GraphQL endpoint, e.g. https://letzshop.lu/graphql or the simulator's.
    #[arg(long)]
    endpoint: String,
    /// API key (Bearer); or set LETZSHOP_API_KEY.
    #[arg(long, env = "LETZSHOP_API_KEY", hide_env_values = true)]
    api_key: String,
    /// Request timeout in seconds.
    #[arg(long, default_value_t = 20)]
    timeout_secs: u64,
}

pub async fn run(cmd: LetzshopCommand) -> anyhow::Result<()> {
    match cmd {
        LetzshopCommand::Simulate(a) => simulate(a).await,
        LetzshopCommand::CheckSchema(a) => check_schema(a).await,
        LetzshopCommand::ImportHistory(a) => import_history(a).await,
    }
}

async fn import_history(a: ImportHistoryArgs) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};
    use orion_kernel::StoreId;
    let config = orion_app::Config::load()?;
    let secret = config.require_secret()?;
    let (db, s) = super::open_store(&a.store).await?;
    let store = StoreId(s.id);
    let conn = orion_marketplace::service::connection(db.conn(), store)
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "store {} has no Letzshop connection; save the key on the Letzshop page or with PUT /api/v1/store/letzshop/credentials",
                a.store
            )
        })?;
    if orion_marketplace::service::is_production(&conn.endpoint) {
        eprintln!(
            "Note: {} is Letzshop production (there is no sandbox). Importing only reads orders.",
            conn.endpoint
        );
    }
    let job = orion_marketplace::service::create_job(db.conn(), store, "history")
        .await
        .map_err(super::failure)?;
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let (db2, job_id) = (db.clone(), job.id);
    let run = tokio::spawn(async move {
        orion_marketplace::sync::claim_and_run(
            &db2,
            &secret,
            store,
            job_id,
            Duration::from_secs(600),
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        )
        .await
    });
    while !run.is_finished() {
        if let Ok(j) = orion_marketplace::service::find_job(db.conn(), store, job_id).await {
            bar.set_message(format!(
                "{} · phase {} · {} page(s) · {} imported · {} updated · {} unchanged · {} held · {} exception(s)",
                j.status, j.phase, j.pages, j.imported, j.updated, j.unchanged, j.held, j.exceptions
            ));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bar.finish_and_clear();
    let done = run
        .await?
        .map_err(super::failure)?
        .context("another sync of this store kept running for 10 minutes; the import was queued")?;
    let c = orion_marketplace::sync::SyncCounts::of(&done);
    println!(
        "Historical import {}: {} page(s), {} imported ({} held), {} updated, {} unchanged, {} exception(s), {} error(s)",
        c.status,
        c.pages,
        c.imported,
        c.held,
        c.updated,
        c.unchanged,
        c.exceptions,
        c.errors.len()
    );
    for e in c.errors.iter().take(20) {
        eprintln!("  {e}");
    }
    if c.status != "done" {
        anyhow::bail!("the import stopped early; run it again to resume");
    }
    Ok(())
}

async fn simulate(a: SimulateArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&a.error_rate),
        "--error-rate must be between 0 and 1"
    );
    anyhow::ensure!(a.vendors >= 1, "--vendors must be at least 1");
    let cfg = SimulatorConfig {
        api_key: a.api_key,
        shipments: a.shipments,
        seed: a.seed,
        vendors: a.vendors,
        error_rate: a.error_rate,
        latency_ms: a.latency_ms,
        timeout_hint_ms: a.timeout_hint_ms,
        faults: if a.faults.is_empty() {
            FaultKind::ALL.to_vec()
        } else {
            a.faults
        },
    };
    let vendors = cfg.vendors;
    let handle = orion_letzshop::start_simulator(a.bind, cfg)
        .await
        .with_context(|| format!("cannot listen on {}", a.bind))?;
    println!("Letzshop simulator: {}", handle.endpoint());
    for v in 0..vendors {
        if let Some(k) = handle.api_key(v) {
            println!(
                "  vendor {}: api key {k}, {} shipments",
                v + 1,
                handle.shipment_ids(v).len()
            );
        }
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    handle.shutdown();
    Ok(())
}

async fn check_schema(a: CheckSchemaArgs) -> anyhow::Result<()> {
    let client = Client::new(
        &a.endpoint,
        &a.api_key,
        ClientOptions {
            timeout: Duration::from_secs(a.timeout_secs.max(1)),
            max_retries: 2,
            ..ClientOptions::default()
        },
    )?;
    let report = orion_letzshop::check_schema(&client).await?;
    if report.is_complete() {
        println!(
            "OK: all {} items Orion uses are present at {}",
            report.checked, a.endpoint
        );
        return Ok(());
    }
    println!(
        "{} of {} items Orion uses are MISSING at {}:",
        report.missing.len(),
        report.checked,
        a.endpoint
    );
    for m in &report.missing {
        println!("  missing: {m}");
    }
    anyhow::bail!(
        "schema incomplete: {} item(s) missing (adjust crates/orion-letzshop/src/queries.rs)",
        report.missing.len()
    )
}
