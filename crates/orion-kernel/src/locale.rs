//! Numbers, money, dates and times as people read and type them in each language: `1 234,56 €`
//! in French and German, `€1,234.56` in English; dates `05/03/2026`, `05.03.2026`,
//! `5 Mar 2026`; times in the store's time zone. The API keeps ISO 8601 UTC and decimal strings;
//! these are for pages, documents and e-mails.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::lang::Lang;
use crate::money::Money;

/// A non-breaking space keeps `1 234,56 €` on one line.
pub const NBSP: char = '\u{a0}';

/// The time zone stores use unless they set another.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Luxembourg";

fn group(mut int: u64, sep: char) -> String {
    let mut parts = Vec::new();
    loop {
        if int < 1000 {
            parts.push(int.to_string());
            break;
        }
        parts.push(format!("{:03}", int % 1000));
        int /= 1000;
    }
    parts.reverse();
    parts.join(&sep.to_string())
}

/// `cents` as money in `lang`: `1 234,56 €` (fr, de), `€1,234.56` (en).
pub fn money(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    match lang {
        Lang::Fr | Lang::De => format!("{sign}{},{frac:02}{NBSP}€", group(int, NBSP)),
        Lang::En => format!("{sign}€{}.{frac:02}", group(int, ',')),
    }
}

/// An amount without the currency, as a form field shows it: `1234,56` (fr, de), `1234.56` (en).
pub fn amount_input(cents: i64, lang: Lang) -> String {
    let s = Money(cents).to_string();
    match lang {
        Lang::Fr | Lang::De => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A whole number with thousands grouped: `12 345` (fr, de), `12,345` (en).
pub fn number(n: i64, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let sep = match lang {
        Lang::Fr | Lang::De => NBSP,
        Lang::En => ',',
    };
    format!("{sign}{}", group(n.unsigned_abs(), sep))
}

/// A day in `lang`: `5 Mar 2026`, `05/03/2026`, `05.03.2026`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::De => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The time zone named `name` (IANA, e.g. `Europe/Luxembourg`), if there is one.
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The time zones a store may choose from a list: Europe's, then the rest.
pub fn time_zone_names() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()).collect();
    all.sort_by_key(|n| (!n.starts_with("Europe/"), *n));
    all
}

/// The time zone named `name` (IANA), or Europe/Luxembourg when unknown.
pub fn time_zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Luxembourg)
}

/// An instant as the day it falls on in `tz`, written in `lang`.
pub fn local_date(at: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    date(at.with_timezone(&tz).date_naive(), lang)
}

/// An instant in `tz`, written in `lang`: `5 Mar 2026, 14:05`, `05/03/2026 14:05`,
/// `05.03.2026, 14:05`.
pub fn datetime(at: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let local = at.with_timezone(&tz);
    let d = date(local.date_naive(), lang);
    let t = local.format("%H:%M");
    match lang {
        Lang::Fr => format!("{d} {t}"),
        Lang::En | Lang::De => format!("{d}, {t}"),
    }
}

/// Why an amount or a quantity typed by a person was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberInputError {
    #[error("must be a number such as {example}")]
    NotANumber { example: &'static str },
    /// A lone separator before three digits where the language writes decimals with it:
    /// thousands in another convention, or a third decimal.
    #[error("is ambiguous: write {grouped} for a whole number, or at most two decimals")]
    Ambiguous { grouped: String },
    #[error("has more than two decimals")]
    TooPrecise,
    #[error("must be a whole number")]
    NotWhole,
    #[error("is too large")]
    TooLarge,
}

impl NumberInputError {
    /// The catalogue key of the message (`input-…`), for translation.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotANumber { .. } => "input-not-a-number",
            Self::Ambiguous { .. } => "input-ambiguous",
            Self::TooPrecise => "input-too-precise",
            Self::NotWhole => "input-not-whole",
            Self::TooLarge => "input-too-large",
        }
    }
}

