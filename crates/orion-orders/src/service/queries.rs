//! Reading orders: one by id (in the caller's store only), its items, history and
//! exceptions, and the filtered list, by page number or walked with cursors.

use std::collections::HashMap;

use chrono::NaiveDate;
use orion_kernel::{Invalid, Keyset, NotFound, OrderId, Pagination, StoreId};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::domain::Status;
use crate::entity::{order, order_exception, order_history, order_item};
use crate::error::OrderError;

/// An order of the store by id (another store's id is not found).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: OrderId,
) -> Result<order::Model, OrderError> {
    Ok(orion_db::query::find_in_store::<order::Entity>(
        conn,
        order::Column::StoreId,
        store,
        id.0,
        "Order",
    )
    .await?)
}

/// The items of an order, in line order.
pub async fn items(
    conn: &impl ConnectionTrait,
    order: OrderId,
) -> Result<Vec<order_item::Model>, OrderError> {
    Ok(order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order.0))
        .order_by_asc(order_item::Column::Position)
        .all(conn)
        .await?)
}

/// Items of several orders, grouped by order, in line order.
pub async fn items_of_orders(
    conn: &impl ConnectionTrait,
    orders: &[i64],
) -> Result<HashMap<i64, Vec<order_item::Model>>, OrderError> {
    let mut out: HashMap<i64, Vec<order_item::Model>> = HashMap::new();
    if orders.is_empty() {
        return Ok(out);
    }
    let rows = order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(orders.iter().copied()))
        .order_by_asc(order_item::Column::OrderId)
        .order_by_asc(order_item::Column::Position)
        .all(conn)
        .await?;
    for r in rows {
        out.entry(r.order_id).or_default().push(r);
    }
    Ok(out)
}

/// The status changes of an order, oldest first.
pub async fn history_of(
    conn: &impl ConnectionTrait,
    order: OrderId,
) -> Result<Vec<order_history::Model>, OrderError> {
    Ok(order_history::Entity::find()
        .filter(order_history::Column::OrderId.eq(order.0))
        .order_by_asc(order_history::Column::Id)
        .all(conn)
        .await?)
}

/// The exceptions (items that matched no product) of an order, open and resolved.
pub async fn exceptions_of(
    conn: &impl ConnectionTrait,
    order: OrderId,
) -> Result<Vec<order_exception::Model>, OrderError> {
    Ok(order_exception::Entity::find()
        .filter(order_exception::Column::OrderId.eq(order.0))
        .order_by_asc(order_exception::Column::Id)
        .all(conn)
        .await?)
}

/// Filters of the order list.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
pub struct OrderFilter {
    pub status: Option<String>,
    /// `direct` or `letzshop`.
    pub channel: Option<String>,
    /// Ordered on or after this day (YYYY-MM-DD, Europe/Luxembourg).
    pub from: Option<NaiveDate>,
    /// Ordered on or before this day.
    pub to: Option<NaiveDate>,
    pub customer_id: Option<i64>,
    /// Order number, customer e-mail or name.
    pub q: Option<String>,
    /// What needs the seller: `to_confirm` (pending, nothing blocking it), `blocked` (pending,
    /// with items that match no product), `overdue` (not shipped `overdue_days` after it was
    /// ordered), `short` (pending, with a product whose available stock is less than the order
    /// wants), `not_invoiced` (shipped or delivered without an invoice).
    pub attention: Option<String>,
    /// Days after which an unshipped order is overdue (1–365, default 3).
    pub overdue_days: Option<u32>,
    /// `newest` (the default), `oldest`, `total_desc` or `total_asc`.
    pub sort: Option<String>,
}

/// The orders list's sort orders.
pub const SORTS: [&str; 5] = ["newest", "oldest", "total_desc", "total_asc", "status"];
/// The "needs attention" filters.
pub const ATTENTION: [&str; 5] = ["to_confirm", "blocked", "short", "overdue", "not_invoiced"];

