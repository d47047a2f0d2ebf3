//! Schema of the reporting module.

use orion_db::migration::fk;
use orion_db::migration::id_of;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261205001001CreateReporting),
        Box::new(M20261205001002SalesByCountry),
        Box::new(M20261205001003FactsCustomer),
    ]
}

#[derive(DeriveIden, Clone)]
enum SalesOrderFacts {
    Table,
    OrderId,
    StoreId,
    Day,
    Channel,
    Orders,
    Cancelled,
    Units,
    GrossCents,
    NetCents,
    VatCents,
    RefundedCents,
    Products,
}

#[derive(DeriveIden, Clone)]
enum SalesDaily {
    Table,
    StoreId,
    Day,
    Channel,
    Orders,
    Cancelled,
    Units,
    GrossCents,
    NetCents,
    VatCents,
    RefundedCents,
}

#[derive(DeriveIden, Clone)]
enum SalesDailyProducts {
    Table,
    StoreId,
    Day,
    ProductId,
    Units,
    GrossCents,
}

orion_db::migration!(
    M20261205001001CreateReporting,
    "m20261205_001001_create_reporting"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261205001001CreateReporting {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SalesOrderFacts::Table)
                .col(big_integer(SalesOrderFacts::OrderId).primary_key())
                .col(big_integer(SalesOrderFacts::StoreId))
                .col(date(SalesOrderFacts::Day))
                .col(string_len(SalesOrderFacts::Channel, 20))
                .col(big_integer(SalesOrderFacts::Orders))
                .col(big_integer(SalesOrderFacts::Cancelled))
                .col(big_integer(SalesOrderFacts::Units))
                .col(big_integer(SalesOrderFacts::GrossCents))
                .col(big_integer(SalesOrderFacts::NetCents))
                .col(big_integer(SalesOrderFacts::VatCents))
                .col(big_integer(SalesOrderFacts::RefundedCents))
                .col(text(SalesOrderFacts::Products))
                .foreign_key(&mut fk(
                    (SalesOrderFacts::Table, SalesOrderFacts::OrderId),
                    id_of("orders"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(orion_db::migration::index(
            "ix_sales_order_facts_store",
            SalesOrderFacts::Table,
            [SalesOrderFacts::StoreId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(SalesDaily::Table)
                .col(big_integer(SalesDaily::StoreId))
                .col(date(SalesDaily::Day))
                .col(string_len(SalesDaily::Channel, 20))
                .col(big_integer(SalesDaily::Orders).default(0))
                .col(big_integer(SalesDaily::Cancelled).default(0))
                .col(big_integer(SalesDaily::Units).default(0))
                .col(big_integer(SalesDaily::GrossCents).default(0))
                .col(big_integer(SalesDaily::NetCents).default(0))
                .col(big_integer(SalesDaily::VatCents).default(0))
                .col(big_integer(SalesDaily::RefundedCents).default(0))
                .primary_key(
                    Index::create()
                        .col(SalesDaily::StoreId)
                        .col(SalesDaily::Day)
                        .col(SalesDaily::Channel),
                )
                .foreign_key(&mut fk(
                    (SalesDaily::Table, SalesDaily::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SalesDailyProducts::Table)
                .col(big_integer(SalesDailyProducts::StoreId))
                .col(date(SalesDailyProducts::Day))
                .col(big_integer(SalesDailyProducts::ProductId))
                .col(big_integer(SalesDailyProducts::Units).default(0))
                .col(big_integer(SalesDailyProducts::GrossCents).default(0))
                .primary_key(
                    Index::create()
                        .col(SalesDailyProducts::StoreId)
                        .col(SalesDailyProducts::Day)
                        .col(SalesDailyProducts::ProductId),
                )
                .foreign_key(&mut fk(
                    (SalesDailyProducts::Table, SalesDailyProducts::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum SalesDailyCountries {
    Table,
    StoreId,
    Day,
    Country,
    Orders,
    GrossCents,
    NetCents,
    VatCents,
}

orion_db::migration!(
    M20261205001002SalesByCountry,
    "m20261205_001002_sales_by_country"
);

/// Sales per shipping country: the fact remembers the order's country, a daily rollup per
/// (store, day, country). Existing facts get an empty country until `orion reports rebuild`.
#[async_trait::async_trait]
impl MigrationTrait for M20261205001002SalesByCountry {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SalesOrderFacts::Table)
                .add_column(string_len(Alias::new("country"), 2).default(""))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SalesDailyCountries::Table)
                .col(big_integer(SalesDailyCountries::StoreId))
                .col(date(SalesDailyCountries::Day))
                .col(string_len(SalesDailyCountries::Country, 2))
                .col(big_integer(SalesDailyCountries::Orders).default(0))
                .col(big_integer(SalesDailyCountries::GrossCents).default(0))
                .col(big_integer(SalesDailyCountries::NetCents).default(0))
                .col(big_integer(SalesDailyCountries::VatCents).default(0))
                .primary_key(
                    Index::create()
                        .col(SalesDailyCountries::StoreId)
                        .col(SalesDailyCountries::Day)
                        .col(SalesDailyCountries::Country),
                )
                .foreign_key(&mut fk(
                    (SalesDailyCountries::Table, SalesDailyCountries::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

orion_db::migration!(
    M20261205001003FactsCustomer,
    "m20261205_001003_facts_customer"
);

/// The customer of each order's fact (new and returning customers of a period); an index by
/// (store, day) for those counts. Existing facts get none until `orion reports rebuild`.
#[async_trait::async_trait]
impl MigrationTrait for M20261205001003FactsCustomer {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SalesOrderFacts::Table)
                .add_column(big_integer_null(Alias::new("customer_id")))
                .to_owned(),
        )
        .await?;
        m.create_index(orion_db::migration::index(
            "ix_sales_order_facts_store_day",
            SalesOrderFacts::Table,
            [SalesOrderFacts::StoreId, SalesOrderFacts::Day],
        ))
        .await?;
        Ok(())
    }
}
