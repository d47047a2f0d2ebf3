//! The new-orders digest. Orders that arrive waiting for confirmation (or are released from
//! hold) are queued in the order's transaction ([`crate::sink`]); a round of the worker
//! takes, for each store with queued orders whose last digest is at least
//! `digest_minutes` old (default [`DEFAULT_MINUTES`]), the queued orders still `pending`
//! and e-mails one digest to each recipient. The store's mark is moved with a conditional
//! update on its version inside the transaction that drains the queue and writes the
//! e-mails: when two instances run a round at once, one update wins and the other rolls
//! back, so each order is in one digest only.

use chrono::{DateTime, Duration, Utc};
use orion_db::Db;
use orion_kernel::{DomainError, ErrorKind, Lang, OrderId, StoreId, locale};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use crate::entity::{digest_mark, queued_order};
use crate::error::AlertError;
use crate::kinds::Kind;
use crate::recipients;

/// Minutes between two digests of a store unless it sets another value.
pub const DEFAULT_MINUTES: i32 = 15;
/// Shortest and longest digest interval a store may choose.
pub const MIN_MINUTES: i32 = 5;
pub const MAX_MINUTES: i32 = 1440;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Digests written (one per store that had waiting orders and recipients).
    pub digests: usize,
    /// E-mails written to the outbox.
    pub emails: usize,
}

/// An order as the digest lists it.
struct Line {
    number: String,
    customer: String,
    total_cents: i64,
}

fn customer_of(o: &orion_orders::entity::order::Model) -> String {
    let name = [
        o.customer_first_name.as_deref(),
        o.customer_last_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    if !name.is_empty() {
        name
    } else if let Some(c) = o
        .customer_company
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        c.to_owned()
    } else {
        o.customer_email.clone()
    }
}

/// The digest interval of `store` in minutes.
pub async fn minutes(
    conn: &impl sea_orm::ConnectionTrait,
    store: StoreId,
) -> Result<i32, AlertError> {
    Ok(digest_mark::Entity::find()
        .filter(digest_mark::Column::StoreId.eq(store.0))
        .one(conn)
        .await?
        .map_or(DEFAULT_MINUTES, |m| m.digest_minutes))
}

/// Sets the digest interval of `store` (validated by the caller).
pub async fn set_minutes(
    conn: &impl sea_orm::ConnectionTrait,
    store: StoreId,
    minutes: i32,
) -> Result<(), AlertError> {
    crate::sink::ensure_mark(conn, store).await?;
    digest_mark::Entity::update_many()
        .col_expr(digest_mark::Column::DigestMinutes, Expr::value(minutes))
        .filter(digest_mark::Column::StoreId.eq(store.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// One digest round at `now` over every store with queued orders.
pub async fn run(db: &Db, now: DateTime<Utc>) -> Result<Round, AlertError> {
    let stores: Vec<i64> = queued_order::Entity::find()
        .select_only()
        .column(queued_order::Column::StoreId)
        .distinct()
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut round = Round::default();
    for store in stores {
        let emails = store_digest(db, StoreId(store), now).await?;
        if let Some(n) = emails {
            round.digests += 1;
            round.emails += n;
        }
    }
    Ok(round)
}

/// The digest of one store, if it is due: `Some(e-mails written)`, `None` when not due or
/// another instance took it.
async fn store_digest(
    db: &Db,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<Option<usize>, AlertError> {
    let tx = db.begin_write().await?;
    crate::sink::ensure_mark(&tx, store).await?;
    let Some(mark) = digest_mark::Entity::find()
        .filter(digest_mark::Column::StoreId.eq(store.0))
        .one(&tx)
        .await?
    else {
        return Ok(None);
    };
    if let Some(last) = mark.last_sent_at
        && now - last < Duration::minutes(i64::from(mark.digest_minutes))
    {
        tx.rollback().await?;
        return Ok(None);
    }
    let queued = queued_order::Entity::find()
        .filter(queued_order::Column::StoreId.eq(store.0))
        .order_by_asc(queued_order::Column::Id)
        .all(&tx)
        .await?;
    if queued.is_empty() {
        tx.rollback().await?;
        return Ok(None);
    }
    let mut lines = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for q in &queued {
        if !seen.insert(q.order_id) {
            continue;
        }
        match orion_orders::service::queries::find(&tx, store, OrderId(q.order_id)).await {
            Ok(o) if o.status == "pending" => lines.push(Line {
                number: o.order_number.clone(),
                customer: customer_of(&o),
                total_cents: o.total_cents,
            }),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    // The mark moves only for the instance whose update sees the version it read.
    let sent_at = if lines.is_empty() {
        mark.last_sent_at
    } else {
        Some(now)
    };
    let won = digest_mark::Entity::update_many()
        .col_expr(digest_mark::Column::LastSentAt, Expr::value(sent_at))
        .col_expr(
            digest_mark::Column::Version,
            Expr::col(digest_mark::Column::Version).add(1),
        )
        .filter(digest_mark::Column::StoreId.eq(store.0))
        .filter(digest_mark::Column::Version.eq(mark.version))
        .exec(&tx)
        .await?
        .rows_affected
        == 1;
    if !won {
        tx.rollback().await?;
        return Ok(None);
    }
    queued_order::Entity::delete_many()
        .filter(queued_order::Column::Id.is_in(queued.iter().map(|q| q.id)))
        .exec(&tx)
        .await?;
    if lines.is_empty() {
        tx.commit().await?;
        return Ok(None);
    }
    let info = recipients::store_info(&tx, store).await?;
    let n = recipients::send(&tx, &info, Kind::NewOrders, |lang: Lang| {
        let orders: Vec<_> = lines
            .iter()
            .map(|l| {
                json!({"number": l.number, "customer": l.customer,
                    "total": locale::money(l.total_cents, lang)})
            })
            .collect();
        json!({"count": lines.len(), "orders": orders, "link": crate::link("/orders")})
    })
    .await?;
    tx.commit().await?;
    Ok(Some(n))
}
