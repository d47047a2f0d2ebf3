//! Supplier pages: the list, a new supplier, one supplier (edit, what it supplies, its
//! purchase orders).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use orion_kernel::{FieldError, Invalid, Lang, Pagination, SupplierId};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, redirect_with};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{field, form_errors, scope, status_label};
use crate::entity::supplier;
use crate::service::queries::{self, PoFilter};
use crate::service::suppliers::{self, SupplierIn, SupplierProductIn};

/// The fields of the supplier form, in order.
const FIELDS: [&str; 13] = [
    "name",
    "contact_person",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "vat_id",
    "language",
    "lead_time_days",
    "payment_terms",
    "notes",
];

fn input_of(form: &[(String, String)]) -> Result<SupplierIn, FieldError> {
    let get = |k: &str| Some(field(form, k).to_owned());
    let lead = field(form, "lead_time_days");
    let lead_time_days = if lead.is_empty() {
        None
    } else {
        Some(
            i18n::quantity_field("lead_time_days", lead)
                .ok()
                .and_then(|d| i32::try_from(d).ok())
                .ok_or_else(|| FieldError::new("lead_time_days", "must be between 0 and 365"))?,
        )
    };
    Ok(SupplierIn {
        name: get("name"),
        contact_person: get("contact_person"),
        email: get("email"),
        phone: get("phone"),
        street: get("street"),
        postal_code: get("postal_code"),
        city: get("city"),
        country: get("country"),
        vat_id: get("vat_id"),
        currency: None,
        language: Some(field(form, "language").to_owned()).filter(|l| !l.is_empty()),
        lead_time_days,
        payment_terms: get("payment_terms"),
        notes: get("notes"),
        active: Some(form.iter().any(|(k, v)| k == "active" && v == "true")),
    })
}

fn values_of_form(form: &[(String, String)]) -> Value {
    let mut m = serde_json::Map::new();
    for f in FIELDS {
        m.insert(f.into(), json!(field(form, f)));
    }
    m.insert(
        "active".into(),
        json!(form.iter().any(|(k, v)| k == "active" && v == "true")),
    );
    Value::Object(m)
}

fn values_of(s: &supplier::Model) -> Value {
    json!({"name": s.name, "contact_person": s.contact_person, "email": s.email, "phone": s.phone,
        "street": s.street, "postal_code": s.postal_code, "city": s.city, "country": s.country,
        "vat_id": s.vat_id, "language": s.language, "lead_time_days": s.lead_time_days.map(|d| d.to_string()),
        "payment_terms": s.payment_terms, "notes": s.notes, "active": s.active})
}

fn languages(lang: Lang) -> Vec<Value> {
    Lang::ALL
        .iter()
        .map(|l| json!({"code": l.as_str(), "name": i18n::t(lang, &["customers-language-", l.as_str()].concat())}))
        .collect()
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<super::Flash>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let lang = i18n::current();
    let rows: Vec<Value> = suppliers::list(state.db.conn(), s.store_id, q.q.as_deref(), false)
        .await?
        .iter()
        .map(|x| json!({"id": x.id, "name": x.name, "contact": x.contact_person, "email": x.email, "phone": x.phone,
            "lead_time_days": x.lead_time_days, "active": x.active}))
        .collect();
    super::render_with(
        &state,
        &session,
        "purchasing/suppliers.html",
        json!({"page_title": i18n::t(lang, "purchasing-suppliers"), "rows": rows, "q": q.q}),
        &[],
        &flash,
    )
    .await
}

async fn form_page(
    state: &AppState,
    session: &PageSession,
    s: &orion_web::StoreScope,
    current: Option<&supplier::Model>,
    form: Value,
    errors: &[FieldError],
    flash: &super::Flash,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let mut extra = json!({});
    if let Some(sup) = current {
        let conn = state.db.conn();
        let offers = suppliers::products_of(conn, s.store_id, sup.id).await?;
        let ids: Vec<i64> = offers.iter().map(|o| o.product_id).collect();
        let products = orion_catalog::service::find_many(conn, s.store_id, &ids).await?;
        let offered: Vec<Value> = offers
            .iter()
            .filter_map(|o| {
                let p = products.iter().find(|p| p.id == o.product_id)?;
                Some(json!({"sku": p.sku, "title": p.title_or_fallback(lang.as_str()).0, "supplier_sku": o.supplier_sku,
                    "cost": o.last_unit_cost_cents, "min": o.min_order_quantity}))
            })
            .collect();
        let (pos, _) = queries::list(
            conn,
            s.store_id,
            &PoFilter {
                supplier_id: Some(sup.id),
                ..Default::default()
            },
            &Pagination {
                page: Some(1),
                per_page: Some(20),
            },
        )
        .await?;
        let orders: Vec<Value> = pos
            .iter()
            .map(|po| json!({"id": po.id, "number": po.number, "status_label": status_label(lang, &po.status),
                "order_date": po.order_date.map(|d| d.to_string()), "total": po.total_cents}))
            .collect();
        extra = json!({"offered": offered, "orders": orders});
    }
    let title = current
        .map(|c| c.name.clone())
        .unwrap_or_else(|| i18n::t(lang, "purchasing-supplier-new"));
    super::render_with(
        state,
        session,
        "purchasing/supplier.html",
        json!({"page_title": title, "id": current.map(|c| c.id), "form": form, "languages": languages(lang), "extra": extra}),
        errors,
        flash,
    )
    .await
}

