//! The catalogues are complete and the pages say nothing outside them.
//!
//! - Every message of the English catalogue exists in French and German, and the other way
//!   round (`crates/orion-web/locales/<lang>/*.ftl`), and every message parses.
//! - Every key a template (`t("key")`) or Rust code (`i18n::t(lang, "key")`, `tr(…)`) uses
//!   exists; keys built at run time (`t("orders-status-" ~ s)`) must exist for every value of
//!   the enumeration they are built from (tested with the enumeration in the module's tests).
//! - No template holds user-visible text outside `t(…)`: after removing template tags,
//!   expressions, comments, `<script>`/`<style>`, HTML tags and entities, nothing with two
//!   letters in a row is left but the names on the allow-list (brands and codes that read the
//!   same in every language); `placeholder`, `title`, `aria-label` and `alt` attributes are
//!   checked the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `key → value` of every message of one language (multi-line values joined).
fn catalogue(lang: &str) -> BTreeMap<String, String> {
    let dir = repo().join("crates/orion-web/locales").join(lang);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("locales dir") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                current = None;
                continue;
            }
            if line.starts_with(' ') || line.starts_with('\t') {
                let key = current
                    .clone()
                    .unwrap_or_else(|| panic!("{path:?}: continuation without a message: {line}"));
                let v = out.get_mut(&key).unwrap();
                *v = format!("{v}\n{}", line.trim());
                continue;
            }
            let (key, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{path:?}: not a message: {line}"));
            let key = key.trim().to_owned();
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{path:?}: key {key:?} is not kebab-case"
            );
            assert!(
                out.insert(key.clone(), value.trim().to_owned()).is_none(),
                "{lang}: {key} defined twice"
            );
            current = Some(key);
        }
    }
    out
}

#[test]
fn every_message_exists_in_every_language() {
    let en = catalogue("en");
    assert!(en.len() > 100, "the English catalogue is nearly empty");
    for lang in ["fr", "de"] {
        let other = catalogue(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        for (k, v) in &other {
            assert!(!v.is_empty(), "{lang}: {k} is empty");
            // The same placeholders in every language.
            let vars = |s: &str| -> BTreeSet<String> {
                s.split("{ $")
                    .skip(1)
                    .filter_map(|p| p.split([' ', '}']).next().map(str::to_owned))
                    .collect()
            };
            assert_eq!(
                vars(v),
                vars(&en[k]),
                "{lang}: {k} has other placeholders than English"
            );
        }
    }
    // Each message resolves in each language through the loader the app uses.
    for lang in orion_kernel::Lang::ALL {
        for k in en.keys() {
            assert!(
                orion_web::i18n::has(lang, k),
                "{lang}: {k} does not resolve"
            );
        }
    }
}

/// Keys named literally in templates and Rust sources.
fn used_keys() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let template_key = regex_lite("t(\"", "t('");
    for (name, src) in orion_app::serve::template_sources() {
        for k in template_key(src) {
            out.insert(k, format!("template {name}"));
        }
    }
    let mut stack = vec![repo().join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("target") {
                    stack.push(p);
                }
            } else if p.extension().and_then(|e| e.to_str()) == Some("rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for k in rust_keys(&src) {
                    out.insert(k, format!("{}", p.display()));
                }
            }
        }
    }
    out
}

