//! A real crash: `orion serve` (the built binary, worker on) is killed with SIGKILL in the
//! middle of a Letzshop sync under injected faults, restarted, and finishes. Every shipment
//! ends up imported exactly once, and every outbox operation is applied exactly once.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use orion_db::sea_orm::{ConnectionTrait, Statement};
use orion_letzshop::{SimulatorConfig, start_simulator};
use serde_json::{Value, json};

const SECRET: &str = "crash-test-secret-key-crash-test-secret-key";
const N: usize = 1500;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn orion(dir: &Dir, port: u16) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orion"));
    c.current_dir(&dir.0)
        .env_remove("ORION_CONFIG")
        .env(
            "ORION_DATABASE_URL",
            format!("sqlite://{}/orion.db", dir.0.display()),
        )
        .env("ORION_SECRET_KEY", SECRET)
        .env("ORION_BIND", format!("127.0.0.1:{port}"))
        .env("ORION_WORKER", "on")
        .env("ORION_LETZSHOP_ALLOW_LOOPBACK", "on")
        .env("ORION_WORKER_INTERVAL_SECONDS", "1")
        .env("ORION_LETZSHOP_TIMEOUT_MS", "600")
        .env("ORION_LETZSHOP_MAX_RETRIES", "8")
        .env("ORION_LETZSHOP_PAGE_SIZE", "50")
        .env("ORION_LETZSHOP_LEASE_SECONDS", "3")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

async fn serve(dir: &Dir, port: u16) -> Child {
    let mut child = orion(dir, port).arg("serve").spawn().unwrap();
    let http = reqwest::Client::new();
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && r.status().is_success()
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("orion serve did not become ready");
}

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let mut r = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base));
        if let Some(b) = body {
            r = r.json(&b);
        }
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let st = res.status().as_u16();
        (
            st,
            serde_json::from_str(&res.text().await.unwrap_or_default()).unwrap_or(Value::Null),
        )
    }
}

