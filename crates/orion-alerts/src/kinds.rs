//! The alerts a user may choose, the permission each needs and its e-mail template.

use serde::{Deserialize, Serialize};

/// One kind of alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A digest of the orders that arrived and wait for confirmation.
    NewOrders,
    /// A Letzshop synchronisation failed.
    LetzshopSyncFailed,
    /// A product's available stock fell to its reorder point.
    LowStock,
    /// The merchant's plan usage reached 80 % of a limit.
    PlanLimit,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::NewOrders,
        Kind::LetzshopSyncFailed,
        Kind::LowStock,
        Kind::PlanLimit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NewOrders => "new_orders",
            Kind::LetzshopSyncFailed => "letzshop_sync_failed",
            Kind::LowStock => "low_stock",
            Kind::PlanLimit => "plan_limit",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The permission a member needs to get it (owners hold every permission).
    pub fn permission(self) -> &'static str {
        use orion_tenancy::permissions as p;
        match self {
            Kind::NewOrders => p::ORDERS_VIEW,
            Kind::LetzshopSyncFailed => p::MARKETPLACE_MANAGE,
            Kind::LowStock => p::INVENTORY_VIEW,
            Kind::PlanLimit => p::SETTINGS_MANAGE,
        }
    }

    /// The messaging template of its e-mail.
    pub fn template(self) -> &'static str {
        match self {
            Kind::NewOrders => "alert_new_orders",
            Kind::LetzshopSyncFailed => "alert_sync_failed",
            Kind::LowStock => "alert_low_stock",
            Kind::PlanLimit => "alert_plan_limit",
        }
    }

    /// The catalogue key of its label (`alerts-kind-<kind>`).
    pub fn label_key(self) -> String {
        format!("alerts-kind-{}", self.as_str().replace('_', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_need_a_known_permission() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert!(orion_tenancy::permissions::is_known(k.permission()));
            assert!(orion_messaging::templates::NAMES.contains(&k.template()));
        }
        assert_eq!(Kind::parse("weather"), None);
    }

    #[test]
    fn every_kind_has_a_label_and_a_hint_in_every_language() {
        use orion_kernel::Lang;
        for lang in [Lang::En, Lang::Fr, Lang::De] {
            for k in Kind::ALL {
                for key in [k.label_key(), format!("{}-hint", k.label_key())] {
                    assert_ne!(orion_web::i18n::t(lang, &key), key, "{lang:?}");
                }
            }
        }
        assert_ne!(
            orion_web::i18n::t(Lang::Fr, &Kind::LowStock.label_key()),
            orion_web::i18n::t(Lang::En, &Kind::LowStock.label_key())
        );
    }

    #[test]
    fn the_plan_alert_starts_at_eighty_percent() {
        use crate::sink::reaches_threshold;
        assert!(!reaches_threshold(3, 5));
        assert!(reaches_threshold(4, 5));
        assert!(reaches_threshold(80, 100));
        assert!(!reaches_threshold(79, 100));
        assert!(!reaches_threshold(0, 0));
    }
}
