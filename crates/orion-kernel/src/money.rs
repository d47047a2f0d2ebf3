//! Money as integer cents. Amounts cross the API as decimal strings (`"19.99"`) so no client
//! ever sees or sends a float.

use std::fmt;

/// An amount of euros in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    #[error("must be a decimal amount like \"19.99\"")]
    Invalid,
    #[error("has more than two decimals")]
    TooPrecise,
    #[error("is too large")]
    Overflow,
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses `"19.99"`, `"-4.5"`, `"7"`. At most two decimals; no exponent, no thousands separator.
    pub fn parse(s: &str) -> Result<Self, MoneyParseError> {
        let s = s.trim();
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(MoneyParseError::Invalid);
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyParseError::Invalid);
        }
        if body.contains('.') && frac.is_empty() {
            return Err(MoneyParseError::Invalid);
        }
        if frac.len() > 2 {
            return Err(MoneyParseError::TooPrecise);
        }
        let int_val: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| MoneyParseError::Overflow)?
        };
        let frac_val: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyParseError::Invalid)? * 10,
            _ => frac.parse().map_err(|_| MoneyParseError::Invalid)?,
        };
        let cents = int_val
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_val))
            .ok_or(MoneyParseError::Overflow)?;
        Ok(Money(if neg { -cents } else { cents }))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Money::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Money {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^-?\d+(\.\d{1,2})?$"))
            .examples([serde_json::json!("19.99")])
            .description(Some(
                "An amount in euros as a decimal string, two decimals at most",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Money {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        for (s, c) in [
            ("19.99", 1999),
            ("7", 700),
            ("0.5", 50),
            ("-4.05", -405),
            (".25", 25),
        ] {
            assert_eq!(Money::parse(s), Ok(Money(c)), "{s}");
        }
        assert_eq!(Money(1999).to_string(), "19.99");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(700).to_string(), "7.00");
    }

    #[test]
    fn rejects_bad_amounts() {
        for s in [
            "",
            "abc",
            "1.234",
            "1e3",
            "1,50",
            "1.",
            "--1",
            "99999999999999999999",
        ] {
            assert!(Money::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn round_trips_every_cent_in_a_range() {
        for c in -1000..1000 {
            assert_eq!(Money::parse(&Money(c).to_string()), Ok(Money(c)));
        }
    }
}
