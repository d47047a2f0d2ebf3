//! Renders an invoice view (JSON) to PDF:
//! `cargo run -p orion-pdf --example render_sample -- VIEW.json OUT.pdf`.
//! To look at it: `pdftoppm -png -r 110 -f 1 -l 1 -singlefile OUT.pdf page` writes `page.png`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pdf_out] = args.as_slice() else {
        return Err("usage: render_sample VIEW.json OUT.pdf".into());
    };
    let view: orion_pdf::InvoiceView = serde_json::from_slice(&std::fs::read(input)?)?;
    let started = Instant::now();
    let pdf = orion_pdf::engine().render_invoice(&view)?;
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    std::fs::write(pdf_out, pdf)?;
    Ok(())
}
