//! Limits on requests authenticated with a store API key, applied before the handler runs:
//! - a **token bucket per key** on this instance (`burst` requests at once, refilled at the
//!   tier's `per_minute`), so one runaway script cannot flood the server;
//! - the merchant's **daily quota** (`api_requests_per_day`), counted in the database across
//!   instances with conditional writes that never let the day's count pass the limit. Far from
//!   the limit an instance reserves a block of units at once (at most 1 % of what is left, at
//!   most 64) and hands them out from memory, giving back within two seconds what it did not
//!   use; within 100 units of the limit every request reserves its own unit, so the last
//!   units go exactly to the first requests that ask, whatever instance they reach.
//!
//! Every API-key response carries the IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers):
//! `RateLimit-Policy: "burst";q=100;w=20, "daily";q=20000;w=86400` and
//! `RateLimit: "burst";r=99;t=1, "daily";r=19876;t=41234` (`r` what is left, `t` seconds until
//! it is whole again). Over a limit: 429 `/problems/rate-limited` with `Retry-After`.
//! Sessions and password-login tokens are neither counted nor limited.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use orion_kernel::MerchantId;
use orion_web::{ApiError, AppState, Principal};

use crate::error::TenancyError;
use crate::plan::{ApiRate, api_allowance};

/// How long an instance reuses a merchant's tier rate before reading it again.
const RATE_TTL: Duration = Duration::from_secs(30);
/// How long an instance keeps quota units it reserved before giving the unused ones back.
const LEASE_TTL: Duration = Duration::from_secs(2);
/// The most quota units an instance reserves at once.
const MAX_BLOCK: u32 = 64;
/// How often the time a key was last used is written (per key and instance).
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The per-instance state of the limits: each key's bucket, each merchant's tier rate and
/// reserved quota units.
#[derive(Default)]
pub struct ApiLimits {
    buckets: Mutex<HashMap<i64, Bucket>>,
    rates: Mutex<HashMap<MerchantId, (ApiRate, Instant)>>,
    leases: Mutex<HashMap<MerchantId, Lease>>,
    touched: Mutex<HashMap<i64, Instant>>,
    sweeper: std::sync::OnceLock<()>,
}

/// Quota units an instance reserved for a merchant and has not handed out yet.
#[derive(Debug, Clone)]
struct Lease {
    held: u32,
    limit: Option<i64>,
    /// The day's count in the database at the last reservation (`held` included).
    used: i64,
    period: String,
    resets_in_secs: u64,
    at: Instant,
}

impl Lease {
    fn remaining(&self) -> Option<i64> {
        self.limit
            .map(|l| (l - self.used + i64::from(self.held)).max(0))
    }

    /// The block to reserve next: 1 % of what is left (1 within 100 units of the limit).
    fn next_block(&self) -> u32 {
        match self.remaining() {
            None => MAX_BLOCK,
            Some(r) => u32::try_from(r / 100)
                .unwrap_or(MAX_BLOCK)
                .clamp(1, MAX_BLOCK),
        }
    }
}

/// The daily quota as one request sees it.
#[derive(Debug, Clone)]
struct Quota {
    granted: bool,
    limit: Option<i64>,
    remaining: Option<i64>,
    resets_in_secs: u64,
}

/// A token bucket: `tokens` left at `at`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The bucket after one request asked for a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Take {
    pub granted: bool,
    /// Whole tokens left.
    pub remaining: u32,
    /// Seconds until the next token (refused) or until the bucket is full (granted).
    pub reset_secs: u64,
}

