//! Deterministic simulator data: a catalogue of variants shared by all shipments, and
//! shipments with customers, addresses and 1–5 inventory units, all drawn from a seeded RNG.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::types::{ProductName, Variant};

/// Size of the shared variant catalogue.
pub const CATALOG_SIZE: usize = 50;

#[derive(Debug, Clone)]
pub struct AddressData {
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub street_name: String,
    pub street_number: String,
    pub city: String,
    pub zip_code: String,
    pub phone: Option<String>,
    pub country_iso: &'static str,
    pub country_name: &'static str,
}

#[derive(Debug, Clone)]
pub struct UnitData {
    pub id: String,
    /// Index into the catalogue.
    pub variant: usize,
    pub state: &'static str,
    /// State-changing confirm/decline applications.
    pub confirm_calls: usize,
}

#[derive(Debug, Clone)]
pub struct ShipmentData {
    pub seq: usize,
    pub vendor: usize,
    pub id: String,
    pub number: String,
    pub order_id: String,
    pub order_number: String,
    pub email: String,
    pub completed_at: DateTime<Utc>,
    pub locale: &'static str,
    pub ship: AddressData,
    pub bill: AddressData,
    pub units: Vec<UnitData>,
    pub tracking: Option<(String, String)>,
    /// Tracking applications that changed the stored value.
    pub tracking_calls: usize,
}

impl ShipmentData {
    /// `unconfirmed` while any unit is undecided, else `confirmed`.
    pub fn state(&self) -> &'static str {
        if self.units.iter().any(|u| u.state == "unconfirmed") {
            "unconfirmed"
        } else {
            "confirmed"
        }
    }

    pub fn total_cents(&self, catalog: &[Variant]) -> i64 {
        self.units
            .iter()
            .map(|u| catalog[u.variant].price_cents)
            .sum()
    }
}

struct Country {
    iso: &'static str,
    name: &'static str,
    phone: &'static str,
    weight: u32,
    cities: &'static [(&'static str, &'static str)],
    streets: &'static [&'static str],
    first: &'static [&'static str],
    last: &'static [&'static str],
}

const COUNTRIES: &[Country] = &[
    Country {
        iso: "LU",
        name: "Luxembourg",
        phone: "+352",
        weight: 40,
        cities: &[
            ("Luxembourg", "L-1118"),
            ("Esch-sur-Alzette", "L-4002"),
            ("Differdange", "L-4570"),
            ("Dudelange", "L-3401"),
            ("Ettelbruck", "L-9010"),
            ("Diekirch", "L-9201"),
            ("Strassen", "L-8010"),
            ("Bertrange", "L-8069"),
        ],
        streets: &[
            "Rue de la Gare",
            "Avenue de la Liberté",
            "Grand-Rue",
            "Rue du Fossé",
            "Route d'Arlon",
            "Boulevard Royal",
        ],
        first: &[
            "Luc", "Anne", "Marc", "Sophie", "Jeff", "Claire", "Tom", "Lynn",
        ],
        last: &[
            "Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Kremer",
        ],
    },
    Country {
        iso: "FR",
        name: "France",
        phone: "+33",
        weight: 14,
        cities: &[
            ("Metz", "57000"),
            ("Thionville", "57100"),
            ("Nancy", "54000"),
            ("Paris", "75011"),
            ("Strasbourg", "67000"),
        ],
        streets: &[
            "Rue Serpenoise",
            "Avenue Foch",
            "Rue de la République",
            "Place Stanislas",
        ],
        first: &["Camille", "Julien", "Léa", "Nicolas", "Chloé", "Étienne"],
        last: &["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard"],
    },
    Country {
        iso: "DE",
        name: "Germany",
        phone: "+49",
        weight: 14,
        cities: &[
            ("Trier", "54290"),
            ("Saarbrücken", "66111"),
            ("Köln", "50667"),
            ("Berlin", "10115"),
            ("München", "80331"),
        ],
        streets: &[
            "Hauptstraße",
            "Bahnhofstraße",
            "Kaiserstraße",
            "Schloßallee",
        ],
        first: &["Jürgen", "Anna", "Lukas", "Marie", "Felix", "Jörg"],
        last: &["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Groß"],
    },
    Country {
        iso: "BE",
        name: "Belgium",
        phone: "+32",
        weight: 10,
        cities: &[
            ("Arlon", "6700"),
            ("Bruxelles", "1000"),
            ("Liège", "4000"),
            ("Namur", "5000"),
        ],
        streets: &["Grand-Place", "Rue des Faubourgs", "Chaussée de Namur"],
        first: &["Amélie", "Thomas", "Laura", "Maxime"],
        last: &["Peeters", "Janssens", "Maes", "Dupont"],
    },
    Country {
        iso: "NL",
        name: "Netherlands",
        phone: "+31",
        weight: 8,
        cities: &[
            ("Amsterdam", "1012 AB"),
            ("Maastricht", "6211 CN"),
            ("Utrecht", "3511 AA"),
        ],
        streets: &["Kerkstraat", "Dorpsstraat", "Stationsweg"],
        first: &["Daan", "Emma", "Sanne", "Bram"],
        last: &["de Jong", "Jansen", "van den Berg", "Bakker"],
    },
    Country {
        iso: "CH",
        name: "Switzerland",
        phone: "+41",
        weight: 5,
        cities: &[("Zürich", "8001"), ("Genève", "1201"), ("Basel", "4051")],
        streets: &["Bahnhofstrasse", "Rue du Rhône"],
        first: &["Nina", "Reto", "Céline"],
        last: &["Meier", "Keller", "Favre"],
    },
    Country {
        iso: "GB",
        name: "United Kingdom",
        phone: "+44",
        weight: 5,
        cities: &[("London", "SW1A 1AA"), ("Manchester", "M1 1AE")],
        streets: &["High Street", "Station Road"],
        first: &["Oliver", "Amelia", "Harry"],
        last: &["Smith", "Jones", "O'Brien"],
    },
    Country {
        iso: "US",
        name: "United States",
        phone: "+1",
        weight: 4,
        cities: &[("New York", "10001"), ("Chicago", "60601")],
        streets: &["Main Street", "5th Avenue"],
        first: &["James", "Emily"],
        last: &["Johnson", "Brown"],
    },
];

