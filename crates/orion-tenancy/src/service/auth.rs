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

/// Failed logins for one e-mail from one source address within [`WINDOW_MINUTES`] before
/// that pair is throttled. An account is never throttled by itself: a source that has not
/// failed may still log in with the right password, so nobody can lock a user out.
pub const MAX_FAILURES_PER_EMAIL: u64 = 5;
/// Failed logins from one source address (any e-mail) within the window before it is throttled.
pub const MAX_FAILURES_PER_IP: u64 = 30;
pub const WINDOW_MINUTES: i64 = 15;

/// Attempts from one source address queue on this lock while they are counted and recorded.
const THROTTLE_LOCK: &str = "tenancy.login";

pub struct LoginRequest<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub store_code: Option<&'a str>,
    pub ip: &'a str,
    pub kind: TokenKind,
    /// For a web session: the CSRF token the login form carried (already checked against
    /// the browser's `orion_csrf` cookie or its current session), kept as the new session's
    /// token so the browser's other open forms stay valid. `None`: a fresh one.
    pub csrf_token: Option<&'a str>,
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
    let email: String = req.email.trim().to_lowercase().chars().take(254).collect();
    let ip: String = req.ip.chars().take(64).collect();
    // The attempt is counted and recorded as a failure before the password is checked, in
    // one transaction: concurrent attempts cannot all pass the count (see `reserve_attempt`).
    let attempt = reserve_attempt(state, &email, &ip).await?;
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
        // The reserved attempt stays: it is the recorded failure.
        return Err(TenancyError::BadCredentials);
    };
    // Success: this source's failures for this account no longer count.
    login_failure::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(login_failure::Column::Id.eq(attempt))
                .add(
                    sea_orm::Condition::all()
                        .add(login_failure::Column::Email.eq(email.as_str()))
                        .add(login_failure::Column::Ip.eq(ip.as_str())),
                ),
        )
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
    let csrf = req.csrf_token.filter(|c| is_csrf_token(c));
    issue(
        state,
        &user,
        store.as_ref().map(|s| s.id),
        req.kind,
        store,
        csrf,
    )
    .await
}

