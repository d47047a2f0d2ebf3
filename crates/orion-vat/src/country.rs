//! Two-letter country codes and the names used in invoice mentions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::VatError;

/// An ISO 3166-1 alpha-2 code, uppercase and assigned (see `KNOWN_CODES`). `EL` is read as `GR` and `UK` as `GB`, so
/// Greece is always `GR` here (the VAT-number prefix `EL` lives in
/// [`crate::vatid::VatPrefix`]). `XI` (Northern Ireland) and `MC` (Monaco) are kept
/// as given; rate and territory look-ups map `MC` to `FR`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

/// The 27 member states and XI: the countries the rates file covers.
pub const VAT_AREA: [&str; 28] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

impl CountryCode {
    pub const AT: Self = Self(*b"AT");
    pub const DE: Self = Self(*b"DE");
    pub const ES: Self = Self(*b"ES");
    pub const FI: Self = Self(*b"FI");
    pub const FR: Self = Self(*b"FR");
    pub const GB: Self = Self(*b"GB");
    pub const GR: Self = Self(*b"GR");
    pub const IT: Self = Self(*b"IT");
    pub const LU: Self = Self(*b"LU");
    pub const MC: Self = Self(*b"MC");
    pub const PT: Self = Self(*b"PT");
    pub const XI: Self = Self(*b"XI");

