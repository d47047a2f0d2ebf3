//! What the ship form is prefilled with: the carrier a channel's settings name (the Letzshop
//! connection's default carrier, say). The channel modules sit above orders, so they answer
//! through this port, registered by the composition root.

use orion_kernel::{BoxFuture, Registry, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

pub trait ShipDefaults: Send + Sync + 'static {
    /// The carrier to suggest for an order of `channel` in `store`, if this module knows one.
    fn default_carrier<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        channel: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, DbErr>>;
}

pub static SHIP_DEFAULTS: Registry<dyn ShipDefaults> = Registry::new();

/// The first carrier a registered module suggests.
pub async fn default_carrier(
    conn: &DatabaseConnection,
    store: StoreId,
    channel: &str,
) -> Result<Option<String>, DbErr> {
    for d in SHIP_DEFAULTS.all() {
        if let Some(c) = d.default_carrier(conn, store, channel).await? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}