/// Whether `c` has the shape of a token made by [`token::generate`] without prefix.
pub fn is_csrf_token(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn issue(
    state: &AppState,
    user: &user::Model,
    store_id: Option<i64>,
    kind: TokenKind,
    store: Option<store::Model>,
    csrf: Option<&str>,
) -> Result<IssuedToken, TenancyError> {
    let tok = token::generate(if kind == TokenKind::Api {
        "orn_"
    } else {
        "ors_"
    });
    let csrf = (kind == TokenKind::Web).then(|| match csrf {
        Some(c) => c.to_owned(),
        None => token::generate(""),
    });
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
/// accepting an invitation and when switching stores); `csrf` keeps the CSRF token of the
/// session it replaces, so the browser's open forms stay valid.
pub async fn session_for(
    state: &AppState,
    user: &user::Model,
    store: Option<store::Model>,
    csrf: Option<&str>,
) -> Result<IssuedToken, TenancyError> {
    issue(
        state,
        user,
        store.as_ref().map(|s| s.id),
        TokenKind::Web,
        store,
        csrf,
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

/// Counts the failures of this (e-mail, source) pair and of this source within the window
/// and, when both are under their limits, records this attempt as a failure, all in one
/// write transaction under a lock per source address (PostgreSQL advisory lock; SQLite
/// serialises write transactions), so N concurrent attempts on any number of instances let
/// at most the limit through. Returns the id of the recorded attempt, removed on success.
async fn reserve_attempt(state: &AppState, email: &str, ip: &str) -> Result<i64, TenancyError> {
    let tx = state.db.begin_write().await?;
    orion_db::lock_text(&tx, THROTTLE_LOCK, ip).await?;
    let since = now() - Duration::minutes(WINDOW_MINUTES);
    let pair = login_failure::Entity::find()
        .filter(login_failure::Column::Email.eq(email))
        .filter(login_failure::Column::Ip.eq(ip))
        .filter(login_failure::Column::FailedAt.gt(since));
    let source = login_failure::Entity::find()
        .filter(login_failure::Column::Ip.eq(ip))
        .filter(login_failure::Column::FailedAt.gt(since));
    for (q, max) in [
        (pair, MAX_FAILURES_PER_EMAIL),
        (source, MAX_FAILURES_PER_IP),
    ] {
        if q.clone().count(&tx).await? >= max {
            let oldest = q
                .order_by_asc(login_failure::Column::FailedAt)
                .limit(1)
                .one(&tx)
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
    let attempt = login_failure::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        failed_at: Set(now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    // Old failures no longer matter; keep the table small.
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::FailedAt.lt(now() - Duration::hours(24)))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(attempt.id)
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

/// Revokes every live token and session of `user`, except the one with id `keep` (after a
/// password change, the session that made it stays signed in).
pub async fn revoke_user_tokens(
    conn: &impl ConnectionTrait,
    user: i64,
    keep: Option<i64>,
) -> Result<u64, TenancyError> {
    let mut q = auth_token::Entity::update_many()
        .col_expr(
            auth_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(auth_token::Column::UserId.eq(user))
        .filter(auth_token::Column::RevokedAt.is_null());
    if let Some(id) = keep {
        q = q.filter(auth_token::Column::Id.ne(id));
    }
    Ok(q.exec(conn).await?.rows_affected)
}

/// Self-service password change: `current` must be the user's password and `new` must meet
/// the policy (422 naming `current_password` / `new_password`). Every other token and
/// session of the user is revoked; the one that asked (`keep_token`) stays valid.
pub async fn change_password(
    state: &AppState,
    user_id: UserId,
    keep_token: i64,
    current: &str,
    new: &str,
) -> Result<(), TenancyError> {
    let conn = state.db.conn();
    let u = user::Entity::find_by_id(user_id.0)
        .one(conn)
        .await?
        .ok_or(orion_kernel::NotFound("User"))?;
    let ok = match u.password_hash.as_deref() {
        Some(h) => verify_blocking(current, h).await,
        None => false,
    };
    if !ok {
        return Err(Invalid::field("current_password", "is not your current password").into());
    }
    if let Some(msg) = password::policy_violation(new) {
        return Err(Invalid::field("new_password", msg).into());
    }
    let p = new.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash(&p))
        .await
        .map_err(|e| TenancyError::PasswordHash(e.to_string()))?
        .map_err(TenancyError::PasswordHash)?;
    let tx = state.db.begin_write().await?;
    let mut a: user::ActiveModel = u.into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(now());
    a.update(&tx).await?;
    revoke_user_tokens(&tx, user_id.0, Some(keep_token)).await?;
    tx.commit().await?;
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
        let found = if tok.starts_with(orion_web::API_KEY_PREFIX) {
            resolve_key(state, &digest).await?
        } else {
            resolve(state, &digest).await?
        };
        let Some((mut p, expires_at)) = found else {
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

/// The user `id`, if active.
async fn active_user(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<user::Model>, TenancyError> {
    Ok(user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|u| u.active))
}

/// User `user`'s place in store `store`: the store (if active), their membership and role.
async fn scope_in(
    conn: &impl ConnectionTrait,
    store: i64,
    user: i64,
) -> Result<Option<StoreScope>, TenancyError> {
    let Some(s) = store::Entity::find_by_id(store)
        .one(conn)
        .await?
        .filter(|s| s.active)
    else {
        return Ok(None);
    };
    let Some(m) = member_of(conn, s.id, user).await? else {
        return Ok(None);
    };
    let Some(r) = role::Entity::find_by_id(m.role_id).one(conn).await? else {
        return Ok(None);
    };
    Ok(Some(StoreScope {
        store_id: StoreId(s.id),
        code: s.code,
        name: s.name,
        country: s.country,
        merchant_id: MerchantId(s.merchant_id),
        member_id: MemberId(m.id),
        permissions: permissions_of(&r),
        role: r.name,
        timezone: s.timezone,
    }))
}

/// The principal of the store API key whose secret has digest `digest`: its creator, bound to
/// the key's store, with the key's scopes as permissions — only those the creator still
/// holds there (a creator who left the store takes the key's access along).
async fn resolve_key(
    state: &AppState,
    digest: &str,
) -> Result<Option<(Principal, chrono::DateTime<chrono::Utc>)>, TenancyError> {
    let conn = state.db.conn();
    let Some(k) = super::api_keys::live_by_digest(conn, digest).await? else {
        return Ok(None);
    };
    let Some(u) = active_user(conn, k.created_by).await? else {
        return Ok(None);
    };
    let Some(mut scope) = scope_in(conn, k.store_id, u.id).await? else {
        return Ok(None);
    };
    let held = std::mem::take(&mut scope.permissions);
    scope.permissions = k
        .scope_list()
        .into_iter()
        .filter(|p| held.contains(p))
        .collect();
    scope.role = format!("API key {}", k.name);
    let principal = Principal {
        token_id: 0,
        kind: TokenKind::Api,
        user_id: UserId(u.id),
        email: u.email,
        name: u.name,
        language: u.language,
        is_platform_admin: false,
        owned_merchants: Vec::new(),
        store: Some(scope),
        csrf_token: None,
        counters: Default::default(),
        api_key: Some(orion_web::ApiKeyRef {
            id: k.id,
            name: k.name,
        }),
    };
    // A key without expiry is cached like a token that never expires.
    let expires_at = k
        .expires_at
        .unwrap_or_else(|| now() + chrono::Duration::days(365 * 100));
    Ok(Some((principal, expires_at)))
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
    let Some(u) = active_user(conn, t.user_id).await? else {
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
        // Membership removed or store deactivated: the bound token is dead.
        Some(sid) => match scope_in(conn, sid, u.id).await? {
            Some(scope) => Some(scope),
            None => return Ok(None),
        },
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
        api_key: None,
    };
    Ok(Some((principal, expires_at)))
}

/// Creates (or updates the password and admin flag of) a user. Used by the CLI, which then
/// revokes the user's tokens with [`revoke_user_tokens`] (a reset ends every session).
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
