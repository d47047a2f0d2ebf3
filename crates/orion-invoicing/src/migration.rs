//! Schema of the invoicing module (see `docs/data-model.md`).

use orion_db::migration::{fk, id_of};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000801CreateInvoicing),
        Box::new(M20261124000802AddInvoiceLogo),
        Box::new(M20261205000803MarkInvoicedOrders),
        Box::new(M20261206000804WatchInvoices),
        Box::new(M20261207000805EinvoiceSettings),
        Box::new(M20261207000806SendOnIssue),
    ]
}

#[derive(DeriveIden, Clone)]
enum InvoiceSettings {
    Table,
    StoreId,
    LegalName,
    Street,
    PostalCode,
    City,
    Country,
    VatNumber,
    RcsNumber,
    BusinessPermit,
    InvoicePrefix,
    CreditNotePrefix,
    NumberingScheme,
    PaymentTerms,
    DueDays,
    Iban,
    Bic,
    FooterText,
    DefaultLanguage,
    OssRegistered,
    OssRegistrationCountry,
    OssRegistrationDate,
    OptedDestinationTaxation,
    ShipFromCountry,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum InvoiceCounters {
    Table,
    StoreId,
    Series,
    Year,
    LastValue,
}

#[derive(DeriveIden, Clone)]
enum DistanceSales {
    #[sea_orm(iden = "vat_distance_sales")]
    Table,
    StoreId,
    Year,
    NetCents,
}

#[derive(DeriveIden, Clone)]
enum Invoices {
    Table,
    Id,
    StoreId,
    OrderId,
    DocumentType,
    CorrectsInvoiceId,
    Series,
    Year,
    Sequence,
    Number,
    Status,
    IssueDate,
    SupplyDate,
    DueDate,
    Currency,
    Language,
    VatRegime,
    VatCountry,
    RoundingMethod,
    PricePolicy,
    Seller,
    Buyer,
    CustomerId,
    BuyerName,
    BuyerEmail,
    Lines,
    VatBreakdown,
    Mentions,
    RegimeInput,
    RegimeExplanation,
    NetCents,
    VatCents,
    GrossCents,
    DistanceSaleCents,
    Reason,
    PdfSha256,
    IssuedBy,
    PaidAt,
    CancelledAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum InvoicePdfs {
    Table,
    InvoiceId,
    StoreId,
    Content,
    Sha256,
    CreatedAt,
}

orion_db::migration!(
    M20261124000801CreateInvoicing,
    "m20261124_000801_create_invoicing"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000801CreateInvoicing {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use InvoiceSettings as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(big_integer(S::StoreId).primary_key())
                .col(string_len(S::LegalName, 200))
                .col(string_len(S::Street, 200))
                .col(string_len(S::PostalCode, 20))
                .col(string_len(S::City, 100))
                .col(string_len(S::Country, 2))
                .col(string_len(S::VatNumber, 20))
                .col(string_len_null(S::RcsNumber, 50))
                .col(string_len_null(S::BusinessPermit, 50))
                .col(string_len(S::InvoicePrefix, 20).default("INV"))
                .col(string_len(S::CreditNotePrefix, 20).default("CN"))
                .col(string_len(S::NumberingScheme, 100).default("{prefix}-{year}-{seq:05}"))
                .col(string_len_null(S::PaymentTerms, 500))
                .col(
                    integer(S::DueDays)
                        .default(30)
                        .check(Expr::col(S::DueDays).between(0, 365)),
                )
                .col(string_len_null(S::Iban, 34))
                .col(string_len_null(S::Bic, 11))
                .col(string_len_null(S::FooterText, 1000))
                .col(
                    string_len(S::DefaultLanguage, 2)
                        .default("en")
                        .check(Expr::col(S::DefaultLanguage).is_in(["en", "fr", "de"])),
                )
                .col(boolean(S::OssRegistered).default(false))
                .col(string_len_null(S::OssRegistrationCountry, 2))
                .col(date_null(S::OssRegistrationDate))
                .col(boolean(S::OptedDestinationTaxation).default(false))
                .col(string_len_null(S::ShipFromCountry, 2))
                .col(timestamp_with_time_zone(S::UpdatedAt))
                .foreign_key(&mut fk(
                    (S::Table, S::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        use InvoiceCounters as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(big_integer(C::StoreId))
                .col(
                    string_len(C::Series, 16)
                        .check(Expr::col(C::Series).is_in(["invoice", "credit_note"])),
                )
                // 0 when the numbering scheme has no year (one sequence for ever).
                .col(integer(C::Year))
                .col(big_integer(C::LastValue).check(Expr::col(C::LastValue).gte(0)))
                .primary_key(Index::create().col(C::StoreId).col(C::Series).col(C::Year))
                .foreign_key(&mut fk(
                    (C::Table, C::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        use DistanceSales as D;
        m.create_table(
            Table::create()
                .table(D::Table)
                .col(big_integer(D::StoreId))
                .col(integer(D::Year))
                .col(big_integer(D::NetCents).default(0))
                .primary_key(Index::create().col(D::StoreId).col(D::Year))
                .foreign_key(&mut fk(
                    (D::Table, D::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        use Invoices as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .col(big_pk_auto(I::Id))
                .col(big_integer(I::StoreId))
                .col(big_integer_null(I::OrderId))
                .col(
                    string_len(I::DocumentType, 16)
                        .check(Expr::col(I::DocumentType).is_in(["invoice", "credit_note"])),
                )
                .col(big_integer_null(I::CorrectsInvoiceId))
                .col(string_len(I::Series, 16))
                .col(integer(I::Year))
                .col(big_integer(I::Sequence).check(Expr::col(I::Sequence).gt(0)))
                .col(string_len(I::Number, 64))
                .col(string_len(I::Status, 16).check(Expr::col(I::Status).is_in([
                    "draft",
                    "issued",
                    "paid",
                    "cancelled",
                ])))
                .col(date(I::IssueDate))
                .col(date(I::SupplyDate))
                .col(date_null(I::DueDate))
                .col(string_len(I::Currency, 3).default("EUR"))
                .col(
                    string_len(I::Language, 2)
                        .check(Expr::col(I::Language).is_in(["en", "fr", "de"])),
                )
                .col(string_len(I::VatRegime, 40))
                .col(string_len(I::VatCountry, 2))
                .col(
                    string_len(I::RoundingMethod, 8)
                        .check(Expr::col(I::RoundingMethod).is_in(["net", "gross"])),
                )
                .col(string_len(I::PricePolicy, 40))
                .col(text(I::Seller))
                .col(text(I::Buyer))
                .col(big_integer_null(I::CustomerId))
                .col(string_len(I::BuyerName, 300))
                .col(string_len(I::BuyerEmail, 254))
                .col(text(I::Lines))
                .col(text(I::VatBreakdown))
                .col(text(I::Mentions))
                .col(text(I::RegimeInput))
                .col(text(I::RegimeExplanation))
                .col(big_integer(I::NetCents))
                .col(big_integer(I::VatCents))
                .col(big_integer(I::GrossCents))
                .col(big_integer(I::DistanceSaleCents).default(0))
                .col(string_len_null(I::Reason, 500))
                .col(string_len_null(I::PdfSha256, 64))
                .col(big_integer_null(I::IssuedBy))
                .col(timestamp_with_time_zone_null(I::PaidAt))
                .col(timestamp_with_time_zone_null(I::CancelledAt))
                .col(timestamp_with_time_zone(I::CreatedAt))
                .foreign_key(&mut fk(
                    (I::Table, I::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Restrict,
                ))
                // An invoiced order cannot be deleted: the invoice must stay.
                .foreign_key(&mut fk(
                    (I::Table, I::OrderId),
                    id_of("orders"),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (I::Table, I::CorrectsInvoiceId),
                    (I::Table, I::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            (
                "ux_invoices_store_number",
                vec![I::StoreId, I::Number],
                true,
            ),
            (
                "ux_invoices_store_sequence",
                vec![I::StoreId, I::Series, I::Year, I::Sequence],
                true,
            ),
            ("ix_invoices_store_id", vec![I::StoreId, I::Id], false),
            ("ix_invoices_order", vec![I::OrderId], false),
            ("ix_invoices_corrects", vec![I::CorrectsInvoiceId], false),
            (
                "ix_invoices_customer",
                vec![I::StoreId, I::CustomerId],
                false,
            ),
        ] {
            let mut idx = Index::create().name(name).table(I::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            if unique {
                idx.unique();
            }
            m.create_index(idx).await?;
        }
        // One active invoice per order: a partial unique index (same syntax on both backends).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_invoices_active_order ON invoices (store_id, order_id) \
                 WHERE document_type = 'invoice' AND status <> 'cancelled'",
            )
            .await?;

        use InvoicePdfs as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(big_integer(P::InvoiceId).primary_key())
                .col(big_integer(P::StoreId))
                .col(blob(P::Content))
                .col(string_len(P::Sha256, 64))
                .col(timestamp_with_time_zone(P::CreatedAt))
                .foreign_key(&mut fk(
                    (P::Table, P::InvoiceId),
                    (Invoices::Table, Invoices::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum InvoiceLogos {
    Table,
    StoreId,
    Sha256,
    Content,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LogoCol {
    #[sea_orm(iden = "invoice_settings")]
    Table,
    LogoSha256,
}

// The optional seller logo: images kept by content hash, so an issued invoice (whose seller
// snapshot names the hash) prints the logo it was issued with even after it is replaced.
orion_db::migration!(
    M20261124000802AddInvoiceLogo,
    "m20261124_000802_add_invoice_logo"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000802AddInvoiceLogo {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InvoiceLogos::Table)
                .col(big_integer(InvoiceLogos::StoreId))
                .col(string_len(InvoiceLogos::Sha256, 64))
                .col(blob(InvoiceLogos::Content))
                .col(timestamp_with_time_zone(InvoiceLogos::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(InvoiceLogos::StoreId)
                        .col(InvoiceLogos::Sha256),
                )
                .foreign_key(&mut fk(
                    (InvoiceLogos::Table, InvoiceLogos::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(LogoCol::Table)
                .add_column(string_len_null(LogoCol::LogoSha256, 64))
                .to_owned(),
        )
        .await
    }
}

// Orders keep whether they have an active invoice (`orders.invoiced`, added by the orders
// module just before); this marks the orders invoiced before the column existed.
orion_db::migration!(
    M20261205000803MarkInvoicedOrders,
    "m20261205_000803_mark_invoiced_orders"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261205000803MarkInvoicedOrders {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "UPDATE orders SET invoiced = TRUE WHERE id IN (SELECT order_id FROM invoices \
                 WHERE order_id IS NOT NULL AND document_type = 'invoice' AND status <> 'cancelled')",
            )
            .await?;
        Ok(())
    }
}

// Summaries cached per instance (the reporting module's credit notes and distance sales)
// are keyed by the store's `invoices` change counter, which every write of an invoice or a
// credit note bumps (see `orion_db::changes`).
orion_db::migration!(
    M20261206000804WatchInvoices,
    "m20261206_000804_watch_invoices"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206000804WatchInvoices {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        orion_db::changes::watch_by_store(m.get_connection(), "invoices", crate::CHANGE_SCOPE).await
    }
}

#[derive(DeriveIden)]
enum EinvoiceCol {
    #[sea_orm(iden = "invoice_settings")]
    Table,
    PeppolId,
    EinvoicePdf,
}

// E-invoices: the seller's Peppol participant id (none: derived from the VAT number) and
// whether invoice PDFs are Factur-X. New stores start with Factur-X on; stores that already
// issue invoices keep plain PDFs until they turn it on.
orion_db::migration!(
    M20261207000805EinvoiceSettings,
    "m20261207_000805_einvoice_settings"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261207000805EinvoiceSettings {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(EinvoiceCol::Table)
                .add_column(string_len_null(EinvoiceCol::PeppolId, 110))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EinvoiceCol::Table)
                .add_column(boolean(EinvoiceCol::EinvoicePdf).default(true))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("UPDATE invoice_settings SET einvoice_pdf = FALSE")
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SendOnIssueCol {
    #[sea_orm(iden = "invoice_settings")]
    Table,
    SendOnIssue,
}

// "Send invoices when issued" (off until the store turns it on).
orion_db::migration!(M20261207000806SendOnIssue, "m20261207_000806_send_on_issue");

#[async_trait::async_trait]
impl MigrationTrait for M20261207000806SendOnIssue {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SendOnIssueCol::Table)
                .add_column(boolean(SendOnIssueCol::SendOnIssue).default(false))
                .to_owned(),
        )
        .await
    }
}
