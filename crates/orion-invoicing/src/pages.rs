//! Invoicing pages: invoice list with filters, detail with PDF download, mark paid and
//! credit notes, the invoice settings form, and "Generate invoice" from an order page.

use crate::InvoiceError;
use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{InvoiceId, OrderId, Pagination};
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::json;

use crate::service::{self, CreditLineIn, CreditNoteIn, InvoiceFilter};
use crate::settings::{self, InvoiceSettingsIn};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invoices", get(list))
        .route("/invoices/{id}", get(detail))
        .route("/invoices/{id}/pdf", get(pdf))
        .route("/invoices/{id}/action", post(action))
        .route("/orders/{id}/invoice", post(generate))
        .route(
            "/settings/invoice",
            get(settings_form)
                .post(save_settings)
                .layer(DefaultBodyLimit::max(1024 * 1024)),
        )
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "invoicing/list.html",
            include_str!("../templates/list.html"),
        ),
        (
            "invoicing/detail.html",
            include_str!("../templates/detail.html"),
        ),
        (
            "invoicing/settings.html",
            include_str!("../templates/settings.html"),
        ),
        (
            "invoicing/order_panel.html",
            include_str!("../templates/order_panel.html"),
        ),
    ]
}

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    document_type: Option<String>,
    regime: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    page: Option<u64>,
    notice: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let ne = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    let f = InvoiceFilter {
        status: ne(&q.status),
        document_type: ne(&q.document_type),
        regime: ne(&q.regime),
        from: ne(&q.from).and_then(|d| d.parse().ok()),
        to: ne(&q.to).and_then(|d| d.parse().ok()),
        q: ne(&q.q),
        customer_id: None,
        order_id: None,
    };
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (rows, total, error) = match service::list(state.db.conn(), s.store_id, &f, &p).await {
        Ok((r, t)) => (r, t, None),
        Err(e @ InvoiceError::Invalid(_)) => (Vec::new(), 0, Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    let rows: Vec<crate::api::InvoiceSummary> = rows.into_iter().map(Into::into).collect();
    let query = query_of(&[
        ("status", &q.status),
        ("document_type", &q.document_type),
        ("regime", &q.regime),
        ("from", &q.from),
        ("to", &q.to),
        ("q", &q.q),
    ]);
    let ctx = state
        .page_context(&session, "invoices", json!({"page_title": "Invoices", "invoices": rows, "total": total, "page": p.page(),
            "pages": total.div_ceil(50).max(1), "query": query, "error": error, "notice": q.notice,
            "f": {"status": q.status, "document_type": q.document_type, "regime": q.regime, "from": q.from, "to": q.to, "q": q.q},
            "regimes": ["DOMESTIC", "DISTANCE_SALE_ORIGIN", "DISTANCE_SALE_OSS", "DISTANCE_SALE_DESTINATION_REGISTERED", "INTRA_COMMUNITY_SUPPLY", "EXPORT", "DOMESTIC_OTHER_MS"],
            "can_manage": s.permissions.contains("settings.manage")}))
        .await?;
    Ok(html(state.templates.render("invoicing/list.html", ctx)?))
}

/// The active filters as a query string (for the pager links).
fn query_of(pairs: &[(&str, &Option<String>)]) -> String {
    let set: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| (*k, v)))
        .collect();
    serde_urlencoded::to_string(set).unwrap_or_default()
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    notice: Option<String>,
    error: Option<String>,
}

async fn detail(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let inv = service::find(state.db.conn(), s.store_id, InvoiceId(id)).await?;
    let out = crate::api::view(state.db.conn(), inv).await?;
    let ctx = state
        .page_context(&session, "invoices", json!({"page_title": format!("Invoice {}", out.number), "i": out, "notice": q.notice, "error": q.error,
            "can_issue": s.permissions.contains("invoices.issue")}))
        .await?;
    Ok(html(state.templates.render("invoicing/detail.html", ctx)?))
}

async fn pdf(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let inv = service::find(state.db.conn(), s.store_id, InvoiceId(id)).await?;
    let bytes = crate::pdf::stored_or_render(state.db.conn(), &inv).await?;
    Ok(crate::pdf::pdf_response(&inv, bytes))
}

