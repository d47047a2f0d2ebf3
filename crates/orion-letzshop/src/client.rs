//! Typed Letzshop GraphQL client: timeouts, retries with exponential backoff and full
//! jitter for transient failures, exact money conversion.
//!
//! Retry policy (see `docs/index.md`):
//! - retried: HTTP 5xx, 429 (waits `Retry-After`, capped at `max_backoff`), 408, timeouts,
//!   connection errors, bodies cut short or not JSON, GraphQL `errors` whose message looks
//!   transient ("Internal server error", "timeout", "try again", "unavailable", …);
//! - never retried: 401/403 ([`ClientError::Unauthorized`]), other 4xx, GraphQL validation
//!   or business errors ([`ClientError::GraphQl`]), responses that parse but do not have
//!   the expected shape ([`ClientError::InvalidResponse`]).
//!
//! Mutations are retried too: the simulator (and, we assume, Letzshop) treats re-sending the
//! same decision as a no-op, and the caller must be idempotent anyway because a response
//! can be lost after the server applied the change.

use std::time::Duration;

use rand::Rng;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::money::parse_decimal_cents;
use crate::queries;
use crate::types::{
    InventoryUnit, LsAddress, LsOrder, ProductName, Shipment, ShipmentPage, ShipmentState, Variant,
};

/// Client tuning. Tests use small timeouts and backoffs.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// Whole-request timeout (connect + send + body). Default 20 s.
    pub timeout: Duration,
    /// Retries after the first attempt for transient errors. Default 5.
    pub max_retries: u32,
    /// First backoff cap; doubled each retry (full jitter: sleep uniform in [0, cap]). 200 ms.
    pub base_backoff: Duration,
    /// Upper bound of any wait, including a server's `Retry-After`. Default 10 s.
    pub max_backoff: Duration,
    /// `first` of the `shipments` query. Default 100.
    pub page_size: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(20),
            max_retries: 5,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            page_size: 100,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// 401/403: the key is wrong or lacks rights. Never retried.
    #[error("Letzshop refused the API key: {0}")]
    Unauthorized(String),
    /// 5xx, 429, timeout, connection error, truncated JSON … still failing after the retries.
    #[error("Letzshop is unavailable (transient): {0}")]
    Transient(String),
    /// A GraphQL `errors` array (or mutation payload errors) that does not look transient.
    #[error("Letzshop GraphQL error: {}", .0.join("; "))]
    GraphQl(Vec<String>),
    /// The response parsed but not into the expected shape (schema change?), or money
    /// that is not an exact decimal.
    #[error("unexpected Letzshop response: {0}")]
    InvalidResponse(String),
    /// Bad endpoint URL or API key format; nothing was sent.
    #[error("Letzshop client configuration: {0}")]
    Config(String),
}

impl ClientError {
    /// True for [`ClientError::Transient`]: worth retrying later (outbox, next sync).
    pub fn is_transient(&self) -> bool {
        matches!(self, ClientError::Transient(_))
    }
}

/// Typed client for one endpoint and API key. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    api_key: String,
    opts: ClientOptions,
}

/// Outcome of one HTTP attempt.
enum Attempt<T> {
    Done(T),
    Retry {
        reason: String,
        retry_after: Option<Duration>,
    },
    Fail(ClientError),
}

#[derive(Deserialize)]
struct Envelope {
    data: Option<Box<RawValue>>,
    errors: Option<Vec<GqlError>>,
}

#[derive(Deserialize)]
struct GqlError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    extensions: Option<Value>,
}

/// Messages of GraphQL errors that a retry may cure.
fn looks_transient(e: &GqlError) -> bool {
    let m = e.message.to_ascii_lowercase();
    const HINTS: &[&str] = &[
        "internal server error",
        "internal error",
        "timeout",
        "timed out",
        "temporar",
        "try again",
        "unavailable",
        "too many requests",
        "rate limit",
        "deadlock",
    ];
    if HINTS.iter().any(|h| m.contains(h)) {
        return true;
    }
    let code = e
        .extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        code.as_str(),
        "INTERNAL_SERVER_ERROR" | "SERVICE_UNAVAILABLE" | "TIMEOUT" | "RATE_LIMITED"
    )
}

