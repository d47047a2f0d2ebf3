//! Who did it, as people read it: pages show the name (or e-mail) of the user behind a change,
//! never an id. The users live in tenancy, above this crate, so tenancy implements [`People`]
//! and the composition root registers it in [`PEOPLE`]; pages call [`names`].

use std::collections::HashMap;

use orion_kernel::{BoxFuture, Registry};
use sea_orm::{DatabaseConnection, DbErr};

pub trait People: Send + Sync + 'static {
    /// The display name (the user's name, else their e-mail) of each of `ids` that exists.
    fn names<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        ids: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, String>, DbErr>>;
}

/// The user directory of the composed application.
pub static PEOPLE: Registry<dyn People> = Registry::new();

/// The display names of `ids` (ids without a user, or before composition, are left out).
pub async fn names(
    conn: &DatabaseConnection,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for p in PEOPLE.all() {
        out.extend(p.names(conn, &ids).await?);
    }
    Ok(out)
}
