//! JSON API of the tenancy module: `/api/v1/auth`, `/api/v1/admin`, `/api/v1/merchant`,
//! `/api/v1/store` (current store, team, roles).

mod admin;
mod api_keys;
mod auth;
mod dto;
mod merchant;
mod password_reset;
mod store;

pub use dto::*;
use orion_web::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::TenancyError);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me, auth::update_me))
        .routes(routes!(auth::change_password))
        .routes(routes!(auth::get_invitation))
        .routes(routes!(auth::accept_invitation))
        .routes(routes!(password_reset::request_reset))
        .routes(routes!(password_reset::confirm_reset))
        .routes(routes!(admin::list_merchants, admin::create_merchant))
        .routes(routes!(admin::get_merchant))
        .routes(routes!(admin::create_store, admin::list_merchant_stores))
        .routes(routes!(merchant::list_stores))
        .routes(routes!(store::current_store, store::update_store))
        .routes(routes!(store::list_team))
        .routes(routes!(store::update_member, store::remove_member))
        .routes(routes!(store::create_invitation, store::list_invitations))
        .routes(routes!(store::list_roles, store::create_role))
        .routes(routes!(store::update_role, store::delete_role))
        .routes(routes!(api_keys::create_key, api_keys::list_keys))
        .routes(routes!(api_keys::revoke_key))
}
