//! The three languages Orion speaks (the languages of Luxembourg's commerce): the back office,
//! invoices and e-mails are written in one of them.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::De];

    /// `en`, `fr`, `de`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
        }
    }

    /// The language's own name, as a language picker shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::De => "Deutsch",
        }
    }

    /// A language tag or name: `fr`, `FR`, `fr-LU`, `de_DE`; `None` for other languages.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4): the
    /// highest weight wins, the earlier one on a tie; `None` when none is acceptable.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map(|q| (q.trim().parse::<f32>().unwrap_or(0.0) * 1000.0) as u32)
                .unwrap_or(1000);
            if q == 0 {
                continue;
            }
            if let Some(l) = Lang::parse(tag)
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((l, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Lang::negotiate("fr-LU,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("lb-LU, de;q=0.7, en;q=0.5"), Some(Lang::De));
        assert_eq!(Lang::negotiate("en;q=0.4, de;q=0.9"), Some(Lang::De));
        assert_eq!(Lang::negotiate("pt, es;q=0.5"), None);
        assert_eq!(Lang::negotiate("de;q=0, fr"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::parse("DE_de"), Some(Lang::De));
    }
}
