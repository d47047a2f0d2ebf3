//! `orion serve` as an operator runs it in production (the built binary, https public URL,
//! no demo): loopback Letzshop endpoints are refused unless the operator opts in, HTML
//! pages carry the content-security, permissions and transport-security policies, and the
//! log written to a file carries no terminal colour codes.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const SECRET: &str = "hardening-secret-key-hardening-secret-key";

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

fn orion(dir: &Dir) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orion"));
    c.current_dir(&dir.0)
        .env_remove("ORION_CONFIG")
        .env_remove("ORION_LETZSHOP_ALLOW_LOOPBACK")
        .env_remove("NO_COLOR")
        .env(
            "ORION_DATABASE_URL",
            format!("sqlite://{}/orion.db", dir.0.display()),
        )
        .env("ORION_SECRET_KEY", SECRET)
        .env("ORION_WORKER", "off")
        .env("RUST_LOG", "info");
    c
}

struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `orion serve` with its log going to a file (not a terminal), `extra` set.
async fn serve(dir: &Dir, name: &str, extra: &[(&str, &str)]) -> Server {
    let port = free_port();
    let log = dir.0.join(format!("{name}.log"));
    let file = std::fs::File::create(&log).unwrap();
    let mut cmd = orion(dir);
    cmd.arg("serve")
        .env("ORION_BIND", format!("127.0.0.1:{port}"))
        .env("ORION_PUBLIC_URL", "https://orion.example.test")
        .stdout(Stdio::null())
        .stderr(file);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let server = Server {
        child: cmd.spawn().unwrap(),
        base: format!("http://127.0.0.1:{port}"),
        log,
    };
    let http = reqwest::Client::new();
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        if let Ok(r) = http.get(format!("{}/readyz", server.base)).send().await
            && r.status().is_success()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "orion serve did not become ready: {}",
        std::fs::read_to_string(&server.log).unwrap_or_default()
    );
}

async fn call(
    base: &str,
    method: &str,
    path: &str,
    body: Value,
    token: Option<&str>,
) -> (u16, Value) {
    let mut r = reqwest::Client::new()
        .request(method.parse().unwrap(), format!("{base}{path}"))
        .json(&body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let res = r.send().await.unwrap();
    let st = res.status().as_u16();
    (st, res.json().await.unwrap_or(Value::Null))
}

/// An owner's store token on a fresh server.
async fn store_token(base: &str) -> String {
    let (_, t) = call(
        base,
        "POST",
        "/api/v1/auth/login",
        json!({"email": "admin@hardening.test", "password": "hardening-pass"}),
        None,
    )
    .await;
    let admin = t["access_token"].as_str().expect("admin token").to_owned();
    let (st, m) = call(base, "POST", "/api/v1/admin/merchants", json!({"name": "Hard Sàrl", "legal_country": "LU", "owner_email": "owner@hardening.test", "owner_password": "hardening-pass"}), Some(&admin)).await;
    assert_eq!(st, 201, "{m}");
    let mid = m["id"].as_i64().unwrap();
    let (st, s) = call(
        base,
        "POST",
        &format!("/api/v1/admin/merchants/{mid}/stores"),
        json!({"code": "HARD-LU", "name": "Hard", "country": "LU", "default_language": "en"}),
        Some(&admin),
    )
    .await;
    assert_eq!(st, 201, "{s}");
    let (_, t) = call(base, "POST", "/api/v1/auth/login", json!({"email": "owner@hardening.test", "password": "hardening-pass", "store_code": "HARD-LU"}), None).await;
    t["access_token"].as_str().expect("owner token").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_refuses_loopback_letzshop_and_sends_security_headers() {
    let dir = Dir(std::env::temp_dir().join(format!("orion-hardening-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let st = orion(&dir)
        .args([
            "admin",
            "create-user",
            "--email",
            "admin@hardening.test",
            "--password",
            "hardening-pass",
            "--platform-admin",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    let loopback = json!({"api_key": "sim-key", "endpoint": "http://127.0.0.1:9/graphql"});

    let prod = serve(&dir, "prod", &[]).await;
    let token = store_token(&prod.base).await;
    let (st, p) = call(
        &prod.base,
        "PUT",
        "/api/v1/store/letzshop/credentials",
        loopback.clone(),
        Some(&token),
    )
    .await;
    assert_eq!(st, 422, "a loopback endpoint is refused by default: {p}");
    assert_eq!(p["errors"][0]["field"], "endpoint", "{p}");

    // HTML pages carry the policies; https public URL → HSTS on every response.
    let res = reqwest::get(format!("{}/login", prod.base)).await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(h.contains_key("permissions-policy"));
    assert!(
        h["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let api = reqwest::get(format!("{}/healthz", prod.base))
        .await
        .unwrap();
    assert!(api.headers().contains_key("strict-transport-security"));
    assert!(
        !api.headers().contains_key("content-security-policy"),
        "policies are for pages"
    );
    drop(prod);

    // The log went to a file: plain text, no ANSI colour codes.
    let log = std::fs::read_to_string(dir.0.join("prod.log")).unwrap();
    assert!(log.contains("Orion is listening"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a log file: {log:?}"
    );

    // The operator opts in (a staging host with a simulator).
    let staging = serve(&dir, "staging", &[("ORION_LETZSHOP_ALLOW_LOOPBACK", "on")]).await;
    let (_, t) = call(&staging.base, "POST", "/api/v1/auth/login", json!({"email": "owner@hardening.test", "password": "hardening-pass", "store_code": "HARD-LU"}), None).await;
    let token = t["access_token"].as_str().unwrap().to_owned();
    let (st, p) = call(
        &staging.base,
        "PUT",
        "/api/v1/store/letzshop/credentials",
        loopback.clone(),
        Some(&token),
    )
    .await;
    assert!(st == 200 || st == 201, "{st} {p}");
    // Nothing listens on port 9: the test says only that no Letzshop answered.
    let (st, p) = call(
        &staging.base,
        "POST",
        "/api/v1/store/letzshop/test",
        json!({}),
        Some(&token),
    )
    .await;
    assert_eq!(st, 422, "{p}");
    assert_eq!(
        p["reason"], "no Letzshop API answered at this endpoint",
        "{p}"
    );
}
