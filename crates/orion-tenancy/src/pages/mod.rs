//! HTML pages of the tenancy module: login/logout, store switcher, dashboard, team,
//! invitation acceptance and the admin area for merchants and stores.

mod admin;
mod layout;
mod login;
mod profile;
mod store;

use axum::Router;
use axum::routing::{get, post};
pub use layout::{TenancyLayout, layout};
use orion_web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(login::home))
        .route("/login", get(login::login_form).post(login::login_submit))
        .route("/logout", post(login::logout))
        .route("/store/switch", post(login::switch_store))
        .route(
            "/invitations/{token}",
            get(login::invitation_form).post(login::invitation_accept),
        )
        .route(
            "/language",
            get(profile::choose_language).post(profile::save_language),
        )
        .route(
            "/profile",
            get(profile::profile_page).post(profile::save_profile),
        )
        .route(
            "/settings/store",
            get(profile::store_settings).post(profile::save_store_settings),
        )
        .route("/dashboard", get(store::dashboard))
        .route("/team", get(store::team))
        .route("/team/invite", post(store::invite))
        .route("/team/{member_id}/role", post(store::change_role))
        .route("/team/{member_id}/remove", post(store::remove))
        .route(
            "/admin/merchants",
            get(admin::merchants).post(admin::create_merchant),
        )
        .route("/admin/merchants/{merchant_id}", get(admin::merchant))
        .route(
            "/admin/merchants/{merchant_id}/stores",
            post(admin::create_store),
        )
}

/// Templates of this module, registered with the app's template registry.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "tenancy/login.html",
            include_str!("../../templates/login.html"),
        ),
        (
            "tenancy/dashboard.html",
            include_str!("../../templates/dashboard.html"),
        ),
        (
            "tenancy/team.html",
            include_str!("../../templates/team.html"),
        ),
        (
            "tenancy/profile.html",
            include_str!("../../templates/profile.html"),
        ),
        (
            "tenancy/store_settings.html",
            include_str!("../../templates/store_settings.html"),
        ),
        (
            "tenancy/invitation.html",
            include_str!("../../templates/invitation.html"),
        ),
        (
            "tenancy/admin_merchants.html",
            include_str!("../../templates/admin_merchants.html"),
        ),
        (
            "tenancy/admin_merchant.html",
            include_str!("../../templates/admin_merchant.html"),
        ),
    ]
}
