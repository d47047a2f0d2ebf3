//! Schema of the webhooks module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261207002101CreateWebhooks)]
}

#[derive(DeriveIden, Clone)]
enum WebhookEndpoints {
    Table,
    Id,
    StoreId,
    Url,
    Description,
    Events,
    SecretCiphertext,
    SecretNonce,
    Enabled,
    DisabledAt,
    DisabledReason,
    ConsecutiveFailures,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum WebhookMessages {
    Table,
    Id,
    Uid,
    StoreId,
    EventType,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum WebhookDeliveries {
    Table,
    Id,
    StoreId,
    MessageId,
    EndpointId,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    ClaimOwner,
    LastStatusCode,
    LastError,
    DeliveredAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum WebhookAttempts {
    Table,
    Id,
    DeliveryId,
    StoreId,
    At,
    StatusCode,
    DurationMs,
    Error,
}

orion_db::migration!(
    M20261207002101CreateWebhooks,
    "m20261207_002101_create_webhooks"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261207002101CreateWebhooks {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use WebhookAttempts as A;
        use WebhookDeliveries as D;
        use WebhookEndpoints as E;
        use WebhookMessages as M;
        let cascade = ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(E::Table)
                .col(big_pk_auto(E::Id))
                .col(big_integer(E::StoreId))
                .col(string_len(E::Url, 2000))
                .col(string_len_null(E::Description, 200))
                .col(text(E::Events))
                .col(text(E::SecretCiphertext))
                .col(string_len(E::SecretNonce, 40))
                .col(boolean(E::Enabled))
                .col(timestamp_with_time_zone_null(E::DisabledAt))
                .col(string_len_null(E::DisabledReason, 16))
                .col(integer(E::ConsecutiveFailures).default(0))
                .col(timestamp_with_time_zone(E::CreatedAt))
                .col(timestamp_with_time_zone(E::UpdatedAt))
                .foreign_key(&mut fk((E::Table, E::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_webhook_endpoints_store",
            E::Table,
            [E::StoreId, E::Id],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(M::Table)
                .col(big_pk_auto(M::Id))
                .col(string_len(M::Uid, 40))
                .col(big_integer(M::StoreId))
                .col(string_len(M::EventType, 40))
                .col(text(M::Payload))
                .col(timestamp_with_time_zone(M::CreatedAt))
                .foreign_key(&mut fk((M::Table, M::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("ux_webhook_messages_uid", M::Table, [M::Uid]))
            .await?;
        m.create_index(index(
            "ix_webhook_messages_created",
            M::Table,
            [M::CreatedAt],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(D::Table)
                .col(big_pk_auto(D::Id))
                .col(big_integer(D::StoreId))
                .col(big_integer(D::MessageId))
                .col(big_integer(D::EndpointId))
                .col(string_len(D::Status, 16).check(Expr::col(D::Status).is_in([
                    "pending",
                    "delivered",
                    "failed",
                ])))
                .col(integer(D::Attempts).default(0))
                .col(timestamp_with_time_zone(D::NextAttemptAt))
                .col(timestamp_with_time_zone_null(D::ClaimedUntil))
                .col(string_len_null(D::ClaimOwner, 64))
                .col(integer_null(D::LastStatusCode))
                .col(text_null(D::LastError))
                .col(timestamp_with_time_zone_null(D::DeliveredAt))
                .col(timestamp_with_time_zone(D::CreatedAt))
                .foreign_key(&mut fk(
                    (D::Table, D::MessageId),
                    (M::Table, M::Id),
                    cascade,
                ))
                .foreign_key(&mut fk(
                    (D::Table, D::EndpointId),
                    (E::Table, E::Id),
                    cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_webhook_deliveries_due",
            D::Table,
            [D::Status, D::NextAttemptAt],
        ))
        .await?;
        m.create_index(index(
            "ix_webhook_deliveries_endpoint",
            D::Table,
            [D::EndpointId, D::Id],
        ))
        .await?;
        m.create_index(index(
            "ix_webhook_deliveries_message",
            D::Table,
            [D::MessageId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(big_pk_auto(A::Id))
                .col(big_integer(A::DeliveryId))
                .col(big_integer(A::StoreId))
                .col(timestamp_with_time_zone(A::At))
                .col(integer_null(A::StatusCode))
                .col(big_integer(A::DurationMs))
                .col(text_null(A::Error))
                .foreign_key(&mut fk(
                    (A::Table, A::DeliveryId),
                    (D::Table, D::Id),
                    cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_webhook_attempts_delivery",
            A::Table,
            [A::DeliveryId, A::Id],
        ))
        .await
    }
}
