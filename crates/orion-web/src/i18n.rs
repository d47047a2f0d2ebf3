//! The back office in English, French and German. Every user-visible text lives in the Fluent
//! catalogues under `crates/orion-web/locales/<lang>/<module>.ftl`, compiled into the binary;
//! templates write `{{ t("orders-title") }}` (with arguments: `{{ t("x", count=n) }}`) and Rust
//! code `i18n::t(lang, "key")` / `i18n::tr(lang, "key", &[("count", n.into())])`. Keys are
//! kebab-case and start with their module (`orders-`, `catalog-`, …) or `common-`.
//!
//! The language of a request ([`lang_of`]): the user's own setting, else the `orion_lang`
//! cookie (the switcher on the login page), else `Accept-Language`, else English. Money, numbers,
//! dates and times are written for the language (`orion_kernel::locale`) and in the store's time
//! zone; templates use the filters `money`, `amount`, `num`, `date` and `datetime`.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use orion_kernel::Lang;
use orion_kernel::locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the texts go into HTML and CSV.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

tokio::task_local! {
    /// The language of the request being answered (see [`middleware`]).
    static CURRENT: std::cell::Cell<Lang>;
}

/// The language of the request being answered: set from the `orion_lang` cookie and
/// `Accept-Language` by [`middleware`], refined with the user's own setting when the session
/// is resolved. English outside a request.
pub fn current() -> Lang {
    CURRENT.try_with(|c| c.get()).unwrap_or_default()
}

/// Sets the language of the request being answered (the signed-in user's choice).
pub fn set_current(lang: Lang) {
    let _ = CURRENT.try_with(|c| c.set(lang));
}

/// Answers every request in its language: error pages, problem documents and pages all read
/// [`current`].
pub async fn middleware(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let lang = lang_of(req.headers(), None);
    CURRENT
        .scope(std::cell::Cell::new(lang), next.run(req))
        .await
}

/// The cookie that remembers a visitor's language choice before they log in.
pub const LANG_COOKIE: &str = "orion_lang";

fn id(lang: Lang) -> LanguageIdentifier {
    lang.as_str().parse().unwrap_or_default()
}

/// The text `key` in `lang` (English when `lang` lacks it; the key itself when no catalogue
/// has it, which the catalogue tests forbid).
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES
        .try_lookup(&id(lang), key)
        .unwrap_or_else(|| key.to_owned())
}

/// [`t`] with arguments (`{ $count }` in the catalogue).
pub fn tr(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(&id(lang), key, &map)
        .unwrap_or_else(|| key.to_owned())
}

/// Whether the catalogue of `lang` itself (no fallback) has `key` (a message whose
/// placeholders lack their values still counts).
pub fn has(lang: Lang, key: &str) -> bool {
    match LOCALES.lookup_single_language(
        &id(lang),
        key,
        None::<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) {
        Ok(_) => true,
        // fluent-templates does not export its error type: a formatting error (missing
        // arguments) means the message exists.
        Err(e) => format!("{e:?}").starts_with("FluentError"),
    }
}

/// The language a request should be answered in: `user`'s setting, else the `orion_lang`
/// cookie, else `Accept-Language`, else English.
pub fn lang_of(headers: &HeaderMap, user: Option<&str>) -> Lang {
    user.and_then(Lang::parse)
        .or_else(|| crate::auth::cookie_in(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .unwrap_or_default()
}

fn lang_in(state: &minijinja::State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or_else(current)
}

fn tz_in(state: &minijinja::State) -> chrono_tz::Tz {
    locale::time_zone(
        state
            .lookup("tz")
            .as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or(locale::DEFAULT_TIME_ZONE),
    )
}

fn fluent_value(v: &minijinja::Value) -> FluentValue<'static> {
    if let Some(s) = v.as_str() {
        return FluentValue::from(s.to_owned());
    }
    match i64::try_from(v.clone()) {
        Ok(n) => FluentValue::from(n),
        Err(_) => match f64::try_from(v.clone()) {
            Ok(f) => FluentValue::from(f),
            Err(_) => FluentValue::from(v.to_string()),
        },
    }
}

/// Adds the translation function and the locale filters to a template environment.
pub fn install(env: &mut minijinja::Environment<'static>) {
    env.add_function(
        "t",
        |state: &minijinja::State,
         key: &str,
         kwargs: minijinja::value::Kwargs|
         -> Result<String, minijinja::Error> {
            let lang = lang_in(state);
            let args: Vec<(String, FluentValue<'static>)> = kwargs
                .args()
                .map(|k| {
                    let v: minijinja::Value = kwargs.get(k)?;
                    Ok((k.to_owned(), fluent_value(&v)))
                })
                .collect::<Result<_, minijinja::Error>>()?;
            let args: Vec<(&str, FluentValue<'static>)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            Ok(if args.is_empty() {
                t(lang, key)
            } else {
                tr(lang, key, &args)
            })
        },
    );
    env.add_filter("money", |state: &minijinja::State, cents: i64| {
        locale::money(cents, lang_in(state))
    });
    env.add_filter("amount", |state: &minijinja::State, cents: i64| {
        locale::amount_input(cents, lang_in(state))
    });
    env.add_filter("num", |state: &minijinja::State, n: i64| {
        locale::number(n, lang_in(state))
    });
    env.add_filter("date", |state: &minijinja::State, v: String| {
        let lang = lang_in(state);
        if let Ok(d) = v.parse::<chrono::NaiveDate>() {
            return locale::date(d, lang);
        }
        match v.parse::<chrono::DateTime<chrono::Utc>>() {
            Ok(at) => locale::local_date(at, tz_in(state), lang),
            Err(_) => v,
        }
    });
    env.add_filter("datetime", |state: &minijinja::State, v: String| match v
        .parse::<chrono::DateTime<chrono::Utc>>()
    {
        Ok(at) => locale::datetime(at, tz_in(state), lang_in(state)),
        Err(_) => v,
    });
}

/// An amount of money typed on a page in the request's language (`12,50`, `1.234,50`,
/// `1,234.50`), in the canonical form services take (`1234.50`); a clear, translated field
/// error otherwise. Empty input stays empty.
pub fn amount_field(field: &str, raw: &str) -> Result<String, orion_kernel::FieldError> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    let lang = current();
    locale::parse_amount(raw, lang)
        .map(|m| m.to_string())
        .map_err(|e| orion_kernel::FieldError::new(field, input_message(lang, &e)))
}

