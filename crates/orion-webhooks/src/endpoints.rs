//! A store's webhook endpoints: the URL (checked by [`guard`]), the subscribed event types,
//! the signing secret (shown once, at creation and rotation; kept encrypted), and whether it
//! is enabled — switched off by hand, or by Orion after repeated failure
//! ([`crate::delivery`]), and back on by hand, which clears the failure count.

use chrono::Utc;
use orion_db::Db;
use orion_kernel::{FieldError, Invalid, StoreId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::crypto::{self, Sealed};
use crate::entity::endpoint;
use crate::error::WebhookError;
use crate::{events, guard, signing};

/// Endpoints one store may have.
pub const MAX_ENDPOINTS: u64 = 20;
/// The longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 200;
/// Why an endpoint is off: Orion switched it off after repeated failure.
pub const DISABLED_FAILING: &str = "failing";
/// Why an endpoint is off: a user switched it off.
pub const DISABLED_MANUAL: &str = "manual";
/// Serialises the endpoint count of one store across instances.
const ENDPOINTS_LOCK: &str = "webhooks.endpoints";
const WHAT: &str = "Webhook endpoint";

/// `POST /api/v1/store/webhooks`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointIn {
    /// `https://…` (plain `http://` only to loopback when the operator allows it).
    pub url: String,
    /// Event types to receive (see the module documentation): `order.created`,
    /// `order.status_changed`, `order.item_decided`, `invoice.issued`, `credit_note.issued`,
    /// `stock.low`, `letzshop.sync_failed`.
    pub events: Vec<String>,
    pub description: Option<String>,
}

/// `PATCH /api/v1/store/webhooks/{webhook_id}`: what is given changes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointPatch {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<String>,
    /// `true` switches a disabled endpoint back on (and clears its failure count).
    pub enabled: Option<bool>,
}

