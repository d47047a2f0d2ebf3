//! The alerts written in the transaction of their cause: a Letzshop sync that failed and
//! stock falling to its reorder point (domain events, [`AlertSink`]); orders waiting for
//! confirmation queued for the next digest, and the plan's monthly orders reaching 80 % of
//! the limit (order events, [`OrderAlerts`]).

use chrono::Utc;
use orion_billing::{Metric, limits};
use orion_db::events::{DomainEvent, EventSink};
use orion_kernel::{BoxFuture, BoxedError, Lang, MerchantId, StoreId, locale};
use orion_orders::domain::Status;
use orion_orders::{Change, OrderEvent, OrderSubscriber};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, Set};
use serde_json::json;

use crate::entity::{digest_mark, limit_mark, queued_order};
use crate::error::AlertError;
use crate::kinds::Kind;
use crate::recipients::{self, StoreInfo};

/// The share of a limit that triggers the plan alert, in percent.
pub const LIMIT_ALERT_PERCENT: i64 = 80;

/// The stock event's type (inventory's `stock.low`).
pub const STOCK_LOW: &str = "stock.low";
/// The marketplace's failed-sync event type.
pub const SYNC_FAILED: &str = "letzshop.sync_failed";

async fn on_domain_event(tx: &DatabaseTransaction, ev: &DomainEvent) -> Result<(), AlertError> {
    let kind = match ev.kind {
        SYNC_FAILED => Kind::LetzshopSyncFailed,
        STOCK_LOW => Kind::LowStock,
        _ => return Ok(()),
    };
    let store = recipients::store_info(tx, ev.store).await?;
    let d = ev.data.clone();
    recipients::send(tx, &store, kind, |lang| match kind {
        Kind::LowStock => json!({
            "sku": d["sku"],
            "available": locale::number(d["available"].as_i64().unwrap_or(0), lang),
            "reorder_point": locale::number(d["reorder_point"].as_i64().unwrap_or(0), lang),
            "link": crate::link(&format!("/products/{}", d["product_id"].as_i64().unwrap_or(0))),
        }),
        _ => json!({
            "job_id": d["job_id"],
            "error": d["error"],
            "link": crate::link("/letzshop"),
        }),
    })
    .await?;
    Ok(())
}

/// Domain events of the other modules that become alerts.
pub struct AlertSink;

impl EventSink for AlertSink {
    fn emit<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        ev: &'a DomainEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move { on_domain_event(tx, ev).await.map_err(BoxedError::new) })
    }
}

/// Makes sure `store` has its digest mark (one row per store).
pub async fn ensure_mark(conn: &impl ConnectionTrait, store: StoreId) -> Result<(), AlertError> {
    digest_mark::Entity::insert(digest_mark::ActiveModel {
        store_id: Set(store.0),
        digest_minutes: Set(crate::digest::DEFAULT_MINUTES),
        last_sent_at: Set(None),
        version: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(digest_mark::Column::StoreId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Queues an order for the store's next digest.
async fn queue(tx: &DatabaseTransaction, e: &OrderEvent) -> Result<(), AlertError> {
    ensure_mark(tx, e.store).await?;
    queued_order::Entity::insert(queued_order::ActiveModel {
        store_id: Set(e.store.0),
        order_id: Set(e.order.0),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(tx)
    .await?;
    Ok(())
}

/// Whether `used` of `limit` reaches the alert's share.
pub fn reaches_threshold(used: i64, limit: i64) -> bool {
    limit > 0 && used * 100 >= limit * LIMIT_ALERT_PERCENT
}

/// The plan alert of a counter metric: once per merchant, metric and period, to the team of
/// the store where usage reached the threshold.
pub async fn check_limit(
    tx: &DatabaseTransaction,
    store: StoreId,
    metric: Metric,
) -> Result<bool, AlertError> {
    let merchant = orion_tenancy::service::admin::store_ref(tx, store)
        .await?
        .merchant;
    let usage = limits::check(tx, merchant, metric).await?;
    let Some(limit) = usage.limit else {
        return Ok(false);
    };
    if !reaches_threshold(usage.used, limit) {
        return Ok(false);
    }
    let period = limits::period_key(metric, Utc::now());
    announce(tx, store, merchant, metric, (usage.used, limit), &period).await
}

/// Marks `metric` of `merchant` announced for `period` and, when this call is the first to
/// (`INSERT … ON CONFLICT DO NOTHING` took), writes the alert to `store`'s team.
pub async fn announce(
    tx: &DatabaseTransaction,
    store: StoreId,
    merchant: MerchantId,
    metric: Metric,
    (used, limit): (i64, i64),
    period: &str,
) -> Result<bool, AlertError> {
    let won = limit_mark::Entity::insert(limit_mark::ActiveModel {
        merchant_id: Set(merchant.0),
        metric: Set(metric.as_str().to_owned()),
        period: Set(period.to_owned()),
        store_id: Set(store.0),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            limit_mark::Column::MerchantId,
            limit_mark::Column::Metric,
            limit_mark::Column::Period,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    if won == 0 {
        return Ok(false);
    }
    let info: StoreInfo = recipients::store_info(tx, store).await?;
    recipients::send(tx, &info, Kind::PlanLimit, |lang: Lang| {
        json!({
            "metric": orion_billing::pages::metric_label(lang, metric),
            "used": locale::number(used, lang),
            "limit": locale::number(limit, lang),
            "percent": used * 100 / limit,
            "period": period,
            "link": crate::link("/billing"),
        })
    })
    .await?;
    Ok(true)
}

async fn on_order_event(tx: &DatabaseTransaction, e: &OrderEvent) -> Result<(), AlertError> {
    match &e.change {
        Change::Created { status } => {
            if *status == Status::Pending {
                queue(tx, e).await?;
            }
            check_limit(tx, e.store, Metric::OrdersPerMonth).await?;
        }
        Change::StatusChanged {
            from: Status::Held,
            to: Status::Pending,
        } => {
            queue(tx, e).await?;
            check_limit(tx, e.store, Metric::OrdersPerMonth).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Order events that feed the digest and the plan alert.
pub struct OrderAlerts;

impl OrderSubscriber for OrderAlerts {
    fn on_event<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        event: &'a OrderEvent,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move { on_order_event(tx, event).await.map_err(BoxedError::new) })
    }
}
