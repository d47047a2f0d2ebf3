//! Who gets an alert: the active members of the store whose role grants the alert's
//! permission and who enabled it (or never chose and are owners), each with their e-mail
//! address and language. The team comes from tenancy's service, never its tables.

use orion_kernel::{Lang, StoreId, UserId};
use sea_orm::ConnectionTrait;

use crate::error::AlertError;
use crate::kinds::Kind;
use crate::prefs;

/// One person an alert goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub lang: Lang,
}

/// The store as alerts name it.
#[derive(Debug, Clone)]
pub struct StoreInfo {
    pub id: StoreId,
    pub merchant_id: i64,
    pub name: String,
    pub default_language: String,
}

/// The store's name, merchant and default language (tenancy's services).
pub async fn store_info(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<StoreInfo, AlertError> {
    let r = orion_tenancy::service::admin::store_ref(conn, store).await?;
    let s = orion_tenancy::service::admin::stores_of(conn, &[r.merchant.0])
        .await?
        .into_iter()
        .find(|s| s.id == store.0)
        .ok_or(orion_kernel::NotFound("Store"))?;
    Ok(StoreInfo {
        id: store,
        merchant_id: s.merchant_id,
        name: s.name,
        default_language: s.default_language,
    })
}

/// The permissions of a role as stored (a JSON array of strings).
fn permissions_of(stored: &str) -> Vec<String> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// Whether a role named `role` with `permissions` may get `kind`.
pub fn permitted(role: &str, permissions: &[String], kind: Kind) -> bool {
    role == orion_tenancy::permissions::OWNER || permissions.iter().any(|p| p == kind.permission())
}

/// The recipients of `kind` in `store`.
pub async fn of(
    conn: &impl ConnectionTrait,
    store: &StoreInfo,
    kind: Kind,
) -> Result<Vec<Recipient>, AlertError> {
    let fallback = Lang::parse(&store.default_language).unwrap_or_default();
    let mut out = Vec::new();
    for m in orion_tenancy::service::team::list(conn, store.id).await? {
        if !m.user.active || !permitted(&m.role.name, &permissions_of(&m.role.permissions), kind) {
            continue;
        }
        let is_owner = m.role.name == orion_tenancy::permissions::OWNER;
        let stored = prefs::stored(conn, store.id, UserId(m.user.id)).await?;
        let on = stored
            .get(&kind)
            .copied()
            .unwrap_or(prefs::default_for(is_owner, kind));
        if !on {
            continue;
        }
        out.push(Recipient {
            user_id: m.user.id,
            email: m.user.email,
            lang: m
                .user
                .language
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(fallback),
        });
    }
    Ok(out)
}

/// Writes one alert e-mail per recipient of `kind` to the messaging outbox through `conn`
/// (the transaction of the cause); `vars` gives each language its variables. Returns how
/// many were queued.
pub async fn send(
    conn: &impl ConnectionTrait,
    store: &StoreInfo,
    kind: Kind,
    vars: impl Fn(Lang) -> serde_json::Value,
) -> Result<usize, AlertError> {
    let to = of(conn, store, kind).await?;
    for r in &to {
        let mut v = vars(r.lang);
        v["store_name"] = serde_json::json!(store.name);
        orion_messaging::enqueue(
            conn,
            orion_messaging::NewMessage {
                store_id: Some(store.id),
                to: r.email.clone(),
                reply_to: None,
                from_name: Some(store.name.clone()),
                template: kind.template(),
                lang: r.lang.as_str().to_owned(),
                vars: v,
                attachments: Vec::new(),
            },
        )
        .await?;
    }
    Ok(to.len())
}
