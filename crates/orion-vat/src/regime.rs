//! The regime decision for goods since 2021-07-01 (vat.md §3–4): which country's VAT,
//! which rate(s), what the invoice says and where the sale is reported.
//!
//! ```text
//! ship-to outside the EU VAT area (third country or special territory) -> EXPORT
//! ship-from == ship-to:  ship-from == seller          -> DOMESTIC
//!                        otherwise (stock abroad)     -> DOMESTIC_OTHER_MS
//! B2B, valid buyer id of another country than ship-from -> INTRA_COMMUNITY_SUPPLY
//! B2B, valid buyer id of the ship-from country          -> DOMESTIC / DOMESTIC_OTHER_MS
//! otherwise a distance sale (B2C, or B2B without a valid id):
//!   ship-from == seller, threshold kept (this order included), no option
//!                                                     -> DISTANCE_SALE_ORIGIN
//!   OSS-registered                                    -> DISTANCE_SALE_OSS
//!   otherwise                                         -> DISTANCE_SALE_DESTINATION_REGISTERED
//! ```
//!
//! `vat_country` is always set: it is the country whose VAT law governs the supply.
//! For the exempt regimes (export, intra-Community supply) that is the ship-from
//! country, under whose law the supply is exempt; `rate` is then 0.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::error::VatError;
use crate::invoice::{Category, ExemptionCode, Mention};
use crate::rate::{Rate, RateClass};
use crate::rates::{self, PeriodBounds, RateLookup};
use crate::territory::{Region, Territory, has_postcode_rules, territory};
use crate::vatid::{self, VatId};

/// EUR 10,000 net in cents: the EU-wide distance-sales threshold (Directive art. 59c).
pub const DISTANCE_SALES_THRESHOLD_CENTS: i64 = 1_000_000;

/// The first day of the e-commerce package; earlier dates had per-country thresholds
/// and are refused.
pub fn ecommerce_package_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 7, 1).unwrap_or_default()
}

/// Everything the decision depends on; store it with the order so the decision can be
/// explained and re-run later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegimeInput {
    /// Where the seller is established ("LU").
    pub seller_country: String,
    /// Where the goods leave from (the seller's country, or a warehouse abroad).
    pub ship_from: String,
    /// Delivery country (ISO; `EL` and `GR` both mean Greece, `XI` Northern Ireland,
    /// `MC` Monaco = France).
    pub ship_to: String,
    /// Delivery postcode: needed to recognise special territories and regional rates.
    #[serde(default)]
    pub ship_to_postcode: Option<String>,
    /// The buyer acts as a business.
    #[serde(default)]
    pub b2b: bool,
    /// The buyer's VAT id as entered.
    #[serde(default)]
    pub buyer_vat_id: Option<String>,
    /// External confirmation (VIES): `Some(true)` confirmed, `Some(false)` refused,
    /// `None` not asked. The id must also pass the format and check-digit validation;
    /// `None` relies on that alone (and warns).
    #[serde(default)]
    pub buyer_vat_id_valid: Option<bool>,
    /// The seller is registered for the Union OSS.
    #[serde(default)]
    pub oss_registered: bool,
    /// The seller opted for destination taxation below the threshold.
    #[serde(default)]
    pub opted_destination: bool,
    /// EU-wide cross-border B2C distance sales this calendar year, net, in cents,
    /// **before** this order.
    pub eu_b2c_this_year_cents: i64,
    /// The same total for the whole previous calendar year.
    pub eu_b2c_last_year_cents: i64,
    /// This order's net amount in cents.
    pub order_net_cents: i64,
    /// The date of the supply (chargeable event): picks the rates.
    pub date: NaiveDate,
}

/// The VAT regime of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Regime {
    Domestic,
    DomesticOtherMs,
    DistanceSaleOrigin,
    DistanceSaleOss,
    DistanceSaleDestinationRegistered,
    IntraCommunitySupply,
    Export,
}

