//! Valid and invalid examples per country (valid ones mostly from python-stdnum's
//! doctests and test files), and the normalisation rules of vat.md §2.

use super::*;

fn ok(input: &str, normalized: &str) {
    match validate(input) {
        Ok(id) => assert_eq!(id.as_str(), normalized, "{input}"),
        Err(e) => panic!("{input} should be valid: {e}"),
    }
}

fn bad(input: &str, reason: InvalidReason) {
    match validate(input) {
        Ok(id) => panic!("{input} should be invalid, got {id}"),
        Err(e) => assert_eq!(e.reason, reason, "{input}"),
    }
}

use InvalidReason::*;

#[test]
fn at() {
    ok("ATU13585627", "ATU13585627");
    ok("AT U 135 856 27", "ATU13585627");
    bad("ATU13585626", BadCheckDigit);
    bad("AT13585627", BadFormat);
    bad("ATU1358562", BadLength);
}

#[test]
fn be() {
    ok("BE0428759497", "BE0428759497");
    ok("BE 428759497", "BE0428759497");
    ok("BE (0)428.759.497", "BE0428759497");
    ok("BE0697449992", "BE0697449992");
    ok("BE1000000021", "BE1000000021");
    bad("BE431150351", BadCheckDigit);
    bad("BE2428759497", BadFormat);
    bad("BE04287594970", BadLength);
    bad("BE (1)428759497", BadCharacter);
    bad("BE [0]428759497", BadCharacter);
}

#[test]
fn bg() {
    ok("BG175074752", "BG175074752");
    bad("BG175074751", BadCheckDigit);
    ok("BG7523169263", "BG7523169263"); // EGN
    ok("BG8032056031", "BG8032056031"); // EGN, 1880s
    ok("BG7111042925", "BG7111042925"); // PNF
    ok("BG7501020018", "BG7501020018"); // EGN
    bad("BG7523169264", BadCheckDigit);
    bad("BG17507475", BadLength);
}

#[test]
fn cy() {
    ok("CY-10259033P", "CY10259033P");
    bad("CY10259033Z", BadCheckDigit);
    bad("CY12000001A", BadFormat);
    bad("CY1025903P", BadLength);
}

#[test]
fn cz() {
    ok("CZ25123891", "CZ25123891");
    bad("CZ25123890", BadCheckDigit);
    ok("CZ7103192745", "CZ7103192745"); // birth number
    ok("CZ640903926", "CZ640903926"); // special
    ok("CZ991231123", "CZ991231123"); // 9-digit birth number, 1899
    bad("CZ590312123", BadLength); // 9 digits after 1953
    bad("CZ7103192746", BadCheckDigit);
    bad("CZ1103492745", BadFormat);
    bad("CZ95123891", BadFormat);
}

#[test]
fn de() {
    ok("DE136695976", "DE136695976");
    ok("DE 136.695.976", "DE136695976");
    bad("DE136695978", BadCheckDigit);
    bad("DE036695976", BadFormat);
    bad("DE13669597", BadLength);
}

#[test]
fn dk() {
    ok("DK 13585628", "DK13585628");
    bad("DK13585627", BadCheckDigit);
    bad("DK03585628", BadFormat);
}

#[test]
fn ee() {
    ok("EE100594102", "EE100594102");
    bad("EE100594103", BadCheckDigit);
    bad("EE10059410", BadLength);
}

#[test]
fn el() {
    ok("EL 094259216", "EL094259216");
    ok("GR094259216", "EL094259216");
    ok("EL94259216", "EL094259216");
    ok("el:094259216", "EL094259216");
    bad("EL123456781", BadCheckDigit);
    let id = validate("GR094259216").unwrap();
    assert_eq!(id.country().as_str(), "GR");
    assert_eq!(id.prefix(), VatPrefix::EL);
}

#[test]
fn es() {
    ok("ESB64717838", "ESB64717838");
    bad("ESB64717839", BadCheckDigit);
    ok("ES54362315K", "ES54362315K"); // DNI
    ok("ES X-5253868-R", "ESX5253868R"); // NIE
    ok("ESM-1234567-L", "ESM1234567L");
    ok("ESA13585625", "ESA13585625"); // CIF, digit check
    ok("ESP1700000A", "ESP1700000A");
    ok("ESP17000001", "ESP17000001");
    bad("ESP1700000C", BadCheckDigit);
    bad("ES54362315Z", BadCheckDigit);
    bad("ESI1234567A", BadFormat);
    bad("ESB6471783", BadLength);
}