async fn action(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.issue")?;
    let store = s.store_ref();
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let tx = state.db.begin_write().await?;
    let res = match get("action").as_str() {
        "mark_paid" => service::mark_paid(&tx, s.store_id, id)
            .await
            .map(|i| (i.id, "The invoice is marked paid.".to_owned())),
        "credit_note" => {
            let mut lines = Vec::new();
            for (k, v) in &f {
                if let Some(pos) = k.strip_prefix("qty_")
                    && let (Ok(pos), Ok(q)) = (pos.parse::<u32>(), v.trim().parse::<i64>())
                    && q > 0
                {
                    lines.push(CreditLineIn {
                        position: pos,
                        quantity: Some(q),
                    });
                }
            }
            let input = CreditNoteIn {
                reason: get("reason"),
                lines: (!lines.is_empty()).then_some(lines),
            };
            service::credit_note(&tx, &store, id, &input, Some(session.0.user_id))
                .await
                .map(|c| (c.id, format!("Credit note {} issued.", c.number)))
        }
        _ => Err(orion_kernel::Invalid::field("action", "unknown action").into()),
    };
    match res {
        Ok((target, msg)) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/invoices/{target}"),
                "notice",
                &msg,
            ))
        }
        Err(e) => back_with_error(&format!("/invoices/{id}"), e),
    }
}

async fn generate(
    State(state): State<AppState>,
    session: PageSession,
    Path(order_id): Path<i64>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.issue")?;
    let store = s.store_ref();
    let tx = state.db.begin_write().await?;
    let back = format!("/orders/{order_id}");
    match service::issue_for_order(&tx, &store, OrderId(order_id), Some(session.0.user_id)).await {
        Ok((inv, created)) => {
            tx.commit().await?;
            let msg = if created {
                format!("Invoice {} issued.", inv.number)
            } else {
                format!("The order already has invoice {}.", inv.number)
            };
            Ok(redirect_with(&back, "notice", &msg))
        }
        Err(e) => back_with_error(&back, e),
    }
}

#[derive(Deserialize, Default)]
struct SettingsQuery {
    notice: Option<String>,
}

async fn settings_form(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let current = settings::get(state.db.conn(), s.store_id).await?;
    let configured = current.is_some();
    let view = current.map(crate::settings::InvoiceSettingsOut::from);
    render_settings(
        &state,
        &session,
        &s,
        json!(view),
        configured,
        json!([]),
        q.notice,
    )
    .await
}

async fn render_settings(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    values: serde_json::Value,
    configured: bool,
    errors: serde_json::Value,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let ctx = state
        .page_context(session, "invoice-settings", json!({"page_title": "Invoice settings", "s": values, "configured": configured,
            "errors": errors, "notice": notice, "can_manage": s.permissions.contains("settings.manage")}))
        .await?;
    Ok(html(
        state.templates.render("invoicing/settings.html", ctx)?,
    ))
}

async fn save_settings(
    State(state): State<AppState>,
    session: PageSession,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let s = scope(&session, "settings.manage")?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError::new(axum::http::StatusCode::BAD_REQUEST, e.body_text())
    };
    let mut f: Vec<(String, String)> = Vec::new();
    let mut logo: Option<Vec<u8>> = None;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "logo" {
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                logo = Some(bytes.to_vec());
            }
        } else {
            f.push((name, field.text().await.map_err(bad)?));
        }
    }
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let due_days = match get("due_days").map(|d| d.parse::<i32>()) {
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => Some(-1),
        None => None,
    };
    let input = InvoiceSettingsIn {
        legal_name: get("legal_name"),
        street: get("street"),
        postal_code: get("postal_code"),
        city: get("city"),
        country: get("country"),
        vat_number: get("vat_number"),
        rcs_number: get("rcs_number"),
        business_permit: get("business_permit"),
        invoice_prefix: get("invoice_prefix"),
        credit_note_prefix: get("credit_note_prefix"),
        numbering_scheme: get("numbering_scheme"),
        payment_terms: get("payment_terms"),
        due_days,
        iban: get("iban"),
        bic: get("bic"),
        footer_text: get("footer_text"),
        default_language: get("default_language"),
        oss_registered: Some(get("oss_registered").is_some()),
        oss_registration_country: get("oss_registration_country"),
        oss_registration_date: get("oss_registration_date"),
        opted_destination_taxation: Some(get("opted_destination_taxation").is_some()),
        ship_from_country: get("ship_from_country"),
        logo_png: match (logo, get("remove_logo")) {
            (Some(bytes), _) => {
                use base64::Engine as _;
                Some(base64::engine::general_purpose::STANDARD.encode(bytes))
            }
            (None, Some(_)) => Some(String::new()),
            (None, None) => None,
        },
    };
    let tx = state.db.begin_write().await?;
    match settings::save(&tx, s.store_id, &input).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirect_with(
                "/settings/invoice",
                "notice",
                "Invoice settings saved.",
            ))
        }
        Err(InvoiceError::Invalid(e)) => {
            drop(tx);
            // Show what was typed, with every error named.
            let values: serde_json::Value = f
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect::<serde_json::Map<_, _>>()
                .into();
            let configured = settings::get(state.db.conn(), s.store_id).await?.is_some();
            render_settings(&state, &session, &s, values, configured, json!(e.0), None).await
        }
        Err(e) => Err(e.into()),
    }
}
