//! Assembles the HTTP application: API routers with OpenAPI, pages with CSRF, health checks,
//! docs, assets, and the middleware every request passes through.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use orion_web::AppState;
use orion_web::pages::error_page;
use orion_web::{ApiError, ProblemKind};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;

/// Largest request body accepted by the API (larger gets 413).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The API router of every module plus its OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .merge(orion_tenancy::api::router())
        .merge(crate::vat_api::router())
        .merge(orion_billing::api::router())
        .merge(orion_catalog::api::router())
        .merge(orion_inventory::api::router())
        .merge(orion_customers::api::router())
        .merge(orion_orders::api::router())
        .merge(orion_orders::bulk_api::router())
        .merge(orion_invoicing::api::router())
        .merge(orion_purchasing::api::router())
        .merge(orion_reporting::api::router())
        .merge(orion_accounting::api::router())
        .merge(orion_marketplace::api::router())
        .merge(orion_webhooks::api::router())
        .merge(orion_messaging::api::router())
        .merge(orion_alerts::api::router())
        .split_for_parts();
    // The problem responses every operation can give (401/403/404/400/413/415/422).
    orion_web::openapi::add_standard_problems(&mut doc);
    orion_web::openapi::add_api_key_scopes(&mut doc);
    (router, doc)
}

pub fn build(mut state: AppState) -> Router {
    let (api, mut doc) = api();
    // The permission of every store operation, declared in its documentation (`x-permission`).
    state.grants = std::sync::Arc::new(orion_web::grants::Grants::from_openapi(&doc));
    for op in state.grants.undeclared() {
        tracing::warn!(operation = %op, "store operation without x-permission: only its handler checks a permission");
    }
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    // Serialised once: the document never changes, and keeping (and cloning per request) the
    // object tree held megabytes that the bytes do not.
    let doc_json = axum::body::Bytes::from(serde_json::to_vec(&doc).expect("OpenAPI document"));
    drop(doc);
    let https = state.settings.public_url.starts_with("https://");
    let pages = orion_tenancy::pages::router()
        .merge(orion_billing::pages::router())
        .merge(orion_catalog::pages::router())
        .merge(orion_inventory::pages::router())
        .merge(orion_customers::pages::router())
        .merge(orion_orders::pages::router())
        .merge(orion_invoicing::pages::router())
        .merge(orion_purchasing::pages::router())
        .merge(orion_reporting::pages::router())
        .merge(orion_accounting::pages::router())
        .merge(orion_marketplace::pages::router())
        .merge(orion_webhooks::pages::router())
        .merge(orion_messaging::pages::router())
        .merge(orion_alerts::pages::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            orion_web::pages::csrf_guard,
        ));
    // Store API keys: per-key burst and the plan's daily quota, before any handler runs.
    let api_limits = std::sync::Arc::new(orion_tenancy::api_limits::ApiLimits::default());
    let api = api
        .layer(middleware::from_fn(problem_json))
        .layer(middleware::from_fn_with_state(
            (state.clone(), api_limits),
            orion_tenancy::api_limits::middleware,
        ));
    Router::new()
        .merge(api)
        .route(
            "/api/openapi.json",
            get(move || async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    doc_json.clone(),
                )
            }),
        )
        .merge(
            utoipa_swagger_ui::SwaggerUi::new("/api/docs")
                .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
        )
        .merge(pages)
        .merge(orion_web::assets::router())
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
        .layer(middleware::from_fn(orion_web::i18n::middleware))
        .layer(middleware::from_fn_with_state(https, security_headers))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Process is up (for load balancers' liveness checks).
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, description = "Up", body = serde_json::Value)))]
async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// Database reachable (readiness).
#[utoipa::path(get, path = "/readyz", tag = "system",
    responses((status = 200, description = "Ready", body = serde_json::Value), (status = 503, description = "Database unreachable", body = orion_web::Problem)))]
async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => Ok(Json(serde_json::json!({"status": "ready"}))),
        _ => Err(ApiError::new(
            ProblemKind::Unavailable,
            "The database is not reachable",
        )),
    }
}

async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::new(
            ProblemKind::NoRoute,
            format!("No endpoint at {} {}", req.method(), req.uri().path()),
        )
        .into_response()
    } else {
        error_page(
            StatusCode::NOT_FOUND,
            &orion_web::i18n::t(orion_web::i18n::current(), "error-not-found"),
        )
    }
}

/// Turns any non-problem error response of the API (rejections of path or query
/// parameters, 405s) into `application/problem+json`.
async fn problem_json(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if is_problem {
        return res;
    }
    let allow = res
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = axum::body::to_bytes(res.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let detail = String::from_utf8_lossy(&body).trim().to_owned();
    let kind = match status {
        StatusCode::METHOD_NOT_ALLOWED => ProblemKind::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ProblemKind::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemKind::UnsupportedMediaType,
        StatusCode::NOT_FOUND => ProblemKind::NotFound,
        StatusCode::UNPROCESSABLE_ENTITY => ProblemKind::Validation,
        s if s.is_server_error() => ProblemKind::Internal,
        _ => ProblemKind::MalformedBody,
    };
    let detail = if detail.is_empty() || kind == ProblemKind::Internal {
        kind.title().to_owned()
    } else {
        detail
    };
    let mut e = ApiError::new(kind, detail);
    e.allow = allow;
    e.into_response()
}

/// What the back office's pages may load: only Orion's own scripts, styles, images and forms
/// (style attributes are allowed; no inline script anywhere). Swagger UI brings its own.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Security headers on every response; HTML pages also get the content-security and
/// permissions policies, and HSTS when Orion is reached over https (`https`).
async fn security_headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let swagger = req.uri().path().starts_with("/api/docs");
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    if html && !swagger {
        h.insert(
            "content-security-policy",
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        h.insert(
            "permissions-policy",
            HeaderValue::from_static(PERMISSIONS_POLICY),
        );
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    res
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    ApiError::new(
        ProblemKind::Internal,
        "Something went wrong on our side; the error was logged.",
    )
    .into_response()
}
