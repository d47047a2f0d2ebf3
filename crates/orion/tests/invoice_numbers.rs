//! Gapless invoice numbers across two `orion serve` processes on one database: 200 invoices
//! issued concurrently through both get the numbers 1..200, no duplicate, no gap. Runs on
//! PostgreSQL (the throwaway cluster of `scripts/test`) and on one SQLite file.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use orion_testkit::{Backend, TestApp, fresh_database};
use serde_json::{Value, json};

/// The key TestApp uses, so tokens it issues are valid in the spawned servers too.
const SECRET: &str = "test-secret-key-test-secret-key-0123456789";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(database_url: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_orion"))
        .arg("serve")
        .env_remove("ORION_CONFIG")
        .env("ORION_DATABASE_URL", database_url)
        .env("ORION_SECRET_KEY", SECRET)
        .env("ORION_BIND", format!("127.0.0.1:{port}"))
        .env("ORION_WORKER", "off")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn orion serve");
    let stderr = child.stderr.take().unwrap();
    let started = Instant::now();
    let mut ready = false;
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        if line.unwrap_or_default().contains("Orion is listening") {
            ready = true;
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    assert!(ready, "orion serve did not start");
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

async fn post(client: &reqwest::Client, url: String, token: &str, body: Value) -> (u16, Value) {
    let r = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn two_instances_issue_200_gapless_numbers(backend: Backend) {
    let (url, _tmp) = fresh_database(backend).await;
    // An in-process instance prepares the store and 200 shipped orders.
    // `_tmp` (the SQLite directory) lives until the end: the servers below use it.
    let app = TestApp::start_on(backend, url.clone(), None).await;
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "NUM-LU").await;
    let t = a.token.clone();
    let (st, b) = app
        .json(
            "PUT",
            "/api/v1/store/settings/invoice",
            Some(json!({"legal_name": "Num Sàrl", "street": "1 Rue", "postal_code": "1234", "city": "Luxembourg",
                "country": "LU", "vat_number": "LU15027442"})),
            Some(&t),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let (st, p) = app
        .post(
            "/api/v1/store/products",
            json!({"sku": "MUG-1", "translations": {"en": {"title": "Mug"}}, "price": "9.90"}),
            Some(&t),
        )
        .await;
    assert_eq!(st, 201, "{p}");
    app.post(
        "/api/v1/store/inventory/adjustments",
        json!({"product_id": p["id"], "delta": 1000}),
        Some(&t),
    )
    .await;
    let mut orders = Vec::new();
    for i in 0..200 {
        let (st, o) = app
            .post(
                "/api/v1/store/orders",
                json!({"customer": {"email": format!("c{i}@example.test")},
                    "shipping_address": {"street": "1", "postal_code": "1611", "city": "L", "country": "LU"},
                    "items": [{"sku": "MUG-1", "quantity": 1}]}),
                Some(&t),
            )
            .await;
        assert_eq!(st, 201, "{o}");
        let id = o["id"].as_i64().unwrap();
        let (st, b) = app
            .post(
                &format!("/api/v1/store/orders/{id}/confirm"),
                json!({}),
                Some(&t),
            )
            .await;
        assert_eq!(st, 200, "{b}");
        orders.push(id);
    }
    drop(app);

    let servers = Arc::new([spawn(&url), spawn(&url)]);
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for (i, o) in orders.iter().copied().enumerate() {
        let (servers, client, t) = (servers.clone(), client.clone(), t.clone());
        tasks.push(tokio::spawn(async move {
            let base = &servers[i % 2].base;
            post(
                &client,
                format!("{base}/api/v1/store/orders/{o}/invoice"),
                &t,
                json!({}),
            )
            .await
        }));
    }
    let mut seqs = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for task in tasks {
        let (st, inv) = task.await.unwrap();
        assert_eq!(st, 201, "{inv}");
        let n = inv["number"].as_str().unwrap().to_owned();
        seqs.insert(n.rsplit('-').next().unwrap().parse::<i64>().unwrap());
        assert!(numbers.insert(n.clone()), "duplicate number {n}");
    }
    assert_eq!(seqs, (1..=200).collect::<BTreeSet<_>>(), "1..200, no gap");
    drop(servers);

    // The CLI renders any of them, and names what it cannot find.
    let first = numbers.iter().next().unwrap().clone();
    let out = std::env::temp_dir().join(format!("orion-render-{}-{first}.pdf", std::process::id()));
    let cli_as = |number: &str, format: &str| {
        Command::new(env!("CARGO_BIN_EXE_orion"))
            .args([
                "invoices", "render", "--store", "NUM-LU", "--number", number, "--format", format,
                "--out",
            ])
            .arg(&out)
            .env_remove("ORION_CONFIG")
            .env("ORION_DATABASE_URL", &url)
            .env("ORION_SECRET_KEY", SECRET)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run orion invoices render")
    };
    let cli = |number: &str| cli_as(number, "pdf");
    // The UBL e-invoice and the Factur-X PDF of the same document.
    let o = cli_as(&first, "ubl");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ubl = std::fs::read_to_string(&out).unwrap();
    assert!(
        ubl.contains("<Invoice xmlns=") && ubl.contains(&format!("<cbc:ID>{first}</cbc:ID>")),
        "{ubl}"
    );
    let o = cli_as(&first, "facturx");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fx = std::fs::read(&out).unwrap();
    assert!(fx.starts_with(b"%PDF-") && fx.windows(12).any(|w| w == b"factur-x.xml"));
    let o = cli_as(&first, "docx");
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("pdf, facturx, ubl"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = cli(&first);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = Command::new("pdftotext")
        .arg("-")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(&pdf)?;
            c.wait_with_output()
        })
        .expect("pdftotext (poppler-utils)");
    assert!(String::from_utf8_lossy(&text.stdout).contains(&first));
    let o = cli("INV-1999-99999");
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no invoice or credit note INV-1999-99999"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_postgres_instances_issue_gapless_numbers() {
    two_instances_issue_200_gapless_numbers(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sqlite_instances_issue_gapless_numbers() {
    two_instances_issue_200_gapless_numbers(Backend::Sqlite).await;
}
