//! Schema of the tenancy module. One source, DDL emitted per backend by SeaORM.

use orion_db::migration::{fk, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000001CreateTenancy),
        Box::new(M20261125000001WatchAuth),
        Box::new(M20261205000001LanguageAndTimeZone),
        Box::new(M20261206000001ApiKeys),
        Box::new(M20261208000001PasswordResets),
    ]
}

#[derive(DeriveIden, Clone)]
enum Users {
    Table,
    Language,
    Id,
    Email,
    Name,
    PasswordHash,
    IsPlatformAdmin,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Merchants {
    Table,
    Id,
    Name,
    LegalCountry,
    OwnerUserId,
    ContactEmail,
    ContactPhone,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Stores {
    Table,
    Timezone,
    Id,
    MerchantId,
    Code,
    Name,
    Country,
    DefaultLanguage,
    Active,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Roles {
    Table,
    Id,
    StoreId,
    Name,
    Permissions,
    IsSystem,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum StoreMembers {
    Table,
    Id,
    StoreId,
    UserId,
    RoleId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Invitations {
    Table,
    Id,
    StoreId,
    Email,
    RoleId,
    TokenDigest,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum AuthTokens {
    Table,
    Id,
    TokenDigest,
    UserId,
    StoreId,
    Kind,
    CsrfToken,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum LoginFailures {
    Table,
    Id,
    Email,
    Ip,
    FailedAt,
}

fn country(col: impl IntoIden + Clone + 'static) -> ColumnDef {
    let c = col.clone();
    string_len(col, 2).check(Expr::col(c).like("__")).take()
}

orion_db::migration!(
    M20261124000001CreateTenancy,
    "m20261124_000001_create_tenancy"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000001CreateTenancy {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len_null(Users::Name, 200))
                .col(string_len_null(Users::PasswordHash, 200))
                .col(boolean(Users::IsPlatformAdmin).default(false))
                .col(boolean(Users::Active).default(true))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Merchants::Table)
                .col(big_pk_auto(Merchants::Id))
                .col(string_len(Merchants::Name, 200))
                .col(country(Merchants::LegalCountry))
                .col(big_integer(Merchants::OwnerUserId))
                .col(string_len(Merchants::ContactEmail, 254))
                .col(string_len_null(Merchants::ContactPhone, 50))
                .col(timestamp_with_time_zone(Merchants::CreatedAt))
                .foreign_key(&mut fk(
                    (Merchants::Table, Merchants::OwnerUserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Stores::Table)
                .col(big_pk_auto(Stores::Id))
                .col(big_integer(Stores::MerchantId))
                .col(string_len_uniq(Stores::Code, 32))
                .col(string_len(Stores::Name, 200))
                .col(country(Stores::Country))
                .col(
                    string_len(Stores::DefaultLanguage, 2)
                        .check(Expr::col(Stores::DefaultLanguage).is_in(["en", "fr", "de"])),
                )
                .col(boolean(Stores::Active).default(true))
                .col(timestamp_with_time_zone(Stores::CreatedAt))
                .foreign_key(&mut fk(
                    (Stores::Table, Stores::MerchantId),
                    (Merchants::Table, Merchants::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Roles::Table)
                .col(big_pk_auto(Roles::Id))
                .col(big_integer(Roles::StoreId))
                .col(string_len(Roles::Name, 50))
                .col(text(Roles::Permissions))
                .col(boolean(Roles::IsSystem).default(false))
                .col(timestamp_with_time_zone(Roles::CreatedAt))
                .foreign_key(&mut fk(
                    (Roles::Table, Roles::StoreId),
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_roles_store_name",
            Roles::Table,
            [Roles::StoreId, Roles::Name],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(StoreMembers::Table)
                .col(big_pk_auto(StoreMembers::Id))
                .col(big_integer(StoreMembers::StoreId))
                .col(big_integer(StoreMembers::UserId))
                .col(big_integer(StoreMembers::RoleId))
                .col(timestamp_with_time_zone(StoreMembers::CreatedAt))
                .foreign_key(&mut fk(
                    (StoreMembers::Table, StoreMembers::StoreId),
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (StoreMembers::Table, StoreMembers::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (StoreMembers::Table, StoreMembers::RoleId),
                    (Roles::Table, Roles::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_store_members_store_user",
            StoreMembers::Table,
            [StoreMembers::StoreId, StoreMembers::UserId],
        ))
        .await?;
        m.create_index(index(
            "ix_store_members_user",
            StoreMembers::Table,
            [StoreMembers::UserId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Invitations::Table)
                .col(big_pk_auto(Invitations::Id))
                .col(big_integer(Invitations::StoreId))
                .col(string_len(Invitations::Email, 254))
                .col(big_integer(Invitations::RoleId))
                .col(string_len_uniq(Invitations::TokenDigest, 64))
                .col(big_integer(Invitations::InvitedBy))
                .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                .col(timestamp_with_time_zone(Invitations::CreatedAt))
                .foreign_key(&mut fk(
                    (Invitations::Table, Invitations::StoreId),
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Invitations::Table, Invitations::RoleId),
                    (Roles::Table, Roles::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Invitations::Table, Invitations::InvitedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuthTokens::Table)
                .col(big_pk_auto(AuthTokens::Id))
                .col(string_len_uniq(AuthTokens::TokenDigest, 64))
                .col(big_integer(AuthTokens::UserId))
                .col(big_integer_null(AuthTokens::StoreId))
                .col(
                    string_len(AuthTokens::Kind, 8)
                        .check(Expr::col(AuthTokens::Kind).is_in(["api", "web"])),
                )
                .col(string_len_null(AuthTokens::CsrfToken, 100))
                .col(timestamp_with_time_zone(AuthTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(AuthTokens::RevokedAt))
                .col(timestamp_with_time_zone(AuthTokens::CreatedAt))
                .foreign_key(&mut fk(
                    (AuthTokens::Table, AuthTokens::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (AuthTokens::Table, AuthTokens::StoreId),
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                .col(big_pk_auto(LoginFailures::Id))
                .col(string_len(LoginFailures::Email, 254))
                .col(string_len(LoginFailures::Ip, 64))
                .col(timestamp_with_time_zone(LoginFailures::FailedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_login_failures_email",
            LoginFailures::Table,
            [LoginFailures::Email, LoginFailures::FailedAt],
        ))
        .await?;
        m.create_index(index(
            "ix_login_failures_ip",
            LoginFailures::Table,
            [LoginFailures::Ip, LoginFailures::FailedAt],
        ))
        .await?;
        Ok(())
    }
}

// Resolved tokens are cached per instance; every write that can change what a token
// resolves to bumps the `auth` change counter (see `orion_db::changes`), which empties the
// cache on every instance at its next request. New tokens (logins) change no cached answer.
orion_db::migration!(M20261125000001WatchAuth, "m20261125_000001_watch_auth");

#[async_trait::async_trait]
impl MigrationTrait for M20261125000001WatchAuth {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use orion_db::changes::{self, Event, Watch};
        let conn = m.get_connection();
        changes::install(conn).await?;
        for (table, events) in [
            ("users", Event::ALL),
            ("merchants", Event::ALL),
            ("stores", Event::ALL),
            ("store_members", Event::ALL),
            ("roles", Event::ALL),
            ("auth_tokens", &[Event::Update, Event::Delete][..]),
        ] {
            let w = Watch {
                table,
                scope: crate::service::auth::AUTH_SCOPE,
                key_column: None,
                events,
            };
            changes::watch(conn, w).await?;
        }
        Ok(())
    }
}

// Each user may choose the back office's language; each store shows times in its own zone.
orion_db::migration!(
    M20261205000001LanguageAndTimeZone,
    "m20261205_000001_language_and_time_zone"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261205000001LanguageAndTimeZone {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_len_null(Users::Language, 2))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Stores::Table)
                .add_column(string_len(Stores::Timezone, 64).default("Europe/Luxembourg"))
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone)]
enum ApiKeys {
    Table,
    Id,
    StoreId,
    Name,
    Prefix,
    LastFour,
    SecretDigest,
    Scopes,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden, Clone)]
enum ApiKeyUsage {
    Table,
    ApiKeyId,
    LastUsedAt,
    LastUsedFrom,
}

// Store API keys (`orion_sk_…`): only a keyed digest of the secret is stored. Revoking a key
// updates its row, which bumps the `auth` counter so every instance drops its cached answer
// at the next request. When a key was last used lives in its own table, which is not
// watched: using a key must not empty every instance's token cache. Owners get the two new
// permissions (API keys, webhooks) in every existing store.
orion_db::migration!(M20261206000001ApiKeys, "m20261206_000001_api_keys");

#[async_trait::async_trait]
impl MigrationTrait for M20261206000001ApiKeys {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(big_pk_auto(ApiKeys::Id))
                .col(big_integer(ApiKeys::StoreId))
                .col(string_len(ApiKeys::Name, 100))
                .col(string_len(ApiKeys::Prefix, 16))
                .col(string_len(ApiKeys::LastFour, 4))
                .col(string_len_uniq(ApiKeys::SecretDigest, 64))
                .col(text(ApiKeys::Scopes))
                .col(big_integer(ApiKeys::CreatedBy))
                .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiKeys::ExpiresAt))
                .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                .col(big_integer_null(ApiKeys::RevokedBy))
                .foreign_key(&mut fk(
                    (ApiKeys::Table, ApiKeys::StoreId),
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (ApiKeys::Table, ApiKeys::CreatedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_api_keys_store",
            ApiKeys::Table,
            [ApiKeys::StoreId, ApiKeys::Id],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ApiKeyUsage::Table)
                .col(big_integer(ApiKeyUsage::ApiKeyId).primary_key())
                .col(timestamp_with_time_zone(ApiKeyUsage::LastUsedAt))
                .col(string_len(ApiKeyUsage::LastUsedFrom, 64))
                .foreign_key(&mut fk(
                    (ApiKeyUsage::Table, ApiKeyUsage::ApiKeyId),
                    (ApiKeys::Table, ApiKeys::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        orion_db::changes::watch(
            conn,
            orion_db::changes::Watch {
                table: "api_keys",
                scope: crate::service::auth::AUTH_SCOPE,
                key_column: None,
                events: &[
                    orion_db::changes::Event::Update,
                    orion_db::changes::Event::Delete,
                ],
            },
        )
        .await?;
        grant_to_owners(
            conn,
            &[
                crate::permissions::API_KEYS_MANAGE,
                crate::permissions::WEBHOOKS_MANAGE,
            ],
        )
        .await
    }
}

/// Adds `permissions` to the built-in owner role of every store.
async fn grant_to_owners(
    conn: &SchemaManagerConnection<'_>,
    permissions: &[&str],
) -> Result<(), DbErr> {
    use crate::entity::role;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let owners = role::Entity::find()
        .filter(role::Column::Name.eq(crate::permissions::OWNER))
        .filter(role::Column::IsSystem.eq(true))
        .all(conn)
        .await?;
    for r in owners {
        let mut held: Vec<String> = serde_json::from_str(&r.permissions).unwrap_or_default();
        let before = held.len();
        for p in permissions {
            if !held.iter().any(|h| h == p) {
                held.push((*p).to_owned());
            }
        }
        if held.len() != before {
            let mut a: role::ActiveModel = r.into();
            a.permissions = Set(serde_json::to_string(&held).unwrap_or_default());
            a.update(conn).await?;
        }
    }
    Ok(())
}

#[derive(DeriveIden, Clone)]
enum PasswordResets {
    Table,
    Id,
    Email,
    Ip,
    UserId,
    TokenDigest,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

orion_db::migration!(
    M20261208000001PasswordResets,
    "m20261208_000001_password_resets"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261208000001PasswordResets {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use PasswordResets as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(big_pk_auto(P::Id))
                .col(string_len(P::Email, 254))
                .col(string_len(P::Ip, 64))
                .col(big_integer_null(P::UserId))
                .col(string_len(P::TokenDigest, 64))
                .col(timestamp_with_time_zone(P::CreatedAt))
                .col(timestamp_with_time_zone(P::ExpiresAt))
                .col(timestamp_with_time_zone_null(P::UsedAt))
                .foreign_key(&mut fk(
                    (P::Table, P::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_password_resets_digest",
            P::Table,
            [P::TokenDigest],
        ))
        .await?;
        m.create_index(index(
            "ix_password_resets_email",
            P::Table,
            [P::Email, P::CreatedAt],
        ))
        .await?;
        m.create_index(index(
            "ix_password_resets_ip",
            P::Table,
            [P::Ip, P::CreatedAt],
        ))
        .await
    }
}
