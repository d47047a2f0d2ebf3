//! The purchase order as a PDF for the supplier, in the supplier's language, rendered by
//! orion-pdf from the order, its lines and the store's letterhead.

use orion_kernel::{Lang, Money, locale};
use orion_pdf::{PartyView, PurchaseLineView, PurchaseOrderView, SupplierView};
use orion_web::StoreScope;
use sea_orm::DatabaseConnection;

use crate::entity::purchase_order;
use crate::error::PurchasingError;
use crate::service::queries;

/// The PDF's bytes and its file name stem (the number, or `PO-draft-<id>`).
pub async fn render(
    conn: &DatabaseConnection,
    store: &StoreScope,
    po: purchase_order::Model,
) -> Result<(Vec<u8>, String), PurchasingError> {
    let d = queries::detail(conn, store.store_id, po).await?;
    let lang = Lang::parse(&d.supplier.language).unwrap_or(Lang::En);
    let head = orion_web::letterhead::of(conn, store.store_id).await?;
    let offers =
        crate::service::suppliers::products_of(conn, store.store_id, d.supplier.id).await?;
    let number =
        d.po.number
            .clone()
            .unwrap_or_else(|| format!("PO-draft-{}", d.po.id));
    let buyer = match head {
        Some(h) => PartyView {
            name: h.legal_name,
            company: None,
            address_lines: h.address_lines,
            vat_id: h.vat_number,
            extra_lines: Vec::new(),
        },
        None => PartyView {
            name: store.name.clone(),
            company: None,
            address_lines: vec![store.country.clone()],
            vat_id: None,
            extra_lines: Vec::new(),
        },
    };
    let deliver_to = buyer.address_lines.clone();
    let s = &d.supplier;
    let address: Vec<String> = [
        s.street.clone(),
        match (&s.postal_code, &s.city) {
            (None, None) => None,
            (p, c) => Some(
                format!(
                    "{} {}",
                    p.as_deref().unwrap_or(""),
                    c.as_deref().unwrap_or("")
                )
                .trim()
                .to_owned(),
            ),
        },
        s.country.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let view = PurchaseOrderView {
        lang: lang.as_str().to_owned(),
        number: number.clone(),
        order_date: d
            .po
            .order_date
            .map(|x| locale::date(x, lang))
            .unwrap_or_else(|| locale::date(orion_kernel::time::local_date(d.po.created_at), lang)),
        expected_date: d.po.expected_at.map(|x| locale::date(x, lang)),
        buyer,
        supplier: SupplierView {
            name: s.name.clone(),
            contact: s.contact_person.clone(),
            address_lines: address,
            email: s.email.clone(),
            phone: s.phone.clone(),
            vat_id: s.vat_id.clone(),
        },
        deliver_to,
        notes: d.po.notes.clone(),
        payment_terms: s.payment_terms.clone(),
        currency: s.currency.clone(),
        lines: d
            .lines
            .iter()
            .map(|(l, p)| PurchaseLineView {
                sku: p.as_ref().map(|p| p.sku.clone()).unwrap_or_default(),
                supplier_sku: offers
                    .iter()
                    .find(|o| o.product_id == l.product_id)
                    .and_then(|o| o.supplier_sku.clone()),
                description: p
                    .as_ref()
                    .map(|p| p.title_or_fallback(lang.as_str()).0.to_owned())
                    .unwrap_or_default(),
                gtin: p.as_ref().and_then(|p| p.gtin.clone()),
                quantity: locale::number(l.quantity, lang),
                unit_cost: locale::money(l.unit_cost_cents, lang),
                line_total: locale::money(l.line_total_cents, lang),
            })
            .collect(),
        total: locale::money(Money(d.po.total_cents).cents(), lang),
    };
    let bytes =
        tokio::task::spawn_blocking(move || orion_pdf::engine().render_purchase_order(&view))
            .await
            .map_err(|_| PurchasingError::Inconsistent("the PDF renderer stopped"))?
            .map_err(|e| {
                tracing::error!(error = %e, "purchase order PDF failed");
                PurchasingError::Inconsistent("the purchase order PDF could not be rendered")
            })?;
    Ok((bytes, number))
}
