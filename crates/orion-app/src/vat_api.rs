//! Public VAT endpoints (no authentication, rate-limited per client address): VAT-id
//! validation, used by the customer and invoice-settings forms too, and rate look-ups.

use orion_web::problem::responses::{ProblemInvalid, ProblemTooManyRequests};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::Query;
use chrono::NaiveDate;
use orion_web::ApiError;
use orion_web::AppState;
use orion_web::auth::ClientIp;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

static VIES: std::sync::OnceLock<crate::vies::ViesClient> = std::sync::OnceLock::new();

/// Turns on VIES look-ups (`?vies=true`), from `ORION_VIES_URL`.
pub fn enable_vies(client: crate::vies::ViesClient) {
    let _ = VIES.set(client);
}

/// Requests per client address per minute on the public VAT endpoints.
pub const PUBLIC_LIMIT_PER_MINUTE: u32 = 120;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(validate))
        .routes(routes!(rates))
}

/// Fixed one-minute windows per address. Kept in memory: a lookup service, not an exactness
/// promise, so each instance limits on its own.
static WINDOWS: LazyLock<Mutex<HashMap<String, (Instant, u32)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn throttle(ip: &str) -> Result<(), ApiError> {
    let now = Instant::now();
    let mut w = WINDOWS.lock().unwrap_or_else(|e| e.into_inner());
    if w.len() > 10_000 {
        w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
    }
    let entry = w.entry(ip.to_owned()).or_insert((now, 0));
    if now.duration_since(entry.0) >= Duration::from_secs(60) {
        *entry = (now, 0);
    }
    entry.1 += 1;
    if entry.1 > PUBLIC_LIMIT_PER_MINUTE {
        let retry = 60u64
            .saturating_sub(now.duration_since(entry.0).as_secs())
            .max(1);
        return Err(ApiError::too_many_requests(
            format!("At most {PUBLIC_LIMIT_PER_MINUTE} VAT look-ups per minute"),
            retry,
        ));
    }
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValidateQuery {
    /// The VAT identification number as entered, e.g. `LU 2637 5245`.
    pub number: String,
    /// Also ask VIES whether the id is registered (when VIES look-ups are enabled).
    #[serde(default)]
    pub vies: bool,
}

/// Validate a VAT identification number (format and check digit); with `vies=true` and VIES
/// enabled, also ask VIES and return its answer as evidence.
#[utoipa::path(get, path = "/api/v1/vat/validate", tag = "vat", params(ValidateQuery),
    responses((status = 200, description = "{input, valid, normalized, country, reason}", body = serde_json::Value),
        ProblemTooManyRequests))]
pub async fn validate(
    ClientIp(ip): ClientIp,
    Query(q): Query<ValidateQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    throttle(&ip)?;
    if q.number.len() > 100 {
        return Err(ApiError::field("number", "is too long"));
    }
    let mut out =
        serde_json::to_value(orion_vat::vatid::check(&q.number)).map_err(ApiError::internal)?;
    if q.vies {
        out["vies"] = match (VIES.get(), orion_vat::vatid::validate(&q.number)) {
            (None, _) => {
                serde_json::json!({"enabled": false, "note": "VIES look-ups are off (set ORION_VIES_URL)"})
            }
            (Some(_), Err(_)) => {
                serde_json::json!({"enabled": true, "note": "not asked: the number is not well-formed"})
            }
            (Some(client), Ok(id)) => match client.check(id).await {
                Ok(r) => serde_json::json!({"enabled": true, "result": r}),
                Err(e) => {
                    serde_json::json!({"enabled": true, "error": e.to_string(), "retry_later": e.is_transient()})
                }
            },
        };
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// ISO country code (EL/GR, XI accepted).
    pub country: String,
    /// YYYY-MM-DD; today when absent.
    pub date: Option<NaiveDate>,
    /// Postcode, for special territories and regional rates.
    pub postcode: Option<String>,
}

/// VAT rates of a country on a date, with the period they belong to.
#[utoipa::path(get, path = "/api/v1/vat/rates", tag = "vat", params(RatesQuery),
    responses((status = 200, body = serde_json::Value), ProblemInvalid,
        ProblemTooManyRequests))]
pub async fn rates(
    ClientIp(ip): ClientIp,
    Query(q): Query<RatesQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    throttle(&ip)?;
    orion_vat::rate_json(&q.country, q.date, None, q.postcode.as_deref())
        .map(Json)
        .map_err(|e| ApiError::field("country", e.to_string()))
}