impl Regime {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Domestic => "DOMESTIC",
            Self::DomesticOtherMs => "DOMESTIC_OTHER_MS",
            Self::DistanceSaleOrigin => "DISTANCE_SALE_ORIGIN",
            Self::DistanceSaleOss => "DISTANCE_SALE_OSS",
            Self::DistanceSaleDestinationRegistered => "DISTANCE_SALE_DESTINATION_REGISTERED",
            Self::IntraCommunitySupply => "INTRA_COMMUNITY_SUPPLY",
            Self::Export => "EXPORT",
        }
    }

    /// Exempt regimes charge no VAT at all.
    pub fn is_exempt(self) -> bool {
        matches!(self, Self::IntraCommunitySupply | Self::Export)
    }

    pub fn is_distance_sale(self) -> bool {
        matches!(
            self,
            Self::DistanceSaleOrigin
                | Self::DistanceSaleOss
                | Self::DistanceSaleDestinationRegistered
        )
    }
}

impl std::fmt::Display for Regime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which return or listing the sale goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportingBucket {
    /// The seller's own VAT return (domestic sales, origin-taxed distance sales).
    Domestic,
    /// The quarterly OSS return, per destination country and rate.
    Oss,
    /// The EC sales list (recapitulative statement), per buyer VAT id; also the exempt
    /// intra-Community supplies box of the domestic return.
    EcSalesList,
    /// Exempt exports box of the domestic return; keep proof of export.
    Export,
    /// A VAT return in another member state where the seller must be registered.
    LocalRegistration,
}

/// Machine-readable warning kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// The seller must be VAT-registered in another country.
    LocalRegistrationRequired,
    /// This order takes the EU-wide total over EUR 10,000.
    ThresholdCrossed,
    /// B2B buyer with an invalid VAT id: taxed as a consumer.
    BuyerVatIdInvalid,
    /// B2B buyer without a VAT id: taxed as a consumer.
    BuyerVatIdMissing,
    /// The id is well-formed but nobody confirmed it exists (VIES not asked).
    BuyerVatIdNotVerified,
    /// The buyer's id is of a third member state (neither ship-from nor ship-to).
    BuyerVatIdCountryDiffersFromShipTo,
    /// The ship-to country has special territories but no postcode was given.
    PostcodeMissing,
    /// Intra-Community supply: invoice and evidence requirements.
    IntraCommunityRequirements,
    /// Export: keep proof that the goods left the EU VAT area.
    ExportEvidence,
    /// Opting for destination taxation binds for two calendar years.
    OptionBinding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

/// Where the seller stands against the EUR 10,000 threshold with this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ThresholdStatus {
    pub threshold_cents: i64,
    pub last_year_cents: i64,
    pub this_year_before_cents: i64,
    pub this_year_after_cents: i64,
    /// Goods leave from the seller's country, so the threshold can apply at all.
    pub applies: bool,
    /// Both years at or under the threshold, this order included.
    pub within: bool,
    /// This order is the one that goes over (it is already destination-taxed).
    pub crossed_by_this_order: bool,
}

/// The rate of every class under the decision (all 0 for exempt regimes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRates {
    pub standard: Rate,
    /// The `reduced` class (see [`crate::rates::RatePeriod::reduced_class_rate`]).
    pub reduced: Option<Rate>,
    pub super_reduced: Option<Rate>,
    pub parking: Option<Rate>,
    pub zero: Rate,
    /// Every reduced rate of the country, highest first (empty when exempt).
    pub reduced_all: Vec<Rate>,
}

impl ClassRates {
    fn exempt() -> Self {
        Self {
            standard: Rate::ZERO,
            reduced: Some(Rate::ZERO),
            super_reduced: Some(Rate::ZERO),
            parking: Some(Rate::ZERO),
            zero: Rate::ZERO,
            reduced_all: Vec::new(),
        }
    }

