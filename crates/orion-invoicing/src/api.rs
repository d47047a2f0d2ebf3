//! Invoicing API: store invoice settings, issue from an order, list, detail, PDF, mark
//! paid, credit notes. Issued documents are immutable: edit and delete answer 405.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use orion_kernel::{CursorParams, InvoiceId, ListPage, Listing, Money, OrderId, Pagination};
use orion_web::Problem;
use orion_web::problem::responses::{ProblemConflict, ProblemInvalid, ProblemNotFound};
use orion_web::{ApiError, ProblemKind};
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::InvoiceError);

use crate::compute::InvoiceLine;
use crate::entity::invoice;
use crate::service::{self, Bucket, Buyer, CreditNoteIn, InvoiceFilter, Seller, snapshot};
use crate::settings::{self, InvoiceSettingsIn, InvoiceSettingsOut};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(issue_invoice))
        .routes(routes!(list_invoices))
        .routes(routes!(
            get_invoice,
            edit_invoice,
            replace_invoice,
            delete_invoice
        ))
        .routes(routes!(invoice_pdf))
        .routes(routes!(invoice_ubl))
        .routes(routes!(invoice_facturx))
        .routes(routes!(mark_paid))
        .routes(routes!(issue_credit_note))
        .merge(crate::invoices_zip::router())
        .merge(crate::send::router())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineOut {
    pub position: u32,
    pub description: String,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub quantity: i64,
    pub unit_price: Money,
    /// Gross on gross-method documents, net on net-method ones (see `rounding_method`).
    pub amount: Money,
    pub net_amount: Money,
    pub rate_class: String,
    /// EN 16931 category: S, Z, K (intra-Community), G (export).
    pub vat_category: String,
    pub vat_rate: String,
}

