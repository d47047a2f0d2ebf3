//! Letzshop connections (credentials), leases, jobs, the sync log, and the runtime settings
//! of the module.

use std::sync::RwLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use orion_kernel::StoreRef;
use orion_kernel::{FieldError, Invalid, Pagination, StoreId};
use orion_letzshop::{Client, ClientOptions};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::crypto;
use crate::entity::{connection, job, sync_log};
use crate::error::MarketplaceError;

pub const DEFAULT_ENDPOINT: &str = "https://letzshop.lu/graphql";

/// Runtime settings of the module (client tuning, leases, outbox retries). Environment:
/// `ORION_LETZSHOP_TIMEOUT_MS`, `ORION_LETZSHOP_MAX_RETRIES`, `ORION_LETZSHOP_PAGE_SIZE`,
/// `ORION_LETZSHOP_OUTBOX_MAX_ATTEMPTS`, `ORION_LETZSHOP_LEASE_SECONDS`. Tests call [`configure`] with small timeouts.
#[derive(Debug, Clone)]
pub struct Settings {
    pub client: ClientOptions,
    /// How long a store's sync lease (and an outbox row's sending lease) lasts without renewal.
    pub lease: Duration,
    /// Attempts before an outbox row is `failed` (it stays retryable by hand).
    pub outbox_max_attempts: i32,
    /// First outbox retry delay; doubled per attempt (capped at one hour).
    pub outbox_backoff: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        let env = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let mut client = ClientOptions::default();
        if let Some(ms) = env("ORION_LETZSHOP_TIMEOUT_MS") {
            client.timeout = Duration::from_millis(ms.max(100));
        }
        if let Some(n) = env("ORION_LETZSHOP_MAX_RETRIES") {
            client.max_retries = n.min(20) as u32;
        }
        if let Some(n) = env("ORION_LETZSHOP_PAGE_SIZE") {
            client.page_size = n.clamp(1, 1000) as u32;
        }
        Settings {
            client,
            lease: Duration::from_secs(
                env("ORION_LETZSHOP_LEASE_SECONDS")
                    .unwrap_or(60)
                    .clamp(2, 3600),
            ),
            outbox_max_attempts: env("ORION_LETZSHOP_OUTBOX_MAX_ATTEMPTS")
                .map(|n| n.clamp(1, 100) as i32)
                .unwrap_or(8),
            outbox_backoff: Duration::from_secs(5),
        }
    }
}

static SETTINGS: RwLock<Option<Settings>> = RwLock::new(None);

/// The module's settings (defaults from the environment on first use).
pub fn settings() -> Settings {
    if let Some(s) = SETTINGS.read().ok().and_then(|g| g.clone()) {
        return s;
    }
    let s = Settings::default();
    if let Ok(mut g) = SETTINGS.write() {
        *g = Some(s.clone());
    }
    s
}

/// Replaces the module's settings (process-wide).
pub fn configure(s: Settings) {
    if let Ok(mut g) = SETTINGS.write() {
        *g = Some(s);
    }
}

/// A fresh, random lease owner for one run (two runs never share one, even in one process).
pub fn new_owner() -> String {
    use rand::RngCore;
    let mut b = [0u8; 8];
    rand::rng().fill_bytes(&mut b);
    format!("{}-{}", std::process::id(), hex::encode(b))
}

/// The store (merchant, code, country) as the orders module needs it.
pub async fn store_ref(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<StoreRef, MarketplaceError> {
    Ok(orion_tenancy::service::admin::store_ref(conn, store).await?)
}

/// `PUT /api/v1/store/letzshop/credentials`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialsIn {
    /// The Letzshop API key (stored encrypted, never returned).
    pub api_key: String,
    /// GraphQL endpoint (default https://letzshop.lu/graphql).
    pub endpoint: Option<String>,
    /// Sync periodically in the background (default false).
    pub auto_sync: Option<bool>,
    /// Minutes between automatic syncs, at least 5 (default 15).
    pub sync_interval_minutes: Option<i32>,
    /// Carrier sent with tracking numbers when the shipment names none.
    pub default_carrier: Option<String>,
}

