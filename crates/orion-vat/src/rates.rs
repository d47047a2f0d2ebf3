//! VAT rates by country, date and rate class, from the embedded
//! `data/eu_vat_rates.json` (parsed once, on first use).
//!
//! Lookups honour the dated periods of the file, including announced future ones; a
//! date outside every period of a country is an error, never a guess.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::error::VatError;
use crate::rate::{Rate, RateClass};
use crate::territory::{Region, Territory, territory};

const RATES_JSON: &str = include_str!("../data/eu_vat_rates.json");

static DATA: LazyLock<Result<RatesData, String>> = LazyLock::new(|| load(RATES_JSON));

/// The whole rates file, checked.
#[derive(Debug)]
pub struct RatesData {
    /// The reference date of the file: top-level rates were in force then.
    pub as_of: NaiveDate,
    pub countries: Vec<CountryRates>,
}

/// One country of the rates file.
#[derive(Debug, Clone, Serialize)]
pub struct CountryRates {
    pub country: CountryCode,
    /// VAT-number prefix: `EL` for Greece, else the country code.
    pub vat_prefix: String,
    pub name: String,
    pub eu_member: bool,
    pub currency: String,
    /// Sorted by date, non-overlapping (checked when loading).
    pub periods: Vec<RatePeriod>,
    pub regional: Vec<RegionalRates>,
    pub notes: Vec<String>,
    pub announced_changes: Vec<AnnouncedChange>,
}

/// A span of dates with one set of rates. Both bounds are inclusive; `None` means open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatePeriod {
    pub effective_from: Option<NaiveDate>,
    pub effective_until: Option<NaiveDate>,
    pub standard: Rate,
    /// Every rate between 0 and standard, highest first, parking rate included.
    pub reduced: Vec<Rate>,
    pub super_reduced: Option<Rate>,
    pub parking: Option<Rate>,
    pub note: Option<String>,
}

impl RatePeriod {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.effective_from.is_none_or(|f| f <= date)
            && self.effective_until.is_none_or(|u| date <= u)
    }

    /// The rate of a class, `None` when the country has no such rate.
    pub fn rate(&self, class: RateClass) -> Option<Rate> {
        match class {
            RateClass::Standard => Some(self.standard),
            RateClass::Reduced => self.reduced_class_rate(),
            RateClass::SuperReduced => self.super_reduced,
            RateClass::Parking => self.parking,
            RateClass::Zero => Some(Rate::ZERO),
        }
    }

    /// The rate of the `reduced` class: the highest reduced rate **that is not the
    /// parking rate** (falling back to the highest reduced rate if the parking rate is
    /// the only one). So LU gives 8 (its "taux réduit"; 14 is the parking/intermediate
    /// rate, reachable as class `parking`), BE 6, PT 6, IE 9, DE 7, FR 10. Every rate
    /// is listed by [`RatePeriod::reduced`] for per-country product overrides.
    pub fn reduced_class_rate(&self) -> Option<Rate> {
        self.reduced
            .iter()
            .copied()
            .find(|r| Some(*r) != self.parking)
            .or_else(|| self.reduced.first().copied())
    }

    pub fn bounds(&self) -> PeriodBounds {
        PeriodBounds {
            effective_from: self.effective_from,
            effective_until: self.effective_until,
        }
    }
}

/// The dates of a period, for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodBounds {
    pub effective_from: Option<NaiveDate>,
    pub effective_until: Option<NaiveDate>,
}

/// Rates of an area that differ from the country's (the `regional` list of the file).
/// Entries without rates only carry a note (e.g. an area outside the VAT area).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionalRates {
    pub area: String,
    pub standard: Option<Rate>,
    pub reduced: Option<Vec<Rate>>,
    pub super_reduced: Option<Rate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncedChange {
    pub date: NaiveDate,
    pub change: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// The rates that apply in one place on one date: what an invoice line needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateLookup {
    /// The country whose VAT applies (`FR` for Monaco, `GR` for Greece).
    pub country: CountryCode,
    pub date: NaiveDate,
    pub period: PeriodBounds,
    /// Set when regional rates replaced the national ones.
    pub region: Option<Region>,
    pub standard: Rate,
    /// All reduced rates, highest first.
    pub reduced: Vec<Rate>,
    pub super_reduced: Option<Rate>,
    pub parking: Option<Rate>,
}