/// The decimal separator of `lang`, and the grouping character it uses besides spaces.
fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => ('.', ','),
        Lang::Fr => (',', '.'),
        Lang::De => (',', '.'),
    }
}

/// Splits a typed number into its integer digits and decimal digits, understanding the
/// separators as `lang` writes them: `12,50` and `12.50` are both twelve and a half in any
/// language (two decimals cannot be a thousands group), `1 234,50` and `1.234,50` in French
/// and German, `1,234.50` in English. A lone separator followed by exactly three digits is a
/// thousands group when `lang` groups with it (`1.234` in French and German, `1,234` in
/// English) and ambiguous when `lang` writes decimals with it (`1.234` in English, `1,234` in
/// French): a third decimal, or thousands written the other way.
fn split_number(raw: &str, lang: Lang) -> Result<(bool, String, String), NumberInputError> {
    let (dec, grp) = separators(lang);
    let example = match lang {
        Lang::En => "1,234.50",
        Lang::Fr | Lang::De => "1 234,50",
    };
    let not_a_number = || NumberInputError::NotANumber { example };
    let mut s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let neg = s.starts_with('-');
    if neg {
        s.remove(0);
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_a_number());
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (int, frac) = match (dots, commas) {
        (0, 0) => (s.clone(), String::new()),
        (_, _) if dots > 0 && commas > 0 => {
            // Both: the last one is the decimal separator, the other groups thousands.
            let last = s.rfind(['.', ',']).unwrap_or(0);
            let sep = s.as_bytes()[last] as char;
            let other = if sep == '.' { ',' } else { '.' };
            if s[..last].contains(sep) {
                return Err(not_a_number());
            }
            (
                check_groups(&s[..last], other).ok_or_else(not_a_number)?,
                s[last + 1..].to_owned(),
            )
        }
        _ => {
            let sep = if dots > 0 { '.' } else { ',' };
            let n = dots + commas;
            let (head, tail) = s.rsplit_once(sep).unwrap_or((&s, ""));
            if n > 1 {
                // Several: a thousands separator.
                (
                    check_groups(&s, sep).ok_or_else(not_a_number)?,
                    String::new(),
                )
            } else if tail.len() == 3 && !head.is_empty() {
                if sep == grp {
                    (format!("{head}{tail}"), String::new())
                } else {
                    debug_assert_eq!(sep, dec);
                    return Err(NumberInputError::Ambiguous {
                        grouped: format!("{head}{tail}"),
                    });
                }
            } else {
                (head.to_owned(), tail.to_owned())
            }
        }
    };
    if (int.is_empty() && frac.is_empty()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    Ok((neg, int, frac))
}

/// `digits` grouped by `sep` in threes (`1.234.567`), without the separators.
fn check_groups(digits: &str, sep: char) -> Option<String> {
    let parts: Vec<&str> = digits.split(sep).collect();
    let ok = parts.len() == 1
        || (!parts[0].is_empty() && parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3));
    ok.then(|| parts.concat())
}

/// An amount of money typed in `lang`, in cents: `12,50`, `12.50`, `1 234,50`, `1.234,50`
/// (fr, de), `1,234.50` (en).
pub fn parse_amount(raw: &str, lang: Lang) -> Result<Money, NumberInputError> {
    let (neg, int, frac) = split_number(raw, lang)?;
    if frac.len() > 2 {
        return Err(NumberInputError::TooPrecise);
    }
    let int: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| NumberInputError::TooLarge)?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse().unwrap_or(0),
    };
    let cents = int
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac))
        .ok_or(NumberInputError::TooLarge)?;
    Ok(Money(if neg { -cents } else { cents }))
}

