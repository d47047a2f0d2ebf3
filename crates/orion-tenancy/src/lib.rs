//! Tenancy: who may do what, where. Owns users, merchants, stores, store memberships,
//! roles with permission strings, team invitations, access tokens and web sessions, and
//! login throttling. [`api::router`] serves `/api/v1/auth`, `/admin`, `/merchant` and the
//! store team endpoints; [`pages::router`] the login, dashboard, team and admin pages;
//! [`service`] holds the use cases other modules may call; [`migration`] the schema.

pub mod api;
pub mod api_limits;
pub mod entity;
pub mod error;
pub mod migration;
pub mod pages;
pub mod password;
pub mod people;
pub mod permissions;
pub mod plan;
pub mod service;
pub mod setup_step;
pub mod validate;

pub use error::TenancyError;
pub use service::auth::TokenAuthenticator;
