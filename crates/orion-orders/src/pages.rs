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
        .route("/orders/new/quote", post(quote))
        .route("/orders/new/customers", get(find_customers))
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
    // Items without a product are mapped right here (for every order waiting for them).
    let can_edit = s.permissions.contains("orders.edit");
    let products = if can_edit && out.items.iter().any(|i| i.unmatched) {
        store_products(&state, s.store_id, i18n::current()).await?
    } else {
        Vec::new()
    };
    let ctx = state
        .page_context(&session, "orders", json!({"page_title": title, "o": o, "notice": q.notice, "error": q.error, "panels": panels,
            "can_edit": can_edit, "default_carrier": carrier, "products": products}))
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
    let lang = i18n::current();
    let choices = store_products(&state, s.store_id, lang).await?;
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
    /// The page to return to: an order's page (the inline form), else the inbox.
    back: Option<String>,
}

async fn resolve_exceptions(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<ResolveForm>,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.edit")?;
    // Only an order page of this site: never a redirect elsewhere.
    let order_page = f.back.as_deref().filter(|b| {
        b.strip_prefix("/orders/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|c| c.is_ascii_digit()))
    });
    let back = order_page.unwrap_or("/orders/exceptions");
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

/// The store's active products for a product picker (a `<datalist>`; the browser filters
/// it by SKU or title as one types): SKU, title in `lang`, price formatted for `lang`.
async fn store_products(
    state: &AppState,
    store: orion_kernel::StoreId,
    lang: Lang,
) -> Result<Vec<Value>, PageError> {
    let (products, _) = orion_catalog::service::list(
        state.db.conn(),
        store,
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
    Ok(products
        .iter()
        .map(|p| {
            let title = p.title_or_fallback(lang.as_str()).0;
            let price = orion_kernel::locale::money(p.sale_price_cents.unwrap_or(p.price_cents), lang);
            json!({"sku": p.sku, "title": title, "price": price, "label": format!("{} — {title}", p.sku)})
        })
        .collect())
}

/// The countries the new order form offers first (names: `orders-country-<code>`): the EU
/// and its neighbours. A posted code outside the list is kept as an extra option.
const ORDER_COUNTRIES: [&str; 34] = [
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU",
    "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI",
    "SK", "US",
];

/// The order form's countries as `{code, name}`, by name in `lang`, with `chosen` added
/// when it is not among them.
fn countries(lang: Lang, chosen: &str) -> Vec<Value> {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'À'..='Å' => 'A',
                'É' | 'È' => 'E',
                'Ì'..='Ï' => 'I',
                'Ö' | 'Ø' => 'O',
                'Ü' => 'U',
                c => c,
            })
            .collect()
    };
    let mut out: Vec<(String, &str)> = ORDER_COUNTRIES
        .iter()
        .map(|c| {
            (
                i18n::t(lang, &format!("orders-country-{}", c.to_ascii_lowercase())),
                *c,
            )
        })
        .collect();
    out.sort_by_key(|(name, _)| fold(name));
    let mut v: Vec<Value> = out
        .iter()
        .map(|(name, code)| json!({"code": code, "name": name}))
        .collect();
    if !chosen.is_empty() && !ORDER_COUNTRIES.contains(&chosen) {
        v.push(json!({"code": chosen, "name": chosen}));
    }
    v
}

/// Empty lines the form shows after the filled ones, for people without JavaScript (the
/// script removes them and offers "Add a line" instead).
const EXTRA_LINES: usize = 3;

/// The new order form as posted: the order, the typed-number problems, and the filled lines
/// `(sku, quantity as typed)` in form order — item `i` of the order is line `i`, so the
/// service's `items[i]` problems land on the line they are about.
struct OrderForm {
    body: DirectOrderIn,
    typed: Vec<orion_kernel::FieldError>,
    lines: Vec<(String, String)>,
    values: Value,
}

fn read_form(form: &[(String, String)]) -> OrderForm {
    let get = |k: &str| crate::bulk_pages::field(form, k);
    // Every `sku_N` the form holds (lines are added and removed in the browser), in order.
    let mut numbers: Vec<u32> = form
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("sku_")?.parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut typed = Vec::new();
    let mut items = Vec::new();
    let mut lines = Vec::new();
    for n in numbers {
        let Some(sku) = get(&format!("sku_{n}")) else {
            continue;
        };
        let i = items.len();
        let raw = get(&format!("qty_{n}")).unwrap_or_default();
        let quantity = if raw.is_empty() {
            0
        } else {
            i18n::quantity_field(&format!("items[{i}].quantity"), &raw).unwrap_or_else(|e| {
                typed.push(e);
                0
            })
        };
        items.push(ItemIn {
            product_id: None,
            sku: Some(sku.clone()),
            quantity,
        });
        lines.push((sku, raw));
    }
    let shipping_amount =
        get("shipping_amount").and_then(|raw| match i18n::amount_field("shipping_amount", &raw) {
            Ok(a) => Some(a).filter(|a| !a.is_empty()),
            Err(e) => {
                typed.push(e);
                None
            }
        });
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
    let values = form
        .iter()
        .filter(|(k, _)| !k.starts_with("sku_") && !k.starts_with("qty_"))
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect::<serde_json::Map<_, _>>()
        .into();
    OrderForm {
        body,
        typed,
        lines,
        values,
    }
}

