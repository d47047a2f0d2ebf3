//! The context every signed-in page passes to `base.html`: who, which store, the store
//! switcher entries, the CSRF token. Other modules call [`layout`] for their pages too.

use orion_web::ApiError;
use orion_web::AppState;
use orion_web::pages::PageSession;
use serde_json::{Value, json};

use crate::service::admin;

pub async fn layout(state: &AppState, session: &PageSession, nav: &str) -> Result<Value, ApiError> {
    let p = &session.0;
    let stores: Vec<Value> = admin::memberships(state.db.conn(), p.user_id.0)
        .await?
        .into_iter()
        .map(|(s, role)| json!({"code": s.code, "name": s.name, "role": role}))
        .collect();
    Ok(json!({
        "me": {"email": p.email, "name": p.name, "is_platform_admin": p.is_platform_admin, "owns_merchant": !p.owned_merchants.is_empty()},
        "store": p.store.as_ref().map(|s| json!({
            "code": s.code, "name": s.name, "role": s.role,
            "permissions": s.permissions.iter().collect::<Vec<_>>(),
        })),
        "stores": stores,
        "csrf": session.csrf(),
        "nav": nav,
        "demo": state.settings.demo,
        "lang": orion_web::i18n::current().as_str(),
        "tz": p.store.as_ref().map(|s| s.timezone.as_str()).unwrap_or(orion_kernel::locale::DEFAULT_TIME_ZONE),
        "languages": languages(),
    }))
}

/// The language picker's entries, each in its own language.
pub fn languages() -> Vec<Value> {
    orion_kernel::Lang::ALL
        .iter()
        .map(|l| json!({"code": l.as_str(), "name": l.name()}))
        .collect()
}

/// Merges page-specific values into the layout context.
pub fn with(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

/// The tenancy module's [`orion_web::PageLayout`]: every module's pages render with it.
pub struct TenancyLayout;

impl orion_web::PageLayout for TenancyLayout {
    fn context<'a>(
        &'a self,
        state: &'a AppState,
        session: &'a PageSession,
        nav: &'a str,
    ) -> orion_web::state::BoxFuture<'a, Result<Value, ApiError>> {
        Box::pin(layout(state, session, nav))
    }
}
