//! Request and response bodies of the tenancy API.

use chrono::{DateTime, Utc};
use orion_kernel::{InvitationId, MemberId, MerchantId, RoleId, StoreId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entity::{merchant, role, store};
use crate::service::auth::permissions_of;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
    /// Bind the token to this store (you must be a member).
    pub store_code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub user: UserOut,
    /// The store the token is bound to, if any.
    pub store: Option<StoreOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    pub id: UserId,
    pub email: String,
    pub name: Option<String>,
    pub is_platform_admin: bool,
    /// The back office's language the user chose (en, fr, de); null: the browser's.
    pub language: Option<String>,
}

/// `PATCH /api/v1/auth/me`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    /// en, fr or de; null to follow the browser again.
    pub language: Option<String>,
}

/// `POST /api/v1/auth/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordBody {
    pub current_password: String,
    /// At least 10 characters.
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub user: UserOut,
    pub store: Option<StoreOut>,
    pub role: Option<String>,
    pub permissions: Vec<String>,
    pub owned_merchants: Vec<MerchantId>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoreOut {
    pub id: StoreId,
    pub merchant_id: MerchantId,
    pub code: String,
    pub name: String,
    pub country: String,
    pub default_language: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// IANA time zone the back office shows times in.
    pub timezone: String,
}

impl From<store::Model> for StoreOut {
    fn from(s: store::Model) -> Self {
        StoreOut {
            id: StoreId(s.id),
            merchant_id: MerchantId(s.merchant_id),
            code: s.code,
            name: s.name,
            country: s.country,
            default_language: s.default_language,
            active: s.active,
            created_at: s.created_at,
            timezone: s.timezone,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMerchantBody {
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. `LU`.
    pub legal_country: String,
    pub owner_email: String,
    /// Required when the owner is a new user (at least 10 characters).
    pub owner_password: Option<String>,
    pub contact_phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MerchantOut {
    pub id: MerchantId,
    pub name: String,
    pub legal_country: String,
    pub owner_user_id: UserId,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<merchant::Model> for MerchantOut {
    fn from(m: merchant::Model) -> Self {
        MerchantOut {
            id: MerchantId(m.id),
            name: m.name,
            legal_country: m.legal_country,
            owner_user_id: UserId(m.owner_user_id),
            contact_email: m.contact_email,
            contact_phone: m.contact_phone,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MerchantPage {
    pub items: Vec<MerchantOut>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStoreBody {
    /// Unique code like `ACME-LU` (letters, digits, dashes).
    pub code: String,
    pub name: String,
    pub country: String,
    /// `en`, `fr` or `de`.
    pub default_language: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberOut {
    pub id: MemberId,
    pub user_id: UserId,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
    pub role_id: RoleId,
    pub joined_at: DateTime<Utc>,
}

impl From<crate::service::team::TeamMember> for MemberOut {
    fn from(t: crate::service::team::TeamMember) -> Self {
        MemberOut {
            id: MemberId(t.member.id),
            user_id: UserId(t.user.id),
            email: t.user.email,
            name: t.user.name,
            role: t.role.name,
            role_id: RoleId(t.role.id),
            joined_at: t.member.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TeamResponse {
    pub items: Vec<MemberOut>,
    pub total: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberBody {
    /// Name of a role of this store.
    pub role: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    pub email: String,
    /// Name of a role of this store, e.g. `staff`.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: InvitationId,
    pub email: String,
    pub role: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Link to send to the invitee (only in the response that creates the invitation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_url: Option<String>,
    /// The single-use token (only in the response that creates the invitation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPeek {
    pub email: String,
    pub role: String,
    pub store_code: String,
    pub store_name: String,
    pub expires_at: DateTime<Utc>,
    /// True when the e-mail already has an account (no password needed to accept).
    pub user_exists: bool,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    /// Required for a new user (at least 10 characters); ignored for an existing one.
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptResponse {
    pub user: UserOut,
    pub store: StoreOut,
    pub member_id: MemberId,
    pub created_user: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleOut {
    pub id: RoleId,
    pub name: String,
    pub permissions: Vec<String>,
    /// Built-in roles cannot be changed or deleted.
    pub is_system: bool,
}

impl From<role::Model> for RoleOut {
    fn from(r: role::Model) -> Self {
        let permissions = permissions_of(&r).into_iter().collect();
        RoleOut {
            id: RoleId(r.id),
            name: r.name,
            permissions,
            is_system: r.is_system,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoleBody {
    pub name: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRoleBody {
    pub name: Option<String>,
    pub permissions: Option<Vec<String>>,
}
