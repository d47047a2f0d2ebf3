//! Login, access tokens, web sessions, logout and login throttling.

use std::collections::BTreeSet;

use chrono::Duration;
use orion_kernel::{Invalid, MemberId, MerchantId, StoreId, UserId};
use orion_web::auth::TokenKind;
use orion_web::state::BoxFuture;
use orion_web::{AppState, Authenticator, Principal, StoreScope, token};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::now;
use crate::entity::{auth_token, login_failure, member, merchant, role, store, user};
use crate::error::TenancyError;
use crate::password;

/// Failed logins for one e-mail within [`WINDOW_MINUTES`] before it is throttled.
pub const MAX_FAILURES_PER_EMAIL: u64 = 5;
/// Failed logins from one IP address within the window before it is throttled.
pub const MAX_FAILURES_PER_IP: u64 = 30;
pub const WINDOW_MINUTES: i64 = 15;

pub struct LoginRequest<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub store_code: Option<&'a str>,
    pub ip: &'a str,
    pub kind: TokenKind,
}

pub struct IssuedToken {
    pub token: String,
    pub expires_in: i64,
    pub user: user::Model,
    pub store: Option<store::Model>,
    pub csrf_token: Option<String>,
}

/// Checks credentials and issues a token (bound to a store when `store_code` is given).
pub async fn login(state: &AppState, req: LoginRequest<'_>) -> Result<IssuedToken, TenancyError> {
    let conn = state.db.conn();
    let email = req.email.trim().to_lowercase();
    throttle(conn, &email, req.ip).await?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?;
    let verified = match &found {
        Some(u) if u.active && u.password_hash.is_some() => {
            verify_blocking(req.password, u.password_hash.as_deref().unwrap_or_default()).await
        }
        _ => {
            // Same work for unknown users, so response time does not reveal which e-mails exist.
            let _ = verify_blocking(req.password, &DUMMY_HASH).await;
            false
        }
    };
    let Some(user) = found.filter(|_| verified) else {
        record_failure(conn, &email, req.ip).await?;
        return Err(TenancyError::BadCredentials);
    };
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .exec(conn)
        .await?;
    let store = match req.store_code {
        Some(code) if !code.trim().is_empty() => {
            let code = code.trim().to_ascii_uppercase();
            let store = store::Entity::find()
                .filter(store::Column::Code.eq(code.as_str()))
                .filter(store::Column::Active.eq(true))
                .one(conn)
                .await?;
            let member = match &store {
                Some(s) => member_of(conn, s.id, user.id).await?,
                None => None,
            };
            match (store, member) {
                (Some(s), Some(_)) => Some(s),
                _ => {
                    return Err(TenancyError::NotAMember { code });
                }
            }
        }
        _ => None,
    };
    issue(state, &user, store.as_ref().map(|s| s.id), req.kind, store).await
}

async fn issue(
    state: &AppState,
    user: &user::Model,
    store_id: Option<i64>,
    kind: TokenKind,
    store: Option<store::Model>,
) -> Result<IssuedToken, TenancyError> {
    let tok = token::generate(if kind == TokenKind::Api {
        "orn_"
    } else {
        "ors_"
    });
    let csrf = (kind == TokenKind::Web).then(|| token::generate(""));
    let ttl = state.settings.token_ttl;
    auth_token::ActiveModel {
        token_digest: Set(token::digest(&state.settings.secret_key, &tok)),
        user_id: Set(user.id),
        store_id: Set(store_id),
        kind: Set(kind_str(kind).to_owned()),
        csrf_token: Set(csrf.clone()),
        expires_at: Set(now() + ttl),
        revoked_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(state.db.conn())
    .await?;
    Ok(IssuedToken {
        token: tok,
        expires_in: ttl.num_seconds(),
        user: user.clone(),
        store,
        csrf_token: csrf,
    })
}

/// Issues a fresh web session for a user who is already authenticated (used after
/// accepting an invitation and when switching stores).
pub async fn session_for(
    state: &AppState,
    user: &user::Model,
    store: Option<store::Model>,
) -> Result<IssuedToken, TenancyError> {
    issue(
        state,
        user,
        store.as_ref().map(|s| s.id),
        TokenKind::Web,
        store,
    )
    .await
}

fn kind_str(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Api => "api",
        TokenKind::Web => "web",
    }
}

async fn verify_blocking(password: &str, hash: &str) -> bool {
    // argon2 is CPU-bound; keep it off the async workers.
    let (p, h) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || password::verify(&p, &h))
        .await
        .unwrap_or(false)
}

/// A real argon2id hash, verified against for unknown users to equalise timing.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password::hash("orion-timing-equaliser").unwrap_or_default());

