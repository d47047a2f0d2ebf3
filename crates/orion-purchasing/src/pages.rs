//! Purchasing pages.

use axum::Router;
use orion_web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![]
}