/// A whole quantity typed in `lang`: `1234`, `1 234`, `1.234` (fr, de), `1,234` (en).
pub fn parse_quantity(raw: &str, lang: Lang) -> Result<i64, NumberInputError> {
    let (neg, int, frac) = split_number(raw, lang)?;
    if !frac.is_empty() && frac.chars().any(|c| c != '0') {
        return Err(NumberInputError::NotWhole);
    }
    let n: i64 = int.parse().map_err(|_| NumberInputError::TooLarge)?;
    Ok(if neg { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_per_language() {
        assert_eq!(money(123_456, Lang::Fr), "1\u{a0}234,56\u{a0}€");
        assert_eq!(money(123_456, Lang::De), "1\u{a0}234,56\u{a0}€");
        assert_eq!(money(123_456, Lang::En), "€1,234.56");
        assert_eq!(money(-99, Lang::Fr), "-0,99\u{a0}€");
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(amount_input(1250, Lang::Fr), "12,50");
    }

    #[test]
    fn dates_and_times_in_the_store_zone() {
        let at: DateTime<Utc> = "2026-03-05T13:05:00Z".parse().unwrap();
        let lux = time_zone(DEFAULT_TIME_ZONE);
        assert_eq!(datetime(at, lux, Lang::Fr), "05/03/2026 14:05");
        assert_eq!(datetime(at, lux, Lang::De), "05.03.2026, 14:05");
        assert_eq!(datetime(at, lux, Lang::En), "5 Mar 2026, 14:05");
        // Summer time, and a day that differs from UTC's.
        let late: DateTime<Utc> = "2026-06-30T22:30:00Z".parse().unwrap();
        assert_eq!(local_date(late, lux, Lang::De), "01.07.2026");
        assert_eq!(time_zone("Nowhere/Else"), chrono_tz::Europe::Luxembourg);
    }

    #[test]
    fn amounts_as_each_language_types_them() {
        for (raw, lang, cents) in [
            ("12,50", Lang::Fr, 1250),
            ("12.50", Lang::Fr, 1250),
            ("12,50", Lang::En, 1250),
            ("12.50", Lang::En, 1250),
            ("1 234,50", Lang::Fr, 123_450),
            ("1.234,50", Lang::De, 123_450),
            ("1,234.50", Lang::En, 123_450),
            ("1\u{a0}234,5", Lang::De, 123_450),
            ("1.234", Lang::De, 123_400),
            ("1.234", Lang::Fr, 123_400),
            ("1,234", Lang::En, 123_400),
            ("1.234.567", Lang::De, 123_456_700),
            ("7", Lang::Fr, 700),
            ("-4,05", Lang::Fr, -405),
            (",25", Lang::Fr, 25),
        ] {
            assert_eq!(parse_amount(raw, lang), Ok(Money(cents)), "{raw} in {lang}");
        }
        assert_eq!(
            parse_amount("1.234", Lang::En),
            Err(NumberInputError::Ambiguous {
                grouped: "1234".into()
            })
        );
        assert!(matches!(
            parse_amount("1,234", Lang::Fr),
            Err(NumberInputError::Ambiguous { .. })
        ));
        assert_eq!(
            parse_amount("12,345", Lang::De).unwrap_err().to_string(),
            "is ambiguous: write 12345 for a whole number, or at most two decimals"
        );
        assert_eq!(
            parse_amount("1,2345", Lang::Fr),
            Err(NumberInputError::TooPrecise)
        );
        for bad in [
            "",
            "abc",
            "1.2.3,4,5",
            "1,2,3",
            "12,5,0",
            "--1",
            "1e3",
            "12.34.5",
        ] {
            assert!(parse_amount(bad, Lang::Fr).is_err(), "{bad}");
        }
        assert_eq!(
            parse_amount("99999999999999999999", Lang::En),
            Err(NumberInputError::TooLarge)
        );
    }

    #[test]
    fn quantities_are_whole() {
        assert_eq!(parse_quantity("1 234", Lang::Fr), Ok(1234));
        assert_eq!(parse_quantity("1.234", Lang::De), Ok(1234));
        assert_eq!(parse_quantity("-2", Lang::En), Ok(-2));
        assert_eq!(
            parse_quantity("2,5", Lang::Fr),
            Err(NumberInputError::NotWhole)
        );
        assert!(parse_quantity("1,234", Lang::De).is_err());
        assert_eq!(parse_quantity("3,00", Lang::Fr), Ok(3));
    }
}