impl From<InvoiceLine> for LineOut {
    fn from(l: InvoiceLine) -> Self {
        LineOut {
            position: l.position,
            description: l.description,
            sku: l.sku,
            gtin: l.gtin,
            quantity: l.quantity,
            unit_price: Money(l.unit_price_cents),
            amount: Money(l.amount_cents),
            net_amount: Money(l.net_cents),
            rate_class: l.rate_class.as_str().into(),
            vat_category: l.vat_category.code().into(),
            vat_rate: l.vat_rate,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BucketOut {
    pub category: String,
    /// Percent, `17` or `25.5`.
    pub rate: String,
    pub taxable: Money,
    pub vat: Money,
}

impl From<Bucket> for BucketOut {
    fn from(b: Bucket) -> Self {
        BucketOut {
            category: b.category.code().into(),
            rate: b.rate,
            taxable: Money(b.taxable_cents),
            vat: Money(b.vat_cents),
        }
    }
}

/// An invoice or credit note.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceOut {
    pub id: i64,
    pub number: String,
    /// issued, paid, cancelled (fully credited).
    pub status: String,
    /// invoice or credit_note.
    pub document_type: String,
    /// The invoice a credit note corrects.
    pub corrects: Option<i64>,
    pub corrects_number: Option<String>,
    pub order_id: Option<i64>,
    pub issue_date: NaiveDate,
    pub supply_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub currency: String,
    pub language: String,
    pub vat_regime: String,
    pub vat_country: String,
    /// gross (VAT extracted from consumer prices) or net.
    pub rounding_method: String,
    pub price_policy: String,
    pub seller: Seller,
    pub buyer: Buyer,
    pub lines: Vec<LineOut>,
    pub vat_breakdown: Vec<BucketOut>,
    pub net_total: Money,
    pub vat_total: Money,
    pub gross_total: Money,
    pub mentions: Vec<String>,
    pub regime_explanation: String,
    pub reason: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub pdf_url: String,
    /// Credit notes issued against this invoice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credit_notes: Vec<CreditNoteRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditNoteRef {
    pub id: i64,
    pub number: String,
    pub gross_total: Money,
}

/// The API view of a stored document.
pub async fn view(
    conn: &impl sea_orm::ConnectionTrait,
    m: invoice::Model,
) -> Result<InvoiceOut, ApiError> {
    let store = orion_kernel::StoreId(m.store_id);
    let corrects_number = match m.corrects_invoice_id {
        Some(id) => Some(service::find(conn, store, InvoiceId(id)).await?.number),
        None => None,
    };
    let credit_notes = if m.document_type == "invoice" {
        service::credit_notes_of(conn, store, m.id)
            .await?
            .into_iter()
            .map(|c| CreditNoteRef {
                id: c.id,
                number: c.number,
                gross_total: Money(c.gross_cents),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(InvoiceOut {
        pdf_url: format!("/api/v1/store/invoices/{}/pdf", m.id),
        seller: snapshot(&m.seller)?,
        buyer: snapshot(&m.buyer)?,
        lines: snapshot::<Vec<InvoiceLine>>(&m.lines)?
            .into_iter()
            .map(Into::into)
            .collect(),
        vat_breakdown: snapshot::<Vec<Bucket>>(&m.vat_breakdown)?
            .into_iter()
            .map(Into::into)
            .collect(),
        mentions: snapshot(&m.mentions)?,
        id: m.id,
        number: m.number,
        status: m.status,
        document_type: m.document_type,
        corrects: m.corrects_invoice_id,
        corrects_number,
        order_id: m.order_id,
        issue_date: m.issue_date,
        supply_date: m.supply_date,
        due_date: m.due_date,
        currency: m.currency,
        language: m.language,
        vat_regime: m.vat_regime,
        vat_country: m.vat_country,
        rounding_method: m.rounding_method,
        price_policy: m.price_policy,
        net_total: Money(m.net_cents),
        vat_total: Money(m.vat_cents),
        gross_total: Money(m.gross_cents),
        regime_explanation: m.regime_explanation,
        reason: m.reason,
        paid_at: m.paid_at,
        cancelled_at: m.cancelled_at,
        created_at: m.created_at,
        credit_notes,
    })
}

/// A row of the invoice list.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceSummary {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub document_type: String,
    pub corrects: Option<i64>,
    pub order_id: Option<i64>,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub buyer_name: String,
    pub buyer_email: String,
    pub customer_id: Option<i64>,
    pub vat_regime: String,
    pub vat_country: String,
    pub language: String,
    pub net_total: Money,
    pub vat_total: Money,
    pub gross_total: Money,
}

impl From<invoice::Model> for InvoiceSummary {
    fn from(m: invoice::Model) -> Self {
        InvoiceSummary {
            id: m.id,
            number: m.number,
            status: m.status,
            document_type: m.document_type,
            corrects: m.corrects_invoice_id,
            order_id: m.order_id,
            issue_date: m.issue_date,
            due_date: m.due_date,
            buyer_name: m.buyer_name,
            buyer_email: m.buyer_email,
            customer_id: m.customer_id,
            vat_regime: m.vat_regime,
            vat_country: m.vat_country,
            language: m.language,
            net_total: Money(m.net_cents),
            vat_total: Money(m.vat_cents),
            gross_total: Money(m.gross_cents),
        }
    }
}

/// The store's invoice settings (404 until they are saved once).
#[utoipa::path(get, path = "/api/v1/store/settings/invoice", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])),
    responses((status = 200, body = InvoiceSettingsOut), (status = 404, description = "Not configured yet", body = Problem, content_type = "application/problem+json")))]
pub async fn get_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<InvoiceSettingsOut>, ApiError> {
    ctx.require("invoices.view")?;
    match settings::get(state.db.conn(), ctx.store_id()).await? {
        Some(s) => Ok(Json(s.into())),
        None => Err(ApiError::new(
            ProblemKind::NotFound,
            format!(
                "Invoice settings are not configured yet; required: {}",
                settings::MANDATORY.join(", ")
            ),
        )),
    }
}

/// Saves the store's invoice settings (201 the first time, 200 after). Issued invoices
/// keep the settings they were issued with.
#[utoipa::path(put, path = "/api/v1/store/settings/invoice", extensions(("x-permission" = json!("settings.manage"))), tag = "invoicing", security(("bearer" = [])), request_body = InvoiceSettingsIn,
    responses((status = 200, body = InvoiceSettingsOut), (status = 201, body = InvoiceSettingsOut),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json")))]
pub async fn put_settings(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(input): ApiJson<InvoiceSettingsIn>,
) -> Result<(StatusCode, Json<InvoiceSettingsOut>), ApiError> {
    ctx.require("settings.manage")?;
    let tx = state.db.begin_write().await?;
    let (saved, created) = settings::save(&tx, ctx.store_id(), &input).await?;
    tx.commit().await?;
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(saved.into())))
}

/// Issues the invoice of an order (201), or returns its active invoice (200).
#[utoipa::path(post, path = "/api/v1/store/orders/{order_id}/invoice", extensions(("x-permission" = json!("invoices.issue"))), tag = "invoicing", security(("bearer" = [])), params(("order_id" = i64, Path)),
    responses((status = 201, body = InvoiceOut), (status = 200, description = "The order's existing invoice", body = InvoiceOut),
        (status = 403, description = "The regime needs a higher tier (feature-not-in-tier)", body = Problem, content_type = "application/problem+json"),
        ProblemNotFound,
        (status = 409, description = "The order cannot be invoiced in its status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invoice settings missing, or the VAT cannot be determined", body = Problem, content_type = "application/problem+json")))]