fn error_messages(body: &[u8]) -> Option<Vec<String>> {
    let env: Envelope = serde_json::from_slice(body).ok()?;
    let errs = env.errors?;
    Some(errs.into_iter().map(|e| e.message).collect())
}

impl Client {
    pub fn new(endpoint: &str, api_key: &str, opts: ClientOptions) -> Result<Client, ClientError> {
        let url = reqwest::Url::parse(endpoint)
            .map_err(|e| ClientError::Config(format!("endpoint {endpoint:?}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ClientError::Config(format!(
                "endpoint {endpoint:?}: must be http(s)"
            )));
        }
        let api_key = api_key.trim();
        if api_key.is_empty() || api_key.chars().any(|c| c.is_control() || c == ' ') {
            return Err(ClientError::Config(
                "api_key must be non-empty without spaces".into(),
            ));
        }
        if opts.page_size == 0 {
            return Err(ClientError::Config("page_size must be > 0".into()));
        }
        let http = reqwest::Client::builder()
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("orion/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Config(e.to_string()))?;
        Ok(Client {
            http,
            endpoint: endpoint.to_owned(),
            api_key: api_key.to_owned(),
            opts,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// One page of shipments; retries transient errors internally.
    pub async fn shipments_page(
        &self,
        state: ShipmentState,
        after: Option<&str>,
    ) -> Result<ShipmentPage, ClientError> {
        let vars = json!({
            "state": state.as_str(),
            "first": self.opts.page_size,
            "after": after,
        });
        let data: wire::ShipmentsData = self.execute(queries::SHIPMENTS_QUERY, vars).await?;
        let conn = data
            .shipments
            .ok_or_else(|| ClientError::InvalidResponse("shipments is null".into()))?;
        let nodes = conn
            .nodes
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .map(convert_shipment)
            .collect::<Result<Vec<_>, _>>()?;
        let (has_next_page, end_cursor) = match conn.page_info {
            Some(p) => (p.has_next_page.unwrap_or(false), p.end_cursor),
            None => (false, None),
        };
        Ok(ShipmentPage {
            nodes,
            has_next_page,
            end_cursor,
        })
    }

    /// Every shipment in `state`, page after page, with duplicate nodes across pages removed
    /// (first occurrence kept). For small sets and tests; a sync should page itself with
    /// [`Client::shipments_page`] and persist the cursor. Fails if the cursor stops advancing.
    pub async fn all_shipments(&self, state: ShipmentState) -> Result<Vec<Shipment>, ClientError> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.shipments_page(state, after.as_deref()).await?;
            for s in page.nodes {
                if seen.insert(s.id.clone()) {
                    out.push(s);
                }
            }
            if !page.has_next_page {
                return Ok(out);
            }
            match page.end_cursor {
                Some(c) if Some(&c) != after.as_ref() => after = Some(c),
                _ => {
                    return Err(ClientError::InvalidResponse(
                        "hasNextPage without a new endCursor".into(),
                    ));
                }
            }
        }
    }

    /// isAvailable=true confirms, false declines. Idempotent on the simulator (re-confirming
    /// is OK). Sent in batches of at most 100 units. Payload errors → [`ClientError::GraphQl`].
    pub async fn confirm_inventory_units(
        &self,
        unit_ids: &[String],
        available: bool,
    ) -> Result<(), ClientError> {
        for chunk in unit_ids.chunks(100) {
            let units: Vec<Value> = chunk
                .iter()
                .map(|id| json!({"inventoryUnitId": id, "isAvailable": available}))
                .collect();
            let vars = json!({"input": {"inventoryUnits": units}});
            let data: wire::ConfirmData = self
                .execute(queries::CONFIRM_INVENTORY_UNITS_MUTATION, vars)
                .await?;
            let payload = data.confirm_inventory_units.ok_or_else(|| {
                ClientError::InvalidResponse("confirmInventoryUnits is null".into())
            })?;
            payload_errors(payload.errors)?;
        }
        Ok(())
    }

    /// Set the tracking number and carrier of a shipment (mutation name is our guess).
    pub async fn set_tracking(
        &self,
        shipment_id: &str,
        tracking_number: &str,
        carrier: &str,
    ) -> Result<(), ClientError> {
        let vars = json!({"input": {
            "shipmentId": shipment_id, "code": tracking_number, "provider": carrier,
        }});
        let data: wire::TrackingData = self
            .execute(queries::SET_SHIPMENT_TRACKING_MUTATION, vars)
            .await?;
        let payload = data
            .set_shipment_tracking
            .ok_or_else(|| ClientError::InvalidResponse("setShipmentTracking is null".into()))?;
        payload_errors(payload.errors)
    }

    /// Cheap authenticated call to verify the key (`shipments(first: 1)`).
    pub async fn verify(&self) -> Result<(), ClientError> {
        let _: Value = self.execute(queries::VERIFY_QUERY, json!({})).await?;
        Ok(())
    }

    /// Run any query text (from [`crate::queries`]) with retries and return `data`
    /// deserialized. Used by the typed calls and by `check-schema`.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        query: &str,
        variables: Value,
    ) -> Result<T, ClientError> {
        let body = json!({"query": query, "variables": variables});
        let mut attempt: u32 = 0;
        loop {
            match self.attempt::<T>(&body).await {
                Attempt::Done(v) => return Ok(v),
                Attempt::Fail(e) => return Err(e),
                Attempt::Retry {
                    reason,
                    retry_after,
                } => {
                    if attempt >= self.opts.max_retries {
                        return Err(ClientError::Transient(format!(
                            "{reason} (after {} attempts)",
                            attempt + 1
                        )));
                    }
                    let wait = match retry_after {
                        Some(d) => d.min(self.opts.max_backoff),
                        None => self.backoff(attempt),
                    };
                    tracing::debug!(attempt, ?wait, %reason, "letzshop: retrying");
                    tokio::time::sleep(wait).await;
                }
            }
            attempt += 1;
        }
    }

