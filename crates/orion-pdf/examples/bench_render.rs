//! Renders the sample invoice N times on one thread (after a warm-up) and prints the
//! throughput: `cargo run --release -p orion-pdf --example bench_render -- [N] [VIEW.json]`.
//! Each render gets its own invoice number, as in production, so no two PDFs are the same.

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
    let started = Instant::now();
    for v in &views {
        bytes = engine.render_invoice(v)?.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "typst: {n} invoices in {secs:.3} s: {:.1} invoices/s, {:.2} ms/invoice ({bytes} bytes each)",
        f64::from(n) / secs,
        secs * 1000.0 / f64::from(n)
    );
    Ok(())
}
