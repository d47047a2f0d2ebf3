//! Running Orion: state from configuration, migrations, and the HTTP server.

use std::net::SocketAddr;
use std::sync::Arc;

use orion_db::Db;
use orion_web::pages::Templates;
use orion_web::{AppState, WebSettings};
use tokio::net::TcpListener;

use crate::config::Config;

/// Everything `serve` needs, built from configuration.
pub async fn state(config: &Config) -> anyhow_like::Result<AppState> {
    let secret_key = config.require_secret()?;
    let db = Db::connect(&config.database_url).await?;
    if let Some(url) = &config.vies_url {
        crate::vat_api::enable_vies(crate::vies::ViesClient::new(url, config.vies_requester)?);
    }
    let templates = Templates::new(template_sources())?;
    crate::compose::install();
    orion_marketplace::service::allow_loopback(
        config.letzshop_allow_loopback.unwrap_or(config.demo),
    );
    orion_webhooks::guard::allow_loopback(config.webhooks_allow_loopback);
    orion_alerts::set_public_url(&config.public_url);
    Ok(AppState {
        db,
        settings: Arc::new(WebSettings {
            secret_key,
            public_url: config.public_url.clone(),
            token_ttl: chrono::Duration::minutes(config.token_ttl_minutes),
            invitation_ttl: chrono::Duration::hours(config.invitation_ttl_hours),
            trial_days: config.trial_days,
            demo: config.demo,
        }),
        auth: Arc::new(orion_tenancy::TokenAuthenticator::default()),
        templates: Arc::new(templates),
        layout: Arc::new(orion_tenancy::pages::TenancyLayout),
        panels: Arc::new(crate::compose::panels()),
        // Filled from the OpenAPI document by `router::build`.
        grants: Arc::default(),
    })
}

/// Every module's page templates, `(name, source)`.
pub fn template_sources() -> Vec<(&'static str, &'static str)> {
    let mut sources = orion_tenancy::pages::templates();
    sources.extend(orion_billing::pages::templates());
    sources.extend(orion_catalog::pages::templates());
    sources.extend(orion_inventory::pages::templates());
    sources.extend(orion_customers::pages::templates());
    sources.extend(orion_orders::pages::templates());
    sources.extend(orion_invoicing::pages::templates());
    sources.extend(orion_purchasing::pages::templates());
    sources.extend(orion_reporting::templates());
    sources.extend(orion_accounting::templates());
    sources.extend(orion_marketplace::pages::templates());
    sources.extend(orion_webhooks::templates());
    sources.extend(orion_messaging::page_templates());
    sources.extend(orion_alerts::templates());
    sources.extend(orion_web::pages::builtin_templates());
    sources
}

/// Starts the background workers (Letzshop sync and outbox, webhook deliveries) when the
/// configuration enables them.
pub fn start_worker(config: &Config, state: &AppState) -> Option<Workers> {
    let every = std::time::Duration::from_secs(config.worker_interval_seconds);
    let (db, key) = (&state.db, &state.settings.secret_key);
    config.worker.then(|| Workers {
        letzshop: orion_marketplace::worker::spawn(db.clone(), key.clone(), every),
        webhooks: orion_webhooks::worker::spawn(db.clone(), key.clone(), every),
        mail: orion_messaging::worker::spawn(db.clone(), config.mail_delivery(), every),
        alerts: orion_alerts::worker::spawn(db.clone(), every),
    })
}

/// The background workers `serve` runs.
pub struct Workers {
    pub letzshop: orion_marketplace::worker::Worker,
    pub webhooks: orion_webhooks::worker::Worker,
    pub mail: orion_messaging::worker::Worker,
    pub alerts: orion_alerts::worker::Worker,
}

impl Workers {
    /// Stops both between rounds.
    pub async fn shutdown(self) {
        self.letzshop.shutdown().await;
        self.webhooks.shutdown().await;
        self.mail.shutdown().await;
        self.alerts.shutdown().await;
    }
}

/// Binds the listener (so callers learn the port before serving).
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// Serves until `shutdown` resolves.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = crate::router::build(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// A boxed error with a readable message for start-up failures.
pub mod anyhow_like {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