fn sort_of(f: &OrderFilter) -> Result<&'static str, Invalid> {
    match f.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok("newest"),
        Some(s) => SORTS.iter().copied().find(|x| *x == s).ok_or_else(|| {
            Invalid::field(
                "sort",
                "must be newest, oldest, total_desc, total_asc or status",
            )
        }),
    }
}

/// A page of the store's orders matching the filter, newest first, and how many match.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    p: &Pagination,
) -> Result<(Vec<order::Model>, u64), OrderError> {
    // One condition for both ("short of stock" asks inventory to build it).
    let cond = condition(conn, store, f).await?;
    let total = count_where(conn, cond.clone()).await?;
    Ok((page_where(conn, store, cond, f, p, total).await?, total))
}

/// One step of a cursor walk of the list (`orion_kernel::cursor`) with the filter: the orders
/// past the cursor, newest first (or oldest first with `sort=oldest`), and the key to continue
/// after when more follow. One range read on the `(store_id, id)` index (or the filter's),
/// never counted; the orders' other sorts cannot be walked (422 naming `sort`).
pub async fn walk(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    k: &Keyset,
) -> Result<(Vec<order::Model>, Option<i64>), OrderError> {
    let Some(direction) = cursor_order(f)? else {
        return Err(Invalid::field("sort", WALK_SORTS).into());
    };
    let q = order::Entity::find().filter(condition(conn, store, f).await?);
    let key = order::Column::Id;
    Ok(orion_db::query::walk(conn, q, key, direction, k, |o| o.id).await?)
}

/// The sentence for a sort that cannot be walked with cursors.
pub const WALK_SORTS: &str = "must be newest or oldest when walking with after or limit";

/// The direction of the ids the filter's sort lists orders in, when it is one a cursor can
/// continue (`newest`, `oldest`); `None` for the sorts by total or status.
pub fn cursor_order(f: &OrderFilter) -> Result<Option<sea_orm::Order>, Invalid> {
    Ok(match sort_of(f)? {
        "newest" => Some(sea_orm::Order::Desc),
        "oldest" => Some(sea_orm::Order::Asc),
        _ => None,
    })
}

/// The store's orders with an id above `after`, oldest first, at most `limit`: keyset paging
/// for passes over a whole store (e.g. the reporting rebuild), each page read on the
/// `(store_id, id)` index whatever its depth.
pub async fn page_after(
    conn: &impl ConnectionTrait,
    store: StoreId,
    after: i64,
    limit: u64,
) -> Result<Vec<order::Model>, OrderError> {
    Ok(order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Id.gt(after))
        .order_by_asc(order::Column::StoreId)
        .order_by_asc(order::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The page of [`list`], given the filter's total (from [`count`], possibly cached): deep
/// pages use it to skip from the nearer end.
pub async fn list_counted(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    p: &Pagination,
    total: u64,
) -> Result<Vec<order::Model>, OrderError> {
    let cond = condition(conn, store, f).await?;
    page_where(conn, store, cond, f, p, total).await
}

/// The page of the orders matching `cond` (the filter's condition), in the filter's order.
async fn page_where(
    conn: &impl ConnectionTrait,
    store: StoreId,
    cond: Condition,
    f: &OrderFilter,
    p: &Pagination,
    total: u64,
) -> Result<Vec<order::Model>, OrderError> {
    let q = order::Entity::find().filter(cond);
    let (offset, per_page) = (p.offset(), p.per_page());
    let sort = sort_of(f)?;
    if sort != "newest" {
        return Ok(sorted(q, sort)
            .offset(offset)
            .limit(per_page)
            .all(conn)
            .await?);
    }
    if offset == 0 {
        return Ok(q
            .order_by_desc(order::Column::Id)
            .limit(per_page)
            .all(conn)
            .await?);
    }
    // Deep pages: skip the offset on the (store_id, …, id) index alone, then read only the
    // page's rows (skipping whole rows costs twice as much on SQLite); past the middle, skip
    // from the oldest end, which the total tells how far it is.
    let ids_query = q.clone().select_only().column(order::Column::Id);
    let ids_query = if offset > total / 2 {
        let asc_offset = total.saturating_sub(offset + per_page);
        ids_query
            .order_by_asc(order::Column::Id)
            .offset(asc_offset)
            .limit(Ord::min(total.saturating_sub(offset), per_page))
    } else {
        ids_query
            .order_by_desc(order::Column::Id)
            .offset(offset)
            .limit(per_page)
    };
    let ids: Vec<i64> = ids_query.into_tuple().all(conn).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Id.is_in(ids))
        .order_by_desc(order::Column::Id)
        .all(conn)
        .await?)
}

