//! What the client returns: already converted (money in cents, timestamps parsed).
//! Quantities are NOT grouped here: each inventory unit is one item (the caller groups
//! units of the same variant into a line).

use serde::{Deserialize, Serialize};

/// One Letzshop shipment (the unit Orion imports as one order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    pub id: String,
    pub number: Option<String>,
    /// "unconfirmed" | "confirmed" | … (kept as text: Letzshop may add states).
    pub state: String,
    pub order: LsOrder,
    pub inventory_units: Vec<InventoryUnit>,
}

/// The customer order a shipment belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LsOrder {
    pub id: String,
    pub number: Option<String>,
    pub email: Option<String>,
    /// `order.total` converted exactly to cents.
    pub total_cents: Option<i64>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Customer language: "en" | "fr" | "de".
    pub locale: Option<String>,
    pub ship_address: Option<LsAddress>,
    pub bill_address: Option<LsAddress>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LsAddress {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub street_name: Option<String>,
    pub street_number: Option<String>,
    pub city: Option<String>,
    pub zip_code: Option<String>,
    pub phone: Option<String>,
    /// `country.iso` (ISO 3166-1 alpha-2, e.g. "LU").
    pub country_iso: Option<String>,
    pub country_name: Option<String>,
}

/// One item of a shipment (there is no quantity field at Letzshop).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryUnit {
    pub id: String,
    /// unconfirmed | confirmed_available | confirmed_unavailable | returned
    pub state: String,
    pub variant: Variant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub id: String,
    pub sku: Option<String>,
    pub mpn: Option<String>,
    /// `variant.price` (gross unit price) converted exactly to cents.
    pub price_cents: i64,
    /// `tradeId.number` (GTIN/EAN/ISBN).
    pub gtin: Option<String>,
    /// `tradeId.parser`: gtin14 | gtin13 | gtin12 | gtin8 | isbn13 | isbn10.
    pub gtin_parser: Option<String>,
    pub product_name: ProductName,
    /// `product._brand` when it is a `Brand`; `None` for `BrandUnknown`.
    pub brand: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProductName {
    pub en: Option<String>,
    pub fr: Option<String>,
    pub de: Option<String>,
}

/// One page of `shipments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentPage {
    pub nodes: Vec<Shipment>,
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

/// The `state` argument of `shipments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentState {
    Unconfirmed,
    Confirmed,
}

impl ShipmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentState::Unconfirmed => "unconfirmed",
            ShipmentState::Confirmed => "confirmed",
        }
    }
}

impl std::fmt::Display for ShipmentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
