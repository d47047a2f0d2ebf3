use sea_orm::entity::prelude::*;

/// The Letzshop connection of one store (one row per store).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letzshop_connections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub store_id: i64,
    /// ChaCha20-Poly1305 ciphertext of the API key (base64), key derived from ORION_SECRET_KEY.
    pub api_key_ciphertext: String,
    /// The random 96-bit nonce of the ciphertext (base64).
    pub api_key_nonce: String,
    pub key_last4: String,
    pub endpoint: String,
    pub auto_sync: bool,
    pub sync_interval_minutes: i32,
    pub default_carrier: Option<String>,
    pub last_sync_at: Option<DateTimeUtc>,
    pub next_sync_at: Option<DateTimeUtc>,
    /// The instance currently syncing this store, while `lease_expires_at` is in the future.
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
