//! Purchase order pages: the list, a new order, one order (editing a draft, ordering,
//! cancelling, closing short, receiving with a scan field), its PDF and the CSV export.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Utc;
use orion_kernel::{CsvDialect, FieldError, Invalid, Money, Pagination, PurchaseOrderId, locale};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, redirect_with};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{field, form_errors, render, scope, status_label};
use crate::service::drafts::{DraftIn, LineIn};
use crate::service::queries::{self, PoFilter};
use crate::service::receive::{ReceiptIn, ReceiptLineIn};
use crate::service::{self, Status, drafts, lifecycle, receive, suppliers};

/// Empty line rows a new order form offers.
const BLANK_LINES: usize = 5;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    page: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<super::Flash>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let lang = i18n::current();
    let p = Pagination {
        page: q.page,
        per_page: Some(50),
    };
    let f = PoFilter {
        status: q.status.clone().filter(|x| !x.is_empty()),
        q: q.q.clone(),
        supplier_id: None,
    };
    let (pos, total) = match queries::list(state.db.conn(), s.store_id, &f, &p).await {
        Ok(x) => x,
        Err(e) => return back_with_error("/purchasing", e),
    };
    let names = queries::supplier_names(state.db.conn(), s.store_id).await?;
    let rows: Vec<Value> = pos
        .iter()
        .map(|po| {
            json!({"id": po.id, "number": po.number, "status": po.status, "status_label": status_label(lang, &po.status),
                "supplier": names.get(&po.supplier_id), "order_date": po.order_date.map(|d| d.to_string()),
                "expected_at": po.expected_at.map(|d| d.to_string()), "total": po.total_cents})
        })
        .collect();
    let statuses: Vec<Value> =
        std::iter::once(json!({"code": "open", "label": i18n::t(lang, "purchasing-status-open")}))
            .chain(
                Status::ALL.iter().map(
                    |st| json!({"code": st.as_str(), "label": status_label(lang, st.as_str())}),
                ),
            )
            .collect();
    super::render_with(
        &state,
        &session,
        "purchasing/list.html",
        json!({"page_title": i18n::t(lang, "purchasing-title"), "rows": rows, "total": total, "page": p.page(),
            "pages": total.div_ceil(50).max(1), "q": q.q, "status": q.status, "statuses": statuses}),
        &[],
        &flash,
    )
    .await
}

/// The store's stocked products for the line picker: SKU (the value), title and GTIN.
async fn product_choices(
    state: &AppState,
    store: orion_kernel::StoreId,
    lang: orion_kernel::Lang,
) -> Result<Vec<Value>, PageError> {
    let (products, _) = orion_catalog::service::list(
        state.db.conn(),
        store,
        &orion_catalog::service::ProductFilter {
            active: Some(true),
            product_type: Some("physical".into()),
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
            json!({"sku": p.sku, "label": match &p.gtin { Some(g) => format!("{title} · {g}"), None => title.to_owned() }})
        })
        .collect())
}

/// What the order form shows: supplier, dates, notes and line rows (as typed).
#[derive(Default)]
struct OrderForm {
    supplier_id: String,
    expected_at: String,
    notes: String,
    lines: Vec<(String, String, String)>,
}

impl OrderForm {
    fn from_form(form: &[(String, String)]) -> OrderForm {
        let mut lines = Vec::new();
        for n in 0..crate::service::MAX_LINES {
            let (sku, qty, cost) = (
                field(form, &format!("sku_{n}")),
                field(form, &format!("qty_{n}")),
                field(form, &format!("cost_{n}")),
            );
            if form.iter().all(|(k, _)| k != &format!("sku_{n}")) {
                break;
            }
            lines.push((sku.to_owned(), qty.to_owned(), cost.to_owned()));
        }
        OrderForm {
            supplier_id: field(form, "supplier_id").to_owned(),
            expected_at: field(form, "expected_at").to_owned(),
            notes: field(form, "notes").to_owned(),
            lines,
        }
    }

    fn values(&self) -> Value {
        let mut lines: Vec<Value> = self
            .lines
            .iter()
            .map(|(s, q, c)| json!({"sku": s, "qty": q, "cost": c}))
            .collect();
        let filled = lines.len();
        lines.extend(
            (filled..filled.max(BLANK_LINES) + 1)
                .map(|_| json!({"sku": "", "qty": "", "cost": ""})),
        );
        json!({"supplier_id": self.supplier_id, "expected_at": self.expected_at, "notes": self.notes, "lines": lines})
    }

