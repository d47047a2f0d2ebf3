//! Parsing of user-supplied identifiers at the edge ("parse, don't validate").

use orion_kernel::{FieldError, Invalid};

/// Lower-cased, trimmed e-mail; a deliberately simple shape check (a mailbox is proven by use).
pub fn email(field: &str, raw: &str) -> Result<String, FieldError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.matches('@').count() == 1;
    if ok {
        Ok(e)
    } else {
        Err(FieldError::new(field, "is not a valid e-mail address"))
    }
}

/// Two-letter ISO 3166-1 alpha-2 code, upper-cased.
pub fn country(field: &str, raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(FieldError::new(
            field,
            "must be a two-letter ISO country code such as LU",
        ))
    }
}

/// Store code like `ACME-LU`: 2–32 characters, upper-case letters, digits and dashes.
pub fn store_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_ascii_uppercase();
    let ok = (2..=32).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !c.starts_with('-')
        && !c.ends_with('-');
    if ok {
        Ok(c)
    } else {
        Err(FieldError::new(
            field,
            "must be 2–32 characters: letters, digits and dashes, like ACME-LU",
        ))
    }
}

pub fn language(field: &str, raw: &str) -> Result<String, FieldError> {
    let l = raw.trim().to_ascii_lowercase();
    if matches!(l.as_str(), "en" | "fr" | "de") {
        Ok(l)
    } else {
        Err(FieldError::new(field, "must be one of en, fr, de"))
    }
}

/// Non-empty trimmed text of at most `max` characters.
pub fn text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        Err(FieldError::new(field, "must not be empty"))
    } else if t.chars().count() > max {
        Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ))
    } else {
        Ok(t.to_owned())
    }
}

/// Collects field results; returns all errors at once.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), Invalid> {
        Invalid::check(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_identifiers() {
        assert_eq!(email("e", " Bob@Example.COM ").unwrap(), "bob@example.com");
        for bad in ["", "bob", "a@b", "a@@b.c", "a b@c.d", "@x.lu"] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
        assert_eq!(country("c", "lu").unwrap(), "LU");
        assert!(country("c", "LUX").is_err());
        assert_eq!(store_code("s", "acme-lu").unwrap(), "ACME-LU");
        assert!(store_code("s", "-X").is_err() && store_code("s", "A B").is_err());
        assert!(language("l", "fr").is_ok() && language("l", "lb").is_err());
    }
}
