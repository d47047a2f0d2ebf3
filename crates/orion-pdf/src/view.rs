//! The data a document is rendered from: every value already formatted for its language.

use serde::{Deserialize, Serialize};

/// An invoice or credit note, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    /// `en`, `fr` or `de`: selects the labels (anything else prints English labels).
    pub lang: String,
    /// `invoice` or `credit_note`.
    pub document_type: String,
    pub number: String,
    /// Formatted for the language by the caller, e.g. `24/11/2026`, `24.11.2026`, `24 Nov 2026`.
    pub issue_date: String,
    #[serde(default)]
    pub supply_date: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub order_reference: Option<String>,
    /// For credit notes: the number of the invoice corrected.
    #[serde(default)]
    pub corrects_number: Option<String>,
    /// For credit notes: why the invoice is corrected.
    #[serde(default)]
    pub reason: Option<String>,
    pub seller: PartyView,
    pub buyer: PartyView,
    /// The delivery address lines, when they differ from the buyer's address.
    #[serde(default)]
    pub ship_to: Option<Vec<String>>,
    pub lines: Vec<LineView>,
    /// One row per VAT category and rate.
    #[serde(default)]
    pub breakdown: Vec<BreakdownView>,
    /// Formatted money, e.g. `1 234,56 €` or `€1,234.56`.
    pub net_total: String,
    pub vat_total: String,
    pub gross_total: String,
    /// Regime mentions in the document's language, printed prominently under the totals.
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(default)]
    pub payment_terms: Option<String>,
    /// E.g. `["IBAN LU28 0019 4006 4475 0000", "BIC BCEELULL"]`.
    #[serde(default)]
    pub bank_lines: Vec<String>,
    /// Company-law mentions printed in the footer of every page.
    #[serde(default)]
    pub footer_lines: Vec<String>,
    /// Optional PNG logo printed above the seller block; base64 in JSON.
    #[serde(default, with = "base64_opt")]
    pub logo_png: Option<Vec<u8>>,
}

/// The seller or the buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyView {
    pub name: String,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub address_lines: Vec<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
    /// E.g. `RCS B123456`, an e-mail address.
    #[serde(default)]
    pub extra_lines: Vec<String>,
}

/// One line of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    pub position: u32,
    pub description: String,
    #[serde(default)]
    pub sku: Option<String>,
    pub quantity: String,
    pub unit_price: String,
    /// E.g. `17 %`.
    pub vat_rate: String,
    pub amount: String,
}

/// The taxable amount and VAT of one VAT category and rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownView {
    /// E.g. `VAT 17 %`, `TVA 17 %` or an exemption name.
    pub label: String,
    pub rate: String,
    pub taxable: String,
    pub vat: String,
}

mod base64_opt {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_some(&STANDARD.encode(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| {
                STANDARD
                    .decode(s.as_bytes())
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}
