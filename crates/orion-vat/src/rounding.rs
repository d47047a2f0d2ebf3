//! Invoice VAT arithmetic (vat.md §5), in integer cents only.
//!
//! Lines are grouped into buckets by (category, rate). Net-based invoices sum each
//! bucket's net and round its VAT half-up to the cent; gross-based (B2C price
//! includes VAT) invoices sum each bucket's gross and extract
//! `vat = round(gross × r / (100 % + r))`, `net = gross − vat`. Invoice totals are the
//! sums of the buckets, so EN 16931 BR-CO-14/17 hold by construction.
//!
//! "Half-up" rounds halves away from zero, so a credit note mirrors its invoice cent
//! for cent. Intermediate products use i128; results that do not fit i64 are
//! [`VatError::Overflow`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::VatError;
use crate::invoice::Category;
use crate::rate::Rate;

/// Which amounts the lines carry. Record it on the invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMethod {
    /// Line amounts are net (B2B, or net-priced shops).
    Net,
    /// Line amounts include VAT (consumer prices).
    Gross,
}

/// One invoice line, reduced to what VAT needs. `amount_cents` is net or gross
/// according to the [`RoundingMethod`]; negative for credit lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    pub category: Category,
    pub rate: Rate,
    pub amount_cents: i64,
}

/// One (category, rate) group of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VatBucket {
    pub category: Category,
    pub rate: Rate,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// The VAT breakdown of an invoice: buckets ordered by category then rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatBreakdown {
    pub method: RoundingMethod,
    pub buckets: Vec<VatBucket>,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// `numerator / denominator` rounded half away from zero. A denominator below 1 is
/// treated as 1 (callers pass 10,000 or 10,000 + rate).
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    let d = denominator.max(1);
    let (q, r) = (numerator / d, numerator % d);
    // |r| ≥ d − |r| ⇔ 2|r| ≥ d, without overflowing.
    if r.abs() >= d - r.abs() {
        q + numerator.signum()
    } else {
        q
    }
}

fn to_i64(v: i128) -> Result<i64, VatError> {
    i64::try_from(v).map_err(|_| VatError::Overflow)
}

/// VAT on a net amount: `round(net × r)`.
pub fn vat_from_net(net_cents: i64, rate: Rate) -> Result<i64, VatError> {
    to_i64(div_round_half_up(
        i128::from(net_cents) * i128::from(rate.bp()),
        10_000,
    ))
}

/// VAT contained in a gross amount: `round(gross × r / (1 + r))`.
pub fn vat_from_gross(gross_cents: i64, rate: Rate) -> Result<i64, VatError> {
    let bp = i128::from(rate.bp());
    to_i64(div_round_half_up(i128::from(gross_cents) * bp, 10_000 + bp))
}

/// Checks that a line's category and rate agree: `S` needs a non-zero rate, every
/// other category 0 %.
pub fn check_line(line: &VatLine) -> Result<(), VatError> {
    match (line.category.is_taxed(), line.rate.is_zero()) {
        (true, true) => Err(VatError::InvalidLine(
            "category S needs a non-zero rate (use Z for 0 % goods)".into(),
        )),
        (false, false) => Err(VatError::InvalidLine(format!(
            "category {} must have a 0 % rate, not {} %",
            line.category, line.rate
        ))),
        _ => Ok(()),
    }
}

