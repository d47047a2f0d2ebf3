//! Order pages: list with filters, detail with actions and history, new order form.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use orion_kernel::{Money, Pagination};
use orion_web::pages::{PageError, PageSession, html};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::json;

use crate::service::{self, CustomerIn, DirectOrderIn, ItemIn, OrderFilter};
use orion_kernel::{Address, OrderId, OrderItemId, ProductId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/new", get(new_form).post(create))
        .route("/orders/{id}", get(detail))
        .route("/orders/{id}/action", post(action))
        .route("/orders/settings", post(save_settings))
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("orders/list.html", include_str!("../templates/list.html")),
        (
            "orders/detail.html",
            include_str!("../templates/detail.html"),
        ),
        ("orders/new.html", include_str!("../templates/new.html")),
    ]
}

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    channel: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    customer_id: Option<i64>,
    page: Option<u64>,
    notice: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.view")?;
    let ne = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    let f = OrderFilter {
        status: ne(&q.status),
        channel: ne(&q.channel),
        from: ne(&q.from).and_then(|d| d.parse().ok()),
        to: ne(&q.to).and_then(|d| d.parse().ok()),
        customer_id: q.customer_id,
        q: ne(&q.q),
    };
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (orders, total) = service::list(state.db.conn(), s.store_id, &f, &p).await?;
    let rows: Vec<_> = orders
        .iter()
        .map(|o| json!({"id": o.id, "number": o.order_number, "channel": o.channel, "status": o.status, "customer": format!("{} {}", o.customer_first_name.clone().unwrap_or_default(), o.customer_last_name.clone().unwrap_or_default()).trim().to_owned(),
            "email": o.customer_email, "total": Money(o.total_cents).to_string(), "date": o.ordered_at.format("%Y-%m-%d %H:%M").to_string()}))
        .collect();
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": "Orders", "orders": rows, "total": total, "page": p.page(), "pages": total.div_ceil(50).max(1),
            "f": {"status": q.status, "channel": q.channel, "from": q.from, "to": q.to, "q": q.q, "customer_id": q.customer_id},
            "statuses": ["held", "pending", "processing", "shipped", "delivered", "cancelled", "refunded"], "can_edit": s.permissions.contains("orders.edit"),
            "can_manage": s.permissions.contains("settings.manage"), "notice": q.notice, "allow_backorders": service::allow_backorders(state.db.conn(), s.store_id).await?}))
        .await?;
    Ok(html(state.templates.render("orders/list.html", ctx)?))
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
    let s = scope(&session, "orders.view")?;
    let o = service::find(state.db.conn(), s.store_id, OrderId(id)).await?;
    let out = crate::api::detail(state.db.conn(), o).await?;
    let panels = state.panels("order", Some(s.store_id), id).await?;
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": format!("Order {}", out.order_number), "o": out, "notice": q.notice, "error": q.error, "panels": panels,
            "can_edit": s.permissions.contains("orders.edit")}))
        .await?;
    Ok(html(state.templates.render("orders/detail.html", ctx)?))
}

#[derive(Deserialize)]
struct ActionForm {
    action: String,
    #[serde(default)]
    item_id: Option<i64>,
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    product_id: Option<i64>,
}

async fn action(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.edit")?;
    let user = Some(session.0.user_id);
    let store = s.store_id;
    let note = Some(f.note.clone()).filter(|n| !n.trim().is_empty());
    let order = OrderId(id);
    let tx = state.db.begin_write().await?;
    let res = match (f.action.as_str(), f.item_id.map(OrderItemId)) {
        ("confirm", _) => service::confirm(&tx, store, order, user).await,
        ("confirm_item", Some(item)) => {
            service::decide_item(&tx, store, order, item, true, user).await
        }
        ("decline_item", Some(item)) => {
            service::decide_item(&tx, store, order, item, false, user).await
        }
        ("resolve_item", Some(item)) => match f.product_id {
            Some(p) => service::resolve_item(&tx, store, order, item, ProductId(p)).await,
            None => Err(orion_kernel::Invalid::field("product_id", "choose a product").into()),
        },
        ("ship", _) => {
            service::ship(
                &tx,
                store,
                order,
                Some(f.tracking_number.clone()),
                Some(f.carrier.clone()),
                user,
            )
            .await
        }
        ("deliver", _) => service::deliver(&tx, store, order, user).await,
        ("cancel", _) => service::cancel(&tx, store, order, note, user).await,
        ("refund", _) => service::refund(&tx, store, order, note, user).await,
        _ => Err(orion_kernel::Invalid::field("action", "unknown action").into()),
    };
    let path = format!("/orders/{id}");
    match res {
        Ok(o) => {
            tx.commit().await?;
            Ok(orion_web::pages::redirect_with(
                &path,
                "notice",
                &format!("Order is now {}.", o.status),
            ))
        }
        Err(e) => orion_web::pages::back_with_error(&path, e),
    }
}

async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    scope(&session, "orders.edit")?;
    render_new(&state, &session, &[], None, json!({})).await
}

async fn render_new(
    state: &AppState,
    session: &PageSession,
    errors: &[orion_kernel::FieldError],
    error: Option<String>,
    values: serde_json::Value,
) -> Result<Response, PageError> {
    let ctx = state
        .page_context(session, "orders", json!({"page_title": "New order", "errors": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
            "error": error, "v": values, "lines": [0, 1, 2, 3, 4]}))
        .await?;
    let failed = ctx["error"].is_string();
    let mut res = html(state.templates.render("orders/new.html", ctx)?);
    if failed {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn create(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.edit")?;
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut items = Vec::new();
    for i in 0..5 {
        if let Some(sku) = get(&format!("sku_{i}")) {
            items.push(ItemIn {
                product_id: None,
                sku: Some(sku),
                quantity: get(&format!("qty_{i}"))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(0),
            });
        }
    }
    let body = DirectOrderIn {
        customer: CustomerIn {
            id: None,
            email: get("email"),
            first_name: get("first_name"),
            last_name: get("last_name"),
            company: get("company"),
            vat_id: get("vat_id"),
            phone: get("phone"),
        },
        billing_address: None,
        shipping_address: Address {
            name: get("ship_name"),
            company: get("company"),
            street: get("street").unwrap_or_default(),
            postal_code: get("postal_code").unwrap_or_default(),
            city: get("city").unwrap_or_default(),
            country: get("country").unwrap_or_default(),
        },
        items,
        shipping_amount: get("shipping_amount"),
        locale: get("locale"),
        notes: get("notes"),
    };
    let values: serde_json::Value = form
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let tx = state.db.begin_write().await?;
    match service::create_direct(&tx, &s.store_ref(), Some(session.0.user_id), body, None).await {
        Ok(c) => {
            tx.commit().await?;
            Ok(
                Redirect::to(&format!("/orders/{}?notice=Order+created", c.order.id))
                    .into_response(),
            )
        }
        Err(e) => {
            let e = orion_web::ApiError::from(e);
            if e.status().is_client_error() {
                render_new(&state, &session, &e.errors, Some(e.detail.clone()), values).await
            } else {
                Err(e.into())
            }
        }
    }
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    allow_backorders: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let s = scope(&session, "settings.manage")?;
    let allow = f.allow_backorders.is_some();
    service::set_allow_backorders(state.db.conn(), s.store_id, allow).await?;
    let msg = if allow {
        "Backorders are allowed."
    } else {
        "Backorders are off."
    };
    Ok(orion_web::pages::redirect_with("/orders", "notice", msg))
}
