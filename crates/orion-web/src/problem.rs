//! The one place where errors become HTTP: RFC 9457 `application/problem+json` documents.
//! Each [`ProblemKind`] has a stable `type` URI (`/problems/<slug>`), listed in `docs/API.md`.
//! Module errors ([`orion_kernel::DomainError`]) map here through [`ApiError::from_domain`]:
//! their kind gives the status and type, their fields the `errors` member, their details the
//! extension members. Modules declare the conversion with [`problem_from!`](crate::problem_from).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orion_kernel::{DomainError, ErrorKind, FieldError, Invalid, NotFound};
use serde::Serialize;
use serde_json::{Map, Value};

/// The stable kinds of problem Orion reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    Validation,
    MalformedBody,
    UnsupportedMediaType,
    PayloadTooLarge,
    Unauthorized,
    Forbidden,
    NotFound,
    NoRoute,
    MethodNotAllowed,
    Conflict,
    TooManyRequests,
    RateLimited,
    LimitExceeded,
    FeatureNotInTier,
    Internal,
    Unavailable,
}

impl ProblemKind {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::MalformedBody => "malformed-body",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::PayloadTooLarge => "payload-too-large",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::NoRoute => "no-route",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::Conflict => "conflict",
            Self::TooManyRequests => "too-many-requests",
            Self::RateLimited => "rate-limited",
            Self::LimitExceeded => "limit-exceeded",
            Self::FeatureNotInTier => "feature-not-in-tier",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Self::Validation => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MalformedBody => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::LimitExceeded | Self::FeatureNotInTier => StatusCode::FORBIDDEN,
            Self::NotFound | Self::NoRoute => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict => StatusCode::CONFLICT,
            Self::TooManyRequests | Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Validation => "Invalid input",
            Self::MalformedBody => "Malformed request body",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::PayloadTooLarge => "Request body too large",
            Self::Unauthorized => "Authentication required",
            Self::Forbidden => "Permission denied",
            Self::NotFound => "Not found",
            Self::NoRoute => "No such endpoint",
            Self::MethodNotAllowed => "Method not allowed",
            Self::Conflict => "Conflict",
            Self::TooManyRequests => "Too many requests",
            Self::RateLimited => "Rate limit exceeded",
            Self::LimitExceeded => "Plan limit reached",
            Self::FeatureNotInTier => "Feature not in your plan",
            Self::Internal => "Internal error",
            Self::Unavailable => "Service unavailable",
        }
    }

    pub fn type_uri(self) -> String {
        format!("/problems/{}", self.slug())
    }

    /// The problem kind a domain error kind is reported as.
    pub fn of(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Invalid => Self::Validation,
            ErrorKind::Unreadable => Self::MalformedBody,
            ErrorKind::NotFound => Self::NotFound,
            ErrorKind::Conflict => Self::Conflict,
            ErrorKind::Forbidden => Self::Forbidden,
            ErrorKind::Unauthenticated => Self::Unauthorized,
            ErrorKind::LimitExceeded => Self::LimitExceeded,
            ErrorKind::FeatureNotInTier => Self::FeatureNotInTier,
            ErrorKind::TooManyRequests => Self::TooManyRequests,
            ErrorKind::RateLimited => Self::RateLimited,
            ErrorKind::Unavailable => Self::Unavailable,
            ErrorKind::Internal => Self::Internal,
        }
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// An error response of the HTTP API (and, through `PageError`, of pages).
#[derive(Debug)]
pub struct ApiError {
    pub kind: ProblemKind,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// Extra members of the problem object (e.g. `metric`, `limit` for limit-exceeded).
    pub extensions: Map<String, Value>,
    pub retry_after_secs: Option<u64>,
    pub allow: Option<String>,
}

const INTERNAL_DETAIL: &str = "Something went wrong on our side; the error was logged.";

impl ApiError {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            extensions: Map::new(),
            retry_after_secs: None,
            allow: None,
        }
    }

    /// The same problem in the language of the request being answered: the detail and each
    /// field's message (the title follows in [`ApiError::to_json`]) (English sentences the error catalogue does not know
    /// stay English). The `type`, `status` and members never change.
    pub fn localized(mut self) -> Self {
        let lang = crate::i18n::current();
        if lang == orion_kernel::Lang::En {
            return self;
        }
        self.detail = if self.kind == ProblemKind::Internal {
            crate::i18n::t(lang, "problem-internal-detail")
        } else {
            crate::i18n::localize_sentence(lang, &self.detail)
        };
        for f in &mut self.errors {
            f.message = crate::i18n::localize_sentence(lang, &f.message);
        }
        self
    }

    /// The problem a module's error is reported as. Internal errors are logged with their
    /// whole cause chain and answered without internals.
    pub fn from_domain(e: &dyn DomainError) -> Self {
        let inner = orion_kernel::error::innermost(e);
        let kind = inner.kind();
        if kind == ErrorKind::Internal {
            return Self::internal(Chain(e));
        }
        let mut out = Self::new(ProblemKind::of(kind), inner.to_string());
        out.errors = inner.fields();
        out.extensions = inner.details();
        out.retry_after_secs = inner.retry_after_secs();
        out
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::from_domain(&Invalid(errors))
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::MalformedBody, detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::Unauthorized, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::Forbidden, detail)
    }

    pub fn not_found(what: &'static str) -> Self {
        Self::from_domain(&NotFound(what))
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::Conflict, detail)
    }

    pub fn too_many_requests(detail: impl Into<String>, retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(ProblemKind::TooManyRequests, detail)
        }
    }

    /// An unexpected failure: logged with its cause, answered without internals.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ProblemKind::Internal, INTERNAL_DETAIL)
    }

    pub fn with_extension(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extensions.insert(key.to_owned(), value.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    pub fn to_json(&self) -> Value {
        let mut body = serde_json::to_value(Problem {
            type_uri: self.kind.type_uri(),
            title: match crate::i18n::current() {
                orion_kernel::Lang::En => self.kind.title().to_owned(),
                lang => crate::i18n::t(lang, &format!("problem-{}", self.kind.slug())),
            },
            status: self.kind.status().as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
        })
        .unwrap_or(Value::Null);
        if let Value::Object(map) = &mut body {
            for (k, v) in &self.extensions {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        body
    }
}

/// An error with its sources, one after the other, for the log.
struct Chain<'a>(&'a dyn DomainError);

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0);
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.slug(), self.detail)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let this = self.localized();
        let body = this.to_json().to_string();
        let mut res = (this.kind.status(), body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = this.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(allow) = this
            .allow
            .as_deref()
            .and_then(|a| HeaderValue::from_str(a).ok())
        {
            headers.insert(header::ALLOW, allow);
        }
        res
    }
}