impl RateLookup {
    /// The rate of a class, or an error when the country has none.
    pub fn rate(&self, class: RateClass) -> Result<Rate, VatError> {
        self.as_period()
            .rate(class)
            .ok_or(VatError::RateClassUnavailable {
                country: self.country,
                class,
                date: self.date,
            })
    }

    fn as_period(&self) -> RatePeriod {
        RatePeriod {
            effective_from: self.period.effective_from,
            effective_until: self.period.effective_until,
            standard: self.standard,
            reduced: self.reduced.clone(),
            super_reduced: self.super_reduced,
            parking: self.parking,
            note: None,
        }
    }

    /// The rate of the `reduced` class (see [`RatePeriod::reduced_class_rate`]).
    pub fn reduced_class_rate(&self) -> Option<Rate> {
        self.as_period().reduced_class_rate()
    }
}

/// The loaded rates file.
pub fn data() -> Result<&'static RatesData, VatError> {
    DATA.as_ref().map_err(|e| VatError::Data(e.clone()))
}

/// All countries of the file (27 member states and XI).
pub fn countries() -> Result<&'static [CountryRates], VatError> {
    Ok(&data()?.countries)
}

/// One country's rates. `MC` gives France; a country outside the VAT area is an error.
pub fn country_rates(country: CountryCode) -> Result<&'static CountryRates, VatError> {
    let vat_country = country.vat_country();
    countries()?
        .iter()
        .find(|c| c.country == vat_country)
        .ok_or(VatError::NotInVatArea(country))
}

/// The period in force in a country on a date.
pub fn period_on(country: CountryCode, date: NaiveDate) -> Result<&'static RatePeriod, VatError> {
    let c = country_rates(country)?;
    c.periods
        .iter()
        .find(|p| p.contains(date))
        .ok_or(VatError::NoRatePeriod {
            country: c.country,
            date,
        })
}

/// The national rate of a class in a country on a date.
pub fn rate_on(country: CountryCode, date: NaiveDate, class: RateClass) -> Result<Rate, VatError> {
    let p = period_on(country, date)?;
    p.rate(class).ok_or(VatError::RateClassUnavailable {
        country: country.vat_country(),
        class,
        date,
    })
}

/// The rates at a delivery address on a date. With a postcode, special territories
/// are refused ([`VatError::OutsideVatArea`]: there is no EU VAT there, the supply is an
/// export) and regional rates (Jungholz/Mittelberg, Madeira, Azores) replace the
/// national ones.
///
/// The file does not date regional rates: they are applied to the period in force on
/// the file's `as_of` date and to later periods; an earlier date in such a region is
/// [`VatError::NoRatePeriod`] rather than a guess.
pub fn rates_at(
    country: CountryCode,
    date: NaiveDate,
    postcode: Option<&str>,
) -> Result<RateLookup, VatError> {
    let region = match territory(country, postcode) {
        Territory::InsideEuVat { region, .. } => region,
        Territory::OutsideEuVat { area, .. } => {
            return Err(VatError::OutsideVatArea {
                country,
                postcode: postcode.unwrap_or_default().to_owned(),
                area: area.name().to_owned(),
            });
        }
        Territory::NonEu { country } => return Err(VatError::NotInVatArea(country)),
    };
    rates_in(country, date, region)
}

