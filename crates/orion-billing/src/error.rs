//! What billing refuses: a plan limit reached, a feature outside the plan, bad tier edits.

use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound, details};
use serde_json::{Map, Value};

use crate::domain::{Feature, Metric};

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// The merchant's plan allows `limit` of `metric`; `used` are taken. `upgrade_to` is the
    /// lowest tier that lifts the limit, if any.
    #[error(
        "Your {tier} plan allows {limit} {} (used: {used}).{}",
        metric.as_str().replace('_', " "),
        upgrade_hint(upgrade_to.as_deref(), "lift it")
    )]
    LimitExceeded {
        tier: String,
        metric: Metric,
        limit: i64,
        used: i64,
        upgrade_to: Option<String>,
    },
    /// The merchant's plan does not include `feature`.
    #[error(
        "{} is not included in your {tier} plan.{}",
        Feature::label(feature),
        upgrade_hint(upgrade_to.as_deref(), "use it")
    )]
    FeatureNotInTier {
        feature: String,
        tier: String,
        upgrade_to: Option<String>,
    },
    /// A module counting a live metric failed.
    #[error(transparent)]
    Counter(orion_kernel::BoxedError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    /// The subscription row disappeared between two statements (never expected).
    #[error("subscription vanished")]
    SubscriptionVanished,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

fn upgrade_hint(tier: Option<&str>, what: &str) -> String {
    tier.map(|t| format!(" Upgrade to {t} to {what}."))
        .unwrap_or_default()
}

orion_db::lookup_errors!(BillingError);

impl DomainError for BillingError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Self::FeatureNotInTier { .. } => ErrorKind::FeatureNotInTier,
            Self::Counter(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
            Self::SubscriptionVanished | Self::Db(_) => ErrorKind::Internal,
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            Self::LimitExceeded {
                metric,
                limit,
                used,
                upgrade_to,
                ..
            } => details! {
                "metric" => metric.as_str(),
                "limit" => *limit,
                "used" => *used,
                "upgrade_to" => upgrade_to.clone(),
            },
            Self::FeatureNotInTier {
                feature,
                tier,
                upgrade_to,
            } => details! {
                "feature" => feature.clone(),
                "tier" => tier.clone(),
                "upgrade_to" => upgrade_to.clone(),
            },
            _ => Map::new(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Counter(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}