/// The literal first arguments of `t(` in a template (`t("a-b")`, `t('a-b', n=1)`); keys
/// ending in `-` are built at run time and left to the modules' enumeration tests.
fn regex_lite(open1: &'static str, open2: &'static str) -> impl Fn(&str) -> Vec<String> {
    move |src: &str| {
        let mut keys = Vec::new();
        for open in [open1, open2] {
            let quote = open.chars().last().unwrap();
            let mut rest = src;
            while let Some(i) = rest.find(open) {
                let before = rest[..i].chars().last();
                rest = &rest[i + open.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                if let Some(end) = rest.find(quote) {
                    let k = &rest[..end];
                    if !k.ends_with('-') && !k.is_empty() {
                        keys.push(k.to_owned());
                    }
                }
            }
        }
        keys
    }
}

/// Keys in Rust sources: the literal argument after `i18n::t(<lang>, "` or
/// `i18n::tr(<lang>, "`.
fn rust_keys(src: &str) -> Vec<String> {
    // Comments may show calls as examples.
    let code: String = src
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut keys = Vec::new();
    for open in ["i18n::t(", "i18n::tr("] {
        let mut rest = code.as_str();
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            let call = &rest[..rest.len().min(200)];
            if let Some(q) = call.find('"') {
                let after = &call[q + 1..];
                if let Some(end) = after.find('"') {
                    let k = &after[..end];
                    if !k.ends_with('-')
                        && k.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !k.is_empty()
                    {
                        keys.push(k.to_owned());
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_used_exists() {
    let en = catalogue("en");
    let missing: Vec<_> = used_keys()
        .into_iter()
        .filter(|(k, _)| !en.contains_key(k))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogue: {missing:#?}"
    );
}

/// Words that read the same in English, French and German (names, codes, units).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "Orion", "Letzshop", "GTIN", "SKU", "EAN", "ISBN", "MPN", "CSV", "PDF", "IBAN", "BIC", "RCS",
    "OSS", "EUR", "UTC", "API", "URL", "PNG", "ID", "OK", "Excel", "EU", "LU",
];

fn strip(src: &str) -> String {
    let mut s = src.to_owned();
    for (open, close) in [
        ("{#", "#}"),
        ("{%", "%}"),
        ("{{", "}}"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<!--", "-->"),
    ] {
        while let Some(i) = s.find(open) {
            let end = s[i..]
                .find(close)
                .map(|j| i + j + close.len())
                .unwrap_or(s.len());
            s.replace_range(i..end, " ");
        }
    }
    s
}

/// The text a person would read in a template: text nodes and the attributes that are read.
fn visible_text(src: &str) -> Vec<String> {
    let s = strip(src);
    let mut out = Vec::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find('<') {
        out.push(rest[..i].to_owned());
        let end = rest[i..].find('>').map(|j| i + j + 1).unwrap_or(rest.len());
        let tag = &rest[i..end];
        for attr in [
            "placeholder=\"",
            "title=\"",
            "aria-label=\"",
            "alt=\"",
            "data-confirm=\"",
        ] {
            if let Some(a) = tag.find(attr) {
                let v = &tag[a + attr.len()..];
                out.push(v[..v.find('"').unwrap_or(v.len())].to_owned());
            }
        }
        rest = &rest[end..];
    }
    out.push(rest.to_owned());
    out.into_iter()
        .map(|t| {
            t.replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replace("&middot;", "·")
        })
        .filter(|t| {
            t.split(|c: char| !c.is_alphabetic())
                .any(|w| w.chars().count() >= 2 && !SAME_IN_EVERY_LANGUAGE.contains(&w))
        })
        .map(|t| t.trim().to_owned())
        .collect()
}

#[test]
fn templates_hold_no_text_outside_the_catalogue() {
    let mut found = Vec::new();
    for (name, src) in orion_app::serve::template_sources() {
        for text in visible_text(src) {
            found.push(format!("{name}: {text:?}"));
        }
    }
    assert!(found.is_empty(), "text outside t(…): {found:#?}");
}

#[test]
fn the_detector_finds_text() {
    assert_eq!(
        visible_text("<p>Hello {{ t('x') }}</p>"),
        vec!["Hello".to_owned()]
    );
    assert_eq!(
        visible_text("<input placeholder=\"Search\">"),
        vec!["Search".to_owned()]
    );
    assert!(visible_text("<p>{{ t('x') }} · SKU <b>{{ n }}</b> €</p>").is_empty());
    assert!(visible_text("{% if a %}<a href=\"/x\">{{ t('y') }}</a>{% endif %}").is_empty());
}

/// A request with `Accept-Language`; the parsed problem document.
async fn problem(
    app: &orion_testkit::TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    lang: &str,
    body: serde_json::Value,
) -> (u16, String, serde_json::Value) {
    let mut req = app.client.request(method, app.url(path)).bearer_auth(token);
    if !lang.is_empty() {
        req = req.header("accept-language", lang);
    }
    if !body.is_null() {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let st = res.status().as_u16();
    let ct = orion_testkit::content_type(&res);
    (st, ct, res.json().await.unwrap())
}

orion_testkit::dual_test!(
    problem_documents_follow_accept_language,
    |app: orion_testkit::TestApp| async move {
        use reqwest::Method;
        use serde_json::json;
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "LANG-LU").await;
        let t = a.token.as_str();
        let bad = json!({"sku": "", "translations": {"en": {"title": "X"}}, "price": "1,2,3", "vat_rate_class": "standard", "product_type": "physical"});

        let (st, ct, en) = problem(
            &app,
            Method::POST,
            "/api/v1/store/products",
            t,
            "en",
            bad.clone(),
        )
        .await;
        assert_eq!((st, ct.as_str()), (422, "application/problem+json"));
        assert_eq!(en["title"], "Invalid input");
        let (_, _, fr) = problem(
            &app,
            Method::POST,
            "/api/v1/store/products",
            t,
            "fr-LU,fr;q=0.9",
            bad.clone(),
        )
        .await;
        let (_, _, de) = problem(
            &app,
            Method::POST,
            "/api/v1/store/products",
            t,
            "de-DE",
            bad,
        )
        .await;
        assert_eq!(fr["title"], "Saisie invalide");
        assert_eq!(de["title"], "Ungültige Eingabe");
        // The type, status and fields never change; the messages do.
        for doc in [&fr, &de] {
            assert_eq!(doc["type"], en["type"]);
            assert_eq!(doc["status"], 422);
            assert_eq!(doc["errors"][0]["field"], en["errors"][0]["field"]);
        }
        let sku = |doc: &serde_json::Value| {
            doc["errors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["field"] == "sku")
                .map(|e| e["message"].as_str().unwrap().to_owned())
                .unwrap()
        };
        assert_eq!(sku(&en), "is required");
        assert_eq!(sku(&fr), "est obligatoire");
        assert_eq!(sku(&de), "ist erforderlich");

        // A refusal's detail, with the entity translated inside it.
        let (st, _, fr) = problem(
            &app,
            Method::GET,
            "/api/v1/store/customers/999999",
            t,
            "fr",
            json!(null),
        )
        .await;
        assert_eq!(st, 404);
        assert_eq!(
            (fr["title"].as_str(), fr["detail"].as_str()),
            (Some("Introuvable"), Some("Client introuvable"))
        );
        let (_, _, de) = problem(
            &app,
            Method::GET,
            "/api/v1/store/customers/999999",
            t,
            "de",
            json!(null),
        )
        .await;
        assert_eq!(de["detail"], "Kunde nicht gefunden");
        // No Accept-Language: English.
        let (_, _, none) = problem(
            &app,
            Method::GET,
            "/api/v1/store/customers/999999",
            t,
            "",
            json!(null),
        )
        .await;
        assert_eq!(none["detail"], "Customer not found");
    }
);
