//! The `orion` command through its real binary: help, configuration errors, migrate,
//! create-user, demo seeding and serve.

use orion_kernel::CustomerId;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Sandbox {
    dir: PathBuf,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sandbox {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(
            format!(
                "orion-cli-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            )
            .replace(['(', ')'], ""),
        );
        std::fs::create_dir_all(&dir).unwrap();
        Sandbox { dir }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_orion"));
        c.args(args)
            .current_dir(&self.dir)
            .env_remove("ORION_SECRET_KEY")
            .env_remove("ORION_CONFIG")
            .env_remove("ORION_ADMIN_PASSWORD")
            .env(
                "ORION_DATABASE_URL",
                format!("sqlite://{}/orion.db", self.dir.display()),
            )
            .env("RUST_LOG", "warn");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).stdin(Stdio::null()).output().unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn help_lists_every_command() {
    let s = Sandbox::new();
    let o = s.run(&["--help"]);
    assert!(o.status.success());
    let h = text(&o);
    for c in [
        "serve", "migrate", "demo", "admin", "vat", "secret", "reports",
    ] {
        assert!(h.contains(c), "--help lacks {c}: {h}");
    }
    for sub in [
        &["admin", "create-user", "--help"][..],
        &["demo", "--help"],
        &["serve", "--help"],
        &["migrate", "--help"],
    ] {
        assert!(s.run(sub).status.success(), "{sub:?}");
    }
}

#[test]
fn serve_refuses_to_start_without_a_secret_and_says_how_to_make_one() {
    let s = Sandbox::new();
    let o = s.run(&["serve"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("ORION_SECRET_KEY") && t.contains("orion secret generate"),
        "{t}"
    );
}

#[test]
fn invalid_settings_are_named() {
    let s = Sandbox::new();
    let o = s
        .cmd(&["migrate"])
        .env("ORION_DATABASE_URL", "mysql://nope")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("ORION_DATABASE_URL"), "{}", text(&o));
    let o = s
        .cmd(&["serve"])
        .env("ORION_BIND", "not-an-address")
        .env("ORION_SECRET_KEY", "k".repeat(40))
        .output()
        .unwrap();
    assert!(text(&o).contains("ORION_BIND"), "{}", text(&o));
}

#[test]
fn migrate_creates_the_database_and_create_user_validates() {
    let s = Sandbox::new();
    let o = s.run(&["migrate"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(s.dir.join("orion.db").exists());
    let again = s.run(&["migrate"]);
    assert!(
        text(&again).contains("0 migration(s) applied"),
        "{}",
        text(&again)
    );
    let o = s.run(&[
        "admin",
        "create-user",
        "--email",
        "root@example.test",
        "--password",
        "long-enough-pw",
        "--platform-admin",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("platform admin"));
    let o = s
        .cmd(&["admin", "create-user", "--email", "env@example.test"])
        .env("ORION_ADMIN_PASSWORD", "from-the-environment")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = s.run(&[
        "admin",
        "create-user",
        "--email",
        "bad",
        "--password",
        "short",
    ]);
    assert!(!o.status.success());
}

#[test]
fn demo_seed_is_idempotent_and_serve_answers_readyz() {
    let s = Sandbox::new();
    for _ in 0..2 {
        let o = s.run(&["demo", "--seed-only"]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("owner@orion.demo"));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = s
        .cmd(&["serve"])
        .env(
            "ORION_SECRET_KEY",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        )
        .env("ORION_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let started = Instant::now();
    let mut ready = false;
    for line in BufReader::new(stderr).lines() {
        if line.unwrap().contains("Orion is listening") {
            ready = true;
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            break;
        }
    }
    assert!(ready, "server did not report listening");
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
}

#[test]
fn vat_check_prints_one_tab_separated_line_per_input() {
    let s = Sandbox::new();
    let o = s.run(&[
        "vat",
        "check",
        "LU26375245",
        "BE (0)468.561.072",
        "LU26375246",
        "XX1",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines[0], ["LU26375245", "true", "LU26375245", "LU", ""]);
    assert_eq!(
        lines[1],
        ["BE (0)468.561.072", "true", "BE0468561072", "BE", ""]
    );
    assert_eq!(
        lines[2],
        ["LU26375246", "false", "", "LU", "bad check digit"]
    );
    assert_eq!(
        (lines[3][1], lines[3][2], lines[3][4]),
        ("false", "", "unknown prefix")
    );
    // From stdin, one number per line.
    let mut child = s
        .cmd(&["vat", "check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"GR094259216\nnonsense\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out.lines().next().unwrap(),
        "GR094259216\ttrue\tEL094259216\tGR\t"
    );
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn vat_rate_and_regime_print_json() {
    let s = Sandbox::new();
    let o = s.run(&["vat", "rate", "LU", "--date", "2023-12-31"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rates"]["standard"], "16");
    assert_eq!(v["period"]["effective_until"], "2023-12-31");
    let o = s.run(&[
        "vat",
        "rate",
        "FI",
        "--date",
        "2024-09-01",
        "--class",
        "standard",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rate"], "25.5");
    let o = s.run(&["vat", "rate", "ES", "--postcode", "35001"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["eu_vat_area"], false, "Canary Islands");
    let o = s.run(&["vat", "rate", "LU", "--date", "1990-01-01"]);
    assert!(
        !o.status.success(),
        "a date outside every period is an error"
    );

    let regime = |args: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "vat",
            "regime",
            "--seller-country",
            "LU",
            "--ship-from",
            "LU",
            "--date",
            "2026-03-01",
        ];
        all.extend_from_slice(args);
        let o = s.run(&all);
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = regime(&["--ship-to", "LU"]);
    assert_eq!(
        (
            v["regime"].as_str(),
            v["rate"].as_str(),
            v["category"].as_str()
        ),
        (Some("DOMESTIC"), Some("17"), Some("S"))
    );
    let v = regime(&["--ship-to", "DE", "--order-net-cents", "5000"]);
    assert_eq!(
        (v["regime"].as_str(), v["vat_country"].as_str()),
        (Some("DISTANCE_SALE_ORIGIN"), Some("LU"))
    );
    let v = regime(&[
        "--ship-to",
        "DE",
        "--oss",
        "--eu-b2c-this-year-cents",
        "999000",
        "--order-net-cents",
        "2000",
    ]);
    assert_eq!(
        (v["regime"].as_str(), v["rate"].as_str()),
        (Some("DISTANCE_SALE_OSS"), Some("19")),
        "the order that crosses the threshold"
    );
    let v = regime(&["--ship-to", "DE", "--b2b", "--buyer-vat", "DE136695976"]);
    assert_eq!(
        (
            v["regime"].as_str(),
            v["category"].as_str(),
            v["exemption_code"].as_str()
        ),
        (
            Some("INTRA_COMMUNITY_SUPPLY"),
            Some("K"),
            Some("VATEX-EU-IC")
        )
    );
    let v = regime(&["--ship-to", "CH"]);
    assert_eq!(
        (v["regime"].as_str(), v["exemption_code"].as_str()),
        (Some("EXPORT"), Some("VATEX-EU-G"))
    );
    assert!(v["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(v["mention"].is_object());
}

#[test]
fn export_customers_writes_the_csv_with_filters() {
    use orion_customers::service::{self, CustomerInput};
    let s = Sandbox::new();
    let o = s.run(&["demo", "--seed-only"]);
    assert!(o.status.success(), "{}", text(&o));
    let url = format!("sqlite://{}/orion.db", s.dir.display());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let db = orion_db::Db::connect(&url).await.unwrap();
            let store = orion_tenancy::service::admin::store_by_code(db.conn(), "DEMO-LU")
                .await
                .unwrap()
                .unwrap();
            let store = orion_kernel::StoreId(store.id);
            for (email, consent) in [
                ("cli-a@example.test", true),
                ("cli-b@example.test", false),
                ("cli-c@example.test", false),
            ] {
                let input = CustomerInput {
                    email: email.into(),
                    first_name: Some("Zoë, \"Z\"".into()),
                    marketing_consent: Some(consent),
                    ..Default::default()
                };
                let c = service::upsert_by_email(db.conn(), store, &input)
                    .await
                    .unwrap();
                service::add_order(db.conn(), store, CustomerId(c.id), 1999, chrono::Utc::now())
                    .await
                    .unwrap();
            }
        });
    let out = s.dir.join("customers.csv");
    let out_arg = out.to_str().unwrap();
    let o = s.run(&[
        "export",
        "customers",
        "--store",
        "demo-lu",
        "--out",
        out_arg,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("exported"), "{}", text(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("email,first_name,last_name,phone,customer_number,"));
    let ours: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("@example.test"))
        .collect();
    assert_eq!(ours.len(), 3, "{csv}");
    assert!(ours[0].contains("\"Zoë, \"\"Z\"\"\"") && ours[0].contains(",1,19.99,19.99,"));
    let o = s.run(&[
        "export",
        "customers",
        "--store",
        "DEMO-LU",
        "--out",
        out_arg,
        "--marketing-consent",
        "true",
        "--created-from",
        "2000-01-01",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.matches("@example.test").count(), 1, "{csv}");
    let o = s.run(&[
        "export",
        "customers",
        "--store",
        "DEMO-LU",
        "--out",
        out_arg,
        "--created-from",
        "31/01/2026",
    ]);
    assert!(!o.status.success());
    assert!(text(&o).contains("created-from"), "{}", text(&o));
    let o = s.run(&["export", "customers", "--store", "NOPE", "--out", out_arg]);
    assert!(!o.status.success());
    assert!(text(&o).contains("no store with code NOPE"), "{}", text(&o));
}

#[test]
fn reports_rebuild_recomputes_every_store_or_one() {
    let s = Sandbox::new();
    let o = s.run(&["demo", "--seed-only"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = s.run(&["reports", "rebuild"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for code in ["DEMO-LU", "DEMO-DE"] {
        assert!(
            out.contains(&format!("rollups of {code} rebuilt from 0 order(s)")),
            "{out}"
        );
    }
    let o = s.run(&["reports", "rebuild", "--store", "DEMO-LU"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("DEMO-DE"), "{}", text(&o));
    let o = s.run(&["reports", "rebuild", "--store", "NOPE-LU"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("no store with code NOPE-LU"),
        "{}",
        text(&o)
    );
}

#[test]
fn export_accounting_writes_each_kind_and_names_bad_input() {
    let s = Sandbox::new();
    let o = s.run(&["demo", "--seed-only"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = s.dir.join("acc.csv");
    let out_arg = out.to_str().unwrap();
    let run = |kind: &str, extra: &[&str]| {
        let mut args = vec![
            "export",
            "accounting",
            "--store",
            "DEMO-LU",
            "--kind",
            kind,
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--out",
            out_arg,
        ];
        args.extend_from_slice(extra);
        s.run(&args)
    };
    for (kind, header) in [
        ("journal", "number,document_type,issue_date"),
        ("oss", "section,country,rate,corrected_year"),
        ("ecsl", "country,vat_id,goods_total"),
        ("vat", "section,country,rate,taxable,vat"),
    ] {
        let o = run(kind, &[]);
        assert!(o.status.success(), "{kind}: {}", text(&o));
        assert!(text(&o).contains("wrote"), "{kind}: {}", text(&o));
        let csv = std::fs::read_to_string(&out).unwrap();
        assert!(csv.starts_with(header), "{kind}: {csv}");
    }
    let o = run("package", &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("accountant's package (0 document(s))"),
        "{}",
        text(&o)
    );
    let zip = std::fs::read(&out).unwrap();
    assert!(zip.starts_with(b"PK"));
    assert!(zip.windows(15).any(|w| w == b"manifest.sha256"));
    let o = run("journal", &["--dialect", "excel"]);
    assert!(o.status.success(), "{}", text(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFnumber;document_type"));
    assert!(text(&o).contains("of 0 document(s)"), "{}", text(&o));
    let o = s.run(&[
        "export",
        "accounting",
        "--store",
        "DEMO-LU",
        "--kind",
        "journal",
        "--from",
        "2026-12-31",
        "--to",
        "2026-01-01",
        "--out",
        out_arg,
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("--to must not be before from"),
        "{}",
        text(&o)
    );
    let o = s.run(&[
        "export",
        "accounting",
        "--store",
        "NOPE",
        "--kind",
        "vat",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--out",
        out_arg,
    ]);
    assert!(!o.status.success());
    assert!(text(&o).contains("no store with code NOPE"), "{}", text(&o));
}
