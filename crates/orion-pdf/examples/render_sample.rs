//! Renders an invoice view (JSON) to PDF, and optionally its first page to PNG:
//! `cargo run -p orion-pdf --example render_sample -- VIEW.json OUT.pdf [OUT.png]`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pdf_out, rest @ ..] = args.as_slice() else {
        return Err("usage: render_sample VIEW.json OUT.pdf [OUT.png]".into());
    };
    let view: orion_pdf::InvoiceView = serde_json::from_slice(&std::fs::read(input)?)?;
    let engine = orion_pdf::engine();
    let started = Instant::now();
    let pdf = engine.render_invoice(&view)?;
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    std::fs::write(pdf_out, pdf)?;
    if let Some(png_out) = rest.first() {
        std::fs::write(png_out, engine.png_first_page(&view, 110.0)?)?;
    }
    Ok(())
}
