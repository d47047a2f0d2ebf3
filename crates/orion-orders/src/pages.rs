//! Order pages: list with filters, detail with actions and history, new order form.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{Lang, Pagination};
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html, redirect_with};
use orion_web::{AppState, StoreScope};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::service::{self, CustomerIn, DirectOrderIn, ItemIn, OrderFilter};
use orion_kernel::{Address, OrderId, OrderItemId, ProductId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/new", get(new_form).post(create))
        .route("/orders/exceptions", get(exceptions_page))
        .route("/orders/exceptions/resolve", post(resolve_exceptions))
        .route("/orders/{id}", get(detail))
        .route("/orders/{id}/action", post(action))
        .route("/orders/settings", post(save_settings))
        .merge(crate::bulk_pages::router())
        .merge(crate::documents_pages::router())
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("orders/list.html", include_str!("../templates/list.html")),
        (
            "orders/detail.html",
            include_str!("../templates/detail.html"),
        ),
        ("orders/new.html", include_str!("../templates/new.html")),
        ("orders/job.html", include_str!("../templates/job.html")),
        (
            "orders/exceptions.html",
            include_str!("../templates/exceptions.html"),
        ),
    ]
}

fn scope(session: &PageSession, perm: &str) -> Result<StoreScope, PageError> {
    session.store_with(perm)
}

/// The channels an order comes from (`orders-channel-<code>` in the catalogues).
pub const CHANNELS: [&str; 2] = ["direct", "letzshop"];

/// The statuses of an order item (`orders-item-status-<code>`).
pub const ITEM_STATUSES: [&str; 3] = ["pending", "confirmed", "declined"];

/// The languages an order (its customer's documents) can be in (`customers-language-<code>`).
const ORDER_LANGUAGES: [&str; 3] = ["en", "fr", "de"];

/// An order status as people read it (`orders-status-<status>`; templates build the same
/// key); an unknown status is shown as it is.
pub fn status_label(lang: Lang, status: &str) -> String {
    let key = format!("orders-status-{}", status.replace('_', "-"));
    if i18n::has(lang, &key) {
        i18n::t(lang, &key)
    } else {
        status.to_owned()
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    channel: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    customer_id: Option<i64>,
    attention: Option<String>,
    sort: Option<String>,
    page: Option<u64>,
    notice: Option<String>,
    error: Option<String>,
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
        attention: ne(&q.attention),
        overdue_days: None,
        sort: ne(&q.sort),
    };
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let (orders, total) = service::list(state.db.conn(), s.store_id, &f, &p).await?;
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let items = service::items_of_orders(state.db.conn(), &ids).await?;
    let units = |id: i64| -> i64 {
        items
            .get(&id)
            .map_or(0, |v| v.iter().map(|i| i.quantity).sum())
    };
    let rows: Vec<_> = orders
        .iter()
        .map(|o| json!({"id": o.id, "number": o.order_number, "units": units(o.id), "channel": o.channel, "status": o.status, "customer": format!("{} {}", o.customer_first_name.clone().unwrap_or_default(), o.customer_last_name.clone().unwrap_or_default()).trim().to_owned(),
            "email": o.customer_email, "total_cents": o.total_cents, "ordered_at": o.ordered_at.to_rfc3339()}))
        .collect();
    // A fresh key per page: submitting the bulk form twice starts one job.
    let bulk_key = {
        use rand::Rng;
        format!("{:032x}", rand::rng().random::<u128>())
    };
    let default_carrier =
        crate::ship_defaults::default_carrier(state.db.conn(), s.store_id, "letzshop").await?;
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": i18n::t(i18n::current(), "orders-title"), "orders": rows, "channels": CHANNELS, "total": total, "page": p.page(), "pages": total.div_ceil(50).max(1),
"f": {"status": q.status, "channel": q.channel, "from": q.from, "to": q.to, "q": q.q, "customer_id": q.customer_id, "attention": q.attention, "sort": q.sort},
            "sorts": service::SORTS, "attention": service::ATTENTION,
            "statuses": ["held", "pending", "processing", "shipped", "delivered", "cancelled", "refunded"], "can_edit": s.permissions.contains("orders.edit"),
            "can_manage": s.permissions.contains("settings.manage"), "notice": q.notice, "error": q.error,
            "can_invoice": s.permissions.contains("invoices.issue"), "bulk_key": bulk_key, "default_carrier": default_carrier, "allow_backorders": service::allow_backorders(state.db.conn(), s.store_id).await?,
            "exception_groups": service::open_group_count(state.db.conn(), s.store_id).await?}))
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
    let title = i18n::tr(
        i18n::current(),
        "orders-detail-title",
        &[("number", out.order_number.clone().into())],
    );
    let people = orion_web::people::names(
        state.db.conn(),
        out.history.iter().flatten().filter_map(|h| h.actor_user_id),
    )
    .await?;
    let o = page_values(&out, &session, &people);
    // The ship form suggests the carrier the channel's settings name.
    let carrier =
        crate::ship_defaults::default_carrier(state.db.conn(), s.store_id, &out.channel).await?;
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": title, "o": o, "notice": q.notice, "error": q.error, "panels": panels,
            "can_edit": s.permissions.contains("orders.edit"), "default_carrier": carrier}))
        .await?;
    Ok(html(state.templates.render("orders/detail.html", ctx)?))
}