/// The rates of a country (optionally of one of its regions) on a date.
pub fn rates_in(
    country: CountryCode,
    date: NaiveDate,
    region: Option<Region>,
) -> Result<RateLookup, VatError> {
    let c = country_rates(country)?;
    let p = period_on(country, date)?;
    let mut out = RateLookup {
        country: c.country,
        date,
        period: p.bounds(),
        region: None,
        standard: p.standard,
        reduced: p.reduced.clone(),
        super_reduced: p.super_reduced,
        parking: p.parking,
    };
    if let Some(region) = region {
        let as_of = data()?.as_of;
        if p.effective_until.is_some_and(|u| u < as_of) {
            return Err(VatError::NoRatePeriod {
                country: c.country,
                date,
            });
        }
        let r = c
            .regional
            .iter()
            .find(|r| r.area.starts_with(region.data_area_prefix()))
            .ok_or_else(|| VatError::Data(format!("no regional entry for {region}")))?;
        apply_regional(&mut out, r);
        out.region = Some(region);
    }
    Ok(out)
}

/// Regional rates replace what they give. When the reduced list is replaced and the
/// nation has a parking rate, the region's parking rate is the regional reduced rate
/// at the same position (PT: 13 is the first reduced rate, so Madeira 12, Azores 9 —
/// their intermediate rates).
fn apply_regional(out: &mut RateLookup, r: &RegionalRates) {
    if let Some(s) = r.standard {
        out.standard = s;
    }
    if let Some(reduced) = &r.reduced {
        if let Some(parking) = out.parking {
            let pos = out.reduced.iter().position(|x| *x == parking);
            out.parking = pos.and_then(|i| reduced.get(i).copied());
        }
        out.reduced.clone_from(reduced);
    }
    if let Some(s) = r.super_reduced {
        out.super_reduced = Some(s);
    }
}

// ---- loading -------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawFile {
    as_of: NaiveDate,
    countries: Vec<RawCountry>,
}

#[derive(Deserialize)]
struct RawCountry {
    country_code: String,
    vat_prefix: String,
    name: String,
    eu_member: bool,
    currency: String,
    periods: Vec<RawPeriod>,
    #[serde(default)]
    regional: Vec<RawRegional>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    announced_changes: Vec<AnnouncedChange>,
}