/// Groups lines by (category, rate) and computes each bucket and the totals.
pub fn breakdown(lines: &[VatLine], method: RoundingMethod) -> Result<VatBreakdown, VatError> {
    let mut sums: BTreeMap<(Category, Rate), i64> = BTreeMap::new();
    for line in lines {
        check_line(line)?;
        let sum = sums.entry((line.category, line.rate)).or_insert(0);
        *sum = sum
            .checked_add(line.amount_cents)
            .ok_or(VatError::Overflow)?;
    }
    let mut buckets = Vec::with_capacity(sums.len());
    let (mut net, mut vat, mut gross) = (0i64, 0i64, 0i64);
    for ((category, rate), amount) in sums {
        let bucket = match method {
            RoundingMethod::Net => {
                let v = vat_from_net(amount, rate)?;
                VatBucket {
                    category,
                    rate,
                    net_cents: amount,
                    vat_cents: v,
                    gross_cents: amount.checked_add(v).ok_or(VatError::Overflow)?,
                }
            }
            RoundingMethod::Gross => {
                let v = vat_from_gross(amount, rate)?;
                VatBucket {
                    category,
                    rate,
                    net_cents: amount.checked_sub(v).ok_or(VatError::Overflow)?,
                    vat_cents: v,
                    gross_cents: amount,
                }
            }
        };
        net = net
            .checked_add(bucket.net_cents)
            .ok_or(VatError::Overflow)?;
        vat = vat
            .checked_add(bucket.vat_cents)
            .ok_or(VatError::Overflow)?;
        gross = gross
            .checked_add(bucket.gross_cents)
            .ok_or(VatError::Overflow)?;
        buckets.push(bucket);
    }
    Ok(VatBreakdown {
        method,
        buckets,
        net_cents: net,
        vat_cents: vat,
        gross_cents: gross,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Rate {
        Rate::parse(s).unwrap()
    }

    fn line(category: Category, rate: &str, amount_cents: i64) -> VatLine {
        VatLine {
            category,
            rate: r(rate),
            amount_cents,
        }
    }

    #[test]
    fn half_up_in_integers() {
        assert_eq!(div_round_half_up(5, 10), 1);
        assert_eq!(div_round_half_up(4, 10), 0);
        assert_eq!(div_round_half_up(15, 10), 2);
        assert_eq!(div_round_half_up(-5, 10), -1);
        assert_eq!(div_round_half_up(-4, 10), 0);
        assert_eq!(div_round_half_up(-15, 10), -2);
        assert_eq!(div_round_half_up(0, 7), 0);
        assert_eq!(div_round_half_up(i128::MIN, 1), i128::MIN);
        assert_eq!(div_round_half_up(i128::MAX, 2), i128::MAX / 2 + 1);
        assert_eq!(div_round_half_up(7, 0), 7);
    }

    #[test]
    fn net_based_rounds_per_bucket_not_per_line() {
        // Three lines of 0.10 at 17 %: per line 0.017 -> 0.02 each (0.06); per bucket
        // 0.30 -> 0.051 -> 0.05.
        let lines = [line(Category::Standard, "17", 10); 3];
        let b = breakdown(&lines, RoundingMethod::Net).unwrap();
        assert_eq!(b.buckets.len(), 1);
        assert_eq!((b.net_cents, b.vat_cents, b.gross_cents), (30, 5, 35));
    }

    #[test]
    fn net_based_half_cent_rounds_up() {
        // 0.50 at 17 % gives 8.5 cents -> 9; 25.5 % of 2.00 = 51 cents exactly.
        let b = breakdown(&[line(Category::Standard, "17", 50)], RoundingMethod::Net).unwrap();
        assert_eq!(b.vat_cents, 9);
        let b = breakdown(
            &[line(Category::Standard, "25.5", 200)],
            RoundingMethod::Net,
        )
        .unwrap();
        assert_eq!(b.vat_cents, 51);
    }

    #[test]
    fn gross_based_extracts_vat() {
        // 11.70 gross at 17 %: VAT 1.70, net 10.00.
        let b = breakdown(
            &[line(Category::Standard, "17", 1170)],
            RoundingMethod::Gross,
        )
        .unwrap();
        assert_eq!((b.net_cents, b.vat_cents, b.gross_cents), (1000, 170, 1170));
        // 19.99 at 20 %: 3.331666 -> 3.33.
        let b = breakdown(
            &[line(Category::Standard, "20", 1999)],
            RoundingMethod::Gross,
        )
        .unwrap();
        assert_eq!((b.net_cents, b.vat_cents), (1666, 333));
    }

    #[test]
    fn buckets_by_category_and_rate() {
        let lines = [
            line(Category::Standard, "17", 1000),
            line(Category::Standard, "3", 500),
            line(Category::Standard, "17", 999),
            line(Category::ZeroRated, "0", 250),
            line(Category::Standard, "3", -100),
        ];
        let b = breakdown(&lines, RoundingMethod::Net).unwrap();
        let got: Vec<(String, String, i64, i64)> = b
            .buckets
            .iter()
            .map(|x| {
                (
                    x.category.to_string(),
                    x.rate.to_string(),
                    x.net_cents,
                    x.vat_cents,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("S".into(), "3".into(), 400, 12),
                ("S".into(), "17".into(), 1999, 340),
                ("Z".into(), "0".into(), 250, 0),
            ]
        );
        assert_eq!((b.net_cents, b.vat_cents, b.gross_cents), (2649, 352, 3001));
    }

    #[test]
    fn category_and_rate_must_agree() {
        assert!(breakdown(&[line(Category::Standard, "0", 1)], RoundingMethod::Net).is_err());
        assert!(
            breakdown(
                &[line(Category::IntraCommunity, "17", 1)],
                RoundingMethod::Net
            )
            .is_err()
        );
        assert!(breakdown(&[line(Category::Export, "0", 1)], RoundingMethod::Net).is_ok());
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let lines = [
            line(Category::Standard, "17", i64::MAX),
            line(Category::Standard, "17", 1),
        ];
        assert_eq!(
            breakdown(&lines, RoundingMethod::Net),
            Err(VatError::Overflow)
        );
        let lines = [line(Category::Standard, "100", i64::MAX)];
        assert_eq!(
            breakdown(&lines, RoundingMethod::Net),
            Err(VatError::Overflow)
        );
        let lines = [line(Category::Standard, "17", i64::MIN)];
        assert!(breakdown(&lines, RoundingMethod::Gross).is_ok());
    }
}