/// The ids of the store's orders matching the filter, in the list's order, at most `limit`.
pub async fn ids_matching(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
    limit: u64,
) -> Result<Vec<i64>, OrderError> {
    let q = order::Entity::find()
        .filter(condition(conn, store, f).await?)
        .select_only()
        .column(order::Column::Id);
    Ok(sorted(q, sort_of(f)?)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?)
}

/// `q` in the list's order `sort` (one of [`SORTS`]).
fn sorted<Q: QueryOrder>(q: Q, sort: &str) -> Q {
    match sort {
        "oldest" => q.order_by_asc(order::Column::Id),
        "total_desc" => q
            .order_by_desc(order::Column::TotalCents)
            .order_by_desc(order::Column::Id),
        "total_asc" => q
            .order_by_asc(order::Column::TotalCents)
            .order_by_desc(order::Column::Id),
        // The order's place in its life (held first, refunded last), newest first within.
        "status" => {
            let mut rank = sea_orm::sea_query::CaseStatement::new();
            for (n, st) in STATUS_ORDER.iter().enumerate() {
                rank = rank.case(order::Column::Status.eq(*st), n as i32);
            }
            let rank: sea_orm::sea_query::Expr = rank.finally(STATUS_ORDER.len() as i32).into();
            q.order_by(rank, sea_orm::Order::Asc)
                .order_by_desc(order::Column::Id)
        }
        _ => q.order_by_desc(order::Column::Id),
    }
}

/// The statuses in the order an order lives through them (the `status` sort).
const STATUS_ORDER: [&str; 8] = [
    "held",
    "pending",
    "processing",
    "partially_shipped",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
];

/// How many orders of the store match the filter.
pub async fn count(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
) -> Result<u64, OrderError> {
    count_where(conn, condition(conn, store, f).await?).await
}

async fn count_where(conn: &impl ConnectionTrait, cond: Condition) -> Result<u64, OrderError> {
    Ok(order::Entity::find().filter(cond).count(conn).await?)
}

/// Whether the store has held orders (over the plan's limit, waiting for quota).
pub async fn has_held(conn: &impl ConnectionTrait, store: StoreId) -> Result<bool, OrderError> {
    Ok(order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Status.eq(Status::Held.as_str()))
        .count(conn)
        .await?
        > 0)
}

/// The store's orders matching the filter (its values validated, each bad one named).
/// The list's condition for the filter; "short of stock" asks inventory first.
async fn condition(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &OrderFilter,
) -> Result<Condition, OrderError> {
    let short = if f.attention.as_deref().map(str::trim) == Some("short") {
        Some(super::short_of_stock::short_orders(conn, store).await?)
    } else {
        None
    };
    Ok(list_condition(store, f, short.as_deref())?)
}

