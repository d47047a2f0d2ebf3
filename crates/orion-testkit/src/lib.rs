//! Test support: [`TestApp`] starts the real Orion router on a random loopback port over a
//! fresh database — a temporary SQLite file, or a new database in the PostgreSQL cluster
//! named by `ORION_TEST_PG_URL` (the test script starts a throwaway cluster). Helpers create
//! ready-made actors (platform admin, merchant with a store and its owner) through the API.

use std::net::SocketAddr;
use std::path::PathBuf;

use orion_app::Config;
use orion_app::config::FileConfig;
use rand::Rng;
use reqwest::Method;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const PASSWORD: &str = "test-password-1";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: orion_db::Db,
    pub backend: Backend,
    pub database_url: String,
    _tmp: Option<Scratch>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The `Content-Type` of a response, or "" when it has none.
pub fn content_type(res: &reqwest::Response) -> String {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A test's throwaway database, removed on drop: the SQLite file's directory, or the
/// PostgreSQL database (dropped with its connections, so hundreds of tests do not fill the
/// cluster's disk).
pub enum Scratch {
    Dir(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for Scratch {
    fn drop(&mut self) {
        match self {
            Scratch::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Scratch::Postgres { admin_url, name } => {
                // Drop may run inside the test's runtime: a thread with its own runtime
                // does the async work.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let admin = orion_db::Db::connect(&admin_url).await.ok()?;
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let done = admin.conn().execute_unprepared(&sql).await.ok();
                        admin.conn().clone().close().await.ok();
                        done
                    })
                });
                let _ = dropped.join();
            }
        }
    }
}

fn random_suffix() -> String {
    let n: u64 = rand::rng().random();
    format!("{n:016x}")
}

/// A fresh, empty database URL for `backend` (and the temp dir holding it, for SQLite).
pub async fn fresh_database(backend: Backend) -> (String, Option<Scratch>) {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("orion-test-{}", random_suffix()));
            std::fs::create_dir_all(&dir).expect("create temp dir");
            (
                format!("sqlite://{}/orion.db", dir.display()),
                Some(Scratch::Dir(dir)),
            )
        }
        Backend::Postgres => {
            let admin_url = std::env::var("ORION_TEST_PG_URL").expect(
                "ORION_TEST_PG_URL is not set: PostgreSQL tests need a cluster. Run the tests with `bash scripts/test`, \
                 which starts a throwaway one.",
            );
            let name = format!("orion_test_{}", random_suffix());
            let admin = orion_db::Db::connect(&admin_url)
                .await
                .expect("connect to the PostgreSQL test cluster");
            admin
                .conn()
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.conn().clone().close().await.ok();
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or(admin_url.clone());
            let url = format!("{base}/{name}");
            (url, Some(Scratch::Postgres { admin_url, name }))
        }
    }
}

impl TestApp {
    pub async fn sqlite() -> Self {
        Self::start(Backend::Sqlite).await
    }

    pub async fn postgres() -> Self {
        Self::start(Backend::Postgres).await
    }

    pub async fn start(backend: Backend) -> Self {
        let (database_url, tmp) = fresh_database(backend).await;
        Self::start_on(backend, database_url, tmp).await
    }

    /// Starts a server over an existing database URL (e.g. a second instance on the same database).
    pub async fn start_on(backend: Backend, database_url: String, tmp: Option<Scratch>) -> Self {
        // Server errors show in the test output (RUST_LOG overrides the default filter).
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "error".into()),
            )
            .with_test_writer()
            .try_init();
        let listener = orion_app::serve::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let url = database_url.clone();
        let mut config = Config::from_parts(FileConfig::default(), move |k| match k {
            "ORION_DATABASE_URL" => Some(url.clone()),
            "ORION_SECRET_KEY" => Some("test-secret-key-test-secret-key-0123456789".into()),
            "ORION_PUBLIC_URL" => Some(format!("http://{addr}")),
            // The tests' Letzshop simulators run on loopback.
            "ORION_LETZSHOP_ALLOW_LOOPBACK" => Some("on".into()),
            // The tests' webhook receivers too.
            "ORION_WEBHOOKS_ALLOW_LOOPBACK" => Some("on".into()),
            _ => None,
        })
        .expect("test config");
        config.bind = addr;
        let state = orion_app::serve::state(&config).await.expect("state");
        orion_app::migrate::run(&state.db).await.expect("migrate");
        let db = state.db.clone();
        let server = tokio::spawn(async move {
            orion_app::serve::run(listener, state, std::future::pending())
                .await
                .expect("serve");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            base: format!("http://{addr}"),
            client,
            db,
            backend,
            database_url,
            _tmp: tmp,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a JSON request; returns the status and the parsed body (Null when empty or not JSON).
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self.client.request(
            Method::from_bytes(method.as_bytes()).expect("method"),
            self.url(path),
        );
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Sends a request without a body; returns the status, the body's bytes and the response
    /// headers (lower-case names; values that are not text left out).
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
    ) -> (u16, Vec<u8>, std::collections::HashMap<String, String>) {
        let mut req = self.client.request(
            Method::from_bytes(method.as_bytes()).expect("method"),
            self.url(path),
        );
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = res.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        (status, body, headers)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.json("GET", path, None, token).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> (u16, Value) {
        self.json("POST", path, Some(body), token).await
    }

    /// Creates a platform admin directly (as `orion admin create-user` does) and logs in.
    pub async fn admin_token(&self) -> String {
        orion_tenancy::service::auth::upsert_user(self.db.conn(), ADMIN_EMAIL, PASSWORD, true)
            .await
            .expect("admin user");
        self.login(ADMIN_EMAIL, PASSWORD, None).await
    }

    pub async fn login(&self, email: &str, password: &str, store: Option<&str>) -> String {
        let mut body = json!({"email": email, "password": password});
        if let Some(s) = store {
            body["store_code"] = json!(s);
        }
        let (st, b) = self.post("/api/v1/auth/login", body, None).await;
        assert_eq!(st, 200, "login {email} failed: {b}");
        b["access_token"].as_str().expect("token").to_owned()
    }

    /// A merchant with one store; returns (merchant id, store json, owner email, store-bound owner token).
    pub async fn merchant_with_store(&self, admin: &str, code: &str) -> Actor {
        let owner = format!("owner-{}@test.example", code.to_lowercase());
        let (st, m) = self
            .post(
                "/api/v1/admin/merchants",
                json!({"name": format!("{code} Sàrl"), "legal_country": "LU", "owner_email": owner, "owner_password": PASSWORD}),
                Some(admin),
            )
            .await;
        assert_eq!(st, 201, "create merchant: {m}");
        let merchant_id = m["id"].as_i64().expect("merchant id");
        let (st, s) = self
            .post(
                &format!("/api/v1/admin/merchants/{merchant_id}/stores"),
                json!({"code": code, "name": format!("{code} store"), "country": "LU", "default_language": "en"}),
                Some(admin),
            )
            .await;
        assert_eq!(st, 201, "create store: {s}");
        let token = self.login(&owner, PASSWORD, Some(code)).await;
        Actor {
            merchant_id,
            store: s,
            email: owner,
            token,
        }
    }
}

/// A merchant owner logged in to one store.
pub struct Actor {
    pub merchant_id: i64,
    pub store: Value,
    pub email: String,
    pub token: String,
}

/// Declares an async test that runs once on SQLite and once on PostgreSQL:
/// `dual_test!(name, |app| async move { ... });`
#[macro_export]
macro_rules! dual_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::sqlite().await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::TestApp::postgres().await;
                ($body)(app).await;
            }
        }
    };
}
