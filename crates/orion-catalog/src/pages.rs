//! Catalog pages: product list with search and filters, create/edit form with translations,
//! CSV import with the per-row report.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use orion_kernel::{Money, Pagination, ProductId};
use orion_web::AppState;
use orion_web::StoreScope;
use orion_web::pages::{PageError, PageSession, html};
use serde::Deserialize;
use serde_json::json;

use crate::domain::{Condition, ProductType, VatRateClass};
use crate::service::{self, Draft, ProductFilter};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/products", get(list).post(create))
        .route("/products/new", get(new_form))
        .route("/products/export.csv", get(export_csv))
        .route("/products/letzshop-feed", get(export_feed))
        .route("/products/{id}", get(edit_form).post(save))
        .route(
            "/products/import",
            get(import_form)
                .post(import)
                .layer(DefaultBodyLimit::max(crate::api::MAX_IMPORT_BYTES)),
        )
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("catalog/list.html", include_str!("../templates/list.html")),
        ("catalog/form.html", include_str!("../templates/form.html")),
        (
            "catalog/import.html",
            include_str!("../templates/import.html"),
        ),
    ]
}

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    active: Option<String>,
    #[serde(rename = "type")]
    product_type: Option<String>,
    stock_status: Option<String>,
    page: Option<u64>,
    notice: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.view")?;
    let nonempty = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    let filter = ProductFilter {
        q: nonempty(&q.q),
        active: nonempty(&q.active).map(|a| a == "true"),
        product_type: nonempty(&q.product_type),
        stock_status: nonempty(&q.stock_status),
    };
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (items, total) = service::list(state.db.conn(), s.store_id, &filter, &p).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let stock = crate::stock::available(state.db.conn(), s.store_id, &ids).await?;
    let rows: Vec<_> = items
        .iter()
        .map(|i| {
            json!({"id": i.id, "sku": i.sku, "title": i.title_or_fallback("en").0, "gtin": i.gtin, "price": Money(i.price_cents).to_string(),
                "type": i.product_type, "active": i.active, "available": if i.is_stocked() { stock.get(&i.id).copied().unwrap_or(0).to_string() } else { "—".into() }})
        })
        .collect();
    let pages = total.div_ceil(50).max(1);
    let ctx = state
        .page_context(
            &session,
            "products",
            json!({"page_title": "Products", "products": rows, "total": total, "page": p.page(), "pages": pages, "f": {
                "q": q.q, "active": q.active, "type": q.product_type, "stock_status": q.stock_status}, "notice": q.notice,
                "can_edit": s.permissions.contains("products.edit")}),
        )
        .await?;
    Ok(html(state.templates.render("catalog/list.html", ctx)?))
}

fn choices() -> serde_json::Value {
    json!({
        "vat": VatRateClass::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
        "types": ProductType::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
        "conditions": Condition::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
    })
}

