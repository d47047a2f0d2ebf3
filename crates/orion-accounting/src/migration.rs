//! Schema of the accounting module.

use orion_db::migration::fk;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261206001001CreateRevenueAccounts),
        Box::new(M20261206001002CreatePackages),
    ]
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

#[derive(DeriveIden, Clone)]
enum AccountingPackages {
    Table,
    Id,
    StoreId,
    PeriodFrom,
    PeriodTo,
    Status,
    Total,
    Done,
    LeaseUntil,
    Error,
    IdempotencyKey,
    CreatedBy,
    CreatedAt,
    FinishedAt,
}

orion_db::migration!(
    M20261206001002CreatePackages,
    "m20261206_001002_create_packages"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206001002CreatePackages {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use AccountingPackages as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(big_pk_auto(P::Id))
                .col(big_integer(P::StoreId))
                .col(date(P::PeriodFrom))
                .col(date(P::PeriodTo))
                .col(
                    string_len(P::Status, 16)
                        .check(Expr::col(P::Status).is_in(["queued", "running", "done", "failed"])),
                )
                .col(big_integer(P::Total).default(0))
                .col(big_integer(P::Done).default(0))
                .col(timestamp_with_time_zone_null(P::LeaseUntil))
                .col(text_null(P::Error))
                .col(string_len_null(P::IdempotencyKey, 200))
                .col(big_integer_null(P::CreatedBy))
                .col(timestamp_with_time_zone(P::CreatedAt))
                .col(timestamp_with_time_zone_null(P::FinishedAt))
                .foreign_key(&mut fk(
                    (P::Table, P::StoreId),
                    orion_db::migration::id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(orion_db::migration::unique_index(
            "ux_accounting_packages_key",
            P::Table,
            [P::StoreId, P::IdempotencyKey],
        ))
        .await?;
        m.create_index(orion_db::migration::index(
            "ix_accounting_packages_store",
            P::Table,
            [P::StoreId, P::Id],
        ))
        .await
    }
}
