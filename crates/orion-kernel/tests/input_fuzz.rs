//! Fuzzing the parsers every form and API body goes through: money and quantities typed in
//! any language, and API decimal strings. Arbitrary input never panics; what is accepted
//! reads back as written.

use orion_kernel::locale::{amount_input, parse_amount, parse_quantity};
use orion_kernel::{Lang, Money};
use proptest::prelude::*;

fn lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(Lang::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>(), l in lang()) {
        let _ = parse_amount(&s, l);
        let _ = parse_quantity(&s, l);
        let _ = Money::parse(&s);
    }

    #[test]
    fn number_shaped_text_never_panics(s in "[-+ 0-9.,\u{a0}\u{202f}']{0,30}", l in lang()) {
        let _ = parse_amount(&s, l);
        let _ = parse_quantity(&s, l);
        let _ = Money::parse(&s);
    }

    #[test]
    fn amounts_read_back_as_the_form_shows_them(cents in -1_000_000_000_000i64..1_000_000_000_000, l in lang()) {
        let shown = amount_input(cents, l);
        prop_assert_eq!(parse_amount(&shown, l).map(|m| m.0), Ok(cents), "{}", shown);
    }

    #[test]
    fn api_decimals_round_trip(cents in -1_000_000_000_000i64..1_000_000_000_000) {
        let m = Money(cents);
        prop_assert_eq!(Money::parse(&m.to_string()).map(|m| m.0), Ok(cents));
    }
}
