//! What a customer is made of, parsed at the edge: e-mail, VAT id, Peppol participant id,
//! language, tags and addresses. Pure functions; every error names its field (with the caller's prefix, e.g.
//! `customer.email` when the customer arrives inside an order).

use orion_kernel::FieldError;

/// Languages a customer may prefer.
pub const LANGUAGES: [&str; 3] = ["en", "fr", "de"];
/// At most this many tags per customer.
pub const MAX_TAGS: usize = 50;
/// At most this many addresses per customer (an upsert past it adds none).
pub const MAX_ADDRESSES: usize = 50;
/// Separator of tags in the CSV export (so tags may not contain it).
pub const TAG_SEPARATOR: char = ';';

/// A postal address of a customer: the one address of the vocabulary.
pub use orion_kernel::Address;

/// Trimmed text, `None` when empty.
pub fn clean(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Trimmed text of at most `max` characters without control characters.
pub fn text(e: &mut Vec<FieldError>, field: &str, v: Option<&str>, max: usize) -> Option<String> {
    let v = clean(v)?;
    if v.chars().count() > max {
        e.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
        None
    } else if v.chars().any(char::is_control) {
        e.push(FieldError::new(
            field,
            "must not contain control characters",
        ));
        None
    } else {
        Some(v)
    }
}

/// A plausible e-mail address, lower-cased: one `@`, a local part, a dotted domain, no
/// spaces, at most 254 characters. (Deliverability is not ours to judge.)
pub fn parse_email(v: &str) -> Result<String, &'static str> {
    let v = v.trim();
    if v.is_empty() {
        return Err("is required");
    }
    if v.chars().count() > 254 {
        return Err("must be at most 254 characters");
    }
    let Some((local, domain)) = v.split_once('@') else {
        return Err("is not an e-mail address (name@example.com)");
    };
    let ok = !local.is_empty()
        && local.chars().count() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && !v.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        });
    if ok {
        Ok(v.to_lowercase())
    } else {
        Err("is not an e-mail address (name@example.com)")
    }
}

/// A VAT id with valid format and check digits, normalised (`LU 2637 5245` → `LU26375245`).
pub fn parse_vat_id(v: &str) -> Result<String, String> {
    let c = orion_vat::vatid::check(v);
    match (c.valid, c.normalized) {
        (true, Some(n)) if n.len() <= 20 => Ok(n),
        _ => Err(match orion_vat::vatid::validate(v) {
            Err(e) => format!("is not a valid VAT id ({e})"),
            Ok(_) => "is not a valid VAT id".to_owned(),
        }),
    }
}

/// The refusal of a Peppol participant id that is not `scheme:identifier`.
pub const PEPPOL_ID_MESSAGE: &str =
    "must be a Peppol participant id: scheme:identifier, e.g. 9930:DE136695976";
/// At most this many characters in the identifier part of a Peppol participant id.
pub const PEPPOL_IDENTIFIER_MAX: usize = 100;

/// A Peppol participant id (the buyer's electronic address of a Peppol BIS 3 e-invoice),
/// `scheme:identifier`: the scheme is an EAS code of exactly four ASCII digits (`9938`,
/// `0088`, `9930`) or two upper-case ASCII letters; the identifier is 1–100 characters
/// without whitespace or control characters. Surrounding spaces are trimmed; an empty text
/// is no id (`Ok(None)`).
pub fn parse_peppol_id(v: &str) -> Result<Option<String>, &'static str> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let Some((scheme, id)) = v.split_once(':') else {
        return Err(PEPPOL_ID_MESSAGE);
    };
    let scheme_ok = (scheme.len() == 4 && scheme.bytes().all(|b| b.is_ascii_digit()))
        || (scheme.len() == 2 && scheme.bytes().all(|b| b.is_ascii_uppercase()));
    let id_ok = !id.is_empty()
        && id.chars().count() <= PEPPOL_IDENTIFIER_MAX
        && !id.chars().any(|c| c.is_whitespace() || c.is_control());
    if scheme_ok && id_ok {
        Ok(Some(v.to_owned()))
    } else {
        Err(PEPPOL_ID_MESSAGE)
    }
}

/// `en`, `fr` or `de` (case-insensitive).
pub fn parse_language(v: &str) -> Result<String, &'static str> {
    let l = v.trim().to_ascii_lowercase();
    if LANGUAGES.contains(&l.as_str()) {
        Ok(l)
    } else {
        Err("must be en, fr or de")
    }
}

