//! Schema of the accounting module.

use orion_db::migration::fk;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261206001001CreateRevenueAccounts)]
}

#[derive(DeriveIden, Clone)]
enum AccountingRevenueAccounts {
    Table,
    StoreId,
    Regime,
    Rate,
    Account,
    UpdatedAt,
}

orion_db::migration!(
    M20261206001001CreateRevenueAccounts,
    "m20261206_001001_create_revenue_accounts"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206001001CreateRevenueAccounts {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use AccountingRevenueAccounts as A;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(big_integer(A::StoreId))
                .col(string_len(A::Regime, 40))
                .col(string_len(A::Rate, 8))
                .col(string_len(A::Account, 20))
                .col(timestamp_with_time_zone(A::UpdatedAt))
                .primary_key(Index::create().col(A::StoreId).col(A::Regime).col(A::Rate))
                .foreign_key(&mut fk(
                    (A::Table, A::StoreId),
                    orion_db::migration::id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }
}