#[test]
fn fi() {
    ok("FI 20774740", "FI20774740");
    bad("FI20774741", BadCheckDigit);
}

#[test]
fn fr() {
    ok("FR 61 954 506 077", "FR61954506077");
    ok("FR23334175221", "FR23334175221");
    ok("FRK7399859412", "FRK7399859412"); // new style
    ok("FR4Z123456782", "FR4Z123456782"); // new style, digit first
    ok("FR40303265045", "FR40303265045");
    bad("FR84323140391", BadCheckDigit);
    bad("FRIO334175221", BadCharacter);
    bad("FR2333417522", BadLength);
}

#[test]
fn hr() {
    ok("HR 33392005961", "HR33392005961");
    bad("HR33392005962", BadCheckDigit);
}

#[test]
fn hu() {
    ok("HU-12892312", "HU12892312");
    bad("HU12892313", BadCheckDigit);
}

#[test]
fn ie() {
    ok("IE 6433435F", "IE6433435F"); // pre-2013
    ok("IE 6433435OA", "IE6433435OA"); // 2013 format
    ok("IE8D79739I", "IE8D79739I"); // old style
    ok("IE8+79739I", "IE8+79739I"); // old style with '+'
    ok("IE1+23456W", "IE1+23456W");
    bad("IE6433435E", BadCheckDigit);
    bad("IE8?79739J", BadCharacter);
    bad("IE6433435X", BadFormat);
    bad("IE643343", BadLength);
}

#[test]
fn it() {
    ok("IT 00743110157", "IT00743110157");
    bad("IT00743110158", BadCheckDigit);
    bad("IT00000001234", BadFormat);
    bad("IT00743111157", BadFormat); // office code 111
}

#[test]
fn lt() {
    ok("LT119511515", "LT119511515");
    ok("LT 100001919017", "LT100001919017");
    ok("LT100004801610", "LT100004801610"); // second weight set
    bad("LT100001919018", BadCheckDigit);
    bad("LT119511525", BadFormat);
}

#[test]
fn lu() {
    ok("LU 150 274 42", "LU15027442");
    ok("LU:15027442", "LU15027442");
    bad("LU15027443", BadCheckDigit);
    bad("LU1502744", BadLength);
}

#[test]
fn lv() {
    ok("LV 4000 3521 600", "LV40003521600");
    bad("LV40003521601", BadCheckDigit);
    ok("LV161175-19997", "LV16117519997"); // personal, old
    bad("LV161375-19997", BadFormat); // month 13
    ok("LV328673-00679", "LV32867300679"); // personal, new
    bad("LV328673-00677", BadCheckDigit);
}

#[test]
fn mt() {
    ok("MT 1167-9112", "MT11679112");
    bad("MT11679113", BadCheckDigit);
}

#[test]
fn nl() {
    ok("NL004495445B01", "NL004495445B01");
    ok("NL4495445B01", "NL004495445B01");
    ok("NL002455799B11", "NL002455799B11"); // MOD 97-10 (since 2020)
    bad("NL123456789B90", BadCheckDigit);
    bad("NL004495445C01", BadFormat);
    bad("NL004495445B00", BadFormat);
}

#[test]
fn pl() {
    ok("PL 8567346215", "PL8567346215");
    bad("PL8567346216", BadCheckDigit);
}

#[test]
fn pt() {
    ok("PT 501 964 843", "PT501964843");
    bad("PT501964842", BadCheckDigit);
}

#[test]
fn ro() {
    ok("RO 185 472 90", "RO18547290");
    ok("RO1630615123457", "RO1630615123457"); // CNP
    ok("RO19", "RO19");
    bad("RO18547291", BadCheckDigit);
    bad("RO1", BadLength);
    bad("RO01854729", BadFormat);
    bad("RO1630615993457", BadFormat); // county 99
}

