//! A VAT rate in basis points and the rate classes a product can carry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::VatError;

/// A VAT rate in basis points: 17 % = `Rate(1700)`, 25.5 % = `Rate(2550)`.
///
/// Displays and serialises as a decimal percentage string without trailing zeros
/// ("17", "25.5", "1.05"). Deserialises from such a string, or from a JSON integer or a
/// short decimal number (which is read through its shortest decimal form, so `25.5`
/// becomes 2550 exactly). At most two decimals, at most 100 %.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Rate(u32);

impl Rate {
    pub const ZERO: Self = Self(0);
    /// 100 %, the largest rate accepted.
    pub const MAX_BP: u32 = 10_000;

    /// From basis points; `None` above 100 %.
    pub const fn from_bp(bp: u32) -> Option<Self> {
        if bp <= Self::MAX_BP {
            Some(Self(bp))
        } else {
            None
        }
    }

    /// The rate in basis points (1700 for 17 %).
    pub const fn bp(self) -> u32 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses "17", "25.5", "5.25", "0". No sign, no exponent, no percent sign.
    pub fn parse(s: &str) -> Result<Self, VatError> {
        let err = || VatError::InvalidRate(s.to_owned());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty()
            || int.len() > 3
            || frac.len() > 2
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
        {
            return Err(err());
        }
        let mut bp: u32 = 0;
        for b in int.bytes() {
            bp = bp * 10 + u32::from(b - b'0');
        }
        bp *= 100;
        let mut scale = 10;
        for b in frac.bytes() {
            bp += u32::from(b - b'0') * scale;
            scale /= 10;
        }
        Self::from_bp(bp).ok_or_else(err)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{int}")
        } else if frac % 10 == 0 {
            write!(f, "{int}.{}", frac / 10)
        } else {
            write!(f, "{int}.{frac:02}")
        }
    }
}

impl FromStr for Rate {
    type Err = VatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Rate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a VAT rate such as \"17\" or \"25.5\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rate, E> {
                Rate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Rate, E> {
                Rate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Rate, E> {
                Rate::parse(&v.to_string()).map_err(E::custom)
            }
            // JSON numbers such as 25.5 arrive as binary floats; their shortest
            // round-trip decimal form ("25.5") is parsed exactly, never computed with.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Rate, E> {
                Rate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The rate class a product carries. Which goods take which class is
/// country-specific; the class picks the rate in the VAT country.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RateClass {
    Standard,
    /// The highest reduced rate that is not the parking rate (see
    /// [`crate::rates::RatePeriod::reduced_class_rate`]).
    Reduced,
    SuperReduced,
    Parking,
    /// Always 0 %, EN 16931 category Z.
    Zero,
}

impl RateClass {
    pub const ALL: [Self; 5] = [
        Self::Standard,
        Self::Reduced,
        Self::SuperReduced,
        Self::Parking,
        Self::Zero,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Reduced => "reduced",
            Self::SuperReduced => "super-reduced",
            Self::Parking => "parking",
            Self::Zero => "zero",
        }
    }
}

impl fmt::Display for RateClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RateClass {
    type Err = VatError;
    /// Accepts `super-reduced` and `super_reduced`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == norm)
            .ok_or_else(|| VatError::InvalidRateClass(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for (s, bp) in [
            ("17", 1700),
            ("25.5", 2550),
            ("5.25", 525),
            ("1.05", 105),
            ("0", 0),
            ("100", 10_000),
            ("4.9", 490),
            ("2.1", 210),
        ] {
            let r = Rate::parse(s).unwrap();
            assert_eq!(r.bp(), bp, "{s}");
            assert_eq!(r.to_string(), s);
        }
        assert_eq!(Rate::parse("25.50").unwrap().to_string(), "25.5");
        for bad in [
            "", ".5", "5.", "-1", "1e2", "100.01", "1000", "5.255", " 5", "5%", "٣",
        ] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_accepts_strings_and_exact_numbers() {
        let r: Rate = serde_json::from_str("25.5").unwrap();
        assert_eq!(r.bp(), 2550);
        let r: Rate = serde_json::from_str("\"13.5\"").unwrap();
        assert_eq!(r.bp(), 1350);
        let r: Rate = serde_json::from_str("17").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"17\"");
        assert!(serde_json::from_str::<Rate>("1.005").is_err());
        assert!(serde_json::from_str::<Rate>("-3").is_err());
    }

    #[test]
    fn rate_class_names() {
        assert_eq!(
            "super_reduced".parse::<RateClass>().unwrap(),
            RateClass::SuperReduced
        );
        assert_eq!("Parking".parse::<RateClass>().unwrap(), RateClass::Parking);
        assert!("half".parse::<RateClass>().is_err());
        assert_eq!(
            serde_json::to_string(&RateClass::SuperReduced).unwrap(),
            "\"super-reduced\""
        );
    }
}
