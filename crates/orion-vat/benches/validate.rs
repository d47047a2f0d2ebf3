//! Validation throughput on one core: ~1M mixed VAT ids from every country, about half
//! of them valid, in assorted spellings. Run with
//! `cargo bench -p orion-vat --bench validate`.

use std::hint::black_box;
use std::time::Instant;

use orion_vat::vatid;

/// Valid numbers of every prefix, as people type them.
const VALID: &[&str] = &[
    "ATU13585627",
    "AT U13585627",
    "BE0428759497",
    "BE (0)468.561.072",
    "BE 428759497",
    "BG175074752",
    "BG7523169263",
    "CY10259033P",
    "CZ25123891",
    "CZ7103192745",
    "CZ640903926",
    "DE136695976",
    "DE 136 695 976",
    "DK13585628",
    "EE100594102",
    "EL094259216",
    "GR094259216",
    "ESB64717838",
    "ES54362315K",
    "ESX5253868R",
    "FI20774740",
    "FR61954506077",
    "FRK7399859412",
    "HR33392005961",
    "HU12892312",
    "IE6433435F",
    "IE6433435OA",
    "IE8D79739I",
    "IT00743110157",
    "LT119511515",
    "LT100001919017",
    "LU15027442",
    "LU 150 274 42",
    "LV40003521600",
    "LV16117519997",
    "MT11679112",
    "NL004495445B01",
    "NL002455799B11",
    "PL8567346215",
    "PT501964843",
    "RO18547290",
    "RO1630615123457",
    "SE123456789701",
    "SI50223054",
    "SK2022749619",
    "XI980780684",
    "XIGD001",
];

fn main() {
    const N: usize = 1_000_000;
    // Build the inputs first: half valid, half with one digit changed (mostly a bad
    // check digit), plus some unknown prefixes and junk.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let inputs: Vec<String> = (0..N)
        .map(|i| {
            let base = VALID[(next() % VALID.len() as u64) as usize];
            match i % 10 {
                0..=4 => base.to_owned(),
                5..=7 => {
                    let mut b = base.as_bytes().to_vec();
                    let last = b.len() - 1;
                    b[last] = if b[last] == b'9' { b'0' } else { b[last] + 1 };
                    String::from_utf8(b).unwrap_or_default()
                }
                8 => format!("XX{}", &base[2..]),
                _ => format!("{base}_"),
            }
        })
        .collect();

    for round in 0..3 {
        let start = Instant::now();
        let mut valid = 0usize;
        for s in &inputs {
            valid += usize::from(vatid::validate(black_box(s)).is_ok());
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "validate round {round}: {N} ids in {:.3} s = {:.0} validations/s ({valid} valid)",
            secs,
            N as f64 / secs
        );
    }
    let start = Instant::now();
    let mut valid = 0usize;
    for s in &inputs {
        valid += usize::from(black_box(vatid::check(black_box(s))).valid);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "check (allocating report): {N} ids in {:.3} s = {:.0} checks/s ({valid} valid)",
        secs,
        N as f64 / secs
    );
}
