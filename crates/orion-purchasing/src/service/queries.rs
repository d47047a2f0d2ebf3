//! Reading purchase orders: the list with filters, and one order with its supplier, lines and
//! products.

use std::collections::HashMap;

use orion_catalog::entity::product;
use orion_kernel::{Pagination, StoreId};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use super::{Status, lines_of};
use crate::entity::{line, purchase_order, supplier};
use crate::error::PurchasingError;

/// Filters of the purchase order list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoFilter {
    /// `draft`, `ordered`, `partially_received`, `received`, `closed`, `cancelled`, or `open`
    /// (ordered or partially received).
    pub status: Option<String>,
    /// Searches the number and the supplier's name.
    pub q: Option<String>,
    pub supplier_id: Option<i64>,
}

/// One page of the store's purchase orders, newest first, and how many match.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &PoFilter,
    p: &Pagination,
) -> Result<(Vec<purchase_order::Model>, u64), PurchasingError> {
    let mut cond = Condition::all().add(purchase_order::Column::StoreId.eq(store.0));
    match f.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => {}
        Some("open") => {
            cond = cond.add(
                purchase_order::Column::Status
                    .is_in([Status::Ordered.as_str(), Status::PartiallyReceived.as_str()]),
            )
        }
        Some(s) => match Status::parse(s) {
            Some(s) => cond = cond.add(purchase_order::Column::Status.eq(s.as_str())),
            None => {
                return Err(orion_kernel::Invalid::field(
                    "status",
                    "must be draft, ordered, partially_received, received, closed, cancelled or open",
                )
                .into());
            }
        },
    }
    if let Some(s) = f.supplier_id {
        cond = cond.add(purchase_order::Column::SupplierId.eq(s));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let suppliers: Vec<i64> = super::suppliers::list(conn, store, Some(q), false)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let pattern = format!("%{}%", q.to_uppercase().replace(['\\', '%', '_'], ""));
        cond = cond.add(
            Condition::any()
                .add(purchase_order::Column::Number.like(pattern))
                .add(purchase_order::Column::SupplierId.is_in(suppliers)),
        );
    }
    Ok(orion_db::query::page(
        conn,
        purchase_order::Entity::find()
            .filter(cond)
            .order_by_desc(purchase_order::Column::Id),
        p,
    )
    .await?)
}

/// A purchase order with what its pages and documents show.
pub struct Detail {
    pub po: purchase_order::Model,
    pub supplier: supplier::Model,
    pub lines: Vec<(line::Model, Option<product::Model>)>,
}

/// The names of suppliers by id.
pub async fn supplier_names(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<HashMap<i64, String>, PurchasingError> {
    Ok(supplier::Entity::find()
        .filter(supplier::Column::StoreId.eq(store.0))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

/// The order with its supplier, lines and their products.
pub async fn detail(
    conn: &impl ConnectionTrait,
    store: StoreId,
    po: purchase_order::Model,
) -> Result<Detail, PurchasingError> {
    let supplier =
        super::suppliers::find(conn, store, orion_kernel::SupplierId(po.supplier_id)).await?;
    let lines = lines_of(conn, po.id).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let products: HashMap<i64, product::Model> =
        orion_catalog::service::find_many(conn, store, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let lines = lines
        .into_iter()
        .map(|l| {
            let p = products.get(&l.product_id).cloned();
            (l, p)
        })
        .collect();
    Ok(Detail {
        po,
        supplier,
        lines,
    })
}