    fn from_lookup(l: &RateLookup) -> Self {
        Self {
            standard: l.standard,
            reduced: l.reduced_class_rate(),
            super_reduced: l.super_reduced,
            parking: l.parking,
            zero: Rate::ZERO,
            reduced_all: l.reduced.clone(),
        }
    }

    pub fn get(&self, class: RateClass) -> Option<Rate> {
        match class {
            RateClass::Standard => Some(self.standard),
            RateClass::Reduced => self.reduced,
            RateClass::SuperReduced => self.super_reduced,
            RateClass::Parking => self.parking,
            RateClass::Zero => Some(self.zero),
        }
    }
}

/// The outcome: store it with the order and the invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeDecision {
    pub regime: Regime,
    /// The country whose VAT law governs the supply (ship-from for exempt regimes).
    pub vat_country: CountryCode,
    pub date: NaiveDate,
    /// The standard-class rate under this regime ("0" when exempt).
    pub rate: Rate,
    pub rates: ClassRates,
    /// The rate period used (`None` for exempt regimes).
    pub period: Option<PeriodBounds>,
    /// Regional rates used (Jungholz/Mittelberg, Madeira, Azores).
    pub region: Option<Region>,
    /// Category of standard-class lines (`S`, `K`, `G`); zero-class lines are `Z`.
    pub category: Category,
    pub exemption_code: Option<ExemptionCode>,
    pub mention: Option<Mention>,
    pub reporting_bucket: ReportingBucket,
    /// Add `order_net_cents` to the EU-wide B2C distance-sales total.
    pub counts_towards_threshold: bool,
    /// Threshold arithmetic, for distance sales.
    pub threshold: Option<ThresholdStatus>,
    /// Where the goods go.
    pub destination: Territory,
    /// The buyer's id, normalised, when it was accepted as valid.
    pub buyer_vat_id: Option<VatId>,
    pub warnings: Vec<Warning>,
    /// Why, in one or two sentences (English).
    pub explanation: String,
}

impl RegimeDecision {
    /// The rate for a product of this class (0 for exempt regimes).
    pub fn rate_for(&self, class: RateClass) -> Result<Rate, VatError> {
        self.rates.get(class).ok_or(VatError::RateClassUnavailable {
            country: self.vat_country,
            class,
            date: self.date,
        })
    }

    /// The EN 16931 category of a line of this class: `Z` for zero-class lines in a
    /// taxed regime, else the regime's category.
    pub fn category_for(&self, class: RateClass) -> Category {
        if class == RateClass::Zero && self.category == Category::Standard {
            Category::ZeroRated
        } else {
            self.category
        }
    }
}

struct Ctx {
    seller: CountryCode,
    from: CountryCode,
    date: NaiveDate,
    warnings: Vec<Warning>,
}

impl Ctx {
    fn warn(&mut self, code: WarningCode, message: String) {
        self.warnings.push(Warning { code, message });
    }
}

fn parse_vat_area(field: &str, value: &str) -> Result<CountryCode, VatError> {
    let c = CountryCode::parse(value)?.vat_country();
    if !c.is_vat_area() {
        return Err(VatError::Unsupported(format!(
            "{field} {c} is outside the EU VAT area"
        )));
    }
    Ok(c)
}

