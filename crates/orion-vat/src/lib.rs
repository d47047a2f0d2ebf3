//! Orion's VAT engine for a seller of goods established in Luxembourg (or another
//! member state): pure functions over embedded data, no database, no HTTP, no IO.
//!
//! A tour, in the order an order meets it:
//!
//! - [`rates`] looks up a rate by country, date and [`RateClass`] in the embedded
//!   `data/eu_vat_rates.json` (27 member states + XI, dated history and announced
//!   periods). Rates are [`Rate`]s in basis points, shown as "17" or "25.5"; never
//!   floats. A date outside the file's periods is an error.
//! - [`territory`](mod@territory) tells where a ship-to address is for VAT: inside the EU VAT area
//!   (Monaco counts as France, Jungholz/Mittelberg as Austria with their own rate), in
//!   a special territory outside it (Canary Islands, Åland, French overseas
//!   departments, …) or in a third country. The postcode decides.
//! - [`vatid`] normalises and validates VAT identification numbers of all member
//!   states and XI (format and check digits, as python-stdnum, which a test
//!   cross-checks), allocation-free; [`vatid::check`] reports for the CLI and API.
//! - [`vies`] holds the types a VIES client (elsewhere) returns and Orion stores.
//! - [`regime`] decides the regime of an order (`DOMESTIC`, distance sale at origin /
//!   OSS / with local registration, intra-Community supply, export, …) with the VAT
//!   country, rates, EN 16931 category, exemption code, invoice mention, reporting
//!   bucket, warnings and an explanation. [`invoice`] has those invoice words.
//! - [`rounding`] computes an invoice's VAT per (category, rate) bucket, net- or
//!   gross-based, in integer cents with half-up rounding.
//! - [`cli_format`] renders `orion vat check | rate | regime` output.
//!
//! ```
//! use orion_vat::{decide, RegimeInput, Regime};
//! let input = RegimeInput {
//!     seller_country: "LU".into(), ship_from: "LU".into(), ship_to: "FR".into(),
//!     ship_to_postcode: Some("75001".into()), b2b: true,
//!     buyer_vat_id: Some("FR 61 954 506 077".into()), buyer_vat_id_valid: Some(true),
//!     oss_registered: true, opted_destination: false,
//!     eu_b2c_this_year_cents: 0, eu_b2c_last_year_cents: 0, order_net_cents: 5_000,
//!     date: "2025-03-15".parse().unwrap(),
//! };
//! let decision = decide(&input).unwrap();
//! assert_eq!(decision.regime, Regime::IntraCommunitySupply);
//! assert_eq!(decision.exemption_code.unwrap().code(), "VATEX-EU-IC");
//! ```
//!
//! The rules, with examples, are in `docs/index.md`; the data file in
//! `docs/data-model.md`.

pub mod cli_format;
pub mod country;
pub mod error;
pub mod invoice;
pub mod rate;
pub mod rates;
pub mod regime;
pub mod rounding;
pub mod territory;
pub mod vatid;
pub mod vies;

pub use cli_format::{check_line, rate_json, rate_json_on, regime_json};
pub use country::CountryCode;
pub use error::VatError;
pub use invoice::{Category, ExemptionCode, Mention};
pub use rate::{Rate, RateClass};
pub use rates::{RateLookup, RatePeriod, rate_on, rates_at};
pub use regime::{
    DISTANCE_SALES_THRESHOLD_CENTS, Regime, RegimeDecision, RegimeInput, ReportingBucket, Warning,
    WarningCode, decide,
};
pub use rounding::{RoundingMethod, VatBreakdown, VatBucket, VatLine, breakdown};
pub use territory::{Region, SpecialTerritory, Territory, territory};
pub use vatid::{InvalidReason, VatId, VatIdCheck, VatPrefix};
pub use vies::{ViesFault, ViesResult};
