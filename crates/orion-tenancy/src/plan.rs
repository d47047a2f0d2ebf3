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

/// The rate limit of a merchant's API keys (a token bucket per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiRate {
    /// Requests a key may send at once.
    pub burst: u32,
    /// Requests per minute the bucket refills at.
    pub per_minute: u32,
}

/// Units of the merchant's daily API quota reserved by one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiQuota {
    /// Units reserved (0: the quota is used up).
    pub granted: u32,
    /// `None`: unlimited.
    pub limit: Option<i64>,
    /// Units used in the day, the reserved ones included.
    pub used: i64,
    /// The day the units belong to (to give unused ones back to).
    pub period: String,
    /// Seconds until the quota renews (midnight, Europe/Luxembourg).
    pub resets_in_secs: u64,
}

/// What the API keys of a merchant may do; billing answers from the merchant's tier.
pub trait ApiAllowance: Send + Sync + 'static {
    /// Refuses (feature-not-in-tier) unless the plan includes store API keys.
    fn require_api_keys<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;

    /// The per-key rate limit of the merchant's tier.
    fn rate<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
    ) -> BoxFuture<'a, Result<ApiRate, BoxedError>>;

    /// Reserves up to `want` units of the merchant's daily quota (one conditional write, exact
    /// across instances; fewer — down to one, then none — when fewer are left).
    fn reserve<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        want: u32,
    ) -> BoxFuture<'a, Result<ApiQuota, BoxedError>>;

    /// Gives back `n` reserved units of `period` that were not used.
    fn give_back<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        merchant: MerchantId,
        period: &'a str,
        n: u32,
    ) -> BoxFuture<'a, Result<(), BoxedError>>;
}

/// The API allowance of the composed application.
pub static API_ALLOWANCE: Registry<dyn ApiAllowance> = Registry::new();

/// The registered allowance; without one, API keys are refused rather than unlimited.
pub(crate) fn api_allowance() -> Result<std::sync::Arc<dyn ApiAllowance>, TenancyError> {
    API_ALLOWANCE.first().ok_or(TenancyError::NotComposed)
}

/// The plan of the composed application.
pub static PLAN: Registry<dyn MerchantPlan> = Registry::new();

/// The registered plan; without one, tenancy refuses to create merchants or grow teams
/// rather than let them past limits nobody checks.
pub(crate) fn plan() -> Result<std::sync::Arc<dyn MerchantPlan>, TenancyError> {
    PLAN.first().ok_or(TenancyError::NotComposed)
}