    /// The draft the form describes: products found by SKU or GTIN, numbers read in the
    /// user's language; every problem named by its field.
    async fn draft(
        &self,
        state: &AppState,
        store: orion_kernel::StoreId,
    ) -> Result<DraftIn, Vec<FieldError>> {
        let mut errors = Vec::new();
        let codes: Vec<String> = self
            .lines
            .iter()
            .filter(|l| !l.0.is_empty())
            .map(|l| l.0.clone())
            .collect();
        let products =
            orion_catalog::service::find_by_gtins_or_skus(state.db.conn(), store, &codes, &codes)
                .await
                .unwrap_or_default();
        let mut lines = Vec::new();
        for (i, (sku, qty, cost)) in self.lines.iter().enumerate() {
            if sku.is_empty() && qty.is_empty() && cost.is_empty() {
                continue;
            }
            let product = products.iter().find(|p| &p.sku == sku).or_else(|| {
                products
                    .iter()
                    .find(|p| p.gtin.as_deref() == Some(sku.as_str()))
            });
            if product.is_none() {
                errors.push(FieldError::new(
                    format!("lines[{i}].product_id"),
                    "no product with this SKU or GTIN",
                ));
            }
            let quantity = match i18n::quantity_field(
                &format!("lines[{i}].quantity"),
                if qty.is_empty() { "1" } else { qty },
            ) {
                Ok(q) => q,
                Err(e) => {
                    errors.push(e);
                    0
                }
            };
            let unit_cost = match i18n::amount_field(
                &format!("lines[{i}].unit_cost"),
                if cost.is_empty() { "0" } else { cost },
            ) {
                Ok(c) => Money::parse(&c).unwrap_or(Money(0)),
                Err(e) => {
                    errors.push(e);
                    Money(0)
                }
            };
            lines.push((
                i,
                LineIn {
                    product_id: product.map(|p| p.id).unwrap_or(0),
                    quantity,
                    unit_cost,
                },
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DraftIn {
            supplier_id: self.supplier_id.parse().ok(),
            expected_at: Some(self.expected_at.clone()),
            notes: Some(self.notes.clone()),
            lines: Some(lines.into_iter().map(|(_, l)| l).collect()),
        })
    }
}

/// Service errors name lines by their position among the filled rows; the form numbers
/// every row. Map `lines[k]` back to the row it came from.
fn renumber(errors: Vec<FieldError>, form: &OrderForm) -> Vec<FieldError> {
    let rows: Vec<usize> = form
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !(l.0.is_empty() && l.1.is_empty() && l.2.is_empty()))
        .map(|(i, _)| i)
        .collect();
    errors
        .into_iter()
        .map(|mut e| {
            if let Some(rest) = e.field.strip_prefix("lines[")
                && let Some((k, tail)) = rest.split_once(']')
                && let Ok(k) = k.parse::<usize>()
                && let Some(row) = rows.get(k)
            {
                e.field = format!("lines[{row}]{tail}");
            }
            e
        })
        .collect()
}

async fn form_page(
    state: &AppState,
    session: &PageSession,
    s: &orion_web::StoreScope,
    id: Option<i64>,
    form: &OrderForm,
    errors: &[FieldError],
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let sups: Vec<Value> = suppliers::list(state.db.conn(), s.store_id, None, true)
        .await?
        .iter()
        .map(|x| json!({"id": x.id.to_string(), "name": x.name}))
        .collect();
    render(
        state,
        session,
        "purchasing/form.html",
        json!({"page_title": i18n::t(lang, if id.is_some() { "purchasing-edit" } else { "purchasing-new" }), "id": id,
            "form": form.values(), "suppliers": sups, "products": product_choices(state, s.store_id, lang).await?}),
        errors,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    supplier_id: Option<i64>,
}

pub async fn new_form(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let form = OrderForm {
        supplier_id: q.supplier_id.map(|x| x.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, &session, &s, None, &form, &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let f = OrderForm::from_form(&form);
    let draft = match f.draft(&state, s.store_id).await {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, &s, None, &f, &errors).await,
    };
    let tx = state.db.begin_write().await?;
    match drafts::create(
        &tx,
        s.merchant_id,
        s.store_id,
        Some(session.0.user_id),
        draft,
    )
    .await
    {
        Ok(po) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/purchasing/{}", po.id),
                "notice",
                &i18n::t(i18n::current(), "purchasing-created"),
            ))
        }
        Err(e) => {
            drop(tx);
            let errors = renumber(form_errors(e)?, &f);
            form_page(&state, &session, &s, None, &f, &errors).await
        }
    }
}

