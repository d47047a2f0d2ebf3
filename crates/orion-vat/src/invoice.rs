//! What a regime prints on the invoice (vat.md §4): EN 16931 VAT category, VATEX
//! exemption code and the legal mention in English, French and German.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;

/// EN 16931 VAT category code (UNCL 5305 subset used for goods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// `S`: standard (any non-zero rate, reduced ones included).
    #[serde(rename = "S")]
    Standard,
    /// `Z`: zero-rated goods.
    #[serde(rename = "Z")]
    ZeroRated,
    /// `K`: exempt intra-Community supply.
    #[serde(rename = "K")]
    IntraCommunity,
    /// `G`: exempt export outside the EU.
    #[serde(rename = "G")]
    Export,
    /// `AE`: reverse charge (services; not produced by the goods regime decision).
    #[serde(rename = "AE")]
    ReverseCharge,
}

impl Category {
    pub fn code(self) -> &'static str {
        match self {
            Self::Standard => "S",
            Self::ZeroRated => "Z",
            Self::IntraCommunity => "K",
            Self::Export => "G",
            Self::ReverseCharge => "AE",
        }
    }

    /// Only `S` carries a non-zero rate; every other category is at 0 %.
    pub fn is_taxed(self) -> bool {
        self == Self::Standard
    }

    /// The exemption reason code that goes with the category, if any.
    pub fn exemption_code(self) -> Option<ExemptionCode> {
        match self {
            Self::IntraCommunity => Some(ExemptionCode::IntraCommunity),
            Self::Export => Some(ExemptionCode::Export),
            Self::ReverseCharge => Some(ExemptionCode::ReverseCharge),
            Self::Standard | Self::ZeroRated => None,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// VATEX exemption reason code (CEF code list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExemptionCode {
    #[serde(rename = "VATEX-EU-IC")]
    IntraCommunity,
    #[serde(rename = "VATEX-EU-G")]
    Export,
    #[serde(rename = "VATEX-EU-AE")]
    ReverseCharge,
}

impl ExemptionCode {
    pub fn code(self) -> &'static str {
        match self {
            Self::IntraCommunity => "VATEX-EU-IC",
            Self::Export => "VATEX-EU-G",
            Self::ReverseCharge => "VATEX-EU-AE",
        }
    }
}

impl fmt::Display for ExemptionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A legal mention in the three invoice languages of Luxembourg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub en: String,
    pub fr: String,
    pub de: String,
}

impl Mention {
    /// The text in `lang` ("en", "fr", "de"); English for anything else.
    pub fn in_language(&self, lang: &str) -> &str {
        match lang {
            "fr" => &self.fr,
            "de" => &self.de,
            _ => &self.en,
        }
    }

    fn new(en: &str, fr: &str, de: &str) -> Self {
        Self {
            en: en.to_owned(),
            fr: fr.to_owned(),
            de: de.to_owned(),
        }
    }

    /// Distance sale declared through the One-Stop-Shop, taxed in `country`.
    pub fn oss(country: CountryCode) -> Self {
        match country.names() {
            Some(n) => Self {
                en: format!(
                    "VAT of {} charged under the One-Stop-Shop (OSS) scheme",
                    n.en
                ),
                fr: format!(
                    "TVA {} appliquée dans le cadre du guichet unique (OSS)",
                    n.fr_of
                ),
                de: format!(
                    "Umsatzsteuer {} im Rahmen des One-Stop-Shop-Verfahrens (OSS) berechnet",
                    n.de_genitive
                ),
            },
            None => Self {
                en: format!("VAT of {country} charged under the One-Stop-Shop (OSS) scheme"),
                fr: format!("TVA ({country}) appliquée dans le cadre du guichet unique (OSS)"),
                de: format!(
                    "Umsatzsteuer ({country}) im Rahmen des One-Stop-Shop-Verfahrens (OSS) berechnet"
                ),
            },
        }
    }

    /// Exempt intra-Community supply (vat.md §4, verbatim).
    pub fn intra_community() -> Self {
        Self::new(
            "Exempt intra-Community supply – Art. 138 Directive 2006/112/EC",
            "Exonération de TVA – livraison intracommunautaire (art. 138 directive 2006/112/CE)",
            "Steuerfreie innergemeinschaftliche Lieferung (Art. 138 MwStSystRL)",
        )
    }

    /// Exempt export (English verbatim from vat.md §4).
    pub fn export() -> Self {
        Self::new(
            "Exempt export outside the EU – Art. 146 Directive 2006/112/EC",
            "Exonération de TVA – exportation hors de l'UE (art. 146 directive 2006/112/CE)",
            "Steuerfreie Ausfuhrlieferung in ein Drittland (Art. 146 MwStSystRL)",
        )
    }

    /// Reverse charge (services).
    pub fn reverse_charge() -> Self {
        Self::new(
            "Reverse charge",
            "Autoliquidation",
            "Steuerschuldnerschaft des Leistungsempfängers",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions() {
        let m = Mention::oss(CountryCode::FR);
        assert_eq!(
            m.en,
            "VAT of France charged under the One-Stop-Shop (OSS) scheme"
        );
        assert_eq!(
            m.fr,
            "TVA de France appliquée dans le cadre du guichet unique (OSS)"
        );
        assert_eq!(
            m.de,
            "Umsatzsteuer Frankreichs im Rahmen des One-Stop-Shop-Verfahrens (OSS) berechnet"
        );
        let nl = Mention::oss(CountryCode::parse("NL").unwrap());
        assert!(nl.fr.starts_with("TVA des Pays-Bas"));
        assert!(nl.de.starts_with("Umsatzsteuer der Niederlande"));
        assert_eq!(
            Mention::intra_community().in_language("fr"),
            "Exonération de TVA – livraison intracommunautaire (art. 138 directive 2006/112/CE)"
        );
        assert_eq!(
            Mention::export().en,
            "Exempt export outside the EU – Art. 146 Directive 2006/112/EC"
        );
    }

    #[test]
    fn categories() {
        assert_eq!(
            serde_json::to_string(&Category::IntraCommunity).unwrap(),
            "\"K\""
        );
        assert_eq!(
            Category::Export.exemption_code().map(|c| c.code()),
            Some("VATEX-EU-G")
        );
        assert_eq!(Category::Standard.exemption_code(), None);
        assert_eq!(
            serde_json::to_string(&ExemptionCode::IntraCommunity).unwrap(),
            "\"VATEX-EU-IC\""
        );
    }
}
