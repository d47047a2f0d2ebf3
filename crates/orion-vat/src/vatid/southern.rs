//! CY, EL (Greece), ES, HR, IT, MT, PT and SI.

use super::InvalidReason::{BadCheckDigit, BadFormat, BadLength};
use super::algo::{
    Check, digits, dv, ensure, luhn_check_digit, luhn_valid, mod_11_10_checksum, num, weighted,
};
use super::normalize::Body;

/// CY: 8 digits (not starting with 12) + a check letter.
pub(super) fn cy(b: &[u8]) -> Check {
    ensure(b.len() == 9, BadLength)?;
    digits(&b[..8])?;
    ensure(&b[..2] != b"12", BadFormat)?;
    const ODD: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
    let sum: u32 = b[..8]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                ODD[dv(*c) as usize]
            } else {
                dv(*c)
            }
        })
        .sum();
    ensure(b[8] == b'A' + (sum % 26) as u8, BadCheckDigit)
}

/// EL: 9 digits (8-digit numbers get a leading 0); check = (Σ dᵢ·2^(8−i)) mod 11 mod 10.
pub(super) fn el(body: &mut Body) -> Check {
    if body.as_bytes().len() == 8 {
        body.pad_left(1);
    }
    let b = body.as_bytes();
    digits(b)?;
    ensure(b.len() == 9, BadLength)?;
    let s = b[..8].iter().fold(0u32, |acc, c| acc * 2 + dv(*c));
    ensure(s * 2 % 11 % 10 == dv(b[8]), BadCheckDigit)
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

fn dni_letter(n: u64) -> u8 {
    DNI_LETTERS[(n % 23) as usize]
}

/// ES (NIF): DNI (8 digits + letter), NIE (X/Y/Z + 7 digits + letter), K/L/M + 7
/// digits + letter, or CIF (entity letter + 7 digits + digit or letter, Luhn-based).
pub(super) fn es(b: &[u8]) -> Check {
    ensure(b.len() == 9, BadLength)?;
    digits(&b[1..8])?;
    let middle = num(&b[1..8]);
    let last = b[8];
    match b[0] {
        b'K' | b'L' | b'M' => ensure(last == dni_letter(middle), BadCheckDigit),
        b'0'..=b'9' => ensure(last == dni_letter(num(&b[..8])), BadCheckDigit),
        x @ (b'X' | b'Y' | b'Z') => {
            let n = u64::from(x - b'X') * 10_000_000 + middle;
            ensure(last == dni_letter(n), BadCheckDigit)
        }
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' | b'G' | b'H' | b'J' | b'N' | b'P' | b'Q'
        | b'R' | b'S' | b'U' | b'V' | b'W' => {
            let check = luhn_check_digit(&b[1..8]);
            let ok = last == b'0' + check as u8 || last == b"JABCDEFGHI"[check as usize];
            ensure(ok, BadCheckDigit)
        }
        _ => Err(BadFormat),
    }
}

/// HR (OIB): 11 digits, ISO 7064 MOD 11,10.
pub(super) fn hr(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 11, BadLength)?;
    ensure(mod_11_10_checksum(b) == 1, BadCheckDigit)
}

/// IT (partita IVA): 11 digits, first seven not all zero, office code 001–100, 120,
/// 121, 888 or 999, Luhn.
pub(super) fn it(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b.len() == 11, BadLength)?;
    ensure(num(&b[..7]) != 0, BadFormat)?;
    let office = num(&b[7..10]);
    ensure(
        (1..=100).contains(&office) || matches!(office, 120 | 121 | 888 | 999),
        BadFormat,
    )?;
    ensure(luhn_valid(b), BadCheckDigit)
}

/// MT: 8 digits, no leading zero, Σ wᵢdᵢ ≡ 0 (mod 37).
pub(super) fn mt(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b[0] != b'0', BadFormat)?;
    ensure(b.len() == 8, BadLength)?;
    ensure(
        weighted(b, &[3, 4, 6, 7, 8, 9, 10, 1]).is_multiple_of(37),
        BadCheckDigit,
    )
}

/// PT (NIF): 9 digits, no leading zero, mod 11.
pub(super) fn pt(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b[0] != b'0', BadFormat)?;
    ensure(b.len() == 9, BadLength)?;
    let s = weighted(&b[..8], &[9, 8, 7, 6, 5, 4, 3, 2]);
    ensure((11 - s % 11) % 11 % 10 == dv(b[8]), BadCheckDigit)
}

/// SI: 8 digits, no leading zero, mod 11 (a remainder giving 10 means 0; 11 is
/// impossible).
pub(super) fn si(b: &[u8]) -> Check {
    digits(b)?;
    ensure(b[0] != b'0', BadFormat)?;
    ensure(b.len() == 8, BadLength)?;
    let check = 11 - weighted(&b[..7], &[8, 7, 6, 5, 4, 3, 2]) % 11;
    let check = if check == 10 { 0 } else { check };
    ensure(check == dv(b[7]), BadCheckDigit)
}
