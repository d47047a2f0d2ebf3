//! The inventory module's answer to the catalog's stock questions (the catalog's
//! `StockView` port).

use std::collections::HashMap;

use orion_kernel::BoxFuture;
use orion_kernel::StoreId;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::entity::stock_level;

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
            for chunk in products.chunks(500) {
                let levels = stock_level::Entity::find()
                    .filter(stock_level::Column::StoreId.eq(store.0))
                    .filter(stock_level::Column::ProductId.is_in(chunk.iter().copied()))
                    .all(conn)
                    .await?;
                for l in levels {
                    *out.entry(l.product_id).or_insert(0) += l.available();
                }
            }
            Ok(out)
        })
    }
}