impl ApiLimits {
    /// Takes a token from key `key`'s bucket at `now`.
    pub fn take(&self, key: i64, rate: ApiRate, now: Instant) -> Take {
        let per_sec = f64::from(rate.per_minute) / 60.0;
        let burst = f64::from(rate.burst);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let b = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_sec).min(burst);
        b.at = now;
        let granted = b.tokens >= 1.0;
        if granted {
            b.tokens -= 1.0;
        }
        let reset = if granted {
            (burst - b.tokens) / per_sec
        } else {
            (1.0 - b.tokens) / per_sec
        };
        Take {
            granted,
            remaining: b.tokens.floor() as u32,
            reset_secs: reset.ceil().max(if granted { 0.0 } else { 1.0 }) as u64,
        }
    }

    async fn rate(&self, state: &AppState, merchant: MerchantId) -> Result<ApiRate, ApiError> {
        let now = Instant::now();
        if let Some((r, at)) = self
            .rates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&merchant)
            && now.duration_since(*at) < RATE_TTL
        {
            return Ok(*r);
        }
        let r = api_allowance()?
            .rate(state.db.conn(), merchant)
            .await
            .map_err(TenancyError::Plan)?;
        self.rates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(merchant, (r, now));
        Ok(r)
    }

    /// One unit of the merchant's daily quota: from the units this instance holds, else
    /// reserved in the database.
    async fn quota(
        self: &std::sync::Arc<Self>,
        state: &AppState,
        merchant: MerchantId,
    ) -> Result<Quota, ApiError> {
        let now = Instant::now();
        let (want, stale) = {
            let mut leases = self.leases.lock().unwrap_or_else(|e| e.into_inner());
            match leases.get_mut(&merchant) {
                Some(l) if l.held > 0 && now.duration_since(l.at) < LEASE_TTL => {
                    l.held -= 1;
                    return Ok(Quota {
                        granted: true,
                        limit: l.limit,
                        remaining: l.remaining(),
                        resets_in_secs: l.resets_in_secs,
                    });
                }
                Some(l) => {
                    let want = l.next_block();
                    let stale = (l.held > 0).then(|| (l.period.clone(), l.held));
                    l.held = 0;
                    (want, stale)
                }
                None => (1, None),
            }
        };
        self.ensure_sweeper(state);
        let allowance = api_allowance()?;
        let conn = state.db.conn();
        if let Some((period, n)) = stale {
            allowance
                .give_back(conn, merchant, &period, n)
                .await
                .map_err(TenancyError::Plan)?;
        }
        let q = allowance
            .reserve(conn, merchant, want)
            .await
            .map_err(TenancyError::Plan)?;
        let mut leases = self.leases.lock().unwrap_or_else(|e| e.into_inner());
        let l = leases.entry(merchant).or_insert_with(|| Lease {
            held: 0,
            limit: q.limit,
            used: q.used,
            period: q.period.clone(),
            resets_in_secs: q.resets_in_secs,
            at: now,
        });
        if l.period != q.period {
            // A new day: what was held and counted belonged to the old one.
            l.held = 0;
            l.used = q.used;
        }
        l.held += q.granted.saturating_sub(1);
        l.limit = q.limit;
        // Concurrent reservations may answer out of order: keep the highest count seen.
        l.used = l.used.max(q.used);
        l.period = q.period;
        l.resets_in_secs = q.resets_in_secs;
        l.at = now;
        Ok(Quota {
            granted: q.granted > 0,
            limit: l.limit,
            remaining: l.remaining(),
            resets_in_secs: l.resets_in_secs,
        })
    }

    /// Starts (once) the task that gives back units held longer than [`LEASE_TTL`].
    fn ensure_sweeper(self: &std::sync::Arc<Self>, state: &AppState) {
        self.sweeper.get_or_init(|| {
            let weak = std::sync::Arc::downgrade(self);
            let db = state.db.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(LEASE_TTL).await;
                    let Some(limits) = weak.upgrade() else { break };
                    let now = Instant::now();
                    let expired: Vec<(MerchantId, String, u32)> = {
                        let mut leases = limits.leases.lock().unwrap_or_else(|e| e.into_inner());
                        leases
                            .iter_mut()
                            .filter(|(_, l)| l.held > 0 && now.duration_since(l.at) >= LEASE_TTL)
                            .map(|(m, l)| (*m, l.period.clone(), std::mem::take(&mut l.held)))
                            .collect()
                    };
                    drop(limits);
                    let Ok(allowance) = api_allowance() else {
                        continue;
                    };
                    for (m, period, n) in expired {
                        if let Err(e) = allowance.give_back(db.conn(), m, &period, n).await {
                            tracing::warn!(error = %e, "could not give back unused API quota");
                        }
                    }
                }
            });
        });
    }

    /// Whether the time key `key` was last used should be written now.
    fn should_touch(&self, key: i64, now: Instant) -> bool {
        let mut t = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        match t.get(&key) {
            Some(at) if now.duration_since(*at) < TOUCH_EVERY => false,
            _ => {
                t.insert(key, now);
                true
            }
        }
    }
}

/// The middleware: requests with an API key pass the burst, then the daily quota.
pub async fn middleware(
    State((state, limits)): State<(AppState, std::sync::Arc<ApiLimits>)>,
    req: Request,
    next: Next,
) -> Response {
    let is_key = orion_web::auth::bearer_token_of(req.headers())
        .is_some_and(|t| t.starts_with(orion_web::API_KEY_PREFIX));
    if !is_key {
        return next.run(req).await;
    }
    match limit(&state, &limits, req, next).await {
        Ok(res) | Err(res) => res,
    }
}

