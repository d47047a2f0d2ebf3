//! Use cases of the tenancy module. Each takes the database (or a transaction the caller
//! owns) and returns domain results or a [`TenancyError`](crate::TenancyError) that says what went
//! wrong.

pub mod admin;
pub mod api_keys;
pub mod auth;
pub mod invitation_mail;
pub mod password_reset;
pub mod profile;
pub mod roles;
pub mod team;

use chrono::{DateTime, Utc};

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}
