//! Electronic addresses (EN 16931 BT-34 / BT-49): a Peppol participant id is an EAS scheme
//! (the CEF "Electronic Address Scheme" code list) and an identifier, written `9938:LU15027442`.

use serde::{Deserialize, Serialize};

/// An electronic address: its EAS scheme and the identifier within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub scheme: String,
    pub id: String,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.scheme, self.id)
    }
}

/// The EAS scheme of a VAT number per country, where the Peppol code list has one. Italy,
/// Denmark and Sweden register VAT-derived schemes of their own; Finland has none usable
/// without a second identifier (such buyers give their Peppol id on the customer).
fn vat_scheme(country: &str) -> Option<&'static str> {
    Some(match country {
        "AD" => "9922",
        "AL" => "9923",
        "AT" => "9914",
        "BA" => "9924",
        "BE" => "9925",
        "BG" => "9926",
        "CH" => "9927",
        "CY" => "9928",
        "CZ" => "9929",
        "DE" => "9930",
        "DK" => "0198",
        "EE" => "9931",
        "EL" | "GR" => "9933",
        "ES" => "9920",
        "FR" => "9957",
        "GB" => "9932",
        "HR" => "9934",
        "HU" => "9910",
        "IE" => "9935",
        "IT" => "0211",
        "LI" => "9936",
        "LT" => "9937",
        "LU" => "9938",
        "LV" => "9939",
        "MC" => "9940",
        "ME" => "9941",
        "MK" => "9942",
        "MT" => "9943",
        "NL" => "9944",
        "PL" => "9945",
        "PT" => "9946",
        "RO" => "9947",
        "RS" => "9948",
        "SE" => "0007",
        "SI" => "9949",
        "SK" => "9950",
        "SM" => "9951",
        "TR" => "9952",
        "VA" => "9953",
        _ => return None,
    })
}

/// The Peppol address a VAT number implies (`LU15027442` → `9938:LU15027442`), if its
/// country has a VAT scheme. Italy's scheme takes the 11 digits, Sweden's the 10-digit
/// organisation number inside the VAT number.
pub fn from_vat_id(vat_id: &str) -> Option<Endpoint> {
    let v: String = vat_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    if v.len() < 4 {
        return None;
    }
    let (country, rest) = v.split_at(2);
    let scheme = vat_scheme(country)?;
    let id = match country {
        "IT" => rest.to_owned(),
        "SE" if rest.len() >= 10 => rest[..10].to_owned(),
        "SE" => return None,
        _ => v.clone(),
    };
    Some(Endpoint {
        scheme: scheme.to_owned(),
        id,
    })
}

/// Parses `scheme:identifier` (`0088:5790000436101`, `9938:LU15027442`). The scheme is four
/// digits (or a code like `EM`), the identifier non-empty without spaces.
pub fn parse(participant: &str) -> Option<Endpoint> {
    let (scheme, id) = participant.trim().split_once(':')?;
    let scheme = scheme.trim();
    let id = id.trim();
    let scheme_ok = (scheme.len() == 4 && scheme.bytes().all(|b| b.is_ascii_digit()))
        || (scheme.len() == 2 && scheme.bytes().all(|b| b.is_ascii_uppercase()));
    let id_ok = !id.is_empty() && id.len() <= 100 && !id.chars().any(char::is_whitespace);
    (scheme_ok && id_ok).then(|| Endpoint {
        scheme: scheme.to_owned(),
        id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_numbers_map_to_their_country_scheme() {
        assert_eq!(
            from_vat_id("LU15027442").unwrap().to_string(),
            "9938:LU15027442"
        );
        assert_eq!(
            from_vat_id("de 136 695 976").unwrap().to_string(),
            "9930:DE136695976"
        );
        assert_eq!(
            from_vat_id("IT00743110157").unwrap().to_string(),
            "0211:00743110157"
        );
        assert_eq!(
            from_vat_id("SE556036079301").unwrap().to_string(),
            "0007:5560360793"
        );
        assert_eq!(from_vat_id("FI20774740"), None);
        assert_eq!(from_vat_id("X"), None);
    }

    #[test]
    fn participant_ids_parse_and_refuse_junk() {
        assert_eq!(parse(" 0088:5790000436101 ").unwrap().scheme, "0088");
        assert_eq!(parse("9938:LU15027442").unwrap().id, "LU15027442");
        assert!(parse("9938").is_none());
        assert!(parse("99:LU1").is_none());
        assert!(parse("9938:").is_none());
        assert!(parse("9938:LU 1").is_none());
    }
}
