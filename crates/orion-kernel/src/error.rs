//! One error type for every HTTP handler, rendered as RFC 9457 `application/problem+json`.
//! Each [`ProblemKind`] has a stable `type` URI (`/problems/<slug>`), listed in `docs/API.md`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
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
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
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
            Self::LimitExceeded => "Plan limit reached",
            Self::FeatureNotInTier => "Feature not in your plan",
            Self::Internal => "Internal error",
            Self::Unavailable => "Service unavailable",
        }
    }

    pub fn type_uri(self) -> String {
        format!("/problems/{}", self.slug())
    }
}

/// A field-level validation message: `{"field": "email", "message": "is not an e-mail address"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => format!("{} fields are invalid", errors.len()),
        };
        Self {
            errors,
            ..Self::new(ProblemKind::Validation, detail)
        }
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

    pub fn not_found(what: &str) -> Self {
        Self::new(ProblemKind::NotFound, format!("{what} not found"))
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
        Self::new(
            ProblemKind::Internal,
            "Something went wrong on our side; the error was logged.",
        )
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
            title: self.kind.title().to_owned(),
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

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.slug(), self.detail)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.to_json().to_string();
        let mut res = (self.kind.status(), body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(allow) = self
            .allow
            .as_deref()
            .and_then(|a| HeaderValue::from_str(a).ok())
        {
            headers.insert(header::ALLOW, allow);
        }
        res
    }
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
}
