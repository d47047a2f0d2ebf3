//! Renders the sample invoice N times on one thread (after a warm-up) and prints the
//! throughput: `cargo run --release -p orion-pdf --example bench_render -- [N] [VIEW.json]
//! [facturx]`. Each render gets its own invoice number, as in production, so no two PDFs are
//! the same. With `facturx`, each is rendered as Factur-X PDF/A-3b (`render_facturx`) with a
//! CII XML of the invoice's size embedded (about 6 KB for the six-line sample; the real XML
//! comes from the invoicing module).
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
    let facturx = match args.next().as_deref() {
        None => false,
        Some("facturx") => true,
        Some(other) => return Err(format!("unknown mode {other:?} (facturx)").into()),
    };
    let engine = orion_pdf::engine();
    let numbered = |i: u32| {
        let mut v = view.clone();
        v.number = format!("INV-2026-{i:05}");
        let xml = if facturx { cii(&v) } else { Vec::new() };
        (v, xml)
    };
    let render = |(v, xml): &(orion_pdf::InvoiceView, Vec<u8>)| {
        if facturx {
            engine.render_facturx(v, xml, (2026, 11, 24))
        } else {
            engine.render_invoice(v)
        }
    };
    let warm_up = (n / 10).clamp(5, 50);
    let mut bytes = 0;
    for i in 0..warm_up {
        bytes = render(&numbered(90_000 + i))?.len();
    }
    let views: Vec<_> = (0..n).map(numbered).collect();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    for v in &views {
        bytes = render(v)?.len();
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) => format!(", cpu {:.2} ms/invoice", (b - a) * 1000.0 / f64::from(n)),
        _ => String::new(),
    };
    let name = if facturx {
        "orion-pdf (Factur-X PDF/A-3b)"
    } else {
        "orion-pdf"
    };
    println!(
        "{name}: {n} invoices in {secs:.3} s: {:.1} invoices/s, {:.2} ms/invoice{cpu} ({bytes} bytes each)",
        f64::from(n) / secs,
        secs * 1000.0 / f64::from(n)
    );
    Ok(())
}

/// A stand-in for the invoice's CII XML, about the size of the real one.
fn cii(v: &orion_pdf::InvoiceView) -> Vec<u8> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsm:CrossIndustryInvoice \
         xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" \
         xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\">\n\
         <rsm:ExchangedDocument><ram:ID>{}</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>\n\
         <rsm:SupplyChainTradeTransaction>\n",
        v.number
    );
    for line in &v.lines {
        xml.push_str(&format!(
            "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument>\
             <ram:LineID>{}</ram:LineID></ram:AssociatedDocumentLineDocument>\
             <ram:SpecifiedTradeProduct><ram:SellerAssignedID>{}</ram:SellerAssignedID>\
             <ram:Name>{}</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement>\
             <ram:NetPriceProductTradePrice><ram:ChargeAmount>{}</ram:ChargeAmount>\
             </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>\
             <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">{}\
             </ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement>\
             <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>\
             <ram:RateApplicablePercent>{}</ram:RateApplicablePercent></ram:ApplicableTradeTax>\
             <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{}\
             </ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>\
             </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>\n",
            line.position,
            line.sku.as_deref().unwrap_or(""),
            line.description,
            line.unit_price,
            line.quantity,
            line.vat_rate,
            line.amount
        ));
    }
    xml.push_str(&format!(
        "<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>{}</ram:Name>\
         </ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>{}</ram:Name></ram:BuyerTradeParty>\
         </ram:ApplicableHeaderTradeAgreement>\n<ram:ApplicableHeaderTradeSettlement>\
         <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>\
         <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxBasisTotalAmount>{}\
         </ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID=\"EUR\">{}</ram:TaxTotalAmount>\
         <ram:GrandTotalAmount>{}</ram:GrandTotalAmount>\
         </ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>\n\
         </rsm:SupplyChainTradeTransaction>\n</rsm:CrossIndustryInvoice>\n",
        v.seller.name, v.buyer.name, v.net_total, v.vat_total, v.gross_total
    ));
    xml.into_bytes()
}

/// CPU time of the process (all threads) in seconds; Linux clock ticks are 1/100 s.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: f64 = fields.nth(11)?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
