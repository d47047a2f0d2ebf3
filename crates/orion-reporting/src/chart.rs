//! Charts drawn on the server as SVG: accessible (a `<title>` and `<desc>` named by
//! `aria-labelledby`, the numbers also in a table beside it), scaling to the width of a phone
//! (`viewBox`, width 100 %), no script, no external assets.

/// Escapes text for SVG/XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A bar chart of `values` (one bar per label, heights relative to the largest), with
/// `title` and a one-sentence `desc`. `id` makes the title's and description's ids unique on
/// the page.
pub fn bars(id: &str, title: &str, desc: &str, values: &[(String, i64)]) -> String {
    const W: i64 = 600;
    const H: i64 = 180;
    const BASE: i64 = 160;
    let max = values.iter().map(|v| v.1).max().unwrap_or(0).max(1);
    let n = values.len().max(1) as i64;
    let slot = W / n;
    let bar = (slot * 7 / 10).max(1);
    let mut out = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="none"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><line x1="0" y1="{BASE}" x2="{W}" y2="{BASE}" class="chart-axis"/>"#,
        esc(title),
        esc(desc)
    );
    for (i, (label, v)) in values.iter().enumerate() {
        let h = (v.max(&0) * (BASE - 10)) / max;
        let x = i as i64 * slot + (slot - bar) / 2;
        out.push_str(&format!(
            r#"<rect x="{x}" y="{}" width="{bar}" height="{h}" class="chart-bar"><title>{}</title></rect>"#,
            BASE - h,
            esc(label)
        ));
    }
    if let (Some(first), Some(last)) = (values.first(), values.last()) {
        out.push_str(&format!(
            r#"<text x="0" y="{}" class="chart-tick">{}</text><text x="{W}" y="{}" text-anchor="end" class="chart-tick">{}</text>"#,
            H - 2,
            esc(&first.0),
            H - 2,
            esc(&last.0)
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_labelled_and_scaled() {
        let svg = bars(
            "s",
            "Sales <30 days>",
            "Gross per day",
            &[("1 Dec".into(), 100), ("2 Dec".into(), 50)],
        );
        assert!(svg.contains(r#"aria-labelledby="s-title s-desc""#));
        assert!(svg.contains("Sales &lt;30 days&gt;"));
        assert!(svg.contains(r#"height="150""#)); // the largest bar is full height
        assert!(svg.contains(r#"height="75""#));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn empty_and_zero_values_draw_nothing_wrong() {
        let svg = bars("e", "t", "d", &[]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let svg = bars("z", "t", "d", &[("a".into(), 0), ("b".into(), -5)]);
        assert_eq!(svg.matches(r#"height="0""#).count(), 2);
    }
}
