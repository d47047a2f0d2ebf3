//! What a user and a store say about themselves: the user's language, the store's name,
//! default language and time zone.

use orion_kernel::{FieldError, Invalid, Lang, StoreId, UserId};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde::Deserialize;

use super::now;
use crate::TenancyError;
use crate::entity::{store, user};

/// Sets (or, with `None`, forgets) the back office's language of a user.
pub async fn set_language(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    lang: Option<Lang>,
) -> Result<user::Model, TenancyError> {
    let u = user::Entity::find_by_id(user_id.0)
        .one(conn)
        .await?
        .ok_or(orion_kernel::NotFound("User"))?;
    let mut a: user::ActiveModel = u.into();
    a.language = Set(lang.map(|l| l.as_str().to_owned()));
    a.updated_at = Set(now());
    Ok(a.update(conn).await?)
}

/// A change of the store's own settings; absent fields stay.
#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StorePatch {
    pub name: Option<String>,
    /// en, fr or de: the language of new customers' documents when they have none.
    pub default_language: Option<String>,
    /// IANA time zone pages show times in, e.g. `Europe/Luxembourg`.
    pub timezone: Option<String>,
}

/// Changes the store's name, default language or time zone.
pub async fn update_store(
    conn: &impl ConnectionTrait,
    store_id: StoreId,
    patch: &StorePatch,
) -> Result<store::Model, TenancyError> {
    let s = store::Entity::find_by_id(store_id.0)
        .one(conn)
        .await?
        .ok_or(orion_kernel::NotFound("Store"))?;
    let mut errors = Vec::new();
    let mut a: store::ActiveModel = s.into();
    if let Some(n) = &patch.name {
        match crate::validate::text("name", n, 200) {
            Ok(n) => a.name = Set(n),
            Err(e) => errors.push(e),
        }
    }
    if let Some(l) = &patch.default_language {
        match crate::validate::language("default_language", l) {
            Ok(l) => a.default_language = Set(l),
            Err(e) => errors.push(e),
        }
    }
    if let Some(tz) = &patch.timezone {
        match orion_kernel::locale::parse_time_zone(tz) {
            Some(z) => a.timezone = Set(z.name().to_owned()),
            None => errors.push(FieldError::new(
                "timezone",
                "must be a time zone such as Europe/Luxembourg",
            )),
        }
    }
    Invalid::check(errors)?;
    Ok(a.update(conn).await?)
}
