//! Renders the sample invoice N times on one thread (after a warm-up) and prints the
//! throughput: `cargo run --release -p orion-pdf --example bench_render -- [N] [VIEW.json]`.
//! Each render gets its own invoice number, as in production, so no two PDFs are the same.
//! Also prints the CPU time (user + system, from `/proc/self/stat` on Linux), which a busy
//! machine inflates much less than the wall time.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(500);
    let view: orion_pdf::InvoiceView = match args.next() {
        Some(path) => serde_json::from_slice(&std::fs::read(path)?)?,
        None => serde_json::from_str(include_str!("../tests/fixtures/sample_invoice.json"))?,
    };
    let engine = orion_pdf::engine();
    let numbered = |i: u32| {
        let mut v = view.clone();
        v.number = format!("INV-2026-{i:05}");
        v
    };
    let warm_up = (n / 10).clamp(5, 50);
    let mut bytes = 0;
    for i in 0..warm_up {
        bytes = engine.render_invoice(&numbered(90_000 + i))?.len();
    }
    let views: Vec<_> = (0..n).map(numbered).collect();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    for v in &views {
        bytes = engine.render_invoice(v)?.len();
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) => format!(", cpu {:.2} ms/invoice", (b - a) * 1000.0 / f64::from(n)),
        _ => String::new(),
    };
    println!(
        "orion-pdf: {n} invoices in {secs:.3} s: {:.1} invoices/s, {:.2} ms/invoice{cpu} ({bytes} bytes each)",
        f64::from(n) / secs,
        secs * 1000.0 / f64::from(n)
    );
    Ok(())
}

/// CPU time of the process (all threads) in seconds; Linux clock ticks are 1/100 s.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: f64 = fields.nth(11)?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