/// The connection as the API shows it: never the key, only its last 4 characters.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CredentialsOut {
    pub key_last4: String,
    pub endpoint: String,
    /// True when the endpoint is Letzshop production (there is no sandbox).
    pub production: bool,
    pub auto_sync: bool,
    pub sync_interval_minutes: i32,
    pub default_carrier: Option<String>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub next_sync_at: Option<DateTime<Utc>>,
    /// True while an instance holds the store's sync lease.
    pub syncing: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<connection::Model> for CredentialsOut {
    fn from(c: connection::Model) -> Self {
        CredentialsOut {
            production: is_production(&c.endpoint),
            syncing: c.lease_expires_at.is_some_and(|t| t > Utc::now()),
            key_last4: c.key_last4,
            endpoint: c.endpoint,
            auto_sync: c.auto_sync,
            sync_interval_minutes: c.sync_interval_minutes,
            default_carrier: c.default_carrier,
            last_sync_at: c.last_sync_at,
            next_sync_at: c.next_sync_at,
            updated_at: c.updated_at,
        }
    }
}

/// The host of an endpoint URL, lower-case, without port or IPv6 brackets.
fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?.to_owned(),
        None => authority.split(':').next()?.to_owned(),
    };
    Some(host.to_ascii_lowercase())
}

fn is_letzshop_host(host: &str) -> bool {
    host == "letzshop.lu" || host.ends_with(".letzshop.lu")
}

pub fn is_production(endpoint: &str) -> bool {
    host_of(endpoint).is_some_and(|h| is_letzshop_host(&h))
}

