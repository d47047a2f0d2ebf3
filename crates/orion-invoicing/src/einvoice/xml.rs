//! A small XML writer for the e-invoice documents: elements in the order they are written,
//! text and attribute values escaped, two spaces of indentation. The documents have a fixed
//! shape, so nothing more general is needed, and writing straight into one `String` keeps
//! generation far above the throughput target (see docs/benchmarks.md).

use std::fmt::Write as _;

pub(crate) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    /// A document starting with the XML declaration.
    pub(crate) fn new() -> Xml {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Xml { out, depth: 0 }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Writes the indentation, `<tag` and the attributes (the caller closes the tag).
    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"");
            escape_into(&mut self.out, v);
            self.out.push('"');
        }
    }

    /// Opens `tag` with its attributes.
    pub(crate) fn open_with(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(crate) fn open(&mut self, tag: &str) {
        self.open_with(tag, &[]);
    }

    pub(crate) fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        let _ = writeln!(self.out, "</{tag}>");
    }

    /// `<tag attr="…">text</tag>`.
    pub(crate) fn leaf_with(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(tag, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text);
        let _ = writeln!(self.out, "</{tag}>");
    }

    pub(crate) fn leaf(&mut self, tag: &str, text: &str) {
        self.leaf_with(tag, &[], text);
    }

    /// `leaf` when there is a non-blank value, nothing otherwise (empty elements are
    /// refused by the Peppol rules).
    pub(crate) fn leaf_opt(&mut self, tag: &str, text: Option<&str>) {
        if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.leaf(tag, t);
        }
    }

    pub(crate) fn finish(self) -> String {
        debug_assert_eq!(self.depth, 0, "every element is closed");
        self.out
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`, and drops the control characters XML 1.0 forbids.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_controls_dropped() {
        let mut x = Xml::new();
        x.open_with("a", &[("k", "\"<&>'")]);
        x.leaf("b", "Müller & Söhne <GmbH>\u{1}");
        x.leaf_opt("c", Some("  "));
        x.close("a");
        let s = x.finish();
        assert!(s.contains("<a k=\"&quot;&lt;&amp;&gt;&apos;\">"));
        assert!(s.contains("<b>Müller &amp; Söhne &lt;GmbH&gt;</b>"));
        assert!(!s.contains("<c>"));
        assert!(!s.contains('\u{1}'));
    }
}
