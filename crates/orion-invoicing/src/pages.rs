//! Invoicing pages: invoice list with filters, detail with PDF download, mark paid and
//! credit notes, the invoice settings form, and "Generate invoice" from an order page.

use crate::InvoiceError;
use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{FieldError, Invalid, InvoiceId, OrderId, Pagination};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{ApiError, AppState, StoreScope};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::service::{self, CreditLineIn, CreditNoteIn, InvoiceFilter};
use crate::settings::{self, InvoiceSettingsIn};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invoices", get(list))
        .route("/invoices/{id}", get(detail))
        .route("/invoices/{id}/pdf", get(pdf))
        .route("/invoices/{id}/ubl", get(ubl))
        .route("/invoices/{id}/facturx", get(facturx))
        .route("/invoices/{id}/action", post(action))
        .route("/invoices/{id}/send", post(crate::send::send_page))
        .route("/orders/{id}/invoice", post(generate))
        .route(
            "/settings/invoice",
            get(settings_form)
                .post(save_settings)
                .layer(DefaultBodyLimit::max(1024 * 1024)),
        )
        .route("/orders/invoices.zip", post(crate::invoices_zip::zip_page))
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

/// The statuses the list filters on (`invoicing-status-<status>`; `draft` is never shown
/// but has a label too).
const STATUSES: [&str; 3] = ["issued", "paid", "cancelled"];

/// Every invoice status (`invoicing-status-<status>`).
pub const ALL_STATUSES: [&str; 4] = ["draft", "issued", "paid", "cancelled"];

/// The document types (`invoicing-type-<type>`, `_` as `-`).
pub const DOCUMENT_TYPES: [&str; 2] = ["invoice", "credit_note"];

/// The languages documents are written in (`customers-language-<code>`).
const DOCUMENT_LANGUAGES: [&str; 3] = ["en", "fr", "de"];

/// The VAT regimes the list filters on (`invoicing-regime-<regime>` and
/// `invoicing-regime-help-<regime>`, lowercase with `-`).
const REGIMES: [&str; 7] = [
    "DOMESTIC",
    "DISTANCE_SALE_ORIGIN",
    "DISTANCE_SALE_OSS",
    "DISTANCE_SALE_DESTINATION_REGISTERED",
    "INTRA_COMMUNITY_SUPPLY",
    "EXPORT",
    "DOMESTIC_OTHER_MS",
];

/// A list row: the API's summary with the amounts in cents for the `money` filter.
fn summary_values(r: &crate::api::InvoiceSummary) -> Value {
    let mut v = json!(r);
    v["net_cents"] = json!(r.net_total.0);
    v["vat_cents"] = json!(r.vat_total.0);
    v["gross_cents"] = json!(r.gross_total.0);
    v
}

