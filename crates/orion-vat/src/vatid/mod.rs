//! VAT identification numbers: normalisation (vat.md §2) and the format and check
//! digits of every member state and Northern Ireland.
//!
//! The algorithms follow python-stdnum's `is_valid` (the reference the spec names) and
//! are cross-checked against it by `tests/stdnum_crosscheck.rs`. Separators follow
//! vat.md rather than stdnum's per-country lists: whitespace, `.`, `-` (and Unicode
//! dashes), `/` are dropped anywhere, one `:` right after the prefix, and `(0)` right
//! after `BE`. Anything else is a bad character. The hot path ([`validate`]) does not
//! allocate.

mod algo;
mod central_eastern;
mod normalize;
mod northern;
mod southern;
mod western;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::country::CountryCode;

pub use normalize::MAX_BODY_LEN;

/// Why a VAT id is invalid. `Display` gives the CLI wording ("bad check digit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    /// No two-letter prefix, or one that is not a member state / `EL` / `XI`. `EU` and
    /// `IM` (non-Union OSS numbers) and `GB` are deliberately unknown here: they are
    /// never a valid customer id for an EU supply.
    UnknownPrefix,
    /// A character that is neither a separator nor allowed in this country's numbers.
    BadCharacter,
    /// Too short or too long for the country.
    BadLength,
    /// The right characters and length, but a part is impossible: a letter where the
    /// country has a digit, a forbidden leading digit, an unknown Italian office code,
    /// a birth date that does not exist.
    BadFormat,
    /// The check digit(s) do not match.
    BadCheckDigit,
}

impl InvalidReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnknownPrefix => "unknown prefix",
            Self::BadCharacter => "bad character",
            Self::BadLength => "bad length",
            Self::BadFormat => "bad format",
            Self::BadCheckDigit => "bad check digit",
        }
    }
}

impl fmt::Display for InvalidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! prefixes {
    ($($p:ident => $iso:literal, $name:literal;)*) => {
        /// The prefix of a VAT id: a member state (Greece as `EL`) or `XI`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum VatPrefix { $($p),* }

        impl VatPrefix {
            pub const ALL: [VatPrefix; 28] = [$(VatPrefix::$p),*];

            /// The prefix as written in VAT ids ("EL" for Greece).
            pub fn as_str(self) -> &'static str {
                match self { $(VatPrefix::$p => stringify!($p)),* }
            }

            /// The ISO country code ("GR" for `EL`, "XI" for Northern Ireland).
            pub fn country(self) -> CountryCode {
                match self { $(VatPrefix::$p => CountryCode::from_ascii(*$iso)),* }
            }

            fn from_letters(l: [u8; 2]) -> Option<Self> {
                match &l {
                    b"GR" => Some(VatPrefix::EL),
                    $(_ if &l == stringify!($p).as_bytes() => Some(VatPrefix::$p),)*
                    _ => None,
                }
            }

            /// The python-stdnum module that implements the reference algorithm.
            pub fn reference(self) -> &'static str {
                match self { $(VatPrefix::$p => $name),* }
            }
        }
    };
}

prefixes! {
    AT => b"AT", "stdnum.at.uid";
    BE => b"BE", "stdnum.be.vat";
    BG => b"BG", "stdnum.bg.vat";
    CY => b"CY", "stdnum.cy.vat";
    CZ => b"CZ", "stdnum.cz.dic";
    DE => b"DE", "stdnum.de.vat";
    DK => b"DK", "stdnum.dk.cvr";
    EE => b"EE", "stdnum.ee.kmkr";
    EL => b"GR", "stdnum.gr.vat";
    ES => b"ES", "stdnum.es.nif";
    FI => b"FI", "stdnum.fi.alv";
    FR => b"FR", "stdnum.fr.tva";
    HR => b"HR", "stdnum.hr.oib";
    HU => b"HU", "stdnum.hu.anum";
    IE => b"IE", "stdnum.ie.vat";
    IT => b"IT", "stdnum.it.iva";
    LT => b"LT", "stdnum.lt.pvm";
    LU => b"LU", "stdnum.lu.tva";
    LV => b"LV", "stdnum.lv.pvn";
    MT => b"MT", "stdnum.mt.vat";
    NL => b"NL", "stdnum.nl.btw";
    PL => b"PL", "stdnum.pl.nip";
    PT => b"PT", "stdnum.pt.nif";
    RO => b"RO", "stdnum.ro.cf";
    SE => b"SE", "stdnum.se.vat";
    SI => b"SI", "stdnum.si.ddv";
    SK => b"SK", "stdnum.sk.dph";
    XI => b"XI", "stdnum.gb.vat";
}

impl fmt::Display for VatPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A valid, normalised VAT id ("LU15027442", "EL094259216"). Small and `Copy`: the
/// normalised text lives inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct VatId {
    prefix: VatPrefix,
    buf: [u8; 2 + MAX_BODY_LEN],
    len: u8,
}

