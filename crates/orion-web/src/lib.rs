//! The HTTP edge shared by every module. [`AppState`] is the state every router receives;
//! [`auth`] turns a bearer token or a session cookie into a [`auth::Principal`] and offers
//! the extractors handlers declare (`StoreCtx`, `AdminCtx`, `MerchantCtx`); [`json::ApiJson`]
//! parses request bodies into typed values with problem+json errors that name the field;
//! [`pages`] renders server-side HTML (minijinja, auto-escaped) and guards every form with a
//! CSRF token; [`panels`] lets a module add a section to another module's page;
//! [`problem`] is the one place where errors become problem+json; [`assets`] serves the
//! CSS/JS compiled into the binary. No business rule lives here.

pub mod assets;
pub mod auth;
pub mod field_errors;
pub mod grants;
pub mod i18n;
pub mod json;
pub mod letterhead;
pub mod openapi;
pub mod pages;
pub mod panels;
pub mod people;
pub mod problem;
pub mod setup_steps;
pub mod state;
pub mod token;

pub use auth::{
    API_KEY_PREFIX, AdminCtx, ApiKeyRef, ApiPrincipal, MerchantCtx, Principal, StoreCtx, StoreScope,
};
pub use json::ApiJson;
pub use panels::{Panel, PanelProvider};
pub use problem::{ApiError, Problem, ProblemKind};
pub use state::{AppState, Authenticator, PageLayout, WebSettings};
