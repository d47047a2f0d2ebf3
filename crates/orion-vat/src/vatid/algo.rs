//! Check-digit building blocks shared by the country modules. All work on ASCII
//! bytes that the caller has already checked to be digits where digits are needed.

use super::InvalidReason;

pub(super) type Check = Result<(), InvalidReason>;

/// `Ok` when `cond`, else the reason.
pub(super) fn ensure(cond: bool, reason: InvalidReason) -> Check {
    if cond { Ok(()) } else { Err(reason) }
}

pub(super) fn is_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// Digits only: empty is a bad length, anything else a bad character.
pub(super) fn digits(b: &[u8]) -> Check {
    ensure(!b.is_empty(), InvalidReason::BadLength)?;
    ensure(
        b.iter().all(u8::is_ascii_digit),
        InvalidReason::BadCharacter,
    )
}

/// The value of an ASCII digit.
pub(super) fn dv(c: u8) -> u32 {
    u32::from(c.wrapping_sub(b'0')) % 10
}

/// The number written by up to 19 ASCII digits.
pub(super) fn num(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |acc, c| {
        acc.wrapping_mul(10).wrapping_add(u64::from(dv(*c)))
    })
}

/// Σ wᵢ·dᵢ over the shorter of digits and weights.
pub(super) fn weighted(b: &[u8], w: &[u32]) -> u32 {
    b.iter().zip(w).map(|(c, w)| w * dv(*c)).sum()
}

/// Σ wᵢ·dᵢ with signed weights, reduced into `0..m` (Python's `%`).
pub(super) fn weighted_mod_signed(b: &[u8], w: &[i32], m: i32) -> i32 {
    let s: i32 = b.iter().zip(w).map(|(c, w)| w * dv(*c) as i32).sum();
    s.rem_euclid(m)
}

/// Luhn checksum (0 when valid), as python-stdnum's `luhn.checksum`.
pub(super) fn luhn_checksum(b: &[u8]) -> u32 {
    b.iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = dv(*c);
            if i % 2 == 0 {
                v
            } else {
                let d = v * 2;
                d / 10 + d % 10
            }
        })
        .sum::<u32>()
        % 10
}

pub(super) fn luhn_valid(b: &[u8]) -> bool {
    luhn_checksum(b) == 0
}

/// The Luhn check digit for `b` (as `luhn.calc_check_digit`).
pub(super) fn luhn_check_digit(b: &[u8]) -> u32 {
    // checksum(b + "0") weights b as if followed by a digit.
    let s: u32 = b
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = dv(*c);
            if i % 2 == 1 {
                v
            } else {
                let d = v * 2;
                d / 10 + d % 10
            }
        })
        .sum::<u32>()
        % 10;
    (10 - s) % 10
}

/// ISO 7064 MOD 11,10 running checksum; a number is valid when it is 1.
pub(super) fn mod_11_10_checksum(b: &[u8]) -> u32 {
    b.iter().fold(5, |check, c| {
        let c2 = if check == 0 { 10 } else { check };
        (c2 * 2 % 11 + dv(*c)) % 10
    })
}

/// Whether the proleptic Gregorian date exists (as Python's `datetime.date`).
pub(super) fn is_date(year: i32, month: u32, day: u32) -> bool {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

/// Two ASCII digits as a number.
pub(super) fn two(b: &[u8], at: usize) -> u32 {
    dv(b[at]) * 10 + dv(b[at + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_valid(b"79927398713"));
        assert!(!luhn_valid(b"79927398710"));
        assert_eq!(luhn_check_digit(b"7992739871"), 3);
    }

    #[test]
    fn mod_11_10() {
        assert_eq!(mod_11_10_checksum(b"136695976"), 1);
        assert_ne!(mod_11_10_checksum(b"136695978"), 1);
    }

    #[test]
    fn dates() {
        assert!(is_date(2000, 2, 29));
        assert!(!is_date(1900, 2, 29));
        assert!(!is_date(2023, 4, 31));
        assert!(!is_date(2023, 0, 1));
        assert!(!is_date(2023, 13, 1));
    }
}
