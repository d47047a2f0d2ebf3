//! BG, CZ, HU, PL, RO and SK.

use super::InvalidReason::{BadCheckDigit, BadFormat, BadLength};
use super::algo::{Check, digits, dv, ensure, is_date, num, two, weighted, weighted_mod_signed};

/// BG: 9 digits (legal entities, mod 11 with a fallback weight set) or 10 digits,
/// valid as an EGN (personal number with birth date), a PNF (foreigner) or an
/// "other" number.
pub(super) fn bg(b: &[u8]) -> Check {
    digits(b)?;
    match b.len() {
        9 => {
            let mut check = weighted(&b[..8], &[1, 2, 3, 4, 5, 6, 7, 8]) % 11;
            if check == 10 {
                check = weighted(&b[..8], &[3, 4, 5, 6, 7, 8, 9, 10]) % 11;
            }
            ensure(check % 10 == dv(b[8]), BadCheckDigit)
        }
        10 => ensure(bg_egn(b) || bg_pnf(b) || bg_other(b), BadCheckDigit),
        _ => Err(BadLength),
    }
}

fn bg_egn(b: &[u8]) -> bool {
    let (mut year, mut month) = (1900 + two(b, 0) as i32, two(b, 2));
    if month > 40 {
        year += 100;
        month -= 40;
    } else if month > 20 {
        year -= 100;
        month -= 20;
    }
    is_date(year, month, two(b, 4))
        && weighted(&b[..9], &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10 == dv(b[9])
}

fn bg_pnf(b: &[u8]) -> bool {
    weighted(&b[..9], &[21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 == dv(b[9])
}

fn bg_other(b: &[u8]) -> bool {
    let s = weighted(&b[..9], &[4, 3, 2, 7, 6, 5, 4, 3, 2]);
    (11 - s % 11) % 11 == dv(b[9])
}

/// CZ (DIČ): 8 digits for legal entities (not starting with 9, mod 11), 9 digits
/// starting with 6 for "special" individuals, otherwise a 9- or 10-digit birth number.
pub(super) fn cz(b: &[u8]) -> Check {
    digits(b)?;
    match b.len() {
        8 => {
            ensure(b[0] != b'9', BadFormat)?;
            let c = (11 - weighted(&b[..7], &[8, 7, 6, 5, 4, 3, 2]) % 11) % 11;
            let c = if c == 0 { 1 } else { c };
            ensure(c % 10 == dv(b[7]), BadCheckDigit)
        }
        9 if b[0] == b'6' => {
            let s = weighted(&b[1..8], &[8, 7, 6, 5, 4, 3, 2]) % 11;
            let c = (8 - ((10 - s as i32) % 11)).rem_euclid(10) as u32;
            ensure(c == dv(b[8]), BadCheckDigit)
        }
        9 | 10 => birth_number(b),
        _ => Err(BadLength),
    }
}

/// Czech/Slovak birth number (rodné číslo): YYMMDD with month +20/+50/+70 offsets;
/// 9 digits only before 1954, 10 digits with the whole number ≡ check (mod 11 mod 10).
pub(super) fn birth_number(b: &[u8]) -> Check {
    let mut year = 1900 + two(b, 0) as i32;
    let month = two(b, 2) % 50 % 20;
    if b.len() == 9 {
        if year >= 1980 {
            year -= 100;
        }
        ensure(year <= 1953, BadLength)?;
    } else if year < 1954 {
        year += 100;
    }
    ensure(is_date(year, month, two(b, 4)), BadFormat)?;
    if b.len() == 10 {
        ensure(num(&b[..9]) % 11 % 10 == u64::from(dv(b[9])), BadCheckDigit)?;
    }
    Ok(())
}

/// HU: 8 digits, weights 9-7-3-1, ≡ 0 (mod 10).
pub(super) fn hu(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 8, BadLength)?;
    ensure(
        weighted(b, &[9, 7, 3, 1, 9, 7, 3, 1]).is_multiple_of(10),
        BadCheckDigit,
    )
}

/// PL (NIP): 10 digits, weights 6-5-7-2-3-4-5-6-7 and −1 on the check digit, ≡ 0
/// (mod 11).
pub(super) fn pl(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 10, BadLength)?;
    ensure(
        weighted_mod_signed(b, &[6, 5, 7, 2, 3, 4, 5, 6, 7, -1], 11) == 0,
        BadCheckDigit,
    )
}

/// RO: CUI/CIF of 2–10 digits (no leading zero, mod 11), or a 13-digit CNP
/// (personal numeric code with birth date, county and check digit).
pub(super) fn ro(b: &[u8]) -> Check {
    digits(b)?;
    match b.len() {
        13 => ro_cnp(b),
        2..=10 => {
            ensure(b[0] != b'0', BadFormat)?;
            const W: [u32; 9] = [7, 5, 3, 2, 1, 7, 5, 3, 2];
            let body = &b[..b.len() - 1];
            // Right-aligned weights: the body is zero-padded to nine digits.
            let s: u32 = body
                .iter()
                .zip(&W[9 - body.len()..])
                .map(|(c, w)| w * dv(*c))
                .sum();
            ensure(10 * s % 11 % 10 == dv(b[b.len() - 1]), BadCheckDigit)
        }
        _ => Err(BadLength),
    }
}

fn ro_cnp(b: &[u8]) -> Check {
    ensure(b[0] != b'0', BadFormat)?;
    let century = match b[0] {
        b'3' | b'4' => 1800,
        b'5' | b'6' => 2000,
        _ => 1900,
    };
    ensure(
        is_date(century + two(b, 1) as i32, two(b, 3), two(b, 5)),
        BadFormat,
    )?;
    let county = two(b, 7);
    ensure(matches!(county, 1..=48 | 51 | 52 | 70 | 80..=83), BadFormat)?;
    let s = weighted(&b[..12], &[2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
    let check = if s == 10 { 1 } else { s };
    ensure(check == dv(b[12]), BadCheckDigit)
}

/// SK (IČ DPH): 10 digits; a valid birth number, or no leading zero, third digit in
/// {2,3,4,7,8,9} and the number ≡ 0 (mod 11).
pub(super) fn sk(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 10, BadLength)?;
    if birth_number(b).is_ok() {
        return Ok(());
    }
    ensure(
        b[0] != b'0' && matches!(b[2], b'2' | b'3' | b'4' | b'7' | b'8' | b'9'),
        BadFormat,
    )?;
    ensure(num(b).is_multiple_of(11), BadCheckDigit)
}
