//! The validator receives arbitrary user strings: it must never panic, and a valid
//! result must be stable (validating the normalised form gives the same id).

use orion_vat::vatid;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let _ = vatid::check(&s);
        let _ = orion_vat::check_line(&s);
    }

    #[test]
    fn prefixed_noise_never_panics_and_normalises_idempotently(
        prefix in prop::sample::select(vec!["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "GR",
            "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT",
            "RO", "SE", "SI", "SK", "XI", "EU", "GB", "be", "xi"]),
        body in "[0-9A-Za-z .:/()+*_-]{0,20}",
    ) {
        let input = format!("{prefix}{body}");
        if let Ok(id) = vatid::validate(&input) {
            let again = vatid::validate(id.as_str()).unwrap();
            prop_assert_eq!(again, id);
        }
    }
}
