//! Reading invoices and credit notes: by id or number (in the caller's store only), the
//! active invoice of an order, the credit notes of an invoice, the filtered list.

use chrono::NaiveDate;
use orion_kernel::{Invalid, InvoiceId, ListPage, Listing, OrderId, Pagination, StoreId};
use orion_vat::Regime;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
};
use serde::Deserialize;

use crate::entity::invoice;
use crate::error::InvoiceError;

pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: InvoiceId,
) -> Result<invoice::Model, InvoiceError> {
    let id = id.0;
    Ok(orion_db::query::find_in_store::<invoice::Entity>(
        conn,
        invoice::Column::StoreId,
        store,
        id,
        "Invoice",
    )
    .await?)
}

pub async fn find_by_number(
    conn: &impl ConnectionTrait,
    store: StoreId,
    number: &str,
) -> Result<Option<invoice::Model>, InvoiceError> {
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::Number.eq(number.trim()))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// The active (not cancelled) invoice of an order.
pub async fn active_for_order(
    conn: &impl ConnectionTrait,
    store: StoreId,
    order: OrderId,
) -> Result<Option<invoice::Model>, InvoiceError> {
    let order_id = order.0;
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::OrderId.eq(order_id))
        .filter(invoice::Column::DocumentType.eq("invoice"))
        .filter(invoice::Column::Status.ne("cancelled"))
        .one(conn)
        .await
        .map_err(Into::into)
}

/// Credit notes already issued against `invoice_id`.
pub async fn credit_notes_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    invoice_id: i64,
) -> Result<Vec<invoice::Model>, InvoiceError> {
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::CorrectsInvoiceId.eq(invoice_id))
        .order_by_asc(invoice::Column::Id)
        .all(conn)
        .await
        .map_err(Into::into)
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct InvoiceFilter {
    /// issued, paid, cancelled.
    pub status: Option<String>,
    /// invoice or credit_note.
    pub document_type: Option<String>,
    /// Issued on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub to: Option<NaiveDate>,
    /// VAT regime, e.g. DOMESTIC, INTRA_COMMUNITY_SUPPLY.
    pub regime: Option<String>,
    pub customer_id: Option<i64>,
    /// Number, buyer name or e-mail.
    pub q: Option<String>,
    pub order_id: Option<i64>,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &InvoiceFilter,
    p: &Pagination,
) -> Result<(Vec<invoice::Model>, u64), InvoiceError> {
    let q = invoice::Entity::find()
        .filter(list_condition(store, f)?)
        .order_by_desc(invoice::Column::Id);
    Ok(orion_db::query::page(conn, q, p).await?)
}

/// The list of the API, newest first: a page by number, or one step of a cursor walk down the
/// ids (`orion_kernel::cursor`), with the same filters.
pub async fn listing(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &InvoiceFilter,
    how: &Listing,
) -> Result<ListPage<invoice::Model>, InvoiceError> {
    let q = invoice::Entity::find().filter(list_condition(store, f)?);
    let key = invoice::Column::Id;
    Ok(orion_db::query::listing(conn, q, key, Order::Desc, how, |i| i.id).await?)
}

