//! Schema of the marketplace module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261124000601CreateLetzshop)]
}

#[derive(DeriveIden)]
enum LetzshopConnections {
    Table,
    StoreId,
    ApiKeyCiphertext,
    ApiKeyNonce,
    KeyLast4,
    Endpoint,
    AutoSync,
    SyncIntervalMinutes,
    DefaultCarrier,
    LastSyncAt,
    NextSyncAt,
    LeaseOwner,
    LeaseExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LetzshopJobs {
    Table,
    Id,
    StoreId,
    Kind,
    Status,
    Phase,
    Cursor,
    Pages,
    Imported,
    Updated,
    Held,
    Exceptions,
    Unchanged,
    Errors,
    LeaseOwner,
    CreatedAt,
    StartedAt,
    FinishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LetzshopOutbox {
    Table,
    Id,
    StoreId,
    OrderId,
    Kind,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    LeaseOwner,
    LeaseExpiresAt,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum LetzshopShipments {
    Table,
    Id,
    StoreId,
    ShipmentId,
    OrderId,
    Fingerprint,
    SyncedAt,
}

#[derive(DeriveIden)]
enum LetzshopSyncLog {
    Table,
    Id,
    StoreId,
    Operation,
    Counts,
    DurationMs,
    Error,
    CreatedAt,
}

orion_db::migration!(
    M20261124000601CreateLetzshop,
    "m20261124_000601_create_letzshop"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000601CreateLetzshop {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LetzshopConnections::Table)
                .col(big_integer(LetzshopConnections::StoreId).primary_key())
                .col(text(LetzshopConnections::ApiKeyCiphertext))
                .col(string_len(LetzshopConnections::ApiKeyNonce, 32))
                .col(string_len(LetzshopConnections::KeyLast4, 4))
                .col(string_len(LetzshopConnections::Endpoint, 500))
                .col(boolean(LetzshopConnections::AutoSync).default(false))
                .col(
                    integer(LetzshopConnections::SyncIntervalMinutes)
                        .default(15)
                        .check(Expr::col(LetzshopConnections::SyncIntervalMinutes).gte(5)),
                )
                .col(string_len_null(LetzshopConnections::DefaultCarrier, 50))
                .col(timestamp_with_time_zone_null(
                    LetzshopConnections::LastSyncAt,
                ))
                .col(timestamp_with_time_zone_null(
                    LetzshopConnections::NextSyncAt,
                ))
                .col(string_len_null(LetzshopConnections::LeaseOwner, 100))
                .col(timestamp_with_time_zone_null(
                    LetzshopConnections::LeaseExpiresAt,
                ))
                .col(timestamp_with_time_zone(LetzshopConnections::CreatedAt))
                .col(timestamp_with_time_zone(LetzshopConnections::UpdatedAt))
                .foreign_key(&mut fk(
                    (LetzshopConnections::Table, LetzshopConnections::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LetzshopJobs::Table)
                .col(big_pk_auto(LetzshopJobs::Id))
                .col(big_integer(LetzshopJobs::StoreId))
                .col(
                    string_len(LetzshopJobs::Kind, 10)
                        .check(Expr::col(LetzshopJobs::Kind).is_in(["sync", "history"])),
                )
                .col(string_len(LetzshopJobs::Status, 10).check(
                    Expr::col(LetzshopJobs::Status).is_in(["queued", "running", "done", "failed"]),
                ))
                .col(string_len(LetzshopJobs::Phase, 12))
                .col(text_null(LetzshopJobs::Cursor))
                .col(integer(LetzshopJobs::Pages).default(0))
                .col(integer(LetzshopJobs::Imported).default(0))
                .col(integer(LetzshopJobs::Updated).default(0))
                .col(integer(LetzshopJobs::Held).default(0))
                .col(integer(LetzshopJobs::Exceptions).default(0))
                .col(integer(LetzshopJobs::Unchanged).default(0))
                .col(text(LetzshopJobs::Errors))
                .col(string_len_null(LetzshopJobs::LeaseOwner, 100))
                .col(timestamp_with_time_zone(LetzshopJobs::CreatedAt))
                .col(timestamp_with_time_zone_null(LetzshopJobs::StartedAt))
                .col(timestamp_with_time_zone_null(LetzshopJobs::FinishedAt))
                .col(timestamp_with_time_zone(LetzshopJobs::UpdatedAt))
                .foreign_key(&mut fk(
                    (LetzshopJobs::Table, LetzshopJobs::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_letzshop_jobs_status",
            LetzshopJobs::Table,
            [LetzshopJobs::Status, LetzshopJobs::StoreId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(LetzshopOutbox::Table)
                .col(big_pk_auto(LetzshopOutbox::Id))
                .col(big_integer(LetzshopOutbox::StoreId))
                .col(big_integer(LetzshopOutbox::OrderId))
                .col(string_len(LetzshopOutbox::Kind, 10).check(
                    Expr::col(LetzshopOutbox::Kind).is_in(["confirm", "decline", "tracking"]),
                ))
                .col(text(LetzshopOutbox::Payload))
                .col(
                    string_len(LetzshopOutbox::Status, 10).check(
                        Expr::col(LetzshopOutbox::Status)
                            .is_in(["pending", "sending", "sent", "failed"]),
                    ),
                )
                .col(integer(LetzshopOutbox::Attempts).default(0))
                .col(timestamp_with_time_zone(LetzshopOutbox::NextAttemptAt))
                .col(text_null(LetzshopOutbox::LastError))
                .col(string_len_null(LetzshopOutbox::LeaseOwner, 100))
                .col(timestamp_with_time_zone_null(
                    LetzshopOutbox::LeaseExpiresAt,
                ))
                .col(timestamp_with_time_zone(LetzshopOutbox::CreatedAt))
                .col(timestamp_with_time_zone_null(LetzshopOutbox::SentAt))
                .foreign_key(&mut fk(
                    (LetzshopOutbox::Table, LetzshopOutbox::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (LetzshopOutbox::Table, LetzshopOutbox::OrderId),
                    id_of("orders"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "ix_letzshop_outbox_due",
                vec![LetzshopOutbox::Status, LetzshopOutbox::NextAttemptAt],
            ),
            (
                "ix_letzshop_outbox_store",
                vec![LetzshopOutbox::StoreId, LetzshopOutbox::Id],
            ),
            ("ix_letzshop_outbox_order", vec![LetzshopOutbox::OrderId]),
        ] {
            let mut idx = Index::create()
                .name(name)
                .table(LetzshopOutbox::Table)
                .to_owned();
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }
        m.create_table(
            Table::create()
                .table(LetzshopShipments::Table)
                .col(big_pk_auto(LetzshopShipments::Id))
                .col(big_integer(LetzshopShipments::StoreId))
                .col(string_len(LetzshopShipments::ShipmentId, 100))
                .col(big_integer(LetzshopShipments::OrderId))
                .col(string_len(LetzshopShipments::Fingerprint, 64))
                .col(timestamp_with_time_zone(LetzshopShipments::SyncedAt))
                .foreign_key(&mut fk(
                    (LetzshopShipments::Table, LetzshopShipments::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (LetzshopShipments::Table, LetzshopShipments::OrderId),
                    id_of("orders"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_letzshop_shipments_store_shipment",
            LetzshopShipments::Table,
            [LetzshopShipments::StoreId, LetzshopShipments::ShipmentId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(LetzshopSyncLog::Table)
                .col(big_pk_auto(LetzshopSyncLog::Id))
                .col(big_integer(LetzshopSyncLog::StoreId))
                .col(string_len(LetzshopSyncLog::Operation, 20))
                .col(text(LetzshopSyncLog::Counts))
                .col(big_integer(LetzshopSyncLog::DurationMs))
                .col(text_null(LetzshopSyncLog::Error))
                .col(timestamp_with_time_zone(LetzshopSyncLog::CreatedAt))
                .foreign_key(&mut fk(
                    (LetzshopSyncLog::Table, LetzshopSyncLog::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_letzshop_sync_log_store",
            LetzshopSyncLog::Table,
            [LetzshopSyncLog::StoreId, LetzshopSyncLog::Id],
        ))
        .await?;
        Ok(())
    }
}
