//! Customer pages: the list with search, filters and the CSV export (or the upgrade prompt
//! when the plan lacks it), a new-customer form, and the customer page with statistics and
//! an edit form. The customer page has a `customer_orders` block for the orders module.

use crate::CustomerError;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use orion_billing::{Feature, limits};
use orion_kernel::time::local_date;
use orion_kernel::{CustomerId, FieldError, Money, Pagination};
use orion_web::ApiError;
use orion_web::AppState;
use orion_web::StoreScope;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::entity::customer;
use crate::export::{self, ExportQuery};
use crate::service::{self, CustomerFilter, CustomerInput, CustomerPatch};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/new", get(new_form))
        .route("/customers/export.csv", get(export_csv))
        .route("/customers/{id}", get(detail).post(save))
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "customers/list.html",
            include_str!("../templates/list.html"),
        ),
        (
            "customers/detail.html",
            include_str!("../templates/detail.html"),
        ),
        (
            "customers/form.html",
            include_str!("../templates/form.html"),
        ),
    ]
}

const PER_PAGE: u64 = 50;

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

/// `Ok(None)` when the plan includes the export, `Ok(Some(tier to upgrade to))` otherwise.
async fn export_upgrade(state: &AppState, s: &StoreScope) -> Result<Option<Value>, ApiError> {
    match limits::require_feature(state.db.conn(), s.merchant_id, Feature::CUSTOMER_CSV_EXPORT)
        .await
    {
        Ok(()) => Ok(None),
        Err(orion_billing::BillingError::FeatureNotInTier { upgrade_to, .. }) => {
            Ok(Some(upgrade_to.map(Value::from).unwrap_or(Value::Null)))
        }
        Err(e) => Err(e.into()),
    }
}

fn money(cents: i64) -> String {
    Money(cents).to_string()
}

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| local_date(t).format("%Y-%m-%d").to_string())
}

/// An instant for the `date` filter (RFC 3339, UTC): the page shows the store's local day.
fn instant(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn row(c: &customer::Model) -> Value {
    json!({"id": c.id, "number": c.customer_number, "email": c.email, "name": c.display_name(),
        "company": c.company, "orders": c.total_orders, "spent": money(c.total_spent_cents),
        "spent_cents": c.total_spent_cents, "last_order": day(c.last_order_at),
        "last_order_at": instant(c.last_order_at), "consent": c.marketing_consent, "tags": c.tag_list()})
}

/// "3 fields need attention." in the request's language.
fn errors_summary(errors: &[FieldError]) -> Option<String> {
    (!errors.is_empty()).then(|| {
        i18n::tr(
            i18n::current(),
            "customers-form-errors",
            &[("count", (errors.len() as i64).into())],
        )
    })
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    marketing_consent: Option<String>,
    tag: Option<String>,
    page: Option<u64>,
    notice: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "customers.view")?;
    let filter = CustomerFilter {
        q: q.q.clone(),
        marketing_consent: q.marketing_consent.clone(),
        tag: q.tag.clone(),
    };
    let p = Pagination {
        page: q.page,
        per_page: Some(PER_PAGE),
    };
    let (items, total, error) = match service::list(state.db.conn(), s.store_id, &filter, &p).await
    {
        Ok((items, total)) => (items, total, None),
        Err(e @ CustomerError::Invalid(_)) => (
            Vec::new(),
            0,
            Some(orion_web::pages::problem_message(&ApiError::from(e))),
        ),
        Err(e) => return Err(e.into()),
    };
    let can_export = s.permissions.contains("customers.export");
    let upgrade = if can_export {
        export_upgrade(&state, &s).await?
    } else {
        None
    };
    let ctx = state
        .page_context(
            &session,
            "customers",
            json!({"page_title": i18n::t(i18n::current(), "customers-title"), "customers": items.iter().map(row).collect::<Vec<_>>(),
                "total": total, "page": p.page(), "pages": total.div_ceil(PER_PAGE).max(1),
                "f": {"q": q.q, "marketing_consent": q.marketing_consent, "tag": q.tag},
                "notice": q.notice, "error": error,
                "can_edit": s.permissions.contains("customers.edit"),
                "can_export": can_export && upgrade.is_none(),
                "export_locked": upgrade.is_some(), "upgrade_to": upgrade}),
        )
        .await?;
    Ok(html(state.templates.render("customers/list.html", ctx)?))
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    notice: Option<String>,
}