/// Decides the regime of one order (vat.md §3). Errors on malformed input, negative
/// amounts, dates before 2021-07-01 or without rates, and on NI ↔ GB movements (UK
/// internal, not modelled).
pub fn decide(input: &RegimeInput) -> Result<RegimeDecision, VatError> {
    for (name, v) in [
        ("eu_b2c_this_year_cents", input.eu_b2c_this_year_cents),
        ("eu_b2c_last_year_cents", input.eu_b2c_last_year_cents),
        ("order_net_cents", input.order_net_cents),
    ] {
        if v < 0 {
            return Err(VatError::InvalidAmount(format!(
                "{name} must not be negative"
            )));
        }
    }
    if input.date < ecommerce_package_start() {
        return Err(VatError::Unsupported(format!(
            "the regime rules apply from 2021-07-01; {} is earlier",
            input.date
        )));
    }
    let seller = parse_vat_area("seller country", &input.seller_country)?;
    let from = parse_vat_area("ship-from country", &input.ship_from)?;
    let to_raw = CountryCode::parse(&input.ship_to)?;
    let postcode = input
        .ship_to_postcode
        .as_deref()
        .filter(|p| !p.trim().is_empty());
    let destination = territory(to_raw, postcode);
    let mut ctx = Ctx {
        seller,
        from,
        date: input.date,
        warnings: Vec::new(),
    };

    let (to, region) = match destination {
        Territory::InsideEuVat {
            vat_country,
            region,
        } => (vat_country, region),
        Territory::NonEu { country } if from == CountryCode::XI && country == CountryCode::GB => {
            return Err(VatError::Unsupported(
                "goods from Northern Ireland to Great Britain are a UK-internal supply".into(),
            ));
        }
        Territory::OutsideEuVat { .. } | Territory::NonEu { .. } => {
            return Ok(export(ctx, destination, to_raw, postcode));
        }
    };
    if postcode.is_none() && has_postcode_rules(to) {
        ctx.warn(
            WarningCode::PostcodeMissing,
            format!(
                "no postcode for {to}: assumed outside its special territories; give the postcode to be sure"
            ),
        );
    }
    if from == to {
        let why = if from == seller {
            format!("Goods ship within {from}, the seller's country: a domestic supply.")
        } else {
            format!("Goods ship within {from} from stock held there: a domestic supply in {from}.")
        };
        return domestic(ctx, destination, why);
    }

    let mut buyer_id = None;
    if input.b2b {
        match input.buyer_vat_id.as_deref().filter(|s| !s.trim().is_empty()) {
            None => ctx.warn(
                WarningCode::BuyerVatIdMissing,
                "B2B buyer without a VAT id: taxed as a sale to a consumer (distance sale)".into(),
            ),
            Some(raw) => match (vatid::validate(raw), input.buyer_vat_id_valid) {
                (Ok(id), Some(true) | None) => buyer_id = Some(id),
                (Ok(id), Some(false)) => ctx.warn(
                    WarningCode::BuyerVatIdInvalid,
                    format!(
                        "buyer VAT id {id} was not confirmed (VIES): taxed as a sale to a consumer (distance sale)"
                    ),
                ),
                (Err(e), _) => ctx.warn(
                    WarningCode::BuyerVatIdInvalid,
                    format!(
                        "buyer VAT id {raw:?} is invalid ({}): taxed as a sale to a consumer (distance sale)",
                        e.reason
                    ),
                ),
            },
        }
    }
    if let Some(id) = buyer_id {
        if input.buyer_vat_id_valid.is_none() {
            ctx.warn(
                WarningCode::BuyerVatIdNotVerified,
                format!(
                    "buyer VAT id {id} passed the format and check-digit test only; confirm it with VIES before exempting"
                ),
            );
        }
        let id_country = id.country();
        if id_country != from {
            if id_country != to {
                ctx.warn(
                    WarningCode::BuyerVatIdCountryDiffersFromShipTo,
                    format!(
                        "buyer VAT id is of {id_country} but goods go to {to}: check the transport evidence (possible chain or triangular transaction)"
                    ),
                );
            }
            return intra_community(ctx, destination, id, to);
        }
        let why = format!(
            "B2B buyer with a VAT id of {from}, the ship-from country: no exemption; taxed as a domestic supply in {from}."
        );
        let mut d = domestic(ctx, destination, why)?;
        d.buyer_vat_id = Some(id);
        return Ok(d);
    }

    distance_sale(ctx, input, destination, to, region)
}