    /// Full jitter: uniform in [0, min(max_backoff, base × 2^attempt)].
    fn backoff(&self, attempt: u32) -> Duration {
        let cap = self
            .opts
            .base_backoff
            .saturating_mul(2u32.saturating_pow(attempt.min(30)))
            .min(self.opts.max_backoff);
        let ms = cap.as_millis().min(u128::from(u64::MAX)) as u64;
        Duration::from_millis(rand::rng().random_range(0..=ms))
    }

    async fn attempt<T: DeserializeOwned>(&self, body: &Value) -> Attempt<T> {
        let resp = match self
            .http
            .post(&self.endpoint)
            .bearer_auth(&self.api_key)
            .header(reqwest::header::ACCEPT, "application/json")
            .json(body)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return classify_reqwest(e),
        };
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => return classify_reqwest(e),
        };
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            let msg = error_messages(&bytes)
                .map(|m| m.join("; "))
                .unwrap_or_else(|| format!("HTTP {status}"));
            return Attempt::Fail(ClientError::Unauthorized(msg));
        }
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::REQUEST_TIMEOUT
            || status.is_server_error()
        {
            return Attempt::Retry {
                reason: format!("HTTP {status}"),
                retry_after,
            };
        }
        if !status.is_success() {
            return Attempt::Fail(match error_messages(&bytes) {
                Some(m) if !m.is_empty() => ClientError::GraphQl(m),
                _ => ClientError::InvalidResponse(format!("HTTP {status}")),
            });
        }
        let env: Envelope = match serde_json::from_slice(&bytes) {
            Ok(e) => e,
            Err(e) => {
                return Attempt::Retry {
                    reason: format!("invalid or truncated JSON: {e}"),
                    retry_after: None,
                };
            }
        };
        if let Some(errors) = env.errors.filter(|e| !e.is_empty()) {
            if errors.iter().all(looks_transient) {
                return Attempt::Retry {
                    reason: format!(
                        "GraphQL error: {}",
                        errors
                            .iter()
                            .map(|e| e.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    retry_after: None,
                };
            }
            return Attempt::Fail(ClientError::GraphQl(
                errors.into_iter().map(|e| e.message).collect(),
            ));
        }
        let Some(data) = env.data else {
            return Attempt::Fail(ClientError::InvalidResponse(
                "response without data or errors".into(),
            ));
        };
        match serde_json::from_str::<T>(data.get()) {
            Ok(v) => Attempt::Done(v),
            Err(e) => Attempt::Fail(ClientError::InvalidResponse(format!(
                "unexpected data shape: {e}"
            ))),
        }
    }
}