/// The values the customer page renders with (public so that a module composing a richer
/// customer page can reuse them).
pub fn detail_values(c: &customer::Model) -> Value {
    json!({"id": c.id, "number": c.customer_number, "email": c.email, "name": c.display_name(),
        "first_name": c.first_name, "last_name": c.last_name, "phone": c.phone, "company": c.company,
        "vat_id": c.vat_id, "peppol_id": c.peppol_id, "preferred_language": c.preferred_language,
        "marketing_consent": c.marketing_consent, "tags": c.tag_list(), "addresses": c.address_list(),
        "total_orders": c.total_orders, "total_spent": money(c.total_spent_cents),
        "avg_order_value": money(c.avg_order_cents()),
        "first_order_date": day(c.first_order_at), "last_order_date": day(c.last_order_at),
        "created": day(Some(c.created_at)),
        "total_spent_cents": c.total_spent_cents, "avg_order_cents": c.avg_order_cents(),
        "first_order_at": instant(c.first_order_at), "last_order_at": instant(c.last_order_at),
        "created_at": instant(Some(c.created_at))})
}

fn form_values(f: &FormData) -> Value {
    json!({"email": f.get("email"), "first_name": f.get("first_name"), "last_name": f.get("last_name"),
        "phone": f.get("phone"), "company": f.get("company"), "vat_id": f.get("vat_id"),
        "peppol_id": f.get("peppol_id"), "preferred_language": f.get("preferred_language"), "marketing_consent": f.get("marketing_consent").is_some(),
        "tags": f.get("tags"), "street": f.get("street"), "postal_code": f.get("postal_code"),
        "city": f.get("city"), "country": f.get("country")})
}

fn model_form_values(c: &customer::Model) -> Value {
    json!({"email": c.email, "first_name": c.first_name, "last_name": c.last_name, "phone": c.phone,
        "company": c.company, "vat_id": c.vat_id, "peppol_id": c.peppol_id,
        "preferred_language": c.preferred_language,
        "marketing_consent": c.marketing_consent, "tags": c.tag_list().join(", ")})
}

fn field_errors(errors: &[FieldError]) -> Vec<Value> {
    errors
        .iter()
        .map(|e| json!({"field": e.field, "message": i18n::localize_sentence(i18n::current(), &e.message)}))
        .collect()
}

