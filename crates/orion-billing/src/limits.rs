//! The limits API other modules call. Everything here is exact under concurrency:
//! - counters (`orders_per_month`, `api_requests_per_day`) are consumed with one conditional
//!   upsert (`INSERT … ON CONFLICT DO UPDATE … WHERE used + n <= limit RETURNING used`), so N
//!   concurrent requests with K units left succeed exactly K times, on either backend;
//! - live metrics (`products`, `team_members`) are checked by the caller while it holds
//!   [`orion_db::lock_key`] for the store's resource, counting its own rows, then calling
//!   [`ensure_room`] in the same transaction before inserting.
//!
//! Refusals are [`BillingError::LimitExceeded`] / [`BillingError::FeatureNotInTier`], naming
//! the metric or feature, the limit, the usage and the lowest tier that lifts it.

use chrono::{DateTime, Utc};
use orion_kernel::MerchantId;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

use crate::domain::Metric;
use crate::entity::usage_counter;
use crate::error::BillingError;
use crate::service;

/// The usage period a counter metric is counted in (Europe/Luxembourg calendar).
pub fn period_key(metric: Metric, at: DateTime<Utc>) -> String {
    match metric {
        Metric::ApiRequestsPerDay => orion_kernel::time::day_key(at),
        _ => orion_kernel::time::month_key(at),
    }
}

/// Current usage of one metric.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct Usage {
    /// Null when unlimited.
    pub limit: Option<i64>,
    pub used: i64,
    /// Null when unlimited.
    pub remaining: Option<i64>,
}

impl Usage {
    pub fn new(limit: Option<i64>, used: i64) -> Self {
        Usage {
            limit,
            used,
            remaining: limit.map(|l| Ord::max(l - used, 0)),
        }
    }
}

/// The lowest tier (by rank) whose limit for `metric` allows `needed` units, if any.
pub async fn lowest_tier_lifting(
    conn: &impl ConnectionTrait,
    metric: Metric,
    needed: i64,
) -> Result<Option<String>, BillingError> {
    Ok(service::tiers(conn)
        .await?
        .into_iter()
        .find(|t| t.limit(metric).is_none_or(|l| l >= needed))
        .map(|t| t.code))
}

async fn refusal(
    conn: &impl ConnectionTrait,
    tier: &str,
    metric: Metric,
    limit: i64,
    used: i64,
    adding: i64,
) -> BillingError {
    let upgrade_to = lowest_tier_lifting(conn, metric, used + adding)
        .await
        .ok()
        .flatten();
    BillingError::LimitExceeded {
        tier: tier.to_owned(),
        metric,
        limit,
        used,
        upgrade_to,
    }
}

/// Consumes `n` units of a counter metric for the merchant, or refuses without consuming.
/// Call it in the same transaction as the thing it counts, so a rollback returns the units.
pub async fn check_and_consume(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    metric: Metric,
    n: u64,
) -> Result<Usage, BillingError> {
    check_and_consume_at(conn, merchant, metric, n, Utc::now()).await
}

/// [`check_and_consume`] in the period of `at`.
pub async fn check_and_consume_at(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    metric: Metric,
    n: u64,
    at: DateTime<Utc>,
) -> Result<Usage, BillingError> {
    debug_assert!(
        metric.is_counter(),
        "live metrics are checked with ensure_room"
    );
    let plan = service::plan(conn, merchant).await?;
    let limit = plan.tier.limit(metric);
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    let period = period_key(metric, at);
    if let Some(l) = limit
        && n > l
    {
        let used = service::counter_used(conn, merchant, metric).await?;
        return Err(refusal(conn, &plan.tier.code, metric, l, used, n).await);
    }
    let mut on_conflict = OnConflict::columns([
        usage_counter::Column::MerchantId,
        usage_counter::Column::Metric,
        usage_counter::Column::Period,
    ]);
    on_conflict.value(
        usage_counter::Column::Used,
        Expr::col((usage_counter::Entity, usage_counter::Column::Used)).add(Expr::col((
            Alias::new("excluded"),
            usage_counter::Column::Used,
        ))),
    );
    if let Some(l) = limit {
        on_conflict.action_and_where(
            Expr::col((usage_counter::Entity, usage_counter::Column::Used))
                .add(Expr::col((
                    Alias::new("excluded"),
                    usage_counter::Column::Used,
                )))
                .lte(l),
        );
    }
    let stmt = Query::insert()
        .into_table(usage_counter::Entity)
        .columns([
            usage_counter::Column::MerchantId,
            usage_counter::Column::Metric,
            usage_counter::Column::Period,
            usage_counter::Column::Used,
        ])
        .values_panic([
            merchant.0.into(),
            metric.as_str().into(),
            period.into(),
            n.into(),
        ])
        .on_conflict(on_conflict)
        .returning_col(usage_counter::Column::Used)
        .to_owned();
    let row = conn.query_one(&stmt).await?;
    match row {
        Some(r) => {
            let used: i64 = r.try_get_by_index(0)?;
            Ok(Usage::new(limit, used))
        }
        None => {
            let used = service::counter_used(conn, merchant, metric).await?;
            Err(refusal(conn, &plan.tier.code, metric, limit.unwrap_or(0), used, n).await)
        }
    }
}

/// Gives `n` units consumed in `period` back (units reserved ahead and not used).
pub async fn give_back(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    metric: Metric,
    period: &str,
    n: u64,
) -> Result<(), BillingError> {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    let stmt = Query::update()
        .table(usage_counter::Entity)
        .value(
            usage_counter::Column::Used,
            Expr::col(usage_counter::Column::Used).sub(n),
        )
        .and_where(Expr::col(usage_counter::Column::MerchantId).eq(merchant.0))
        .and_where(Expr::col(usage_counter::Column::Metric).eq(metric.as_str()))
        .and_where(Expr::col(usage_counter::Column::Period).eq(period))
        .and_where(Expr::col(usage_counter::Column::Used).gte(n))
        .to_owned();
    conn.execute(&stmt).await?;
    Ok(())
}

/// Usage of a counter metric in the current period.
pub async fn check(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    metric: Metric,
) -> Result<Usage, BillingError> {
    let plan = service::plan(conn, merchant).await?;
    let used = service::counter_used(conn, merchant, metric).await?;
    Ok(Usage::new(plan.tier.limit(metric), used))
}

/// Refuses unless `live + adding` rows fit the merchant's limit for a live metric.
/// The caller must hold [`orion_db::lock_key`] for this store resource in `tx` and have
/// counted `live` inside `tx`, so concurrent creators cannot both see the last free slot.
pub async fn ensure_room(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    metric: Metric,
    live: u64,
    adding: u64,
) -> Result<Usage, BillingError> {
    let plan = service::plan(tx, merchant).await?;
    let (live, adding) = (live as i64, adding as i64);
    match plan.tier.limit(metric) {
        Some(l) if live + adding > l => {
            Err(refusal(tx, &plan.tier.code, metric, l, live, adding).await)
        }
        limit => Ok(Usage::new(limit, live + adding)),
    }
}

/// Refuses with `feature-not-in-tier` unless the merchant's plan includes `feature`.
pub async fn require_feature(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    feature: &str,
) -> Result<(), BillingError> {
    let plan = service::plan(conn, merchant).await?;
    if plan.tier.has_feature(feature) {
        return Ok(());
    }
    let upgrade_to = service::tiers(conn)
        .await?
        .into_iter()
        .find(|t| t.has_feature(feature))
        .map(|t| t.code);
    Err(BillingError::FeatureNotInTier {
        feature: feature.to_owned(),
        tier: plan.tier.code,
        upgrade_to,
    })
}
