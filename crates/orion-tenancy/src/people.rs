//! Tenancy's answer to "who is user 7?" for other modules' pages (`orion_web::people`).

use std::collections::HashMap;

use orion_kernel::BoxFuture;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::entity::user;

pub struct Users;

impl orion_web::people::People for Users {
    fn names<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        ids: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, String>, DbErr>> {
        Box::pin(async move {
            let mut out = HashMap::new();
            for chunk in ids.chunks(1000) {
                for u in user::Entity::find()
                    .filter(user::Column::Id.is_in(chunk.iter().copied()))
                    .all(conn)
                    .await?
                {
                    let name = u.name.filter(|n| !n.trim().is_empty()).unwrap_or(u.email);
                    out.insert(u.id, name);
                }
            }
            Ok(out)
        })
    }
}
