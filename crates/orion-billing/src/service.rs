//! Tiers and subscriptions: reading the effective plan of a merchant (with lazy trial expiry),
//! changing it with history, editing tiers, and the admin overview.

use chrono::{DateTime, Duration, Utc};
use orion_kernel::{FieldError, Invalid, MerchantId, NotFound};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::{FALLBACK_TIER, Feature, Metric, SubscriptionStatus, TIER_CODES, TRIAL_TIER};
use crate::entity::{subscription, subscription_history, tier, usage_counter};
use crate::error::BillingError;

/// A merchant's subscription with the tier it currently grants.
#[derive(Debug, Clone)]
pub struct Plan {
    pub subscription: subscription::Model,
    pub tier: tier::Model,
}

impl Plan {
    /// The tier whose limits apply: a cancelled subscription keeps only the fallback tier's rights.
    pub fn status(&self) -> SubscriptionStatus {
        SubscriptionStatus::parse(&self.subscription.status).unwrap_or(SubscriptionStatus::Active)
    }
}

pub async fn tiers(conn: &impl ConnectionTrait) -> Result<Vec<tier::Model>, BillingError> {
    tier::Entity::find()
        .order_by_asc(tier::Column::Rank)
        .all(conn)
        .await
        .map_err(Into::into)
}

/// The name of the tier `code` among `tiers` ("Professional" for `professional`), or the code
/// itself when it is not among them.
pub fn tier_name(tiers: &[tier::Model], code: &str) -> String {
    tiers
        .iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_owned(), |t| t.name.clone())
}

pub async fn tier(conn: &impl ConnectionTrait, code: &str) -> Result<tier::Model, BillingError> {
    tier::Entity::find()
        .filter(tier::Column::Code.eq(code))
        .one(conn)
        .await?
        .ok_or_else(|| NotFound("Tier").into())
}

