//! Invoice PDFs: the printable view of a stored document in its language, rendered by
//! `orion-pdf` once and then served from `invoice_pdfs` (the invoice keeps the checksum).

use axum::response::Response;
use chrono::{Datelike, Utc};
use orion_kernel::Address;
use orion_kernel::StoreId;
use orion_pdf::{BreakdownView, InvoiceView, LineView, PartyView};
use orion_vat::Category;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ConnectionTrait, EntityTrait};
use sha2::{Digest, Sha256};

use crate::compute::InvoiceLine;
use crate::entity::{invoice, invoice_pdf};
use crate::error::InvoiceError;
use crate::format;
use crate::service::{self, Bucket, Buyer, Seller, snapshot};

fn country_name(code: &str) -> String {
    orion_vat::CountryCode::parse(code)
        .map(|c| c.name_en())
        .unwrap_or_else(|_| code.to_owned())
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = a.name.as_deref().filter(|n| !n.is_empty()) {
        out.push(n.to_owned());
    }
    out.push(a.street.clone());
    out.push(format!("{} {}", a.postal_code, a.city));
    out.push(country_name(&a.country));
    out
}

/// IBAN in groups of four, as printed.
fn iban_groups(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A bucket's row label; `rate` is its rate as printed.
fn label(b: &Bucket, rate: &str, lang: &str) -> String {
    match (b.category, lang) {
        (Category::IntraCommunity, "fr") => "Exonérée – livraison intracommunautaire".into(),
        (Category::IntraCommunity, "de") => "Steuerfrei – innergemeinschaftliche Lieferung".into(),
        (Category::IntraCommunity, _) => "Exempt – intra-Community supply".into(),
        (Category::Export, "fr") => "Exonérée – exportation".into(),
        (Category::Export, "de") => "Steuerfrei – Ausfuhrlieferung".into(),
        (Category::Export, _) => "Exempt – export".into(),
        (_, "fr") => format!("TVA {rate}"),
        (_, "de") => format!("MwSt. {rate}"),
        _ => format!("VAT {rate}"),
    }
}

/// The printable view of a stored invoice or credit note.
pub fn view_of(
    inv: &invoice::Model,
    corrects_number: Option<String>,
    order_number: Option<String>,
) -> Result<InvoiceView, InvoiceError> {
    let lang = inv.language.as_str();
    let seller: Seller = snapshot(&inv.seller)?;
    let buyer: Buyer = snapshot(&inv.buyer)?;
    let lines: Vec<InvoiceLine> = snapshot(&inv.lines)?;
    let buckets: Vec<Bucket> = snapshot(&inv.vat_breakdown)?;
    let mentions: Vec<String> = snapshot(&inv.mentions)?;
    let money = |c: i64| format::money(c, lang);
    let billing = buyer
        .billing_address
        .clone()
        .unwrap_or(buyer.shipping_address.clone());
    let ship_to = (buyer.billing_address.is_some()
        && buyer.billing_address.as_ref() != Some(&buyer.shipping_address))
    .then(|| address_lines(&buyer.shipping_address));
    let mut seller_extra = Vec::new();
    if let Some(r) = &seller.rcs_number {
        seller_extra.push(format!("RCS {r}"));
    }
    let mut footer = vec![format!(
        "{} · {}, {} {} · {}",
        seller.legal_name,
        seller.street,
        seller.postal_code,
        seller.city,
        country_name(&seller.country)
    )];
    let mut legal = Vec::new();
    if let Some(r) = &seller.rcs_number {
        legal.push(format!("RCS {r}"));
    }
    if let Some(p) = &seller.business_permit {
        legal.push(match lang {
            "fr" => format!("Autorisation d'établissement {p}"),
            "de" => format!("Niederlassungsgenehmigung {p}"),
            _ => format!("Business permit {p}"),
        });
    }
    legal.push(match lang {
        "fr" => format!("N° TVA {}", seller.vat_number),
        "de" => format!("USt-IdNr. {}", seller.vat_number),
        _ => format!("VAT No. {}", seller.vat_number),
    });
    footer.push(legal.join(" · "));
    if let Some(t) = seller.footer_text.as_deref().filter(|t| !t.is_empty()) {
        footer.push(t.to_owned());
    }
    let mut bank_lines = Vec::new();
    if let Some(i) = &seller.iban {
        bank_lines.push(format!("IBAN {}", iban_groups(i)));
    }
    if let Some(b) = &seller.bic {
        bank_lines.push(format!("BIC {b}"));
    }
    let is_invoice = inv.document_type == "invoice";
    Ok(InvoiceView {
        lang: lang.to_owned(),
        document_type: inv.document_type.clone(),
        number: inv.number.clone(),
        issue_date: format::date(inv.issue_date, lang),
        supply_date: Some(format::date(inv.supply_date, lang)),
        due_date: inv.due_date.map(|d| format::date(d, lang)),
        order_reference: order_number,
        corrects_number,
        reason: inv.reason.clone(),
        seller: PartyView {
            name: seller.legal_name.clone(),
            company: None,
            address_lines: vec![
                seller.street.clone(),
                format!("{} {}", seller.postal_code, seller.city),
                country_name(&seller.country),
            ],
            vat_id: Some(seller.vat_number.clone()),
            extra_lines: seller_extra,
        },
        buyer: PartyView {
            name: buyer.company.clone().unwrap_or(buyer.name.clone()),
            company: buyer.company.as_ref().map(|_| buyer.name.clone()),
            address_lines: address_lines(&billing),
            vat_id: buyer.vat_id.clone(),
            extra_lines: vec![buyer.email.clone()],
        },
        ship_to,
        lines: lines
            .iter()
            .map(|l| LineView {
                position: l.position,
                description: l.description.clone(),
                sku: l.sku.clone(),
                quantity: format::quantity(l.quantity),
                unit_price: money(l.unit_price_cents),
                vat_rate: format::rate(l.rate().unwrap_or(orion_vat::Rate::ZERO), lang),
                amount: money(l.amount_cents),
            })
            .collect(),
        breakdown: buckets
            .iter()
            .map(|b| {
                let rate = format::rate(
                    orion_vat::Rate::parse(&b.rate).unwrap_or(orion_vat::Rate::ZERO),
                    lang,
                );
                BreakdownView {
                    label: label(b, &rate, lang),
                    rate,
                    taxable: money(b.taxable_cents),
                    vat: money(b.vat_cents),
                }
            })
            .collect(),
        net_total: money(inv.net_cents),
        vat_total: money(inv.vat_cents),
        gross_total: money(inv.gross_cents),
        mentions,
        payment_terms: if is_invoice {
            seller.payment_terms.clone()
        } else {
            None
        },
        bank_lines: if is_invoice { bank_lines } else { Vec::new() },
        footer_lines: footer,
        logo_png: None,
    })
}

/// Renders the PDF of `inv` (CPU work, off the async threads): a Factur-X PDF/A-3 when the
/// store had Factur-X on when the document was issued (the seller snapshot says so), else the
/// plain tagged PDF.
pub async fn render(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<Vec<u8>, InvoiceError> {
    let seller: Seller = snapshot(&inv.seller)?;
    render_as(conn, inv, seller.einvoice_pdf).await
}

/// Renders `inv` as a Factur-X PDF/A-3 (`facturx`) or as the plain PDF.
pub async fn render_as(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
    facturx: bool,
) -> Result<Vec<u8>, InvoiceError> {
    let store = StoreId(inv.store_id);
    let (corrects, order_number) = crate::einvoice::references(conn, inv).await?;
    let mut view = view_of(
        inv,
        corrects.as_ref().map(|(n, _)| n.clone()),
        order_number.clone(),
    )?;
    let seller: Seller = snapshot(&inv.seller)?;
    if let Some(sha) = &seller.logo_sha256 {
        view.logo_png = crate::settings::logo(conn, store, sha).await?;
    }
    if facturx {
        let edoc = crate::einvoice::EDocument::of(inv, corrects, order_number)?;
        let xml = crate::einvoice::cii(&edoc);
        let d = inv.issue_date;
        let date = (d.year() as u16, d.month() as u8, d.day() as u8);
        tokio_blocking(move || orion_pdf::engine().render_facturx(&view, xml.as_bytes(), date))
            .await
    } else {
        tokio_blocking(move || orion_pdf::engine().render_invoice(&view)).await
    }
}

/// The Factur-X PDF of `inv`: the stored PDF when it is one, else rendered now (the stored
/// PDF of a document issued with Factur-X off stays what it is).
pub async fn facturx(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<Vec<u8>, InvoiceError> {
    let seller: Seller = snapshot(&inv.seller)?;
    if seller.einvoice_pdf {
        stored_or_render(conn, inv).await
    } else {
        render_as(conn, inv, true).await
    }
}

async fn tokio_blocking<F>(f: F) -> Result<Vec<u8>, InvoiceError>
where
    F: FnOnce() -> Result<Vec<u8>, orion_pdf::PdfError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| InvoiceError::Pdf(e.to_string()))?
        .map_err(|e| InvoiceError::Pdf(e.to_string()))
}

/// The stored PDF, rendered and stored first if needed. Rendering is deterministic, so
/// two requests racing to store it store the same bytes; the first insert wins.
pub async fn stored_or_render(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<Vec<u8>, InvoiceError> {
    if let Some(p) = invoice_pdf::Entity::find_by_id(inv.id).one(conn).await? {
        return Ok(p.content);
    }
    let bytes = render(conn, inv).await?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let stmt = Query::insert()
        .into_table(invoice_pdf::Entity)
        .columns([
            invoice_pdf::Column::InvoiceId,
            invoice_pdf::Column::StoreId,
            invoice_pdf::Column::Content,
            invoice_pdf::Column::Sha256,
            invoice_pdf::Column::CreatedAt,
        ])
        .values_panic([
            inv.id.into(),
            inv.store_id.into(),
            bytes.clone().into(),
            sha.clone().into(),
            Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::column(invoice_pdf::Column::InvoiceId)
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    service::record_pdf(conn, StoreId(inv.store_id), inv.id, &sha).await?;
    Ok(bytes)
}

/// `application/pdf` with a download name made of the document number.
pub fn pdf_response(inv: &invoice::Model, bytes: Vec<u8>) -> Response {
    orion_web::pages::pdf_attachment(bytes, &inv.number)
}

/// `application/xml` with a download name made of the document number (`INV-2026-00001.xml`).
pub fn xml_response(inv: &invoice::Model, xml: String) -> Response {
    let name = orion_web::pages::file_stem(&inv.number);
    orion_web::pages::attachment(xml.into(), "application/xml", &format!("{name}.xml"))
}

/// The Factur-X PDF as a download (`INV-2026-00001-facturx.pdf`).
pub fn facturx_response(inv: &invoice::Model, bytes: Vec<u8>) -> Response {
    orion_web::pages::pdf_attachment(bytes, &format!("{}-facturx", inv.number))
}
