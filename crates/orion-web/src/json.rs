//! Typed JSON request bodies. Every way a body can be wrong becomes a 4xx problem that says
//! what is wrong and where: syntax errors (400), wrong types or missing fields (422 naming the
//! field), a non-JSON content type (415), a body over the limit (413).

use crate::problem::{ApiError, ProblemKind};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use orion_kernel::FieldError;
use serde::de::DeserializeOwned;

/// Like `axum::Json`, with problem+json rejections.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|ct| ct.to_str().unwrap_or("").to_ascii_lowercase());
        // The body is read before the content type is judged, so a client that sends a large
        // body of the wrong type gets the 415 instead of a reset connection.
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    ProblemKind::PayloadTooLarge,
                    "The request body exceeds the size limit",
                )
            } else {
                ApiError::malformed("The request body could not be read")
            }
        })?;
        if let Some(ct) = content_type {
            let mime = ct.split(';').next().unwrap_or("").trim();
            if !(mime == "application/json" || mime.ends_with("+json")) {
                return Err(ApiError::new(
                    ProblemKind::UnsupportedMediaType,
                    "Send the body as JSON (Content-Type: application/json)",
                ));
            }
        }
        parse(&bytes).map(ApiJson)
    }
}

/// The path (`items[0].sku`) of the first string or key holding a NUL character.
fn nul_in(v: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => s.contains('\0').then_some(path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_in(item, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let field = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                Some(field)
            } else {
                nul_in(item, field)
            }
        }),
        _ => None,
    }
}

/// Parses a JSON body into `T`, mapping serde errors to problems that name the field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::malformed(
            "The request body is empty; send a JSON object",
        ));
    }
    // Text never holds NUL (PostgreSQL cannot store it, and it would leak into files).
    if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
        && let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes)
        && let Some(path) = nul_in(&v, String::new())
    {
        return Err(ApiError::validation(vec![FieldError::new(
            if path.is_empty() {
                "body".to_owned()
            } else {
                path
            },
            "must not contain control characters",
        )]));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(ApiError::malformed(format!(
                    "The body is not valid JSON: {inner}"
                )));
            }
            let message = strip_position(&inner.to_string());
            let (field, message) = match missing_field(&message) {
                Some(name) => (join(&path, name), "is required".to_owned()),
                None => match unknown_field(&message) {
                    Some(name) => (join(&path, name), "is not a known field".to_owned()),
                    None => (if path == "." { "body".to_owned() } else { path }, message),
                },
            };
            Err(ApiError::validation(vec![FieldError::new(field, message)]))
        }
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn backticked<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = msg.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    rest.split('`').next()
}

fn missing_field(msg: &str) -> Option<&str> {
    backticked(msg, "missing field ")
}

fn unknown_field(msg: &str) -> Option<&str> {
    backticked(msg, "unknown field ")
}

fn join(path: &str, name: &str) -> String {
    if path == "." || path.is_empty() || path == name {
        name.to_owned()
    } else if path.ends_with(&format!(".{name}")) {
        // serde_path_to_error already includes an unknown field in the path.
        path.to_owned()
    } else {
        format!("{path}.{name}")
    }
}
/// The request's `Idempotency-Key` header, trimmed (a header that is not visible ASCII is
/// refused naming it).
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, crate::ApiError> {
    headers
        .get("idempotency-key")
        .map(|v| {
            v.to_str()
                .map(|k| k.trim().to_owned())
                .map_err(|_| crate::ApiError::field("Idempotency-Key", "must be visible ASCII"))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ProblemKind;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Login {
        email: String,
        password: String,
        nested: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        n: i64,
    }

    #[test]
    fn names_the_field() {
        let e = parse::<Login>(br#"{"email":5,"password":"x"}"#).unwrap_err();
        assert_eq!(e.kind, ProblemKind::Validation);
        assert_eq!(e.errors[0].field, "email");
        let e = parse::<Login>(br#"{"email":"a"}"#).unwrap_err();
        assert_eq!(e.errors[0].field, "password");
        assert_eq!(e.errors[0].message, "is required");
        let e = parse::<Login>(br#"{"email":"a","password":"b","nested":{"n":"x"}}"#).unwrap_err();
        assert_eq!(e.errors[0].field, "nested.n");
        let e = parse::<Login>(br#"{"email":"a","password":"b","zzz":1}"#).unwrap_err();
        assert_eq!(e.errors[0].field, "zzz");
    }

    #[test]
    fn nul_characters_are_refused_with_their_field() {
        let e = parse::<Login>(br#"{"email":"a\u0000","password":"b"}"#).unwrap_err();
        assert_eq!(e.kind, ProblemKind::Validation);
        assert_eq!(e.errors[0].field, "email");
        let e = parse::<Login>(br#"["\u0000"]"#).unwrap_err();
        assert_eq!(e.errors[0].field, "[0]");
        // An escaped backslash followed by u0000 is text, not NUL.
        assert!(parse::<Login>(br#"{"email":"\\u0000","password":"b"}"#).is_ok());
    }

    #[test]
    fn syntax_errors_are_malformed() {
        for body in [&b"{"[..], b"\x00\x00", b"", b"  "] {
            assert_eq!(
                parse::<Login>(body).unwrap_err().kind,
                ProblemKind::MalformedBody
            );
        }
        assert_eq!(
            parse::<Login>(b"[]").unwrap_err().kind,
            ProblemKind::Validation
        );
    }
}
