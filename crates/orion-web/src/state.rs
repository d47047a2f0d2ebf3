//! The state every router receives, and the seam through which the tenancy module
//! authenticates requests without the web crate knowing its tables.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::problem::ApiError;
use orion_db::Db;
use orion_kernel::StoreId;

use crate::auth::Principal;
use crate::pages::{PageSession, Templates};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Resolves a presented token (bearer or cookie) into the principal it stands for.
/// Implemented by the tenancy module; `None` means unknown, expired or revoked.
pub trait Authenticator: Send + Sync + 'static {
    fn resolve<'a>(
        &'a self,
        state: &'a AppState,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Option<Principal>, ApiError>>;
}

/// Builds the context every signed-in page renders with (user, store, store switcher, CSRF
/// token). Implemented by the tenancy module, used by every module's pages.
pub trait PageLayout: Send + Sync + 'static {
    fn context<'a>(
        &'a self,
        state: &'a AppState,
        session: &'a PageSession,
        nav: &'a str,
    ) -> BoxFuture<'a, Result<serde_json::Value, ApiError>>;
}

/// Counts live rows of one limited resource in a store (`products`, `team_members`), so
/// billing can report usage without reading other modules' tables.
pub trait LiveCounter: Send + Sync + 'static {
    fn metric(&self) -> &'static str;
    fn count<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<u64, ApiError>>;
}

/// What the catalog may know of stock without reading inventory's tables. Implemented by
/// the inventory module.
pub trait StockView: Send + Sync + 'static {
    /// A subquery selecting the ids of the store's products with available stock (> 0).
    fn in_stock_product_ids(&self, store: StoreId) -> sea_orm::sea_query::SelectStatement;
    /// Available quantity (on hand − reserved, all warehouses) of each given product.
    fn available<'a>(
        &'a self,
        conn: &'a sea_orm::DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<std::collections::HashMap<i64, i64>, ApiError>>;
}

/// Settings the HTTP layer needs.
#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Key for token digests and, later, encryption at rest.
    pub secret_key: Vec<u8>,
    /// Base URL users reach Orion at (for links such as invitation URLs).
    pub public_url: String,
    /// Lifetime of access tokens and web sessions.
    pub token_ttl: chrono::Duration,
    /// Lifetime of team invitations.
    pub invitation_ttl: chrono::Duration,
    /// Length of the trial a new merchant gets (0 = none).
    pub trial_days: i64,
    /// Demo mode (sample data, relaxed secret requirement); shown in the UI.
    pub demo: bool,
}

impl WebSettings {
    /// Cookies get `Secure` when the public URL is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<WebSettings>,
    pub auth: Arc<dyn Authenticator>,
    pub templates: Arc<Templates>,
    pub layout: Arc<dyn PageLayout>,
    pub live_counters: Arc<Vec<Arc<dyn LiveCounter>>>,
    /// Stock as the catalog sees it (absent when no inventory module is composed).
    pub stock: Option<Arc<dyn StockView>>,
    /// Modules taking part in orders' life (marketplace, invoicing), in composition order.
    pub order_extensions: Arc<Vec<Arc<dyn crate::order_ext::OrderExtension>>>,
}

impl AppState {
    /// Tells every order extension about `event`, inside the caller's transaction.
    pub async fn order_event(
        &self,
        tx: &sea_orm::DatabaseTransaction,
        store: StoreId,
        event: &crate::order_ext::OrderEvent,
    ) -> Result<(), ApiError> {
        for ext in self.order_extensions.iter() {
            ext.on_event(tx, store, event).await?;
        }
        Ok(())
    }

    /// The sections extensions add to the detail page of `order_id`.
    pub async fn order_panels(
        &self,
        store: StoreId,
        order_id: i64,
    ) -> Result<Vec<crate::order_ext::OrderPanel>, ApiError> {
        let mut out = Vec::new();
        for ext in self.order_extensions.iter() {
            if let Some(p) = ext.panel(self.db.conn(), store, order_id).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The live count of `metric` in `store`, when a module registered a counter for it.
    pub async fn live_count(&self, metric: &str, store: StoreId) -> Result<Option<u64>, ApiError> {
        match self.live_counters.iter().find(|c| c.metric() == metric) {
            Some(c) => c.count(self.db.conn(), store).await.map(Some),
            None => Ok(None),
        }
    }

    /// Layout context plus page-specific values.
    pub async fn page_context(
        &self,
        session: &PageSession,
        nav: &str,
        extra: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let mut base = self.layout.context(self, session, nav).await?;
        if let (serde_json::Value::Object(b), serde_json::Value::Object(e)) = (&mut base, extra) {
            b.extend(e);
        }
        Ok(base)
    }
}
