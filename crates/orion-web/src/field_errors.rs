//! Field errors on a form page, tied to their inputs for screen readers: the template
//! functions `field_error("price")` (the message under the field, in the user's language)
//! and `invalid("price")` (`aria-invalid` and `aria-describedby` for the input), both read
//! from the page's `errors` list (`[{field, message}]`). A field matches its own errors and
//! those of its parts (`address` matches `address.city` and `address[0]`).

use minijinja::{State, Value};

use crate::i18n;

/// The `id` of the message element of `field`.
pub fn message_id(field: &str) -> String {
    let mut id = String::from("err-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

fn belongs(error_field: &str, field: &str) -> bool {
    error_field == field
        || error_field
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// The messages of `field` among the page's errors.
fn messages(state: &State, field: &str) -> Vec<String> {
    let Some(errors) = state.lookup("errors") else {
        return Vec::new();
    };
    let Ok(iter) = errors.try_iter() else {
        return Vec::new();
    };
    iter.filter(|e| {
        e.get_attr("field")
            .ok()
            .and_then(|f| f.as_str().map(|f| belongs(f, field)))
            .unwrap_or(false)
    })
    .filter_map(|e| e.get_attr("message").ok())
    .filter_map(|m| m.as_str().map(str::to_owned))
    .collect()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Adds `field_error` and `invalid` to a template environment.
pub fn install(env: &mut minijinja::Environment<'static>) {
    env.add_function("field_error", |state: &State, field: &str| {
        let msgs = messages(state, field);
        if msgs.is_empty() {
            return Value::from("");
        }
        let lang = i18n::current();
        let text: Vec<String> = msgs
            .iter()
            .map(|m| escape(&i18n::localize_sentence(lang, m)))
            .collect();
        Value::from_safe_string(format!(
            "<span class=\"field-error\" id=\"{}\">{}</span>",
            message_id(field),
            text.join("; ")
        ))
    });
    env.add_function("invalid", |state: &State, field: &str| {
        if messages(state, field).is_empty() {
            Value::from("")
        } else {
            Value::from_safe_string(format!(
                " aria-invalid=\"true\" aria-describedby=\"{}\"",
                message_id(field)
            ))
        }
    });
}

#[cfg(test)]
mod tests {
    use minijinja::{Environment, context};

    #[test]
    fn ties_messages_to_inputs() {
        let mut env = Environment::new();
        super::install(&mut env);
        env.add_template(
            "f",
            "<input id=p name=price{{ invalid('price') }}>{{ field_error('price') }}|<input name=sku{{ invalid('sku') }}>{{ field_error('sku') }}|{{ field_error('address') }}",
        )
        .unwrap();
        let errors = vec![
            context! { field => "price", message => "must be <positive>" },
            context! { field => "address.city", message => "is required" },
            context! { field => "addressee", message => "is required" },
        ];
        let out = env
            .get_template("f")
            .unwrap()
            .render(context! { errors })
            .unwrap();
        assert_eq!(
            out,
            "<input id=p name=price aria-invalid=\"true\" aria-describedby=\"err-price\">\
             <span class=\"field-error\" id=\"err-price\">must be &lt;positive&gt;</span>|\
             <input name=sku>|<span class=\"field-error\" id=\"err-address\">is required</span>"
        );
    }
}
