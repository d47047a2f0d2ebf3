//! One postal address for every module: orders snapshot it, customers keep a list of them,
//! invoices print it.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Every officially assigned ISO 3166-1 alpha-2 code (249), sorted for binary search.
/// User-assigned codes (`XK`, `XX`, `ZZ`, ...) and reserved ones (`UK`, `EU`) are not countries.
pub const ISO_COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code, in upper case (`LU`).
pub fn is_country_code(code: &str) -> bool {
    ISO_COUNTRY_CODES.binary_search(&code).is_ok()
}

/// A postal address. Orders and invoices store it as JSON snapshots.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: Option<String>,
    pub company: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, upper-case (`LU`).
    pub country: String,
}

impl Address {
    /// The address trimmed and normalised; each problem is added to `errors` with its field
    /// under `prefix` (`shipping_address.city`).
    pub fn validated(mut self, prefix: &str, errors: &mut Vec<FieldError>) -> Address {
        let trim = |s: &mut String| *s = s.trim().to_owned();
        trim(&mut self.street);
        trim(&mut self.postal_code);
        trim(&mut self.city);
        self.country = self.country.trim().to_ascii_uppercase();
        for (f, v, max) in [
            ("street", &self.street, 200),
            ("postal_code", &self.postal_code, 20),
            ("city", &self.city, 100),
        ] {
            if v.is_empty() {
                errors.push(FieldError::new(format!("{prefix}.{f}"), "is required"));
            } else if v.chars().count() > max {
                errors.push(FieldError::new(
                    format!("{prefix}.{f}"),
                    format!("must be at most {max} characters"),
                ));
            }
        }
        if !is_country_code(&self.country) {
            errors.push(FieldError::new(
                format!("{prefix}.country"),
                "must be a two-letter ISO country code such as LU",
            ));
        }
        let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.name = clean(self.name);
        self.company = clean(self.company);
        self
    }

    /// Same place, ignoring case and surrounding spaces.
    pub fn same_as(&self, other: &Address) -> bool {
        fn eq(a: &str, b: &str) -> bool {
            a.trim().to_lowercase() == b.trim().to_lowercase()
        }
        fn eq_opt(a: &Option<String>, b: &Option<String>) -> bool {
            eq(a.as_deref().unwrap_or(""), b.as_deref().unwrap_or(""))
        }
        eq_opt(&self.name, &other.name)
            && eq_opt(&self.company, &other.company)
            && eq(&self.street, &other.street)
            && eq(&self.postal_code, &other.postal_code)
            && eq(&self.city, &other.city)
            && eq(&self.country, &other.country)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_normalises_and_names_fields() {
        let mut e = Vec::new();
        let a = Address {
            name: Some("  ".into()),
            street: " Rue 1 ".into(),
            postal_code: "L-1234".into(),
            city: "".into(),
            country: "lu".into(),
            ..Default::default()
        }
        .validated("shipping_address", &mut e);
        assert_eq!(a.street, "Rue 1");
        assert_eq!(a.country, "LU");
        assert_eq!(a.name, None);
        assert_eq!(
            e,
            vec![FieldError::new("shipping_address.city", "is required")]
        );
        assert!(a.same_as(&Address {
            street: "rue 1".into(),
            ..a.clone()
        }));
    }

    #[test]
    fn country_must_be_an_assigned_iso_code() {
        assert!(ISO_COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
        for ok in ["LU", "DE", "FR", "BE", "AX", "SS", "ZW", "AD"] {
            assert!(is_country_code(ok), "{ok}");
        }
        for bad in ["XX", "ZZ", "UK", "EU", "XK", "lu", "L", "LUX", ""] {
            assert!(!is_country_code(bad), "{bad}");
        }
        let check = |country: &str| {
            let mut e = Vec::new();
            let a = Address {
                street: "Rue 1".into(),
                postal_code: "1234".into(),
                city: "Luxembourg".into(),
                country: country.into(),
                ..Default::default()
            }
            .validated("shipping_address", &mut e);
            (
                a.country,
                e.iter().map(|f| f.field.clone()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(check(" lu "), ("LU".to_owned(), vec![]));
        assert_eq!(check("LU"), ("LU".to_owned(), vec![]));
        assert_eq!(check("XX").1, vec!["shipping_address.country".to_owned()]);
        assert_eq!(check("Xx").1, vec!["shipping_address.country".to_owned()]);
    }
}