#[derive(Deserialize)]
struct RawPeriod {
    effective_from: Option<NaiveDate>,
    effective_until: Option<NaiveDate>,
    standard: serde_json::Number,
    reduced: Vec<serde_json::Number>,
    super_reduced: Option<serde_json::Number>,
    parking: Option<serde_json::Number>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct RawRegional {
    area: String,
    #[serde(default)]
    standard: Option<serde_json::Number>,
    #[serde(default)]
    reduced: Option<Vec<serde_json::Number>>,
    #[serde(default)]
    super_reduced: Option<serde_json::Number>,
    #[serde(default)]
    note: Option<String>,
}

/// A JSON number to a rate through its decimal text ("25.5"), never by arithmetic on
/// a float.
fn rate(n: &serde_json::Number) -> Result<Rate, String> {
    Rate::parse(&n.to_string()).map_err(|e| e.to_string())
}

fn rates(ns: &[serde_json::Number]) -> Result<Vec<Rate>, String> {
    ns.iter().map(rate).collect()
}

fn load(json: &str) -> Result<RatesData, String> {
    let raw: RawFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut countries = Vec::with_capacity(raw.countries.len());
    for c in raw.countries {
        let code = CountryCode::parse(&c.country_code).map_err(|e| e.to_string())?;
        let ctx = |e: String| format!("{code}: {e}");
        let mut periods = Vec::with_capacity(c.periods.len());
        for p in &c.periods {
            let period = RatePeriod {
                effective_from: p.effective_from,
                effective_until: p.effective_until,
                standard: rate(&p.standard).map_err(ctx)?,
                reduced: rates(&p.reduced).map_err(ctx)?,
                super_reduced: p
                    .super_reduced
                    .as_ref()
                    .map(rate)
                    .transpose()
                    .map_err(ctx)?,
                parking: p.parking.as_ref().map(rate).transpose().map_err(ctx)?,
                note: p.note.clone(),
            };
            check_period(&period).map_err(ctx)?;
            periods.push(period);
        }
        periods.sort_by_key(|p| p.effective_from);
        check_sequence(&periods).map_err(ctx)?;
        let mut regional = Vec::with_capacity(c.regional.len());
        for r in &c.regional {
            regional.push(RegionalRates {
                area: r.area.clone(),
                standard: r.standard.as_ref().map(rate).transpose().map_err(ctx)?,
                reduced: r.reduced.as_deref().map(rates).transpose().map_err(ctx)?,
                super_reduced: r
                    .super_reduced
                    .as_ref()
                    .map(rate)
                    .transpose()
                    .map_err(ctx)?,
                note: r.note.clone(),
            });
        }
        countries.push(CountryRates {
            country: code,
            vat_prefix: c.vat_prefix,
            name: c.name,
            eu_member: c.eu_member,
            currency: c.currency,
            periods,
            regional,
            notes: c.notes,
            announced_changes: c.announced_changes,
        });
    }
    Ok(RatesData {
        as_of: raw.as_of,
        countries,
    })
}

fn check_period(p: &RatePeriod) -> Result<(), String> {
    if let (Some(f), Some(u)) = (p.effective_from, p.effective_until)
        && f > u
    {
        return Err(format!("period {f}..{u} ends before it starts"));
    }
    if p.reduced.windows(2).any(|w| w[0] <= w[1]) {
        return Err("reduced rates must be strictly descending".into());
    }
    if p.reduced.iter().any(|r| *r >= p.standard || r.is_zero()) {
        return Err("reduced rates must lie between 0 and standard".into());
    }
    Ok(())
}

fn check_sequence(periods: &[RatePeriod]) -> Result<(), String> {
    if periods.is_empty() {
        return Err("no periods".into());
    }
    if periods.iter().skip(1).any(|p| p.effective_from.is_none()) {
        return Err("only the first period may be open at the start".into());
    }
    for w in periods.windows(2) {
        let next_day = w[0].effective_until.and_then(|u| u.succ_opt());
        if next_day.is_none() || next_day != w[1].effective_from {
            return Err(format!(
                "periods are not contiguous around {:?}",
                w[1].effective_from
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn c(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }
    fn std_rate(country: &str, date: &str) -> String {
        rate_on(c(country), d(date), RateClass::Standard)
            .unwrap()
            .to_string()
    }

    #[test]
    fn embedded_file_loads_with_28_countries() {
        let data = data().unwrap();
        assert_eq!(data.as_of, d("2026-01-01"));
        assert_eq!(data.countries.len(), 28);
        for code in crate::country::VAT_AREA {
            assert!(country_rates(c(code)).is_ok(), "{code}");
        }
    }

    #[test]
    fn top_level_rates_repeat_the_as_of_period() {
        let raw: serde_json::Value = serde_json::from_str(RATES_JSON).unwrap();
        let as_of = data().unwrap().as_of;
        for rc in raw["countries"].as_array().unwrap() {
            let code = c(rc["country_code"].as_str().unwrap());
            let p = period_on(code, as_of).unwrap();
            let top = Rate::parse(&rc["standard"].to_string()).unwrap();
            assert_eq!(p.standard, top, "{code}");
            let reduced: Vec<Rate> = rc["reduced"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| Rate::parse(&v.to_string()).unwrap())
                .collect();
            assert_eq!(p.reduced, reduced, "{code}");
        }
    }

    #[test]
    fn decimal_rates_are_exact() {
        assert_eq!(
            rate_on(c("FI"), d("2025-01-01"), RateClass::Standard)
                .unwrap()
                .bp(),
            2550
        );
        let fi = rates_in(c("FI"), d("2026-01-01"), None).unwrap();
        assert_eq!(fi.reduced[0].bp(), 1350);
        let fr = rates_in(c("FR"), d("2026-01-01"), None).unwrap();
        assert_eq!(fr.reduced[1].bp(), 550);
        assert_eq!(fr.super_reduced.unwrap().bp(), 210);
        assert_eq!(
            rate_on(c("SI"), d("2026-01-01"), RateClass::Reduced)
                .unwrap()
                .bp(),
            950
        );
        assert_eq!(
            rate_on(c("AT"), d("2026-07-01"), RateClass::SuperReduced)
                .unwrap()
                .bp(),
            490
        );
    }

    #[test]
    fn luxembourg_history_edges() {
        assert_eq!(std_rate("LU", "2022-12-31"), "17");
        assert_eq!(std_rate("LU", "2023-01-01"), "16");
        assert_eq!(std_rate("LU", "2023-12-31"), "16");
        assert_eq!(std_rate("LU", "2024-01-01"), "17");
        assert_eq!(std_rate("LU", "2014-12-31"), "15");
        assert_eq!(std_rate("LU", "2015-01-01"), "17");
        let p = rates_in(c("LU"), d("2023-06-01"), None).unwrap();
        assert_eq!(
            (
                p.reduced_class_rate().unwrap().to_string(),
                p.parking.unwrap().to_string()
            ),
            ("7".into(), "13".into())
        );
        assert_eq!(p.super_reduced.unwrap().to_string(), "3");
        let p = rates_in(c("LU"), d("2024-05-01"), None).unwrap();
        assert_eq!(p.rate(RateClass::Reduced).unwrap().to_string(), "8");
        assert_eq!(p.rate(RateClass::Parking).unwrap().to_string(), "14");
        assert_eq!(p.rate(RateClass::SuperReduced).unwrap().to_string(), "3");
        assert_eq!(p.rate(RateClass::Zero).unwrap(), Rate::ZERO);
    }

    #[test]
    fn other_history_edges() {
        let cases = [
            ("FI", "2024-08-31", "24"),
            ("FI", "2024-09-01", "25.5"),
            ("DE", "2020-06-30", "19"),
            ("DE", "2020-07-01", "16"),
            ("DE", "2020-12-31", "16"),
            ("DE", "2021-01-01", "19"),
            ("EE", "2023-12-31", "20"),
            ("EE", "2024-01-01", "22"),
            ("EE", "2025-06-30", "22"),
            ("EE", "2025-07-01", "24"),
            ("IE", "2020-08-31", "23"),
            ("IE", "2020-09-01", "21"),
            ("IE", "2021-02-28", "21"),
            ("IE", "2021-03-01", "23"),
            ("RO", "2025-07-31", "19"),
            ("RO", "2025-08-01", "21"),
            ("SK", "2024-12-31", "20"),
            ("SK", "2025-01-01", "23"),
            ("BE", "1990-01-01", "21"),
            ("XI", "2026-01-01", "20"),
        ];
        for (cc, date, want) in cases {
            assert_eq!(std_rate(cc, date), want, "{cc} {date}");
        }
        let red = |cc: &str, date: &str| {
            rates_in(c(cc), d(date), None)
                .unwrap()
                .reduced
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(red("FI", "2025-12-31"), "14,10");
        assert_eq!(red("FI", "2026-01-01"), "13.5,10");
        assert_eq!(red("CZ", "2023-12-31"), "15,10");
        assert_eq!(red("CZ", "2024-01-01"), "12");
        assert_eq!(red("LT", "2025-12-31"), "9,5");
        assert_eq!(red("LT", "2026-01-01"), "12,5");
        assert_eq!(red("NL", "2018-12-31"), "6");
        assert_eq!(red("NL", "2019-01-01"), "9");
        assert!(rate_on(c("CY"), d("2023-07-20"), RateClass::SuperReduced).is_err());
        assert_eq!(
            rate_on(c("CY"), d("2023-07-21"), RateClass::SuperReduced)
                .unwrap()
                .to_string(),
            "3"
        );
        // Announced future period.
        assert!(rate_on(c("AT"), d("2026-06-30"), RateClass::SuperReduced).is_err());
        assert_eq!(
            rate_on(c("AT"), d("2026-07-01"), RateClass::SuperReduced)
                .unwrap()
                .to_string(),
            "4.9"
        );
    }

    #[test]
    fn dates_outside_every_period_are_errors() {
        let err = rate_on(c("LU"), d("1991-12-31"), RateClass::Standard).unwrap_err();
        assert_eq!(
            err,
            VatError::NoRatePeriod {
                country: c("LU"),
                date: d("1991-12-31")
            }
        );
        assert!(rate_on(c("DE"), d("2006-12-31"), RateClass::Standard).is_err());
        assert!(rate_on(c("FI"), d("2012-12-31"), RateClass::Standard).is_err());
    }

    #[test]
    fn class_availability_and_aliases() {
        assert!(matches!(
            rate_on(c("DE"), d("2025-01-01"), RateClass::SuperReduced),
            Err(VatError::RateClassUnavailable { .. })
        ));
        assert!(rate_on(c("DK"), d("2025-01-01"), RateClass::Reduced).is_err());
        assert_eq!(std_rate("EL", "2025-01-01"), "24");
        assert_eq!(std_rate("MC", "2025-01-01"), "20");
        assert_eq!(
            rate_on(c("US"), d("2025-01-01"), RateClass::Standard),
            Err(VatError::NotInVatArea(c("US")))
        );
        // IE: 13.5 is the parking rate; the reduced class is 9.
        let ie = rates_in(c("IE"), d("2025-01-01"), None).unwrap();
        assert_eq!(ie.rate(RateClass::Reduced).unwrap().to_string(), "9");
        assert_eq!(ie.rate(RateClass::Parking).unwrap().to_string(), "13.5");
        assert_eq!(ie.rate(RateClass::SuperReduced).unwrap().to_string(), "4.8");
    }

    #[test]
    fn regional_rates_and_special_territories() {
        let j = rates_at(c("AT"), d("2026-01-01"), Some("6691")).unwrap();
        assert_eq!(j.standard.to_string(), "19");
        assert_eq!(j.region, Some(Region::JungholzMittelberg));
        let az = rates_at(c("PT"), d("2026-01-01"), Some("9500-100")).unwrap();
        assert_eq!(
            (
                az.standard.bp(),
                az.parking.map(Rate::bp),
                az.reduced_class_rate().map(Rate::bp)
            ),
            (1600, Some(900), Some(400))
        );
        let ma = rates_at(c("PT"), d("2026-01-01"), Some("9000-100")).unwrap();
        assert_eq!(
            (ma.standard.bp(), ma.parking.map(Rate::bp)),
            (2200, Some(1200))
        );
        assert!(matches!(
            rates_at(c("ES"), d("2026-01-01"), Some("35001")),
            Err(VatError::OutsideVatArea { .. })
        ));
        assert_eq!(
            rates_at(c("ES"), d("2026-01-01"), Some("28001"))
                .unwrap()
                .standard
                .bp(),
            2100
        );
    }

    #[test]
    fn broken_files_are_rejected_not_panicking() {
        assert!(load("{}").is_err());
        assert!(load("not json").is_err());
        let overlapping = r#"{"as_of":"2026-01-01","countries":[{"country_code":"LU","vat_prefix":"LU","name":"L","eu_member":true,"currency":"EUR","periods":[
            {"effective_from":"2020-01-01","effective_until":"2021-01-01","standard":17,"reduced":[8],"super_reduced":null,"parking":null},
            {"effective_from":"2021-01-01","effective_until":null,"standard":17,"reduced":[8],"super_reduced":null,"parking":null}]}]}"#;
        assert!(load(overlapping).is_err());
        let three_decimals = r#"{"as_of":"2026-01-01","countries":[{"country_code":"LU","vat_prefix":"LU","name":"L","eu_member":true,"currency":"EUR","periods":[
            {"effective_from":null,"effective_until":null,"standard":17.125,"reduced":[],"super_reduced":null,"parking":null}]}]}"#;
        assert!(load(three_decimals).is_err());
    }
}
