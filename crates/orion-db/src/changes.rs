//! Change counters kept by the database itself, for caches that must never serve stale data.
//!
//! A migration [`watch`]es a table: triggers then bump a counter — (`key`, `scope`), e.g.
//! (0, `auth`) or (store 42, `orders`) — on every write of a row, whoever writes it: any app
//! instance, any code path, a manual SQL fix. A reader caches what it derives from the watched
//! tables under the counter's value and reads the counter again before each use ([`read`]:
//! the counters of the global key and of the caller's store in one indexed query, done once
//! per request with the token), so a cached answer is reused exactly as long as nothing it
//! depends on changed.
//!
//! Read the counter *before* the data it guards: a write committed in between then lands
//! under the older value (and is simply recomputed by the next reader), never the opposite.
//!
//! On PostgreSQL the triggers are deferred to commit and bump a counter once per transaction,
//! so a bulk import does not rewrite the counter row per inserted row, and the counter's
//! row lock is only held while committing (no new lock-order deadlocks between writers).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr};
use tokio::sync::oneshot;

/// The table holding the counters: (`key_id`, `scope`) primary key, `version`, `txid`.
pub const TABLE: &str = "change_counters";

/// The key of counters that belong to no store (e.g. `auth`).
pub const GLOBAL: i64 = 0;

/// Which writes of a watched table bump its counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Insert,
    Update,
    Delete,
}

impl Event {
    pub const ALL: &'static [Event] = &[Event::Insert, Event::Update, Event::Delete];

    fn sql(self) -> &'static str {
        match self {
            Event::Insert => "INSERT",
            Event::Update => "UPDATE",
            Event::Delete => "DELETE",
        }
    }
}

/// What a migration watches: the rows of `table` bump the counter (`key`, `scope`), where
/// `key` is the row's `key_column` (e.g. `store_id`) or [`GLOBAL`] when there is none.
#[derive(Debug, Clone, Copy)]
pub struct Watch<'a> {
    pub table: &'a str,
    pub scope: &'a str,
    pub key_column: Option<&'a str>,
    pub events: &'a [Event],
}

/// Creates the counters table and PostgreSQL's trigger function (idempotent: every migration
/// that watches a table calls it first).
pub async fn install(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    conn.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS change_counters (\
           key_id BIGINT NOT NULL, \
           scope VARCHAR(60) NOT NULL, \
           version BIGINT NOT NULL, \
           txid BIGINT NULL, \
           PRIMARY KEY (key_id, scope))",
    )
    .await?;
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        conn.execute_unprepared(PG_FUNCTION).await?;
    }
    Ok(())
}

/// PostgreSQL: counter from the trigger's arguments (scope, optional key column), one bump per
/// transaction and counter (`txid`).
const PG_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION orion_bump_change_counter() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  k bigint := 0;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_NARGS > 1 THEN k := (to_jsonb(r) ->> TG_ARGV[1])::bigint; END IF;
  INSERT INTO change_counters AS c (key_id, scope, version, txid)
  VALUES (k, TG_ARGV[0], 1, txid_current())
  ON CONFLICT (key_id, scope) DO UPDATE SET version = c.version + 1, txid = EXCLUDED.txid
    WHERE c.txid IS DISTINCT FROM EXCLUDED.txid;
  RETURN NULL;
END $$"#;

/// Installs the triggers of `w` (call [`install`] first).
pub async fn watch(conn: &impl ConnectionTrait, w: Watch<'_>) -> Result<(), DbErr> {
    for sql in watch_sql(conn.get_database_backend(), w) {
        conn.execute_unprepared(&sql).await?;
    }
    Ok(())
}

fn watch_sql(backend: DatabaseBackend, w: Watch<'_>) -> Vec<String> {
    let Watch {
        table,
        scope,
        key_column,
        events,
    } = w;
    assert!(
        [table, scope, key_column.unwrap_or("")]
            .iter()
            .all(|s| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')),
        "identifiers of a change watch are plain names"
    );
    match backend {
        DatabaseBackend::Postgres => {
            let on = events.iter().map(|e| e.sql()).collect::<Vec<_>>();
            let args = match key_column {
                Some(c) => format!("'{scope}', '{c}'"),
                None => format!("'{scope}'"),
            };
            vec![format!(
                "CREATE CONSTRAINT TRIGGER {table}_changes AFTER {} ON {table} \
                 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                 EXECUTE FUNCTION orion_bump_change_counter({args})",
                on.join(" OR ")
            )]
        }
        _ => events
            .iter()
            .map(|e| {
                let row = if *e == Event::Delete { "OLD" } else { "NEW" };
                let key = match key_column {
                    Some(c) => format!("{row}.{c}"),
                    None => GLOBAL.to_string(),
                };
                format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_changes_{ev} AFTER {EV} ON {table} \
                     FOR EACH ROW BEGIN \
                     INSERT OR IGNORE INTO change_counters (key_id, scope, version) \
                     VALUES ({key}, '{scope}', 0); \
                     UPDATE change_counters SET version = version + 1 \
                     WHERE key_id = {key} AND scope = '{scope}'; \
                     END",
                    ev = e.sql().to_lowercase(),
                    EV = e.sql()
                )
            })
            .collect(),
    }
}

