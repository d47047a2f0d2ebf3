//! Billing API: tiers and subscriptions (admin), usage of the current store.

use orion_web::problem::responses::{ProblemForbidden, ProblemInvalid, ProblemNotFound};
use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use orion_kernel::{MerchantId, Money};
use orion_web::ApiError;

orion_web::problem_from!(crate::BillingError);
use orion_web::{AdminCtx, ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::Metric;
use crate::entity::{subscription_history, tier};
use crate::limits::Usage;
use crate::service::{self, Plan, TierPatch};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tiers))
        .routes(routes!(update_tier))
        .routes(routes!(get_subscription, put_subscription))
        .routes(routes!(overview))
        .routes(routes!(store_billing))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TierOut {
    pub code: String,
    pub name: String,
    /// Monthly price in euros; null = custom.
    pub monthly_price: Option<Money>,
    /// Per metric; null = unlimited.
    pub limits: BTreeMap<&'static str, Option<i64>>,
    pub features: Vec<String>,
    pub rank: i32,
    /// The rate limit of each store API key on this tier.
    pub api_rate: ApiRate,
}

/// A token bucket per API key: `burst` requests at once, refilled at `per_minute`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiRate {
    pub burst: i64,
    pub per_minute: i64,
}

/// A change to the API keys' rate limit; absent fields stay.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiRatePatch {
    pub burst: Option<i64>,
    pub per_minute: Option<i64>,
}

impl From<tier::Model> for TierOut {
    fn from(t: tier::Model) -> Self {
        TierOut {
            limits: Metric::ALL
                .iter()
                .map(|m| (m.as_str(), t.limit(*m)))
                .collect(),
            features: t.feature_list(),
            code: t.code,
            name: t.name,
            monthly_price: t.monthly_price_cents.map(Money),
            rank: t.rank,
            api_rate: ApiRate {
                burst: t.api_burst.into(),
                per_minute: t.api_rate_per_minute.into(),
            },
        }
    }
}

/// Distinguishes an absent field (`None`) from an explicit null (`Some(None)`).
fn double_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub orders_per_month: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub products: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub team_members: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub api_requests_per_day: Option<Option<i64>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TierPatchBody {
    pub name: Option<String>,
    /// Euros as a decimal string; null = custom pricing.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub monthly_price: Option<Option<Money>>,
    /// Only the metrics given change; null makes a limit unlimited.
    #[serde(default)]
    pub limits: LimitsPatch,
    pub features: Option<Vec<String>>,
    /// The rate limit of each store API key.
    #[serde(default)]
    pub api_rate: ApiRatePatch,
}

