//! Database access for Orion. [`Db::connect`] picks SQLite or PostgreSQL from the URL scheme
//! and applies the SQLite settings Orion relies on (WAL, foreign keys, busy timeout).
//! [`Db::begin_write`] opens a write transaction that takes SQLite's write lock up front
//! (`BEGIN IMMEDIATE`) so concurrent writers queue instead of failing. [`errors`] maps
//! database errors that users can cause (unique violations) to API errors. This is the only
//! crate that knows which backend is in use.

pub mod changes;
pub mod errors;
pub mod events;
pub mod lease;
pub mod migration;
pub mod query;
pub mod sequence;

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

pub use sea_orm;
pub use sea_orm_migration;

#[derive(Debug, thiserror::Error)]
pub enum DbConfigError {
    #[error(
        "ORION_DATABASE_URL: unsupported scheme in {0:?}; use sqlite://PATH or postgres://USER:PASS@HOST/DB"
    )]
    UnsupportedScheme(String),
    #[error("ORION_DATABASE_URL: cannot connect to {url}: {source}")]
    Connect { url: String, source: DbErr },
}

/// Which database a URL points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, DbConfigError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbConfigError::UnsupportedScheme(redact(url)))
        }
    }
}

/// A pooled connection to Orion's database.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
}

impl Db {
    /// Connects to `url`; a missing SQLite file is created.
    pub async fn connect(url: &str) -> Result<Self, DbConfigError> {
        let backend = Backend::from_url(url)?;
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        match backend {
            Backend::Sqlite => {
                opts.max_connections(8)
                    .min_connections(1)
                    .map_sqlx_sqlite_opts(|o| {
                        o.create_if_missing(true)
                            .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                            .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                            .foreign_keys(true)
                            .busy_timeout(Duration::from_secs(30))
                    });
            }
            Backend::Postgres => {
                opts.max_connections(16).min_connections(1);
            }
        }
        let conn =
            sea_orm::Database::connect(opts)
                .await
                .map_err(|source| DbConfigError::Connect {
                    url: redact(url),
                    source,
                })?;
        Ok(Db { conn, backend })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction for work that writes. On SQLite it takes the write lock at `BEGIN`,
    /// so a read-then-write transaction never fails on lock upgrade under concurrency.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.conn.begin_with_options(opts).await
    }

    /// `SELECT 1`: is the database reachable?
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.execute_unprepared("SELECT 1").await.map(|_| ())
    }

    pub fn db_backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }
}

/// The URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Serialises schema migrations between app instances: PostgreSQL takes a transaction-scoped
/// advisory lock; SQLite's `BEGIN IMMEDIATE` already holds the single write lock.
pub async fn lock_for_migrations(tx: &DatabaseTransaction) -> Result<(), DbErr> {
    if tx.get_database_backend() == DatabaseBackend::Postgres {
        // Arbitrary constant shared by every Orion instance ("ORION" on a phone keypad).
        tx.execute_unprepared("SELECT pg_advisory_xact_lock(67466)")
            .await?;
    }
    Ok(())
}

/// Serialises writers of one logical resource until the end of `tx`, across app instances:
/// PostgreSQL takes a transaction-scoped advisory lock; on SQLite the write transaction
/// (`BEGIN IMMEDIATE`) already holds the database's single write lock. Use it before
/// counting live rows against a limit. The module that owns the resource names it
/// (`namespace`, e.g. `"tenancy.team"`) and gives its key (e.g. the store id).
pub async fn lock_key(tx: &DatabaseTransaction, namespace: &str, key: i64) -> Result<(), DbErr> {
    advisory_lock(tx, namespace, key & 0xFFFF_FFFF_FFFF).await
}

/// [`lock_key`] for a resource named by text (e.g. an idempotency key): the text is hashed,
/// so two keys may share a lock (they then queue, never more).
pub async fn lock_text(tx: &DatabaseTransaction, namespace: &str, key: &str) -> Result<(), DbErr> {
    advisory_lock(
        tx,
        namespace,
        (fnv1a(key.as_bytes()) & 0xFFFF_FFFF_FFFF) as i64,
    )
    .await
}

async fn advisory_lock(tx: &DatabaseTransaction, namespace: &str, key: i64) -> Result<(), DbErr> {
    if tx.get_database_backend() == DatabaseBackend::Postgres {
        // 16 bits of namespace above 48 bits of key; namespaces that collide only queue.
        let ns = (fnv1a(namespace.as_bytes()) & 0x7FFF) as i64;
        let k = (ns << 48) | key;
        tx.execute_raw(sea_orm::Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [k.into()],
        ))
        .await?;
    }
    Ok(())
}

/// FNV-1a, 64 bits: stable across builds and platforms (lock keys must agree between
/// instances).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// For long write transactions that look rows up while inserting many (imports): PostgreSQL
/// plans with table statistics that do not include the transaction's own new rows, and on a
/// table that grew inside the transaction it picks index scans on the store prefix alone,
/// which makes an import quadratic. `ANALYZE` inside the transaction samples its own inserted
/// rows; call it when the table has grown substantially. SQLite needs nothing.
pub async fn refresh_statistics(tx: &DatabaseTransaction, table: &str) -> Result<(), DbErr> {
    if tx.get_database_backend() == DatabaseBackend::Postgres
        && table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        tx.execute_unprepared(&format!("ANALYZE {table}")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://orion.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u:p@h/d").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://x").is_err());
    }

    #[test]
    fn lock_hashes_are_stable() {
        // Instances must agree on lock keys: FNV-1a's published test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://orion:secret@db/orion"),
            "postgres://orion:***@db/orion"
        );
        assert_eq!(redact("sqlite://orion.db"), "sqlite://orion.db");
    }
}
