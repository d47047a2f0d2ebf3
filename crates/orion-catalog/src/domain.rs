//! Product vocabulary, parsed at the edge.

use serde::{Deserialize, Serialize};

/// Kinds of trade item number, as Letzshop's `tradeId.parser` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum GtinType {
    Gtin8,
    Gtin12,
    Gtin13,
    Gtin14,
    Isbn10,
    Isbn13,
}

impl GtinType {
    pub const ALL: [GtinType; 6] = [
        Self::Gtin8,
        Self::Gtin12,
        Self::Gtin13,
        Self::Gtin14,
        Self::Isbn10,
        Self::Isbn13,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gtin8 => "gtin8",
            Self::Gtin12 => "gtin12",
            Self::Gtin13 => "gtin13",
            Self::Gtin14 => "gtin14",
            Self::Isbn10 => "isbn10",
            Self::Isbn13 => "isbn13",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim().to_ascii_lowercase())
    }

    fn len(self) -> usize {
        match self {
            Self::Gtin8 => 8,
            Self::Gtin12 => 12,
            Self::Gtin13 | Self::Isbn13 => 13,
            Self::Gtin14 => 14,
            Self::Isbn10 => 10,
        }
    }

    /// The type implied by a number's length (13 digits starting 978/979 is still `gtin13`).
    pub fn guess(number: &str) -> Option<Self> {
        match number.len() {
            8 => Some(Self::Gtin8),
            10 => Some(Self::Isbn10),
            12 => Some(Self::Gtin12),
            13 => Some(Self::Gtin13),
            14 => Some(Self::Gtin14),
            _ => None,
        }
    }
}

/// GS1 mod-10 check: weights 3 and 1 alternating from the rightmost data digit.
fn gs1_valid(digits: &[u8]) -> bool {
    let (data, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check[0])
}

/// Validates a GTIN/ISBN of the given type; returns the normalised number or a message.
pub fn validate_gtin(raw: &str, kind: GtinType) -> Result<String, String> {
    let n: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    if n.len() != kind.len() {
        return Err(format!(
            "a {} has {} digits, this has {}",
            kind.as_str(),
            kind.len(),
            n.len()
        ));
    }
    if kind == GtinType::Isbn10 {
        let last = n.as_bytes()[9];
        if !n.is_ascii()
            || !n[..9].bytes().all(|b| b.is_ascii_digit())
            || !(last.is_ascii_digit() || last == b'X')
        {
            return Err("an ISBN-10 has 9 digits and a check digit (0-9 or X)".into());
        }
        let sum: u32 = n
            .bytes()
            .enumerate()
            .map(|(i, b)| (10 - i as u32) * if b == b'X' { 10 } else { u32::from(b - b'0') })
            .sum();
        return if sum.is_multiple_of(11) {
            Ok(n)
        } else {
            Err("has a wrong check digit".into())
        };
    }
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must contain digits only".into());
    }
    if kind == GtinType::Isbn13 && !(n.starts_with("978") || n.starts_with("979")) {
        return Err("an ISBN-13 starts with 978 or 979".into());
    }
    let digits: Vec<u8> = n.bytes().map(|b| b - b'0').collect();
    if gs1_valid(&digits) {
        Ok(n)
    } else {
        Err("has a wrong check digit".into())
    }
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name { $(#[serde(rename = $text)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),* } }
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim().to_ascii_lowercase();
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
            pub fn choices() -> String { Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ") }
        }
    };
}

text_enum!(
    /// Which VAT rate of the destination applies to the product.
    VatRateClass { Standard = "standard", Reduced = "reduced", SuperReduced = "super-reduced", Parking = "parking", Zero = "zero" }
);
text_enum!(
    /// Physical goods have stock; digital goods and services are always available.
    ProductType { Physical = "physical", Digital = "digital", Service = "service" }
);
text_enum!(Condition { New = "new", Used = "used", Refurbished = "refurbished" });
text_enum!(
    /// An explicit availability; when absent it follows stock.
    Availability { InStock = "in_stock", OutOfStock = "out_of_stock", Preorder = "preorder" }
);

pub const LANGUAGES: [&str; 3] = ["en", "fr", "de"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtin_check_digits() {
        for (n, t) in [
            ("4006381333931", GtinType::Gtin13),
            ("96385074", GtinType::Gtin8),
            ("036000291452", GtinType::Gtin12),
            ("10012345678902", GtinType::Gtin14),
            ("9780306406157", GtinType::Isbn13),
            ("0306406152", GtinType::Isbn10),
            ("080442957X", GtinType::Isbn10),
        ] {
            assert!(validate_gtin(n, t).is_ok(), "{n}");
        }
        assert!(validate_gtin("4006381333932", GtinType::Gtin13).is_err());
        assert!(validate_gtin("4006381333931", GtinType::Gtin8).is_err());
        assert!(validate_gtin("400638133393A", GtinType::Gtin13).is_err());
        assert!(validate_gtin("0306406153", GtinType::Isbn10).is_err());
        assert!(validate_gtin("4006381333931", GtinType::Isbn13).is_err());
        assert_eq!(
            validate_gtin("400-6381 333931", GtinType::Gtin13).unwrap(),
            "4006381333931"
        );
    }

    #[test]
    fn every_gtin13_with_a_computed_check_digit_passes_and_every_other_digit_fails() {
        for base in [400638133393u64, 123456789012, 978030640615, 5] {
            let data = format!("{base:012}");
            let digits: Vec<u32> = data.bytes().map(|b| u32::from(b - b'0')).collect();
            let sum: u32 = digits
                .iter()
                .rev()
                .enumerate()
                .map(|(i, d)| d * if i % 2 == 0 { 3 } else { 1 })
                .sum();
            let check = (10 - sum % 10) % 10;
            for c in 0..10 {
                assert_eq!(
                    validate_gtin(&format!("{data}{c}"), GtinType::Gtin13).is_ok(),
                    c == check
                );
            }
        }
    }

    #[test]
    fn enums_parse_case_insensitively() {
        assert_eq!(
            VatRateClass::parse("Super-Reduced"),
            Some(VatRateClass::SuperReduced)
        );
        assert_eq!(ProductType::parse("digital"), Some(ProductType::Digital));
        assert!(Condition::parse("broken").is_none());
        assert_eq!(GtinType::guess("4006381333931"), Some(GtinType::Gtin13));
    }
}
