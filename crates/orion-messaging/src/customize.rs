//! What a store makes its own of its e-mails: the sender name and `Reply-To`
//! ([`EmailSettingsIn`], table `store_email_settings`), and its own subject and body of a
//! template in a language (table `email_template_overrides`), checked on save by rendering
//! them with the template's sample variables ([`templates::sample_vars`]) in MiniJinja's
//! strict mode. [`crate::enqueue`] applies both to every message of the store.

use chrono::Utc;
use orion_kernel::{FieldError, Invalid, NotFound, StoreId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use crate::entity::{email_settings, template_override};
use crate::error::MessagingError;
use crate::outbox::address;
use crate::templates::{self, Rendered};

/// Longest sender name.
pub const MAX_SENDER_NAME_CHARS: usize = 200;

/// The store's e-mail settings as sent (`PUT /api/v1/store/settings/email`); an empty or
/// missing value clears the setting.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSettingsIn {
    /// The display name of the store's e-mails; empty: the store's name.
    pub sender_name: Option<String>,
    /// Where buyers' answers go (`Reply-To`); empty: none.
    pub reply_to: Option<String>,
}

/// A store's e-mail settings (both `None` until saved).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EmailSettings {
    pub sender_name: Option<String>,
    pub reply_to: Option<String>,
}

fn clean(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The store's e-mail settings.
pub async fn settings(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<EmailSettings, MessagingError> {
    Ok(email_settings::Entity::find_by_id(store.0)
        .one(conn)
        .await?
        .map(|m| EmailSettings {
            sender_name: m.sender_name,
            reply_to: m.reply_to,
        })
        .unwrap_or_default())
}

/// Checks and saves the store's e-mail settings; every invalid field is named.
pub async fn save_settings(
    conn: &impl ConnectionTrait,
    store: StoreId,
    input: &EmailSettingsIn,
) -> Result<EmailSettings, MessagingError> {
    let mut errors = Vec::new();
    let sender_name = clean(input.sender_name.as_deref());
    if let Some(n) = &sender_name {
        if n.chars().count() > MAX_SENDER_NAME_CHARS {
            errors.push(FieldError::new(
                "sender_name",
                format!("must be at most {MAX_SENDER_NAME_CHARS} characters"),
            ));
        } else if n.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "sender_name",
                "must not contain control characters",
            ));
        }
    }
    let reply_to = match clean(input.reply_to.as_deref()) {
        Some(r) => match address("reply_to", &r) {
            Ok(a) => Some(a),
            Err(e) => {
                errors.extend(e.0);
                None
            }
        },
        None => None,
    };
    Invalid::check(errors)?;
    let now = Utc::now();
    match email_settings::Entity::find_by_id(store.0)
        .one(conn)
        .await?
    {
        Some(m) => {
            let mut a = m.into_active_model();
            a.sender_name = Set(sender_name.clone());
            a.reply_to = Set(reply_to.clone());
            a.updated_at = Set(now);
            a.update(conn).await?;
        }
        None => {
            email_settings::ActiveModel {
                store_id: Set(store.0),
                sender_name: Set(sender_name.clone()),
                reply_to: Set(reply_to.clone()),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(EmailSettings {
        sender_name,
        reply_to,
    })
}

/// `template` and `lang` when a store may override them, else 404.
pub fn known(template: &str, lang: &str) -> Result<(&'static str, &'static str), NotFound> {
    let t = templates::STORE_TEMPLATES
        .iter()
        .find(|t| **t == template)
        .ok_or(NotFound("E-mail template"))?;
    let l = templates::LANGUAGES
        .iter()
        .find(|l| **l == lang)
        .ok_or(NotFound("E-mail template"))?;
    Ok((t, l))
}

/// A template in a language as the store has it: its own text or the shipped one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreTemplate {
    pub template: &'static str,
    pub lang: &'static str,
    pub overridden: bool,
    pub subject: String,
    pub body: String,
}

/// The store's override of `template` in `lang`, if any.
pub async fn find_override(
    conn: &impl ConnectionTrait,
    store: StoreId,
    template: &str,
    lang: &str,
) -> Result<Option<template_override::Model>, MessagingError> {
    Ok(template_override::Entity::find()
        .filter(template_override::Column::StoreId.eq(store.0))
        .filter(template_override::Column::Template.eq(template))
        .filter(template_override::Column::Lang.eq(lang))
        .one(conn)
        .await?)
}

/// Every template the store may override, in every language, with its text.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<StoreTemplate>, MessagingError> {
    let own = template_override::Entity::find()
        .filter(template_override::Column::StoreId.eq(store.0))
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for template in templates::STORE_TEMPLATES {
        for lang in templates::LANGUAGES {
            let o = own
                .iter()
                .find(|o| o.template == template && o.lang == lang);
            out.push(of(template, lang, o));
        }
    }
    Ok(out)
}

