//! The two forms every CSV download comes in: the standard one (comma-separated UTF-8,
//! decimal points, for programs) and the one spreadsheets in French and German open as
//! columns ("Excel (;)": semicolon-separated, UTF-8 with a byte-order mark so accents
//! survive, decimal commas so amounts are numbers).

use crate::{Invalid, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    #[default]
    Standard,
    Excel,
}

/// The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

impl CsvDialect {
    /// The `dialect` query parameter: `standard` (the default) or `excel`.
    pub fn parse(param: Option<&str>) -> Result<CsvDialect, Invalid> {
        match param.map(str::trim) {
            None | Some("") | Some("standard") => Ok(CsvDialect::Standard),
            Some("excel") => Ok(CsvDialect::Excel),
            Some(_) => Err(Invalid::field("dialect", "must be standard or excel")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CsvDialect::Standard => "standard",
            CsvDialect::Excel => "excel",
        }
    }

    pub fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::Excel => b';',
        }
    }

    /// What the file starts with.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            CsvDialect::Standard => b"",
            CsvDialect::Excel => BOM,
        }
    }

    /// An amount as the dialect writes it: `1234.50` or `1234,50` (never grouped).
    pub fn amount(self, m: Money) -> String {
        let s = m.to_string();
        match self {
            CsvDialect::Standard => s,
            CsvDialect::Excel => s.replace('.', ","),
        }
    }
}

/// A text cell made safe for spreadsheets (CSV injection): a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula, so it is written with a
/// leading `'`, which spreadsheets show as text. Amounts are not text cells.
pub fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The text of a cell [`text_cell`] wrote (imports read Orion's own exports back).
pub fn text_of_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back() {
        for cell in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx"] {
            let safe = text_cell(cell);
            assert!(safe.starts_with('\''), "{safe}");
            assert_eq!(text_of_cell(&safe), cell);
        }
        assert_eq!(text_cell("Jürgen"), "Jürgen");
        assert_eq!(text_of_cell("'quoted"), "'quoted");
    }

    #[test]
    fn parses_the_query_parameter() {
        assert_eq!(CsvDialect::parse(None).unwrap(), CsvDialect::Standard);
        assert_eq!(CsvDialect::parse(Some("excel")).unwrap(), CsvDialect::Excel);
        let e = CsvDialect::parse(Some("xlsx")).unwrap_err();
        assert_eq!(e.0[0].field, "dialect");
    }

    #[test]
    fn amounts_follow_the_dialect() {
        assert_eq!(CsvDialect::Standard.amount(Money(123450)), "1234.50");
        assert_eq!(CsvDialect::Excel.amount(Money(-5)), "-0,05");
        assert_eq!(CsvDialect::Excel.preamble(), BOM);
        assert_eq!(CsvDialect::Excel.delimiter(), b';');
    }
}