fn list_condition(
    store: StoreId,
    f: &OrderFilter,
    short: Option<&[i64]>,
) -> Result<Condition, Invalid> {
    let mut cond = Condition::all().add(order::Column::StoreId.eq(store.0));
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        let s = Status::parse(s).ok_or_else(|| Invalid::field("status", "unknown status"))?;
        cond = cond.add(order::Column::Status.eq(s.as_str()));
    }
    if let Some(c) = f.channel.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(c, "direct" | "letzshop") {
            return Err(Invalid::field("channel", "must be direct or letzshop"));
        }
        cond = cond.add(order::Column::Channel.eq(c));
    }
    if let Some(d) = f.from {
        cond = cond.add(order::Column::OrderedAt.gte(orion_kernel::time::start_of_local_day(d)));
    }
    if let Some(d) = f.to {
        cond = cond.add(
            order::Column::OrderedAt.lt(orion_kernel::time::start_of_local_day(
                d.succ_opt().unwrap_or(d),
            )),
        );
    }
    if let Some(c) = f.customer_id {
        cond = cond.add(order::Column::CustomerId.eq(c));
    }
    sort_of(f)?;
    let blocked = || {
        order::Column::Id.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(order_exception::Column::OrderId)
                .from(order_exception::Entity)
                .and_where(order_exception::Column::StoreId.eq(store.0))
                .and_where(order_exception::Column::Status.eq("open"))
                .to_owned(),
        )
    };
    match f
        .attention
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => {}
        Some("to_confirm") => {
            cond = cond
                .add(order::Column::Status.eq(Status::Pending.as_str()))
                .add(Condition::not(Condition::all().add(blocked())));
        }
        Some("blocked") => {
            cond = cond
                .add(order::Column::Status.eq(Status::Pending.as_str()))
                .add(blocked());
        }
        Some("overdue") => {
            let days = f.overdue_days.unwrap_or(3);
            if !(1..=365).contains(&days) {
                return Err(Invalid::field("overdue_days", "must be between 1 and 365"));
            }
            cond = cond
                .add(order::Column::Status.is_in([
                    Status::Held.as_str(),
                    Status::Pending.as_str(),
                    Status::Processing.as_str(),
                ]))
                .add(
                    order::Column::OrderedAt
                        .lt(chrono::Utc::now() - chrono::Duration::days(i64::from(days))),
                );
        }
        Some("short") => {
            cond = cond.add(order::Column::Id.is_in(short.unwrap_or_default().iter().copied()));
        }
        Some("not_invoiced") => {
            cond = cond
                .add(
                    order::Column::Status
                        .is_in([Status::Shipped.as_str(), Status::Delivered.as_str()]),
                )
                .add(order::Column::Invoiced.eq(false));
        }
        Some(_) => {
            return Err(Invalid::field(
                "attention",
                "must be to_confirm, blocked, short, overdue or not_invoiced",
            ));
        }
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
        let lower = |c: order::Column| {
            Expr::expr(Func::lower(Expr::col((order::Entity, c)))).like(pattern.clone())
        };
        cond = cond.add(
            Condition::any()
                .add(lower(order::Column::OrderNumber))
                .add(lower(order::Column::CustomerEmail))
                .add(lower(order::Column::CustomerFirstName))
                .add(lower(order::Column::CustomerLastName))
                .add(lower(order::Column::ExternalNumber)),
        );
    }
    Ok(cond)
}

/// An order of the store by its number (`ORD-…`, `LS-…`), case-insensitive.
pub async fn find_by_number(
    conn: &impl ConnectionTrait,
    store: StoreId,
    number: &str,
) -> Result<order::Model, OrderError> {
    Ok(order::Entity::find()
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::OrderNumber.eq(number.trim().to_ascii_uppercase()))
        .one(conn)
        .await?
        .ok_or(NotFound("Order"))?)
}

/// The order numbers of `ids` in the store (ids of other stores are left out).
pub async fn order_numbers(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, OrderError> {
    let ids: Vec<i64> = ids.collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(1000) {
        for o in order::Entity::find()
            .filter(order::Column::StoreId.eq(store.0))
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            out.insert(o.id, o.order_number);
        }
    }
    Ok(out)
}