/// Saves a draft from the detail page's edit form.
pub async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let f = OrderForm::from_form(&form);
    let draft = match f.draft(&state, s.store_id).await {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, &s, Some(id), &f, &errors).await,
    };
    let tx = state.db.begin_write().await?;
    match drafts::update(&tx, s.merchant_id, s.store_id, PurchaseOrderId(id), draft).await {
        Ok(po) => {
            tx.commit().await?;
            Ok(redirect_with(
                &format!("/purchasing/{}", po.id),
                "notice",
                &i18n::t(i18n::current(), "purchasing-saved"),
            ))
        }
        Err(crate::PurchasingError::Invalid(inv)) => {
            drop(tx);
            let errors = renumber(inv.0, &f);
            form_page(&state, &session, &s, Some(id), &f, &errors).await
        }
        Err(e) => back_with_error(&format!("/purchasing/{id}"), e),
    }
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    edit: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    session: PageSession,
    Query(flash): Query<super::Flash>,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let lang = i18n::current();
    let conn = state.db.conn();
    let po = service::find(conn, s.store_id, PurchaseOrderId(id)).await?;
    let d = queries::detail(conn, s.store_id, po).await?;
    let status = service::status_of(&d.po)?;
    if status == Status::Draft && q.edit.is_some() {
        let form = OrderForm {
            supplier_id: d.po.supplier_id.to_string(),
            expected_at: d.po.expected_at.map(|x| x.to_string()).unwrap_or_default(),
            notes: d.po.notes.clone().unwrap_or_default(),
            lines: d
                .lines
                .iter()
                .map(|(l, p)| {
                    (
                        p.as_ref().map(|p| p.sku.clone()).unwrap_or_default(),
                        locale::number(l.quantity, lang),
                        locale::amount_input(l.unit_cost_cents, lang),
                    )
                })
                .collect(),
        };
        return form_page(&state, &session, &s, Some(id), &form, &[]).await;
    }
    let lines: Vec<Value> = d
        .lines
        .iter()
        .map(|(l, p)| {
            let codes: Vec<String> = p.iter().flat_map(|p| std::iter::once(p.sku.clone()).chain(p.gtin.clone())).collect();
            json!({"id": l.id, "position": l.position, "product_id": l.product_id,
                "sku": p.as_ref().map(|p| p.sku.clone()), "title": p.as_ref().map(|p| p.title_or_fallback(lang.as_str()).0.to_owned()),
                "gtin": p.as_ref().and_then(|p| p.gtin.clone()), "codes": codes.join(" "),
                "quantity": l.quantity, "received": l.received, "closed_short": l.closed_short,
                "open": l.quantity - l.received - l.closed_short, "unit_cost": l.unit_cost_cents, "line_total": l.line_total_cents})
        })
        .collect();
    let receipts: Vec<Value> = receive::receipts_of(conn, d.po.id)
        .await?
        .into_iter()
        .map(|(r, ls)| {
            let units: i64 = ls.iter().map(|l| l.quantity).sum();
            json!({"at": r.created_at.to_rfc3339(), "note": r.note, "units": units, "lines": ls.len()})
        })
        .collect();
    let warehouses: Vec<Value> = orion_inventory::service::warehouses(conn, s.store_id)
        .await?
        .iter()
        .filter(|w| w.active)
        .map(|w| json!({"id": w.id, "label": format!("{} — {}", w.code, w.name), "is_default": w.is_default}))
        .collect();
    let title =
        d.po.number
            .clone()
            .unwrap_or_else(|| i18n::t(lang, "purchasing-draft-title"));
    super::render_with(
        &state,
        &session,
        "purchasing/detail.html",
        json!({"page_title": title, "po": {"id": d.po.id, "number": d.po.number, "status": d.po.status,
                "status_label": status_label(lang, &d.po.status), "order_date": d.po.order_date.map(|x| x.to_string()),
                "expected_at": d.po.expected_at.map(|x| x.to_string()), "notes": d.po.notes, "total": d.po.total_cents,
                "is_draft": status == Status::Draft, "is_open": status.is_open(),
                "can_cancel": matches!(status, Status::Draft | Status::Ordered)},
            "supplier": {"id": d.supplier.id, "name": d.supplier.name, "email": d.supplier.email, "phone": d.supplier.phone},
            "lines": lines, "receipts": receipts, "warehouses": warehouses,
            "receipt_key": format!("page-{}-{}", d.po.id, Utc::now().timestamp_nanos_opt().unwrap_or_default())}),
        &[],
        &flash,
    )
    .await
}

