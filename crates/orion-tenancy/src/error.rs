//! What tenancy refuses: bad credentials, throttled logins, team and role rules.

use orion_kernel::BoxedError;
use orion_kernel::{DomainError, ErrorKind, Invalid, NotFound};

#[derive(Debug, thiserror::Error)]
pub enum TenancyError {
    #[error("Invalid e-mail or password")]
    BadCredentials,
    /// Too many failed logins for this e-mail or address.
    #[error("Too many failed logins; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: u64 },
    #[error("You are not a member of a store with code {code}")]
    NotAMember { code: String },
    #[error("Only an owner can grant or change the owner role")]
    OwnerRoleReserved,
    #[error("You cannot change your own role; ask another member who manages the team")]
    OwnRoleChanged,
    #[error("You cannot grant the permission {permission}, which you do not hold yourself")]
    PermissionNotHeld { permission: String },
    #[error("The last owner of a store cannot be demoted; make someone else owner first")]
    LastOwnerDemoted,
    #[error("The last owner of a store cannot be removed")]
    LastOwnerRemoved,
    #[error("'{name}' is a built-in role and cannot be changed; create a custom role instead")]
    BuiltInRoleChanged { name: String },
    #[error("'{name}' is a built-in role and cannot be deleted")]
    BuiltInRoleDeleted { name: String },
    #[error("The role is held by {members} member(s); give them another role first")]
    RoleInUse { members: u64 },
    #[error("A role with this name already exists in this store")]
    DuplicateRole,
    #[error("A store with this code already exists")]
    DuplicateStore,
    #[error("{email} is already a member of this store")]
    AlreadyMember { email: String },
    #[error("You are already a member of this store")]
    AlreadyYourStore,
    #[error("This invitation has already been accepted")]
    InvitationUsed,
    #[error("A store may hold at most {max} active API keys; revoke one first")]
    TooManyApiKeys { max: u64 },
    /// An API key sent requests faster than its tier's rate.
    #[error(
        "This API key sent more than {burst} requests at once; it may send {per_minute} per minute. Retry in {retry_after_secs} seconds"
    )]
    KeyRateLimited {
        burst: u32,
        per_minute: u32,
        retry_after_secs: u64,
    },
    /// The merchant's daily API quota is used up.
    #[error(
        "The plan's daily quota of {limit} API requests is used up; it renews at midnight (Europe/Luxembourg)"
    )]
    DailyQuotaUsed { limit: i64, retry_after_secs: u64 },
    /// Hashing a password failed (never expected).
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    /// The merchant's plan refused (a seat limit) or failed.
    #[error(transparent)]
    Plan(BoxedError),
    /// The composition root registered no plan (see [`crate::plan`]).
    #[error("no merchant plan is installed")]
    NotComposed,
    /// Queuing an e-mail failed (password reset, invitation).
    #[error(transparent)]
    Messaging(#[from] orion_messaging::MessagingError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

orion_db::lookup_errors!(TenancyError);

impl DomainError for TenancyError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::BadCredentials => ErrorKind::Unauthenticated,
            Self::Throttled { .. } => ErrorKind::TooManyRequests,
            Self::NotAMember { .. }
            | Self::OwnerRoleReserved
            | Self::OwnRoleChanged
            | Self::PermissionNotHeld { .. } => ErrorKind::Forbidden,
            Self::LastOwnerDemoted
            | Self::LastOwnerRemoved
            | Self::BuiltInRoleChanged { .. }
            | Self::BuiltInRoleDeleted { .. }
            | Self::RoleInUse { .. }
            | Self::DuplicateRole
            | Self::DuplicateStore
            | Self::AlreadyMember { .. }
            | Self::AlreadyYourStore
            | Self::InvitationUsed
            | Self::TooManyApiKeys { .. } => ErrorKind::Conflict,
            Self::KeyRateLimited { .. } | Self::DailyQuotaUsed { .. } => ErrorKind::RateLimited,
            Self::PasswordHash(_) | Self::NotComposed | Self::Db(_) => ErrorKind::Internal,
            Self::Plan(e) => e.kind(),
            Self::Messaging(e) => e.kind(),
            Self::Invalid(e) => e.kind(),
            Self::NotFound(e) => e.kind(),
        }
    }

    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after_secs }
            | Self::KeyRateLimited {
                retry_after_secs, ..
            }
            | Self::DailyQuotaUsed {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        }
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        match self {
            Self::Plan(e) => Some(e),
            Self::Messaging(e) => Some(e),
            Self::Invalid(e) => Some(e),
            Self::NotFound(e) => Some(e),
            _ => None,
        }
    }
}

impl TenancyError {
    /// Maps an insert's unique violation to `duplicate`, any other failure to `Db`.
    pub(crate) fn unique(e: sea_orm::DbErr, duplicate: TenancyError) -> TenancyError {
        if orion_db::errors::is_unique_violation(&e) {
            duplicate
        } else {
            TenancyError::Db(e)
        }
    }
}
