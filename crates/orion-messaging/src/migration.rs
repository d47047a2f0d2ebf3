//! Schema of the messaging module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261208002201CreateMessages),
        Box::new(M20261208002210StoreEmailSettings),
    ]
}

#[derive(DeriveIden, Clone)]
enum Messages {
    Table,
    Id,
    StoreId,
    ToAddress,
    ReplyTo,
    FromName,
    Subject,
    Template,
    Lang,
    TextBody,
    HtmlBody,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    ClaimOwner,
    LastError,
    MessageId,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone)]
enum MessageAttachments {
    Table,
    Id,
    MessageId,
    FileName,
    ContentType,
    Content,
}

orion_db::migration!(
    M20261208002201CreateMessages,
    "m20261208_002201_create_messages"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261208002201CreateMessages {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use MessageAttachments as A;
        use Messages as M;
        let cascade = ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(M::Table)
                .col(big_pk_auto(M::Id))
                .col(big_integer_null(M::StoreId))
                .col(string_len(M::ToAddress, 320))
                .col(string_len_null(M::ReplyTo, 320))
                .col(string_len_null(M::FromName, 200))
                .col(string_len(M::Subject, 500))
                .col(string_len(M::Template, 40))
                .col(string_len(M::Lang, 8))
                .col(text(M::TextBody))
                .col(text(M::HtmlBody))
                .col(
                    string_len(M::Status, 16)
                        .check(Expr::col(M::Status).is_in(["pending", "sent", "failed"])),
                )
                .col(integer(M::Attempts).default(0))
                .col(timestamp_with_time_zone(M::NextAttemptAt))
                .col(timestamp_with_time_zone_null(M::ClaimedUntil))
                .col(string_len_null(M::ClaimOwner, 64))
                .col(text_null(M::LastError))
                .col(string_len(M::MessageId, 200))
                .col(timestamp_with_time_zone(M::CreatedAt))
                .col(timestamp_with_time_zone_null(M::SentAt))
                .foreign_key(&mut fk((M::Table, M::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_messages_message_id",
            M::Table,
            [M::MessageId],
        ))
        .await?;
        m.create_index(index(
            "ix_messages_due",
            M::Table,
            [M::Status, M::NextAttemptAt],
        ))
        .await?;
        m.create_index(index("ix_messages_store", M::Table, [M::StoreId, M::Id]))
            .await?;
        m.create_index(index("ix_messages_sent", M::Table, [M::SentAt]))
            .await?;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(big_pk_auto(A::Id))
                .col(big_integer(A::MessageId))
                .col(string_len(A::FileName, 200))
                .col(string_len(A::ContentType, 100))
                .col(blob(A::Content))
                .foreign_key(&mut fk(
                    (A::Table, A::MessageId),
                    (M::Table, M::Id),
                    cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_message_attachments_message",
            A::Table,
            [A::MessageId],
        ))
        .await
    }
}

#[derive(DeriveIden, Clone)]
enum StoreEmailSettings {
    Table,
    StoreId,
    SenderName,
    ReplyTo,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum EmailTemplateOverrides {
    Table,
    Id,
    StoreId,
    Template,
    Lang,
    Subject,
    Body,
    UpdatedAt,
}

orion_db::migration!(
    M20261208002210StoreEmailSettings,
    "m20261208_002210_store_email_settings"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261208002210StoreEmailSettings {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use EmailTemplateOverrides as O;
        use StoreEmailSettings as S;
        let cascade = ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(big_integer(S::StoreId).primary_key())
                .col(string_len_null(S::SenderName, 200))
                .col(string_len_null(S::ReplyTo, 320))
                .col(timestamp_with_time_zone(S::UpdatedAt))
                .foreign_key(&mut fk((S::Table, S::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(O::Table)
                .col(big_pk_auto(O::Id))
                .col(big_integer(O::StoreId))
                .col(string_len(O::Template, 40))
                .col(string_len(O::Lang, 8))
                .col(text(O::Subject))
                .col(text(O::Body))
                .col(timestamp_with_time_zone(O::UpdatedAt))
                .foreign_key(&mut fk((O::Table, O::StoreId), id_of("stores"), cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_email_template_overrides_store_template_lang",
            O::Table,
            [O::StoreId, O::Template, O::Lang],
        ))
        .await
    }
}