#[test]
fn se() {
    ok("SE 123456789701", "SE123456789701");
    bad("SE123456789101", BadCheckDigit);
    bad("SE123456789702", BadFormat);
}

#[test]
fn si() {
    ok("SI 5022 3054", "SI50223054");
    bad("SI50223055", BadCheckDigit);
}

#[test]
fn sk() {
    ok("SK 202 274 96 19", "SK2022749619");
    bad("SK2022749618", BadCheckDigit);
    ok("SK7103192745", "SK7103192745"); // birth number
}

#[test]
fn xi() {
    ok("XI 980 7806 84", "XI980780684");
    ok("XI980780684001", "XI980780684001");
    ok("XIGD001", "XIGD001");
    ok("XIHA500", "XIHA500");
    ok("XIGD888812326", "XIGD888812326"); // 123 mod 97 = 26
    bad("XIGD888812312", BadCheckDigit);
    bad("XI802311781", BadCheckDigit);
    bad("XIGD500", BadFormat);
    bad("XIHA499", BadFormat);
    assert_eq!(validate("XI980780684").unwrap().country().as_str(), "XI");
}

#[test]
fn normalisation_rules() {
    ok("  lu 150-274.42 ", "LU15027442");
    ok("LU\u{a0}15027442", "LU15027442"); // no-break space
    ok("LU 150\u{2013}274\u{2013}42", "LU15027442"); // en dash
    ok("LU: 15027442", "LU15027442");
    ok("LU/15027442", "LU15027442");
    bad("LU::15027442", BadCharacter);
    bad("LU1502:7442", BadCharacter);
    bad("LU_15027442", BadCharacter);
    bad("LU(15027442)", BadCharacter);
    bad("LU{15027442}", BadCharacter);
    bad("LU15027442é", BadCharacter);
    bad("15027442", UnknownPrefix);
    bad("", UnknownPrefix);
    bad("L", UnknownPrefix);
    bad("EU372000041", UnknownPrefix);
    bad("IM123456789", UnknownPrefix);
    bad("GB980780684", UnknownPrefix);
    bad("XX123", UnknownPrefix);
    bad("ÄT U13585627", UnknownPrefix);
    bad("LU", BadLength);
    bad("FR(0)12345678901", BadCharacter);
    bad("BE(0", BadCharacter);
    bad("LU1502744215027442150274421502744215027442", BadLength);
}

#[test]
fn hostile_inputs_never_panic() {
    let huge = "9".repeat(1_000_000);
    let huge_prefixed = format!("LU{huge}");
    let weird = "LU\u{0}\u{FFFF}\u{10FFFF}🙂";
    for s in [
        huge.as_str(),
        huge_prefixed.as_str(),
        weird,
        "BE(",
        "BE(0)",
        "IE+",
        "NL",
        "NLB",
        "XIGD",
    ] {
        let _ = check(s);
    }
    assert_eq!(validate(&huge_prefixed).unwrap_err().reason, BadLength);
    for p in VatPrefix::ALL {
        for len in 0..=16 {
            for fill in ["0", "9", "A", "+", "Z9"] {
                let s = format!("{p}{}", fill.repeat(len));
                let _ = validate(&s);
            }
        }
    }
}

#[test]
fn check_report() {
    let r = check("EL 094259216");
    assert!(r.valid);
    assert_eq!(r.normalized.as_deref(), Some("EL094259216"));
    assert_eq!(r.country.map(|c| c.to_string()).as_deref(), Some("GR"));
    let r = check("DE136695978");
    assert_eq!(r.reason, Some(BadCheckDigit));
    assert_eq!(r.country.map(|c| c.to_string()).as_deref(), Some("DE"));
    assert_eq!(r.reason.unwrap().to_string(), "bad check digit");
    let r = check("EU372000041");
    assert_eq!(r.country, None);
    let json = serde_json::to_value(check("LU15027442")).unwrap();
    assert_eq!(json["country"], "LU");
    assert_eq!(json["reason"], serde_json::Value::Null);
}

#[test]
fn vat_id_serde_parses_on_the_way_in() {
    let id: VatId = serde_json::from_str("\"lu 150 274 42\"").unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"LU15027442\"");
    assert!(serde_json::from_str::<VatId>("\"LU15027443\"").is_err());
}
