//! Billing's answers to tenancy: a new merchant's trial, the seats a team may take, and the
//! subscription section of the admin's merchant page. Billing sits above tenancy (its
//! tables reference merchants and stores); tenancy asks through its `MerchantPlan` port.

use orion_kernel::{BoxFuture, BoxedError, MerchantId, StoreId};
use orion_tenancy::plan::{MerchantPlan, Seats};
use orion_web::{ApiError, Panel, PanelProvider};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::json;

use crate::domain::Metric;
use crate::pages::{STATUSES, status_label};
use crate::{limits, service};

/// Billing as tenancy's merchant plan.
pub struct BillingPlan;

impl MerchantPlan for BillingPlan {
    fn merchant_created<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        trial_days: i64,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            service::start_trial(tx, merchant, trial_days, None)
                .await
                .map_err(BoxedError::new)
        })
    }

    fn ensure_seats<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        taken: u64,
        adding: u64,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            limits::ensure_room(tx, merchant, Metric::TeamMembers, taken, adding)
                .await
                .map(|_| ())
                .map_err(BoxedError::new)
        })
    }

    fn seats<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        taken: u64,
    ) -> BoxFuture<'a, Result<Seats, BoxedError>> {
        Box::pin(async move {
            let run = async {
                let plan = service::plan(conn, merchant).await?;
                let limit = plan.tier.limit(Metric::TeamMembers);
                let upgrade_to = match limit {
                    Some(l) if taken as i64 >= l => {
                        limits::lowest_tier_lifting(conn, Metric::TeamMembers, taken as i64 + 1)
                            .await?
                    }
                    _ => None,
                };
                Ok(Seats {
                    limit,
                    plan_name: plan.tier.name,
                    upgrade_to,
                })
            };
            run.await
                .map_err(|e: crate::BillingError| BoxedError::new(e))
        })
    }
}

/// The `team_members` live metric: members plus pending invitations (tenancy counts them).
pub struct TeamSeats;

impl crate::live::LiveCounter for TeamSeats {
    fn metric(&self) -> Metric {
        Metric::TeamMembers
    }

    fn count<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<u64, BoxedError>> {
        Box::pin(async move {
            orion_tenancy::service::team::seats_taken(conn, store)
                .await
                .map_err(BoxedError::new)
        })
    }
}

/// The subscription section of the admin's merchant page: plan, status, trial, the form
/// to change them, and the history.
pub struct SubscriptionPanel;

pub const PANEL_TEMPLATE: &str = "billing/admin_merchant_panel.html";

impl PanelProvider for SubscriptionPanel {
    fn slot(&self) -> &'static str {
        "admin.merchant"
    }

    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        _store: Option<StoreId>,
        merchant: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>> {
        Box::pin(async move {
            let m = MerchantId(merchant);
            let lang = orion_web::i18n::current();
            let plan = service::plan(conn, m).await?;
            let tiers = service::tiers(conn).await?;
            // Tiers by their names, statuses as people read them.
            let tier_name = |code: &str| service::tier_name(&tiers, code);
            let state_of = |tier: Option<&str>, status: Option<&str>| match (tier, status) {
                (Some(t), Some(s)) => orion_web::i18n::tr(
                    lang,
                    "billing-panel-plan-status",
                    &[
                        ("tier", tier_name(t).into()),
                        ("status", status_label(lang, s).into()),
                    ],
                ),
                (Some(t), None) => tier_name(t),
                (None, Some(s)) => status_label(lang, s),
                (None, None) => String::new(),
            };
            let rows = service::history(conn, m).await?;
            let people =
                orion_web::people::names(conn, rows.iter().filter_map(|h| h.changed_by)).await?;
            let history: Vec<_> = rows
                .into_iter()
                .map(|h| {
                    json!({"at": h.changed_at.to_rfc3339(),
                    "from": state_of(h.from_tier.as_deref(), h.from_status.as_deref()),
                    "to": state_of(Some(&h.to_tier), Some(&h.to_status)),
                    "note": h.note, "by": h.changed_by.and_then(|id| people.get(&id).cloned())})
                })
                .collect();
            let statuses: Vec<_> = STATUSES
                .iter()
                .map(|s| json!({"code": s.as_str(), "label": status_label(lang, s.as_str())}))
                .collect();
            Ok(Some(Panel {
                template: PANEL_TEMPLATE,
                data: json!({
                    "merchant_id": merchant,
                    "subscription": {"tier": plan.subscription.tier_code, "tier_name": tier_name(&plan.subscription.tier_code),
                        "status": plan.subscription.status, "status_label": status_label(lang, &plan.subscription.status),
                        "trial_ends": plan.subscription.trial_ends_at.map(|t| t.format("%Y-%m-%d").to_string())},
                    "tiers": tiers.iter().map(|t| json!({"code": t.code, "name": t.name})).collect::<Vec<_>>(),
                    "statuses": statuses,
                    "history": history,
                }),
            }))
        })
    }
}

