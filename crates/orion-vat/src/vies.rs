//! What a VIES consultation returns, for the client that lives outside this crate
//! (this crate does no IO). Store a [`ViesResult`] with the customer or order: it is
//! the evidence that the buyer's VAT id was valid when the exemption was granted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::vatid::VatId;

/// A VIES answer for one VAT id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViesResult {
    /// The id that was asked about, normalised.
    pub vat_id: VatId,
    /// VIES says the id is registered and active.
    pub valid: bool,
    /// Registered name, when the member state discloses it ("---" is stored as `None`).
    pub name: Option<String>,
    /// Registered address, when disclosed.
    pub address: Option<String>,
    /// The consultation number (`requestIdentifier`), present when the request named
    /// the requester's own VAT id; the proof to keep.
    pub consultation_reference: Option<String>,
    /// When VIES answered (its `requestDate`, or the client's clock).
    pub requested_at: DateTime<Utc>,
}

impl ViesResult {
    /// VIES writes "---" for undisclosed fields; treat it and blanks as absent.
    pub fn clean_field(raw: Option<&str>) -> Option<String> {
        raw.map(str::trim)
            .filter(|s| !s.is_empty() && *s != "---")
            .map(str::to_owned)
    }
}

/// The faults VIES reports instead of an answer. Except `InvalidInput`, they mean
/// "ask again later", not "invalid".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViesFault {
    InvalidInput,
    InvalidRequesterInfo,
    ServiceUnavailable,
    MsUnavailable,
    Timeout,
    VatBlocked,
    IpBlocked,
    GlobalMaxConcurrentReq,
    GlobalMaxConcurrentReqTime,
    MsMaxConcurrentReq,
    MsMaxConcurrentReqTime,
}

impl ViesFault {
    /// Parses the fault string of a VIES SOAP or REST response.
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_owned())).ok()
    }

    /// Worth retrying later.
    pub fn is_transient(self) -> bool {
        !matches!(self, Self::InvalidInput | Self::InvalidRequesterInfo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_round_trip() {
        let r = ViesResult {
            vat_id: "LU15027442".parse().unwrap(),
            valid: true,
            name: ViesResult::clean_field(Some("ACME SARL")),
            address: ViesResult::clean_field(Some("---")),
            consultation_reference: Some("WAPIAAAAW1234567".into()),
            requested_at: "2025-03-15T10:00:00Z".parse().unwrap(),
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["vat_id"], "LU15027442");
        assert_eq!(json["address"], serde_json::Value::Null);
        let back: ViesResult = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn faults() {
        assert_eq!(
            ViesFault::parse("MS_UNAVAILABLE"),
            Some(ViesFault::MsUnavailable)
        );
        assert!(ViesFault::MsUnavailable.is_transient());
        assert!(!ViesFault::InvalidInput.is_transient());
        assert_eq!(ViesFault::parse("nope"), None);
    }
}