/// An endpoint as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointOut {
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<String>,
    pub enabled: bool,
    pub disabled_at: Option<chrono::DateTime<Utc>>,
    /// `failing` (switched off after repeated failure) or `manual`.
    pub disabled_reason: Option<String>,
    /// Deliveries that failed every attempt since the last successful one.
    pub consecutive_failures: i32,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl From<endpoint::Model> for EndpointOut {
    fn from(e: endpoint::Model) -> Self {
        EndpointOut {
            events: events::of_stored(&e.events),
            id: e.id,
            url: e.url,
            description: e.description,
            enabled: e.enabled,
            disabled_at: e.disabled_at,
            disabled_reason: e.disabled_reason,
            consecutive_failures: e.consecutive_failures,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its signing secret: only when it is created or its secret rotated.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: EndpointOut,
    /// `whsec_…`: verify signatures with it. Shown only now.
    pub secret: String,
}

/// The URL as given, checked (shape, scheme, every address it resolves to).
pub async fn checked_url(raw: &str) -> Result<String, FieldError> {
    let url = guard::parse(raw).map_err(|m| FieldError::new("url", m))?;
    guard::check_target(&url)
        .await
        .map_err(|m| FieldError::new("url", m))?;
    Ok(raw.trim().to_owned())
}

fn checked_description(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let d = raw.map(str::trim).filter(|d| !d.is_empty());
    match d {
        Some(d) if d.chars().count() > MAX_DESCRIPTION_CHARS => Err(FieldError::new(
            "description",
            format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
        )),
        Some(d) if d.chars().any(char::is_control) => Err(FieldError::new(
            "description",
            "must not contain control characters",
        )),
        _ => Ok(d.map(str::to_owned)),
    }
}

/// The plain secret of an endpoint; `None` when the app's secret key changed.
pub fn secret_of(app_key: &[u8], e: &endpoint::Model) -> Option<String> {
    crypto::open(
        app_key,
        e.store_id,
        &Sealed {
            ciphertext: e.secret_ciphertext.clone(),
            nonce: e.secret_nonce.clone(),
        },
    )
}

/// Creates an endpoint; returns it with its new secret.
pub async fn create(
    db: &Db,
    app_key: &[u8],
    store: StoreId,
    input: &EndpointIn,
) -> Result<EndpointWithSecret, WebhookError> {
    let mut errors = Vec::new();
    let url = checked_url(&input.url)
        .await
        .map_err(|e| errors.push(e))
        .ok();
    let chosen = events::parse(&input.events)
        .map_err(|e| errors.extend(e.0))
        .ok();
    let description = checked_description(input.description.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(url), Some(chosen), Some(description)) = (url, chosen, description) else {
        return Err(Invalid(errors).into());
    };
    let secret = signing::new_secret();
    let sealed = crypto::seal(app_key, store.0, &secret);
    let tx = db.begin_write().await?;
    orion_db::lock_key(&tx, ENDPOINTS_LOCK, store.0).await?;
    let count = endpoint::Entity::find()
        .filter(endpoint::Column::StoreId.eq(store.0))
        .count(&tx)
        .await?;
    if count >= MAX_ENDPOINTS {
        return Err(WebhookError::TooManyEndpoints { max: MAX_ENDPOINTS });
    }
    let now = Utc::now();
    let e = endpoint::ActiveModel {
        store_id: Set(store.0),
        url: Set(url),
        description: Set(description),
        events: Set(serde_json::to_string(&chosen)?),
        secret_ciphertext: Set(sealed.ciphertext),
        secret_nonce: Set(sealed.nonce),
        enabled: Set(true),
        disabled_at: Set(None),
        disabled_reason: Set(None),
        consecutive_failures: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(EndpointWithSecret {
        endpoint: e.into(),
        secret,
    })
}

/// The store's endpoints, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<endpoint::Model>, WebhookError> {
    Ok(endpoint::Entity::find()
        .filter(endpoint::Column::StoreId.eq(store.0))
        .order_by_asc(endpoint::Column::Id)
        .all(conn)
        .await?)
}

/// An endpoint of the store (another store's is not found).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<endpoint::Model, WebhookError> {
    Ok(orion_db::query::find_in_store::<endpoint::Entity>(
        conn,
        endpoint::Column::StoreId,
        store,
        id,
        WHAT,
    )
    .await?)
}

/// Changes what the patch gives.
pub async fn update(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    patch: &EndpointPatch,
) -> Result<endpoint::Model, WebhookError> {
    let e = find(conn, store, id).await?;
    let mut errors = Vec::new();
    let url = match &patch.url {
        Some(u) => checked_url(u).await.map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    let chosen = match &patch.events {
        Some(list) => events::parse(list).map_err(|e| errors.extend(e.0)).ok(),
        None => None,
    };
    let description = match &patch.description {
        Some(d) => checked_description(Some(d))
            .map_err(|e| errors.push(e))
            .ok(),
        None => None,
    };
    Invalid::check(errors)?;
    let now = Utc::now();
    let mut a: endpoint::ActiveModel = e.clone().into();
    if let Some(u) = url {
        a.url = Set(u);
    }
    if let Some(c) = chosen {
        a.events = Set(serde_json::to_string(&c)?);
    }
    if let Some(d) = description {
        a.description = Set(d);
    }
    match patch.enabled {
        Some(true) if !e.enabled => {
            a.enabled = Set(true);
            a.disabled_at = Set(None);
            a.disabled_reason = Set(None);
            a.consecutive_failures = Set(0);
        }
        Some(false) if e.enabled => {
            a.enabled = Set(false);
            a.disabled_at = Set(Some(now));
            a.disabled_reason = Set(Some(DISABLED_MANUAL.into()));
        }
        _ => {}
    }
    a.updated_at = Set(now);
    Ok(a.update(conn).await?)
}

/// Switches an endpoint on or off.
pub async fn set_enabled(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    on: bool,
) -> Result<endpoint::Model, WebhookError> {
    let patch = EndpointPatch {
        enabled: Some(on),
        ..Default::default()
    };
    update(conn, store, id, &patch).await
}

/// Deletes an endpoint with its deliveries and their attempts.
pub async fn delete(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<(), WebhookError> {
    let e = find(conn, store, id).await?;
    endpoint::Entity::delete_by_id(e.id).exec(conn).await?;
    Ok(())
}

/// Gives an endpoint a new secret (the old one stops signing at once).
pub async fn rotate_secret(
    conn: &impl ConnectionTrait,
    app_key: &[u8],
    store: StoreId,
    id: i64,
) -> Result<EndpointWithSecret, WebhookError> {
    let e = find(conn, store, id).await?;
    let secret = signing::new_secret();
    let sealed = crypto::seal(app_key, store.0, &secret);
    let mut a: endpoint::ActiveModel = e.into();
    a.secret_ciphertext = Set(sealed.ciphertext);
    a.secret_nonce = Set(sealed.nonce);
    a.updated_at = Set(Utc::now());
    let e = a.update(conn).await?;
    Ok(EndpointWithSecret {
        endpoint: e.into(),
        secret,
    })
}
