//! Admin pages: merchants and their stores.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use orion_kernel::Pagination;
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use serde::Deserialize;
use serde_json::json;

use super::layout::{layout, with};
use crate::service::admin as svc;

fn require_admin(session: &PageSession) -> Result<(), PageError> {
    if session.0.is_platform_admin {
        Ok(())
    } else {
        Err(PageError::forbidden(i18n::t(
            i18n::current(),
            "tenancy-admin-only",
        )))
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<u64>,
    notice: Option<String>,
    error: Option<String>,
}

pub async fn merchants(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (items, total) = svc::list_merchants(state.db.conn(), &p).await?;
    let ids: Vec<i64> = items.iter().map(|m| m.id).collect();
    let stores = svc::stores_of(state.db.conn(), &ids).await?;
    let rows: Vec<_> = items
        .iter()
        .map(|m| {
            let codes: Vec<&str> = stores.iter().filter(|s| s.merchant_id == m.id).map(|s| s.code.as_str()).collect();
            json!({"id": m.id, "name": m.name, "country": m.legal_country, "email": m.contact_email, "stores": codes})
        })
        .collect();
    let base = layout(&state, &session, "admin").await?;
    let pages = total.div_ceil(p.per_page()).max(1);
    let body = state.templates.render(
        "tenancy/admin_merchants.html",
        with(base, json!({"page_title": i18n::t(i18n::current(), "tenancy-merchants-title"), "merchants": rows, "total": total, "page": p.page(), "pages": pages, "notice": q.notice, "error": q.error})),
    )?;
    Ok(html(body))
}

#[derive(Deserialize)]
pub struct MerchantForm {
    name: String,
    legal_country: String,
    owner_email: String,
    #[serde(default)]
    owner_password: String,
}

pub async fn create_merchant(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<MerchantForm>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let input = svc::NewMerchant {
        name: f.name,
        legal_country: f.legal_country,
        owner_email: f.owner_email,
        owner_password: Some(f.owner_password).filter(|p| !p.is_empty()),
        contact_phone: None,
    };
    match svc::create_merchant(state.db.conn(), input, state.settings.trial_days).await {
        Ok((m, _)) => Ok(redirect_with(
            &format!("/admin/merchants/{}", m.id),
            "notice",
            &i18n::t(i18n::current(), "tenancy-merchants-created"),
        )),
        Err(e) => back_with_error("/admin/merchants", e),
    }
}

pub async fn merchant(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let m = svc::find_merchant(state.db.conn(), id).await?;
    let stores: Vec<_> = svc::stores_of(state.db.conn(), &[m.id])
        .await?
        .into_iter()
        .map(|s| {
            // Each language by its own name, as the language pickers show it.
            let language = orion_kernel::Lang::parse(&s.default_language)
                .map(|l| l.name().to_owned())
                .unwrap_or(s.default_language);
            json!({"code": s.code, "name": s.name, "country": s.country, "language": language})
        })
        .collect();
    let panels = state.panels("admin.merchant", None, m.id).await?;
    let base = layout(&state, &session, "admin").await?;
    let body = state.templates.render(
        "tenancy/admin_merchant.html",
        with(
            base,
            json!({"page_title": m.name, "merchant": {"id": m.id, "name": m.name, "country": m.legal_country, "email": m.contact_email},
                "stores_list": stores, "notice": q.notice, "error": q.error, "panels": panels}),
        ),
    )?;
    Ok(html(body))
}

#[derive(Deserialize)]
pub struct StoreForm {
    code: String,
    name: String,
    country: String,
    default_language: String,
}

pub async fn create_store(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<StoreForm>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let path = format!("/admin/merchants/{id}");
    let input = svc::NewStore {
        code: f.code,
        name: f.name,
        country: f.country,
        default_language: f.default_language,
    };
    match svc::create_store(state.db.conn(), id, input).await {
        Ok(s) => Ok(redirect_with(
            &path,
            "notice",
            &i18n::tr(
                i18n::current(),
                "tenancy-merchant-store-created",
                &[("code", s.code.clone().into())],
            ),
        )),
        Err(e) => back_with_error(&path, e),
    }
}
