//! Schema of the customers module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000401CreateCustomers),
        Box::new(M20261206000402WatchCustomers),
        Box::new(M20261207000403CustomerPeppolId),
    ]
}

#[derive(DeriveIden, Clone)]
enum Customers {
    Table,
    Id,
    StoreId,
    CustomerNumber,
    Email,
    FirstName,
    LastName,
    Phone,
    Company,
    VatId,
    PeppolId,
    PreferredLanguage,
    MarketingConsent,
    Tags,
    Addresses,
    TotalOrders,
    TotalSpentCents,
    FirstOrderAt,
    LastOrderAt,
    CreatedAt,
    UpdatedAt,
}

orion_db::migration!(
    M20261124000401CreateCustomers,
    "m20261124_000401_create_customers"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000401CreateCustomers {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Customers::Table)
                .col(big_pk_auto(Customers::Id))
                .col(big_integer(Customers::StoreId))
                .col(string_len(Customers::CustomerNumber, 20))
                .col(string_len(Customers::Email, 254))
                .col(string_len_null(Customers::FirstName, 100))
                .col(string_len_null(Customers::LastName, 100))
                .col(string_len_null(Customers::Phone, 50))
                .col(string_len_null(Customers::Company, 200))
                .col(string_len_null(Customers::VatId, 20))
                .col(
                    string_len_null(Customers::PreferredLanguage, 2)
                        .check(Expr::col(Customers::PreferredLanguage).is_in(["en", "fr", "de"])),
                )
                .col(boolean(Customers::MarketingConsent).default(false))
                .col(text_null(Customers::Tags))
                .col(text_null(Customers::Addresses))
                .col(
                    big_integer(Customers::TotalOrders)
                        .default(0)
                        .check(Expr::col(Customers::TotalOrders).gte(0)),
                )
                .col(
                    big_integer(Customers::TotalSpentCents)
                        .default(0)
                        .check(Expr::col(Customers::TotalSpentCents).gte(0)),
                )
                .col(timestamp_with_time_zone_null(Customers::FirstOrderAt))
                .col(timestamp_with_time_zone_null(Customers::LastOrderAt))
                .col(timestamp_with_time_zone(Customers::CreatedAt))
                .col(timestamp_with_time_zone(Customers::UpdatedAt))
                .foreign_key(&mut fk(
                    (Customers::Table, Customers::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        use Customers as C;
        // E-mails are stored lower-case, so this index makes them unique case-insensitively.
        m.create_index(unique_index(
            "ux_customers_store_email",
            C::Table,
            [C::StoreId, C::Email],
        ))
        .await?;
        m.create_index(unique_index(
            "ux_customers_store_number",
            C::Table,
            [C::StoreId, C::CustomerNumber],
        ))
        .await?;
        // Keyset paging of lists and exports (`WHERE store_id = ? AND id > ? ORDER BY id`).
        m.create_index(index(
            "ix_customers_store_id",
            C::Table,
            [C::StoreId, C::Id],
        ))
        .await?;
        // Export filters.
        m.create_index(index(
            "ix_customers_store_created",
            C::Table,
            [C::StoreId, C::CreatedAt],
        ))
        .await?;
        m.create_index(index(
            "ix_customers_store_last_order",
            C::Table,
            [C::StoreId, C::LastOrderAt],
        ))
        .await?;
        Ok(())
    }
}

// Figures cached per instance that read customers (the reporting module's new and returning
// customers) are keyed by the store's `customers` change counter, which every write of a
// customer bumps (see `orion_db::changes`).
orion_db::migration!(
    M20261206000402WatchCustomers,
    "m20261206_000402_watch_customers"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206000402WatchCustomers {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        orion_db::changes::watch_by_store(m.get_connection(), "customers", crate::CHANGE_SCOPE)
            .await
    }
}

// The buyer's Peppol participant id (`scheme:identifier`, at most 4 + 1 + 100 characters),
// the electronic address of Peppol BIS 3 e-invoices. Nullable: existing customers have none.
orion_db::migration!(
    M20261207000403CustomerPeppolId,
    "m20261207_000403_customer_peppol_id"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261207000403CustomerPeppolId {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Customers::Table)
                .add_column(string_len_null(Customers::PeppolId, 110))
                .to_owned(),
        )
        .await
    }
}