fn decision(
    ctx: Ctx,
    regime: Regime,
    vat_country: CountryCode,
    destination: Territory,
    explanation: String,
) -> RegimeDecision {
    RegimeDecision {
        regime,
        vat_country,
        date: ctx.date,
        rate: Rate::ZERO,
        rates: ClassRates::exempt(),
        period: None,
        region: None,
        category: Category::Standard,
        exemption_code: None,
        mention: None,
        reporting_bucket: ReportingBucket::Domestic,
        counts_towards_threshold: false,
        threshold: None,
        destination,
        buyer_vat_id: None,
        warnings: ctx.warnings,
        explanation,
    }
}

fn with_rates(mut d: RegimeDecision, region: Option<Region>) -> Result<RegimeDecision, VatError> {
    let lookup = rates::rates_in(d.vat_country, d.date, region)?;
    d.rate = lookup.standard;
    d.rates = ClassRates::from_lookup(&lookup);
    d.period = Some(lookup.period);
    d.region = lookup.region;
    Ok(d)
}

fn export(
    mut ctx: Ctx,
    destination: Territory,
    to: CountryCode,
    postcode: Option<&str>,
) -> RegimeDecision {
    let from = ctx.from;
    let where_ = match destination {
        Territory::OutsideEuVat { area, .. } => match postcode {
            Some(p) => format!("{to} {p} is in {area}, outside the EU VAT area"),
            None => format!("{to} is {area}, outside the EU VAT area"),
        },
        _ => format!("{to} is outside the EU VAT area"),
    };
    ctx.warn(
        WarningCode::ExportEvidence,
        "keep proof that the goods left the EU VAT area (customs export declaration or carrier evidence)".into(),
    );
    let mut d = decision(
        ctx,
        Regime::Export,
        from,
        destination,
        format!("{where_}: an exempt export from {from} (Art. 146 Directive 2006/112/EC), 0 %."),
    );
    d.category = Category::Export;
    d.exemption_code = Some(ExemptionCode::Export);
    d.mention = Some(Mention::export());
    d.reporting_bucket = ReportingBucket::Export;
    d
}

fn domestic(
    mut ctx: Ctx,
    destination: Territory,
    explanation: String,
) -> Result<RegimeDecision, VatError> {
    let from = ctx.from;
    let (regime, bucket) = if from == ctx.seller {
        (Regime::Domestic, ReportingBucket::Domestic)
    } else {
        ctx.warn(
            WarningCode::LocalRegistrationRequired,
            format!("the seller must be VAT-registered in {from} and declare this sale there"),
        );
        (Regime::DomesticOtherMs, ReportingBucket::LocalRegistration)
    };
    let mut d = decision(ctx, regime, from, destination, explanation);
    d.reporting_bucket = bucket;
    with_rates(d, None)
}

fn intra_community(
    mut ctx: Ctx,
    destination: Territory,
    id: VatId,
    to: CountryCode,
) -> Result<RegimeDecision, VatError> {
    let from = ctx.from;
    ctx.warn(
        WarningCode::IntraCommunityRequirements,
        "show both VAT ids, the delivery date and the country of arrival on the invoice; keep transport evidence; report on the EC sales list".into(),
    );
    let mut d = decision(
        ctx,
        Regime::IntraCommunitySupply,
        from,
        destination,
        format!(
            "B2B buyer with valid VAT id {id} ({}) and goods moving from {from} to {to}: an exempt intra-Community supply (Art. 138), 0 %; the buyer accounts for VAT in {to}.",
            id.country()
        ),
    );
    d.category = Category::IntraCommunity;
    d.exemption_code = Some(ExemptionCode::IntraCommunity);
    d.mention = Some(Mention::intra_community());
    d.reporting_bucket = ReportingBucket::EcSalesList;
    d.buyer_vat_id = Some(id);
    Ok(d)
}