/// The order as the API shows it, with what the page needs besides: amounts in cents for
/// the `money` filter, and who made each change when it was the signed-in user.
fn page_values(
    out: &crate::api::OrderOut,
    session: &PageSession,
    people: &std::collections::HashMap<i64, String>,
) -> Value {
    let mut o = json!(out);
    o["subtotal_cents"] = json!(out.subtotal.0);
    o["shipping_cents"] = json!(out.shipping_amount.0);
    o["tax_cents"] = json!(out.tax_amount.0);
    o["total_cents"] = json!(out.total.0);
    if let Some(items) = o["items"].as_array_mut() {
        for (v, i) in items.iter_mut().zip(&out.items) {
            v["unit_price_cents"] = json!(i.unit_price.0);
            v["line_total_cents"] = json!(i.line_total.0);
        }
    }
    let me = &session.0;
    let my_name = me
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| me.email.clone());
    if let (Some(hist), Some(h_out)) = (o["history"].as_array_mut(), &out.history) {
        for (v, h) in hist.iter_mut().zip(h_out) {
            match h.actor_user_id {
                Some(id) if id == me.user_id.0 => v["actor"] = json!(my_name),
                Some(id) => {
                    if let Some(name) = people.get(&id) {
                        v["actor"] = json!(name);
                    }
                }
                None => {}
            }
        }
    }
    o
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
            None => Err(orion_kernel::Invalid::field(
                "product_id",
                i18n::t(i18n::current(), "orders-choose-product"),
            )
            .into()),
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
        _ => Err(orion_kernel::Invalid::field(
            "action",
            i18n::t(i18n::current(), "orders-unknown-action"),
        )
        .into()),
    };
    let path = format!("/orders/{id}");
    match res {
        Ok(o) => {
            tx.commit().await?;
            let lang = i18n::current();
            Ok(redirect_with(
                &path,
                "notice",
                &i18n::tr(
                    lang,
                    "orders-now-status",
                    &[("status", status_label(lang, &o.status).into())],
                ),
            ))
        }
        Err(e) => orion_web::pages::back_with_error(&path, e),
    }
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    notice: Option<String>,
    error: Option<String>,
}

/// The exceptions inbox: marketplace articles the catalog does not know, with the orders
/// waiting for them; each is mapped to a product in one step, or becomes a new product.
async fn exceptions_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.view")?;
    let tx = state.db.begin_write().await?;
    let groups = service::open_groups(&tx, s.store_id).await?;
    tx.commit().await?;
    let numbers = service::order_numbers(
        state.db.conn(),
        s.store_id,
        groups
            .iter()
            .flat_map(|g| g.order_ids.iter().take(5).copied()),
    )
    .await?;
    let rows: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let orders: Vec<Value> = g
                .order_ids
                .iter()
                .take(5)
                .filter_map(|id| numbers.get(id).map(|num| json!({"id": id, "number": num})))
                .collect();
            json!({"n": n, "gtin": g.gtin, "sku": g.sku, "title": g.title, "items": g.items, "orders": g.orders,
                "shown_orders": orders, "more_orders": g.orders.saturating_sub(5)})
        })
        .collect();
    // The store's active products for the picker (the browser filters the list as one types).
    let (products, _) = orion_catalog::service::list(
        state.db.conn(),
        s.store_id,
        &orion_catalog::service::ProductFilter {
            active: Some(true),
            ..Default::default()
        },
        &Pagination {
            page: Some(1),
            per_page: Some(200),
        },
    )
    .await?;
    let lang = i18n::current();
    let choices: Vec<Value> = products
        .iter()
        .map(|p| json!({"sku": p.sku, "label": format!("{} — {}", p.sku, p.title_or_fallback(lang.as_str()).0)}))
        .collect();
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": i18n::t(lang, "orders-exceptions-title"), "groups": rows,
            "products": choices, "can_edit": s.permissions.contains("orders.edit"),
            "can_create": s.permissions.contains("products.edit"), "notice": q.notice, "error": q.error}))
        .await?;
    Ok(html(state.templates.render("orders/exceptions.html", ctx)?))
}

#[derive(Deserialize)]
struct ResolveForm {
    gtin: Option<String>,
    sku: Option<String>,
    /// The SKU or GTIN of the product the seller picked or typed.
    product: String,
}