pub async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let lang = i18n::current();
    form_page(
        &state,
        &session,
        &s,
        None,
        json!({"active": true, "language": lang.as_str(), "country": "LU"}),
        &[],
        &super::Flash::default(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let mut input = match input_of(&form) {
        Ok(i) => i,
        Err(e) => {
            return form_page(
                &state,
                &session,
                &s,
                None,
                values_of_form(&form),
                &[e],
                &super::Flash::default(),
            )
            .await;
        }
    };
    input.active = Some(true);
    let tx = state.db.begin_write().await?;
    match suppliers::create(&tx, s.merchant_id, s.store_id, input).await {
        Ok(sup) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/purchasing/suppliers/{}", sup.id),
                "notice",
                &i18n::t(i18n::current(), "purchasing-supplier-created"),
            ))
        }
        Err(e) => {
            drop(tx);
            let errors = form_errors(e)?;
            form_page(
                &state,
                &session,
                &s,
                None,
                values_of_form(&form),
                &errors,
                &super::Flash::default(),
            )
            .await
        }
    }
}

pub async fn detail(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(flash): Query<super::Flash>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let sup = suppliers::find(state.db.conn(), s.store_id, SupplierId(id)).await?;
    form_page(
        &state,
        &session,
        &s,
        Some(&sup),
        values_of(&sup),
        &[],
        &flash,
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let sup = suppliers::find(state.db.conn(), s.store_id, SupplierId(id)).await?;
    let input = match input_of(&form) {
        Ok(i) => i,
        Err(e) => {
            return form_page(
                &state,
                &session,
                &s,
                Some(&sup),
                values_of_form(&form),
                &[e],
                &super::Flash::default(),
            )
            .await;
        }
    };
    let tx = state.db.begin_write().await?;
    match suppliers::update(&tx, s.merchant_id, s.store_id, SupplierId(id), input).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/purchasing/suppliers/{id}"),
                "notice",
                &i18n::t(i18n::current(), "purchasing-saved"),
            ))
        }
        Err(e) => {
            drop(tx);
            let errors = form_errors(e)?;
            form_page(
                &state,
                &session,
                &s,
                Some(&sup),
                values_of_form(&form),
                &errors,
                &super::Flash::default(),
            )
            .await
        }
    }
}

/// Records what the supplier offers of a product (by SKU or GTIN).
pub async fn set_product(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let back = format!("/purchasing/suppliers/{id}");
    let code = field(&form, "sku").to_owned();
    let found = orion_catalog::service::find_by_gtins_or_skus(
        state.db.conn(),
        s.store_id,
        std::slice::from_ref(&code),
        std::slice::from_ref(&code),
    )
    .await?;
    let Some(p) = found.first() else {
        return back_with_error(
            &back,
            Invalid::field("sku", "no product with this SKU or GTIN"),
        );
    };
    let cost = match i18n::amount_field("unit_cost", field(&form, "unit_cost")) {
        Ok(c) if c.is_empty() => None,
        Ok(c) => orion_kernel::Money::parse(&c).ok().map(|m| m.cents()),
        Err(e) => return back_with_error(&back, Invalid(vec![e])),
    };
    let min = match field(&form, "min_order_quantity") {
        "" => None,
        raw => match i18n::quantity_field("min_order_quantity", raw) {
            Ok(q) => Some(q),
            Err(e) => return back_with_error(&back, Invalid(vec![e])),
        },
    };
    let tx = state.db.begin_write().await?;
    let input = SupplierProductIn {
        supplier_sku: Some(field(&form, "supplier_sku").to_owned()),
        unit_cost_cents: cost,
        min_order_quantity: min,
    };
    match suppliers::set_product(
        &tx,
        s.store_id,
        SupplierId(id),
        orion_kernel::ProductId(p.id),
        input,
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirect_with(
                &back,
                "notice",
                &i18n::t(i18n::current(), "purchasing-saved"),
            ))
        }
        Err(e) => back_with_error(&back, e),
    }
}
