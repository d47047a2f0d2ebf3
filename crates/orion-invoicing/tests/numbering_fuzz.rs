//! Fuzzing the invoice numbering scheme a seller types in the settings: arbitrary text never
//! panics, and an accepted scheme gives every sequence number its own invoice number.

use orion_invoicing::numbering::Scheme;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_schemes_never_panic(s in any::<String>()) {
        let _ = Scheme::parse(&s);
    }

    #[test]
    fn brace_shaped_schemes_never_panic(s in "([-_/.A-Z0-9]{0,3}(\\{(prefix|year|seq|seq:0[0-9]{0,2}|[a-z:0-9]{0,5})\\}?)?){0,4}") {
        let _ = Scheme::parse(&s);
    }

    #[test]
    fn accepted_schemes_number_distinctly(
        text in "[-_/.A-Z0-9]{0,4}",
        width in 1usize..10,
        yearly in any::<bool>(),
        a in 1i64..10_000_000_000,
        b in 1i64..10_000_000_000,
    ) {
        let raw = if yearly {
            format!("{{prefix}}{text}{{year}}-{{seq:0{width}}}")
        } else {
            format!("{{prefix}}{text}{{seq:0{width}}}")
        };
        let scheme = Scheme::parse(&raw).unwrap();
        prop_assert_eq!(scheme.yearly(), yearly);
        let (na, nb) = (scheme.format("INV", 2026, a), scheme.format("INV", 2026, b));
        prop_assert_eq!(na == nb, a == b, "{} / {}", na, nb);
    }
}
