//! SeaORM entities of the tenancy tables (see `docs/data-model.md`).

pub mod api_key;
pub mod api_key_usage;
pub mod auth_token;
pub mod invitation;
pub mod login_failure;
pub mod member;
pub mod merchant;
pub mod password_reset;
pub mod role;
pub mod store;
pub mod user;