fn classify_reqwest<T>(e: reqwest::Error) -> Attempt<T> {
    if e.is_builder() {
        return Attempt::Fail(ClientError::Config(e.to_string()));
    }
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection error"
    } else if e.is_body() || e.is_decode() {
        "response body cut short"
    } else {
        "request failed"
    };
    Attempt::Retry {
        reason: format!("{kind}: {e}"),
        retry_after: None,
    }
}

fn payload_errors(errors: Option<Vec<Option<wire::UserError>>>) -> Result<(), ClientError> {
    let msgs: Vec<String> = errors
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .map(|e| {
            let mut m = e.message.unwrap_or_default();
            if let Some(code) = e.code {
                m = format!("{code}: {m}");
            }
            if let Some(id) = e.id {
                m = format!("{}: {m}", id.0);
            }
            m
        })
        .collect();
    if msgs.is_empty() {
        Ok(())
    } else {
        Err(ClientError::GraphQl(msgs))
    }
}

fn money(raw: &RawValue, what: &str) -> Result<i64, ClientError> {
    let text = raw.get().trim();
    let literal = if text.starts_with('"') {
        serde_json::from_str::<String>(text)
            .map_err(|e| ClientError::InvalidResponse(format!("{what}: {e}")))?
    } else {
        text.to_owned()
    };
    parse_decimal_cents(&literal).map_err(|e| ClientError::InvalidResponse(format!("{what}: {e}")))
}

fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{DateTime, NaiveDateTime, Utc};
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S%.f %z"] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y-%m-%d %H:%M:%S UTC",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    tracing::warn!(value = s, "letzshop: unparsable completedAt");
    None
}

fn convert_address(a: wire::Address) -> LsAddress {
    let (country_iso, country_name) = match a.country {
        Some(c) => (c.iso, c.name),
        None => (None, None),
    };
    LsAddress {
        first_name: a.first_name,
        last_name: a.last_name,
        company: a.company,
        street_name: a.street_name,
        street_number: a.street_number.map(|s| s.0),
        city: a.city,
        zip_code: a.zip_code.map(|s| s.0),
        phone: a.phone,
        country_iso: country_iso.map(|s| s.trim().to_ascii_uppercase()),
        country_name,
    }
}

fn convert_shipment(s: wire::Shipment) -> Result<Shipment, ClientError> {
    let o = s
        .order
        .ok_or_else(|| ClientError::InvalidResponse(format!("shipment {}: no order", s.id.0)))?;
    let total_cents = match o.total.as_deref() {
        Some(raw) => Some(money(raw, &format!("shipment {} order.total", s.id.0))?),
        None => None,
    };
    let order = LsOrder {
        id: o.id.0,
        number: o.number.map(|n| n.0),
        email: o.email,
        total_cents,
        completed_at: o.completed_at.as_deref().and_then(parse_time),
        locale: o.locale,
        ship_address: o.ship_address.map(convert_address),
        bill_address: o.bill_address.map(convert_address),
    };
    let mut inventory_units = Vec::new();
    for u in s.inventory_units.unwrap_or_default().into_iter().flatten() {
        let v = u.variant.ok_or_else(|| {
            ClientError::InvalidResponse(format!("inventory unit {}: no variant", u.id.0))
        })?;
        let price = v.price.as_deref().ok_or_else(|| {
            ClientError::InvalidResponse(format!("variant {}: price is null", v.id.0))
        })?;
        let price_cents = money(price, &format!("variant {} price", v.id.0))?;
        let (gtin, gtin_parser) = match v.trade_id {
            Some(t) => (t.number.map(|n| n.0), t.parser),
            None => (None, None),
        };
        let (product_name, brand) = match v.product {
            Some(p) => {
                let name = p.name.unwrap_or_default();
                let brand = p.brand.and_then(|b| match b.typename.as_deref() {
                    Some("Brand") | None => b.name,
                    Some(_) => None,
                });
                (
                    ProductName {
                        en: name.en,
                        fr: name.fr,
                        de: name.de,
                    },
                    brand,
                )
            }
            None => (ProductName::default(), None),
        };
        inventory_units.push(InventoryUnit {
            id: u.id.0,
            state: u.state.unwrap_or_default(),
            variant: Variant {
                id: v.id.0,
                sku: v.sku,
                mpn: v.mpn,
                price_cents,
                gtin: gtin.filter(|g| !g.trim().is_empty()),
                gtin_parser,
                product_name,
                brand: brand.filter(|b| !b.trim().is_empty()),
            },
        });
    }
    Ok(Shipment {
        id: s.id.0,
        number: s.number.map(|n| n.0),
        state: s.state.unwrap_or_default(),
        order,
        inventory_units,
    })
}