async fn form_page(
    state: &AppState,
    session: &PageSession,
    id: Option<i64>,
    d: &Draft,
    errors: &[orion_kernel::FieldError],
    notice: Option<String>,
) -> Result<Response, PageError> {
    let ctx = state
        .page_context(
            session,
            "products",
            json!({"page_title": if id.is_some() { "Edit product" } else { "New product" }, "id": id, "d": {
                "sku": d.sku, "gtin": d.gtin, "gtin_type": d.gtin_type, "price": d.price, "sale_price": d.sale_price,
                "vat_rate_class": d.vat_rate_class.clone().unwrap_or_else(|| "standard".into()), "product_type": d.product_type.clone().unwrap_or_else(|| "physical".into()),
                "condition": d.condition.clone().unwrap_or_else(|| "new".into()), "brand": d.brand, "mpn": d.mpn, "image_link": d.image_link,
                "additional_image_links": d.additional_image_links.join("\n"), "active": d.active.unwrap_or(true),
                "titles": d.titles, "descriptions": d.descriptions},
                "errors": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
                "error": (!errors.is_empty()).then(|| format!("{} field(s) need attention.", errors.len())), "notice": notice,
                "choices": choices(), "langs": ["en", "fr", "de"]}),
        )
        .await?;
    let mut res = html(state.templates.render("catalog/form.html", ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    scope(&session, "products.edit")?;
    form_page(&state, &session, None, &Draft::default(), &[], None).await
}

#[derive(Deserialize, Default)]
struct EditQuery {
    notice: Option<String>,
}

async fn edit_form(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.view")?;
    let p = service::find(state.db.conn(), s.store_id, ProductId(id)).await?;
    form_page(
        &state,
        &session,
        Some(id),
        &Draft::from_model(&p),
        &[],
        q.notice,
    )
    .await
}

fn draft_from_form(form: &[(String, String)]) -> Draft {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut d = Draft {
        sku: get("sku"),
        gtin: get("gtin"),
        gtin_type: get("gtin_type"),
        price: get("price"),
        sale_price: get("sale_price"),
        vat_rate_class: get("vat_rate_class"),
        product_type: get("product_type"),
        brand: get("brand"),
        mpn: get("mpn"),
        condition: get("condition"),
        image_link: get("image_link"),
        additional_image_links: get("additional_image_links")
            .map(|v| {
                v.lines()
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        active: Some(get("active").is_some()),
        ..Default::default()
    };
    for l in ["en", "fr", "de"] {
        if let Some(t) = get(&format!("title_{l}")) {
            d.titles.insert(l.into(), t);
        }
        if let Some(t) = get(&format!("description_{l}")) {
            d.descriptions.insert(l.into(), t);
        }
    }
    d
}

async fn create(
    State(state): State<AppState>,
    session: PageSession,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.edit")?;
    let d = draft_from_form(&form);
    let tx = state.db.begin_write().await?;
    match service::create(&tx, s.merchant_id, s.store_id, &d).await {
        Ok(p) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/products/{}?notice=Product+created", p.id)).into_response())
        }
        Err(e) => match e.form_errors() {
            Some(errors) => form_page(&state, &session, None, &d, &errors, None).await,
            None => Err(e.into()),
        },
    }
}

async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.edit")?;
    let d = draft_from_form(&form);
    let tx = state.db.begin_write().await?;
    let replacement = d.clone();
    match service::update(&tx, s.merchant_id, s.store_id, id, move |cur| {
        *cur = replacement
    })
    .await
    {
        Ok(p) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/products/{}?notice=Saved", p.id)).into_response())
        }
        Err(e) => match e.form_errors() {
            Some(errors) => form_page(&state, &session, Some(id), &d, &errors, None).await,
            None => Err(e.into()),
        },
    }
}

async fn import_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    scope(&session, "products.edit")?;
    let ctx = state
        .page_context(
            &session,
            "products",
            json!({"page_title": "Import products", "columns": crate::csv_io::COLUMNS}),
        )
        .await?;
    Ok(html(state.templates.render("catalog/import.html", ctx)?))
}

async fn import(
    State(state): State<AppState>,
    session: PageSession,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.edit")?;
    let mut bytes = None;
    let mut dry_run = false;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| PageError::new(axum::http::StatusCode::BAD_REQUEST, e.body_text()))?
    {
        match field.name() {
            Some("file") => {
                bytes = Some(field.bytes().await.map_err(|e| {
                    PageError::new(axum::http::StatusCode::BAD_REQUEST, e.body_text())
                })?)
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let bytes = bytes
        .ok_or_else(|| PageError::new(axum::http::StatusCode::BAD_REQUEST, "Choose a CSV file."))?;
    let (report, error) =
        match crate::api::run_import(&state, s.merchant_id, s.store_id, &bytes, dry_run, |_| {})
            .await
        {
            Ok(r) => (Some(r), None),
            Err(e) if e.status().is_client_error() => (
                None,
                Some(
                    e.errors
                        .first()
                        .map(|f| f.message.clone())
                        .unwrap_or(e.detail),
                ),
            ),
            Err(e) => return Err(e.into()),
        };
    let ctx = state
        .page_context(&session, "products", json!({"page_title": "Import products", "columns": crate::csv_io::COLUMNS, "report": report, "error": error}))
        .await?;
    Ok(html(state.templates.render("catalog/import.html", ctx)?))
}

async fn export_csv(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.view")?;
    let name = format!(
        "{}_products_{}.csv",
        s.code,
        chrono::Utc::now().format("%Y-%m-%d")
    );
    Ok(crate::api::download(
        crate::feed::products_csv(state, s.store_id),
        "text/csv; charset=utf-8",
        &name,
    ))
}

#[derive(Deserialize)]
struct FeedQuery {
    language: Option<String>,
}

async fn export_feed(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<FeedQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.view")?;
    let lang = match q.language.as_deref() {
        Some(l @ ("en" | "fr" | "de")) => l.to_owned(),
        _ => "en".to_owned(),
    };
    let name = format!("{}_letzshop_export.csv", s.code);
    Ok(crate::api::download(
        crate::feed::letzshop_feed(state, s.store_id, s.code.clone(), lang, false),
        "text/tab-separated-values; charset=utf-8",
        &name,
    ))
}
