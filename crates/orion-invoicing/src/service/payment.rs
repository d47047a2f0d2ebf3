//! Paying an invoice, and recording its PDF once rendered.

use chrono::Utc;
use orion_kernel::{InvoiceId, StoreId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};

use super::queries::find;
use crate::entity::invoice;
use crate::error::InvoiceError;

/// Records the payment of an issued invoice.
pub async fn mark_paid(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
) -> Result<invoice::Model, InvoiceError> {
    let inv = find(tx, store, InvoiceId(id)).await?;
    if inv.document_type != "invoice" {
        return Err(InvoiceError::NotAnInvoice);
    }
    match inv.status.as_str() {
        "issued" => {}
        "paid" => return Err(InvoiceError::AlreadyPaid),
        s => {
            return Err(InvoiceError::NotPayable {
                status: s.to_owned(),
            });
        }
    }
    let mut a: invoice::ActiveModel = inv.into();
    a.status = Set("paid".into());
    a.paid_at = Set(Some(Utc::now()));
    a.update(tx).await.map_err(Into::into)
}

/// Stores the PDF checksum once rendered (the only change an issued invoice gets).
pub async fn record_pdf(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    sha256: &str,
) -> Result<(), InvoiceError> {
    invoice::Entity::update_many()
        .col_expr(invoice::Column::PdfSha256, Expr::value(sha256))
        .filter(invoice::Column::Id.eq(id))
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::PdfSha256.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
