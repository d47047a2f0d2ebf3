//! E-invoices (invoicing.md "E-invoices"): every issued invoice and credit note as
//! UBL 2.1 per Peppol BIS Billing 3.0 ([`ubl()`]) and as UN/CEFACT CII in the Factur-X
//! EN 16931 profile ([`cii()`], the XML inside the Factur-X PDF). Both are written from one
//! [`EDocument`], built from the document's immutable snapshots; generation is pure and
//! deterministic.

mod cii;
pub mod eas;
mod model;
mod ubl;
mod xml;

pub use cii::{GUIDELINE_ID, cii};
pub use eas::Endpoint;
pub use model::{Corrects, EBucket, EDocument, ELine, EParty, money};
pub use ubl::{CUSTOMIZATION_ID, PROFILE_ID, ubl};

use orion_kernel::{InvoiceId, OrderId, StoreId};
use sea_orm::ConnectionTrait;

use crate::entity::invoice;
use crate::error::InvoiceError;
use crate::service;

/// The e-invoice content of a stored document, with the number and date of the invoice a
/// credit note corrects and the order number (read through the orders service).
pub async fn of_invoice(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<EDocument, InvoiceError> {
    let (corrects, order_number) = references(conn, inv).await?;
    EDocument::of(inv, corrects, order_number)
}

/// What a document refers to: the invoice a credit note corrects (number, issue date) and the
/// order's number.
pub async fn references(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<(Corrects, Option<String>), InvoiceError> {
    let store = StoreId(inv.store_id);
    let corrects = match inv.corrects_invoice_id {
        Some(id) => {
            let c = service::find(conn, store, InvoiceId(id)).await?;
            Some((c.number, c.issue_date))
        }
        None => None,
    };
    let order_number = match inv.order_id {
        Some(id) => Some(
            orion_orders::service::find(conn, store, OrderId(id))
                .await?
                .order_number,
        ),
        None => None,
    };
    Ok((corrects, order_number))
}

/// The document as Peppol BIS 3 UBL.
pub async fn ubl_of(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<String, InvoiceError> {
    Ok(ubl(&of_invoice(conn, inv).await?))
}

/// The document as Factur-X CII.
pub async fn cii_of(
    conn: &impl ConnectionTrait,
    inv: &invoice::Model,
) -> Result<String, InvoiceError> {
    Ok(cii(&of_invoice(conn, inv).await?))
}
