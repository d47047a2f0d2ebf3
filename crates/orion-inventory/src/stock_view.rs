//! The inventory module's answer to the catalog's stock questions (the catalog's
//! `StockView` port).

use std::collections::HashMap;

use orion_catalog::stock::{OnHand, OnHandRefusal, Place};
use orion_kernel::{BoxFuture, MerchantId, StoreId};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
};

use crate::StockError;
use crate::entity::stock_level;
use crate::service::set_levels::{self, Outcome};
use crate::service::{self, Actor, TxKind};

/// The catalog sees database errors only; anything else here is a broken promise of the
/// check that came before.
fn db(e: StockError) -> DbErr {
    match e {
        StockError::Db(e) => e,
        e => DbErr::Custom(e.to_string()),
    }
}

/// The store's stock levels of the given products, 500 products per query.
async fn levels_of(
    conn: &DatabaseConnection,
    store: StoreId,
    products: &[i64],
) -> Result<Vec<stock_level::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in products.chunks(500) {
        out.extend(
            stock_level::Entity::find()
                .filter(stock_level::Column::StoreId.eq(store.0))
                .filter(stock_level::Column::ProductId.is_in(chunk.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

pub struct InventoryStock;

impl orion_catalog::stock::StockView for InventoryStock {
    fn in_stock_product_ids(&self, store: StoreId) -> SelectStatement {
        Query::select()
            .column(stock_level::Column::ProductId)
            .from(stock_level::Entity)
            .and_where(Expr::col(stock_level::Column::StoreId).eq(store.0))
            .group_by_col(stock_level::Column::ProductId)
            .and_having(
                Func::sum(
                    Expr::col(stock_level::Column::OnHand)
                        .sub(Expr::col(stock_level::Column::Reserved)),
                )
                .gt(0),
            )
            .to_owned()
    }

    fn available<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, i64>, DbErr>> {
        Box::pin(async move {
            let mut out = HashMap::new();
            for l in levels_of(conn, store, products).await? {
                *out.entry(l.product_id).or_insert(0) += l.available();
            }
            Ok(out)
        })
    }

    fn places<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
        products: &'a [i64],
    ) -> BoxFuture<'a, Result<HashMap<i64, Vec<Place>>, DbErr>> {
        Box::pin(async move {
            let warehouses = service::warehouses(conn, store).await.map_err(db)?;
            let mut out: HashMap<i64, Vec<Place>> = HashMap::new();
            for l in levels_of(conn, store, products).await? {
                if l.on_hand <= 0 {
                    continue;
                }
                let warehouse = warehouses
                    .iter()
                    .find(|w| w.id == l.warehouse_id && !w.is_default)
                    .map(|w| w.code.clone())
                    .unwrap_or_default();
                out.entry(l.product_id).or_default().push(Place {
                    warehouse,
                    bin: l.bin,
                    on_hand: l.on_hand,
                });
            }
            Ok(out)
        })
    }

    fn check_on_hand<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        store: StoreId,
        targets: &'a [OnHand],
    ) -> BoxFuture<'a, Result<Vec<OnHandRefusal>, DbErr>> {
        Box::pin(async move {
            set_levels::check(tx, merchant, store, targets)
                .await
                .map_err(db)
        })
    }

    fn set_on_hand<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        merchant: MerchantId,
        store: StoreId,
        targets: &'a [OnHand],
        reason: &'a str,
    ) -> BoxFuture<'a, Result<Result<u64, Vec<OnHandRefusal>>, DbErr>> {
        Box::pin(async move {
            let actor = Actor::default().with_reason(Some(reason.to_owned()));
            let done = set_levels::set_many(tx, merchant, store, targets, TxKind::Import, &actor)
                .await
                .map_err(db)?;
            Ok(done.map(|outcomes| {
                outcomes
                    .iter()
                    .filter(|o| matches!(o, Outcome::Set { .. }))
                    .count() as u64
            }))
        })
    }
}