/// A whole quantity typed on a page in the request's language (`1 234`, `1.234`, `1,234`).
pub fn quantity_field(field: &str, raw: &str) -> Result<i64, orion_kernel::FieldError> {
    let lang = current();
    locale::parse_quantity(raw, lang)
        .map_err(|e| orion_kernel::FieldError::new(field, input_message(lang, &e)))
}

/// The translated message of a number-input error.
pub fn input_message(lang: Lang, e: &locale::NumberInputError) -> String {
    match e {
        locale::NumberInputError::NotANumber { example } => {
            tr(lang, e.key(), &[("example", (*example).into())])
        }
        locale::NumberInputError::Ambiguous { grouped } => {
            tr(lang, e.key(), &[("grouped", grouped.clone().into())])
        }
        _ => t(lang, e.key()),
    }
}

/// One English sentence of the error catalogue (`errors.ftl`) as a pattern: literal text and
/// the placeholders between it.
struct Pattern {
    key: String,
    parts: Vec<Part>,
    literal_len: usize,
}

enum Part {
    Lit(String),
    Var(String),
}

impl Pattern {
    fn parse(key: &str, text: &str) -> Pattern {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(i) = rest.find("{ $") {
            if i > 0 {
                parts.push(Part::Lit(rest[..i].to_owned()));
            }
            let after = &rest[i + 3..];
            let end = after.find('}').unwrap_or(after.len());
            parts.push(Part::Var(after[..end].trim().to_owned()));
            rest = &after[(end + 1).min(after.len())..];
        }
        if !rest.is_empty() {
            parts.push(Part::Lit(rest.to_owned()));
        }
        let literal_len = parts
            .iter()
            .map(|p| match p {
                Part::Lit(l) => l.len(),
                Part::Var(_) => 0,
            })
            .sum();
        Pattern {
            key: key.to_owned(),
            parts,
            literal_len,
        }
    }

    /// The placeholders' values when `s` is this sentence.
    fn matches(&self, s: &str) -> Option<Vec<(String, String)>> {
        let mut args = Vec::new();
        let mut rest = s;
        let mut pending: Option<&str> = None;
        for p in &self.parts {
            match p {
                Part::Lit(l) => match pending.take() {
                    None => rest = rest.strip_prefix(l.as_str())?,
                    Some(var) => {
                        let at = rest.find(l.as_str())?;
                        if at == 0 {
                            return None;
                        }
                        args.push((var.to_owned(), rest[..at].to_owned()));
                        rest = &rest[at + l.len()..];
                    }
                },
                Part::Var(v) => {
                    if pending.is_some() {
                        return None; // two placeholders in a row cannot be told apart
                    }
                    pending = Some(v);
                }
            }
        }
        match pending {
            Some(var) if !rest.is_empty() => args.push((var.to_owned(), rest.to_owned())),
            Some(_) => return None,
            None if !rest.is_empty() => return None,
            None => {}
        }
        Some(args)
    }
}

static PATTERNS: std::sync::LazyLock<Vec<Pattern>> = std::sync::LazyLock::new(|| {
    let mut out: Vec<Pattern> = include_str!("../locales/en/errors.ftl")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| Pattern::parse(k.trim(), v.trim()))
        .filter(|p| p.literal_len > 0)
        .collect();
    // The most specific sentence first.
    out.sort_by_key(|p| std::cmp::Reverse(p.literal_len));
    out
});

