use sea_orm::entity::prelude::*;

/// One password-reset request: every request is kept (known address or not) so requests are
/// throttled per address and per source alike; only a known, active user's carries a token
/// that works. The token itself is never stored, only its keyed digest.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "password_resets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The address asked for (lower-cased).
    pub email: String,
    /// The source address of the request.
    pub ip: String,
    /// The user the address belongs to (`None`: unknown address, the token opens nothing).
    pub user_id: Option<i64>,
    #[sea_orm(unique)]
    pub token_digest: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// When the token was used (or superseded by a reset): a used token never works again.
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
