//! Fault injection: each request is faulted with probability `error_rate`; the kind is drawn
//! uniformly from the configured kinds. Every fault except `AppliedButResponseLost` (and the
//! harmless `DuplicateNodes`) answers WITHOUT executing the request, so a failed mutation
//! changed nothing.

use std::sync::Mutex;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Kinds of injected faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// HTTP 500 with a JSON error body; not applied.
    Http500,
    /// HTTP 502 with an HTML body (as a proxy would answer); not applied.
    Http502,
    /// HTTP 429 with `Retry-After: 1`; not applied.
    Http429,
    /// Waits 2 × `timeout_hint_ms` (beyond the client's timeout), then 504; not applied.
    Slow,
    /// 200 with a JSON body cut in the middle; not applied.
    TruncatedJson,
    /// 200 with `{"data":null,"errors":[{"message":"Internal server error"}]}`; not applied.
    GraphQlError,
    /// A paged `shipments` query repeats the last node of the previous page first.
    DuplicateNodes,
    /// The request IS executed (mutation applied), then the answer is a 502.
    AppliedButResponseLost,
}

impl FaultKind {
    pub const ALL: [FaultKind; 8] = [
        FaultKind::Http500,
        FaultKind::Http502,
        FaultKind::Http429,
        FaultKind::Slow,
        FaultKind::TruncatedJson,
        FaultKind::GraphQlError,
        FaultKind::DuplicateNodes,
        FaultKind::AppliedButResponseLost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Http500 => "http500",
            FaultKind::Http502 => "http502",
            FaultKind::Http429 => "http429",
            FaultKind::Slow => "slow",
            FaultKind::TruncatedJson => "truncated",
            FaultKind::GraphQlError => "graphql-error",
            FaultKind::DuplicateNodes => "duplicate-nodes",
            FaultKind::AppliedButResponseLost => "applied-but-lost",
        }
    }

    /// Parse the CLI spelling (see [`FaultKind::as_str`]).
    pub fn parse(s: &str) -> Option<FaultKind> {
        FaultKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for FaultKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Seeded fault draws.
pub(crate) struct FaultDice {
    rng: Mutex<StdRng>,
}

impl FaultDice {
    pub fn new(seed: u64) -> Self {
        FaultDice {
            rng: Mutex::new(StdRng::seed_from_u64(seed ^ 0xFA01_7000_0000_0001)),
        }
    }

    pub fn draw(&self, rate: f64, kinds: &[FaultKind]) -> Option<FaultKind> {
        if rate <= 0.0 || kinds.is_empty() {
            return None;
        }
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        if rng.random::<f64>() < rate {
            Some(kinds[rng.random_range(0..kinds.len())])
        } else {
            None
        }
    }
}

fn json(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The answer of a fault that does not execute the request (`None` for kinds that do).
pub(crate) fn canned_response(kind: FaultKind) -> Option<Response> {
    Some(match kind {
        FaultKind::Http500 => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errors":[{"message":"Internal server error"}]}"#,
        ),
        FaultKind::Http502 | FaultKind::AppliedButResponseLost => bad_gateway(),
        FaultKind::Http429 => (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::RETRY_AFTER, HeaderValue::from_static("1")),
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
            ],
            r#"{"errors":[{"message":"Too many requests"}]}"#,
        )
            .into_response(),
        FaultKind::Slow => json(
            StatusCode::GATEWAY_TIMEOUT,
            r#"{"errors":[{"message":"Gateway timeout"}]}"#,
        ),
        FaultKind::TruncatedJson => json(
            StatusCode::OK,
            r#"{"data":{"shipments":{"nodes":[{"id":"shp_1","number":"H0001","state":"unconf"#,
        ),
        FaultKind::GraphQlError => json(
            StatusCode::OK,
            r#"{"data":null,"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#,
        ),
        FaultKind::DuplicateNodes => return None,
    })
}

pub(crate) fn bad_gateway() -> Response {
    (
        StatusCode::BAD_GATEWAY,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    )
        .into_response()
}