/// An English error sentence (a problem's detail, a field's message, a page's error) in
/// `lang`: the sentence is matched against the English error catalogue (`errors.ftl`), its
/// placeholders' values are translated the same way when they are sentences or words of the
/// catalogue themselves (a status, an entity), and the message of `lang` is rendered. A
/// sentence the catalogue does not know stays English.
pub fn localize_sentence(lang: Lang, english: &str) -> String {
    localize_depth(lang, english, 0)
}

fn localize_depth(lang: Lang, english: &str, depth: u8) -> String {
    if lang == Lang::En || depth > 3 {
        return english.to_owned();
    }
    for p in PATTERNS.iter() {
        if let Some(args) = p.matches(english) {
            let args: Vec<(String, FluentValue<'static>)> = args
                .into_iter()
                .map(|(k, v)| match v.parse::<i64>() {
                    // Numbers stay numbers, so messages can choose their plural form.
                    Ok(n) => (k, FluentValue::from(n)),
                    Err(_) => (k, FluentValue::from(localize_depth(lang, &v, depth + 1))),
                })
                .collect();
            let args: Vec<(&str, FluentValue<'static>)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            return tr(lang, &p.key, &args);
        }
    }
    english.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_each_language_and_falls_back() {
        assert_eq!(t(Lang::En, "common-save"), "Save");
        assert_eq!(t(Lang::Fr, "common-save"), "Enregistrer");
        assert_eq!(t(Lang::De, "common-save"), "Speichern");
        assert_eq!(t(Lang::Fr, "no-such-key"), "no-such-key");
    }

    #[test]
    fn language_of_a_request() {
        let mut h = HeaderMap::new();
        assert_eq!(lang_of(&h, None), Lang::En);
        h.insert(ACCEPT_LANGUAGE, "de-LU,de;q=0.9".parse().unwrap());
        assert_eq!(lang_of(&h, None), Lang::De);
        h.insert(axum::http::header::COOKIE, "orion_lang=fr".parse().unwrap());
        assert_eq!(lang_of(&h, None), Lang::Fr);
        assert_eq!(lang_of(&h, Some("en")), Lang::En);
    }

    #[test]
    fn templates_translate_and_format() {
        let mut env = minijinja::Environment::new();
        install(&mut env);
        let out = env
            .render_str(
                "{{ t('common-save') }} {{ 123456 | money }} {{ '2026-03-05T13:05:00Z' | datetime }}",
                minijinja::context! { lang => "fr", tz => "Europe/Luxembourg" },
            )
            .unwrap();
        assert_eq!(out, "Enregistrer 1\u{a0}234,56\u{a0}€ 05/03/2026 14:05");
    }

    #[test]
    fn error_sentences_follow_the_language() {
        assert_eq!(
            localize_sentence(Lang::Fr, "must be at most 64 characters"),
            "doit comporter au plus 64 caractères"
        );
        assert_eq!(
            localize_sentence(Lang::De, "Order not found"),
            "Bestellung nicht gefunden"
        );
        assert_eq!(
            localize_sentence(
                Lang::Fr,
                "Items can be confirmed or declined while the order is pending; it is partially shipped"
            ),
            "Les articles se confirment ou se refusent tant que la commande est en attente ; \
             elle est partiellement expédiée"
        );
        // Plural forms follow the number.
        assert_eq!(
            localize_sentence(
                Lang::De,
                "The role is held by 1 member(s); give them another role first"
            ),
            "Die Rolle hat 1 Mitglied; geben Sie ihm zuerst eine andere Rolle"
        );
        assert!(
            localize_sentence(
                Lang::De,
                "The role is held by 3 member(s); give them another role first"
            )
            .starts_with("Die Rolle haben 3 Mitglieder")
        );
        // The longest matching sentence wins.
        assert_eq!(
            localize_sentence(
                Lang::Fr,
                "Your Essential plan allows 100 products (used: 100). Upgrade to Professional to lift it."
            ),
            "Votre formule Essential permet 100 produits (utilisé : 100). \
             Passez à Professional pour lever cette limite."
        );
        // English stays English; unknown sentences too.
        assert_eq!(localize_sentence(Lang::En, "is required"), "is required");
        assert_eq!(
            localize_sentence(Lang::Fr, "something new"),
            "something new"
        );
    }

    #[test]
    fn every_error_sentence_has_a_translation() {
        let missing: Vec<String> = PATTERNS
            .iter()
            .flat_map(|p| [Lang::Fr, Lang::De].map(|l| (l, &p.key)))
            .filter(|(l, k)| !has(*l, k))
            .map(|(l, k)| format!("{l}:{k}"))
            .collect();
        assert!(missing.is_empty(), "no translation: {missing:?}");
        assert!(PATTERNS.len() > 150);
    }
}