async fn detail_page(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    c: &customer::Model,
    form: Value,
    errors: &[FieldError],
    notice: Option<String>,
) -> Result<Response, PageError> {
    let ctx = state
        .page_context(
            session,
            "customers",
            json!({"page_title": c.display_name(), "c": detail_values(c), "form": form,
                "errors": field_errors(errors), "notice": notice,
                "error": errors_summary(errors), "customer_languages": crate::domain::LANGUAGES,
                "can_edit": s.permissions.contains("customers.edit"),
                "can_view_orders": s.permissions.contains("orders.view")}),
        )
        .await?;
    let mut res = html(state.templates.render("customers/detail.html", ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn detail(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "customers.view")?;
    let c = service::find(state.db.conn(), s.store_id, CustomerId(id)).await?;
    let form = model_form_values(&c);
    detail_page(&state, &session, &s, &c, form, &[], q.notice).await
}

/// A submitted form: `(name, value)` pairs, values trimmed, empty ones absent.
struct FormData(Vec<(String, String)>);

impl FormData {
    fn get(&self, k: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn tags(&self) -> Vec<String> {
        self.get("tags")
            .map(|t| {
                t.split([',', ';'])
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn input(&self) -> CustomerInput {
        let address = ["street", "postal_code", "city", "country"]
            .iter()
            .any(|k| self.get(k).is_some())
            .then(|| {
                json!({"street": self.get("street"), "postal_code": self.get("postal_code"),
                    "city": self.get("city"), "country": self.get("country")})
            });
        CustomerInput {
            email: self.get("email").unwrap_or_default(),
            first_name: self.get("first_name"),
            last_name: self.get("last_name"),
            phone: self.get("phone"),
            company: self.get("company"),
            vat_id: self.get("vat_id"),
            peppol_id: self.get("peppol_id"),
            preferred_language: self.get("preferred_language"),
            marketing_consent: Some(self.get("marketing_consent").is_some()),
            tags: Some(self.tags()),
            address,
        }
    }

    fn patch(&self) -> CustomerPatch {
        CustomerPatch {
            first_name: Some(self.get("first_name")),
            last_name: Some(self.get("last_name")),
            phone: Some(self.get("phone")),
            company: Some(self.get("company")),
            vat_id: Some(self.get("vat_id")),
            peppol_id: Some(self.get("peppol_id")),
            preferred_language: Some(self.get("preferred_language")),
            marketing_consent: Some(self.get("marketing_consent").is_some()),
            tags: Some(self.tags()),
            addresses: None,
        }
    }
}

fn errors_of(e: CustomerError) -> Result<Vec<FieldError>, PageError> {
    e.form_errors().ok_or_else(|| e.into())
}

async fn form_page(
    state: &AppState,
    session: &PageSession,
    form: Value,
    errors: &[FieldError],
) -> Result<Response, PageError> {
    let ctx = state
        .page_context(
            session,
            "customers",
            json!({"page_title": i18n::t(i18n::current(), "customers-new"), "form": form,
                "errors": field_errors(errors), "error": errors_summary(errors),
                "customer_languages": crate::domain::LANGUAGES}),
        )
        .await?;
    let mut res = html(state.templates.render("customers/form.html", ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    scope(&session, "customers.edit")?;
    form_page(&state, &session, json!({}), &[]).await
}

async fn create(
    State(state): State<AppState>,
    session: PageSession,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "customers.edit")?;
    let f = FormData(form);
    let tx = state.db.begin_write().await?;
    match service::create(&tx, s.store_id, &f.input()).await {
        Ok(c) => {
            tx.commit().await?;
            Ok(orion_web::pages::redirect_with(
                &format!("/customers/{}", c.id),
                "notice",
                &i18n::t(i18n::current(), "customers-created"),
            ))
        }
        Err(e) => {
            drop(tx);
            let errors = errors_of(e)?;
            form_page(&state, &session, form_values(&f), &errors).await
        }
    }
}

async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "customers.edit")?;
    let f = FormData(form);
    let tx = state.db.begin_write().await?;
    match service::update(&tx, s.store_id, id, &f.patch()).await {
        Ok(c) => {
            tx.commit().await?;
            Ok(orion_web::pages::redirect_with(
                &format!("/customers/{}", c.id),
                "notice",
                &i18n::t(i18n::current(), "customers-saved"),
            ))
        }
        Err(e) => {
            drop(tx);
            let errors = errors_of(e)?;
            let c = service::find(state.db.conn(), s.store_id, CustomerId(id)).await?;
            detail_page(&state, &session, &s, &c, form_values(&f), &errors, None).await
        }
    }
}

/// The same streamed CSV as the API export, for the session's store.
async fn export_csv(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ExportQuery>,
    Query(fmt): Query<crate::api::FormatParam>,
) -> Result<Response, PageError> {
    let s = scope(&session, "customers.export")?;
    let dialect = orion_kernel::CsvDialect::parse(fmt.dialect.as_deref())
        .map_err(|e| PageError::from(ApiError::from(e)))?;
    let filter = q.parse().map_err(|e| {
        PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            orion_web::pages::problem_message(&ApiError::from(e)),
        )
    })?;
    limits::require_feature(state.db.conn(), s.merchant_id, Feature::CUSTOMER_CSV_EXPORT).await?;
    Ok(crate::api::csv_download(
        export::csv_body(state.db.clone(), s.store_id, filter, dialect),
        &export::file_name(&s.code),
    ))
}

#[cfg(test)]
mod tests {
    use orion_kernel::Lang;
    use orion_web::i18n::has;

    /// `customers-language-<code>` (templates build the key) exists for every language a
    /// customer may prefer, in every catalogue.
    #[test]
    fn every_customer_language_has_a_name() {
        for lang in Lang::ALL {
            for code in crate::domain::LANGUAGES {
                let key = format!("customers-language-{code}");
                assert!(has(lang, &key), "{lang}: {key}");
            }
        }
    }
}
