//! Renders an invoice view (JSON) to PDF:
//! `cargo run -p orion-pdf --example render_sample -- VIEW.json OUT.pdf`, or as Factur-X
//! PDF/A-3b with a CII XML embedded:
//! `cargo run -p orion-pdf --example render_sample -- VIEW.json OUT.pdf CII.xml 2026-11-24`.
//! To look at it: `pdftoppm -png -r 110 -f 1 -l 1 -singlefile OUT.pdf page` writes `page.png`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, pdf_out, facturx) = match args.as_slice() {
        [input, pdf_out] => (input, pdf_out, None),
        [input, pdf_out, xml, date] => (input, pdf_out, Some((xml, date))),
        _ => return Err("usage: render_sample VIEW.json OUT.pdf [CII.xml YYYY-MM-DD]".into()),
    };
    let view: orion_pdf::InvoiceView = serde_json::from_slice(&std::fs::read(input)?)?;
    let started = Instant::now();
    let pdf = match facturx {
        None => orion_pdf::engine().render_invoice(&view)?,
        Some((xml, date)) => {
            let mut parts = date.splitn(3, '-').map(str::parse::<u16>);
            let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(format!("not a YYYY-MM-DD date: {date}").into());
            };
            let date = (y, u8::try_from(m)?, u8::try_from(d)?);
            orion_pdf::engine().render_facturx(&view, &std::fs::read(xml)?, date)?
        }
    };
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    std::fs::write(pdf_out, pdf)?;
    Ok(())
}
