//! Output of the `orion vat …` commands, as pure functions (the formats are a
//! contract; the binary only parses arguments and prints).
//!
//! - `orion vat check N…`: [`check_line`], one tab-separated line per input:
//!   `input  valid  normalized  country  reason` (`normalized` empty when invalid,
//!   `country` the ISO code of a recognised prefix — `GR` for `EL`, `XI` — else
//!   empty, `reason` empty when valid).
//! - `orion vat rate COUNTRY [--date] [--class] [--postcode]`: [`rate_json`].
//! - `orion vat regime …`: [`regime_json`].

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::country::CountryCode;
use crate::error::VatError;
use crate::rate::{Rate, RateClass};
use crate::rates;
use crate::regime::{RegimeInput, decide};
use crate::territory::{Territory, territory};
use crate::vatid;

/// One line of `orion vat check` (no trailing newline). Tabs, newlines and other
/// control characters of the input are shown as spaces so the line stays one record.
pub fn check_line(input: &str) -> String {
    let r = vatid::check(input);
    let shown: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "{}\t{}\t{}\t{}\t{}",
        shown,
        r.valid,
        r.normalized.unwrap_or_default(),
        r.country.map(|c| c.to_string()).unwrap_or_default(),
        r.reason.map(|r| r.to_string()).unwrap_or_default(),
    )
}

/// `orion vat rate` for today's date (UTC) when `date` is `None`; see
/// [`rate_json_on`]. Reading the clock is the only impurity here.
pub fn rate_json(
    country: &str,
    date: Option<NaiveDate>,
    class: Option<RateClass>,
    postcode: Option<&str>,
) -> Result<Value, VatError> {
    let date = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    rate_json_on(country, date, class, postcode)
}

fn rate_str(r: Option<Rate>) -> Value {
    r.map_or(Value::Null, |r| Value::String(r.to_string()))
}

/// The rates of a country on a date:
///
/// ```json
/// {"country":"LU","date":"2024-05-01","eu_vat_area":true,
///  "period":{"effective_from":"2024-01-01","effective_until":null},
///  "rates":{"standard":"17","reduced":["14","8"],"super_reduced":"3","parking":"14"},
///  "classes":{"standard":"17","reduced":"8","super-reduced":"3","parking":"14","zero":"0"}}
/// ```
///
/// With a class: `{"country","date","eu_vat_area":true,"class":"reduced","rate":"8",
/// "period":{…}}` (an error if the country has no such rate). `postcode` and `region`
/// are added when relevant; a postcode in a special territory gives
/// `{"country","date","postcode","eu_vat_area":false,"territory":"Canary Islands",
/// "note":…}` without rates. `MC` is answered as `FR` with a note.
pub fn rate_json_on(
    country: &str,
    date: NaiveDate,
    class: Option<RateClass>,
    postcode: Option<&str>,
) -> Result<Value, VatError> {
    let asked = CountryCode::parse(country)?;
    let mut out = serde_json::Map::new();
    let region = match territory(asked, postcode) {
        Territory::InsideEuVat {
            vat_country,
            region,
        } => {
            out.insert("country".into(), json!(vat_country));
            if vat_country != asked {
                out.insert(
                    "note".into(),
                    json!(format!("{asked} is treated as {vat_country} for VAT")),
                );
            }
            region
        }
        Territory::OutsideEuVat { country, area } => {
            out.insert("country".into(), json!(country));
            out.insert("date".into(), json!(date));
            if let Some(p) = postcode {
                out.insert("postcode".into(), json!(p));
            }
            out.insert("eu_vat_area".into(), json!(false));
            out.insert("territory".into(), json!(area.name()));
            out.insert(
                "note".into(),
                json!(format!(
                    "{area} is outside the EU VAT area: goods shipped there are exempt exports (0 %, category G)"
                )),
            );
            return Ok(Value::Object(out));
        }
        Territory::NonEu { country } => return Err(VatError::NotInVatArea(country)),
    };
    let lookup = rates::rates_in(asked, date, region)?;
    out.insert("date".into(), json!(date));
    if let Some(p) = postcode {
        out.insert("postcode".into(), json!(p));
    }
    out.insert("eu_vat_area".into(), json!(true));
    if let Some(r) = lookup.region {
        out.insert("region".into(), json!(r.name()));
    }
    out.insert("period".into(), json!(lookup.period));
    match class {
        Some(class) => {
            out.insert("class".into(), json!(class));
            out.insert("rate".into(), json!(lookup.rate(class)?));
        }
        None => {
            out.insert(
                "rates".into(),
                json!({
                    "standard": lookup.standard,
                    "reduced": lookup.reduced,
                    "super_reduced": rate_str(lookup.super_reduced),
                    "parking": rate_str(lookup.parking),
                }),
            );
            let classes: serde_json::Map<String, Value> = RateClass::ALL
                .iter()
                .map(|c| (c.as_str().to_owned(), rate_str(lookup.rate(*c).ok())))
                .collect();
            out.insert("classes".into(), Value::Object(classes));
        }
    }
    Ok(Value::Object(out))
}