/// Starts the trial of a new merchant (called by tenancy when a merchant is created).
pub async fn start_trial(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    trial_days: i64,
    actor: Option<i64>,
) -> Result<(), BillingError> {
    let now = Utc::now();
    let (tier_code, status, ends) = if trial_days > 0 {
        (
            TRIAL_TIER,
            SubscriptionStatus::Trialing,
            Some(now + Duration::days(trial_days)),
        )
    } else {
        (FALLBACK_TIER, SubscriptionStatus::Active, None)
    };
    subscription::ActiveModel {
        merchant_id: Set(merchant.0),
        tier_code: Set(tier_code.into()),
        status: Set(status.as_str().into()),
        trial_ends_at: Set(ends),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    record(
        conn,
        merchant,
        actor,
        None,
        tier_code,
        None,
        status.as_str(),
        Some("Subscription started"),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    actor: Option<i64>,
    from_tier: Option<&str>,
    to_tier: &str,
    from_status: Option<&str>,
    to_status: &str,
    note: Option<&str>,
) -> Result<(), BillingError> {
    subscription_history::ActiveModel {
        merchant_id: Set(merchant.0),
        changed_by: Set(actor),
        changed_at: Set(Utc::now()),
        from_tier: Set(from_tier.map(Into::into)),
        to_tier: Set(to_tier.into()),
        from_status: Set(from_status.map(Into::into)),
        to_status: Set(to_status.into()),
        note: Set(note.map(|n| n.chars().take(500).collect())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The merchant's plan now. A subscription is created (Essential, active) if the merchant has
/// none; an expired trial falls back to Essential here, so no scheduled job is needed.
pub async fn plan(conn: &impl ConnectionTrait, merchant: MerchantId) -> Result<Plan, BillingError> {
    let now = Utc::now();
    let sub = match subscription::Entity::find()
        .filter(subscription::Column::MerchantId.eq(merchant.0))
        .one(conn)
        .await?
    {
        Some(s) => s,
        None => {
            let created = subscription::ActiveModel {
                merchant_id: Set(merchant.0),
                tier_code: Set(FALLBACK_TIER.into()),
                status: Set(SubscriptionStatus::Active.as_str().into()),
                trial_ends_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await;
            match created {
                Ok(s) => s,
                Err(e) if orion_db::errors::is_foreign_key_violation(&e) => {
                    return Err(NotFound("Merchant").into());
                }
                // Another request created it first.
                Err(e) if orion_db::errors::is_unique_violation(&e) => subscription::Entity::find()
                    .filter(subscription::Column::MerchantId.eq(merchant.0))
                    .one(conn)
                    .await?
                    .ok_or(BillingError::SubscriptionVanished)?,
                Err(e) => return Err(e.into()),
            }
        }
    };
    let sub = if sub.status == "trialing" && sub.trial_ends_at.is_some_and(|t| t <= now) {
        expire_trial(conn, sub, now).await?
    } else {
        sub
    };
    let effective_code = if sub.status == SubscriptionStatus::Cancelled.as_str() {
        FALLBACK_TIER
    } else {
        sub.tier_code.as_str()
    };
    let tier = tier(conn, effective_code).await?;
    Ok(Plan {
        subscription: sub,
        tier,
    })
}

async fn expire_trial(
    conn: &impl ConnectionTrait,
    sub: subscription::Model,
    now: DateTime<Utc>,
) -> Result<subscription::Model, BillingError> {
    // Conditional, so concurrent readers record the fallback once.
    let res = subscription::Entity::update_many()
        .col_expr(subscription::Column::TierCode, Expr::value(FALLBACK_TIER))
        .col_expr(
            subscription::Column::Status,
            Expr::value(SubscriptionStatus::Active.as_str()),
        )
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::Id.eq(sub.id))
        .filter(subscription::Column::Status.eq("trialing"))
        .exec(conn)
        .await?;
    if res.rows_affected == 1 {
        record(
            conn,
            MerchantId(sub.merchant_id),
            None,
            Some(&sub.tier_code),
            FALLBACK_TIER,
            Some("trialing"),
            "active",
            Some("Trial ended without a paid tier"),
        )
        .await?;
        tracing::info!(
            merchant = sub.merchant_id,
            "trial ended; merchant moved to essential"
        );
    }
    subscription::Entity::find_by_id(sub.id)
        .one(conn)
        .await?
        .ok_or(BillingError::SubscriptionVanished)
}

/// Changes a merchant's tier and status (admin); recorded in the history.
pub async fn change(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    actor: i64,
    tier_code: &str,
    status: &str,
    trial_ends_at: Option<DateTime<Utc>>,
) -> Result<Plan, BillingError> {
    let mut errors = Vec::new();
    if !TIER_CODES.contains(&tier_code)
        && tier::Entity::find()
            .filter(tier::Column::Code.eq(tier_code))
            .one(conn)
            .await?
            .is_none()
    {
        errors.push(FieldError::new(
            "tier",
            format!("must be one of {}", TIER_CODES.join(", ")),
        ));
    }
    let status = SubscriptionStatus::parse(status);
    if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "must be one of trialing, active, past_due, cancelled",
        ));
    }
    if status == Some(SubscriptionStatus::Trialing) && trial_ends_at.is_none() {
        errors.push(FieldError::new(
            "trial_ends_at",
            "is required when the status is trialing",
        ));
    }
    if !errors.is_empty() {
        return Err(Invalid(errors).into());
    }
    let status = status.unwrap_or(SubscriptionStatus::Active);
    let before = plan(conn, merchant).await?.subscription;
    let ends = if status == SubscriptionStatus::Trialing {
        trial_ends_at
    } else {
        None
    };
    let mut a: subscription::ActiveModel = before.clone().into();
    a.tier_code = Set(tier_code.to_owned());
    a.status = Set(status.as_str().to_owned());
    a.trial_ends_at = Set(ends);
    a.updated_at = Set(Utc::now());
    a.update(conn).await?;
    record(
        conn,
        merchant,
        Some(actor),
        Some(&before.tier_code),
        tier_code,
        Some(&before.status),
        status.as_str(),
        None,
    )
    .await?;
    plan(conn, merchant).await
}

pub async fn history(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
) -> Result<Vec<subscription_history::Model>, BillingError> {
    subscription_history::Entity::find()
        .filter(subscription_history::Column::MerchantId.eq(merchant.0))
        .order_by_desc(subscription_history::Column::Id)
        .all(conn)
        .await
        .map_err(Into::into)
}

/// A change to a tier: absent fields stay; `Some(None)` makes a limit unlimited.
#[derive(Debug, Default)]
pub struct TierPatch {
    pub name: Option<String>,
    pub monthly_price_cents: Option<Option<i64>>,
    pub limits: Vec<(Metric, Option<i64>)>,
    pub features: Option<Vec<String>>,
    /// The API keys' burst (requests at once).
    pub api_burst: Option<i64>,
    /// The API keys' sustained rate (requests per minute).
    pub api_rate_per_minute: Option<i64>,
}

pub async fn update_tier(
    conn: &impl ConnectionTrait,
    code: &str,
    patch: TierPatch,
) -> Result<tier::Model, BillingError> {
    let t = tier(conn, code).await?;
    let mut errors = Vec::new();
    let mut a: tier::ActiveModel = t.into();
    if let Some(n) = patch.name {
        let n = n.trim().to_owned();
        if n.is_empty() || n.chars().count() > 100 {
            errors.push(FieldError::new("name", "must be 1–100 characters"));
        }
        a.name = Set(n);
    }
    if let Some(p) = patch.monthly_price_cents {
        if p.is_some_and(|p| p < 0) {
            errors.push(FieldError::new("monthly_price", "must not be negative"));
        }
        a.monthly_price_cents = Set(p);
    }
    for (m, v) in patch.limits {
        if v.is_some_and(|v| v < 0) {
            errors.push(FieldError::new(
                format!("limits.{}", m.as_str()),
                "must be 0 or more, or null for unlimited",
            ));
        }
        match m {
            Metric::OrdersPerMonth => a.limit_orders_per_month = Set(v),
            Metric::Products => a.limit_products = Set(v),
            Metric::TeamMembers => a.limit_team_members = Set(v),
            Metric::ApiRequestsPerDay => a.limit_api_requests_per_day = Set(v),
        }
    }
    for (field, v, col) in [
        ("api_rate.burst", patch.api_burst, &mut a.api_burst),
        (
            "api_rate.per_minute",
            patch.api_rate_per_minute,
            &mut a.api_rate_per_minute,
        ),
    ] {
        if let Some(v) = v {
            match i32::try_from(v)
                .ok()
                .filter(|v| (1..=1_000_000).contains(v))
            {
                Some(v) => *col = Set(v),
                None => errors.push(FieldError::new(field, "must be 1–1000000")),
            }
        }
    }
    if let Some(f) = patch.features {
        let mut clean: Vec<String> = Vec::new();
        for x in f {
            if !Feature::ALL.contains(&x.as_str()) {
                errors.push(FieldError::new(
                    "features",
                    format!("unknown feature '{x}'; known: {}", Feature::ALL.join(", ")),
                ));
            } else if !clean.contains(&x) {
                clean.push(x);
            }
        }
        a.features = Set(serde_json::to_string(&clean).unwrap_or_else(|_| "[]".into()));
    }
    if !errors.is_empty() {
        return Err(Invalid(errors).into());
    }
    a.updated_at = Set(Utc::now());
    a.update(conn).await.map_err(Into::into)
}

/// Units of a counter metric used in the current period.
pub async fn counter_used(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    metric: Metric,
) -> Result<i64, BillingError> {
    let row = usage_counter::Entity::find()
        .filter(usage_counter::Column::MerchantId.eq(merchant.0))
        .filter(usage_counter::Column::Metric.eq(metric.as_str()))
        .filter(usage_counter::Column::Period.eq(crate::limits::period_key(metric, Utc::now())))
        .one(conn)
        .await?;
    Ok(row.map(|r| r.used).unwrap_or(0))
}

/// Platform-wide figures for the admin overview.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Overview {
    /// Merchants per effective tier code.
    pub merchants_per_tier: Vec<TierCount>,
    /// Trials that end within the next 7 days.
    pub trials_ending_soon: Vec<TrialEnding>,
    /// Sum of monthly prices of active and past-due subscriptions (trials excluded), in euros.
    #[schema(value_type = String)]
    pub estimated_mrr: orion_kernel::Money,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TierCount {
    pub tier: String,
    pub merchants: u64,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TrialEnding {
    pub merchant_id: i64,
    pub trial_ends_at: DateTime<Utc>,
}

pub async fn overview(conn: &impl ConnectionTrait) -> Result<Overview, BillingError> {
    let tiers = tiers(conn).await?;
    let subs = subscription::Entity::find().all(conn).await?;
    let now = Utc::now();
    let mut mrr = 0i64;
    let mut per_tier: Vec<TierCount> = tiers
        .iter()
        .map(|t| TierCount {
            tier: t.code.clone(),
            merchants: 0,
        })
        .collect();
    let mut ending = Vec::new();
    for s in &subs {
        let code = if s.status == "cancelled" {
            FALLBACK_TIER
        } else {
            s.tier_code.as_str()
        };
        if let Some(c) = per_tier.iter_mut().find(|c| c.tier == code) {
            c.merchants += 1;
        }
        if s.status == "active" || s.status == "past_due" {
            mrr += tiers
                .iter()
                .find(|t| t.code == s.tier_code)
                .and_then(|t| t.monthly_price_cents)
                .unwrap_or(0);
        }
        if s.status == "trialing"
            && let Some(t) = s.trial_ends_at
            && t > now
            && t <= now + Duration::days(7)
        {
            ending.push(TrialEnding {
                merchant_id: s.merchant_id,
                trial_ends_at: t,
            });
        }
    }
    ending.sort_by_key(|e| e.trial_ends_at);
    Ok(Overview {
        merchants_per_tier: per_tier,
        trials_ending_soon: ending,
        estimated_mrr: orion_kernel::Money(mrr),
    })
}
