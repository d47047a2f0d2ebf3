//! What invoicing tells outside listeners (webhooks): `invoice.issued` and
//! `credit_note.issued`, emitted inside the issuing transaction (`orion_db::events`).

use orion_db::events::DomainEvent;
use orion_kernel::{Money, OrderId, StoreId};
use sea_orm::DatabaseTransaction;
use serde_json::json;

use crate::entity::invoice;
use crate::error::InvoiceError;

/// Announces a document just issued: its number, order, totals (decimal strings) and date.
pub(crate) async fn issued(
    tx: &DatabaseTransaction,
    doc: &invoice::Model,
) -> Result<(), InvoiceError> {
    let store = StoreId(doc.store_id);
    let order_number = match doc.order_id {
        Some(id) => Some(
            orion_orders::service::find(tx, store, OrderId(id))
                .await?
                .order_number,
        ),
        None => None,
    };
    let credit_note = doc.document_type == "credit_note";
    let mut data = json!({
        "invoice_id": doc.id,
        "number": doc.number,
        "document_type": doc.document_type,
        "order_id": doc.order_id,
        "order_number": order_number,
        "net": Money(doc.net_cents).to_string(),
        "vat": Money(doc.vat_cents).to_string(),
        "gross": Money(doc.gross_cents).to_string(),
        "currency": doc.currency,
        "issue_date": doc.issue_date.to_string(),
    });
    if credit_note {
        data["corrects_invoice_id"] = json!(doc.corrects_invoice_id);
    }
    let ev = DomainEvent {
        store,
        kind: if credit_note {
            "credit_note.issued"
        } else {
            "invoice.issued"
        },
        data,
    };
    orion_db::events::emit(tx, &ev)
        .await
        .map_err(InvoiceError::Event)
}
