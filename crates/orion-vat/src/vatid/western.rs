//! AT, BE, DE, FR, IE, LU, NL and XI (Northern Ireland, UK format).

use super::InvalidReason::{BadCharacter, BadCheckDigit, BadFormat, BadLength};
use super::algo::{
    Check, digits, dv, ensure, is_digits, luhn_checksum, luhn_valid, mod_11_10_checksum, num,
    weighted,
};
use super::normalize::Body;

/// AT (UID): `U` + 8 digits; the last is (6 − Luhn checksum of digits 1–7) mod 10.
pub(super) fn at(b: &[u8]) -> Check {
    ensure(!b.is_empty(), BadLength)?;
    ensure(b[0] == b'U', BadFormat)?;
    digits(&b[1..])?;
    ensure(b.len() == 9, BadLength)?;
    let check = (16 - luhn_checksum(&b[1..8])) % 10;
    ensure(check == dv(b[8]), BadCheckDigit)
}

/// BE: 10 digits starting with 0 or 1 (9-digit old numbers get a leading 0); the
/// last two = 97 − (first eight mod 97).
pub(super) fn be(body: &mut Body) -> Check {
    if body.as_bytes().len() == 9 {
        body.pad_left(1);
    }
    let b = body.as_bytes();
    digits(b)?;
    ensure(b.len() == 10, BadLength)?;
    ensure(num(b) > 0 && matches!(b[0], b'0' | b'1'), BadFormat)?;
    ensure(
        (num(&b[..8]) + num(&b[8..])).is_multiple_of(97),
        BadCheckDigit,
    )
}

/// DE: 9 digits, no leading zero, ISO 7064 MOD 11,10.
pub(super) fn de(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b[0] != b'0', BadFormat)?;
    ensure(b.len() == 9, BadLength)?;
    ensure(mod_11_10_checksum(b) == 1, BadCheckDigit)
}

const FR_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fn fr_index(c: u8) -> Option<u32> {
    FR_ALPHABET.iter().position(|x| *x == c).map(|i| i as u32)
}

/// FR: 2-character key + SIREN (9 digits, Luhn-valid unless it starts with 000).
/// Numeric key = (SIREN·100 + 12) mod 97; alphanumeric keys (new style, no I/O)
/// follow the DGFiP formula as python-stdnum implements it.
pub(super) fn fr(b: &[u8]) -> Check {
    ensure(b.len() == 11, BadLength)?;
    let (Some(k0), Some(k1)) = (fr_index(b[0]), fr_index(b[1])) else {
        return Err(BadCharacter);
    };
    let siren = &b[2..];
    digits(siren)?;
    if &siren[..3] != b"000" {
        ensure(luhn_valid(siren), BadCheckDigit)?;
    }
    let n = num(siren);
    if k0 < 10 && k1 < 10 {
        return ensure(
            u64::from(k0 * 10 + k1) == (n * 100 + 12) % 97,
            BadCheckDigit,
        );
    }
    let check = if k0 < 10 {
        k0 * 24 + k1 - 10
    } else {
        k0 * 34 + k1 - 100
    };
    let check = u64::from(check);
    ensure((n + 1 + check / 11) % 11 == check % 11, BadCheckDigit)
}

const IE_ALPHABET: &[u8] = b"WABCDEFGHIJKLMNOPQRSTUV";

fn ie_index(c: u8) -> Option<u32> {
    IE_ALPHABET.iter().position(|x| *x == c).map(|i| i as u32)
}

