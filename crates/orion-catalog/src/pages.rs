//! Catalog pages: product list with search and filters, create/edit form with translations,
//! CSV import with the per-row report.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use orion_kernel::{Lang, Money, Pagination, ProductId, locale};
use orion_web::AppState;
use orion_web::StoreScope;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html};
use serde::Deserialize;
use serde_json::json;

use crate::domain::{Availability, Condition, GtinType, ProductType, VatRateClass};
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

/// A product type as people read it.
pub fn type_label(lang: Lang, t: ProductType) -> String {
    match t {
        ProductType::Physical => i18n::t(lang, "catalog-type-physical"),
        ProductType::Digital => i18n::t(lang, "catalog-type-digital"),
        ProductType::Service => i18n::t(lang, "catalog-type-service"),
    }
}

/// A VAT rate class as people read it.
pub fn vat_label(lang: Lang, v: VatRateClass) -> String {
    match v {
        VatRateClass::Standard => i18n::t(lang, "catalog-vat-standard"),
        VatRateClass::Reduced => i18n::t(lang, "catalog-vat-reduced"),
        VatRateClass::SuperReduced => i18n::t(lang, "catalog-vat-super-reduced"),
        VatRateClass::Parking => i18n::t(lang, "catalog-vat-parking"),
        VatRateClass::Zero => i18n::t(lang, "catalog-vat-zero"),
    }
}

/// An item condition as people read it.
pub fn condition_label(lang: Lang, c: Condition) -> String {
    match c {
        Condition::New => i18n::t(lang, "catalog-condition-new"),
        Condition::Used => i18n::t(lang, "catalog-condition-used"),
        Condition::Refurbished => i18n::t(lang, "catalog-condition-refurbished"),
    }
}

/// An availability as people read it.
pub fn availability_label(lang: Lang, a: Availability) -> String {
    match a {
        Availability::InStock => i18n::t(lang, "catalog-availability-in-stock"),
        Availability::OutOfStock => i18n::t(lang, "catalog-availability-out-of-stock"),
        Availability::Preorder => i18n::t(lang, "catalog-availability-preorder"),
    }
}

/// A kind of GTIN as people read it.
pub fn gtin_type_label(lang: Lang, g: GtinType) -> String {
    match g {
        GtinType::Gtin8 => i18n::t(lang, "catalog-gtin-gtin8"),
        GtinType::Gtin12 => i18n::t(lang, "catalog-gtin-gtin12"),
        GtinType::Gtin13 => i18n::t(lang, "catalog-gtin-gtin13"),
        GtinType::Gtin14 => i18n::t(lang, "catalog-gtin-gtin14"),
        GtinType::Isbn10 => i18n::t(lang, "catalog-gtin-isbn10"),
        GtinType::Isbn13 => i18n::t(lang, "catalog-gtin-isbn13"),
    }
}

/// The label of a stored product type code; the code itself when unknown.
fn type_code_label(lang: Lang, code: &str) -> String {
    ProductType::parse(code)
        .map(|t| type_label(lang, t))
        .unwrap_or_else(|| code.to_owned())
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
    let lang = i18n::current();
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
            json!({"id": i.id, "sku": i.sku, "title": i.title_or_fallback(lang.as_str()).0, "gtin": i.gtin, "price_cents": i.price_cents,
                "type": i.product_type, "type_label": type_code_label(lang, &i.product_type), "active": i.active,
                "available": i.is_stocked().then(|| stock.get(&i.id).copied().unwrap_or(0))})
        })
        .collect();
    let pages = total.div_ceil(50).max(1);
    let stock_choices: Vec<_> = [Availability::InStock, Availability::OutOfStock]
        .iter()
        .map(|a| json!({"code": a.as_str(), "label": availability_label(lang, *a)}))
        .collect();
    let ctx = state
        .page_context(
            &session,
            "products",
            json!({"page_title": i18n::t(lang, "catalog-title"), "products": rows, "total": total, "page": p.page(), "pages": pages, "f": {
                "q": q.q, "active": q.active, "type": q.product_type, "stock_status": q.stock_status}, "notice": q.notice,
                "can_edit": s.permissions.contains("products.edit"), "choices": choices(lang),
                "stock_choices": stock_choices}),
        )
        .await?;
    Ok(html(state.templates.render("catalog/list.html", ctx)?))
}

/// The choices of the form's lists: `{code, label}` in the request's language.
fn choices(lang: Lang) -> serde_json::Value {
    json!({
        "vat": VatRateClass::ALL.iter().map(|v| json!({"code": v.as_str(), "label": vat_label(lang, *v)})).collect::<Vec<_>>(),
        "types": ProductType::ALL.iter().map(|v| json!({"code": v.as_str(), "label": type_label(lang, *v)})).collect::<Vec<_>>(),
        "conditions": Condition::ALL.iter().map(|v| json!({"code": v.as_str(), "label": condition_label(lang, *v)})).collect::<Vec<_>>(),
        "gtin_types": GtinType::ALL.iter().map(|v| json!({"code": v.as_str(), "label": gtin_type_label(lang, *v)})).collect::<Vec<_>>(),
    })
}

