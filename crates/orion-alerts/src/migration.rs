//! Schema of the alerts module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261208000101CreateAlerts)]
}

#[derive(DeriveIden, Clone)]
enum AlertPreferences {
    Table,
    Id,
    StoreId,
    UserId,
    Kind,
    Enabled,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum AlertDigestOrders {
    Table,
    Id,
    StoreId,
    OrderId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum AlertDigestMarks {
    Table,
    Id,
    StoreId,
    DigestMinutes,
    LastSentAt,
    Version,
}

#[derive(DeriveIden, Clone)]
enum AlertLimitMarks {
    Table,
    Id,
    MerchantId,
    Metric,
    Period,
    StoreId,
    CreatedAt,
}

orion_db::migration!(
    M20261208000101CreateAlerts,
    "m20261208_000101_create_alerts"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261208000101CreateAlerts {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use AlertDigestMarks as K;
        use AlertDigestOrders as O;
        use AlertLimitMarks as L;
        use AlertPreferences as P;
        let cascade = ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(big_pk_auto(P::Id))
                .col(big_integer(P::StoreId))
                .col(big_integer(P::UserId))
                .col(string_len(P::Kind, 32))
                .col(boolean(P::Enabled))
                .col(timestamp_with_time_zone(P::UpdatedAt))
                .foreign_key(&mut fk((P::Table, P::StoreId), id_of("stores"), cascade))
                .foreign_key(&mut fk((P::Table, P::UserId), id_of("users"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_alert_preferences_user",
            P::Table,
            [P::StoreId, P::UserId, P::Kind],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(O::Table)
                .col(big_pk_auto(O::Id))
                .col(big_integer(O::StoreId))
                .col(big_integer(O::OrderId))
                .col(timestamp_with_time_zone(O::CreatedAt))
                .foreign_key(&mut fk((O::Table, O::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_alert_digest_orders_store",
            O::Table,
            [O::StoreId, O::Id],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(K::Table)
                .col(big_pk_auto(K::Id))
                .col(big_integer(K::StoreId))
                .col(integer(K::DigestMinutes).default(15))
                .col(timestamp_with_time_zone_null(K::LastSentAt))
                .col(big_integer(K::Version).default(0))
                .foreign_key(&mut fk((K::Table, K::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_alert_digest_marks_store",
            K::Table,
            [K::StoreId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(L::Table)
                .col(big_pk_auto(L::Id))
                .col(big_integer(L::MerchantId))
                .col(string_len(L::Metric, 32))
                .col(string_len(L::Period, 16))
                .col(big_integer(L::StoreId))
                .col(timestamp_with_time_zone(L::CreatedAt))
                .foreign_key(&mut fk((L::Table, L::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_alert_limit_marks",
            L::Table,
            [L::MerchantId, L::Metric, L::Period],
        ))
        .await
    }
}
