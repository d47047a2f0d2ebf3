//! The state every router receives, and the seam through which the tenancy module
//! authenticates requests without the web crate knowing its tables.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use orion_db::Db;
use orion_kernel::ApiError;

use crate::auth::Principal;
use crate::pages::Templates;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Resolves a presented token (bearer or cookie) into the principal it stands for.
/// Implemented by the tenancy module; `None` means unknown, expired or revoked.
pub trait Authenticator: Send + Sync + 'static {
    fn resolve<'a>(&'a self, state: &'a AppState, token: &'a str) -> BoxFuture<'a, Result<Option<Principal>, ApiError>>;
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
}