pub async fn action(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let back = format!("/purchasing/{id}");
    let lang = i18n::current();
    let tx = state.db.begin_write().await?;
    let pid = PurchaseOrderId(id);
    use lifecycle::Transition;
    let (res, notice) = match field(&form, "do") {
        "order" => (Some(Transition::Order), "purchasing-ordered"),
        "cancel" => (Some(Transition::Cancel), "purchasing-cancelled"),
        "close" => (Some(Transition::Close), "purchasing-closed"),
        "delete" => (None, "purchasing-deleted"),
        _ => {
            return back_with_error(
                &back,
                Invalid::field("do", "must be order, cancel, close or delete"),
            );
        }
    };
    let res = match res {
        Some(t) => lifecycle::apply(&tx, s.merchant_id, s.store_id, pid, t)
            .await
            .map(|_| ()),
        None => drafts::delete(&tx, s.store_id, pid).await,
    };
    match res {
        Ok(()) => {
            tx.commit().await?;
            let to = if notice == "purchasing-deleted" {
                "/purchasing".to_owned()
            } else {
                back
            };
            Ok(redirect_with(&to, "notice", &i18n::t(lang, notice)))
        }
        Err(e) => back_with_error(&back, e),
    }
}

pub async fn receive(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let back = format!("/purchasing/{id}");
    let conn = state.db.conn();
    let po = service::find(conn, s.store_id, PurchaseOrderId(id)).await?;
    let d = queries::detail(conn, s.store_id, po).await?;
    let mut wanted: Vec<(i64, i64)> = Vec::new();
    let mut errors = Vec::new();
    for (l, _) in &d.lines {
        let raw = field(&form, &format!("recv_{}", l.id));
        if raw.is_empty() {
            continue;
        }
        match i18n::quantity_field(&format!("recv_{}", l.id), raw) {
            Ok(0) => {}
            Ok(q) => wanted.push((l.id, q)),
            Err(e) => errors.push(e),
        }
    }
    // Codes typed or scanned without JS: each adds one unit to the line it names.
    for code in field(&form, "scan")
        .split([' ', ',', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match d.lines.iter().find(|(_, p)| {
            p.as_ref()
                .is_some_and(|p| p.sku == code || p.gtin.as_deref() == Some(code))
        }) {
            Some((l, _)) => match wanted.iter_mut().find(|w| w.0 == l.id) {
                Some(w) => w.1 += 1,
                None => wanted.push((l.id, 1)),
            },
            None => errors.push(FieldError::new(
                "scan",
                format!("no line of this order has the code {code}"),
            )),
        }
    }
    if let Some(e) = errors.into_iter().next() {
        return back_with_error(&back, Invalid(vec![e]));
    }
    if wanted.is_empty() {
        return back_with_error(
            &back,
            Invalid::field("lines", "enter a quantity to receive on at least one line"),
        );
    }
    let warehouse_id = field(&form, "warehouse_id").parse::<i64>().ok();
    let bin = Some(field(&form, "bin").to_owned()).filter(|b| !b.is_empty());
    let input = ReceiptIn {
        lines: wanted
            .into_iter()
            .map(|(line_id, quantity)| ReceiptLineIn {
                line_id,
                quantity,
                warehouse_id,
                bin: bin.clone(),
            })
            .collect(),
        note: Some(field(&form, "note").to_owned()).filter(|n| !n.is_empty()),
    };
    let key = Some(field(&form, "receipt_key")).filter(|k| !k.is_empty());
    let tx = state.db.begin_write().await?;
    match receive::receive(
        &tx,
        s.merchant_id,
        s.store_id,
        Some(session.0.user_id),
        PurchaseOrderId(id),
        input,
        key,
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirect_with(
                &back,
                "notice",
                &i18n::t(i18n::current(), "purchasing-received"),
            ))
        }
        Err(e) => back_with_error(&back, e),
    }
}

pub async fn pdf(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let po = service::find(state.db.conn(), s.store_id, PurchaseOrderId(id)).await?;
    let (bytes, stem) = crate::pdf::render(state.db.conn(), &s, po).await?;
    Ok(orion_web::pages::pdf_attachment(bytes, &stem))
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    status: Option<String>,
    q: Option<String>,
    dialect: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let s = scope(&state, &session).await?;
    let dialect = match CsvDialect::parse(q.dialect.as_deref()) {
        Ok(d) => d,
        Err(e) => return back_with_error("/purchasing", e),
    };
    let f = PoFilter {
        status: q.status.filter(|x| !x.is_empty()),
        q: q.q,
        supplier_id: None,
    };
    match service::export::csv(state.db.conn(), s.store_id, &f, dialect).await {
        Ok(body) => Ok(crate::api::csv_file(
            body,
            &format!("purchase-orders-{}", s.code),
        )),
        Err(e) => back_with_error("/purchasing", e),
    }
}