/// A stored amount (`12.50`) as the form shows it in `lang` (`12,50`).
fn amount_shown(canonical: &Option<String>, lang: Lang) -> Option<String> {
    canonical.as_deref().map(|a| match Money::parse(a) {
        Ok(m) => locale::amount_input(m.cents(), lang),
        Err(_) => a.to_owned(),
    })
}

/// Reads the amounts of a submitted form in the request's language into the canonical form
/// the service takes (`1.234,50` → `1234.50`); what is not understood becomes a field error.
fn parse_amounts(d: &mut Draft) -> Vec<orion_kernel::FieldError> {
    let mut errors = Vec::new();
    for (field, value) in [("price", &mut d.price), ("sale_price", &mut d.sale_price)] {
        if let Some(raw) = value.as_deref() {
            match i18n::amount_field(field, raw) {
                Ok(a) => *value = Some(a).filter(|a| !a.is_empty()),
                Err(e) => errors.push(e),
            }
        }
    }
    errors
}

/// The product form; `d` holds what the fields show (amounts as the person typed them, or as
/// their language writes them).
async fn form_page(
    state: &AppState,
    session: &PageSession,
    id: Option<i64>,
    d: &Draft,
    errors: &[orion_kernel::FieldError],
    notice: Option<String>,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let title = if id.is_some() {
        i18n::t(lang, "catalog-form-edit")
    } else {
        i18n::t(lang, "catalog-form-new")
    };
    // Sections other modules add to a product's page (purchasing: cost, on order).
    let panels = match id {
        Some(id) => {
            let store = session.store_with("products.view")?.store_id;
            state.panels("product", Some(store), id).await?
        }
        None => Vec::new(),
    };
    let ctx = state
        .page_context(
            session,
            "products",
            json!({"page_title": title, "id": id, "panels": panels, "d": {
                "sku": d.sku, "gtin": d.gtin, "gtin_type": d.gtin_type, "price": d.price, "sale_price": d.sale_price,
                "vat_rate_class": d.vat_rate_class.clone().unwrap_or_else(|| "standard".into()), "product_type": d.product_type.clone().unwrap_or_else(|| "physical".into()),
                "condition": d.condition.clone().unwrap_or_else(|| "new".into()), "brand": d.brand, "mpn": d.mpn, "image_link": d.image_link,
                "additional_image_links": d.additional_image_links.join("\n"), "active": d.active.unwrap_or(true),
                "titles": d.titles, "descriptions": d.descriptions},
                "errors": errors.iter().map(|e| json!({"field": e.field, "message": i18n::localize_sentence(lang, &e.message)})).collect::<Vec<_>>(),
                "error": (!errors.is_empty()).then(|| i18n::tr(lang, "catalog-form-errors", &[("count", (errors.len() as i64).into())])), "notice": notice,
                "choices": choices(lang), "langs": Lang::ALL.iter().map(|l| json!({"code": l.as_str(), "name": l.name()})).collect::<Vec<_>>()}),
        )
        .await?;
    let mut res = html(state.templates.render("catalog/form.html", ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// A new product prefilled from a marketplace item (the exceptions inbox links here).
#[derive(Deserialize, Default)]
struct NewQuery {
    sku: Option<String>,
    gtin: Option<String>,
    title: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    scope(&session, "products.edit")?;
    let keep = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut d = Draft {
        sku: keep(q.sku),
        gtin: keep(q.gtin),
        ..Draft::default()
    };
    if let Some(t) = keep(q.title) {
        d.titles.insert(i18n::current().as_str().to_owned(), t);
    }
    form_page(&state, &session, None, &d, &[], None).await
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
    let lang = i18n::current();
    let mut shown = Draft::from_model(&p);
    shown.price = amount_shown(&shown.price, lang);
    shown.sale_price = amount_shown(&shown.sale_price, lang);
    form_page(&state, &session, Some(id), &shown, &[], q.notice).await
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

/// The product's page with a notice (`notice_key` in the request's language).
fn with_notice(id: i64, notice_key: &str) -> Response {
    let q = serde_urlencoded::to_string([("notice", i18n::t(i18n::current(), notice_key))])
        .unwrap_or_default();
    Redirect::to(&format!("/products/{id}?{q}")).into_response()
}

async fn create(
    State(state): State<AppState>,
    session: PageSession,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.edit")?;
    let typed = draft_from_form(&form);
    let mut d = typed.clone();
    let amount_errors = parse_amounts(&mut d);
    if !amount_errors.is_empty() {
        return form_page(&state, &session, None, &typed, &amount_errors, None).await;
    }
    let tx = state.db.begin_write().await?;
    match service::create(&tx, s.merchant_id, s.store_id, &d).await {
        Ok(p) => {
            tx.commit().await?;
            Ok(with_notice(p.id, "catalog-created"))
        }
        Err(e) => match e.form_errors() {
            Some(errors) => form_page(&state, &session, None, &typed, &errors, None).await,
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
    let typed = draft_from_form(&form);
    let mut d = typed.clone();
    let amount_errors = parse_amounts(&mut d);
    if !amount_errors.is_empty() {
        return form_page(&state, &session, Some(id), &typed, &amount_errors, None).await;
    }
    let tx = state.db.begin_write().await?;
    let replacement = d.clone();
    match service::update(&tx, s.merchant_id, s.store_id, id, move |cur| {
        *cur = replacement
    })
    .await
    {
        Ok(p) => {
            tx.commit().await?;
            Ok(with_notice(p.id, "catalog-saved"))
        }
        Err(e) => match e.form_errors() {
            Some(errors) => form_page(&state, &session, Some(id), &typed, &errors, None).await,
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
            json!({"page_title": i18n::t(i18n::current(), "catalog-import-title"), "columns": crate::csv_io::COLUMNS}),
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
    let bytes = bytes.ok_or_else(|| {
        PageError::new(
            axum::http::StatusCode::BAD_REQUEST,
            i18n::t(i18n::current(), "catalog-import-no-file"),
        )
    })?;
    let lang = i18n::current();
    let (report, error) =
        match crate::api::run_import(&state, s.merchant_id, s.store_id, &bytes, dry_run, |_| {})
            .await
        {
            Ok(mut r) => {
                // The problems in the person's language where the error catalogue knows them.
                for e in &mut r.errors {
                    e.message = i18n::localize_sentence(lang, &e.message);
                }
                (Some(r), None)
            }
            Err(e) if e.status().is_client_error() => (
                None,
                Some(i18n::localize_sentence(
                    lang,
                    &e.errors
                        .first()
                        .map(|f| f.message.clone())
                        .unwrap_or(e.detail),
                )),
            ),
            Err(e) => return Err(e.into()),
        };
    let ctx = state
        .page_context(&session, "products", json!({"page_title": i18n::t(i18n::current(), "catalog-import-title"), "columns": crate::csv_io::COLUMNS, "report": report, "error": error}))
        .await?;
    Ok(html(state.templates.render("catalog/import.html", ctx)?))
}

async fn export_csv(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<crate::api::ExportParams>,
) -> Result<Response, PageError> {
    let s = scope(&session, "products.view")?;
    let dialect = orion_kernel::CsvDialect::parse(q.dialect.as_deref())
        .map_err(|e| PageError::from(orion_web::ApiError::from(e)))?;
    let name = format!(
        "{}_products_{}.csv",
        s.code,
        chrono::Utc::now().format("%Y-%m-%d")
    );
    Ok(crate::api::download(
        crate::feed::products_csv(state, s.store_id, dialect),
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

#[cfg(test)]
mod tests {
    use super::*;
    // Not `i18n::t`: the catalogue test reads literal keys after that name.
    use orion_web::i18n::t as text;

    /// Every value of the enumerations shown on the pages has a label in every language.
    #[test]
    fn enumerations_have_labels_in_every_language() {
        let key = |prefix: &str, code: &str| format!("{prefix}{}", code.replace('_', "-"));
        for lang in Lang::ALL {
            let check = |k: String, label: String| {
                assert!(i18n::has(lang, &k), "{lang} lacks {k}");
                assert_eq!(label, text(lang, &k));
            };
            for v in ProductType::ALL {
                check(key("catalog-type-", v.as_str()), type_label(lang, *v));
            }
            for v in VatRateClass::ALL {
                check(key("catalog-vat-", v.as_str()), vat_label(lang, *v));
            }
            for v in Condition::ALL {
                check(
                    key("catalog-condition-", v.as_str()),
                    condition_label(lang, *v),
                );
            }
            for v in Availability::ALL {
                check(
                    key("catalog-availability-", v.as_str()),
                    availability_label(lang, *v),
                );
            }
            for v in GtinType::ALL {
                check(key("catalog-gtin-", v.as_str()), gtin_type_label(lang, v));
            }
        }
    }

    #[test]
    fn amounts_are_read_in_the_language_and_shown_back_in_it() {
        assert_eq!(
            amount_shown(&Some("1234.50".into()), Lang::Fr).as_deref(),
            Some("1234,50")
        );
        assert_eq!(
            amount_shown(&Some("12.50".into()), Lang::En).as_deref(),
            Some("12.50")
        );
        let mut d = Draft {
            price: Some("12.50".into()),
            sale_price: Some("abc".into()),
            ..Default::default()
        };
        let errors = parse_amounts(&mut d);
        assert_eq!(d.price.as_deref(), Some("12.50"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "sale_price");
    }
}