async fn throttle(conn: &impl ConnectionTrait, email: &str, ip: &str) -> Result<(), TenancyError> {
    let since = now() - Duration::minutes(WINDOW_MINUTES);
    for (col, value, max) in [
        (login_failure::Column::Email, email, MAX_FAILURES_PER_EMAIL),
        (login_failure::Column::Ip, ip, MAX_FAILURES_PER_IP),
    ] {
        let q = login_failure::Entity::find()
            .filter(col.eq(value))
            .filter(login_failure::Column::FailedAt.gt(since));
        let count = q.clone().count(conn).await?;
        if count >= max {
            let oldest = q
                .order_by_asc(login_failure::Column::FailedAt)
                .limit(1)
                .one(conn)
                .await?;
            let retry = oldest
                .map(|f| {
                    (f.failed_at + Duration::minutes(WINDOW_MINUTES) - now())
                        .num_seconds()
                        .max(1)
                })
                .unwrap_or(60) as u64;
            return Err(TenancyError::Throttled {
                retry_after_secs: retry,
            });
        }
    }
    Ok(())
}

async fn record_failure(
    conn: &impl ConnectionTrait,
    email: &str,
    ip: &str,
) -> Result<(), TenancyError> {
    let email: String = email.chars().take(254).collect();
    login_failure::ActiveModel {
        email: Set(email),
        ip: Set(ip.chars().take(64).collect()),
        failed_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    // Old failures no longer matter; keep the table small.
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::FailedAt.lt(now() - Duration::hours(24)))
        .exec(conn)
        .await?;
    Ok(())
}