fn of(
    template: &'static str,
    lang: &'static str,
    o: Option<&template_override::Model>,
) -> StoreTemplate {
    match o {
        Some(o) => StoreTemplate {
            template,
            lang,
            overridden: true,
            subject: o.subject.clone(),
            body: o.body.clone(),
        },
        None => {
            let (subject, body) = templates::shipped(template, lang).unwrap_or_default();
            StoreTemplate {
                template,
                lang,
                overridden: false,
                subject,
                body,
            }
        }
    }
}

/// The store's `template` in `lang` (404 for an unknown one).
pub async fn get(
    conn: &impl ConnectionTrait,
    store: StoreId,
    template: &str,
    lang: &str,
) -> Result<StoreTemplate, MessagingError> {
    let (template, lang) = known(template, lang)?;
    let o = find_override(conn, store, template, lang).await?;
    Ok(of(template, lang, o.as_ref()))
}

/// `subject` and `body` rendered with the template's sample values in `lang`, strictly:
/// the check of a store's template and its preview. Errors name `subject` or `body`.
pub fn preview(
    template: &str,
    lang: &str,
    subject: &str,
    body: &str,
) -> Result<Rendered, MessagingError> {
    let (template, lang) = known(template, lang)?;
    Ok(templates::render_override(
        subject,
        body,
        lang,
        &templates::sample_vars(template, lang),
    )?)
}

