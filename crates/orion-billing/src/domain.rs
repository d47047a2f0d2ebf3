//! The vocabulary of billing: metrics, features, subscription statuses.

use serde::{Deserialize, Serialize};

/// A limited quantity. Counters (`orders_per_month`, `api_requests_per_day`) are consumed per
/// period and merchant; live metrics (`products`, `team_members`) count existing rows per store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    OrdersPerMonth,
    Products,
    TeamMembers,
    ApiRequestsPerDay,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::OrdersPerMonth,
        Metric::Products,
        Metric::TeamMembers,
        Metric::ApiRequestsPerDay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::OrdersPerMonth => "orders_per_month",
            Metric::Products => "products",
            Metric::TeamMembers => "team_members",
            Metric::ApiRequestsPerDay => "api_requests_per_day",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::OrdersPerMonth => "Orders this month",
            Metric::Products => "Products",
            Metric::TeamMembers => "Team members",
            Metric::ApiRequestsPerDay => "API requests today",
        }
    }

    /// Whether the metric is consumed through a per-period counter.
    pub fn is_counter(self) -> bool {
        matches!(self, Metric::OrdersPerMonth | Metric::ApiRequestsPerDay)
    }
}

/// Feature codes (SPEC §2). Tiers list the codes they include.
pub struct Feature;

impl Feature {
    pub const LETZSHOP_SYNC: &'static str = "letzshop_sync";
    pub const ORDER_CONFIRM_DECLINE: &'static str = "order_confirm_decline";
    pub const TRACKING: &'static str = "tracking";
    pub const INVOICE_LU: &'static str = "invoice_lu";
    pub const CUSTOMER_LIST: &'static str = "customer_list";
    pub const INVOICE_EU_VAT: &'static str = "invoice_eu_vat";
    pub const WAREHOUSES: &'static str = "warehouses";
    pub const PURCHASE_ORDERS: &'static str = "purchase_orders";
    pub const CUSTOMER_CSV_EXPORT: &'static str = "customer_csv_export";
    pub const MULTI_STORE_DASHBOARD: &'static str = "multi_store_dashboard";
    pub const ACCOUNTING_EXPORT: &'static str = "accounting_export";
    pub const API_KEYS: &'static str = "api_keys";

    pub const ALL: &'static [&'static str] = &[
        Self::LETZSHOP_SYNC,
        Self::ORDER_CONFIRM_DECLINE,
        Self::TRACKING,
        Self::INVOICE_LU,
        Self::CUSTOMER_LIST,
        Self::INVOICE_EU_VAT,
        Self::WAREHOUSES,
        Self::PURCHASE_ORDERS,
        Self::CUSTOMER_CSV_EXPORT,
        Self::MULTI_STORE_DASHBOARD,
        Self::ACCOUNTING_EXPORT,
        Self::API_KEYS,
    ];

    pub fn label(code: &str) -> &str {
        match code {
            Self::LETZSHOP_SYNC => "Letzshop order sync",
            Self::ORDER_CONFIRM_DECLINE => "Confirm and decline items",
            Self::TRACKING => "Tracking upload",
            Self::INVOICE_LU => "Luxembourg VAT invoices",
            Self::CUSTOMER_LIST => "Customer list",
            Self::INVOICE_EU_VAT => "EU VAT invoices (OSS, intra-Community, export)",
            Self::WAREHOUSES => "Warehouses and bins",
            Self::PURCHASE_ORDERS => "Purchase orders and incoming stock",
            Self::CUSTOMER_CSV_EXPORT => "Customer CSV export",
            Self::MULTI_STORE_DASHBOARD => "Multi-store dashboard",
            Self::ACCOUNTING_EXPORT => "Accounting export",
            Self::API_KEYS => "API keys",
            other => other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trialing,
    Active,
    PastDue,
    Cancelled,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "trialing" => Some(Self::Trialing),
            "active" => Some(Self::Active),
            "past_due" => Some(Self::PastDue),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

pub const TIER_CODES: [&str; 4] = ["essential", "professional", "business", "enterprise"];
pub const FALLBACK_TIER: &str = "essential";
pub const TRIAL_TIER: &str = "professional";
pub const TRIAL_DAYS: i64 = 14;
