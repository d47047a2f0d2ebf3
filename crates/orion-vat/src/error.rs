//! The crate's error type. VAT id problems are not errors (they are results, see
//! [`crate::vatid::InvalidReason`]); these are the caller's or the data's mistakes.

use chrono::NaiveDate;

use crate::country::CountryCode;
use crate::rate::RateClass;

/// Everything that can go wrong when asking this crate a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatError {
    /// Not two ASCII letters.
    #[error("invalid country code {0:?}: expected an assigned two-letter ISO 3166 code")]
    InvalidCountryCode(String),
    /// A well-formed code of a country that is not a member state nor XI.
    #[error("{0} is not in the EU VAT area: no EU VAT rates apply")]
    NotInVatArea(CountryCode),
    /// The date lies outside every period the rates file knows for the country.
    #[error("no VAT rates known for {country} on {date}")]
    NoRatePeriod {
        country: CountryCode,
        date: NaiveDate,
    },
    /// The country has no rate of that class on that date (e.g. DE super-reduced).
    #[error("{country} has no {class} rate on {date}")]
    RateClassUnavailable {
        country: CountryCode,
        class: RateClass,
        date: NaiveDate,
    },
    /// A postcode of a special territory: there is no EU VAT there.
    #[error("{country} postcode {postcode} is in {area}, outside the EU VAT area")]
    OutsideVatArea {
        country: CountryCode,
        postcode: String,
        area: String,
    },
    /// A malformed rate ("17", "25.5" and "5.25" are fine).
    #[error("invalid rate {0:?}: expected a percentage with at most two decimals, 0..=100")]
    InvalidRate(String),
    /// An unknown rate class name.
    #[error("invalid rate class {0:?}: expected standard, reduced, super-reduced, parking or zero")]
    InvalidRateClass(String),
    /// A negative or otherwise impossible amount.
    #[error("invalid amount: {0}")]
    InvalidAmount(String),
    /// A sum that does not fit in i64 cents.
    #[error("amount overflow")]
    Overflow,
    /// An invoice line whose category and rate contradict each other.
    #[error("invalid VAT line: {0}")]
    InvalidLine(String),
    /// A situation the spec does not cover; refused rather than guessed.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The embedded rates file failed to load (caught by the crate's tests).
    #[error("embedded VAT rates data is invalid: {0}")]
    Data(String),
}
