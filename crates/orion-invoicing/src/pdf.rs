//! Invoice PDFs (interim: the renderer lands with the orion-pdf crate).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use orion_kernel::{ApiError, ProblemKind};
use sea_orm::ConnectionTrait;

use crate::entity::invoice;

pub async fn stored_or_render(
    _conn: &impl ConnectionTrait,
    _inv: &invoice::Model,
) -> Result<Vec<u8>, ApiError> {
    Err(ApiError::new(
        ProblemKind::Unavailable,
        "PDF rendering is not available yet",
    ))
}

/// `application/pdf` with a download name made of the document number.
pub fn pdf_response(inv: &invoice::Model, bytes: Vec<u8>) -> Response {
    let name: String = inv
        .number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.pdf\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
