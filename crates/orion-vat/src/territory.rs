//! Where a ship-to address is, for VAT: inside the EU VAT area (and in which
//! country's VAT), in a special territory of a member state that is outside it, or in a
//! third country. vat.md §1: the decision needs the postcode, not only the country.

use std::fmt;

use serde::Serialize;

use crate::country::CountryCode;

/// Where goods are delivered, for VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Territory {
    /// In the EU VAT area (member states and, for goods, Northern Ireland `XI`).
    /// `vat_country` is the country whose VAT applies (Monaco gives `FR`); `region` is
    /// set where the rates file has regional rates that replace the national ones.
    InsideEuVat {
        vat_country: CountryCode,
        region: Option<Region>,
    },
    /// Part of a member state (`country`, e.g. `ES` for the Canary Islands, `FR` for
    /// Réunion even when given as `RE`) outside the EU VAT area: shipments there are
    /// exports.
    OutsideEuVat {
        country: CountryCode,
        area: SpecialTerritory,
    },
    /// Any other country (including GB, CH, NO, US): exports.
    NonEu { country: CountryCode },
}

impl Territory {
    pub fn is_inside_eu_vat(&self) -> bool {
        matches!(self, Self::InsideEuVat { .. })
    }

    /// Why it is outside the EU VAT area; `None` when inside.
    pub fn reason(&self) -> Option<String> {
        match self {
            Self::InsideEuVat { .. } => None,
            Self::OutsideEuVat { area, .. } => Some(format!("{area}: outside the EU VAT area")),
            Self::NonEu { country } => Some(format!("{country} is not in the EU VAT area")),
        }
    }
}

/// Areas with rates of their own inside the EU VAT area (rates file, `regional`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// AT 6691, 6991–6993: inside the EU VAT area, standard rate 19 %.
    JungholzMittelberg,
    /// PT 9000–9499.
    Madeira,
    /// PT 9500–9999.
    Azores,
}

