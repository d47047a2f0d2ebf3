//! Billing's answers to tenancy: a new merchant's trial, the seats a team may take, and the
//! subscription section of the admin's merchant page. Billing sits above tenancy (its
//! tables reference merchants and stores); tenancy asks through its `MerchantPlan` port.

use orion_kernel::{BoxFuture, BoxedError, MerchantId, StoreId};
use orion_tenancy::plan::{MerchantPlan, Seats};
use orion_web::{ApiError, Panel, PanelProvider};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde_json::json;

use crate::domain::Metric;
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
            let plan = service::plan(conn, m).await?;
            let history: Vec<_> = service::history(conn, m)
                .await?
                .into_iter()
                .map(|h| json!({"at": h.changed_at.format("%Y-%m-%d %H:%M").to_string(), "from": format!("{} {}", h.from_tier.unwrap_or_default(), h.from_status.unwrap_or_default()).trim().to_owned(), "to": format!("{} {}", h.to_tier, h.to_status), "note": h.note, "by": h.changed_by}))
                .collect();
            let tiers: Vec<String> = service::tiers(conn)
                .await?
                .into_iter()
                .map(|t| t.code)
                .collect();
            Ok(Some(Panel {
                template: PANEL_TEMPLATE,
                data: json!({
                    "merchant_id": merchant,
                    "subscription": {"tier": plan.subscription.tier_code, "status": plan.subscription.status,
                        "trial_ends": plan.subscription.trial_ends_at.map(|t| t.format("%Y-%m-%d").to_string())},
                    "tier_codes": tiers,
                    "history": history,
                }),
            }))
        })
    }
}