/// All tiers with their limits and features.
#[utoipa::path(get, path = "/api/v1/admin/tiers", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = Vec<TierOut>), ProblemForbidden))]
pub async fn list_tiers(
    State(state): State<AppState>,
    _: AdminCtx,
) -> Result<Json<Vec<TierOut>>, ApiError> {
    Ok(Json(
        service::tiers(state.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Edit a tier. Takes effect at once for every merchant on it.
#[utoipa::path(patch, path = "/api/v1/admin/tiers/{code}", tag = "billing", security(("bearer" = [])),
    params(("code" = String, Path, description = "essential, professional, business or enterprise")), request_body = TierPatchBody,
    responses((status = 200, body = TierOut), ProblemNotFound,
        ProblemInvalid))]
pub async fn update_tier(
    State(state): State<AppState>,
    _: AdminCtx,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<TierPatchBody>,
) -> Result<Json<TierOut>, ApiError> {
    let l = b.limits;
    let limits = [
        (Metric::OrdersPerMonth, l.orders_per_month),
        (Metric::Products, l.products),
        (Metric::TeamMembers, l.team_members),
        (Metric::ApiRequestsPerDay, l.api_requests_per_day),
    ]
    .into_iter()
    .filter_map(|(m, v)| v.map(|v| (m, v)))
    .collect();
    let patch = TierPatch {
        name: b.name,
        monthly_price_cents: b.monthly_price.map(|p| p.map(|m| m.cents())),
        limits,
        features: b.features,
        api_burst: b.api_rate.burst,
        api_rate_per_minute: b.api_rate.per_minute,
    };
    Ok(Json(
        service::update_tier(state.db.conn(), &code, patch)
            .await?
            .into(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionOut {
    pub merchant_id: MerchantId,
    pub tier: String,
    pub status: String,
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// First day of the current billing period (calendar month, Europe/Luxembourg).
    pub period_start: NaiveDate,
    /// Last day of the current billing period.
    pub period_end: NaiveDate,
    pub updated_at: DateTime<Utc>,
}

impl From<&Plan> for SubscriptionOut {
    fn from(p: &Plan) -> Self {
        let (period_start, period_end) = orion_kernel::time::month_bounds(Utc::now());
        SubscriptionOut {
            merchant_id: MerchantId(p.subscription.merchant_id),
            tier: p.subscription.tier_code.clone(),
            status: p.subscription.status.clone(),
            trial_ends_at: p.subscription.trial_ends_at,
            period_start,
            period_end,
            updated_at: p.subscription.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriptionHistoryOut)]
pub struct HistoryOut {
    pub changed_at: DateTime<Utc>,
    /// User id of the admin; null for automatic changes.
    pub changed_by: Option<i64>,
    pub from_tier: Option<String>,
    pub to_tier: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

impl From<subscription_history::Model> for HistoryOut {
    fn from(h: subscription_history::Model) -> Self {
        HistoryOut {
            changed_at: h.changed_at,
            changed_by: h.changed_by,
            from_tier: h.from_tier,
            to_tier: h.to_tier,
            from_status: h.from_status,
            to_status: h.to_status,
            note: h.note,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionDetail {
    #[serde(flatten)]
    pub subscription: SubscriptionOut,
    pub history: Vec<HistoryOut>,
}

/// A merchant's subscription and its history.
#[utoipa::path(get, path = "/api/v1/admin/merchants/{merchant_id}/subscription", tag = "billing", security(("bearer" = [])),
    params(("merchant_id" = i64, Path)),
    responses((status = 200, body = SubscriptionDetail), ProblemNotFound))]
pub async fn get_subscription(
    State(state): State<AppState>,
    _: AdminCtx,
    Path(id): Path<i64>,
) -> Result<Json<SubscriptionDetail>, ApiError> {
    let conn = state.db.conn();
    let plan = service::plan(conn, MerchantId(id)).await?;
    let history = service::history(conn, MerchantId(id))
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(SubscriptionDetail {
        subscription: (&plan).into(),
        history,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionBody {
    /// `essential`, `professional`, `business` or `enterprise`.
    pub tier: String,
    /// `trialing`, `active`, `past_due` or `cancelled`.
    pub status: String,
    /// Required with `trialing`.
    pub trial_ends_at: Option<DateTime<Utc>>,
}

/// Change a merchant's tier and status (recorded in the history).
#[utoipa::path(put, path = "/api/v1/admin/merchants/{merchant_id}/subscription", tag = "billing", security(("bearer" = [])),
    params(("merchant_id" = i64, Path)), request_body = SubscriptionBody,
    responses((status = 200, body = SubscriptionOut), ProblemNotFound,
        ProblemInvalid))]
pub async fn put_subscription(
    State(state): State<AppState>,
    AdminCtx(admin): AdminCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SubscriptionBody>,
) -> Result<Json<SubscriptionOut>, ApiError> {
    let tx = state.db.begin_write().await?;
    let plan = service::change(
        &tx,
        MerchantId(id),
        admin.user_id.0,
        &b.tier,
        &b.status,
        b.trial_ends_at,
    )
    .await?;
    tx.commit().await?;
    Ok(Json((&plan).into()))
}

/// Merchants per tier, trials ending within 7 days, estimated monthly recurring revenue.
#[utoipa::path(get, path = "/api/v1/admin/billing/overview", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = service::Overview), ProblemForbidden))]
pub async fn overview(
    State(state): State<AppState>,
    _: AdminCtx,
) -> Result<Json<service::Overview>, ApiError> {
    Ok(Json(service::overview(state.db.conn()).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoreBilling {
    pub tier: String,
    pub tier_name: String,
    pub status: String,
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// `orders_per_month`, `products`, `team_members`, `api_requests_per_day`.
    pub metrics: BTreeMap<&'static str, Usage>,
    pub features: Vec<String>,
}

/// Usage of the current store's plan.
pub async fn store_usage(
    state: &AppState,
    merchant: MerchantId,
    store: orion_kernel::StoreId,
) -> Result<(Plan, BTreeMap<&'static str, Usage>), ApiError> {
    let conn = state.db.conn();
    let plan = service::plan(conn, merchant).await?;
    let mut metrics = BTreeMap::new();
    for m in Metric::ALL {
        let used = if m.is_counter() {
            service::counter_used(conn, merchant, m).await?
        } else {
            crate::live::live_count(conn, m, store).await?.unwrap_or(0) as i64
        };
        metrics.insert(m.as_str(), Usage::new(plan.tier.limit(m), used));
    }
    Ok((plan, metrics))
}

/// The plan of the store's merchant and the usage of every limit.
#[utoipa::path(get, path = "/api/v1/store/billing", extensions(("x-permission" = json!("billing.view"))), tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = StoreBilling), ProblemForbidden))]
pub async fn store_billing(
    State(state): State<AppState>,
    ctx: StoreCtx,
) -> Result<Json<StoreBilling>, ApiError> {
    ctx.require("billing.view")?;
    let (plan, metrics) = store_usage(&state, ctx.store.merchant_id, ctx.store_id()).await?;
    let (period_start, period_end) = orion_kernel::time::month_bounds(Utc::now());
    Ok(Json(StoreBilling {
        tier: plan.tier.code.clone(),
        tier_name: plan.tier.name.clone(),
        status: plan.subscription.status.clone(),
        trial_ends_at: plan.subscription.trial_ends_at,
        period_start,
        period_end,
        metrics,
        features: plan.tier.feature_list(),
    }))
}
