//! What the webhooks module refuses.

use orion_billing::BillingError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// A store keeps a bounded number of endpoints.
    #[error("A store can have at most {max} webhook endpoints")]
    TooManyEndpoints { max: u64 },
    /// Redelivering to an endpoint that is switched off would never send.
    #[error("The endpoint is disabled; enable it before redelivering")]
    EndpointDisabled,
    /// A stored payload does not parse (never expected: Orion wrote it).
    #[error("webhook payload unreadable: {0}")]
    Payload(String),
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Orders(#[from] orion_orders::OrderError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(WebhookError);

impl DomainError for WebhookError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::TooManyEndpoints { .. } | Self::EndpointDisabled => ErrorKind::Conflict,
            Self::Payload(_) | Self::Db(_) => ErrorKind::Internal,
            Self::Billing(e) => e.kind(),
            Self::Orders(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        match self {
            Self::TooManyEndpoints { max } => orion_kernel::details! {"max" => *max},
            other => other.wrapped().map(|w| w.details()).unwrap_or_default(),
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Billing(e) => Some(e),
            Self::Orders(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for WebhookError {
    fn from(e: serde_json::Error) -> Self {
        WebhookError::Payload(e.to_string())
    }
}