/// One tag: trimmed, 1–50 characters, no quotes, backslashes, `;` or control characters
/// (tags are matched inside their JSON text and joined with `;` in the CSV export).
pub fn parse_tag(v: &str) -> Result<String, &'static str> {
    let t = v.trim();
    if t.is_empty() {
        return Err("must not be empty");
    }
    if t.chars().count() > 50 {
        return Err("must be at most 50 characters");
    }
    if t.chars()
        .any(|c| c.is_control() || matches!(c, '"' | '\\' | TAG_SEPARATOR))
    {
        return Err("must not contain quotes, backslashes, ';' or control characters");
    }
    Ok(t.to_owned())
}

/// Validated tags, duplicates (ignoring case) dropped, order kept.
pub fn parse_tags(e: &mut Vec<FieldError>, field: &str, tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        match parse_tag(t) {
            Ok(t) => {
                if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
                    out.push(t);
                }
            }
            Err(m) => e.push(FieldError::new(format!("{field}[{i}]"), m)),
        }
    }
    if out.len() > MAX_TAGS {
        e.push(FieldError::new(field, format!("at most {MAX_TAGS} tags")));
    }
    out
}

/// `tags` plus the new ones not already there (ignoring case).
pub fn merge_tags(tags: &[String], new: &[String]) -> Vec<String> {
    let mut out = tags.to_vec();
    for t in new {
        if out.len() < MAX_TAGS && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.clone());
        }
    }
    out
}

const ADDRESS_FIELDS: [&str; 6] = [
    "name",
    "company",
    "street",
    "postal_code",
    "city",
    "country",
];

/// An address object as JSON: `{name?, company?, street, postal_code, city, country}`.
pub fn parse_address(
    e: &mut Vec<FieldError>,
    field: &str,
    v: &serde_json::Value,
) -> Option<Address> {
    let Some(obj) = v.as_object() else {
        e.push(FieldError::new(
            field,
            "must be an object {name, company, street, postal_code, city, country}",
        ));
        return None;
    };
    let before = e.len();
    for k in obj.keys() {
        if !ADDRESS_FIELDS.contains(&k.as_str()) {
            e.push(FieldError::new(
                format!("{field}.{k}"),
                format!(
                    "unknown field; expected one of {}",
                    ADDRESS_FIELDS.join(", ")
                ),
            ));
        }
    }
    let mut get = |k: &str, max: usize, required: bool| -> Option<String> {
        let f = format!("{field}.{k}");
        let raw = match obj.get(k) {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                e.push(FieldError::new(f, "must be a string"));
                return None;
            }
        };
        let v = text(e, &f, raw, max);
        if v.is_none() && required && clean(raw).is_none() {
            e.push(FieldError::new(f, "is required"));
        }
        v
    };
    let name = get("name", 200, false);
    let company = get("company", 200, false);
    let street = get("street", 300, true);
    let postal_code = get("postal_code", 20, true);
    let city = get("city", 100, true);
    let country = get("country", 2, true).map(|c| c.to_ascii_uppercase());
    if let Some(c) = &country
        && !orion_kernel::address::is_country_code(c)
    {
        e.push(FieldError::new(
            format!("{field}.country"),
            "must be a two-letter ISO country code (LU)",
        ));
    }
    if e.len() > before {
        return None;
    }
    Some(Address {
        name,
        company,
        street: street?,
        postal_code: postal_code?,
        city: city?,
        country: country?,
    })
}