const PRODUCTS: &[(&str, &str, &str)] = &[
    ("Ceramic mug", "Tasse en céramique", "Keramikbecher"),
    ("Cotton tote bag", "Sac cabas en coton", "Baumwolltasche"),
    (
        "Wooden cutting board",
        "Planche à découper en bois",
        "Holzschneidebrett",
    ),
    ("Scented candle", "Bougie parfumée", "Duftkerze"),
    ("Wool scarf", "Écharpe en laine", "Wollschal"),
    ("Notebook A5", "Carnet A5", "Notizbuch A5"),
    (
        "Olive oil 500 ml",
        "Huile d'olive 500 ml",
        "Olivenöl 500 ml",
    ),
    ("Board game", "Jeu de société", "Brettspiel"),
    ("Children's book", "Livre pour enfants", "Kinderbuch"),
    (
        "Crémant de Luxembourg",
        "Crémant de Luxembourg",
        "Crémant de Luxembourg",
    ),
    ("Leather wallet", "Portefeuille en cuir", "Lederbrieftasche"),
    ("Desk lamp", "Lampe de bureau", "Schreibtischlampe"),
    ("Tea selection", "Sélection de thés", "Teeauswahl"),
];
const ADJECTIVES: &[(&str, &str, &str)] = &[
    ("blue", "bleu", "blau"),
    ("red", "rouge", "rot"),
    ("large", "grand", "groß"),
    ("small", "petit", "klein"),
    ("classic", "classique", "klassisch"),
];
const BRANDS: &[&str] = &[
    "Villeroy & Boch",
    "Lëtzebuerger Atelier",
    "Moselle Goods",
    "Ardennes Craft",
];

/// EAN-13 / ISBN-13 check digit of 12 digits.
pub fn ean13_check_digit(first12: &str) -> u32 {
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    (10 - sum % 10) % 10
}

fn gtin13(rng: &mut StdRng, prefix: &str) -> String {
    let mut s = prefix.to_owned();
    while s.len() < 12 {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    let c = ean13_check_digit(&s);
    format!("{s}{c}")
}

/// The catalogue of variants for a seed (identical for every vendor of the simulator).
pub fn catalog(seed: u64) -> Vec<Variant> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xC0FF_EE00_CA7A_1060);
    (0..CATALOG_SIZE)
        .map(|i| {
            let (pe, pf, pd) = PRODUCTS[i % PRODUCTS.len()];
            let (ae, af, ad) = ADJECTIVES[(i / PRODUCTS.len()) % ADJECTIVES.len()];
            let roll = rng.random_range(0..10);
            let (gtin, parser) = match roll {
                0 => (None, None),
                1 => (Some(gtin13(&mut rng, "978")), Some("isbn13".to_owned())),
                _ => {
                    let prefix = ["540", "400", "300", "871", "760"]
                        .choose(&mut rng)
                        .unwrap_or(&"540");
                    (Some(gtin13(&mut rng, prefix)), Some("gtin13".to_owned()))
                }
            };
            let euros = rng.random_range(2..150i64);
            let cents = *[0i64, 50, 90, 95, 99, 49, 5, 10, 25]
                .choose(&mut rng)
                .unwrap_or(&0);
            let brand = if rng.random_range(0..5) == 0 {
                None
            } else {
                BRANDS.choose(&mut rng).map(|b| (*b).to_owned())
            };
            let sku = if rng.random_range(0..12) == 0 {
                None
            } else {
                Some(format!("SKU-{:04}", 1000 + i))
            };
            Variant {
                id: format!("var_{}", i + 1),
                sku,
                mpn: (i % 3 == 0).then(|| format!("MPN{:05}", 7 * i + 11)),
                price_cents: euros * 100 + cents,
                gtin,
                gtin_parser: parser,
                product_name: ProductName {
                    en: Some(format!("{pe} ({ae})")),
                    fr: Some(format!("{pf} ({af})")),
                    de: (i % 7 != 6).then(|| format!("{pd} ({ad})")),
                },
                brand,
            }
        })
        .collect()
}