/// The list's condition for the filter (its values validated, each bad one named).
fn list_condition(store: StoreId, f: &InvoiceFilter) -> Result<Condition, InvoiceError> {
    let mut cond = Condition::all().add(invoice::Column::StoreId.eq(store.0));
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(s, "issued" | "paid" | "cancelled") {
            return Err(Invalid::field("status", "must be issued, paid or cancelled").into());
        }
        cond = cond.add(invoice::Column::Status.eq(s));
    }
    if let Some(t) = f.document_type.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(t, "invoice" | "credit_note") {
            return Err(Invalid::field("document_type", "must be invoice or credit_note").into());
        }
        cond = cond.add(invoice::Column::DocumentType.eq(t));
    }
    if let Some(d) = f.from {
        cond = cond.add(invoice::Column::IssueDate.gte(d));
    }
    if let Some(d) = f.to {
        cond = cond.add(invoice::Column::IssueDate.lte(d));
    }
    if let Some(r) = f.regime.as_deref().filter(|s| !s.is_empty()) {
        let r = r.to_ascii_uppercase();
        if serde_json::from_value::<Regime>(serde_json::Value::String(r.clone())).is_err() {
            return Err(Invalid::field(
                "regime",
                "must be a VAT regime such as DOMESTIC, DISTANCE_SALE_OSS, INTRA_COMMUNITY_SUPPLY or EXPORT",
            ).into());
        }
        cond = cond.add(invoice::Column::VatRegime.eq(r));
    }
    if let Some(c) = f.customer_id {
        cond = cond.add(invoice::Column::CustomerId.eq(c));
    }
    if let Some(o) = f.order_id {
        cond = cond.add(invoice::Column::OrderId.eq(o));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
        let lower = |c: invoice::Column| {
            Expr::expr(Func::lower(Expr::col((invoice::Entity, c)))).like(pattern.clone())
        };
        cond = cond.add(
            Condition::any()
                .add(lower(invoice::Column::Number))
                .add(lower(invoice::Column::BuyerName))
                .add(lower(invoice::Column::BuyerEmail)),
        );
    }
    Ok(cond)
}

/// Credit notes of `stores` issued from `from` to `to` (inclusive): how many, and the amount
/// credited including VAT (positive), in one query.
pub async fn credit_note_totals(
    conn: &impl ConnectionTrait,
    stores: &[StoreId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(i64, i64), InvoiceError> {
    use invoice::Column as C;
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Alias;
    let abs = Expr::expr(Func::cast_as(
        Func::sum(Func::abs(Expr::col(C::GrossCents))),
        Alias::new("BIGINT"),
    ));
    let count = Expr::expr(Func::cast_as(
        Func::count(Expr::col(C::Id)),
        Alias::new("BIGINT"),
    ));
    let row: Option<(Option<i64>, Option<i64>)> = invoice::Entity::find()
        .select_only()
        .column_as(count, "n")
        .column_as(abs, "total")
        .filter(C::StoreId.is_in(stores.iter().map(|s| s.0)))
        .filter(C::DocumentType.eq("credit_note"))
        .filter(C::IssueDate.gte(from))
        .filter(C::IssueDate.lte(to))
        .into_tuple()
        .one(conn)
        .await?;
    let (n, total) = row.unwrap_or_default();
    Ok((n.unwrap_or(0), total.unwrap_or(0)))
}

/// The store's issued invoices and credit notes (drafts left out) with an issue date from
/// `from` to `to`, in id order (the order they were issued), after id `after`, at most
/// `limit`: keyset pages for exports over a period, each read on the `(store_id, id)` index.
pub async fn issued_between(
    conn: &impl ConnectionTrait,
    store: StoreId,
    from: NaiveDate,
    to: NaiveDate,
    after: i64,
    limit: u64,
) -> Result<Vec<invoice::Model>, InvoiceError> {
    use sea_orm::QuerySelect;
    Ok(invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::Id.gt(after))
        .filter(invoice::Column::IssueDate.gte(from))
        .filter(invoice::Column::IssueDate.lte(to))
        .filter(invoice::Column::Status.ne("draft"))
        .order_by_asc(invoice::Column::StoreId)
        .order_by_asc(invoice::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The issue dates of the store's documents with the given ids (other stores' ids are
/// missing from the answer), 500 ids per query.
pub async fn issue_dates(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, NaiveDate>, InvoiceError> {
    use sea_orm::QuerySelect;
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, NaiveDate)> = invoice::Entity::find()
            .select_only()
            .column(invoice::Column::Id)
            .column(invoice::Column::IssueDate)
            .filter(invoice::Column::StoreId.eq(store.0))
            .filter(invoice::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// How many documents [`issued_between`] pages through.
pub async fn count_issued_between(
    conn: &impl ConnectionTrait,
    store: StoreId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, InvoiceError> {
    use sea_orm::PaginatorTrait;
    Ok(invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::IssueDate.gte(from))
        .filter(invoice::Column::IssueDate.lte(to))
        .filter(invoice::Column::Status.ne("draft"))
        .count(conn)
        .await?)
}
