use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Monthly price in cents; null = custom pricing.
    pub monthly_price_cents: Option<i64>,
    pub limit_orders_per_month: Option<i64>,
    pub limit_products: Option<i64>,
    pub limit_team_members: Option<i64>,
    pub limit_api_requests_per_day: Option<i64>,
    /// Requests an API key may send at once (its token bucket's size).
    pub api_burst: i32,
    /// Requests per minute an API key's bucket refills at.
    pub api_rate_per_minute: i32,
    /// JSON array of feature codes.
    pub features: String,
    pub rank: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn limit(&self, m: crate::Metric) -> Option<i64> {
        match m {
            crate::Metric::OrdersPerMonth => self.limit_orders_per_month,
            crate::Metric::Products => self.limit_products,
            crate::Metric::TeamMembers => self.limit_team_members,
            crate::Metric::ApiRequestsPerDay => self.limit_api_requests_per_day,
        }
    }

    pub fn feature_list(&self) -> Vec<String> {
        serde_json::from_str(&self.features).unwrap_or_default()
    }

    pub fn has_feature(&self, f: &str) -> bool {
        self.feature_list().iter().any(|x| x == f)
    }
}
