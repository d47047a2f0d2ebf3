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
pub const NAMES: [&str; 8] = [
    "invoice",
    "credit_note",
    "password_reset",
    "invitation",
    "alert_new_orders",
    "alert_sync_failed",
    "alert_low_stock",
    "alert_plan_limit",
];

macro_rules! sources {
    ($($name:literal),*) => {
        &[$(
            (concat!($name, ".en.txt"), include_str!(concat!("../templates/mail/", $name, ".en.txt"))),
            (concat!($name, ".fr.txt"), include_str!(concat!("../templates/mail/", $name, ".fr.txt"))),
            (concat!($name, ".de.txt"), include_str!(concat!("../templates/mail/", $name, ".de.txt"))),
        )*]
    };
}

const SOURCES: &[(&str, &str)] = sources!(
    "invoice",
    "credit_note",
    "password_reset",
    "invitation",
    "alert_new_orders",
    "alert_sync_failed",
    "alert_low_stock",
    "alert_plan_limit"
);

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

/// The templates a store may override: those it sends (a password reset is platform mail).
pub const STORE_TEMPLATES: [&str; 3] = ["invoice", "credit_note", "invitation"];

/// Every template's variables: `(template, [(name, description key)])`; the description is a
/// Fluent key of `messaging.ftl`. The one list the docs, the API and the page show.
pub const VARIABLES: &[(&str, &[(&str, &str)])] = &[
    (
        "invoice",
        &[
            ("number", "messaging-var-invoice-number"),
            ("store_name", "messaging-var-store-name"),
            ("buyer_name", "messaging-var-buyer-name"),
            ("total", "messaging-var-total"),
            ("issue_date", "messaging-var-issue-date"),
        ],
    ),
    (
        "credit_note",
        &[
            ("number", "messaging-var-credit-note-number"),
            ("store_name", "messaging-var-store-name"),
            ("buyer_name", "messaging-var-buyer-name"),
            ("total", "messaging-var-total"),
            ("issue_date", "messaging-var-issue-date"),
        ],
    ),
    (
        "password_reset",
        &[
            ("link", "messaging-var-reset-link"),
            ("minutes", "messaging-var-minutes"),
            ("email", "messaging-var-email"),
        ],
    ),
    (
        "invitation",
        &[
            ("store_name", "messaging-var-store-name"),
            ("role", "messaging-var-role"),
            ("link", "messaging-var-invitation-link"),
            ("expires", "messaging-var-expires"),
        ],
    ),
];

/// The variables of template `name` (empty for an unknown one).
pub fn variables(name: &str) -> &'static [(&'static str, &'static str)] {
    VARIABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap_or(&[])
}

/// Sample values of template `name`'s variables (those [`VARIABLES`] documents) in `lang`, as the sending module formats
/// them (previews and the check of a store's template).
pub fn sample_vars(name: &str, lang: &str) -> serde_json::Value {
    let lang = language(lang);
    let total = match lang {
        "fr" | "de" => "1\u{a0}234,50\u{a0}€",
        _ => "€1,234.50",
    };
    let date = match lang {
        "fr" => "06/12/2026",
        "de" => "06.12.2026",
        _ => "6 Dec 2026",
    };
    let role = match lang {
        "fr" => "Personnel",
        "de" => "Mitarbeiter",
        _ => "Staff",
    };
    let number = if name == "credit_note" {
        "CN-2026-00007"
    } else {
        "INV-2026-00042"
    };
    let all = serde_json::json!({
        "number": number,
        "store_name": "Boutique Lumière",
        "buyer_name": "Anne Muller",
        "total": total,
        "issue_date": date,
        "link": if name == "invitation" { "https://orion.example/invitations/inv_sample" } else { "https://orion.example/password-reset?token=rst_sample" },
        "minutes": 60,
        "email": "anne.muller@example.com",
        "role": role,
        "expires": "2026-12-09 14:00 UTC",
    });
    // Only the template's own variables: a store's template may use no other.
    variables(name)
        .iter()
        .map(|(v, _)| ((*v).to_owned(), all[*v].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The shipped subject and body sources of template `name` in `lang` (`None`: no such
/// template).
pub fn shipped(name: &str, lang: &str) -> Option<(String, String)> {
    let file = format!("{name}.{}.txt", language(lang));
    let src = SOURCES.iter().find(|(n, _)| *n == file)?.1;
    let (first, body) = src.split_once('\n').unwrap_or((src, ""));
    let subject = first.strip_prefix("Subject:").unwrap_or(first).trim();
    Some((subject.to_owned(), body.trim().to_owned()))
}

/// The instructions a store's template may run per rendering (the shipped ones need a few
/// hundred).
pub const TEMPLATE_FUEL: u64 = 100_000;

/// Longest subject and body source a store may save.
pub const MAX_SUBJECT_CHARS: usize = 500;
pub const MAX_BODY_CHARS: usize = 20_000;

/// Renders a store's subject and body sources with `vars`. Strict: an undefined variable is
/// an error. An error names its field (`subject` or `body`) with MiniJinja's message (and
/// line).
pub fn render_override(
    subject: &str,
    body: &str,
    lang: &str,
    vars: &impl Serialize,
) -> Result<Rendered, orion_kernel::Invalid> {
    use orion_kernel::{FieldError, Invalid};
    let lang = language(lang);
    let mut errors = Vec::new();
    if subject.trim().is_empty() {
        errors.push(FieldError::new("subject", "is required"));
    } else if subject.chars().count() > MAX_SUBJECT_CHARS {
        errors.push(FieldError::new(
            "subject",
            format!("must be at most {MAX_SUBJECT_CHARS} characters"),
        ));
    }
    if body.trim().is_empty() {
        errors.push(FieldError::new("body", "is required"));
    } else if body.chars().count() > MAX_BODY_CHARS {
        errors.push(FieldError::new(
            "body",
            format!("must be at most {MAX_BODY_CHARS} characters"),
        ));
    }
    Invalid::check(errors)?;
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_recursion_limit(20);
    // A store's template is bounded: a loop over loops runs out of fuel, not the server.
    env.set_fuel(Some(TEMPLATE_FUEL));
    let ctx: minijinja::Value = minijinja::value::Serde(vars).into();
    let mut errors = Vec::new();
    let mut one = |field: &'static str, r: Result<String, minijinja::Error>| match r {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(FieldError::new(field, template_error(&e)));
            None
        }
    };
    let subject = one("subject", render_one(&env, "subject", subject, &ctx));
    let text = one("body", render_one(&env, "body", body, &ctx));
    Invalid::check(errors)?;
    let subject = subject
        .unwrap_or_default()
        .trim()
        .replace(['\r', '\n'], " ");
    let text = text.unwrap_or_default().trim().to_owned() + "\n";
    if subject.is_empty() {
        return Err(Invalid::field("subject", "is empty once rendered"));
    }
    let html =
        html_of(&subject, &text, lang).map_err(|e| Invalid::field("body", template_error(&e)))?;
    Ok(Rendered {
        subject,
        text,
        html,
    })
}

fn render_one<'s>(
    env: &Environment<'s>,
    name: &'s str,
    src: &'s str,
    ctx: &minijinja::Value,
) -> Result<String, minijinja::Error> {
    env.template_from_named_str(name, src)?.render(ctx.clone())
}

/// MiniJinja's message of `e`, with the line it names.
fn template_error(e: &minijinja::Error) -> String {
    let mut msg = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    if let Some(line) = e.line() {
        msg.push_str(&format!(" (line {line})"));
    }
    format!("is not a valid template: {msg}")
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