    /// Parses a code case-insensitively, trimming surrounding whitespace.
    pub fn parse(s: &str) -> Result<Self, VatError> {
        let t = s.trim().as_bytes();
        match t {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
                let code = match &code {
                    b"EL" => *b"GR",
                    b"UK" => *b"GB",
                    _ => code,
                };
                let known =
                    std::str::from_utf8(&code).is_ok_and(|c| KNOWN_CODES.binary_search(&c).is_ok());
                if known {
                    Ok(Self(code))
                } else {
                    Err(VatError::InvalidCountryCode(s.to_owned()))
                }
            }
            _ => Err(VatError::InvalidCountryCode(s.to_owned())),
        }
    }

    pub(crate) const fn from_ascii(code: [u8; 2]) -> Self {
        Self(code)
    }

    pub fn as_str(&self) -> &str {
        // Built only from ASCII letters, so this never takes the fallback.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Member state or Northern Ireland (EU VAT rules for goods apply there).
    pub fn is_vat_area(self) -> bool {
        VAT_AREA.contains(&self.as_str())
    }

    /// The country whose VAT applies: Monaco is treated as France.
    pub fn vat_country(self) -> Self {
        if self == Self::MC { Self::FR } else { self }
    }

    /// Names for explanations and mentions; `None` outside the VAT area.
    pub fn names(self) -> Option<&'static CountryNames> {
        NAMES
            .iter()
            .find(|n| n.code == self.as_str())
            .map(|n| &n.names)
    }

    /// English name, or the code itself when no name is known.
    pub fn name_en(self) -> String {
        self.names()
            .map_or_else(|| self.as_str().to_owned(), |n| n.en.to_owned())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = VatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// ISO 3166-1 alpha-2 officially assigned codes, plus the exceptionally reserved `EA`
/// (Ceuta, Melilla) and `IC` (Canary Islands) and the user-assigned `XI` (Northern
/// Ireland) and `XK` (Kosovo). Sorted, for binary search. A typo such as `FT` must not
/// become "a third country, so an export".
const KNOWN_CODES: [&str; 253] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EA", "EC",
    "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE",
    "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "IC", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
    "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
    "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY",
    "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE",
    "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO",
    "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM",
    "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "XI", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// A country's name in the three invoice languages, in the grammatical forms the
/// mentions need.
#[derive(Debug)]
pub struct CountryNames {
    /// "Luxembourg"
    pub en: &'static str,
    /// The French "of" form, with its article: "du Luxembourg", "d'Autriche".
    pub fr_of: &'static str,
    /// The German genitive: "Luxemburgs", "der Niederlande".
    pub de_genitive: &'static str,
}

struct Named {
    code: &'static str,
    names: CountryNames,
}

const fn n(
    code: &'static str,
    en: &'static str,
    fr_of: &'static str,
    de_genitive: &'static str,
) -> Named {
    Named {
        code,
        names: CountryNames {
            en,
            fr_of,
            de_genitive,
        },
    }
}

const NAMES: [Named; 28] = [
    n("AT", "Austria", "d'Autriche", "Österreichs"),
    n("BE", "Belgium", "de Belgique", "Belgiens"),
    n("BG", "Bulgaria", "de Bulgarie", "Bulgariens"),
    n("CY", "Cyprus", "de Chypre", "Zyperns"),
    n("CZ", "Czechia", "de Tchéquie", "Tschechiens"),
    n("DE", "Germany", "d'Allemagne", "Deutschlands"),
    n("DK", "Denmark", "du Danemark", "Dänemarks"),
    n("EE", "Estonia", "d'Estonie", "Estlands"),
    n("ES", "Spain", "d'Espagne", "Spaniens"),
    n("FI", "Finland", "de Finlande", "Finnlands"),
    n("FR", "France", "de France", "Frankreichs"),
    n("GR", "Greece", "de Grèce", "Griechenlands"),
    n("HR", "Croatia", "de Croatie", "Kroatiens"),
    n("HU", "Hungary", "de Hongrie", "Ungarns"),
    n("IE", "Ireland", "d'Irlande", "Irlands"),
    n("IT", "Italy", "d'Italie", "Italiens"),
    n("LT", "Lithuania", "de Lituanie", "Litauens"),
    n("LU", "Luxembourg", "du Luxembourg", "Luxemburgs"),
    n("LV", "Latvia", "de Lettonie", "Lettlands"),
    n("MT", "Malta", "de Malte", "Maltas"),
    n("NL", "the Netherlands", "des Pays-Bas", "der Niederlande"),
    n("PL", "Poland", "de Pologne", "Polens"),
    n("PT", "Portugal", "du Portugal", "Portugals"),
    n("RO", "Romania", "de Roumanie", "Rumäniens"),
    n("SE", "Sweden", "de Suède", "Schwedens"),
    n("SI", "Slovenia", "de Slovénie", "Sloweniens"),
    n("SK", "Slovakia", "de Slovaquie", "der Slowakei"),
    n(
        "XI",
        "Northern Ireland (United Kingdom)",
        "d'Irlande du Nord (Royaume-Uni)",
        "Nordirlands (Vereinigtes Königreich)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_aliases() {
        assert_eq!(CountryCode::parse(" lu ").unwrap(), CountryCode::LU);
        assert_eq!(CountryCode::parse("EL").unwrap(), CountryCode::GR);
        assert_eq!(CountryCode::parse("uk").unwrap(), CountryCode::GB);
        assert_eq!(
            CountryCode::parse("MC").unwrap().vat_country(),
            CountryCode::FR
        );
        for bad in ["", "L", "LUX", "L1", "ÄÖ", "é", "FT", "ZZ", "EU"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn known_codes_are_sorted() {
        assert!(KNOWN_CODES.windows(2).all(|w| w[0] < w[1]));
        for c in ["XI", "XK", "IC", "EA", "AX", "RE", "GB", "US", "CH", "MC"] {
            assert!(CountryCode::parse(c).is_ok(), "{c}");
        }
    }

    #[test]
    fn every_vat_area_country_has_names() {
        for code in VAT_AREA {
            let c = CountryCode::parse(code).unwrap();
            assert!(c.is_vat_area());
            assert!(c.names().is_some(), "{code}");
        }
        assert!(!CountryCode::GB.is_vat_area());
        assert!(!CountryCode::MC.is_vat_area());
    }

    #[test]
    fn serde_is_a_string() {
        let c: CountryCode = serde_json::from_str("\"el\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"GR\"");
    }
}