static ALLOW_LOOPBACK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether loopback endpoints (the simulator) are accepted: off by default, turned on by
/// `orion demo`, the tests and `ORION_LETZSHOP_ALLOW_LOOPBACK=on` (set once at start-up).
pub fn allow_loopback(on: bool) {
    ALLOW_LOOPBACK.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn is_loopback(host: &str) -> bool {
    ALLOW_LOOPBACK.load(std::sync::atomic::Ordering::Relaxed) && is_loopback_host(host)
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Extra https hosts an operator allows besides letzshop.lu (`ORION_LETZSHOP_ALLOWED_HOSTS`,
/// comma-separated; `*` allows any). Store users cannot make Orion call arbitrary hosts.
fn extra_allowed_hosts() -> Vec<String> {
    std::env::var("ORION_LETZSHOP_ALLOWED_HOSTS")
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect()
}

fn validate_endpoint(raw: &str, e: &mut Vec<FieldError>) -> String {
    let v = raw.trim().to_owned();
    let shape_ok = v.len() <= 500 && !v.chars().any(char::is_whitespace);
    let scheme = v.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    let problem = match (host_of(&v), scheme.as_deref()) {
        _ if !shape_ok => Some("must be a URL of at most 500 characters without spaces"),
        (Some(h), Some("http")) if is_loopback(&h) => None,
        (Some(h), Some("https")) if is_letzshop_host(&h) || is_loopback(&h) => None,
        (Some(h), Some("https")) => {
            let extra = extra_allowed_hosts();
            (!extra.iter().any(|a| a == "*" || *a == h)).then_some(
                "must be on letzshop.lu (or a loopback simulator); the operator can allow other hosts with ORION_LETZSHOP_ALLOWED_HOSTS",
            )
        }
        _ => Some("must be an https:// URL (http:// only for a loopback simulator)"),
    };
    if let Some(msg) = problem {
        e.push(FieldError::new("endpoint", msg));
    }
    v
}

/// Saves (creates or replaces) the store's connection.
pub async fn save_credentials(
    conn: &impl ConnectionTrait,
    secret: &[u8],
    store: StoreId,
    body: CredentialsIn,
) -> Result<(connection::Model, bool), MarketplaceError> {
    let mut e = Vec::new();
    let key = body.api_key.trim().to_owned();
    if key.len() < 4 || key.len() > 500 || key.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        e.push(FieldError::new(
            "api_key",
            "must be 4–500 characters without spaces",
        ));
    }
    let endpoint = validate_endpoint(body.endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT), &mut e);
    let interval = body.sync_interval_minutes.unwrap_or(15);
    if !(5..=24 * 60).contains(&interval) {
        e.push(FieldError::new(
            "sync_interval_minutes",
            "must be between 5 and 1440",
        ));
    }
    let carrier = body
        .default_carrier
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if carrier.as_ref().is_some_and(|c| c.chars().count() > 50) {
        e.push(FieldError::new(
            "default_carrier",
            "must be at most 50 characters",
        ));
    }
    if !e.is_empty() {
        return Err(Invalid(e).into());
    }
    let (ct, nonce) = crypto::encrypt(secret, store.0, &key);
    let last4: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let now = Utc::now();
    let auto = body.auto_sync.unwrap_or(false);
    let existing = connection::Entity::find_by_id(store.0).one(conn).await?;
    let next = auto.then_some(now);
    let created = existing.is_none();
    let m = match existing {
        Some(c) => {
            let mut a: connection::ActiveModel = c.into();
            a.api_key_ciphertext = Set(ct);
            a.api_key_nonce = Set(nonce);
            a.key_last4 = Set(last4);
            a.endpoint = Set(endpoint);
            a.auto_sync = Set(auto);
            a.sync_interval_minutes = Set(interval);
            a.default_carrier = Set(carrier);
            a.next_sync_at = Set(next);
            a.updated_at = Set(now);
            a.update(conn).await?
        }
        None => {
            connection::ActiveModel {
                store_id: Set(store.0),
                api_key_ciphertext: Set(ct),
                api_key_nonce: Set(nonce),
                key_last4: Set(last4),
                endpoint: Set(endpoint),
                auto_sync: Set(auto),
                sync_interval_minutes: Set(interval),
                default_carrier: Set(carrier),
                last_sync_at: Set(None),
                next_sync_at: Set(next),
                lease_owner: Set(None),
                lease_expires_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?
        }
    };
    Ok((m, created))
}

pub async fn find_connection(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Option<connection::Model>, MarketplaceError> {
    connection::Entity::find_by_id(store.0)
        .one(conn)
        .await
        .map_err(Into::into)
}

pub async fn connection(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<connection::Model, MarketplaceError> {
    find_connection(conn, store)
        .await?
        .ok_or(MarketplaceError::NotConnected)
}

pub async fn delete_credentials(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<bool, MarketplaceError> {
    let r = connection::Entity::delete_by_id(store.0).exec(conn).await?;
    Ok(r.rows_affected > 0)
}

/// A client for the store's connection (the key decrypted in memory only).
pub fn client_for(secret: &[u8], c: &connection::Model) -> Result<Client, MarketplaceError> {
    let key = crypto::decrypt(secret, c.store_id, &c.api_key_ciphertext, &c.api_key_nonce)
        .ok_or(MarketplaceError::KeyUnreadable)?;
    Client::new(&c.endpoint, &key, settings().client)
        .map_err(|e| Invalid::field("endpoint", e.to_string()).into())
}

// ---------------------------------------------------------------------------------------
// Leases: a conditional UPDATE claims the store's sync for one run across instances.

fn lease_until(now: DateTime<Utc>) -> DateTime<Utc> {
    now + chrono::Duration::from_std(settings().lease).unwrap_or(chrono::Duration::seconds(60))
}

/// Claims the store's sync lease for `owner` when it is free or expired. True when claimed.
pub async fn claim_store(
    conn: &impl ConnectionTrait,
    store: StoreId,
    owner: &str,
) -> Result<bool, MarketplaceError> {
    let now = Utc::now();
    let r = connection::Entity::update_many()
        .col_expr(connection::Column::LeaseOwner, Expr::value(owner))
        .col_expr(
            connection::Column::LeaseExpiresAt,
            Expr::value(lease_until(now)),
        )
        .filter(connection::Column::StoreId.eq(store.0))
        .filter(
            Condition::any()
                .add(connection::Column::LeaseExpiresAt.is_null())
                .add(connection::Column::LeaseExpiresAt.lt(now)),
        )
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Extends `owner`'s lease; false when it was lost (expired and claimed by another).
pub async fn extend_store(
    conn: &impl ConnectionTrait,
    store: StoreId,
    owner: &str,
) -> Result<bool, MarketplaceError> {
    let r = connection::Entity::update_many()
        .col_expr(
            connection::Column::LeaseExpiresAt,
            Expr::value(lease_until(Utc::now())),
        )
        .filter(connection::Column::StoreId.eq(store.0))
        .filter(connection::Column::LeaseOwner.eq(owner))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn release_store(
    conn: &impl ConnectionTrait,
    store: StoreId,
    owner: &str,
) -> Result<(), MarketplaceError> {
    connection::Entity::update_many()
        .col_expr(
            connection::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            connection::Column::LeaseExpiresAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(connection::Column::StoreId.eq(store.0))
        .filter(connection::Column::LeaseOwner.eq(owner))
        .exec(conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Jobs.

pub async fn create_job(
    conn: &impl ConnectionTrait,
    store: StoreId,
    kind: &str,
) -> Result<job::Model, MarketplaceError> {
    let now = Utc::now();
    job::ActiveModel {
        store_id: Set(store.0),
        kind: Set(kind.into()),
        status: Set("queued".into()),
        phase: Set("unconfirmed".into()),
        cursor: Set(None),
        pages: Set(0),
        imported: Set(0),
        updated: Set(0),
        held: Set(0),
        exceptions: Set(0),
        unchanged: Set(0),
        errors: Set("[]".into()),
        lease_owner: Set(None),
        created_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(Into::into)
}

pub async fn find_job(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<job::Model, MarketplaceError> {
    Ok(
        orion_db::query::find_in_store::<job::Entity>(conn, job::Column::StoreId, store, id, "Job")
            .await?,
    )
}

pub async fn recent_jobs(
    conn: &impl ConnectionTrait,
    store: StoreId,
    n: u64,
) -> Result<Vec<job::Model>, MarketplaceError> {
    job::Entity::find()
        .filter(job::Column::StoreId.eq(store.0))
        .order_by_desc(job::Column::Id)
        .limit(n)
        .all(conn)
        .await
        .map_err(Into::into)
}

/// The oldest unfinished job of the store (queued, or running but orphaned by a crash).
pub async fn next_job(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Option<job::Model>, MarketplaceError> {
    job::Entity::find()
        .filter(job::Column::StoreId.eq(store.0))
        .filter(job::Column::Status.is_in(["queued", "running"]))
        .order_by_asc(job::Column::Id)
        .one(conn)
        .await
        .map_err(Into::into)
}

// ---------------------------------------------------------------------------------------
// Sync log.

pub async fn log(
    conn: &impl ConnectionTrait,
    store: StoreId,
    operation: &str,
    counts: serde_json::Value,
    duration_ms: i64,
    error: Option<String>,
) -> Result<(), MarketplaceError> {
    sync_log::ActiveModel {
        store_id: Set(store.0),
        operation: Set(operation.into()),
        counts: Set(counts.to_string()),
        duration_ms: Set(duration_ms),
        error: Set(error.map(|e| e.chars().take(2000).collect())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn log_page(
    conn: &impl ConnectionTrait,
    store: StoreId,
    p: &Pagination,
) -> Result<(Vec<sync_log::Model>, u64), MarketplaceError> {
    let q = sync_log::Entity::find()
        .filter(sync_log::Column::StoreId.eq(store.0))
        .order_by_desc(sync_log::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

#[cfg(test)]
mod endpoint_tests {
    use super::*;

    #[test]
    fn hosts_are_parsed_without_port_case_or_brackets() {
        assert_eq!(
            host_of("https://LetzShop.lu:443/graphql").as_deref(),
            Some("letzshop.lu")
        );
        assert_eq!(host_of("http://[::1]:8089/graphql").as_deref(), Some("::1"));
        assert_eq!(
            host_of("http://user@127.0.0.1/graphql"),
            None,
            "no credentials in URLs"
        );
        assert_eq!(host_of("letzshop.lu/graphql"), None);
    }

    #[test]
    fn only_letzshop_and_real_loopback_qualify() {
        assert!(is_letzshop_host("letzshop.lu") && is_letzshop_host("api.letzshop.lu"));
        assert!(
            !is_letzshop_host("letzshop.lu.evil.example") && !is_letzshop_host("evilletzshop.lu")
        );
        assert!(is_loopback_host("127.0.0.1") && is_loopback_host("127.1.2.3"));
        assert!(is_loopback_host("::1") && is_loopback_host("localhost"));
        assert!(
            !is_loopback_host("127.evil.example") && !is_loopback_host("localhost.evil.example")
        );
        assert!(is_production("https://letzshop.lu/graphql"));
        assert!(!is_production("http://127.0.0.1:9/letzshop.lu"));
    }
}