async fn limit(
    state: &AppState,
    limits: &std::sync::Arc<ApiLimits>,
    req: Request,
    next: Next,
) -> Result<Response, Response> {
    let (mut parts, body) = req.into_parts();
    // An unknown, revoked or expired key: the handler's extractor answers 401.
    let principal = match orion_web::auth::authenticate(&mut parts, state).await {
        Ok(p) => p,
        Err(_) => return Ok(next.run(Request::from_parts(parts, body)).await),
    };
    let (Some(key), Some(store)) = (principal.api_key.clone(), principal.store.clone()) else {
        return Ok(next.run(Request::from_parts(parts, body)).await);
    };
    let merchant = store.merchant_id;
    let rate = limits
        .rate(state, merchant)
        .await
        .map_err(|e| e.into_response())?;
    let take = limits.take(key.id, rate, Instant::now());
    if !take.granted {
        let e = TenancyError::KeyRateLimited {
            burst: rate.burst,
            per_minute: rate.per_minute,
            retry_after_secs: take.reset_secs,
        };
        return Err(with_headers(
            ApiError::from(e).into_response(),
            rate,
            take,
            None,
        ));
    }
    let quota = limits
        .quota(state, merchant)
        .await
        .map_err(|e| e.into_response())?;
    if !quota.granted {
        let res = if quota.limit == Some(0) {
            // A plan without API access (e.g. after a downgrade): say so, not "come back tomorrow".
            let refusal = api_allowance()
                .map_err(|e| ApiError::from(e).into_response())?
                .require_api_keys(state.db.conn(), merchant)
                .await
                .err()
                .map(TenancyError::Plan)
                .unwrap_or(TenancyError::DailyQuotaUsed {
                    limit: 0,
                    retry_after_secs: quota.resets_in_secs,
                });
            ApiError::from(refusal).into_response()
        } else {
            ApiError::from(TenancyError::DailyQuotaUsed {
                limit: quota.limit.unwrap_or(0),
                retry_after_secs: quota.resets_in_secs,
            })
            .into_response()
        };
        return Err(with_headers(res, rate, take, Some(&quota)));
    }
    if limits.should_touch(key.id, Instant::now()) {
        let from = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        touch_later(state, key.id, from);
    }
    parts.extensions.insert::<Principal>(principal);
    let res = next.run(Request::from_parts(parts, body)).await;
    Ok(with_headers(res, rate, take, Some(&quota)))
}

/// Records the key's use without holding up the response.
fn touch_later(state: &AppState, key: i64, from: String) {
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::service::api_keys::touch(db.conn(), key, &from).await {
            tracing::warn!(error = %e, key, "could not record when an API key was used");
        }
    });
}

/// Adds `RateLimit-Policy` and `RateLimit` to `res`.
fn with_headers(mut res: Response, rate: ApiRate, take: Take, quota: Option<&Quota>) -> Response {
    let window = (f64::from(rate.burst) * 60.0 / f64::from(rate.per_minute)).ceil() as u64;
    let mut policy = format!("\"burst\";q={};w={window}", rate.burst);
    let mut now = format!("\"burst\";r={};t={}", take.remaining, take.reset_secs);
    if let Some(Quota {
        limit: Some(limit),
        remaining,
        resets_in_secs,
        ..
    }) = quota
    {
        policy.push_str(&format!(", \"daily\";q={limit};w=86400"));
        now.push_str(&format!(
            ", \"daily\";r={};t={resets_in_secs}",
            remaining.unwrap_or(0)
        ));
    }
    let h = res.headers_mut();
    if let (Ok(p), Ok(n)) = (HeaderValue::from_str(&policy), HeaderValue::from_str(&now)) {
        h.insert("ratelimit-policy", p);
        h.insert("ratelimit", n);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: ApiRate = ApiRate {
        burst: 3,
        per_minute: 60,
    };

    #[test]
    fn bucket_allows_the_burst_then_refills_at_the_rate() {
        let l = ApiLimits::default();
        let t0 = Instant::now();
        let takes: Vec<Take> = (0..4).map(|_| l.take(1, RATE, t0)).collect();
        assert_eq!(
            takes.iter().map(|t| t.granted).collect::<Vec<_>>(),
            [true, true, true, false]
        );
        assert_eq!(takes[2].remaining, 0);
        assert_eq!(takes[3].reset_secs, 1, "one token a second");
        // Other keys have their own bucket.
        assert!(l.take(2, RATE, t0).granted);
        // A second later one token is back, not more.
        let t1 = t0 + Duration::from_secs(1);
        assert!(l.take(1, RATE, t1).granted);
        assert!(!l.take(1, RATE, t1).granted);
        // Long idle: full again, never more than the burst.
        let t2 = t1 + Duration::from_secs(3600);
        let granted = (0..5).filter(|_| l.take(1, RATE, t2).granted).count();
        assert_eq!(granted, 3);
    }
}