pub async fn issue_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(order_id): Path<i64>,
) -> Result<(StatusCode, Json<InvoiceOut>), ApiError> {
    ctx.require("invoices.issue")?;
    let store = ctx.store.store_ref();
    let tx = state.db.begin_write().await?;
    let (inv, created) =
        service::issue_for_order(&tx, &store, OrderId(order_id), Some(ctx.principal.user_id))
            .await?;
    let out = view(&tx, inv).await?;
    tx.commit().await?;
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(out)))
}

/// Invoices and credit notes of the store, newest first: by page number, or walked with
/// cursors (`?limit=`, then `?after=<next_cursor>`; never counted, stable while documents are
/// issued).
#[utoipa::path(get, path = "/api/v1/store/invoices", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(InvoiceFilter, Pagination, CursorParams),
    responses((status = 200, body = ListPage<InvoiceSummary>), ProblemInvalid))]
pub async fn list_invoices(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(f): Query<InvoiceFilter>,
    Query(p): Query<Pagination>,
    Query(c): Query<CursorParams>,
) -> Result<Json<ListPage<InvoiceSummary>>, ApiError> {
    ctx.require("invoices.view")?;
    let how = Listing::of(p, &c)?;
    let page = service::listing(state.db.conn(), ctx.store_id(), &f, &how).await?;
    Ok(Json(page.map(Into::into)))
}

#[utoipa::path(get, path = "/api/v1/store/invoices/{invoice_id}", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 200, body = InvoiceOut), ProblemNotFound))]
pub async fn get_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<InvoiceOut>, ApiError> {
    ctx.require("invoices.view")?;
    let inv = service::find(state.db.conn(), ctx.store_id(), InvoiceId(id)).await?;
    Ok(Json(view(state.db.conn(), inv).await?))
}

async fn immutable(state: &AppState, ctx: &StoreCtx, id: i64) -> ApiError {
    if let Err(e) = ctx.require("invoices.view") {
        return e;
    }
    if let Err(e) = service::find(state.db.conn(), ctx.store_id(), InvoiceId(id)).await {
        return e.into();
    }
    let mut e = ApiError::new(
        ProblemKind::MethodNotAllowed,
        "Issued invoices and credit notes cannot be edited or deleted (Luxembourg invoicing \
         rules): correct or cancel an invoice with a credit note \
         (POST /api/v1/store/invoices/{invoice_id}/credit-note)",
    );
    e.allow = Some("GET".into());
    e
}

/// Refused: an issued document is immutable (405).
#[utoipa::path(patch, path = "/api/v1/store/invoices/{invoice_id}", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 405, description = "Issued documents cannot be edited", body = Problem, content_type = "application/problem+json")))]
pub async fn edit_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> ApiError {
    immutable(&state, &ctx, id).await
}