/// A database failure reached the edge: nothing a client caused, so an internal error.
impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::internal(e)
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        ApiError::from_domain(&e)
    }
}

impl From<NotFound> for ApiError {
    fn from(e: NotFound) -> Self {
        ApiError::from_domain(&e)
    }
}

impl From<orion_kernel::BoxedError> for ApiError {
    fn from(e: orion_kernel::BoxedError) -> Self {
        ApiError::from_domain(&e)
    }
}

/// The problem responses of the OpenAPI document, one per kind, for
/// `#[utoipa::path(responses((status = 200, body = X), ProblemNotFound, ProblemInvalid))]`.
pub mod responses {
    use super::Problem;

    macro_rules! problem_response {
        ($($name:ident = $status:literal, $description:literal;)*) => {$(
            #[derive(utoipa::IntoResponses)]
            #[response(status = $status, description = $description, content_type = "application/problem+json")]
            pub struct $name(pub Problem);
        )*};
    }

    problem_response! {
        ProblemUnauthorized = 401, "No valid access token";
        ProblemForbidden = 403, "The role lacks the permission, or the plan the feature or room";
        ProblemNotFound = 404, "Not found in the caller's store (another store's ids are not found either)";
        ProblemMethodNotAllowed = 405, "The resource does not allow this method";
        ProblemConflict = 409, "The current state does not allow it";
        ProblemTooLarge = 413, "The request body is too large";
        ProblemInvalid = 422, "Invalid input; `errors` names each field";
        ProblemTooManyRequests = 429, "Too many attempts; see Retry-After";
        ProblemRateLimited = 429, "API key: the rate limit or the plan's daily API quota is used up (`/problems/rate-limited`); see Retry-After, RateLimit and RateLimit-Policy";
    }
}

/// Declares that a module's error types reach the web edge as problem documents (API) and
/// error pages: `orion_web::problem_from!(OrderError);` next to the module's handlers.
#[macro_export]
macro_rules! problem_from {
    ($($t:ty),+ $(,)?) => {$(
        impl From<$t> for $crate::ApiError {
            fn from(e: $t) -> Self {
                $crate::ApiError::from_domain(&e)
            }
        }
        impl From<$t> for $crate::pages::PageError {
            fn from(e: $t) -> Self {
                $crate::ApiError::from_domain(&e).into()
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problem_names_fields() {
        let e = ApiError::field("email", "is required");
        let v = e.to_json();
        assert_eq!(v["type"], "/problems/validation");
        assert_eq!(v["status"], 422);
        assert_eq!(v["errors"][0]["field"], "email");
        assert_eq!(v["detail"], "email: is required");
    }

    #[test]
    fn extensions_do_not_override_standard_members() {
        let v = ApiError::forbidden("no")
            .with_extension("status", 1)
            .with_extension("metric", "orders")
            .to_json();
        assert_eq!(v["status"], 403);
        assert_eq!(v["metric"], "orders");
    }

    #[derive(Debug, thiserror::Error)]
    enum ShelfError {
        #[error("Not enough stock: {available} available")]
        Short { available: i64 },
        #[error(transparent)]
        Missing(#[from] NotFound),
        #[error("disk on fire")]
        Broken,
    }

    impl DomainError for ShelfError {
        fn kind(&self) -> ErrorKind {
            match self {
                Self::Short { .. } => ErrorKind::Conflict,
                Self::Missing(e) => e.kind(),
                Self::Broken => ErrorKind::Internal,
            }
        }
        fn details(&self) -> Map<String, Value> {
            match self {
                Self::Short { available } => orion_kernel::details! {"available" => *available},
                _ => Map::new(),
            }
        }
        fn wrapped(&self) -> Option<&dyn DomainError> {
            match self {
                Self::Missing(e) => Some(e),
                _ => None,
            }
        }
    }

    #[test]
    fn domain_errors_map_to_problems() {
        let v = ApiError::from_domain(&ShelfError::Short { available: 2 }).to_json();
        assert_eq!(v["type"], "/problems/conflict");
        assert_eq!(v["status"], 409);
        assert_eq!(v["available"], 2);
        assert_eq!(v["detail"], "Not enough stock: 2 available");
        let v = ApiError::from_domain(&ShelfError::Missing(NotFound("Shelf"))).to_json();
        assert_eq!(
            (v["status"].as_i64(), v["detail"].as_str()),
            (Some(404), Some("Shelf not found"))
        );
        let v = ApiError::from_domain(&ShelfError::Broken).to_json();
        assert_eq!(v["status"], 500);
        assert_eq!(v["detail"], INTERNAL_DETAIL);
    }
}