fn pick_country(rng: &mut StdRng) -> &'static Country {
    let total: u32 = COUNTRIES.iter().map(|c| c.weight).sum();
    let mut r = rng.random_range(0..total);
    for c in COUNTRIES {
        if r < c.weight {
            return c;
        }
        r -= c.weight;
    }
    &COUNTRIES[0]
}

fn address(rng: &mut StdRng, c: &'static Country, first: &str, last: &str) -> AddressData {
    let (city, zip) = *c.cities.choose(rng).unwrap_or(&("Luxembourg", "L-1118"));
    AddressData {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        company: (rng.random_range(0..8) == 0).then(|| format!("{last} S.à r.l.")),
        street_name: (*c.streets.choose(rng).unwrap_or(&"Main Street")).to_owned(),
        street_number: rng.random_range(1..200).to_string(),
        city: city.to_owned(),
        zip_code: zip.to_owned(),
        phone: (rng.random_range(0..4) != 0).then(|| {
            format!(
                "{} {}",
                c.phone,
                rng.random_range(100_000_000..999_999_999u64)
            )
        }),
        country_iso: c.iso,
        country_name: c.name,
    }
}

/// Draw one shipment (ids are assigned by the caller once the order is known).
pub fn draw_shipment(rng: &mut StdRng, completed_at: DateTime<Utc>) -> ShipmentData {
    let c = pick_country(rng);
    let first = *c.first.choose(rng).unwrap_or(&"Alex");
    let last = *c.last.choose(rng).unwrap_or(&"Doe");
    let ship = address(rng, c, first, last);
    let bill = if rng.random_range(0..5) == 0 {
        let bc = pick_country(rng);
        address(rng, bc, first, last)
    } else {
        ship.clone()
    };
    let locale = match c.iso {
        "FR" | "BE" | "CH" => {
            if rng.random_range(0..4) == 0 {
                "en"
            } else {
                "fr"
            }
        }
        "DE" => "de",
        "LU" => ["fr", "de", "en"][rng.random_range(0..3)],
        _ => "en",
    };
    let n_units = rng.random_range(1..=5usize);
    let mut units = Vec::with_capacity(n_units);
    while units.len() < n_units {
        let variant = rng.random_range(0..CATALOG_SIZE);
        // Sometimes several units of the same variant (quantity > 1).
        let repeat = if rng.random_range(0..4) == 0 {
            rng.random_range(2..=3usize)
        } else {
            1
        };
        for _ in 0..repeat.min(n_units - units.len()) {
            units.push(UnitData {
                id: String::new(),
                variant,
                state: "unconfirmed",
                confirm_calls: 0,
            });
        }
    }
    let mailbox = format!("{}.{}", ascii_lower(first), ascii_lower(last));
    let domain =
        ["example.lu", "example.com", "example.org", "example.net"][rng.random_range(0..4)];
    let tag: u32 = rng.random_range(1..1000);
    ShipmentData {
        seq: 0,
        vendor: 0,
        id: String::new(),
        number: String::new(),
        order_id: String::new(),
        order_number: String::new(),
        email: format!("{mailbox}{tag}@{domain}"),
        completed_at,
        locale,
        ship,
        bill,
        units,
        tracking: None,
        tracking_calls: 0,
    }
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'à' | 'á' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'ö' | 'ô' => 'o',
                'ü' | 'û' => 'u',
                'ï' | 'î' => 'i',
                'ç' => 'c',
                'ß' => 's',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// Give a drawn shipment its sequence number, vendor and ids.
pub fn assign_ids(s: &mut ShipmentData, seq: usize, vendors: usize) {
    let n = seq + 1;
    s.seq = seq;
    s.vendor = seq % vendors.max(1);
    s.id = format!("shp_{n}");
    s.number = format!("H{:09}", 100_000 + n);
    s.order_id = format!("ord_{n}");
    s.order_number = format!("R{:09}", 500_000 + n);
    for (k, u) in s.units.iter_mut().enumerate() {
        u.id = format!("iu_{n}_{}", k + 1);
    }
}

/// The initial shipments, ordered by `completed_at` over the 90 days before `now`.
pub fn initial_shipments(rng: &mut StdRng, n: usize, now: DateTime<Utc>) -> Vec<ShipmentData> {
    let span = 90 * 24 * 3600;
    let mut offsets: Vec<i64> = (0..n).map(|_| rng.random_range(60..span)).collect();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets
        .into_iter()
        .map(|off| draw_shipment(rng, now - Duration::seconds(off)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        // 4006381333931 is a well-known valid EAN-13; 9780306406157 a valid ISBN-13.
        assert_eq!(ean13_check_digit("400638133393"), 1);
        assert_eq!(ean13_check_digit("978030640615"), 7);
        for v in catalog(7) {
            if let Some(g) = v.gtin {
                assert_eq!(g.len(), 13);
                assert_eq!(
                    ean13_check_digit(&g[..12]),
                    u32::from(g.as_bytes()[12] - b'0')
                );
            }
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(catalog(3), catalog(3));
        assert_ne!(catalog(3), catalog(4));
    }
}