async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let s = scope(&session, "orders.edit")?;
    render_new(&state, &session, &s, &[], None, json!({}), &[]).await
}

async fn render_new(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    errors: &[orion_kernel::FieldError],
    error: Option<String>,
    values: Value,
    filled: &[(String, String)],
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let mut lines: Vec<Value> = filled
        .iter()
        .map(|(sku, qty)| json!({"sku": sku, "qty": qty, "extra": false}))
        .collect();
    if lines.is_empty() {
        lines.push(json!({"sku": "", "qty": "1", "extra": false}));
    }
    lines.extend((0..EXTRA_LINES).map(|_| json!({"sku": "", "qty": "1", "extra": true})));
    let country = values["country"].as_str().unwrap_or("LU").to_owned();
    let products = store_products(state, s.store_id, lang).await?;
    let ctx = state
        .page_context(session, "orders", json!({"page_title": i18n::t(lang, "orders-new"), "errors": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
            "error": error, "v": values, "lines": lines, "languages_of_orders": ORDER_LANGUAGES,
            "products": products, "countries": countries(lang, &country), "country": country,
            "can_find_customers": s.permissions.contains("customers.view")}))
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
    let f = read_form(&form);
    if !f.typed.is_empty() {
        let error = i18n::t(i18n::current(), "problem-validation");
        return render_new(
            &state,
            &session,
            &s,
            &f.typed,
            Some(error),
            f.values,
            &f.lines,
        )
        .await;
    }
    let tx = state.db.begin_write().await?;
    match service::create_direct(&tx, &s.store_ref(), Some(session.0.user_id), f.body, None).await {
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
                let detail = Some(e.detail.clone());
                render_new(&state, &session, &s, &e.errors, detail, f.values, &f.lines).await
            } else {
                Err(e.into())
            }
        }
    }
}

/// `POST /orders/new/quote`: the new order form's lines and shipping priced as saving would
/// price them, amounts written for the user's language (JSON for the form's totals box);
/// 422 with the localized problems of the lines and the shipping amount.
async fn quote(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let s = scope(&session, "orders.edit")?;
    let f = read_form(&form);
    let mut e = f.typed;
    let priced = service::price(
        state.db.conn(),
        &s.store_ref(),
        &f.body.items,
        f.body.shipping_amount.as_deref(),
        &mut e,
    )
    .await?;
    // Before the first line is filled in, the totals are the shipping's alone.
    if f.body.items.is_empty() {
        e.retain(|x| x.field != "items");
    }
    if !e.is_empty() {
        let err = orion_web::ApiError::from(orion_kernel::Invalid(e)).localized();
        let errors: Vec<Value> = err
            .errors
            .iter()
            .map(|x| json!({"field": x.field, "message": x.message}))
            .collect();
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({"detail": err.detail, "errors": errors})),
        )
            .into_response());
    }
    let lang = i18n::current();
    let locale = f.body.locale.as_deref().unwrap_or(lang.as_str());
    let money = |c: i64| orion_kernel::locale::money(c, lang);
    let items: Vec<Value> = priced
        .lines
        .iter()
        .map(|l| {
            json!({"sku": l.product.sku, "name": l.name(locale), "quantity": l.quantity,
            "unit_price": money(l.unit_cents), "line_total": money(l.line_cents)})
        })
        .collect();
    Ok(axum::Json(json!({"subtotal": money(priced.subtotal_cents), "shipping_amount": money(priced.shipping_cents),
        "tax_amount": money(priced.tax_cents), "total": money(priced.total_cents), "items": items}))
    .into_response())
}

#[derive(Deserialize)]
struct CustomerQuery {
    #[serde(default)]
    q: String,
}

/// `GET /orders/new/customers?q=`: up to 10 of the store's customers whose e-mail, name,
/// company or number contains `q` (2 characters at least), with the address the form fills
/// in (their first). Empty without the `customers.view` permission.
async fn find_customers(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<CustomerQuery>,
) -> Result<axum::Json<Vec<Value>>, PageError> {
    let s = scope(&session, "orders.edit")?;
    let q = q.q.trim();
    if !s.permissions.contains("customers.view") || q.chars().count() < 2 {
        return Ok(axum::Json(Vec::new()));
    }
    let (found, _) = orion_customers::service::list(
        state.db.conn(),
        s.store_id,
        &orion_customers::service::CustomerFilter {
            q: Some(q.to_owned()),
            ..Default::default()
        },
        &Pagination {
            page: Some(1),
            per_page: Some(10),
        },
    )
    .await
    .map_err(orion_web::ApiError::from)?;
    Ok(axum::Json(
        found
            .iter()
            .map(|c| {
                let label = [c.display_name(), c.company.clone().unwrap_or_default()]
                    .into_iter()
                    .filter(|x| !x.is_empty() && x != &c.email)
                    .collect::<Vec<_>>()
                    .join(" · ");
                let a = c.address_list().into_iter().next().unwrap_or_default();
                // Keyed by the form's field names, so the script fills them in as they are.
                json!({"email": c.email, "label": label, "fields": {"first_name": c.first_name, "last_name": c.last_name,
                    "company": c.company, "phone": c.phone, "vat_id": c.vat_id, "ship_name": a.name,
                    "street": a.street, "postal_code": a.postal_code, "city": a.city, "country": a.country}})
            })
            .collect(),
    ))
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
            for c in ORDER_COUNTRIES {
                let key = format!("orders-country-{}", c.to_ascii_lowercase());
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