async fn resolve_exceptions(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<ResolveForm>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.edit")?;
    let back = "/orders/exceptions";
    let lang = i18n::current();
    let wanted = f.product.trim();
    let product =
        match service::match_product(state.db.conn(), s.store_id, Some(wanted), Some(wanted)).await
        {
            Ok(Some(p)) => p,
            Ok(None) => {
                return orion_web::pages::back_with_error(
                    back,
                    orion_kernel::Invalid::field(
                        "product",
                        i18n::tr(
                            lang,
                            "orders-exceptions-no-such-product",
                            &[("product", wanted.to_owned().into())],
                        ),
                    ),
                );
            }
            Err(e) => return orion_web::pages::back_with_error(back, e),
        };
    let tx = state.db.begin_write().await?;
    match service::resolve_group(
        &tx,
        s.store_id,
        f.gtin.as_deref(),
        f.sku.as_deref(),
        ProductId(product.id),
    )
    .await
    {
        Ok(r) => {
            tx.commit().await?;
            Ok(redirect_with(
                back,
                "notice",
                &i18n::tr(
                    lang,
                    "orders-exceptions-resolved",
                    &[
                        ("items", (r.resolved_items as i64).into()),
                        ("orders", (r.unblocked_orders as i64).into()),
                        ("product", product.sku.clone().into()),
                    ],
                ),
            ))
        }
        Err(e) => orion_web::pages::back_with_error(back, e),
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
        .page_context(session, "orders", json!({"page_title": i18n::t(i18n::current(), "orders-new"), "errors": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
            "error": error, "v": values, "lines": [0, 1, 2, 3, 4], "languages_of_orders": ORDER_LANGUAGES}))
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
    // Quantities and the shipping amount as the person typed them in their language.
    let mut typed = Vec::new();
    let mut items = Vec::new();
    for i in 0..5 {
        if let Some(sku) = get(&format!("sku_{i}")) {
            let quantity = match get(&format!("qty_{i}")) {
                Some(q) => match i18n::quantity_field(&format!("items[{i}].quantity"), &q) {
                    Ok(n) => n,
                    Err(e) => {
                        typed.push(e);
                        0
                    }
                },
                None => 0,
            };
            items.push(ItemIn {
                product_id: None,
                sku: Some(sku),
                quantity,
            });
        }
    }
    let shipping_amount = match get("shipping_amount") {
        Some(raw) => match i18n::amount_field("shipping_amount", &raw) {
            Ok(a) => Some(a).filter(|a| !a.is_empty()),
            Err(e) => {
                typed.push(e);
                None
            }
        },
        None => None,
    };
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
        shipping_amount,
        locale: get("locale"),
        notes: get("notes"),
    };
    let values: serde_json::Value = form
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    if !typed.is_empty() {
        let error = i18n::t(i18n::current(), "problem-validation");
        return render_new(&state, &session, &typed, Some(error), values).await;
    }
    let tx = state.db.begin_write().await?;
    match service::create_direct(&tx, &s.store_ref(), Some(session.0.user_id), body, None).await {
        Ok(c) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/orders/{}", c.order.id),
                "notice",
                &i18n::t(i18n::current(), "orders-created"),
            ))
        }
        Err(e) => {
            let e = orion_web::ApiError::from(e);
            if e.status().is_client_error() {
                let e = e.localized();
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
    let lang = i18n::current();
    let msg = if allow {
        i18n::t(lang, "orders-settings-backorders-on")
    } else {
        i18n::t(lang, "orders-settings-backorders-off")
    };
    Ok(redirect_with("/orders", "notice", &msg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    /// Every order status, whatever is added to the enumeration later.
    fn all_statuses() -> Vec<Status> {
        use Status::*;
        let all = vec![
            Held,
            Pending,
            Processing,
            PartiallyShipped,
            Shipped,
            Delivered,
            Cancelled,
            Refunded,
        ];
        for s in &all {
            // A new status fails to compile here until it is listed above.
            match s {
                Held | Pending | Processing | PartiallyShipped | Shipped | Delivered
                | Cancelled | Refunded => {}
            }
        }
        all
    }

    /// The keys templates build: `orders-status-<status>` (`_` as `-`),
    /// `orders-channel-<channel>`, `orders-item-status-<status>`, and the language names of
    /// `customers-language-<code>`, in every catalogue.
    #[test]
    fn every_enumerated_value_has_a_label() {
        for lang in Lang::ALL {
            for s in all_statuses() {
                let key = format!("orders-status-{}", s.as_str().replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for c in CHANNELS {
                let key = format!("orders-channel-{c}");
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for st in ITEM_STATUSES {
                let key = format!("orders-item-status-{st}");
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for l in ORDER_LANGUAGES {
                let key = format!("customers-language-{l}");
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for a in crate::service::ATTENTION {
                let key = format!("orders-attention-{}", a.replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for s in crate::service::SORTS {
                let key = format!("orders-sort-{}", s.replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
        }
        assert_eq!(
            status_label(Lang::Fr, "partially_shipped"),
            "Partiellement expédiée"
        );
        assert_eq!(status_label(Lang::En, "no_such_status"), "no_such_status");
    }
}
