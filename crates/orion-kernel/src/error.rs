//! How a module says what went wrong, without knowing who asked.
//!
//! Every module has its own error enum (`StockError`, `OrderError`, …) and implements
//! [`DomainError`] for it: the [`ErrorKind`] (what sort of failure it is), the invalid
//! [`FieldError`]s and the facts a caller may act on ([`DomainError::details`], e.g.
//! `available` for a stock shortage). Callers branch on the enum's variants, never on those
//! reports. The HTTP edge (`orion-web`) is the one place that turns a report into an RFC 9457
//! problem document; the CLI prints the error's `Display`.
//!
//! [`Invalid`] and [`NotFound`] are the two shapes every module needs; modules wrap them
//! (`#[error(transparent)] Invalid(#[from] Invalid)`).

use serde::Serialize;
use serde_json::{Map, Value};

/// What sort of failure an error is. The web edge gives each kind a status and a problem type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong; [`DomainError::fields`] says where.
    Invalid,
    /// The input cannot be read at all (not the format it should be in).
    Unreadable,
    /// The thing asked for does not exist (in the caller's store).
    NotFound,
    /// The request is valid but the current state does not allow it.
    Conflict,
    /// The caller is not allowed to do this.
    Forbidden,
    /// The caller could not be identified (bad credentials).
    Unauthenticated,
    /// The plan's limit of a metric is reached.
    LimitExceeded,
    /// The plan does not include the feature.
    FeatureNotInTier,
    /// Too many attempts; [`DomainError::retry_after_secs`] says when to come back.
    TooManyRequests,
    /// An API key's rate limit or the plan's daily API quota is used up;
    /// [`DomainError::retry_after_secs`] says when to come back.
    RateLimited,
    /// A service Orion depends on is unreachable.
    Unavailable,
    /// A failure no input can cause (database down, broken invariant): logged, not explained.
    Internal,
}

/// An error a module reports to whoever called it (HTTP handler, page, CLI, worker).
/// Its `Display` is the sentence shown to the user.
pub trait DomainError: std::error::Error + Send + Sync + 'static {
    fn kind(&self) -> ErrorKind;

    /// The invalid fields, for [`ErrorKind::Invalid`] (by default those of the wrapped error).
    fn fields(&self) -> Vec<FieldError> {
        self.wrapped().map(|w| w.fields()).unwrap_or_default()
    }

    /// Facts a client may act on (e.g. `available`, `limit`, `allowed`), by name (by default
    /// those of the wrapped error).
    fn details(&self) -> Map<String, Value> {
        self.wrapped().map(|w| w.details()).unwrap_or_default()
    }

    /// For [`ErrorKind::TooManyRequests`] and [`ErrorKind::RateLimited`]: seconds until a retry may succeed.
    fn retry_after_secs(&self) -> Option<u64> {
        self.wrapped().and_then(|w| w.retry_after_secs())
    }

    /// Whether trying the same thing again may succeed: the database aborted the
    /// transaction as a deadlock victim or a serialization failure (by default: whether the
    /// wrapped error says so).
    fn retryable(&self) -> bool {
        self.wrapped().is_some_and(|w| w.retryable())
    }

    /// A variant that only carries another error (`Invalid`, `NotFound`, another module's)
    /// reports that error as it is.
    fn wrapped(&self) -> Option<&dyn DomainError> {
        None
    }
}

/// The innermost error of a chain of wrapping variants (what a report should describe).
pub fn innermost(e: &dyn DomainError) -> &dyn DomainError {
    let mut e = e;
    while let Some(inner) = e.wrapped() {
        e = inner;
    }
    e
}

/// A field-level validation message: `{"field": "email", "message": "is not an e-mail address"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Invalid input: one or more fields, each with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    /// One invalid field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid(vec![FieldError::new(field, message)])
    }

    /// `Err` with the collected errors, `Ok` when there are none.
    pub fn check(errors: Vec<FieldError>) -> Result<(), Invalid> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(errors))
        }
    }

    /// The same errors with `prefix.` before each field not already under it
    /// (`email` → `customer.email`), for input nested in a larger body.
    pub fn under(mut self, prefix: &str) -> Self {
        let dotted = format!("{prefix}.");
        for f in &mut self.0 {
            if !f.field.starts_with(&dotted) {
                f.field = format!("{dotted}{}", f.field);
            }
        }
        self
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{}: {}", one.field, one.message),
            many => write!(f, "{} fields are invalid", many.len()),
        }
    }
}

impl std::error::Error for Invalid {}

impl DomainError for Invalid {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }

    fn fields(&self) -> Vec<FieldError> {
        self.0.clone()
    }
}

/// Something looked up by id (or code) that the caller's store does not have. Another
/// tenant's id is not found either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} not found")]
pub struct NotFound(pub &'static str);

impl DomainError for NotFound {
    fn kind(&self) -> ErrorKind {
        ErrorKind::NotFound
    }
}

/// Any module's error, boxed: for seams where the caller cannot know the callee's module
/// (order subscribers, ports implemented above the caller).
#[derive(Debug)]
pub struct BoxedError(pub Box<dyn DomainError>);

impl BoxedError {
    pub fn new(e: impl DomainError) -> Self {
        BoxedError(Box::new(e))
    }
}

impl std::fmt::Display for BoxedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BoxedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl DomainError for BoxedError {
    fn kind(&self) -> ErrorKind {
        self.0.kind()
    }

    fn wrapped(&self) -> Option<&dyn DomainError> {
        Some(&*self.0)
    }
}

/// Builds the [`DomainError::details`] map from `name => value` pairs.
#[macro_export]
macro_rules! details {
    ($($k:literal => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = $crate::serde_json::Map::new();
        $( m.insert($k.to_owned(), $crate::serde_json::Value::from($v)); )*
        m
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_names_its_fields() {
        let e = Invalid::field("email", "is required");
        assert_eq!(e.to_string(), "email: is required");
        assert_eq!(e.kind(), ErrorKind::Invalid);
        let e = Invalid(vec![FieldError::new("a", "x"), FieldError::new("b", "y")]);
        assert_eq!(e.to_string(), "2 fields are invalid");
        let e = Invalid::field("email", "x").under("customer");
        assert_eq!(e.0[0].field, "customer.email");
        assert_eq!(e.under("customer").0[0].field, "customer.email");
        assert!(Invalid::check(vec![]).is_ok());
    }

    #[test]
    fn boxed_errors_report_what_they_carry() {
        let b = BoxedError::new(NotFound("Order"));
        assert_eq!(b.to_string(), "Order not found");
        assert_eq!(innermost(&b).kind(), ErrorKind::NotFound);
        let d = details! {"available" => 3, "sku" => "A-1"};
        assert_eq!(d["available"], 3);
    }
}
