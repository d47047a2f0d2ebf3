//! Client of the EU VIES service (REST `check-vat-number`), off unless `ORION_VIES_URL` is
//! set. It confirms that a well-formed VAT id is registered; the answer (with its consultation
//! reference) is the evidence to store before exempting a B2B sale. Never called by tests:
//! they point it at a local fake.

use std::time::Duration;

use chrono::Utc;
use orion_vat::{VatId, ViesFault, ViesResult};
use serde::{Deserialize, Serialize};

/// The public VIES REST endpoint (set `ORION_VIES_URL` to it to enable look-ups).
pub const EU_ENDPOINT: &str =
    "https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number";

#[derive(Debug, thiserror::Error)]
pub enum ViesError {
    #[error("VIES answered with the fault {0:?}")]
    Fault(ViesFault),
    #[error("VIES could not be reached: {0}")]
    Transport(String),
    #[error("VIES answered something unexpected: {0}")]
    Unexpected(String),
}

impl ViesError {
    /// Worth retrying later (service down, member state unavailable, rate limits, network).
    pub fn is_transient(&self) -> bool {
        match self {
            ViesError::Fault(f) => f.is_transient(),
            ViesError::Transport(_) => true,
            ViesError::Unexpected(_) => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ViesClient {
    http: reqwest::Client,
    url: String,
    /// The seller's own VAT id: VIES then issues a consultation reference.
    requester: Option<VatId>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    country_code: &'a str,
    vat_number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_member_state_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_number: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    valid: Option<bool>,
    name: Option<String>,
    address: Option<String>,
    request_identifier: Option<String>,
    request_date: Option<String>,
    #[serde(default)]
    error_wrappers: Vec<ErrorWrapper>,
    #[serde(rename = "userError")]
    user_error: Option<String>,
}

#[derive(Deserialize)]
struct ErrorWrapper {
    error: String,
}

impl ViesClient {
    pub fn new(url: &str, requester: Option<VatId>) -> Result<Self, ViesError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| ViesError::Transport(e.to_string()))?;
        Ok(ViesClient {
            http,
            url: url.to_owned(),
            requester,
        })
    }

    /// Asks VIES about `id`.
    pub async fn check(&self, id: VatId) -> Result<ViesResult, ViesError> {
        let req = Request {
            country_code: id.prefix().as_str(),
            vat_number: id.body(),
            requester_member_state_code: self.requester.as_ref().map(|r| r.prefix().as_str()),
            requester_number: self.requester.as_ref().map(|r| r.body()),
        };
        let res = self
            .http
            .post(&self.url)
            .json(&req)
            .send()
            .await
            .map_err(|e| ViesError::Transport(e.to_string()))?;
        let status = res.status();
        let text = res
            .text()
            .await
            .map_err(|e| ViesError::Transport(e.to_string()))?;
        let body: Response = serde_json::from_str(&text).map_err(|_| {
            if status.is_server_error() || status.as_u16() == 429 {
                ViesError::Fault(ViesFault::ServiceUnavailable)
            } else {
                ViesError::Unexpected(format!(
                    "HTTP {status}: {}",
                    text.chars().take(200).collect::<String>()
                ))
            }
        })?;
        let fault = body
            .error_wrappers
            .first()
            .map(|w| w.error.clone())
            .or(body.user_error.filter(|u| u != "VALID" && u != "INVALID"));
        if let Some(f) = fault {
            return Err(ViesFault::parse(&f)
                .map(ViesError::Fault)
                .unwrap_or(ViesError::Unexpected(f)));
        }
        let valid = body
            .valid
            .ok_or_else(|| ViesError::Unexpected("no `valid` in the answer".into()))?;
        let requested_at = body
            .request_date
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        Ok(ViesResult {
            vat_id: id,
            valid,
            name: ViesResult::clean_field(body.name.as_deref()),
            address: ViesResult::clean_field(body.address.as_deref()),
            consultation_reference: body.request_identifier.filter(|r| !r.is_empty()),
            requested_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Json;
    use axum::routing::post;

    /// A local stand-in for VIES: LU26375245 is registered, anything else is not, and
    /// DE numbers answer with a member-state fault.
    async fn fake() -> String {
        let app = axum::Router::new().route(
            "/check-vat-number",
            post(|Json(v): Json<serde_json::Value>| async move {
                let cc = v["countryCode"].as_str().unwrap_or_default().to_owned();
                let n = v["vatNumber"].as_str().unwrap_or_default().to_owned();
                if cc == "DE" {
                    return Json(serde_json::json!({"actionSucceed": false, "errorWrappers": [{"error": "MS_UNAVAILABLE"}]}));
                }
                let registered = cc == "LU" && n == "26375245";
                Json(serde_json::json!({
                    "countryCode": cc, "vatNumber": n, "requestDate": "2026-11-24T10:00:00.000Z", "valid": registered,
                    "requestIdentifier": if v["requesterNumber"].is_string() { "WAPIAAAAXYZ123" } else { "" },
                    "name": if registered { "ACME SARL" } else { "---" }, "address": "---"
                }))
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/check-vat-number")
    }

    #[tokio::test]
    async fn answers_become_evidence_and_faults_are_classified() {
        let url = fake().await;
        let client = ViesClient::new(&url, Some("LU15027442".parse().unwrap())).unwrap();
        let r = client.check("LU26375245".parse().unwrap()).await.unwrap();
        assert!(r.valid);
        assert_eq!(r.name.as_deref(), Some("ACME SARL"));
        assert_eq!(r.address, None, "--- means undisclosed");
        assert_eq!(r.consultation_reference.as_deref(), Some("WAPIAAAAXYZ123"));
        assert_eq!(r.requested_at.to_rfc3339(), "2026-11-24T10:00:00+00:00");
        let r = client.check("LU15027442".parse().unwrap()).await.unwrap();
        assert!(!r.valid);
        let e = client
            .check("DE136695976".parse().unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(e, ViesError::Fault(ViesFault::MsUnavailable)) && e.is_transient(),
            "{e}"
        );
        let without_requester = ViesClient::new(&url, None).unwrap();
        assert_eq!(
            without_requester
                .check("LU26375245".parse().unwrap())
                .await
                .unwrap()
                .consultation_reference,
            None
        );
        let down = ViesClient::new("http://127.0.0.1:9/nothing", None).unwrap();
        assert!(
            down.check("LU26375245".parse().unwrap())
                .await
                .unwrap_err()
                .is_transient()
        );
    }
}
