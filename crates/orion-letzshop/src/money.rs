//! Exact decimal → cents conversion for Letzshop money fields (`variant.price`,
//! `order.total`). Letzshop sends decimals as JSON numbers (e.g. `19.9`); the client keeps
//! the number's literal text and converts it here, never through `f64`.
//!
//! Accepted: `[+]digits[.digits][(e|E)[+|-]digits]`, e.g. `19.9` → 1990, `0.1` → 10,
//! `19.99` → 1999, `20.0` → 2000, `1e2` → 10000, `1.5E1` → 1500, `.5` → 50.
//! Rejected (with a message): negative amounts, more than 2 significant decimals
//! (`19.999`; trailing zeros such as `19.900` are fine — money is never rounded
//! silently), overflow of `i64` cents, empty input and anything that is not a decimal
//! (`NaN`, `1,5`, `0x10`).

/// Why a money literal was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid money amount {input:?}: {reason}")]
pub struct MoneyError {
    pub input: String,
    pub reason: &'static str,
}

fn err(input: &str, reason: &'static str) -> MoneyError {
    MoneyError {
        input: input.to_owned(),
        reason,
    }
}

/// Parse a decimal amount in euros (JSON number text or string) into cents, exactly.
pub fn parse_decimal_cents(input: &str) -> Result<i64, MoneyError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(err(input, "empty"));
    }
    let s = if let Some(rest) = s.strip_prefix('-') {
        // "-0", "-0.00" is zero; anything else negative is rejected.
        if rest.chars().all(|c| matches!(c, '0' | '.')) && rest.contains('0') {
            rest
        } else {
            return Err(err(input, "negative amounts are not accepted"));
        }
    } else {
        s.strip_prefix('+').unwrap_or(s)
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => {
            let e = &s[i + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(input, "malformed exponent"));
            }
            let e: i64 = e.parse().map_err(|_| err(input, "exponent out of range"))?;
            if e.abs() > 40 {
                return Err(err(input, "exponent out of range"));
            }
            (&s[..i], e)
        }
        None => (s, 0),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(err(input, "no digits"));
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(err(input, "not a decimal number"));
    }
    // value = digits × 10^(exp - frac_len); cents = digits × 10^(exp - frac_len + 2)
    let digits: String = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    let scale = exp - frac_part.len() as i64 + 2;
    let (digits, scale) = if scale < 0 {
        // Dropping digits: they must all be zeros.
        let drop = (-scale) as usize;
        if drop > digits.len() {
            if digits.bytes().all(|b| b == b'0') {
                return Ok(0);
            }
            return Err(err(input, "more than 2 decimals"));
        }
        let (keep, dropped) = digits.split_at(digits.len() - drop);
        if !dropped.bytes().all(|b| b == b'0') {
            return Err(err(input, "more than 2 decimals"));
        }
        (keep, 0)
    } else {
        (digits, scale)
    };
    let mut cents: i64 = 0;
    for b in digits.bytes() {
        cents = cents
            .checked_mul(10)
            .and_then(|c| c.checked_add(i64::from(b - b'0')))
            .ok_or_else(|| err(input, "amount too large"))?;
    }
    for _ in 0..scale {
        cents = cents
            .checked_mul(10)
            .ok_or_else(|| err(input, "amount too large"))?;
    }
    Ok(cents)
}

/// Format cents as a decimal with 2 places ("19.90"). Used by the simulator and in logs.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals() {
        assert_eq!(parse_decimal_cents("19.9"), Ok(1990));
        assert_eq!(parse_decimal_cents("19.99"), Ok(1999));
        assert_eq!(parse_decimal_cents("0.1"), Ok(10));
        assert_eq!(parse_decimal_cents("0.01"), Ok(1));
        assert_eq!(parse_decimal_cents("20"), Ok(2000));
        assert_eq!(parse_decimal_cents("20.0"), Ok(2000));
        assert_eq!(parse_decimal_cents("19.900"), Ok(1990));
        assert_eq!(parse_decimal_cents("0"), Ok(0));
        assert_eq!(parse_decimal_cents("-0.0"), Ok(0));
        assert_eq!(parse_decimal_cents(".5"), Ok(50));
        assert_eq!(parse_decimal_cents("5."), Ok(500));
        assert_eq!(parse_decimal_cents(" 7.25 "), Ok(725));
        assert_eq!(parse_decimal_cents("+3.10"), Ok(310));
        assert_eq!(parse_decimal_cents("1234567.89"), Ok(123_456_789));
    }

    #[test]
    fn exponents() {
        assert_eq!(parse_decimal_cents("1e2"), Ok(10_000));
        assert_eq!(parse_decimal_cents("1.5E1"), Ok(1500));
        assert_eq!(parse_decimal_cents("1999e-2"), Ok(1999));
        assert_eq!(parse_decimal_cents("1.99e+1"), Ok(1990));
        assert_eq!(
            parse_decimal_cents("5e-3"),
            Err(err("5e-3", "more than 2 decimals"))
        );
        assert!(parse_decimal_cents("1e").is_err());
        assert!(parse_decimal_cents("1e999").is_err());
    }

    #[test]
    fn rejected() {
        assert_eq!(
            parse_decimal_cents("-1.00").unwrap_err().reason,
            "negative amounts are not accepted"
        );
        assert_eq!(
            parse_decimal_cents("19.999").unwrap_err().reason,
            "more than 2 decimals"
        );
        assert_eq!(
            parse_decimal_cents("0.001").unwrap_err().reason,
            "more than 2 decimals"
        );
        for bad in [
            "", ".", "abc", "1,5", "0x10", "NaN", "1.2.3", "--1", "1 000",
        ] {
            assert!(parse_decimal_cents(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            parse_decimal_cents("999999999999999999999")
                .unwrap_err()
                .reason,
            "amount too large"
        );
    }

    #[test]
    fn float_artifacts_are_not_introduced() {
        // Values whose f64 arithmetic would drift: 0.1 + 0.2, 1.005 * 100, 4.35 * 100.
        assert_eq!(parse_decimal_cents("0.3"), Ok(30));
        assert_eq!(parse_decimal_cents("4.35"), Ok(435));
        assert_eq!(parse_decimal_cents("1.15"), Ok(115));
        assert_eq!(parse_decimal_cents("8.2"), Ok(820));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_cents(1990), "19.90");
        assert_eq!(format_cents(5), "0.05");
        assert_eq!(format_cents(-150), "-1.50");
    }
}