/// `total / count` in cents, rounded half away from zero; 0 when `count` is 0.
pub fn average_cents(total: i64, count: i64) -> i64 {
    if count <= 0 {
        return 0;
    }
    let (t, c) = (i128::from(total), i128::from(count));
    let q = (2 * t.abs() + c) / (2 * c);
    i64::try_from(if t < 0 { -q } else { q }).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" Anne.Muller+shop@Example.LU "),
            Ok("anne.muller+shop@example.lu".into())
        );
        for bad in [
            "",
            "anne",
            "anne@",
            "@example.lu",
            "anne@example",
            "a b@example.lu",
            "anne@@x.lu",
            "anne@ex..lu",
            "anne@-x.lu",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        assert!(parse_email(&format!("{}@example.lu", "a".repeat(65))).is_err());
        assert_eq!(parse_email("zoë@exämple.lu"), Ok("zoë@exämple.lu".into()));
    }

    #[test]
    fn vat_ids_are_normalised() {
        assert_eq!(parse_vat_id("lu 2637 5245"), Ok("LU26375245".into()));
        assert!(parse_vat_id("LU26375246").is_err());
        assert!(parse_vat_id("hello").is_err());
    }

    #[test]
    fn peppol_ids() {
        for (given, want) in [
            ("9930:DE136695976", "9930:DE136695976"),
            ("  0088:5798000000001 ", "0088:5798000000001"),
            ("9938:LU26375245", "9938:LU26375245"),
            ("LU:abc-123/x", "LU:abc-123/x"),
            ("0192:a:b", "0192:a:b"),
        ] {
            assert_eq!(parse_peppol_id(given), Ok(Some(want.to_owned())), "{given}");
        }
        assert_eq!(parse_peppol_id(""), Ok(None));
        assert_eq!(parse_peppol_id("   "), Ok(None));
        let longest = format!("9930:{}", "x".repeat(PEPPOL_IDENTIFIER_MAX));
        assert_eq!(parse_peppol_id(&longest), Ok(Some(longest.clone())));
        assert!(longest.chars().count() <= 110, "fits the column");
        for bad in [
            "DE136695976",
            "9930:",
            ":DE136695976",
            "993:DE136695976",
            "99300:DE136695976",
            "99a0:DE136695976",
            "lu:123",
            "LUX:123",
            "L:123",
            "Ä1:123",
            "9930 :DE136695976",
            "9930: DE136695976",
            "9930:DE 136695976",
            "9930:DE\u{1f}1",
            "9930:DE\t1",
            "\u{664}\u{664}\u{664}\u{664}:1",
        ] {
            assert_eq!(parse_peppol_id(bad), Err(PEPPOL_ID_MESSAGE), "{bad:?}");
        }
        let too_long = format!("9930:{}", "x".repeat(PEPPOL_IDENTIFIER_MAX + 1));
        assert_eq!(parse_peppol_id(&too_long), Err(PEPPOL_ID_MESSAGE));
        assert_eq!(
            PEPPOL_ID_MESSAGE,
            "must be a Peppol participant id: scheme:identifier, e.g. 9930:DE136695976"
        );
    }

    #[test]
    fn tags_and_languages() {
        let mut e = Vec::new();
        let t = parse_tags(
            &mut e,
            "tags",
            &["VIP".into(), " vip ".into(), "b2b".into()],
        );
        assert_eq!(t, ["VIP", "b2b"]);
        assert!(e.is_empty());
        parse_tags(&mut e, "tags", &["a;b".into(), "".into()]);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].field, "tags[0]");
        assert_eq!(
            merge_tags(&t, &["Vip".into(), "new".into()]),
            ["VIP", "b2b", "new"]
        );
        assert_eq!(parse_language("FR"), Ok("fr".into()));
        assert!(parse_language("lb").is_err());
    }

    #[test]
    fn addresses() {
        let mut e = Vec::new();
        let a = parse_address(
            &mut e,
            "address",
            &json!({"street": " 1 rue de la Gare ", "postal_code": "L-1611", "city": "Luxembourg", "country": "lu"}),
        )
        .unwrap();
        assert_eq!(
            (a.street.as_str(), a.country.as_str()),
            ("1 rue de la Gare", "LU")
        );
        assert!(e.is_empty());
        let b = Address {
            street: "1 RUE DE LA GARE".into(),
            ..a.clone()
        };
        assert!(a.same_as(&b));
        assert!(
            parse_address(
                &mut e,
                "customer.address",
                &json!({"street": "x", "city": "y", "country": "LUX", "floor": 2})
            )
            .is_none()
        );
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "customer.address.floor",
                "customer.address.postal_code",
                "customer.address.country"
            ]
        );
        assert!(parse_address(&mut e, "address", &json!("1 rue")).is_none());
    }

    #[test]
    fn averages_round_half_up() {
        assert_eq!(average_cents(0, 0), 0);
        assert_eq!(average_cents(1000, 3), 333);
        assert_eq!(average_cents(1001, 2), 501);
        assert_eq!(average_cents(i64::MAX, 1), i64::MAX);
    }
}