/// Billing as tenancy's API allowance: the `api_keys` feature, the tier's per-key rate and
/// the exact daily quota (`api_requests_per_day`, a counter metric).
pub struct BillingApiAllowance;

impl orion_tenancy::plan::ApiAllowance for BillingApiAllowance {
    fn require_api_keys<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            limits::require_feature(conn, merchant, crate::Feature::API_KEYS)
                .await
                .map_err(BoxedError::new)
        })
    }

    fn rate<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
    ) -> BoxFuture<'a, Result<orion_tenancy::plan::ApiRate, BoxedError>> {
        Box::pin(async move {
            let plan = service::plan(conn, merchant)
                .await
                .map_err(BoxedError::new)?;
            Ok(orion_tenancy::plan::ApiRate {
                burst: u32::try_from(plan.tier.api_burst).unwrap_or(1).max(1),
                per_minute: u32::try_from(plan.tier.api_rate_per_minute)
                    .unwrap_or(1)
                    .max(1),
            })
        })
    }

    fn reserve<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        want: u32,
    ) -> BoxFuture<'a, Result<orion_tenancy::plan::ApiQuota, BoxedError>> {
        Box::pin(async move {
            let at = chrono::Utc::now();
            let metric = Metric::ApiRequestsPerDay;
            let quota = |granted, limit, used| orion_tenancy::plan::ApiQuota {
                granted,
                limit,
                used,
                period: limits::period_key(metric, at),
                resets_in_secs: seconds_to_local_midnight(at),
            };
            // A block when there is room for it, else one unit, else none.
            let mut tries = vec![want.max(1)];
            if want > 1 {
                tries.push(1);
            }
            let mut refused = None;
            for n in tries {
                match limits::check_and_consume_at(conn, merchant, metric, n.into(), at).await {
                    Ok(u) => return Ok(quota(n, u.limit, u.used)),
                    Err(crate::BillingError::LimitExceeded { limit, used, .. }) => {
                        refused = Some((limit, used));
                    }
                    Err(e) => return Err(BoxedError::new(e)),
                }
            }
            let (limit, used) = refused.unwrap_or_default();
            Ok(quota(0, Some(limit), used))
        })
    }

    fn give_back<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        period: &'a str,
        n: u32,
    ) -> BoxFuture<'a, Result<(), BoxedError>> {
        Box::pin(async move {
            limits::give_back(conn, merchant, Metric::ApiRequestsPerDay, period, n.into())
                .await
                .map_err(BoxedError::new)
        })
    }
}

/// Seconds from `at` to the next midnight in Luxembourg, when daily counters renew.
fn seconds_to_local_midnight(at: chrono::DateTime<chrono::Utc>) -> u64 {
    let today = orion_kernel::time::local_date(at);
    let next = orion_kernel::time::start_of_local_day(today + chrono::Duration::days(1));
    u64::try_from((next - at).num_seconds()).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_renews_at_luxembourg_midnight() {
        let at = "2026-06-30T21:30:00Z".parse().unwrap(); // 23:30 in Luxembourg (CEST)
        assert_eq!(seconds_to_local_midnight(at), 30 * 60);
        let at = "2026-12-31T22:59:59Z".parse().unwrap(); // 23:59:59 CET
        assert_eq!(seconds_to_local_midnight(at), 1);
    }
}
