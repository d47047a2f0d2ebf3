//! vat.md §2 normalisation: uppercase; drop whitespace, `.`, `-` (and Unicode dashes),
//! `/`; one `:` right after the prefix; `BE (0)…`; `GR` → `EL`. Anything else is a bad
//! character, a missing or unknown prefix an unknown prefix.

use super::{InvalidReason, VatIdError, VatPrefix};

/// The longest body any country accepts is 13 (a Romanian CNP); one more is room to
/// tell "too long" from "fits".
pub const MAX_BODY_LEN: usize = 14;

/// The normalised characters after the prefix, inline.
pub(super) struct Body {
    buf: [u8; MAX_BODY_LEN],
    len: usize,
}

impl Body {
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn push(&mut self, c: u8) -> bool {
        if self.len == MAX_BODY_LEN {
            return false;
        }
        self.buf[self.len] = c;
        self.len += 1;
        true
    }

    /// Prepends `n` zeros (python-stdnum pads BE, EL and NL numbers); returns false
    /// when it would not fit.
    pub(super) fn pad_left(&mut self, n: usize) -> bool {
        if self.len + n > MAX_BODY_LEN {
            return false;
        }
        self.buf.copy_within(..self.len, n);
        self.buf[..n].fill(b'0');
        self.len += n;
        true
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-' | '/' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
        )
}

enum Stage {
    Prefix,
    AfterPrefix,
    AfterColon,
    BracketOpen,
    BracketZero,
    Body,
}

pub(super) fn normalize(input: &str) -> Result<(VatPrefix, Body), VatIdError> {
    let unknown = VatIdError {
        reason: InvalidReason::UnknownPrefix,
        prefix: None,
    };
    let mut letters = [0u8; 2];
    let mut n_letters = 0;
    let mut prefix = None;
    let mut body = Body {
        buf: [0; MAX_BODY_LEN],
        len: 0,
    };
    let mut too_long = false;
    let mut stage = Stage::Prefix;
    for c in input.chars() {
        if is_separator(c) {
            continue;
        }
        let Some(p) = prefix else {
            if !c.is_ascii_alphabetic() {
                return Err(unknown);
            }
            letters[n_letters] = c.to_ascii_uppercase() as u8;
            n_letters += 1;
            if n_letters == 2 {
                prefix = Some(VatPrefix::from_letters(letters).ok_or(unknown)?);
                stage = Stage::AfterPrefix;
            }
            continue;
        };
        let bad = VatIdError {
            reason: InvalidReason::BadCharacter,
            prefix: Some(p),
        };
        stage = match stage {
            Stage::AfterPrefix if c == ':' => Stage::AfterColon,
            Stage::AfterPrefix | Stage::AfterColon if c == '(' && p == VatPrefix::BE => {
                Stage::BracketOpen
            }
            Stage::BracketOpen if c == '0' => Stage::BracketZero,
            Stage::BracketOpen => return Err(bad),
            Stage::BracketZero if c == ')' => {
                body.push(b'0');
                Stage::Body
            }
            Stage::BracketZero => return Err(bad),
            Stage::Prefix | Stage::AfterPrefix | Stage::AfterColon | Stage::Body => {
                if c.is_ascii_alphanumeric() || c == '+' || c == '*' {
                    too_long |= !body.push(c.to_ascii_uppercase() as u8);
                    Stage::Body
                } else {
                    return Err(bad);
                }
            }
        };
    }
    let Some(p) = prefix else {
        return Err(unknown);
    };
    let reason = match stage {
        Stage::BracketOpen | Stage::BracketZero => Some(InvalidReason::BadCharacter),
        _ if too_long => Some(InvalidReason::BadLength),
        _ => None,
    };
    match reason {
        Some(reason) => Err(VatIdError {
            reason,
            prefix: Some(p),
        }),
        None => Ok((p, body)),
    }
}