impl VatId {
    /// The normalised id, prefix included.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// The part after the prefix.
    pub fn body(&self) -> &str {
        self.as_str().get(2..).unwrap_or("")
    }

    pub fn prefix(&self) -> VatPrefix {
        self.prefix
    }

    /// The ISO country ("GR" for an `EL` number).
    pub fn country(&self) -> CountryCode {
        self.prefix.country()
    }
}

impl fmt::Display for VatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for VatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VatId({})", self.as_str())
    }
}

impl FromStr for VatId {
    type Err = VatIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        validate(s)
    }
}

impl Serialize for VatId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VatId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        validate(&s).map_err(serde::de::Error::custom)
    }
}

/// Why [`validate`] refused an input, and the prefix if one was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatIdError {
    pub reason: InvalidReason,
    pub prefix: Option<VatPrefix>,
}

impl fmt::Display for VatIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.prefix {
            Some(p) => write!(f, "invalid {p} VAT id: {}", self.reason),
            None => write!(f, "invalid VAT id: {}", self.reason),
        }
    }
}

impl std::error::Error for VatIdError {}

/// Normalises and validates a VAT id (format and check digits; not existence — that
/// is VIES's job). Never panics, never allocates; inputs of any size are fine.
pub fn validate(input: &str) -> Result<VatId, VatIdError> {
    let (prefix, mut body) = normalize::normalize(input)?;
    let fail = |reason| VatIdError {
        reason,
        prefix: Some(prefix),
    };
    if prefix != VatPrefix::IE && body.as_bytes().iter().any(|c| matches!(c, b'+' | b'*')) {
        return Err(fail(InvalidReason::BadCharacter));
    }
    country_check(prefix, &mut body).map_err(fail)?;
    let mut buf = [0u8; 2 + MAX_BODY_LEN];
    buf[..2].copy_from_slice(prefix.as_str().as_bytes());
    let b = body.as_bytes();
    buf[2..2 + b.len()].copy_from_slice(b);
    Ok(VatId {
        prefix,
        buf,
        // At most 2 + MAX_BODY_LEN, far below 256.
        len: (2 + b.len()) as u8,
    })
}

/// Whether [`validate`] accepts the input.
pub fn is_valid(input: &str) -> bool {
    validate(input).is_ok()
}

fn country_check(prefix: VatPrefix, body: &mut normalize::Body) -> algo::Check {
    use VatPrefix as P;
    match prefix {
        P::AT => western::at(body.as_bytes()),
        P::BE => western::be(body),
        P::DE => western::de(body.as_bytes()),
        P::FR => western::fr(body.as_bytes()),
        P::IE => western::ie(body.as_bytes()),
        P::LU => western::lu(body.as_bytes()),
        P::NL => western::nl(body),
        P::XI => western::xi(body.as_bytes()),
        P::CY => southern::cy(body.as_bytes()),
        P::EL => southern::el(body),
        P::ES => southern::es(body.as_bytes()),
        P::HR => southern::hr(body.as_bytes()),
        P::IT => southern::it(body.as_bytes()),
        P::MT => southern::mt(body.as_bytes()),
        P::PT => southern::pt(body.as_bytes()),
        P::SI => southern::si(body.as_bytes()),
        P::DK => northern::dk(body.as_bytes()),
        P::EE => northern::ee(body.as_bytes()),
        P::FI => northern::fi(body.as_bytes()),
        P::LT => northern::lt(body.as_bytes()),
        P::LV => northern::lv(body.as_bytes()),
        P::SE => northern::se(body.as_bytes()),
        P::BG => central_eastern::bg(body.as_bytes()),
        P::CZ => central_eastern::cz(body.as_bytes()),
        P::HU => central_eastern::hu(body.as_bytes()),
        P::PL => central_eastern::pl(body.as_bytes()),
        P::RO => central_eastern::ro(body.as_bytes()),
        P::SK => central_eastern::sk(body.as_bytes()),
    }
}

/// The report for one input, as the CLI and the HTTP API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatIdCheck {
    pub input: String,
    pub valid: bool,
    /// The normalised id when valid.
    pub normalized: Option<String>,
    /// The ISO country of a recognised prefix (`GR` for `EL`, `XI`), valid or not.
    pub country: Option<CountryCode>,
    /// Why it is invalid; `None` when valid.
    pub reason: Option<InvalidReason>,
}

/// Validates and reports. Allocates the report's strings; use [`validate`] in loops.
pub fn check(input: &str) -> VatIdCheck {
    match validate(input) {
        Ok(id) => VatIdCheck {
            input: input.to_owned(),
            valid: true,
            normalized: Some(id.as_str().to_owned()),
            country: Some(id.country()),
            reason: None,
        },
        Err(e) => VatIdCheck {
            input: input.to_owned(),
            valid: false,
            normalized: None,
            country: e.prefix.map(VatPrefix::country),
            reason: Some(e.reason),
        },
    }
}

#[cfg(test)]
mod tests;
