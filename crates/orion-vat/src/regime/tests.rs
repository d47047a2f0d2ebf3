//! Every branch of the decision tree, the threshold edges, NI and special territories.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// LU seller shipping from LU, B2C, small totals, not OSS-registered.
fn base(ship_to: &str) -> RegimeInput {
    RegimeInput {
        seller_country: "LU".into(),
        ship_from: "LU".into(),
        ship_to: ship_to.into(),
        ship_to_postcode: None,
        b2b: false,
        buyer_vat_id: None,
        buyer_vat_id_valid: None,
        oss_registered: false,
        opted_destination: false,
        eu_b2c_this_year_cents: 0,
        eu_b2c_last_year_cents: 0,
        order_net_cents: 10_000,
        date: d("2025-03-15"),
    }
}

fn b2b(ship_to: &str, id: &str) -> RegimeInput {
    RegimeInput {
        b2b: true,
        buyer_vat_id: Some(id.into()),
        buyer_vat_id_valid: Some(true),
        ..base(ship_to)
    }
}

fn has(dec: &RegimeDecision, code: WarningCode) -> bool {
    dec.warnings.iter().any(|w| w.code == code)
}

fn rate(dec: &RegimeDecision) -> String {
    dec.rate.to_string()
}

#[test]
fn domestic_in_the_seller_country() {
    let dec = decide(&base("LU")).unwrap();
    assert_eq!(dec.regime, Regime::Domestic);
    assert_eq!(dec.vat_country.as_str(), "LU");
    assert_eq!(rate(&dec), "17");
    assert_eq!(dec.category, Category::Standard);
    assert_eq!(dec.exemption_code, None);
    assert_eq!(dec.mention, None);
    assert_eq!(dec.reporting_bucket, ReportingBucket::Domestic);
    assert!(!dec.counts_towards_threshold);
    assert_eq!(dec.rates.reduced.unwrap().to_string(), "8");
    assert_eq!(dec.rates.parking.unwrap().to_string(), "14");
    assert_eq!(dec.rates.super_reduced.unwrap().to_string(), "3");
    assert_eq!(dec.category_for(RateClass::Zero), Category::ZeroRated);
    assert_eq!(dec.category_for(RateClass::Reduced), Category::Standard);
}

#[test]
fn domestic_uses_the_rates_of_the_date() {
    let dec = decide(&RegimeInput {
        date: d("2023-06-01"),
        ..base("LU")
    })
    .unwrap();
    assert_eq!(rate(&dec), "16");
    assert_eq!(dec.rate_for(RateClass::Reduced).unwrap().to_string(), "7");
}

