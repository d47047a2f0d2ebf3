//! One postal address for every module: orders snapshot it, customers keep a list of them,
//! invoices print it.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

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
        if !(self.country.len() == 2 && self.country.bytes().all(|b| b.is_ascii_uppercase())) {
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
}
