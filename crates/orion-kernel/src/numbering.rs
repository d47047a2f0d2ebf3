//! Numbering schemes of gapless document series (invoices, credit notes, purchase orders):
//! a [`Scheme`] such as `{prefix}-{year}-{seq:05}` turns a sequence into a number. The
//! sequence itself is taken from a counter row in the database by the owning module
//! (`orion_db::sequence::next`).

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Prefix,
    Year,
    Seq(usize),
}

/// A parsed numbering scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme(Vec<Part>);

pub const DEFAULT_SCHEME: &str = "{prefix}-{year}-{seq:05}";

impl Scheme {
    /// Parses `{prefix}`, `{year}`, `{seq}` / `{seq:0N}` (N = 1..9) and literal text made of
    /// letters, digits and `-_/.`; `{seq}` must appear exactly once.
    pub fn parse(s: &str) -> Result<Scheme, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        let mut seqs = 0;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or_else(|| "has a `{` without a closing `}`".to_owned())?;
                let token = &after[..end];
                parts.push(match token {
                    "prefix" => Part::Prefix,
                    "year" => Part::Year,
                    "seq" => {
                        seqs += 1;
                        Part::Seq(1)
                    }
                    t if t.starts_with("seq:0") => {
                        let width: usize = t[5..]
                            .parse()
                            .ok()
                            .filter(|w| (1..=9).contains(w))
                            .ok_or_else(|| format!("`{{{t}}}`: the width must be 1 to 9"))?;
                        seqs += 1;
                        Part::Seq(width)
                    }
                    t => {
                        return Err(format!(
                            "unknown placeholder `{{{t}}}` (use {{prefix}}, {{year}}, {{seq}} or {{seq:05}})"
                        ));
                    }
                });
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let text = &rest[..end];
                if let Some(bad) = text
                    .chars()
                    .find(|c| !(c.is_ascii_alphanumeric() || "-_/.".contains(*c)))
                {
                    return Err(format!(
                        "may only contain letters, digits and - _ / . besides placeholders, not `{bad}`"
                    ));
                }
                parts.push(Part::Text(text.to_owned()));
                rest = &rest[end..];
            }
        }
        if seqs != 1 {
            return Err("must contain the sequence placeholder {seq} exactly once".into());
        }
        Ok(Scheme(parts))
    }

    /// Whether the sequence restarts every year (the scheme shows the year).
    pub fn yearly(&self) -> bool {
        self.0.contains(&Part::Year)
    }

    pub fn format(&self, prefix: &str, year: i32, seq: i64) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Prefix => prefix.to_owned(),
                Part::Year => year.to_string(),
                Part::Seq(w) => format!("{seq:0w$}", w = *w),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scheme() {
        let s = Scheme::parse(DEFAULT_SCHEME).unwrap();
        assert!(s.yearly());
        assert_eq!(s.format("INV", 2026, 7), "INV-2026-00007");
        assert_eq!(s.format("CN", 2027, 123_456), "CN-2027-123456");
    }

    #[test]
    fn schemes_without_year_or_padding() {
        let s = Scheme::parse("{prefix}{seq}").unwrap();
        assert!(!s.yearly());
        assert_eq!(s.format("F", 2026, 42), "F42");
        assert_eq!(
            Scheme::parse("{year}/{seq:03}")
                .unwrap()
                .format("X", 2026, 5),
            "2026/005"
        );
    }

    #[test]
    fn bad_schemes_are_explained() {
        assert!(
            Scheme::parse("{prefix}-{year}")
                .unwrap_err()
                .contains("{seq}")
        );
        assert!(
            Scheme::parse("{seq}{seq}")
                .unwrap_err()
                .contains("exactly once")
        );
        assert!(
            Scheme::parse("{prefix} {seq}")
                .unwrap_err()
                .contains("not ` `")
        );
        assert!(
            Scheme::parse("{month}-{seq}")
                .unwrap_err()
                .contains("unknown")
        );
        assert!(Scheme::parse("{seq:00}").unwrap_err().contains("width"));
        assert!(Scheme::parse("{seq").unwrap_err().contains("closing"));
    }
}
