use sea_orm::entity::prelude::*;

/// A store API key. The secret itself is never stored: `secret_digest` is its keyed digest.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    /// The secret's first characters (`orion_sk_` and four more), shown to tell keys apart.
    pub prefix: String,
    /// The secret's last four characters.
    pub last_four: String,
    #[sea_orm(unique)]
    pub secret_digest: String,
    /// JSON array of permission strings.
    pub scopes: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn scope_list(&self) -> Vec<String> {
        serde_json::from_str(&self.scopes).unwrap_or_default()
    }
}
