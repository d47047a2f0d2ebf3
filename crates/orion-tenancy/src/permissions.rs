//! Permission strings and the default roles every store starts with (SPEC §3).
//! Handlers name the permission they need; roles are sets of these strings.

pub const ORDERS_VIEW: &str = "orders.view";
pub const ORDERS_EDIT: &str = "orders.edit";
pub const PRODUCTS_VIEW: &str = "products.view";
pub const PRODUCTS_EDIT: &str = "products.edit";
pub const INVENTORY_VIEW: &str = "inventory.view";
pub const INVENTORY_ADJUST: &str = "inventory.adjust";
pub const CUSTOMERS_VIEW: &str = "customers.view";
pub const CUSTOMERS_EDIT: &str = "customers.edit";
pub const CUSTOMERS_EXPORT: &str = "customers.export";
pub const INVOICES_VIEW: &str = "invoices.view";
pub const INVOICES_ISSUE: &str = "invoices.issue";
pub const PURCHASING_MANAGE: &str = "purchasing.manage";
pub const REPORTS_VIEW: &str = "reports.view";
pub const MARKETPLACE_MANAGE: &str = "marketplace.manage";
pub const SETTINGS_MANAGE: &str = "settings.manage";
pub const STORE_VIEW: &str = "store.view";
pub const TEAM_VIEW: &str = "team.view";
pub const TEAM_MANAGE: &str = "team.manage";
pub const ROLES_MANAGE: &str = "roles.manage";
pub const BILLING_VIEW: &str = "billing.view";
/// Create, list and revoke the store's API keys.
pub const API_KEYS_MANAGE: &str = "api_keys.manage";
/// Manage the store's webhook endpoints and see their deliveries.
pub const WEBHOOKS_MANAGE: &str = "webhooks.manage";

/// Every permission Orion knows, in a stable order.
pub const ALL: &[&str] = &[
    STORE_VIEW,
    ORDERS_VIEW,
    ORDERS_EDIT,
    PRODUCTS_VIEW,
    PRODUCTS_EDIT,
    INVENTORY_VIEW,
    INVENTORY_ADJUST,
    CUSTOMERS_VIEW,
    CUSTOMERS_EDIT,
    CUSTOMERS_EXPORT,
    INVOICES_VIEW,
    INVOICES_ISSUE,
    PURCHASING_MANAGE,
    REPORTS_VIEW,
    MARKETPLACE_MANAGE,
    SETTINGS_MANAGE,
    TEAM_VIEW,
    TEAM_MANAGE,
    ROLES_MANAGE,
    BILLING_VIEW,
    API_KEYS_MANAGE,
    WEBHOOKS_MANAGE,
];

/// Permissions only owners hold by default: they hand out access to the store's data to
/// other programs.
pub const OWNER_ONLY: &[&str] = &[ROLES_MANAGE, BILLING_VIEW, API_KEYS_MANAGE, WEBHOOKS_MANAGE];

pub const OWNER: &str = "owner";
pub const MANAGER: &str = "manager";
pub const STAFF: &str = "staff";
pub const ACCOUNTANT: &str = "accountant";

/// The default roles created with every store: `(name, permissions)`.
pub fn default_roles() -> Vec<(&'static str, Vec<&'static str>)> {
    let manager: Vec<&str> = ALL
        .iter()
        .copied()
        .filter(|p| !OWNER_ONLY.contains(p))
        .collect();
    vec![
        (OWNER, ALL.to_vec()),
        (MANAGER, manager),
        (
            STAFF,
            vec![
                STORE_VIEW,
                ORDERS_VIEW,
                ORDERS_EDIT,
                PRODUCTS_VIEW,
                INVENTORY_VIEW,
                INVENTORY_ADJUST,
                CUSTOMERS_VIEW,
                TEAM_VIEW,
            ],
        ),
        (
            ACCOUNTANT,
            vec![
                STORE_VIEW,
                ORDERS_VIEW,
                INVOICES_VIEW,
                INVOICES_ISSUE,
                CUSTOMERS_VIEW,
                REPORTS_VIEW,
                BILLING_VIEW,
                TEAM_VIEW,
            ],
        ),
    ]
}

pub fn is_known(p: &str) -> bool {
    ALL.contains(&p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_has_everything_and_roles_use_known_permissions() {
        let roles = default_roles();
        assert_eq!(roles[0].1.len(), ALL.len());
        for (_, perms) in &roles {
            assert!(perms.iter().all(|p| is_known(p)));
        }
        let manager = &roles[1].1;
        assert!(manager.contains(&TEAM_MANAGE) && !manager.contains(&ROLES_MANAGE));
    }
}