#[test]
fn domestic_from_stock_abroad_needs_local_registration() {
    let dec = decide(&RegimeInput {
        ship_from: "DE".into(),
        ..base("DE")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DomesticOtherMs);
    assert_eq!(dec.vat_country.as_str(), "DE");
    assert_eq!(rate(&dec), "19");
    assert_eq!(dec.reporting_bucket, ReportingBucket::LocalRegistration);
    assert!(has(&dec, WarningCode::LocalRegistrationRequired));
}

#[test]
fn b2b_with_a_valid_foreign_id_is_an_intra_community_supply() {
    let dec = decide(&b2b("FR", "FR 61 954 506 077")).unwrap();
    assert_eq!(dec.regime, Regime::IntraCommunitySupply);
    assert_eq!(dec.vat_country.as_str(), "LU");
    assert_eq!(dec.rate, Rate::ZERO);
    assert_eq!(dec.rate_for(RateClass::Reduced).unwrap(), Rate::ZERO);
    assert_eq!(dec.category, Category::IntraCommunity);
    assert_eq!(dec.category_for(RateClass::Zero), Category::IntraCommunity);
    assert_eq!(dec.exemption_code, Some(ExemptionCode::IntraCommunity));
    assert_eq!(dec.mention, Some(Mention::intra_community()));
    assert_eq!(dec.reporting_bucket, ReportingBucket::EcSalesList);
    assert_eq!(dec.buyer_vat_id.unwrap().as_str(), "FR61954506077");
    assert!(!dec.counts_towards_threshold);
    assert!(has(&dec, WarningCode::IntraCommunityRequirements));
    assert!(!has(&dec, WarningCode::BuyerVatIdNotVerified));
}

#[test]
fn unverified_ids_are_accepted_with_a_warning() {
    let dec = decide(&RegimeInput {
        buyer_vat_id_valid: None,
        ..b2b("DE", "DE136695976")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::IntraCommunitySupply);
    assert!(has(&dec, WarningCode::BuyerVatIdNotVerified));
}

#[test]
fn buyer_id_of_a_third_country_warns() {
    let dec = decide(&b2b("FR", "DE136695976")).unwrap();
    assert_eq!(dec.regime, Regime::IntraCommunitySupply);
    assert!(has(&dec, WarningCode::BuyerVatIdCountryDiffersFromShipTo));
}

#[test]
fn b2b_with_an_id_of_the_ship_from_country_is_domestic() {
    let dec = decide(&b2b("FR", "LU15027442")).unwrap();
    assert_eq!(dec.regime, Regime::Domestic);
    assert_eq!(dec.vat_country.as_str(), "LU");
    assert_eq!(rate(&dec), "17");
    assert_eq!(dec.buyer_vat_id.unwrap().as_str(), "LU15027442");

    // Stock in DE, buyer with a DE id, goods to FR: taxed in DE.
    let dec = decide(&RegimeInput {
        ship_from: "DE".into(),
        ..b2b("FR", "DE136695976")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DomesticOtherMs);
    assert_eq!(dec.vat_country.as_str(), "DE");
    assert_eq!(rate(&dec), "19");
    assert!(has(&dec, WarningCode::LocalRegistrationRequired));
}

#[test]
fn invalid_or_missing_buyer_ids_make_a_distance_sale() {
    for input in [
        b2b("FR", "FR84323140391"),
        RegimeInput {
            buyer_vat_id_valid: Some(false),
            ..b2b("FR", "FR61954506077")
        },
        RegimeInput {
            buyer_vat_id: None,
            ..b2b("FR", "")
        },
        b2b("FR", "EU372000041"),
    ] {
        let dec = decide(&input).unwrap();
        assert_eq!(dec.regime, Regime::DistanceSaleOrigin, "{input:?}");
        assert!(dec.counts_towards_threshold);
        assert!(
            has(&dec, WarningCode::BuyerVatIdInvalid) || has(&dec, WarningCode::BuyerVatIdMissing)
        );
        assert_eq!(dec.buyer_vat_id, None);
    }
}

#[test]
fn distance_sale_under_the_threshold_is_taxed_at_origin() {
    let dec = decide(&base("FR")).unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOrigin);
    assert_eq!(dec.vat_country.as_str(), "LU");
    assert_eq!(rate(&dec), "17");
    assert_eq!(dec.mention, None);
    assert_eq!(dec.reporting_bucket, ReportingBucket::Domestic);
    assert!(dec.counts_towards_threshold);
    let t = dec.threshold.unwrap();
    assert!(t.applies && t.within && !t.crossed_by_this_order);
}

#[test]
fn exactly_at_the_threshold_stays_at_origin() {
    let dec = decide(&RegimeInput {
        eu_b2c_this_year_cents: 990_000,
        eu_b2c_last_year_cents: 1_000_000,
        order_net_cents: 10_000,
        oss_registered: true,
        ..base("FR")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOrigin);
    assert_eq!(dec.threshold.unwrap().this_year_after_cents, 1_000_000);
    assert!(!has(&dec, WarningCode::ThresholdCrossed));
}

#[test]
fn the_order_that_crosses_the_threshold_is_taxed_at_destination() {
    let input = RegimeInput {
        eu_b2c_this_year_cents: 990_000,
        order_net_cents: 10_001,
        oss_registered: true,
        ..base("FR")
    };
    let dec = decide(&input).unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(dec.vat_country.as_str(), "FR");
    assert_eq!(rate(&dec), "20");
    assert_eq!(dec.reporting_bucket, ReportingBucket::Oss);
    assert_eq!(dec.mention, Some(Mention::oss(CountryCode::FR)));
    assert!(dec.threshold.unwrap().crossed_by_this_order);
    assert!(has(&dec, WarningCode::ThresholdCrossed));
    assert!(
        dec.explanation.contains("over EUR 10,000"),
        "{}",
        dec.explanation
    );

    // Without OSS the seller must register in France.
    let dec = decide(&RegimeInput {
        oss_registered: false,
        ..input.clone()
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleDestinationRegistered);
    assert_eq!(rate(&dec), "20");
    assert_eq!(dec.mention, None);
    assert_eq!(dec.reporting_bucket, ReportingBucket::LocalRegistration);
    assert!(has(&dec, WarningCode::LocalRegistrationRequired));

    // Later orders of the year stay at destination, without the crossing warning.
    let dec = decide(&RegimeInput {
        eu_b2c_this_year_cents: 1_000_001,
        order_net_cents: 1,
        ..input
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert!(!dec.threshold.unwrap().crossed_by_this_order);
    assert!(!has(&dec, WarningCode::ThresholdCrossed));
}

#[test]
fn last_year_over_the_threshold_means_destination_from_the_first_euro() {
    let dec = decide(&RegimeInput {
        eu_b2c_last_year_cents: 1_000_001,
        oss_registered: true,
        ..base("DE")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(rate(&dec), "19");
    assert!(dec.explanation.contains("last year"));
}

#[test]
fn opting_for_destination_taxation() {
    let dec = decide(&RegimeInput {
        opted_destination: true,
        oss_registered: true,
        ..base("BE")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(rate(&dec), "21");
    assert!(has(&dec, WarningCode::OptionBinding));
}

#[test]
fn stock_abroad_gets_no_threshold() {
    let dec = decide(&RegimeInput {
        ship_from: "DE".into(),
        oss_registered: true,
        ..base("FR")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(dec.vat_country.as_str(), "FR");
    assert!(!dec.threshold.unwrap().applies);
    assert!(dec.explanation.contains("no threshold"));
    let dec = decide(&RegimeInput {
        ship_from: "DE".into(),
        ..base("FR")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleDestinationRegistered);
}

#[test]
fn northern_ireland() {
    // B2C under the threshold: origin, and it counts towards the threshold.
    let dec = decide(&base("XI")).unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOrigin);
    assert!(dec.counts_towards_threshold);
    // Over it, through OSS, at the UK rate.
    let dec = decide(&RegimeInput {
        eu_b2c_last_year_cents: 5_000_000,
        oss_registered: true,
        ..base("XI")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(dec.vat_country.as_str(), "XI");
    assert_eq!(rate(&dec), "20");
    assert!(dec.mention.unwrap().en.contains("Northern Ireland"));
    // B2B with an XI number: intra-Community supply.
    let dec = decide(&b2b("XI", "XI980780684")).unwrap();
    assert_eq!(dec.regime, Regime::IntraCommunitySupply);
    assert_eq!(dec.buyer_vat_id.unwrap().country().as_str(), "XI");
    // A GB number is not an EU VAT id: distance sale.
    let dec = decide(&b2b("XI", "GB980780684")).unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOrigin);
    // Great Britain is an export.
    let dec = decide(&base("GB")).unwrap();
    assert_eq!(dec.regime, Regime::Export);
}

#[test]
fn exports_to_third_countries_and_special_territories() {
    for (to, postcode) in [
        ("CH", None),
        ("US", Some("10001")),
        ("GB", Some("SW1A 1AA")),
        ("ES", Some("35001")),
        ("ES", Some("51001")),
        ("FI", Some("22100")),
        ("DE", Some("27498")),
        ("DE", Some("78266")),
        ("IT", Some("23041")),
        ("IT", Some("22061")),
        ("GR", Some("63086")),
        ("FR", Some("97400")),
        ("RE", None),
    ] {
        let dec = decide(&RegimeInput {
            ship_to_postcode: postcode.map(Into::into),
            oss_registered: true,
            ..b2b(to, "DE136695976")
        })
        .unwrap();
        assert_eq!(dec.regime, Regime::Export, "{to} {postcode:?}");
        assert_eq!(dec.vat_country.as_str(), "LU");
        assert_eq!(dec.rate, Rate::ZERO);
        assert_eq!(dec.category, Category::Export);
        assert_eq!(dec.exemption_code, Some(ExemptionCode::Export));
        assert_eq!(dec.mention, Some(Mention::export()));
        assert_eq!(dec.reporting_bucket, ReportingBucket::Export);
        assert!(!dec.counts_towards_threshold);
        assert!(has(&dec, WarningCode::ExportEvidence));
    }
    let dec = decide(&RegimeInput {
        ship_to_postcode: Some("35001".into()),
        ..base("ES")
    })
    .unwrap();
    assert!(
        dec.explanation.contains("Canary Islands"),
        "{}",
        dec.explanation
    );
}

#[test]
fn mainland_postcodes_and_monaco_stay_inside() {
    let dec = decide(&RegimeInput {
        ship_to_postcode: Some("28001".into()),
        eu_b2c_last_year_cents: 2_000_000,
        oss_registered: true,
        ..base("ES")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(rate(&dec), "21");
    assert!(!has(&dec, WarningCode::PostcodeMissing));

    let dec = decide(&RegimeInput {
        eu_b2c_last_year_cents: 2_000_000,
        oss_registered: true,
        ..base("MC")
    })
    .unwrap();
    assert_eq!(dec.vat_country.as_str(), "FR");
    assert_eq!(rate(&dec), "20");

    let dec = decide(&base("EL")).unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOrigin);
    assert!(has(&dec, WarningCode::PostcodeMissing));
}

#[test]
fn regional_rates_apply_at_destination() {
    let dec = decide(&RegimeInput {
        ship_to_postcode: Some("6691".into()),
        eu_b2c_last_year_cents: 2_000_000,
        oss_registered: true,
        ..base("AT")
    })
    .unwrap();
    assert_eq!(dec.regime, Regime::DistanceSaleOss);
    assert_eq!(rate(&dec), "19");
    assert_eq!(dec.region, Some(Region::JungholzMittelberg));
    let dec = decide(&RegimeInput {
        ship_to_postcode: Some("9500-321".into()),
        eu_b2c_last_year_cents: 2_000_000,
        oss_registered: true,
        ..base("PT")
    })
    .unwrap();
    assert_eq!(rate(&dec), "16");
}

#[test]
fn refused_inputs() {
    let cases = [
        RegimeInput {
            date: d("2021-06-30"),
            ..base("FR")
        },
        RegimeInput {
            order_net_cents: -1,
            ..base("FR")
        },
        RegimeInput {
            eu_b2c_this_year_cents: i64::MAX,
            order_net_cents: 1,
            ..base("FR")
        },
        RegimeInput {
            seller_country: "US".into(),
            ..base("FR")
        },
        RegimeInput {
            ship_from: "GB".into(),
            ..base("FR")
        },
        RegimeInput {
            ship_from: "XI".into(),
            ..base("GB")
        },
        RegimeInput {
            ship_to: "France".into(),
            ..base("FR")
        },
        // A typo must not become a 0 % export.
        RegimeInput {
            ship_to: "FT".into(),
            ..base("FR")
        },
    ];
    for input in cases {
        assert!(decide(&input).is_err(), "{input:?}");
    }
    assert!(
        decide(&RegimeInput {
            date: d("2021-07-01"),
            ..base("FR")
        })
        .is_ok()
    );
}

#[test]
fn regime_names_serialise_as_the_contract_says() {
    let names: Vec<String> = [
        Regime::Domestic,
        Regime::DomesticOtherMs,
        Regime::DistanceSaleOrigin,
        Regime::DistanceSaleOss,
        Regime::DistanceSaleDestinationRegistered,
        Regime::IntraCommunitySupply,
        Regime::Export,
    ]
    .iter()
    .map(|r| {
        let json = serde_json::to_string(r).unwrap();
        assert_eq!(json.trim_matches('"'), r.as_str());
        r.as_str().to_owned()
    })
    .collect();
    assert_eq!(names[1], "DOMESTIC_OTHER_MS");
    assert_eq!(names[4], "DISTANCE_SALE_DESTINATION_REGISTERED");
}

#[test]
fn input_round_trips_through_json_with_defaults() {
    let input: RegimeInput = serde_json::from_str(
        r#"{"seller_country":"LU","ship_from":"LU","ship_to":"FR","eu_b2c_this_year_cents":0,
            "eu_b2c_last_year_cents":0,"order_net_cents":1000,"date":"2025-01-01"}"#,
    )
    .unwrap();
    assert!(!input.b2b && input.buyer_vat_id.is_none());
    let back: RegimeInput = serde_json::from_value(serde_json::to_value(&input).unwrap()).unwrap();
    assert_eq!(back, input);
}