async fn count(db: &orion_db::Db, sql: &str) -> i64 {
    db.conn()
        .query_one_raw(Statement::from_string(db.db_backend(), sql.to_owned()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_sync_then_restart_imports_and_delivers_exactly_once() {
    let dir = Dir(std::env::temp_dir().join(format!("orion-crash-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let sim = start_simulator(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SimulatorConfig {
            api_key: "sim-key".into(),
            shipments: N,
            seed: 77,
            error_rate: 0.2,
            latency_ms: 20,
            timeout_hint_ms: 400,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let st = orion(&dir, 0)
        .args([
            "admin",
            "create-user",
            "--email",
            "admin@crash.test",
            "--password",
            "crash-test-pass",
            "--platform-admin",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    let port = free_port();
    let mut child = serve(&dir, port).await;
    let api = Api {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
    };
    let (_, t) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "admin@crash.test", "password": "crash-test-pass"})),
            None,
        )
        .await;
    let admin = t["access_token"].as_str().unwrap().to_owned();
    let (st, m) = api.call("POST", "/api/v1/admin/merchants", Some(json!({"name": "Crash Sàrl", "legal_country": "LU", "owner_email": "owner@crash.test", "owner_password": "crash-test-pass"})), Some(&admin)).await;
    assert_eq!(st, 201, "{m}");
    let mid = m["id"].as_i64().unwrap();
    let (st, _) = api.call("POST", &format!("/api/v1/admin/merchants/{mid}/stores"), Some(json!({"code": "CRASH-LU", "name": "Crash", "country": "LU", "default_language": "en"})), Some(&admin)).await;
    assert_eq!(st, 201);
    api.call(
        "PUT",
        &format!("/api/v1/admin/merchants/{mid}/subscription"),
        Some(json!({"tier": "enterprise", "status": "active"})),
        Some(&admin),
    )
    .await;
    let (_, t) = api.call("POST", "/api/v1/auth/login", Some(json!({"email": "owner@crash.test", "password": "crash-test-pass", "store_code": "CRASH-LU"})), None).await;
    let tok = t["access_token"].as_str().unwrap().to_owned();
    let (st, _) = api
        .call(
            "PUT",
            "/api/v1/store/letzshop/credentials",
            Some(json!({"api_key": "sim-key", "endpoint": sim.endpoint()})),
            Some(&tok),
        )
        .await;
    assert_eq!(st, 201);
    let (st, j) = api
        .call(
            "POST",
            "/api/v1/store/letzshop/sync",
            Some(json!({})),
            Some(&tok),
        )
        .await;
    assert_eq!(st, 202, "{j}");
    let job = j["job_id"].as_i64().unwrap();
    // Once some orders are in, decline a few (outbox rows) and kill the server mid-sync.
    let db = orion_db::Db::connect(&format!("sqlite://{}/orion.db", dir.0.display()))
        .await
        .unwrap();
    let end = Instant::now() + Duration::from_secs(60);
    while count(&db, "SELECT COUNT(*) FROM orders").await < 150 {
        assert!(Instant::now() < end, "the sync does not progress");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, lst) = api
        .call(
            "GET",
            "/api/v1/store/orders?channel=letzshop&per_page=20",
            None,
            Some(&tok),
        )
        .await;
    let mut declined = Vec::new();
    for o in lst["items"].as_array().unwrap().iter().take(20) {
        let id = o["id"].as_i64().unwrap();
        for it in o["items"].as_array().unwrap() {
            let (st, b) = api
                .call(
                    "POST",
                    &format!("/api/v1/store/orders/{id}/items/{}/decline", it["id"]),
                    Some(json!({})),
                    Some(&tok),
                )
                .await;
            assert_eq!(st, 200, "{b}");
        }
        declined.push(o["external_shipment_id"].as_str().unwrap().to_owned());
    }
    let before = count(&db, "SELECT COUNT(*) FROM orders").await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        before < N as i64,
        "killed before the sync finished ({before} orders)"
    );
    let (_, jrow) = (
        0,
        count(
            &db,
            &format!("SELECT COUNT(*) FROM letzshop_jobs WHERE id = {job} AND status = 'running'"),
        )
        .await,
    );
    assert_eq!(jrow, 1, "the job was left running by the crash");
    // Restart: the worker resumes the job once the dead instance's lease expires.
    let port = free_port();
    let mut child = serve(&dir, port).await;
    let api = Api {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
    };
    let end = Instant::now() + Duration::from_secs(180);
    loop {
        let (_, j) = api
            .call(
                "GET",
                &format!("/api/v1/store/letzshop/jobs/{job}"),
                None,
                Some(&tok),
            )
            .await;
        if j["status"] == "done" || j["status"] == "failed" {
            break;
        }
        assert!(Instant::now() < end, "the job did not finish: {j}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Transient failures end a run; further syncs complete it.
    for _ in 0..10 {
        if count(&db, "SELECT COUNT(*) FROM orders").await == N as i64 {
            break;
        }
        api.call(
            "POST",
            "/api/v1/store/letzshop/sync?wait=true",
            Some(json!({})),
            Some(&tok),
        )
        .await;
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM orders").await, N as i64);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT external_shipment_id) FROM orders"
        )
        .await,
        N as i64
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM letzshop_shipments").await,
        N as i64
    );
    // Every outbox operation is delivered, each applied once at Letzshop.
    let end = Instant::now() + Duration::from_secs(120);
    while count(
        &db,
        "SELECT COUNT(*) FROM letzshop_outbox WHERE status <> 'sent'",
    )
    .await
        > 0
    {
        assert!(Instant::now() < end, "outbox not delivered");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!declined.is_empty());
    for s in &declined {
        for u in sim.unit_ids(s) {
            assert_eq!(sim.unit_state(&u).as_deref(), Some("confirmed_unavailable"));
            assert_eq!(sim.confirm_calls(&u), 1, "unit {u} applied once");
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