/// The invoice as the API shows it, with what the page needs besides: amounts in cents,
/// the order's number and the VAT categories used (for the legend).
fn detail_values(out: &crate::api::InvoiceOut, order_number: Option<String>) -> Value {
    let mut v = json!(out);
    v["net_cents"] = json!(out.net_total.0);
    v["vat_cents"] = json!(out.vat_total.0);
    v["gross_cents"] = json!(out.gross_total.0);
    v["order_number"] = json!(order_number);
    if let Some(lines) = v["lines"].as_array_mut() {
        for (l, o) in lines.iter_mut().zip(&out.lines) {
            l["unit_price_cents"] = json!(o.unit_price.0);
            l["amount_cents"] = json!(o.amount.0);
        }
    }
    if let Some(buckets) = v["vat_breakdown"].as_array_mut() {
        for (b, o) in buckets.iter_mut().zip(&out.vat_breakdown) {
            b["taxable_cents"] = json!(o.taxable.0);
            b["vat_cents"] = json!(o.vat.0);
        }
    }
    if let Some(notes) = v["credit_notes"].as_array_mut() {
        for (c, o) in notes.iter_mut().zip(&out.credit_notes) {
            c["gross_cents"] = json!(o.gross_total.0);
        }
    }
    let mut categories: Vec<&str> = out
        .lines
        .iter()
        .map(|l| l.vat_category.as_str())
        .chain(out.vat_breakdown.iter().map(|b| b.category.as_str()))
        .collect();
    categories.sort_unstable();
    categories.dedup();
    v["categories"] = json!(categories);
    v
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
        Err(e @ InvoiceError::Invalid(_)) => (
            Vec::new(),
            0,
            Some(orion_web::pages::problem_message(&ApiError::from(e))),
        ),
        Err(e) => return Err(e.into()),
    };
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|r| summary_values(&r.into()))
        .collect();
    let query = query_of(&[
        ("status", &q.status),
        ("document_type", &q.document_type),
        ("regime", &q.regime),
        ("from", &q.from),
        ("to", &q.to),
        ("q", &q.q),
    ]);
    let ctx = state
        .page_context(&session, "invoices", json!({"page_title": i18n::t(i18n::current(), "invoicing-title"), "invoices": rows,
            "statuses": STATUSES, "document_types": DOCUMENT_TYPES, "total": total, "page": p.page(),
            "pages": total.div_ceil(50).max(1), "query": query, "error": error, "notice": q.notice,
            "f": {"status": q.status, "document_type": q.document_type, "regime": q.regime, "from": q.from, "to": q.to, "q": q.q},
            "regimes": REGIMES,
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
    // Whether the buyer has a Peppol address: a consumer's UBL names their e-mail instead.
    // It depends on the snapshots only, so the references are not looked up for it. (A
    // document whose e-invoice cannot be made says nothing here; its downloads explain.)
    let buyer_on_peppol =
        crate::einvoice::EDocument::of(&inv, None, None).map_or(true, |d| d.buyer_on_peppol);
    let out = crate::api::view(state.db.conn(), inv).await?;
    let order_number = match out.order_id {
        Some(o) => orion_orders::service::find(state.db.conn(), s.store_id, OrderId(o))
            .await
            .ok()
            .map(|o| o.order_number),
        None => None,
    };
    let lang = i18n::current();
    let number = out.number.clone();
    let title = if out.document_type == "credit_note" {
        i18n::tr(
            lang,
            "invoicing-credit-note-title",
            &[("number", number.into())],
        )
    } else {
        i18n::tr(
            lang,
            "invoicing-invoice-title",
            &[("number", number.into())],
        )
    };
    let i = detail_values(&out, order_number);
    let ctx = state
        .page_context(
            &session,
            "invoices",
            json!({"page_title": title, "i": i, "notice": q.notice, "error": q.error,
            "can_issue": s.permissions.contains("invoices.issue"), "buyer_on_peppol": buyer_on_peppol}),
        )
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

async fn ubl(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let inv = service::find(state.db.conn(), s.store_id, InvoiceId(id)).await?;
    let xml = crate::einvoice::ubl_of(state.db.conn(), &inv).await?;
    Ok(crate::pdf::xml_response(&inv, xml))
}

async fn facturx(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = scope(&session, "invoices.view")?;
    let inv = service::find(state.db.conn(), s.store_id, InvoiceId(id)).await?;
    let bytes = crate::pdf::facturx(state.db.conn(), &inv).await?;
    Ok(crate::pdf::facturx_response(&inv, bytes))
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
    let lang = i18n::current();
    let back = format!("/invoices/{id}");
    // The units to credit, as the person typed them in their language.
    let mut lines = Vec::new();
    let mut typed = Vec::new();
    if get("action") == "credit_note" {
        for (k, v) in &f {
            if let Some(pos) = k.strip_prefix("qty_")
                && let Ok(pos) = pos.parse::<u32>()
                && !v.trim().is_empty()
            {
                match i18n::quantity_field(&format!("lines[{pos}].quantity"), v) {
                    Ok(q) if q > 0 => lines.push(CreditLineIn {
                        position: pos,
                        quantity: Some(q),
                    }),
                    Ok(_) => {}
                    Err(e) => typed.push(i18n::tr(
                        lang,
                        "invoicing-credit-quantity-error",
                        &[("position", pos.into()), ("message", e.message.into())],
                    )),
                }
            }
        }
    }
    if !typed.is_empty() {
        return Ok(redirect_with(&back, "error", &typed.join(" ")));
    }
    let tx = state.db.begin_write().await?;
    let res = match get("action").as_str() {
        "mark_paid" => service::mark_paid(&tx, s.store_id, id)
            .await
            .map(|i| (i.id, i18n::t(lang, "invoicing-marked-paid"))),
        "credit_note" => {
            let input = CreditNoteIn {
                reason: get("reason"),
                lines: (!lines.is_empty()).then_some(lines),
            };
            service::credit_note(&tx, &store, id, &input, Some(session.0.user_id))
                .await
                .map(|c| {
                    let msg = i18n::tr(
                        lang,
                        "invoicing-credit-note-issued",
                        &[("number", c.number.clone().into())],
                    );
                    (c.id, msg)
                })
        }
        _ => Err(Invalid::field("action", i18n::t(lang, "invoicing-unknown-action")).into()),
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
        Err(e) => back_with_error(&back, e),
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
            let lang = i18n::current();
            let number = inv.number.clone();
            let msg = if created {
                i18n::tr(
                    lang,
                    "invoicing-invoice-issued",
                    &[("number", number.into())],
                )
            } else {
                i18n::tr(
                    lang,
                    "invoicing-invoice-exists",
                    &[("number", number.into())],
                )
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
        .page_context(session, "invoice-settings", json!({"page_title": i18n::t(i18n::current(), "invoicing-settings-title"), "s": values, "configured": configured,
            "document_languages": DOCUMENT_LANGUAGES,
            "errors": errors, "notice": notice, "can_manage": s.permissions.contains("settings.manage")}))
        .await?;
    Ok(html(
        state.templates.render("invoicing/settings.html", ctx)?,
    ))
}

/// Field errors for the settings page, each message in the request's language.
fn field_errors(errors: &[FieldError]) -> Value {
    let lang = i18n::current();
    errors
        .iter()
        .map(|e| json!({"field": e.field, "message": i18n::localize_sentence(lang, &e.message)}))
        .collect()
}

async fn save_settings(
    State(state): State<AppState>,
    session: PageSession,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let s = scope(&session, "settings.manage")?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        tracing::debug!(error = %e, "unreadable invoice settings form");
        PageError::new(
            axum::http::StatusCode::BAD_REQUEST,
            i18n::t(i18n::current(), "invoicing-settings-unreadable"),
        )
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
    // Show what was typed, with every error named.
    let typed_values = || -> Value {
        f.iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    // Due days as the person typed them in their language (`1 000`, `1.000`).
    let due_days = match get("due_days").map(|d| i18n::quantity_field("due_days", &d)) {
        Some(Ok(d)) => Some(i32::try_from(d).unwrap_or(-1)),
        Some(Err(e)) => {
            let configured = settings::get(state.db.conn(), s.store_id).await?.is_some();
            return render_settings(
                &state,
                &session,
                &s,
                typed_values(),
                configured,
                field_errors(&[e]),
                None,
            )
            .await;
        }
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
        peppol_id: get("peppol_id"),
        einvoice_pdf: Some(get("einvoice_pdf").is_some()),
        send_on_issue: Some(get("send_on_issue").is_some()),
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
                &i18n::t(i18n::current(), "invoicing-settings-saved"),
            ))
        }
        Err(InvoiceError::Invalid(e)) => {
            drop(tx);
            let configured = settings::get(state.db.conn(), s.store_id).await?.is_some();
            render_settings(
                &state,
                &session,
                &s,
                typed_values(),
                configured,
                field_errors(&e.0),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orion_kernel::Lang;
    use orion_vat::{Category, Regime};

    fn all_regimes() -> Vec<Regime> {
        use Regime::*;
        let all = vec![
            Domestic,
            DomesticOtherMs,
            DistanceSaleOrigin,
            DistanceSaleOss,
            DistanceSaleDestinationRegistered,
            IntraCommunitySupply,
            Export,
        ];
        for r in &all {
            // A new regime fails to compile here until it is listed above.
            match r {
                Domestic
                | DomesticOtherMs
                | DistanceSaleOrigin
                | DistanceSaleOss
                | DistanceSaleDestinationRegistered
                | IntraCommunitySupply
                | Export => {}
            }
        }
        all
    }

    fn all_categories() -> Vec<Category> {
        use Category::*;
        let all = vec![Standard, ZeroRated, IntraCommunity, Export, ReverseCharge];
        for c in &all {
            match c {
                Standard | ZeroRated | IntraCommunity | Export | ReverseCharge => {}
            }
        }
        all
    }

    fn kebab(code: &str) -> String {
        code.to_lowercase().replace('_', "-")
    }

    /// The keys the templates build: `invoicing-status-<status>`, `invoicing-type-<type>`,
    /// `invoicing-regime-<regime>` and `invoicing-regime-help-<regime>`,
    /// `invoicing-vat-category-<code>`, `customers-language-<code>`, in every catalogue.
    #[test]
    fn every_enumerated_value_has_a_label() {
        let regimes = all_regimes();
        for r in REGIMES {
            assert!(regimes.iter().any(|x| x.as_str() == r), "{r} is a regime");
        }
        for lang in Lang::ALL {
            let mut keys: Vec<String> = Vec::new();
            keys.extend(ALL_STATUSES.iter().map(|s| format!("invoicing-status-{s}")));
            keys.extend(STATUSES.iter().map(|s| format!("invoicing-status-{s}")));
            keys.extend(
                DOCUMENT_TYPES
                    .iter()
                    .map(|t| format!("invoicing-type-{}", kebab(t))),
            );
            for r in &regimes {
                keys.push(format!("invoicing-regime-{}", kebab(r.as_str())));
                keys.push(format!("invoicing-regime-help-{}", kebab(r.as_str())));
            }
            for c in all_categories() {
                keys.push(format!(
                    "invoicing-vat-category-{}",
                    c.code().to_lowercase()
                ));
            }
            for l in DOCUMENT_LANGUAGES {
                keys.push(format!("customers-language-{l}"));
            }
            for key in keys {
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
        }
    }
}
