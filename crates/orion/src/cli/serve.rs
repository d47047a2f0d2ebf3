//! `orion serve`, `orion migrate`, `orion demo`.

use std::time::Instant;

use anyhow::Context;
use orion_app::{Config, demo, migrate, serve};
use orion_db::Db;

pub async fn migrate() -> anyhow::Result<()> {
    let config = Config::load()?;
    let db = Db::connect(&config.database_url).await?;
    let n = migrate::run(&db).await.context("migration failed")?;
    println!(
        "{n} migration(s) applied; database {} is up to date",
        orion_db::redact(&config.database_url)
    );
    Ok(())
}

pub async fn serve(demo_mode: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut config = Config::load()?;
    config.demo = demo_mode;
    let state = serve::state(&config)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    migrate::run(&state.db).await.context("migration failed")?;
    let listener = serve::bind(config.bind)
        .await
        .with_context(|| format!("ORION_BIND: cannot listen on {}", config.bind))?;
    tracing::info!(addr = %config.bind, elapsed_ms = started.elapsed().as_millis() as u64, "Orion is listening");
    let worker = serve::start_worker(&config, &state);
    // Bulk order jobs a stopped server left are finished without waiting for a reader.
    let sweeper = config.worker.then(|| {
        orion_orders::bulk::resume::spawn_sweeper(
            state.db.clone(),
            std::time::Duration::from_secs(30),
        )
    });
    let served = serve::run(listener, state, serve::shutdown_signal()).await;
    if let Some(w) = worker {
        w.shutdown().await;
    }
    if let Some(s) = sweeper {
        s.abort();
    }
    served?;
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Seed the demo data and exit instead of serving.
    #[arg(long)]
    seed_only: bool,
}

pub async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    let mut config = Config::load()?;
    config.demo = true;
    let db = orion_app::compose::open(&config.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    let logins = demo::seed(&db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding demo data failed: {e}"))?;
    println!(
        "Orion demo data is ready in {}.",
        orion_db::redact(&config.database_url)
    );
    println!();
    println!(
        "  {:<16} {:<22} {:<18} stores",
        "role", "e-mail", "password"
    );
    for l in &logins {
        println!(
            "  {:<16} {:<22} {:<18} {}",
            l.role, l.email, l.password, l.stores
        );
    }
    println!();
    if args.seed_only {
        return Ok(());
    }
    let secret = config
        .require_secret()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The demo's Letzshop is the simulator on loopback.
    orion_marketplace::service::allow_loopback(config.letzshop_allow_loopback.unwrap_or(true));
    let (_simulator, synced) = demo::letzshop(&db, &secret).await.map_err(|e| {
        anyhow::anyhow!("connecting the demo stores to the Letzshop simulator failed: {e}")
    })?;
    println!(
        "Letzshop simulator running at {} (no real Letzshop is called).",
        _simulator.endpoint()
    );
    for s in &synced {
        println!(
            "  {}: {} order(s) imported from the simulator, {} unmatched item(s), {} error(s)",
            s.store, s.imported, s.exceptions, s.errors
        );
    }
    println!();
    println!("Open {} and log in (Ctrl-C to stop).", config.public_url);
    serve(true).await
}
