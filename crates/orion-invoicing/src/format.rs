//! How amounts, dates and rates are written on an invoice in each language
//! (invoicing.md: `1 234,56 €` in fr/de, `€1,234.56` in en).

use chrono::NaiveDate;
use orion_vat::Rate;

/// A non-breaking space keeps `1 234,56 €` on one line.
const NBSP: char = '\u{a0}';

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

/// `cents` as money in `lang`.
pub fn money(cents: i64, lang: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    match lang {
        "fr" | "de" => format!("{sign}{},{frac:02}{NBSP}€", group(int, NBSP)),
        _ => format!("{sign}€{}.{frac:02}", group(int, ',')),
    }
}

/// A date in `lang`: `24 Nov 2026`, `24/11/2026`, `24.11.2026`.
pub fn date(d: NaiveDate, lang: &str) -> String {
    match lang {
        "fr" => d.format("%d/%m/%Y").to_string(),
        "de" => d.format("%d.%m.%Y").to_string(),
        _ => d.format("%-d %b %Y").to_string(),
    }
}

/// A VAT rate in `lang`: `17 %`, `25,5 %` (fr/de), `17%`, `25.5%` (en).
pub fn rate(r: Rate, lang: &str) -> String {
    match lang {
        "fr" | "de" => format!("{}{NBSP}%", r.to_string().replace('.', ",")),
        _ => format!("{r}%"),
    }
}

/// A quantity (whole units).
pub fn quantity(q: i64) -> String {
    q.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_per_language() {
        assert_eq!(money(123_456, "fr"), "1\u{a0}234,56\u{a0}€");
        assert_eq!(money(123_456, "de"), "1\u{a0}234,56\u{a0}€");
        assert_eq!(money(123_456, "en"), "€1,234.56");
        assert_eq!(money(5, "en"), "€0.05");
        assert_eq!(money(-100_000_000, "en"), "-€1,000,000.00");
        assert_eq!(money(-99, "fr"), "-0,99\u{a0}€");
        assert_eq!(money(100_000, "fr"), "1\u{a0}000,00\u{a0}€");
    }

    #[test]
    fn dates_and_rates_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(d, "en"), "5 Mar 2026");
        assert_eq!(date(d, "fr"), "05/03/2026");
        assert_eq!(date(d, "de"), "05.03.2026");
        let r: Rate = Rate::parse("25.5").unwrap();
        assert_eq!(rate(r, "fr"), "25,5\u{a0}%");
        assert_eq!(rate(r, "en"), "25.5%");
    }
}
