//! Schema of the billing module, and the tier definitions of SPEC §2 as seed data.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000101CreateBilling),
        Box::new(M20261206000102BusinessUnlimitedOrders),
        Box::new(M20261206000103ApiRate),
    ]
}

#[derive(DeriveIden, Clone)]
enum Tiers {
    Table,
    Id,
    Code,
    Name,
    MonthlyPriceCents,
    LimitOrdersPerMonth,
    LimitProducts,
    LimitTeamMembers,
    LimitApiRequestsPerDay,
    ApiBurst,
    ApiRatePerMinute,
    Features,
    Rank,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Subscriptions {
    Table,
    Id,
    MerchantId,
    TierCode,
    Status,
    TrialEndsAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SubscriptionHistory {
    Table,
    Id,
    MerchantId,
    ChangedBy,
    ChangedAt,
    FromTier,
    ToTier,
    FromStatus,
    ToStatus,
    Note,
}

#[derive(DeriveIden, Clone)]
enum UsageCounters {
    Table,
    Id,
    MerchantId,
    Metric,
    Period,
    Used,
}

/// `(code, name, price in cents, orders/month, products/store, team/store, API requests/day, features)`.
type TierSeed = (
    &'static str,
    &'static str,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    &'static [&'static str],
);

const ESSENTIAL_FEATURES: &[&str] = &[
    "letzshop_sync",
    "order_confirm_decline",
    "tracking",
    "invoice_lu",
    "customer_list",
];
const PROFESSIONAL_FEATURES: &[&str] = &[
    "letzshop_sync",
    "order_confirm_decline",
    "tracking",
    "invoice_lu",
    "customer_list",
    "invoice_eu_vat",
    "warehouses",
    "purchase_orders",
    "customer_csv_export",
];
const BUSINESS_FEATURES: &[&str] = &[
    "letzshop_sync",
    "order_confirm_decline",
    "tracking",
    "invoice_lu",
    "customer_list",
    "invoice_eu_vat",
    "warehouses",
    "purchase_orders",
    "customer_csv_export",
    "multi_store_dashboard",
    "accounting_export",
    "api_keys",
];

/// SPEC §2. API requests are 0 where the tier has no API keys.
const TIERS: [TierSeed; 4] = [
    (
        "essential",
        "Essential",
        Some(4900),
        Some(100),
        Some(200),
        Some(1),
        Some(0),
        ESSENTIAL_FEATURES,
    ),
    (
        "professional",
        "Professional",
        Some(9900),
        Some(500),
        None,
        Some(3),
        Some(0),
        PROFESSIONAL_FEATURES,
    ),
    (
        "business",
        "Business",
        Some(19900),
        Some(2000),
        None,
        Some(10),
        Some(20_000),
        BUSINESS_FEATURES,
    ),
    (
        "enterprise",
        "Enterprise",
        None,
        None,
        None,
        None,
        None,
        BUSINESS_FEATURES,
    ),
];

orion_db::migration!(
    M20261124000101CreateBilling,
    "m20261124_000101_create_billing"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000101CreateBilling {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tiers::Table)
                .col(big_pk_auto(Tiers::Id))
                .col(string_len_uniq(Tiers::Code, 20))
                .col(string_len(Tiers::Name, 100))
                .col(
                    big_integer_null(Tiers::MonthlyPriceCents)
                        .check(Expr::col(Tiers::MonthlyPriceCents).gte(0)),
                )
                .col(
                    big_integer_null(Tiers::LimitOrdersPerMonth)
                        .check(Expr::col(Tiers::LimitOrdersPerMonth).gte(0)),
                )
                .col(
                    big_integer_null(Tiers::LimitProducts)
                        .check(Expr::col(Tiers::LimitProducts).gte(0)),
                )
                .col(
                    big_integer_null(Tiers::LimitTeamMembers)
                        .check(Expr::col(Tiers::LimitTeamMembers).gte(0)),
                )
                .col(
                    big_integer_null(Tiers::LimitApiRequestsPerDay)
                        .check(Expr::col(Tiers::LimitApiRequestsPerDay).gte(0)),
                )
                .col(text(Tiers::Features))
                .col(integer(Tiers::Rank))
                .col(timestamp_with_time_zone(Tiers::UpdatedAt))
                .to_owned(),
        )
        .await?;
        let now = chrono::Utc::now();
        for (rank, (code, name, price, orders, products, team, api, features)) in
            TIERS.iter().enumerate()
        {
            let features =
                serde_json::to_string(features).map_err(|e| DbErr::Custom(e.to_string()))?;
            m.exec_stmt(
                Query::insert()
                    .into_table(Tiers::Table)
                    .columns([
                        Tiers::Code,
                        Tiers::Name,
                        Tiers::MonthlyPriceCents,
                        Tiers::LimitOrdersPerMonth,
                        Tiers::LimitProducts,
                        Tiers::LimitTeamMembers,
                        Tiers::LimitApiRequestsPerDay,
                        Tiers::Features,
                        Tiers::Rank,
                        Tiers::UpdatedAt,
                    ])
                    .values_panic([
                        (*code).into(),
                        (*name).into(),
                        (*price).into(),
                        (*orders).into(),
                        (*products).into(),
                        (*team).into(),
                        (*api).into(),
                        features.into(),
                        (rank as i32).into(),
                        now.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Subscriptions::Table)
                .col(big_pk_auto(Subscriptions::Id))
                .col(big_integer_uniq(Subscriptions::MerchantId))
                .col(string_len(Subscriptions::TierCode, 20))
                .col(string_len(Subscriptions::Status, 12).check(
                    Expr::col(Subscriptions::Status).is_in([
                        "trialing",
                        "active",
                        "past_due",
                        "cancelled",
                    ]),
                ))
                .col(timestamp_with_time_zone_null(Subscriptions::TrialEndsAt))
                .col(timestamp_with_time_zone(Subscriptions::CreatedAt))
                .col(timestamp_with_time_zone(Subscriptions::UpdatedAt))
                .foreign_key(&mut fk(
                    (Subscriptions::Table, Subscriptions::MerchantId),
                    id_of("merchants"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Subscriptions::Table, Subscriptions::TierCode),
                    (Tiers::Table, Tiers::Code),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SubscriptionHistory::Table)
                .col(big_pk_auto(SubscriptionHistory::Id))
                .col(big_integer(SubscriptionHistory::MerchantId))
                .col(big_integer_null(SubscriptionHistory::ChangedBy))
                .col(timestamp_with_time_zone(SubscriptionHistory::ChangedAt))
                .col(string_len_null(SubscriptionHistory::FromTier, 20))
                .col(string_len(SubscriptionHistory::ToTier, 20))
                .col(string_len_null(SubscriptionHistory::FromStatus, 12))
                .col(string_len(SubscriptionHistory::ToStatus, 12))
                .col(string_len_null(SubscriptionHistory::Note, 500))
                .foreign_key(&mut fk(
                    (SubscriptionHistory::Table, SubscriptionHistory::MerchantId),
                    id_of("merchants"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SubscriptionHistory::Table, SubscriptionHistory::ChangedBy),
                    id_of("users"),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_subscription_history_merchant",
            SubscriptionHistory::Table,
            [SubscriptionHistory::MerchantId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(UsageCounters::Table)
                .col(big_pk_auto(UsageCounters::Id))
                .col(big_integer(UsageCounters::MerchantId))
                .col(string_len(UsageCounters::Metric, 40))
                .col(string_len(UsageCounters::Period, 10))
                .col(big_integer(UsageCounters::Used).check(Expr::col(UsageCounters::Used).gte(0)))
                .foreign_key(&mut fk(
                    (UsageCounters::Table, UsageCounters::MerchantId),
                    id_of("merchants"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_usage_counters_key",
            UsageCounters::Table,
            [
                UsageCounters::MerchantId,
                UsageCounters::Metric,
                UsageCounters::Period,
            ],
        ))
        .await?;
        Ok(())
    }
}

// The plan's tier table (SPEC §2) gives Business unlimited orders; the first seed said 2,000
// a month. The seeded row is corrected only while it is exactly as seeded: a tier an admin
// edited (any column) keeps the admin's values.
orion_db::migration!(
    M20261206000102BusinessUnlimitedOrders,
    "m20261206_000102_business_unlimited_orders"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206000102BusinessUnlimitedOrders {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let features =
            serde_json::to_string(BUSINESS_FEATURES).map_err(|e| DbErr::Custom(e.to_string()))?;
        m.exec_stmt(
            Query::update()
                .table(Tiers::Table)
                .value(Tiers::LimitOrdersPerMonth, Option::<i64>::None)
                .value(Tiers::UpdatedAt, chrono::Utc::now())
                .and_where(Expr::col(Tiers::Code).eq("business"))
                .and_where(Expr::col(Tiers::Name).eq("Business"))
                .and_where(Expr::col(Tiers::MonthlyPriceCents).eq(19900))
                .and_where(Expr::col(Tiers::LimitOrdersPerMonth).eq(2000))
                .and_where(Expr::col(Tiers::LimitProducts).is_null())
                .and_where(Expr::col(Tiers::LimitTeamMembers).eq(10))
                .and_where(Expr::col(Tiers::LimitApiRequestsPerDay).eq(20_000))
                .and_where(Expr::col(Tiers::Features).eq(features))
                .to_owned(),
        )
        .await
    }
}

// The per-key rate limit of store API keys (a token bucket: `api_burst` requests at once,
// refilled at `api_rate_per_minute`), configurable per tier beside the daily quota.
orion_db::migration!(M20261206000103ApiRate, "m20261206_000103_api_rate");

#[async_trait::async_trait]
impl MigrationTrait for M20261206000103ApiRate {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Tiers::Table)
                .add_column(integer(Tiers::ApiBurst).default(DEFAULT_API_BURST))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Tiers::Table)
                .add_column(integer(Tiers::ApiRatePerMinute).default(DEFAULT_API_RATE_PER_MINUTE))
                .to_owned(),
        )
        .await
    }
}

/// Requests an API key may send at once.
pub const DEFAULT_API_BURST: i32 = 100;
/// Requests per minute an API key's burst refills at.
pub const DEFAULT_API_RATE_PER_MINUTE: i32 = 300;
