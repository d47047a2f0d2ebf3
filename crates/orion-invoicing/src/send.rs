//! Sending an invoice or credit note to the buyer by e-mail: the message is rendered in the
//! document's language (the order's locale, or the store's default), carries the stored PDF
//! (byte for byte what `GET …/pdf` serves: the Factur-X PDF/A-3 when the store has Factur-X
//! on) and the Peppol UBL e-invoice, shows the store's name as sender and is queued in
//! messaging's outbox in the request's transaction; the worker sends it. Needs
//! `invoices.issue`: sending a document to a customer speaks for the store, more than
//! reading it.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use orion_kernel::{InvoiceId, StoreId};
use orion_messaging::api::Queued;
use orion_messaging::{Attachment, NewMessage};
use orion_web::pages::{PageError, PageSession, back_with_error, redirect_with};
use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, ApiJson, AppState, StoreCtx, i18n};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::entity::invoice;
use crate::service::{Seller, snapshot};
use crate::{InvoiceError, format, service};

/// The permission of sending a document.
pub const PERMISSION: &str = "invoices.issue";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(send_invoice))
}

/// Where to send the document.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SendIn {
    /// The recipient; the buyer's e-mail on the document when absent or empty.
    pub to: Option<String>,
}

/// Queues the e-mail of document `id` of `store` to `to` (or the buyer) in `conn` (the
/// caller's transaction); the message's id.
pub async fn enqueue(
    conn: &impl sea_orm::ConnectionTrait,
    store: StoreId,
    store_name: &str,
    id: i64,
    to: Option<&str>,
) -> Result<i64, ApiError> {
    let inv: invoice::Model = service::find(conn, store, InvoiceId(id)).await?;
    Ok(enqueue_document(conn, &inv, Some(store_name), to).await?)
}

/// Queues the e-mail of `inv` to `to` (or the buyer's e-mail of the document) in `conn`, with
/// its PDF (the stored one: the Factur-X PDF/A-3 when the store had Factur-X on) and its
/// Peppol UBL attached; the sender's name is `from_name`, else the seller's name on the
/// document. The message's id.
pub async fn enqueue_document(
    conn: &impl sea_orm::ConnectionTrait,
    inv: &invoice::Model,
    from_name: Option<&str>,
    to: Option<&str>,
) -> Result<i64, InvoiceError> {
    let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None if !inv.buyer_email.trim().is_empty() => inv.buyer_email.clone(),
        None => {
            return Err(orion_kernel::Invalid::field(
                "to",
                "is required: the document has no buyer e-mail",
            )
            .into());
        }
    };
    // Refuse a bad address before rendering the PDF.
    orion_messaging::outbox::address("to", &to)?;
    let seller: Seller = snapshot(&inv.seller)?;
    let store_name = from_name.unwrap_or(&seller.legal_name).to_owned();
    let pdf = crate::pdf::stored_or_render(conn, inv).await?;
    let ubl = crate::einvoice::ubl_of(conn, inv).await?;
    let lang = orion_messaging::templates::language(&inv.language);
    let template = if inv.document_type == "credit_note" {
        "credit_note"
    } else {
        "invoice"
    };
    let vars = serde_json::json!({
        "number": inv.number,
        "store_name": store_name,
        "buyer_name": inv.buyer_name,
        "total": format::money(inv.gross_cents, lang),
        "issue_date": format::date(inv.issue_date, lang),
    });
    let stem = orion_web::pages::file_stem(&inv.number);
    let id = orion_messaging::enqueue(
        conn,
        NewMessage {
            store_id: Some(StoreId(inv.store_id)),
            to,
            reply_to: None,
            from_name: Some(store_name),
            template,
            lang: lang.to_owned(),
            vars,
            attachments: vec![
                Attachment {
                    file_name: format!("{stem}.pdf"),
                    content_type: "application/pdf".into(),
                    content: pdf,
                },
                Attachment {
                    file_name: format!("{stem}.xml"),
                    content_type: "application/xml".into(),
                    content: ubl.into_bytes(),
                },
            ],
        },
    )
    .await?;
    Ok(id)
}

/// E-mails the invoice or credit note, PDF attached, to `to` or the buyer's e-mail; the
/// worker sends it (see the e-mail log). An invalid address is refused naming `to`.
#[utoipa::path(post, path = "/api/v1/store/invoices/{invoice_id}/send", extensions(("x-permission" = json!("invoices.issue"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)), request_body = SendIn,
    responses((status = 202, body = Queued), ProblemForbidden, ProblemNotFound, ProblemInvalid))]
pub async fn send_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(invoice_id): Path<i64>,
    ApiJson(body): ApiJson<SendIn>,
) -> Result<Response, ApiError> {
    ctx.require(PERMISSION)?;
    let tx = state.db.begin_write().await?;
    let id = enqueue(
        &tx,
        ctx.store_id(),
        &ctx.store.name,
        invoice_id,
        body.to.as_deref(),
    )
    .await?;
    tx.commit().await?;
    Ok(Queued::pending(id))
}

/// The page form: "Send by e-mail", with an optional address.
#[derive(Debug, Deserialize)]
pub struct SendForm {
    pub to: Option<String>,
}

/// `POST /invoices/{id}/send` from the invoice page: back to it with a notice or the error.
pub async fn send_page(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let s = session.store_with(PERMISSION)?;
    let back = format!("/invoices/{id}");
    let tx = state.db.begin_write().await.map_err(ApiError::from)?;
    match enqueue(&tx, s.store_id, &s.name, id, form.to.as_deref()).await {
        Ok(_) => {
            tx.commit().await.map_err(ApiError::from)?;
            Ok(redirect_with(
                &back,
                "notice",
                &i18n::t(i18n::current(), "invoicing-send-queued"),
            ))
        }
        Err(e) => back_with_error(&back, e),
    }
}
