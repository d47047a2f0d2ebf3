//! The migrated schemas of SQLite and PostgreSQL agree: same tables, columns, nullability,
//! unique indexes and foreign keys.

use std::collections::BTreeSet;

use orion_testkit::{Backend, TestApp};
use sea_orm::{ConnectionTrait, Statement};

type Schema = (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);

async fn rows(app: &TestApp, sql: &str) -> Vec<Vec<String>> {
    let conn = app.db.conn();
    let res = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap();
    res.iter()
        .map(|r| {
            (0..)
                .map_while(|i| {
                    r.try_get_by_index::<String>(i)
                        .ok()
                        .or_else(|| r.try_get_by_index::<i64>(i).ok().map(|v| v.to_string()))
                })
                .collect()
        })
        .collect()
}

async fn schema(app: &TestApp) -> Schema {
    let mut columns = BTreeSet::new();
    let mut uniques = BTreeSet::new();
    let mut fks = BTreeSet::new();
    match app.backend {
        Backend::Sqlite => {
            let tables = rows(app, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'").await;
            for t in tables.iter().map(|r| r[0].clone()) {
                for c in rows(app, &format!("SELECT name, CAST(\"notnull\" AS TEXT), CAST(pk AS TEXT) FROM pragma_table_info('{t}')")).await {
                    let nullable = c[1] == "0" && c[2] == "0";
                    columns.insert(format!("{t}.{} null={nullable}", c[0]));
                }
                for idx in rows(app, &format!("SELECT name FROM pragma_index_list('{t}') WHERE \"unique\" = 1 AND origin <> 'pk'")).await {
                    let cols: Vec<String> = rows(app, &format!("SELECT name FROM pragma_index_info('{}') ORDER BY seqno", idx[0])).await.into_iter().map(|r| r[0].clone()).collect();
                    uniques.insert(format!("{t}({})", cols.join(",")));
                }
                for fk in rows(
                    app,
                    &format!(
                        "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{t}')"
                    ),
                )
                .await
                {
                    fks.insert(format!("{t}.{} -> {}.{}", fk[0], fk[1], fk[2]));
                }
            }
        }
        Backend::Postgres => {
            for c in rows(app, "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'").await {
                columns.insert(format!("{}.{} null={}", c[0], c[1], c[2] == "YES"));
            }
            for u in rows(app, "SELECT t.relname::text, string_agg(a.attname::text, ',' ORDER BY k.ord) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum WHERE n.nspname = 'public' AND i.indisunique AND NOT i.indisprimary AND t.relname <> 'seaql_migrations' GROUP BY i.indexrelid, t.relname").await {
                uniques.insert(format!("{}({})", u[0], u[1]));
            }
            for f in rows(app, "SELECT kcu.table_name::text, kcu.column_name::text, ccu.table_name::text, ccu.column_name::text FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'").await {
                fks.insert(format!("{}.{} -> {}.{}", f[0], f[1], f[2], f[3]));
            }
        }
    }
    (columns, uniques, fks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_schemas_match() {
    let lite = schema(&TestApp::sqlite().await).await;
    let pg = schema(&TestApp::postgres().await).await;
    assert!(lite.0.len() > 20, "suspiciously few columns: {:?}", lite.0);
    assert_eq!(lite.0, pg.0, "columns differ");
    assert_eq!(lite.1, pg.1, "unique indexes differ");
    assert_eq!(lite.2, pg.2, "foreign keys differ");
}
