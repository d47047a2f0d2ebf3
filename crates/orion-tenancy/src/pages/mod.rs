//! HTML pages of the tenancy module: login/logout, store switcher, dashboard, team,
//! invitation acceptance and the admin area for merchants and stores.

mod admin;
mod api_keys;
mod layout;
mod login;
mod password_reset;
mod profile;
mod store;

use axum::Router;
use axum::routing::{get, post};
pub use layout::{TenancyLayout, layout};
use orion_kernel::Lang;
use orion_web::AppState;
use orion_web::i18n;

use crate::permissions as perm;

/// A role as people read it: the default roles translated, a store's own roles by their name.
pub fn role_label(lang: Lang, name: &str) -> String {
    match name {
        perm::OWNER => i18n::t(lang, "tenancy-role-owner"),
        perm::MANAGER => i18n::t(lang, "tenancy-role-manager"),
        perm::STAFF => i18n::t(lang, "tenancy-role-staff"),
        perm::ACCOUNTANT => i18n::t(lang, "tenancy-role-accountant"),
        other => other.to_owned(),
    }
}

/// A permission (`orders.view`) as people read it ("View orders").
pub fn permission_label(lang: Lang, code: &str) -> String {
    match code {
        perm::STORE_VIEW => i18n::t(lang, "tenancy-permission-store-view"),
        perm::ORDERS_VIEW => i18n::t(lang, "tenancy-permission-orders-view"),
        perm::ORDERS_EDIT => i18n::t(lang, "tenancy-permission-orders-edit"),
        perm::PRODUCTS_VIEW => i18n::t(lang, "tenancy-permission-products-view"),
        perm::PRODUCTS_EDIT => i18n::t(lang, "tenancy-permission-products-edit"),
        perm::INVENTORY_VIEW => i18n::t(lang, "tenancy-permission-inventory-view"),
        perm::INVENTORY_ADJUST => i18n::t(lang, "tenancy-permission-inventory-adjust"),
        perm::CUSTOMERS_VIEW => i18n::t(lang, "tenancy-permission-customers-view"),
        perm::CUSTOMERS_EDIT => i18n::t(lang, "tenancy-permission-customers-edit"),
        perm::CUSTOMERS_EXPORT => i18n::t(lang, "tenancy-permission-customers-export"),
        perm::INVOICES_VIEW => i18n::t(lang, "tenancy-permission-invoices-view"),
        perm::INVOICES_ISSUE => i18n::t(lang, "tenancy-permission-invoices-issue"),
        perm::PURCHASING_MANAGE => i18n::t(lang, "tenancy-permission-purchasing-manage"),
        perm::REPORTS_VIEW => i18n::t(lang, "tenancy-permission-reports-view"),
        perm::MARKETPLACE_MANAGE => i18n::t(lang, "tenancy-permission-marketplace-manage"),
        perm::SETTINGS_MANAGE => i18n::t(lang, "tenancy-permission-settings-manage"),
        perm::TEAM_VIEW => i18n::t(lang, "tenancy-permission-team-view"),
        perm::TEAM_MANAGE => i18n::t(lang, "tenancy-permission-team-manage"),
        perm::ROLES_MANAGE => i18n::t(lang, "tenancy-permission-roles-manage"),
        perm::BILLING_VIEW => i18n::t(lang, "tenancy-permission-billing-view"),
        perm::API_KEYS_MANAGE => i18n::t(lang, "tenancy-permission-api-keys-manage"),
        perm::WEBHOOKS_MANAGE => i18n::t(lang, "tenancy-permission-webhooks-manage"),
        other => other.to_owned(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(login::home))
        .route("/login", get(login::login_form).post(login::login_submit))
        .route("/logout", post(login::logout))
        .route(
            "/password-reset",
            get(password_reset::reset_form).post(password_reset::reset_ask),
        )
        .route("/password-reset/sent", get(password_reset::reset_sent))
        .route(
            "/password-reset/confirm",
            post(password_reset::reset_confirm),
        )
        .route("/password-reset/{token}", get(password_reset::reset_link))
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
        .route("/profile/password", post(profile::change_password))
        .route(
            "/settings/store",
            get(profile::store_settings).post(profile::save_store_settings),
        )
        .route("/dashboard", get(store::dashboard))
        .route("/team", get(store::team))
        .route("/api-keys", get(api_keys::page).post(api_keys::create))
        .route("/api-keys/{api_key_id}/revoke", post(api_keys::revoke))
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
            "tenancy/api_keys.html",
            include_str!("../../templates/api_keys.html"),
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
            "tenancy/password_reset.html",
            include_str!("../../templates/password_reset.html"),
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

#[cfg(test)]
mod tests {
    use super::*;
    // Not `i18n::t`: the catalogue test reads literal keys after that name.
    use orion_web::i18n::t as text;

    /// Every default role and every permission maps to a catalogue key (an unknown code is
    /// shown raw), and those keys exist in every language.
    #[test]
    fn roles_and_permissions_have_labels_in_every_language() {
        let roles: Vec<&str> = perm::default_roles().into_iter().map(|(r, _)| r).collect();
        for lang in Lang::ALL {
            for r in &roles {
                let key = format!("tenancy-role-{r}");
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(role_label(lang, r), text(lang, &key));
            }
            for p in perm::ALL {
                let key = format!("tenancy-permission-{}", p.replace(['.', '_'], "-"));
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(permission_label(lang, p), text(lang, &key));
            }
        }
        assert_eq!(role_label(Lang::En, "packer"), "packer");
        assert_eq!(
            permission_label(Lang::Fr, "orders.view"),
            "Voir les commandes"
        );
    }
}