/// Refused: an issued document is immutable (405).
#[utoipa::path(put, path = "/api/v1/store/invoices/{invoice_id}", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 405, description = "Issued documents cannot be replaced", body = Problem, content_type = "application/problem+json")))]
pub async fn replace_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> ApiError {
    immutable(&state, &ctx, id).await
}

/// Refused: an issued document is never deleted (405).
#[utoipa::path(delete, path = "/api/v1/store/invoices/{invoice_id}", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 405, description = "Issued documents cannot be deleted", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_invoice(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> ApiError {
    immutable(&state, &ctx, id).await
}

/// Records the payment of an issued invoice.
#[utoipa::path(post, path = "/api/v1/store/invoices/{invoice_id}/mark-paid", extensions(("x-permission" = json!("invoices.issue"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 200, body = InvoiceOut), ProblemNotFound, ProblemConflict))]
pub async fn mark_paid(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<InvoiceOut>, ApiError> {
    ctx.require("invoices.issue")?;
    let tx = state.db.begin_write().await?;
    let inv = service::mark_paid(&tx, ctx.store_id(), id).await?;
    let out = view(&tx, inv).await?;
    tx.commit().await?;
    Ok(Json(out))
}

/// Issues a credit note for the whole invoice or some of its lines.
#[utoipa::path(post, path = "/api/v1/store/invoices/{invoice_id}/credit-note", extensions(("x-permission" = json!("invoices.issue"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    request_body = CreditNoteIn,
    responses((status = 201, body = InvoiceOut), ProblemNotFound,
        (status = 409, description = "Already fully credited", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn issue_credit_note(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CreditNoteIn>,
) -> Result<(StatusCode, Json<InvoiceOut>), ApiError> {
    ctx.require("invoices.issue")?;
    let store = ctx.store.store_ref();
    let tx = state.db.begin_write().await?;
    let cn = service::credit_note(&tx, &store, id, &input, Some(ctx.principal.user_id)).await?;
    let out = view(&tx, cn).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// The document as PDF (rendered once, then served from storage).
#[utoipa::path(get, path = "/api/v1/store/invoices/{invoice_id}/pdf", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The PDF"), ProblemNotFound))]
pub async fn invoice_pdf(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    ctx.require("invoices.view")?;
    let inv = service::find(state.db.conn(), ctx.store_id(), InvoiceId(id)).await?;
    let bytes = crate::pdf::stored_or_render(state.db.conn(), &inv).await?;
    Ok(crate::pdf::pdf_response(&inv, bytes))
}

/// The document as a Peppol BIS Billing 3.0 UBL e-invoice (`Invoice` or `CreditNote`),
/// generated from its immutable snapshots.
#[utoipa::path(get, path = "/api/v1/store/invoices/{invoice_id}/ubl", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 200, content_type = "application/xml", description = "UBL 2.1, file name `<number>.xml`"), ProblemNotFound))]
pub async fn invoice_ubl(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    ctx.require("invoices.view")?;
    let inv = service::find(state.db.conn(), ctx.store_id(), InvoiceId(id)).await?;
    let xml = crate::einvoice::ubl_of(state.db.conn(), &inv).await?;
    Ok(crate::pdf::xml_response(&inv, xml))
}

/// The document as a Factur-X PDF/A-3 (EN 16931 profile, the CII XML attached as
/// `factur-x.xml`), whatever the store's `einvoice_pdf` setting.
#[utoipa::path(get, path = "/api/v1/store/invoices/{invoice_id}/facturx", extensions(("x-permission" = json!("invoices.view"))), tag = "invoicing", security(("bearer" = [])), params(("invoice_id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The Factur-X PDF"), ProblemNotFound))]
pub async fn invoice_facturx(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    ctx.require("invoices.view")?;
    let inv = service::find(state.db.conn(), ctx.store_id(), InvoiceId(id)).await?;
    let bytes = crate::pdf::facturx(state.db.conn(), &inv).await?;
    Ok(crate::pdf::facturx_response(&inv, bytes))
}
