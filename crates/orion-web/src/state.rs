//! The state every router receives, and the seams through which the tenancy module
//! authenticates requests and lays out pages without the web crate knowing its tables.

use std::sync::Arc;

use crate::problem::ApiError;
use orion_db::Db;
use orion_kernel::StoreId;

use crate::auth::Principal;
use crate::pages::{PageSession, Templates};

pub use orion_kernel::BoxFuture;

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
    /// Sections modules add to other modules' pages, in composition order.
    pub panels: Arc<Vec<Arc<dyn crate::panels::PanelProvider>>>,
    /// The permission of every store operation, read from the OpenAPI document by the
    /// composition root (see [`crate::grants`]).
    pub grants: Arc<crate::grants::Grants>,
}

impl AppState {
    /// The sections providers add to the page `slot` showing `subject` (e.g. an order id).
    pub async fn panels(
        &self,
        slot: &str,
        store: Option<StoreId>,
        subject: i64,
    ) -> Result<Vec<crate::panels::Panel>, ApiError> {
        let mut out = Vec::new();
        for p in self.panels.iter().filter(|p| p.slot() == slot) {
            if let Some(panel) = p.panel(self.db.conn(), store, subject).await? {
                out.push(panel);
            }
        }
        Ok(out)
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