impl Region {
    /// The prefix of the `area` text of this region's entry in the rates file.
    pub(crate) fn data_area_prefix(self) -> &'static str {
        match self {
            Self::JungholzMittelberg => "Jungholz and Mittelberg",
            Self::Madeira => "Madeira",
            Self::Azores => "Azores",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::JungholzMittelberg => "Jungholz and Mittelberg",
            Self::Madeira => "Madeira",
            Self::Azores => "Azores",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parts of member states outside the EU VAT area (vat.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialTerritory {
    CanaryIslands,
    Ceuta,
    Melilla,
    AlandIslands,
    Heligoland,
    Busingen,
    Livigno,
    CampioneDItalia,
    MountAthos,
    /// Guadeloupe, Martinique, French Guiana, Réunion, Mayotte (971xx–974xx, 976xx).
    FrenchOverseasDepartment,
    /// Saint-Pierre-et-Miquelon (975xx), and 984xx–988xx (TAAF, Wallis and Futuna,
    /// French Polynesia, New Caledonia); also Saint-Barthélemy and Saint-Martin by code.
    FrenchOverseasCollectivity,
}

impl SpecialTerritory {
    pub fn name(self) -> &'static str {
        match self {
            Self::CanaryIslands => "Canary Islands",
            Self::Ceuta => "Ceuta",
            Self::Melilla => "Melilla",
            Self::AlandIslands => "Åland Islands",
            Self::Heligoland => "Heligoland",
            Self::Busingen => "Büsingen am Hochrhein",
            Self::Livigno => "Livigno",
            Self::CampioneDItalia => "Campione d'Italia",
            Self::MountAthos => "Mount Athos",
            Self::FrenchOverseasDepartment => "a French overseas department",
            Self::FrenchOverseasCollectivity => "a French overseas collectivity",
        }
    }
}

impl fmt::Display for SpecialTerritory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Member states whose special territories are decided by postcode here.
pub fn has_postcode_rules(country: CountryCode) -> bool {
    matches!(
        country.as_str(),
        "ES" | "FI" | "DE" | "IT" | "GR" | "FR" | "AT" | "PT"
    )
}

/// Classifies a delivery address. The postcode is optional; without it the mainland
/// is assumed (the regime decision warns about it). Postcodes may carry spaces, dashes
/// and a letter prefix ("AX-22100", "D-78266", "630 86", "9500-123"); a postcode that
/// is not digits after that is treated as mainland.
///
/// Codes that ISO gives to parts of member states are recognised too: `AX` (Åland),
/// `IC` (Canary Islands), `EA` (Ceuta and Melilla), `GP MQ GF RE YT` (French overseas
/// departments), `PM BL MF NC PF WF TF` (French overseas collectivities); `MC` is
/// inside, as France.
pub fn territory(country: CountryCode, postcode: Option<&str>) -> Territory {
    use SpecialTerritory as S;
    let outside = |parent: CountryCode, area| Territory::OutsideEuVat {
        country: parent,
        area,
    };
    match country.as_str() {
        "AX" => return outside(CountryCode::FI, S::AlandIslands),
        "IC" => return outside(CountryCode::ES, S::CanaryIslands),
        "EA" => {
            let melilla = postcode
                .and_then(digits)
                .is_some_and(|p| p.starts_with("52"));
            return outside(CountryCode::ES, if melilla { S::Melilla } else { S::Ceuta });
        }
        "GP" | "MQ" | "GF" | "RE" | "YT" => {
            return outside(CountryCode::FR, S::FrenchOverseasDepartment);
        }
        "PM" | "BL" | "MF" | "NC" | "PF" | "WF" | "TF" => {
            return outside(CountryCode::FR, S::FrenchOverseasCollectivity);
        }
        _ => {}
    }
    let vat_country = country.vat_country();
    if !vat_country.is_vat_area() {
        return Territory::NonEu { country };
    }
    let inside = |region| Territory::InsideEuVat {
        vat_country,
        region,
    };
    let Some(raw) = postcode else {
        return inside(None);
    };
    if vat_country == CountryCode::FI && has_letter_prefix(raw, "AX") {
        return outside(CountryCode::FI, S::AlandIslands);
    }
    let Some(digits) = digits(raw) else {
        return inside(None);
    };
    let p: &str = &digits;
    let five = p.len() == 5;
    match vat_country.as_str() {
        "ES" if five => match &p[..2] {
            "35" | "38" => outside(vat_country, S::CanaryIslands),
            "51" => outside(vat_country, S::Ceuta),
            "52" => outside(vat_country, S::Melilla),
            _ => inside(None),
        },
        "FI" if five && p.starts_with("22") => outside(vat_country, S::AlandIslands),
        "DE" if p == "27498" => outside(vat_country, S::Heligoland),
        "DE" if p == "78266" => outside(vat_country, S::Busingen),
        "IT" if p == "23041" => outside(vat_country, S::Livigno),
        "IT" if p == "22061" => outside(vat_country, S::CampioneDItalia),
        "GR" if p == "63086" || p == "63087" => outside(vat_country, S::MountAthos),
        "FR" if five => match &p[..3] {
            "971" | "972" | "973" | "974" | "976" => {
                outside(vat_country, S::FrenchOverseasDepartment)
            }
            "975" | "984" | "986" | "987" | "988" => {
                outside(vat_country, S::FrenchOverseasCollectivity)
            }
            _ => inside(None),
        },
        "AT" if matches!(p, "6691" | "6991" | "6992" | "6993") => {
            inside(Some(Region::JungholzMittelberg))
        }
        "PT" if p.len() == 4 || p.len() == 7 => match p.as_bytes()[..2] {
            [b'9', b'0'..=b'4'] => inside(Some(Region::Madeira)),
            [b'9', b'5'..=b'9'] => inside(Some(Region::Azores)),
            _ => inside(None),
        },
        _ => inside(None),
    }
}

fn has_letter_prefix(raw: &str, prefix: &str) -> bool {
    let t = raw.trim_start();
    t.len() >= 2 && t.is_char_boundary(2) && t[..2].eq_ignore_ascii_case(prefix)
}

/// The postcode without spaces, dashes and leading letters, if the rest is ASCII
/// digits (at most 10 of them).
fn digits(raw: &str) -> Option<PostcodeDigits> {
    let mut out = PostcodeDigits::default();
    let mut seen_digit = false;
    for c in raw.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        if c.is_ascii_digit() {
            seen_digit = true;
            if out.len == out.buf.len() {
                return None;
            }
            out.buf[out.len] = c as u8;
            out.len += 1;
        } else if c.is_ascii_alphabetic() && !seen_digit {
            continue;
        } else {
            return None;
        }
    }
    if out.len == 0 { None } else { Some(out) }
}

#[derive(Default)]
struct PostcodeDigits {
    buf: [u8; 10],
    len: usize,
}

impl std::ops::Deref for PostcodeDigits {
    type Target = str;
    fn deref(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(c: &str, p: Option<&str>) -> Territory {
        territory(CountryCode::parse(c).unwrap(), p)
    }

    fn outside_area(c: &str, p: &str) -> Option<SpecialTerritory> {
        match t(c, Some(p)) {
            Territory::OutsideEuVat { area, .. } => Some(area),
            _ => None,
        }
    }

    #[test]
    fn special_territories_by_postcode() {
        use SpecialTerritory as S;
        let cases = [
            ("ES", "35001", S::CanaryIslands),
            ("ES", "38 650", S::CanaryIslands),
            ("ES", "51001", S::Ceuta),
            ("ES", "52001", S::Melilla),
            ("FI", "22100", S::AlandIslands),
            ("FI", "AX-22100", S::AlandIslands),
            ("DE", "27498", S::Heligoland),
            ("DE", "D-78266", S::Busingen),
            ("IT", "23041", S::Livigno),
            ("IT", "22061", S::CampioneDItalia),
            ("GR", "63086", S::MountAthos),
            ("EL", "630 87", S::MountAthos),
            ("FR", "97100", S::FrenchOverseasDepartment),
            ("FR", "97200", S::FrenchOverseasDepartment),
            ("FR", "97300", S::FrenchOverseasDepartment),
            ("FR", "97400", S::FrenchOverseasDepartment),
            ("FR", "97600", S::FrenchOverseasDepartment),
            ("FR", "97500", S::FrenchOverseasCollectivity),
            ("FR", "98800", S::FrenchOverseasCollectivity),
        ];
        for (c, p, area) in cases {
            assert_eq!(outside_area(c, p), Some(area), "{c} {p}");
        }
    }

    #[test]
    fn mainland_neighbours_stay_inside() {
        for (c, p) in [
            ("ES", "28001"),
            ("ES", "08001"),
            ("FI", "00100"),
            ("FI", "21100"),
            ("DE", "27499"),
            ("DE", "78267"),
            ("DE", "10115"),
            ("IT", "23040"),
            ("IT", "22060"),
            ("GR", "63085"),
            ("GR", "10431"),
            ("FR", "75001"),
            ("FR", "97000"),
            ("FR", "98000"),
            ("FR", "20000"),
            ("LU", "L-1234"),
            ("ES", "3500"),
            ("ES", "not a postcode"),
        ] {
            assert!(t(c, Some(p)).is_inside_eu_vat(), "{c} {p}");
        }
    }

    #[test]
    fn monaco_is_france_and_jungholz_is_austria() {
        assert_eq!(
            t("MC", Some("98000")),
            Territory::InsideEuVat {
                vat_country: CountryCode::FR,
                region: None
            }
        );
        for p in ["6691", "6991", "6992", "6993"] {
            assert_eq!(
                t("AT", Some(p)),
                Territory::InsideEuVat {
                    vat_country: CountryCode::AT,
                    region: Some(Region::JungholzMittelberg)
                }
            );
        }
        assert_eq!(
            t("AT", Some("1010")),
            Territory::InsideEuVat {
                vat_country: CountryCode::AT,
                region: None
            }
        );
    }

    #[test]
    fn portuguese_islands_are_regions() {
        let region = |p| match t("PT", Some(p)) {
            Territory::InsideEuVat { region, .. } => region,
            other => panic!("{other:?}"),
        };
        assert_eq!(region("9000-123"), Some(Region::Madeira));
        assert_eq!(region("9400"), Some(Region::Madeira));
        assert_eq!(region("9500-123"), Some(Region::Azores));
        assert_eq!(region("1000-001"), None);
    }

    #[test]
    fn iso_codes_of_territories_and_third_countries() {
        assert_eq!(
            t("RE", None),
            Territory::OutsideEuVat {
                country: CountryCode::FR,
                area: SpecialTerritory::FrenchOverseasDepartment
            }
        );
        assert_eq!(
            outside_area("AX", "22100"),
            Some(SpecialTerritory::AlandIslands)
        );
        assert_eq!(outside_area("EA", "52001"), Some(SpecialTerritory::Melilla));
        assert_eq!(
            t("GB", Some("BT1 1AA")),
            Territory::NonEu {
                country: CountryCode::GB
            }
        );
        assert!(t("XI", Some("BT1 1AA")).is_inside_eu_vat());
        assert!(matches!(t("CH", None), Territory::NonEu { .. }));
        assert!(t("ES", None).is_inside_eu_vat());
    }

    #[test]
    fn hostile_postcodes_do_not_panic() {
        let long = "9".repeat(100_000);
        for p in [
            "",
            "   ",
            "ß",
            "٣٥٠٠١",
            "35\u{0}001",
            long.as_str(),
            "A",
            "Ö-35001",
        ] {
            let _ = t("ES", Some(p));
            let _ = t("FI", Some(p));
        }
    }
}