/// IE: new style 7 digits + check letter (+ optional second letter, which enters the
/// check), old style digit, letter/`+`/`*`, 5 digits, check letter.
pub(super) fn ie(b: &[u8]) -> Check {
    ensure(b.len() >= 3, BadLength)?;
    ensure(b[0].is_ascii_digit(), BadFormat)?;
    ensure(is_digits(&b[2..b.len().min(7)]), BadFormat)?;
    let letters = b.get(7..).unwrap_or_default();
    ensure(letters.iter().all(|c| ie_index(*c).is_some()), BadFormat)?;
    ensure(matches!(b.len(), 8 | 9), BadLength)?;
    let weigh = |d: &[u8]| weighted(d, &[8, 7, 6, 5, 4, 3, 2]);
    let expected = if is_digits(&b[..7]) {
        let extra = b.get(8).and_then(|c| ie_index(*c)).unwrap_or(0);
        weigh(&b[..7]) + 9 * extra
    } else if b[1].is_ascii_uppercase() || matches!(b[1], b'+' | b'*') {
        // '0' + digits 2..7 + the first digit, weighted 8..2.
        let mut old = [b'0'; 7];
        old[1..6].copy_from_slice(&b[2..7]);
        old[6] = b[0];
        weigh(&old)
    } else {
        return Err(BadFormat);
    };
    ensure(IE_ALPHABET[(expected % 23) as usize] == b[7], BadCheckDigit)
}

/// LU: 8 digits; the last two = first six mod 89.
pub(super) fn lu(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 8, BadLength)?;
    ensure(num(&b[..6]) % 89 == num(&b[6..]), BadCheckDigit)
}

/// NL: 9 digits + `B` + 2 digits (shorter leading parts are zero-padded, as
/// python-stdnum does); valid if the 9 digits pass the 11-test (BSN) or, since 2020,
/// the whole `NL…` string passes ISO 7064 MOD 97-10.
pub(super) fn nl(body: &mut Body) -> Check {
    let len = body.as_bytes().len();
    let head = len.saturating_sub(3);
    if head < 9 && !body.pad_left(9 - head) {
        return Err(BadLength);
    }
    let b = body.as_bytes();
    digits(&b[..9])?;
    ensure(num(&b[..9]) > 0, BadFormat)?;
    ensure(b.len() == 12, BadLength)?;
    ensure(b[9] == b'B', BadFormat)?;
    digits(&b[10..])?;
    ensure(num(&b[10..]) > 0, BadFormat)?;
    let bsn =
        (weighted(&b[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) as i32 - dv(b[8]) as i32).rem_euclid(11) == 0;
    ensure(bsn || mod_97_10_nl(b) == 1, BadCheckDigit)
}

/// `NL` + body read with letters as 10..35, mod 97.
fn mod_97_10_nl(b: &[u8]) -> u32 {
    let mut r = 0u32;
    for c in b"NL".iter().chain(b) {
        r = if c.is_ascii_digit() {
            (r * 10 + dv(*c)) % 97
        } else {
            (r * 100 + u32::from(c - b'A') + 10) % 97
        };
    }
    r
}

/// XI (UK format, python-stdnum `gb.vat`): 9 or 12 digits with the mod 97 / mod 9755
/// check, or government departments `GD`nnn (< 500) / `HA`nnn (≥ 500), also as
/// `GD8888`/`HA8888` + 3 digits + (those mod 97).
pub(super) fn xi(b: &[u8]) -> Check {
    match b.len() {
        5 => {
            digits(&b[2..])?;
            let n = num(&b[2..]);
            ensure(
                (&b[..2] == b"GD" && n < 500) || (&b[..2] == b"HA" && n >= 500),
                BadFormat,
            )
        }
        11 if &b[..6] == b"GD8888" || &b[..6] == b"HA8888" => {
            digits(&b[6..])?;
            let n = num(&b[6..9]);
            ensure(
                (&b[..2] == b"GD" && n < 500) || (&b[..2] == b"HA" && n >= 500),
                BadFormat,
            )?;
            ensure(n % 97 == num(&b[9..]), BadCheckDigit)
        }
        9 | 12 => {
            digits(b)?;
            let sum = weighted(&b[..9], &[8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
            // Numbers from 100 000 000 may use the mod 9755 scheme (remainder 42 or
            // 55 after adding 55).
            let ok = if num(&b[..3]) >= 100 {
                matches!(sum, 0 | 42 | 55)
            } else {
                sum == 0
            };
            ensure(ok, BadCheckDigit)
        }
        _ => {
            ensure(b.iter().all(|c| c.is_ascii_alphanumeric()), BadCharacter)?;
            Err(BadLength)
        }
    }
}