/// The usual watch: every write of a row of `table` bumps (its `store_id`, `scope`); installs
/// the counters first.
pub async fn watch_by_store(
    conn: &impl ConnectionTrait,
    table: &str,
    scope: &str,
) -> Result<(), DbErr> {
    install(conn).await?;
    watch(
        conn,
        Watch {
            table,
            scope,
            key_column: Some("store_id"),
            events: Event::ALL,
        },
    )
    .await
}

/// Counter values read together: what a request's caches are checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters(Vec<(i64, String, i64)>);

impl Counters {
    /// The value of (`key`, `scope`) when it was read (0 before its first change).
    pub fn get(&self, scope: &str, key: i64) -> i64 {
        self.0
            .iter()
            .find(|(k, s, _)| *k == key && s == scope)
            .map_or(0, |c| c.2)
    }
}

/// Every counter of the given keys, in one query (e.g. [`GLOBAL`] and the caller's store).
pub async fn read(conn: &impl ConnectionTrait, keys: &[i64]) -> Result<Counters, DbErr> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let stmt = Query::select()
        .columns([
            Alias::new("key_id"),
            Alias::new("scope"),
            Alias::new("version"),
        ])
        .from(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("key_id")).is_in(keys.iter().copied()))
        .to_owned();
    let rows = conn.query_all(&stmt).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<i64>(0)?,
                r.try_get_by_index::<String>(1)?,
                r.try_get_by_index::<i64>(2)?,
            ))
        })
        .collect::<Result<_, DbErr>>()
        .map(Counters)
}

/// Reads counters for concurrent requests in batches: a request joins the next batch, and
/// one query serves the whole batch. Each batch's query starts after all its requests
/// arrived, so every request still sees every write committed before it began (the rule
/// above); under load one query serves many requests instead of one each.
#[derive(Default)]
pub struct BatchedReader {
    batch: Mutex<Batch>,
}

#[derive(Default)]
struct Batch {
    running: bool,
    keys: BTreeSet<i64>,
    waiters: Vec<oneshot::Sender<Result<Counters, String>>>,
}

impl BatchedReader {
    /// The counters of `keys`, read by a query that started after this call.
    pub async fn read(
        self: &Arc<Self>,
        conn: &DatabaseConnection,
        keys: &[i64],
    ) -> Result<Counters, DbErr> {
        let (tx, rx) = oneshot::channel();
        let start = {
            let mut b = self.batch.lock().unwrap_or_else(|e| e.into_inner());
            b.keys.extend(keys.iter().copied());
            b.waiters.push(tx);
            !std::mem::replace(&mut b.running, true)
        };
        if start {
            // In a task of its own: a caller that goes away must not strand the others.
            tokio::spawn(self.clone().run(conn.clone()));
        }
        match rx.await {
            Ok(Ok(counters)) => Ok(counters),
            Ok(Err(message)) => Err(DbErr::Custom(message)),
            Err(_) => read(conn, keys).await,
        }
    }

    async fn run(self: Arc<Self>, conn: DatabaseConnection) {
        loop {
            let (keys, waiters) = {
                let mut b = self.batch.lock().unwrap_or_else(|e| e.into_inner());
                if b.waiters.is_empty() {
                    b.running = false;
                    return;
                }
                (std::mem::take(&mut b.keys), std::mem::take(&mut b.waiters))
            };
            let keys = keys.into_iter().collect::<Vec<_>>();
            let result = read(&conn, &keys).await.map_err(|e| e.to_string());
            for w in waiters {
                let _ = w.send(result.clone());
            }
        }
    }
}

