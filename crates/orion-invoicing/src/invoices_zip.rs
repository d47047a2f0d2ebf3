//! The invoices of many orders as one zip of PDFs (each order's active invoice).

use std::io::Write;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use orion_kernel::{FieldError, Invalid, OrderId, StoreId};
use orion_orders::bulk_pages::FormFields;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error};
use orion_web::problem::responses::ProblemInvalid;
use orion_web::{ApiError, ApiJson, AppState, StoreCtx};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zip::write::SimpleFileOptions;

use crate::InvoiceError;
use crate::service::active_for_order;

/// The most orders one zip holds.
pub const MAX_ORDERS: usize = 1_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(invoices_zip))
}

/// Orders chosen for a download.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrdersIn {
    pub order_ids: Vec<i64>,
}

/// A zip of the orders' invoices as PDFs, named by invoice number. Orders without an
/// invoice are listed in `not-invoiced.txt` inside the zip; when none has one: 422.
#[utoipa::path(post, path = "/api/v1/store/orders/invoices.zip", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), request_body = OrdersIn,
    responses((status = 200, content_type = "application/zip", description = "One PDF per invoiced order"), ProblemInvalid))]
pub async fn invoices_zip(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<OrdersIn>,
) -> Result<Response, ApiError> {
    ctx.require("invoices.view")?;
    let bytes = build(&state, ctx.store_id(), &b.order_ids).await?;
    Ok(download(&ctx.store.code, bytes))
}

/// The orders list's "Download invoices" button (the selection or the filter's orders).
pub async fn zip_page(
    State(state): State<AppState>,
    session: PageSession,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = session.store_with("invoices.view")?;
    let ids = FormFields::parse(&body).order_ids(&state, &s).await?;
    match build(&state, s.store_id, &ids).await {
        Ok(bytes) => Ok(download(&s.code, bytes)),
        Err(e) => back_with_error("/orders", e),
    }
}

fn download(store_code: &str, bytes: Vec<u8>) -> Response {
    let day = orion_kernel::time::local_date(chrono::Utc::now());
    let code = orion_web::pages::file_stem(store_code);
    orion_web::pages::attachment(
        bytes.into(),
        "application/zip",
        &format!("invoices-{code}-{day}.zip"),
    )
}

async fn build(state: &AppState, store: StoreId, ids: &[i64]) -> Result<Vec<u8>, ApiError> {
    if ids.is_empty() {
        return Err(Invalid::field("order_ids", "choose at least one order").into());
    }
    if ids.len() > MAX_ORDERS {
        return Err(
            Invalid::field("order_ids", format!("at most {MAX_ORDERS} orders at once")).into(),
        );
    }
    let conn = state.db.conn();
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match active_for_order(conn, store, OrderId(*id)).await? {
            Some(inv) => {
                let pdf = crate::pdf::stored_or_render(conn, &inv).await?;
                files.push((
                    format!("{}.pdf", orion_web::pages::file_stem(&inv.number)),
                    pdf,
                ));
            }
            None => missing.push(*id),
        }
    }
    if files.is_empty() {
        return Err(Invalid(vec![FieldError::new(
            "order_ids",
            "none of these orders has an invoice yet",
        )])
        .into());
    }
    let lang = i18n::current();
    // The orders without an invoice, by number (an id that is no order of the store as is).
    let note = if missing.is_empty() {
        None
    } else {
        let numbers =
            orion_orders::service::order_numbers(conn, store, missing.iter().copied()).await?;
        let lines: Vec<String> = missing
            .iter()
            .map(|id| numbers.get(id).cloned().unwrap_or_else(|| id.to_string()))
            .collect();
        Some(format!(
            "{}\n{}\n",
            i18n::t(lang, "invoicing-zip-not-invoiced"),
            lines.join("\n")
        ))
    };
    tokio::task::spawn_blocking(move || zip_of(files, note))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::from(InvoiceError::Pdf(e.to_string())))
}

fn zip_of(files: Vec<(String, Vec<u8>)>, note: Option<String>) -> zip::result::ZipResult<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        w.start_file(name, opts)?;
        w.write_all(&bytes)?;
    }
    if let Some(note) = note {
        w.start_file("not-invoiced.txt", opts)?;
        w.write_all(note.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}