/// Revokes the token with this id (logout).
pub async fn revoke(state: &AppState, token_id: i64) -> Result<(), TenancyError> {
    auth_token::Entity::update_many()
        .col_expr(
            auth_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(auth_token::Column::Id.eq(token_id))
        .filter(auth_token::Column::RevokedAt.is_null())
        .exec(state.db.conn())
        .await?;
    Ok(())
}

/// Revokes every token of `user` bound to `store` (after removal from the team).
pub async fn revoke_store_tokens(
    conn: &impl ConnectionTrait,
    user: i64,
    store: i64,
) -> Result<(), TenancyError> {
    auth_token::Entity::update_many()
        .col_expr(
            auth_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(auth_token::Column::UserId.eq(user))
        .filter(auth_token::Column::StoreId.eq(store))
        .filter(auth_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

pub(crate) async fn member_of(
    conn: &impl ConnectionTrait,
    store_id: i64,
    user_id: i64,
) -> Result<Option<member::Model>, TenancyError> {
    member::Entity::find()
        .filter(member::Column::StoreId.eq(store_id))
        .filter(member::Column::UserId.eq(user_id))
        .one(conn)
        .await
        .map_err(Into::into)
}

pub(crate) fn permissions_of(role: &role::Model) -> BTreeSet<String> {
    serde_json::from_str::<Vec<String>>(&role.permissions)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// The change-counter scope bumped by every write that can change what a token resolves to
/// (tokens revoked, users, merchants, stores, memberships, roles; see the migration).
pub const AUTH_SCOPE: &str = "auth";

/// How many resolved tokens an instance keeps.
const CACHE_CAPACITY: usize = 10_000;

/// A resolved token: its principal, its expiry and the `auth` counter it was resolved under.
#[derive(Clone)]
struct Resolved {
    principal: Principal,
    expires_at: chrono::DateTime<chrono::Utc>,
    epoch: i64,
}

/// Resolves tokens against the `auth_tokens` table, caching what a token resolves to under
/// the `auth` change counter: a cached answer is used only while no revocation, membership,
/// role, user or store change was committed since, on any instance, so revocation still takes
/// effect at the next request. A cached request costs one indexed query, which also reads the
/// change counters of the token's store for the handler's own caches.
pub struct TokenAuthenticator {
    /// Token digest → what it resolved to.
    cache: quick_cache::sync::Cache<String, Resolved>,
    /// Concurrent requests share counter reads.
    counters: std::sync::Arc<orion_db::changes::BatchedReader>,
}

impl Default for TokenAuthenticator {
    fn default() -> Self {
        Self {
            cache: quick_cache::sync::Cache::new(CACHE_CAPACITY),
            counters: Default::default(),
        }
    }
}

impl Authenticator for TokenAuthenticator {
    fn resolve<'a>(
        &'a self,
        state: &'a AppState,
        tok: &'a str,
    ) -> BoxFuture<'a, Result<Option<Principal>, orion_web::ApiError>> {
        Box::pin(async move { Ok(self.resolve_cached(state, tok).await?) })
    }
}

impl TokenAuthenticator {
    async fn resolve_cached(
        &self,
        state: &AppState,
        tok: &str,
    ) -> Result<Option<Principal>, TenancyError> {
        use orion_db::changes::{self, GLOBAL};
        if tok.len() > 200 {
            return Ok(None);
        }
        let conn = state.db.conn();
        let digest = token::digest(&state.settings.secret_key, tok);
        // Counters are read before the rows they guard (see orion_db::changes).
        let (epoch, counters) = match self.cache.get(&digest) {
            Some(hit) => {
                let counters = self
                    .counters
                    .read(conn, &counter_keys(&hit.principal))
                    .await?;
                let epoch = counters.get(AUTH_SCOPE, GLOBAL);
                if epoch == hit.epoch {
                    if hit.expires_at <= now() {
                        return Ok(None);
                    }
                    let mut p = hit.principal;
                    p.counters = counters;
                    return Ok(Some(p));
                }
                // A token's store never changes: these counters serve the fresh answer too.
                (epoch, Some(counters))
            }
            None => {
                let epoch = changes::version(conn, AUTH_SCOPE, GLOBAL).await?;
                (epoch, None)
            }
        };
        let Some((mut p, expires_at)) = resolve(state, &digest).await? else {
            return Ok(None);
        };
        p.counters = match counters {
            Some(c) => c,
            None => changes::read(conn, &counter_keys(&p)).await?,
        };
        let resolved = Resolved {
            principal: p.clone(),
            expires_at,
            epoch,
        };
        self.cache.insert(digest, resolved);
        Ok(Some(p))
    }
}

/// The counters a request may check: the global ones and those of the token's store.
fn counter_keys(p: &Principal) -> Vec<i64> {
    let global = orion_db::changes::GLOBAL;
    match &p.store {
        Some(s) => vec![global, s.store_id.0],
        None => vec![global],
    }
}

/// The principal of the token whose digest is `digest`, with the token's expiry.
async fn resolve(
    state: &AppState,
    digest: &str,
) -> Result<Option<(Principal, chrono::DateTime<chrono::Utc>)>, TenancyError> {
    let conn = state.db.conn();
    let Some(t) = auth_token::Entity::find()
        .filter(auth_token::Column::TokenDigest.eq(digest))
        .filter(auth_token::Column::RevokedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now()))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(t.user_id)
        .one(conn)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    let owned_merchants = merchant::Entity::find()
        .filter(merchant::Column::OwnerUserId.eq(u.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| MerchantId(m.id))
        .collect();
    let store = match t.store_id {
        None => None,
        Some(sid) => {
            let s = store::Entity::find_by_id(sid)
                .one(conn)
                .await?
                .filter(|s| s.active);
            let m = member_of(conn, sid, u.id).await?;
            match (s, m) {
                (Some(s), Some(m)) => {
                    let r = role::Entity::find_by_id(m.role_id).one(conn).await?;
                    let Some(r) = r else { return Ok(None) };
                    Some(StoreScope {
                        store_id: StoreId(s.id),
                        code: s.code,
                        name: s.name,
                        country: s.country,
                        merchant_id: MerchantId(s.merchant_id),
                        member_id: MemberId(m.id),
                        permissions: permissions_of(&r),
                        role: r.name,
                        timezone: s.timezone,
                    })
                }
                // Membership removed or store deactivated: the bound token is dead.
                _ => return Ok(None),
            }
        }
    };
    let expires_at = t.expires_at;
    let principal = Principal {
        token_id: t.id,
        kind: if t.kind == "web" {
            TokenKind::Web
        } else {
            TokenKind::Api
        },
        user_id: UserId(u.id),
        email: u.email,
        name: u.name,
        language: u.language,
        is_platform_admin: u.is_platform_admin,
        owned_merchants,
        store,
        csrf_token: t.csrf_token,
        counters: Default::default(),
    };
    Ok(Some((principal, expires_at)))
}

/// Creates (or updates the password and admin flag of) a user. Used by the CLI.
pub async fn upsert_user(
    conn: &impl ConnectionTrait,
    email: &str,
    password: &str,
    platform_admin: bool,
) -> Result<user::Model, TenancyError> {
    let email = crate::validate::email("email", email).map_err(|e| Invalid(vec![e]))?;
    if let Some(msg) = password::policy_violation(password) {
        return Err(Invalid::field("password", msg).into());
    }
    let hash = password::hash(password).map_err(|e| TenancyError::PasswordHash(e.to_string()))?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?;
    let model = match existing {
        Some(u) => {
            let mut a: user::ActiveModel = u.into();
            a.password_hash = Set(Some(hash));
            a.is_platform_admin = Set(platform_admin || *a.is_platform_admin.as_ref());
            a.active = Set(true);
            a.updated_at = Set(now());
            a.update(conn).await?
        }
        None => {
            user::ActiveModel {
                email: Set(email),
                name: Set(None),
                password_hash: Set(Some(hash)),
                is_platform_admin: Set(platform_admin),
                active: Set(true),
                created_at: Set(now()),
                updated_at: Set(now()),
                ..Default::default()
            }
            .insert(conn)
            .await?
        }
    };
    Ok(model)
}
