//! DK, EE, FI, LT, LV and SE.

use super::InvalidReason::{BadCheckDigit, BadFormat, BadLength};
use super::algo::{Check, digits, dv, ensure, is_date, luhn_valid, two, weighted};

/// DK (CVR): 8 digits, no leading zero, Σ wᵢdᵢ ≡ 0 (mod 11).
pub(super) fn dk(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b[0] != b'0', BadFormat)?;
    ensure(b.len() == 8, BadLength)?;
    ensure(
        weighted(b, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11),
        BadCheckDigit,
    )
}

/// EE (KMKR): 9 digits, weights 3-7-1, ≡ 0 (mod 10).
pub(super) fn ee(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 9, BadLength)?;
    ensure(
        weighted(b, &[3, 7, 1, 3, 7, 1, 3, 7, 1]).is_multiple_of(10),
        BadCheckDigit,
    )
}

/// FI (ALV): 8 digits, ≡ 0 (mod 11) with weights 7-9-10-5-8-4-2-1.
pub(super) fn fi(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 8, BadLength)?;
    ensure(
        weighted(b, &[7, 9, 10, 5, 8, 4, 2, 1]).is_multiple_of(11),
        BadCheckDigit,
    )
}

/// LT (PVM): 9 digits (8th is 1) for legal persons, 12 digits (11th is 1) for
/// temporary registrations; mod 11 with a second weight set when the first gives 10.
pub(super) fn lt(b: &[u8]) -> Check {
    digits(b)?;
    match b.len() {
        9 => ensure(b[7] == b'1', BadFormat)?,
        12 => ensure(b[10] == b'1', BadFormat)?,
        _ => return Err(BadLength),
    }
    let body = &b[..b.len() - 1];
    let sum = |shift: usize| -> u32 {
        body.iter()
            .enumerate()
            .map(|(i, c)| (1 + ((i + shift) % 9) as u32) * dv(*c))
            .sum()
    };
    let mut check = sum(0) % 11;
    if check == 10 {
        check = sum(2);
    }
    ensure(check % 11 % 10 == dv(b[b.len() - 1]), BadCheckDigit)
}

/// LV (PVN): 11 digits. First digit > 3: legal person, weighted sum ≡ 3 (mod 11).
/// Otherwise a personal code: old style starts with a valid DDMMYY + century digit,
/// new style starts with 32; both end with a mod 11 check digit.
pub(super) fn lv(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 11, BadLength)?;
    if b[0] > b'3' {
        let s = weighted(b, &[9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]);
        return ensure(s % 11 == 3, BadCheckDigit);
    }
    if &b[..2] != b"32" {
        let year = 1800 + two(b, 4) + 100 * dv(b[6]);
        ensure(is_date(year as i32, two(b, 2), two(b, 0)), BadFormat)?;
    }
    let s = 1 + weighted(&b[..10], &[10, 5, 8, 4, 2, 1, 6, 3, 7, 9]);
    ensure(s % 11 % 10 == dv(b[10]), BadCheckDigit)
}

/// SE: organisation number (10 digits, Luhn) + `01`.
pub(super) fn se(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 12, BadLength)?;
    ensure(&b[10..] == b"01", BadFormat)?;
    ensure(luhn_valid(&b[..10]), BadCheckDigit)
}
