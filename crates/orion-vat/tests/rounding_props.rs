//! Property tests of the invoice VAT arithmetic (vat.md §5).

use orion_vat::rounding::{RoundingMethod, VatLine, breakdown};
use orion_vat::{Category, Rate};
use proptest::prelude::*;

/// Rates that occur in the data file, plus arbitrary ones with two decimals.
fn rate() -> impl Strategy<Value = Rate> {
    prop_oneof![
        prop::sample::select(vec![
            300u32, 490, 500, 550, 600, 700, 800, 950, 1000, 1300, 1350, 1400, 1700, 1900, 2000,
            2100, 2300, 2400, 2550, 2700,
        ]),
        1u32..=10_000,
    ]
    .prop_map(|bp| Rate::from_bp(bp).unwrap())
}

fn line() -> impl Strategy<Value = VatLine> {
    (rate(), -10_000_000i64..=10_000_000, 0u8..10).prop_map(|(rate, amount_cents, kind)| match kind
    {
        0 => VatLine {
            category: Category::ZeroRated,
            rate: Rate::ZERO,
            amount_cents,
        },
        1 => VatLine {
            category: Category::IntraCommunity,
            rate: Rate::ZERO,
            amount_cents,
        },
        _ => VatLine {
            category: Category::Standard,
            rate,
            amount_cents,
        },
    })
}

fn method() -> impl Strategy<Value = RoundingMethod> {
    prop_oneof![Just(RoundingMethod::Net), Just(RoundingMethod::Gross)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn totals_are_the_sums_of_the_buckets(lines in prop::collection::vec(line(), 0..40), m in method()) {
        let b = breakdown(&lines, m).unwrap();
        prop_assert_eq!(b.vat_cents, b.buckets.iter().map(|x| x.vat_cents).sum::<i64>());
        prop_assert_eq!(b.net_cents, b.buckets.iter().map(|x| x.net_cents).sum::<i64>());
        prop_assert_eq!(b.gross_cents, b.buckets.iter().map(|x| x.gross_cents).sum::<i64>());
        prop_assert_eq!(b.gross_cents - b.vat_cents, b.net_cents);
        for x in &b.buckets {
            prop_assert_eq!(x.gross_cents - x.vat_cents, x.net_cents);
        }
    }

    #[test]
    fn no_cent_is_lost(lines in prop::collection::vec(line(), 0..40), m in method()) {
        let b = breakdown(&lines, m).unwrap();
        let entered: i64 = lines.iter().map(|l| l.amount_cents).sum();
        let kept = match m {
            RoundingMethod::Net => b.net_cents,
            RoundingMethod::Gross => b.gross_cents,
        };
        prop_assert_eq!(entered, kept);
        for x in &b.buckets {
            let bucket_sum: i64 = lines
                .iter()
                .filter(|l| l.category == x.category && l.rate == x.rate)
                .map(|l| l.amount_cents)
                .sum();
            let kept = match m {
                RoundingMethod::Net => x.net_cents,
                RoundingMethod::Gross => x.gross_cents,
            };
            prop_assert_eq!(bucket_sum, kept);
        }
    }

    #[test]
    fn bucket_vat_is_within_half_a_cent(lines in prop::collection::vec(line(), 1..20), m in method()) {
        let b = breakdown(&lines, m).unwrap();
        for x in &b.buckets {
            let bp = i128::from(x.rate.bp());
            // |vat - exact| <= 1/2, in integers.
            let (num, den) = match m {
                RoundingMethod::Net => (i128::from(x.net_cents) * bp, 10_000),
                RoundingMethod::Gross => (i128::from(x.gross_cents) * bp, 10_000 + bp),
            };
            let err2 = (i128::from(x.vat_cents) * den - num).abs() * 2;
            prop_assert!(err2 <= den, "bucket {:?}", x);
        }
    }

    #[test]
    fn credit_notes_mirror_invoices(lines in prop::collection::vec(line(), 0..20), m in method()) {
        let neg: Vec<VatLine> = lines
            .iter()
            .map(|l| VatLine { amount_cents: -l.amount_cents, ..*l })
            .collect();
        let a = breakdown(&lines, m).unwrap();
        let b = breakdown(&neg, m).unwrap();
        prop_assert_eq!(a.vat_cents, -b.vat_cents);
        prop_assert_eq!(a.net_cents, -b.net_cents);
    }

    #[test]
    fn exempt_buckets_carry_no_vat(lines in prop::collection::vec(line(), 0..20), m in method()) {
        let b = breakdown(&lines, m).unwrap();
        for x in b.buckets.iter().filter(|x| x.category != Category::Standard) {
            prop_assert_eq!(x.vat_cents, 0);
        }
    }
}
