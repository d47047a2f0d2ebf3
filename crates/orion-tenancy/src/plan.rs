//! What tenancy needs of a merchant's plan, without knowing billing: a new merchant's plan
//! starts (its trial), and a store's team may only grow as far as the plan's seats allow.
//! The billing module — above tenancy, since its tables reference merchants and stores —
//! implements [`MerchantPlan`] and the composition root registers it in [`PLAN`].

use orion_kernel::{BoxFuture, BoxedError, MerchantId, Registry};
use sea_orm::{DatabaseConnection, DatabaseTransaction};

use crate::error::TenancyError;

/// The team page's line about seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seats {
    /// `None`: unlimited.
    pub limit: Option<i64>,
    /// The plan's name, e.g. "Professional".
    pub plan_name: String,
    /// The lowest tier with room for one more seat, when the team is full.
    pub upgrade_to: Option<String>,
}

pub trait MerchantPlan: Send + Sync + 'static {
    /// A merchant was created in `tx`: start its plan (a trial of `trial_days`, 0 = none).
    fn merchant_created<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        trial_days: i64,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;

    /// Refuses unless a team holding `taken` seats may take `adding` more. Called in `tx`
    /// under the team's lock, after counting `taken` in it.
    fn ensure_seats<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        taken: u64,
        adding: u64,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;

    /// The seats a team holding `taken` seats has.
    fn seats<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        taken: u64,
    ) -> BoxFuture<'a, Result<Seats, BoxedError>>;
}

/// The plan of the composed application.
pub static PLAN: Registry<dyn MerchantPlan> = Registry::new();

/// The registered plan; without one, tenancy refuses to create merchants or grow teams
/// rather than let them past limits nobody checks.
pub(crate) fn plan() -> Result<std::sync::Arc<dyn MerchantPlan>, TenancyError> {
    PLAN.first().ok_or(TenancyError::NotComposed)
}