/// Wire shapes of the responses (camelCase, everything nullable, money as raw JSON text).
mod wire {
    use serde::{Deserialize, Deserializer};
    use serde_json::value::RawValue;

    /// An id or number that may come as a JSON string or number.
    #[derive(Debug)]
    pub struct Text(pub String);

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            #[derive(Deserialize)]
            #[serde(untagged)]
            enum Either {
                S(String),
                I(i64),
                U(u64),
            }
            Ok(Text(match Either::deserialize(d)? {
                Either::S(s) => s,
                Either::I(i) => i.to_string(),
                Either::U(u) => u.to_string(),
            }))
        }
    }

    #[derive(Deserialize)]
    pub struct ShipmentsData {
        pub shipments: Option<Connection>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Connection {
        pub nodes: Option<Vec<Option<Shipment>>>,
        pub page_info: Option<PageInfo>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PageInfo {
        pub has_next_page: Option<bool>,
        pub end_cursor: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Shipment {
        pub id: Text,
        pub number: Option<Text>,
        pub state: Option<String>,
        pub order: Option<Order>,
        pub inventory_units: Option<Vec<Option<Unit>>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Order {
        pub id: Text,
        pub number: Option<Text>,
        pub email: Option<String>,
        pub total: Option<Box<RawValue>>,
        pub completed_at: Option<String>,
        pub locale: Option<String>,
        pub ship_address: Option<Address>,
        pub bill_address: Option<Address>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Address {
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub company: Option<String>,
        pub street_name: Option<String>,
        pub street_number: Option<Text>,
        pub city: Option<String>,
        pub zip_code: Option<Text>,
        pub phone: Option<String>,
        pub country: Option<Country>,
    }

    #[derive(Deserialize)]
    pub struct Country {
        pub name: Option<String>,
        pub iso: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Unit {
        pub id: Text,
        pub state: Option<String>,
        pub variant: Option<Variant>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Variant {
        pub id: Text,
        pub sku: Option<String>,
        pub mpn: Option<String>,
        pub price: Option<Box<RawValue>>,
        pub trade_id: Option<TradeId>,
        pub product: Option<Product>,
    }

    #[derive(Deserialize)]
    pub struct TradeId {
        pub number: Option<Text>,
        pub parser: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Product {
        pub name: Option<Name>,
        #[serde(rename = "_brand")]
        pub brand: Option<Brand>,
    }

    #[derive(Deserialize, Default)]
    pub struct Name {
        pub en: Option<String>,
        pub fr: Option<String>,
        pub de: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Brand {
        #[serde(rename = "__typename")]
        pub typename: Option<String>,
        pub name: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ConfirmData {
        pub confirm_inventory_units: Option<Payload>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TrackingData {
        pub set_shipment_tracking: Option<Payload>,
    }

    #[derive(Deserialize)]
    pub struct Payload {
        pub errors: Option<Vec<Option<UserError>>>,
    }

    #[derive(Deserialize)]
    pub struct UserError {
        pub id: Option<Text>,
        pub code: Option<String>,
        pub message: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipments(price: &str, total: &str) -> Result<Vec<Shipment>, ClientError> {
        let body = format!(
            r#"{{"shipments":{{"nodes":[{{"id":"s1","number":17,"state":"unconfirmed",
            "order":{{"id":"o1","number":"R1","email":"a@b.lu","total":{total},
              "completedAt":"2026-11-20T10:00:00+01:00","locale":"fr",
              "shipAddress":{{"firstName":"A","lastName":"B","company":null,"streetName":"Rue",
                "streetNumber":"1","city":"Luxembourg","zipCode":1118,"phone":null,
                "country":{{"name":"Luxembourg","iso":"lu"}}}},"billAddress":null}},
            "inventoryUnits":[{{"id":"u1","state":"unconfirmed","variant":{{"id":"v1","sku":"S",
              "mpn":null,"price":{price},"tradeId":{{"number":"4006381333931","parser":"gtin13"}},
              "product":{{"name":{{"en":"Mug","fr":null,"de":null}},
                "_brand":{{"__typename":"BrandUnknown"}}}}}}}}]}}],
            "pageInfo":{{"hasNextPage":false,"endCursor":null}}}}}}"#
        );
        let data: wire::ShipmentsData = serde_json::from_str(&body).expect("wire shape");
        data.shipments
            .unwrap()
            .nodes
            .unwrap()
            .into_iter()
            .flatten()
            .map(convert_shipment)
            .collect()
    }

    #[test]
    fn money_is_read_from_the_literal_text() {
        let s = &shipments("19.9", "1999e-2").unwrap()[0];
        assert_eq!(s.inventory_units[0].variant.price_cents, 1990);
        assert_eq!(s.order.total_cents, Some(1999));
        let s = &shipments(r#""12.50""#, "0.1").unwrap()[0];
        assert_eq!(s.inventory_units[0].variant.price_cents, 1250);
        assert_eq!(s.order.total_cents, Some(10));
        let s = &shipments("1e1", "null").unwrap()[0];
        assert_eq!(s.inventory_units[0].variant.price_cents, 1000);
        assert_eq!(s.order.total_cents, None);
        assert!(matches!(
            shipments("19.999", "1"),
            Err(ClientError::InvalidResponse(m)) if m.contains("more than 2 decimals")
        ));
        assert!(matches!(
            shipments("-1.5", "1"),
            Err(ClientError::InvalidResponse(_))
        ));
        assert!(matches!(
            shipments("null", "1"),
            Err(ClientError::InvalidResponse(_))
        ));
    }

    #[test]
    fn lenient_on_ids_and_codes() {
        let s = &shipments("1", "1").unwrap()[0];
        assert_eq!(s.number.as_deref(), Some("17"));
        let a = s.order.ship_address.as_ref().unwrap();
        assert_eq!(a.zip_code.as_deref(), Some("1118"));
        assert_eq!(a.country_iso.as_deref(), Some("LU"));
        assert!(s.order.bill_address.is_none());
        assert_eq!(s.inventory_units[0].variant.brand, None);
        assert_eq!(
            s.order.completed_at.unwrap().to_rfc3339(),
            "2026-11-20T09:00:00+00:00"
        );
    }

    #[test]
    fn transient_messages() {
        let e = |m: &str| GqlError {
            message: m.into(),
            extensions: None,
        };
        assert!(looks_transient(&e("Internal server error")));
        assert!(looks_transient(&e("Service temporarily unavailable")));
        assert!(!looks_transient(&e(
            "Field 'nope' doesn't exist on type 'Query'"
        )));
        assert!(!looks_transient(&e("Unauthorized")));
    }

    #[test]
    fn config_errors() {
        assert!(matches!(
            Client::new("not a url", "k", ClientOptions::default()),
            Err(ClientError::Config(_))
        ));
        assert!(matches!(
            Client::new("ftp://x/graphql", "k", ClientOptions::default()),
            Err(ClientError::Config(_))
        ));
        assert!(matches!(
            Client::new("https://letzshop.lu/graphql", " ", ClientOptions::default()),
            Err(ClientError::Config(_))
        ));
    }

    #[test]
    fn backoff_is_capped() {
        let c = Client::new(
            "http://127.0.0.1:1/graphql",
            "k",
            ClientOptions {
                base_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_millis(300),
                ..ClientOptions::default()
            },
        )
        .unwrap();
        for attempt in 0..40 {
            assert!(c.backoff(attempt) <= Duration::from_millis(300));
        }
        assert!(c.backoff(0) <= Duration::from_millis(100));
    }
}