/// `orion vat regime`: the whole [`crate::regime::RegimeDecision`] as JSON, with at
/// least `regime`, `vat_country`, `rate` (standard class, "0" when exempt),
/// `category`, `exemption_code` (null when none), `mention` ({en, fr, de} or null),
/// `explanation`, plus `rates`, `period`, `reporting_bucket`,
/// `counts_towards_threshold`, `threshold`, `destination`, `buyer_vat_id`, `warnings`.
pub fn regime_json(input: &RegimeInput) -> Result<Value, VatError> {
    let decision = decide(input)?;
    serde_json::to_value(&decision).map_err(|e| VatError::Data(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn check_lines() {
        assert_eq!(
            check_line("LU 150 274 42"),
            "LU 150 274 42\ttrue\tLU15027442\tLU\t"
        );
        assert_eq!(
            check_line("EL094259216"),
            "EL094259216\ttrue\tEL094259216\tGR\t"
        );
        assert_eq!(
            check_line("DE136695978"),
            "DE136695978\tfalse\t\tDE\tbad check digit"
        );
        assert_eq!(check_line("123"), "123\tfalse\t\t\tunknown prefix");
        assert_eq!(
            check_line("LU_15027442"),
            "LU_15027442\tfalse\t\tLU\tbad character"
        );
        assert_eq!(check_line("LU1\t2"), "LU1 2\tfalse\t\tLU\tbad length");
        assert_eq!(
            check_line("XI980780684"),
            "XI980780684\ttrue\tXI980780684\tXI\t"
        );
    }

    #[test]
    fn rate_json_all_classes() {
        let v = rate_json("lu", Some(d("2024-05-01")), None, None).unwrap();
        assert_eq!(
            v,
            json!({
                "country": "LU",
                "date": "2024-05-01",
                "eu_vat_area": true,
                "period": {"effective_from": "2024-01-01", "effective_until": null},
                "rates": {"standard": "17", "reduced": ["14", "8"], "super_reduced": "3", "parking": "14"},
                "classes": {"standard": "17", "reduced": "8", "super-reduced": "3", "parking": "14", "zero": "0"}
            })
        );
    }

    #[test]
    fn rate_json_one_class() {
        let v = rate_json_on("FI", d("2024-09-01"), Some(RateClass::Standard), None).unwrap();
        assert_eq!(
            v,
            json!({
                "country": "FI",
                "date": "2024-09-01",
                "eu_vat_area": true,
                "class": "standard",
                "rate": "25.5",
                "period": {"effective_from": "2024-09-01", "effective_until": "2025-12-31"}
            })
        );
        assert!(matches!(
            rate_json_on("DE", d("2024-09-01"), Some(RateClass::SuperReduced), None),
            Err(VatError::RateClassUnavailable { .. })
        ));
        assert!(matches!(
            rate_json_on("LU", d("1980-01-01"), None, None),
            Err(VatError::NoRatePeriod { .. })
        ));
        assert!(rate_json_on("US", d("2024-09-01"), None, None).is_err());
        assert!(rate_json_on("Luxembourg", d("2024-09-01"), None, None).is_err());
    }

    #[test]
    fn rate_json_territories() {
        let v = rate_json_on("ES", d("2025-01-01"), None, Some("35001")).unwrap();
        assert_eq!(v["eu_vat_area"], false);
        assert_eq!(v["territory"], "Canary Islands");
        assert!(v.get("rates").is_none());
        let v = rate_json_on("MC", d("2025-01-01"), Some(RateClass::Standard), None).unwrap();
        assert_eq!(
            (v["country"].as_str(), v["rate"].as_str()),
            (Some("FR"), Some("20"))
        );
        let v = rate_json_on(
            "AT",
            d("2025-01-01"),
            Some(RateClass::Standard),
            Some("6991"),
        )
        .unwrap();
        assert_eq!(v["rate"], "19");
        assert_eq!(v["region"], "Jungholz and Mittelberg");
    }

    #[test]
    fn regime_json_contract() {
        let input = RegimeInput {
            seller_country: "LU".into(),
            ship_from: "LU".into(),
            ship_to: "FR".into(),
            ship_to_postcode: Some("75001".into()),
            b2b: false,
            buyer_vat_id: None,
            buyer_vat_id_valid: None,
            oss_registered: true,
            opted_destination: false,
            eu_b2c_this_year_cents: 995_000,
            eu_b2c_last_year_cents: 0,
            order_net_cents: 10_000,
            date: d("2025-03-15"),
        };
        let v = regime_json(&input).unwrap();
        assert_eq!(v["regime"], "DISTANCE_SALE_OSS");
        assert_eq!(v["vat_country"], "FR");
        assert_eq!(v["rate"], "20");
        assert_eq!(v["category"], "S");
        assert_eq!(v["exemption_code"], Value::Null);
        assert_eq!(
            v["mention"]["en"],
            "VAT of France charged under the One-Stop-Shop (OSS) scheme"
        );
        assert_eq!(v["reporting_bucket"], "oss");
        assert_eq!(v["threshold"]["crossed_by_this_order"], true);
        assert_eq!(v["warnings"][0]["code"], "threshold_crossed");
        assert!(v["explanation"].as_str().unwrap().contains("taxed in FR"));

        let v = regime_json(&RegimeInput {
            ship_to: "CH".into(),
            ship_to_postcode: None,
            ..input
        })
        .unwrap();
        assert_eq!(v["regime"], "EXPORT");
        assert_eq!(v["vat_country"], "LU");
        assert_eq!(v["rate"], "0");
        assert_eq!(v["category"], "G");
        assert_eq!(v["exemption_code"], "VATEX-EU-G");
        assert_eq!(v["reporting_bucket"], "export");
    }
}
