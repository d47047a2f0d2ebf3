//! The shipped e-mail templates: one MiniJinja source per template and language
//! (`templates/mail/<name>.<lang>.txt`, first line `Subject: …`, then the plain-text body),
//! and one HTML layout that turns the text into the HTML part (paragraphs, links clickable,
//! everything escaped). Languages: en, fr, de; anything else falls back to English.

use std::sync::OnceLock;

use minijinja::Environment;
use serde::Serialize;

use crate::error::MessagingError;

/// The languages every template exists in.
pub const LANGUAGES: [&str; 3] = ["en", "fr", "de"];

/// The templates Orion ships.
pub const NAMES: [&str; 4] = ["invoice", "credit_note", "password_reset", "invitation"];

macro_rules! sources {
    ($($name:literal),*) => {
        &[$(
            (concat!($name, ".en.txt"), include_str!(concat!("../templates/mail/", $name, ".en.txt"))),
            (concat!($name, ".fr.txt"), include_str!(concat!("../templates/mail/", $name, ".fr.txt"))),
            (concat!($name, ".de.txt"), include_str!(concat!("../templates/mail/", $name, ".de.txt"))),
        )*]
    };
}

const SOURCES: &[(&str, &str)] = sources!("invoice", "credit_note", "password_reset", "invitation");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, src) in SOURCES {
            env.add_template(name, src)
                .expect("the shipped e-mail templates parse");
        }
        env.add_template("layout.html", include_str!("../templates/mail/layout.html"))
            .expect("the e-mail layout parses");
        env
    })
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// `lang` when a template exists in it, else English.
pub fn language(lang: &str) -> &'static str {
    let short = lang.get(..2).unwrap_or("").to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|l| **l == short)
        .copied()
        .unwrap_or("en")
}

#[derive(Serialize)]
struct Paragraph {
    lines: Vec<String>,
    link: Option<String>,
}

/// The HTML part of a text body: paragraphs split on blank lines; a paragraph that is one
/// URL becomes a link.
fn html_of(subject: &str, text: &str, lang: &str) -> Result<String, minijinja::Error> {
    let paragraphs: Vec<Paragraph> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let is_link = (p.starts_with("https://") || p.starts_with("http://"))
                && !p.contains(char::is_whitespace);
            Paragraph {
                lines: p.lines().map(str::to_owned).collect(),
                link: is_link.then(|| p.to_owned()),
            }
        })
        .collect();
    let ctx = minijinja::value::Serde(serde_json::json!({
        "lang": lang, "subject": subject, "paragraphs": paragraphs,
    }));
    env().get_template("layout.html")?.render(ctx)
}

/// Renders template `name` in `lang` (or English) with `vars`.
pub fn render(name: &str, lang: &str, vars: &impl Serialize) -> Result<Rendered, MessagingError> {
    let fail = |e: minijinja::Error| MessagingError::Template {
        name: name.to_owned(),
        message: e.to_string(),
    };
    let lang = language(lang);
    let full = env()
        .get_template(&format!("{name}.{lang}.txt"))
        .map_err(fail)?
        .render(minijinja::value::Serde(vars))
        .map_err(fail)?;
    let (first, body) = full.split_once('\n').unwrap_or((full.as_str(), ""));
    let subject = first
        .strip_prefix("Subject:")
        .unwrap_or(first)
        .trim()
        .replace(['\r', '\n'], " ");
    let text = body.trim().to_owned() + "\n";
    let html = html_of(&subject, &text, lang).map_err(fail)?;
    Ok(Rendered {
        subject,
        text,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_in_every_language() {
        let vars = minijinja::context! {
            number => "INV-1", store_name => "Shop <&>", buyer_name => "Anne", total => "10,00 €",
            issue_date => "2026-12-06", link => "https://x.example/a?token=t", minutes => 60,
            email => "a@b.example", role => "staff", expires => "2026-12-09",
        };
        for name in NAMES {
            for lang in LANGUAGES {
                let r = render(name, lang, &vars).unwrap();
                assert!(!r.subject.is_empty() && !r.subject.starts_with("Subject"));
                assert!(!r.text.is_empty());
                assert!(r.html.contains(&format!("lang=\"{lang}\"")));
            }
        }
        let r = render("invoice", "fr-LU", &vars).unwrap();
        assert_eq!(r.subject, "Facture INV-1 de Shop <&>");
        assert!(r.html.contains("Shop &lt;&amp;&gt;"));
        let r = render("password_reset", "xx", &vars).unwrap();
        assert!(r.html.contains("<a href=") && r.text.contains("?token=t"));
    }
}
