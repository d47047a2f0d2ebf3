//! Use cases of the tenancy module. Each takes the database (or a transaction the caller
//! owns) and returns domain results or an `ApiError` that says what went wrong.

pub mod admin;
pub mod auth;
pub mod roles;
pub mod team;

use chrono::{DateTime, Utc};
use orion_web::ApiError;
use sea_orm::DbErr;

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

pub(crate) fn db(e: DbErr) -> ApiError {
    orion_web::problem::internal_db(e)
}