/// The current value of one counter (0 before its first change).
pub async fn version(conn: &impl ConnectionTrait, scope: &str, key: i64) -> Result<i64, DbErr> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let stmt = Query::select()
        .column(Alias::new("version"))
        .from(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("key_id")).eq(key))
        .and_where(Expr::col(Alias::new("scope")).eq(scope))
        .to_owned();
    match conn.query_one(&stmt).await? {
        Some(r) => r.try_get_by_index::<i64>(0),
        None => Ok(0),
    }
}

/// Bumps (`key`, `scope`) by hand, for a change no watched table sees (e.g. derived rows
/// recomputed wholesale). Call it inside the writing transaction.
pub async fn bump(conn: &impl ConnectionTrait, scope: &str, key: i64) -> Result<(), DbErr> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
    let version = Alias::new("version");
    let stmt = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns([Alias::new("key_id"), Alias::new("scope"), version.clone()])
        .values_panic([key.into(), scope.into(), 1_i64.into()])
        .on_conflict(
            OnConflict::columns([Alias::new("key_id"), Alias::new("scope")])
                .value(
                    version.clone(),
                    Expr::col((Alias::new(TABLE), version)).add(1),
                )
                .to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_triggers_name_the_row_of_each_event() {
        let sql = watch_sql(
            DatabaseBackend::Sqlite,
            Watch {
                table: "orders",
                scope: "orders",
                key_column: Some("store_id"),
                events: Event::ALL,
            },
        );
        assert_eq!(sql.len(), 3);
        assert!(sql[0].contains("AFTER INSERT ON orders") && sql[0].contains("NEW.store_id"));
        assert!(sql[2].contains("AFTER DELETE ON orders") && sql[2].contains("OLD.store_id"));
    }

    #[test]
    fn postgres_uses_one_deferred_trigger() {
        let sql = watch_sql(
            DatabaseBackend::Postgres,
            Watch {
                table: "users",
                scope: "auth",
                key_column: None,
                events: &[Event::Update, Event::Delete],
            },
        );
        assert_eq!(sql.len(), 1);
        assert!(sql[0].contains("AFTER UPDATE OR DELETE ON users"));
        assert!(sql[0].contains("INITIALLY DEFERRED"));
        assert!(sql[0].ends_with("orion_bump_change_counter('auth')"));
        let sqlite = watch_sql(
            DatabaseBackend::Sqlite,
            Watch {
                table: "users",
                scope: "auth",
                key_column: None,
                events: &[Event::Update],
            },
        );
        assert!(sqlite[0].contains("WHERE key_id = 0 AND scope = 'auth'"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn batched_reads_see_every_committed_write() {
        let dir = std::env::temp_dir().join(format!("orion-changes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/t.db", dir.display());
        let db = crate::Db::connect(&url).await.unwrap();
        let conn = db.conn();
        install(conn).await.unwrap();
        conn.execute_unprepared("CREATE TABLE things (id INTEGER PRIMARY KEY, store_id BIGINT)")
            .await
            .unwrap();
        let w = Watch {
            table: "things",
            scope: "things",
            key_column: Some("store_id"),
            events: Event::ALL,
        };
        watch(conn, w).await.unwrap();
        let reader = Arc::new(BatchedReader::default());
        for n in 1..=20_i64 {
            conn.execute_unprepared(&format!("INSERT INTO things (store_id) VALUES ({})", n % 2))
                .await
                .unwrap();
            // Many concurrent readers of both stores: each sees the write it follows.
            let reads = (0..8).map(|i| {
                let (reader, conn) = (reader.clone(), conn.clone());
                tokio::spawn(async move { reader.read(&conn, &[GLOBAL, i % 2]).await.unwrap() })
            });
            for (i, r) in reads.enumerate() {
                let c = r.await.unwrap();
                let expected = if i % 2 == 1 { (n + 1) / 2 } else { n / 2 };
                assert_eq!(
                    c.get("things", (i % 2) as i64),
                    expected,
                    "after {n} inserts"
                );
            }
        }
        assert_eq!(version(conn, "things", 1).await.unwrap(), 10);
        bump(conn, "things", 1).await.unwrap();
        bump(conn, "rebuilt", 1).await.unwrap();
        assert_eq!(version(conn, "things", 1).await.unwrap(), 11);
        assert_eq!(version(conn, "rebuilt", 1).await.unwrap(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    #[should_panic(expected = "plain names")]
    fn refuses_sql_in_names() {
        watch_sql(
            DatabaseBackend::Sqlite,
            Watch {
                table: "orders; DROP TABLE users",
                scope: "x",
                key_column: None,
                events: Event::ALL,
            },
        );
    }
}