fn threshold_status(input: &RegimeInput, applies: bool) -> Result<ThresholdStatus, VatError> {
    let t = DISTANCE_SALES_THRESHOLD_CENTS;
    let before = input.eu_b2c_this_year_cents;
    let after = before
        .checked_add(input.order_net_cents)
        .ok_or(VatError::Overflow)?;
    let last = input.eu_b2c_last_year_cents;
    Ok(ThresholdStatus {
        threshold_cents: t,
        last_year_cents: last,
        this_year_before_cents: before,
        this_year_after_cents: after,
        applies,
        within: last <= t && after <= t,
        crossed_by_this_order: last <= t && before <= t && after > t,
    })
}

fn eur(cents: i64) -> String {
    format!("EUR {}.{:02}", cents / 100, cents % 100)
}

fn distance_sale(
    mut ctx: Ctx,
    input: &RegimeInput,
    destination: Territory,
    to: CountryCode,
    region: Option<Region>,
) -> Result<RegimeDecision, VatError> {
    let (seller, from) = (ctx.seller, ctx.from);
    let status = threshold_status(input, from == seller)?;
    let buyer = if input.b2b {
        "B2B buyer without a valid VAT id, treated as a consumer"
    } else {
        "B2C"
    };
    if status.applies && status.crossed_by_this_order {
        ctx.warn(
            WarningCode::ThresholdCrossed,
            format!(
                "this order takes EU-wide distance sales to {} (threshold {}): from this order on, distance sales are taxed at destination for the rest of {} and all of {}",
                eur(status.this_year_after_cents),
                eur(status.threshold_cents),
                input.date.year(),
                input.date.year() + 1
            ),
        );
    }
    if status.applies && status.within && !input.opted_destination {
        let why = format!(
            "{buyer} distance sale from {from} to {to}; EU-wide distance sales stay within the EUR 10,000 threshold ({} this year with this order, {} last year) and the seller has not opted: taxed in {seller}, the seller's country.",
            eur(status.this_year_after_cents),
            eur(status.last_year_cents)
        );
        let mut d = decision(ctx, Regime::DistanceSaleOrigin, seller, destination, why);
        d.counts_towards_threshold = true;
        d.threshold = Some(status);
        return with_rates(d, None);
    }
    let reason = if !status.applies {
        format!(
            "goods ship from stock in {from}, not from the seller's country {seller}, so no threshold applies"
        )
    } else if !status.within {
        if status.last_year_cents > status.threshold_cents {
            format!(
                "last year's EU-wide distance sales ({}) exceeded EUR 10,000",
                eur(status.last_year_cents)
            )
        } else if status.crossed_by_this_order {
            format!(
                "this order takes this year's EU-wide distance sales over EUR 10,000 ({})",
                eur(status.this_year_after_cents)
            )
        } else {
            format!(
                "this year's EU-wide distance sales ({}) already exceed EUR 10,000",
                eur(status.this_year_before_cents)
            )
        }
    } else {
        ctx.warn(
            WarningCode::OptionBinding,
            "the option for destination taxation binds for two calendar years".into(),
        );
        "the seller opted for destination taxation".to_owned()
    };
    let (regime, bucket, how) = if input.oss_registered {
        (
            Regime::DistanceSaleOss,
            ReportingBucket::Oss,
            "declared through the seller's OSS return",
        )
    } else {
        ctx.warn(
            WarningCode::LocalRegistrationRequired,
            format!(
                "the seller is not OSS-registered: it must be VAT-registered in {to} and declare this sale there"
            ),
        );
        (
            Regime::DistanceSaleDestinationRegistered,
            ReportingBucket::LocalRegistration,
            "declared in a local VAT registration there",
        )
    };
    let why = format!("{buyer} distance sale from {from} to {to}; {reason}: taxed in {to}, {how}.");
    let mut d = decision(ctx, regime, to, destination, why);
    d.counts_towards_threshold = true;
    d.threshold = Some(status);
    d.reporting_bucket = bucket;
    if regime == Regime::DistanceSaleOss {
        d.mention = Some(Mention::oss(to));
    }
    with_rates(d, region)
}

#[cfg(test)]
mod tests;