/// Checks and saves the store's own `subject` and `body` of `template` in `lang`.
pub async fn save(
    conn: &impl ConnectionTrait,
    store: StoreId,
    template: &str,
    lang: &str,
    subject: &str,
    body: &str,
) -> Result<StoreTemplate, MessagingError> {
    let (template, lang) = known(template, lang)?;
    preview(template, lang, subject, body)?;
    let (subject, body) = (subject.trim().to_owned(), body.trim().to_owned());
    let now = Utc::now();
    match find_override(conn, store, template, lang).await? {
        Some(m) => {
            let mut a = m.into_active_model();
            a.subject = Set(subject.clone());
            a.body = Set(body.clone());
            a.updated_at = Set(now);
            a.update(conn).await?;
        }
        None => {
            template_override::ActiveModel {
                store_id: Set(store.0),
                template: Set(template.to_owned()),
                lang: Set(lang.to_owned()),
                subject: Set(subject.clone()),
                body: Set(body.clone()),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(StoreTemplate {
        template,
        lang,
        overridden: true,
        subject,
        body,
    })
}

/// Drops the store's own text of `template` in `lang`: the shipped one applies again.
pub async fn restore_default(
    conn: &impl ConnectionTrait,
    store: StoreId,
    template: &str,
    lang: &str,
) -> Result<(), MessagingError> {
    let (template, lang) = known(template, lang)?;
    template_override::Entity::delete_many()
        .filter(template_override::Column::StoreId.eq(store.0))
        .filter(template_override::Column::Template.eq(template))
        .filter(template_override::Column::Lang.eq(lang))
        .exec(conn)
        .await?;
    Ok(())
}

/// Renders message `template` of `store` in `lang` with `vars`: the store's own text when it
/// has one (a store's text that fails with these values — never expected, it was checked
/// with the sample values — falls back to the shipped one, with a warning in the log).
pub async fn render_for_store(
    conn: &impl ConnectionTrait,
    store: StoreId,
    template: &str,
    lang: &str,
    vars: &impl Serialize,
) -> Result<Rendered, MessagingError> {
    if let Some(o) = find_override(conn, store, template, lang).await? {
        match templates::render_override(&o.subject, &o.body, lang, vars) {
            Ok(r) => return Ok(r),
            Err(e) => tracing::warn!(
                store = store.0,
                template,
                lang,
                error = ?e,
                "the store's e-mail template failed; sending the shipped one"
            ),
        }
    }
    templates::render(template, lang, vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_template_renders_with_the_sample_values() {
        let r = preview(
            "invoice",
            "fr",
            "Votre facture {{ number }}",
            "Bonjour {{ buyer_name }},\n\nMontant : {{ total }}\n\nhttps://shop.example/a",
        )
        .unwrap();
        assert_eq!(r.subject, "Votre facture INV-2026-00042");
        assert!(r.text.contains("Anne Muller") && r.text.contains("1\u{a0}234,50\u{a0}€"));
        assert!(r.html.contains("lang=\"fr\"") && r.html.contains("<a href="));
        let r = preview("credit_note", "en", "{{ number }}", "{{ total }}").unwrap();
        assert_eq!(
            (r.subject.as_str(), r.text.as_str()),
            ("CN-2026-00007", "€1,234.50\n")
        );
    }

    fn fields(e: MessagingError) -> Vec<(String, String)> {
        match e {
            MessagingError::Invalid(i) => i.0.into_iter().map(|f| (f.field, f.message)).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn a_broken_template_is_refused_naming_its_field_and_line() {
        let e = fields(preview("invoice", "en", "Invoice {{ number", "Hello").unwrap_err());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, "subject");
        assert!(
            e[0].1.contains("syntax error") && e[0].1.contains("line 1"),
            "{e:?}"
        );
        let e = fields(
            preview("invoice", "en", "Invoice", "Hello\n\n{{ not_a_variable }}").unwrap_err(),
        );
        assert_eq!(e[0].0, "body");
        assert!(
            e[0].1.contains("undefined") && e[0].1.contains("line 3"),
            "{e:?}"
        );
        // An attribute of a variable that has none is undefined too.
        let e = fields(preview("invoice", "en", "{{ number.foo }}", "x").unwrap_err());
        assert_eq!(e[0].0, "subject");
        // Both fields at once; empty ones are required.
        let e = fields(preview("invoice", "en", "", "{% if %}").unwrap_err());
        assert_eq!(e.len(), 1, "{e:?}");
        let e = fields(preview("invoice", "en", "{{ x }}", "{% if %}").unwrap_err());
        assert_eq!(
            e.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["subject", "body"]
        );
        // A template that would run for ever runs out of fuel.
        let e = fields(
            preview(
                "invoice",
                "en",
                "x",
                "{% for a in range(10000) %}{% for b in range(10000) %}{{ a }}{% endfor %}{% endfor %}",
            )
            .unwrap_err(),
        );
        assert_eq!(e[0].0, "body", "{e:?}");
        // A variable of another template is not one of this template's.
        assert!(preview("invitation", "en", "{{ number }}", "x").is_err());
    }

    #[test]
    fn unknown_templates_and_languages_are_not_found() {
        for (t, l) in [("nope", "en"), ("invoice", "it"), ("password_reset", "en")] {
            assert!(matches!(
                preview(t, l, "a", "b"),
                Err(MessagingError::NotFound(_))
            ));
        }
    }

    #[test]
    fn every_shipped_template_passes_the_check_of_a_store_template() {
        for t in templates::STORE_TEMPLATES {
            for l in templates::LANGUAGES {
                let (subject, body) = templates::shipped(t, l).unwrap();
                let own = preview(t, l, &subject, &body).unwrap();
                let shipped = templates::render(t, l, &templates::sample_vars(t, l)).unwrap();
                assert_eq!(own, shipped, "{t}.{l}");
            }
        }
    }

    #[test]
    fn every_documented_variable_is_a_sample_and_has_a_description() {
        for (t, vars) in templates::VARIABLES {
            assert!(templates::NAMES.contains(t));
            let sample = templates::sample_vars(t, "en");
            for (name, key) in *vars {
                assert!(!sample[name].is_null(), "{t}.{name}");
                assert!(key.starts_with("messaging-var-"));
            }
        }
    }
}
