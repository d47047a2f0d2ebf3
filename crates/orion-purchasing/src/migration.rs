//! Schema of the purchasing module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261205000901CreatePurchasing)]
}

#[derive(DeriveIden, Clone)]
enum Suppliers {
    Table,
    Id,
    StoreId,
    Name,
    ContactPerson,
    Email,
    Phone,
    Street,
    PostalCode,
    City,
    Country,
    VatId,
    Currency,
    Language,
    LeadTimeDays,
    PaymentTerms,
    Notes,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SupplierProducts {
    Table,
    Id,
    StoreId,
    SupplierId,
    ProductId,
    SupplierSku,
    LastUnitCostCents,
    MinOrderQuantity,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum PurchaseOrders {
    Table,
    Id,
    StoreId,
    SupplierId,
    Number,
    NumberYear,
    NumberSeq,
    Status,
    OrderDate,
    ExpectedAt,
    Notes,
    TotalCents,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    OrderedAt,
    ClosedAt,
}

#[derive(DeriveIden, Clone)]
enum PurchaseOrderLines {
    Table,
    Id,
    StoreId,
    PurchaseOrderId,
    ProductId,
    Position,
    Quantity,
    Received,
    ClosedShort,
    UnitCostCents,
    LineTotalCents,
}

#[derive(DeriveIden, Clone)]
enum PurchaseReceipts {
    Table,
    Id,
    StoreId,
    PurchaseOrderId,
    IdempotencyKey,
    RequestHash,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum PurchaseReceiptLines {
    Table,
    Id,
    ReceiptId,
    LineId,
    ProductId,
    WarehouseId,
    Bin,
    Quantity,
}

#[derive(DeriveIden, Clone)]
enum PurchaseOrderCounters {
    Table,
    StoreId,
    Series,
    Year,
    LastValue,
}

#[derive(DeriveIden, Clone)]
enum ProductCosts {
    Table,
    ProductId,
    StoreId,
    AverageCostCents,
    Quantity,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum ReorderRules {
    Table,
    ProductId,
    StoreId,
    ReorderPoint,
    TargetLevel,
    SupplierId,
    UpdatedAt,
}

orion_db::migration!(
    M20261205000901CreatePurchasing,
    "m20261205_000901_create_purchasing"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261205000901CreatePurchasing {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Suppliers::Table)
                .col(big_pk_auto(Suppliers::Id))
                .col(big_integer(Suppliers::StoreId))
                .col(string_len(Suppliers::Name, 200))
                .col(string_len_null(Suppliers::ContactPerson, 200))
                .col(string_len_null(Suppliers::Email, 254))
                .col(string_len_null(Suppliers::Phone, 50))
                .col(string_len_null(Suppliers::Street, 200))
                .col(string_len_null(Suppliers::PostalCode, 20))
                .col(string_len_null(Suppliers::City, 100))
                .col(string_len_null(Suppliers::Country, 2))
                .col(string_len_null(Suppliers::VatId, 20))
                .col(string_len(Suppliers::Currency, 3).default("EUR"))
                .col(string_len(Suppliers::Language, 2).default("en"))
                .col(integer_null(Suppliers::LeadTimeDays))
                .col(string_len_null(Suppliers::PaymentTerms, 200))
                .col(text_null(Suppliers::Notes))
                .col(boolean(Suppliers::Active).default(true))
                .col(timestamp_with_time_zone(Suppliers::CreatedAt))
                .col(timestamp_with_time_zone(Suppliers::UpdatedAt))
                .foreign_key(&mut fk(
                    (Suppliers::Table, Suppliers::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_suppliers_store_name",
            Suppliers::Table,
            [Suppliers::StoreId, Suppliers::Name],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(SupplierProducts::Table)
                .col(big_pk_auto(SupplierProducts::Id))
                .col(big_integer(SupplierProducts::StoreId))
                .col(big_integer(SupplierProducts::SupplierId))
                .col(big_integer(SupplierProducts::ProductId))
                .col(string_len_null(SupplierProducts::SupplierSku, 64))
                .col(big_integer_null(SupplierProducts::LastUnitCostCents))
                .col(
                    big_integer(SupplierProducts::MinOrderQuantity)
                        .default(1)
                        .check(Expr::col(SupplierProducts::MinOrderQuantity).gte(1)),
                )
                .col(timestamp_with_time_zone(SupplierProducts::UpdatedAt))
                .foreign_key(&mut fk(
                    (SupplierProducts::Table, SupplierProducts::SupplierId),
                    (Suppliers::Table, Suppliers::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SupplierProducts::Table, SupplierProducts::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_supplier_products_pair",
            SupplierProducts::Table,
            [SupplierProducts::SupplierId, SupplierProducts::ProductId],
        ))
        .await?;
        m.create_index(index(
            "ix_supplier_products_product",
            SupplierProducts::Table,
            [SupplierProducts::StoreId, SupplierProducts::ProductId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(PurchaseOrders::Table)
                .col(big_pk_auto(PurchaseOrders::Id))
                .col(big_integer(PurchaseOrders::StoreId))
                .col(big_integer(PurchaseOrders::SupplierId))
                .col(string_len_null(PurchaseOrders::Number, 40))
                .col(integer_null(PurchaseOrders::NumberYear))
                .col(big_integer_null(PurchaseOrders::NumberSeq))
                .col(string_len(PurchaseOrders::Status, 20))
                .col(date_null(PurchaseOrders::OrderDate))
                .col(date_null(PurchaseOrders::ExpectedAt))
                .col(text_null(PurchaseOrders::Notes))
                .col(big_integer(PurchaseOrders::TotalCents).default(0))
                .col(big_integer_null(PurchaseOrders::CreatedBy))
                .col(timestamp_with_time_zone(PurchaseOrders::CreatedAt))
                .col(timestamp_with_time_zone(PurchaseOrders::UpdatedAt))
                .col(timestamp_with_time_zone_null(PurchaseOrders::OrderedAt))
                .col(timestamp_with_time_zone_null(PurchaseOrders::ClosedAt))
                .foreign_key(&mut fk(
                    (PurchaseOrders::Table, PurchaseOrders::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (PurchaseOrders::Table, PurchaseOrders::SupplierId),
                    (Suppliers::Table, Suppliers::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_purchase_orders_number",
            PurchaseOrders::Table,
            [PurchaseOrders::StoreId, PurchaseOrders::Number],
        ))
        .await?;
        m.create_index(index(
            "ix_purchase_orders_status",
            PurchaseOrders::Table,
            [PurchaseOrders::StoreId, PurchaseOrders::Status],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(PurchaseOrderLines::Table)
                .col(big_pk_auto(PurchaseOrderLines::Id))
                .col(big_integer(PurchaseOrderLines::StoreId))
                .col(big_integer(PurchaseOrderLines::PurchaseOrderId))
                .col(big_integer(PurchaseOrderLines::ProductId))
                .col(integer(PurchaseOrderLines::Position))
                .col(
                    big_integer(PurchaseOrderLines::Quantity)
                        .check(Expr::col(PurchaseOrderLines::Quantity).gt(0)),
                )
                .col(
                    big_integer(PurchaseOrderLines::Received)
                        .default(0)
                        .check(Expr::col(PurchaseOrderLines::Received).gte(0)),
                )
                .col(
                    big_integer(PurchaseOrderLines::ClosedShort)
                        .default(0)
                        .check(Expr::col(PurchaseOrderLines::ClosedShort).gte(0)),
                )
                .col(
                    big_integer(PurchaseOrderLines::UnitCostCents)
                        .check(Expr::col(PurchaseOrderLines::UnitCostCents).gte(0)),
                )
                .col(big_integer(PurchaseOrderLines::LineTotalCents))
                .check(
                    Expr::col(PurchaseOrderLines::Received)
                        .add(Expr::col(PurchaseOrderLines::ClosedShort))
                        .lte(Expr::col(PurchaseOrderLines::Quantity)),
                )
                .foreign_key(&mut fk(
                    (
                        PurchaseOrderLines::Table,
                        PurchaseOrderLines::PurchaseOrderId,
                    ),
                    (PurchaseOrders::Table, PurchaseOrders::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (PurchaseOrderLines::Table, PurchaseOrderLines::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_purchase_order_lines_order",
            PurchaseOrderLines::Table,
            [PurchaseOrderLines::PurchaseOrderId],
        ))
        .await?;
        m.create_index(index(
            "ix_purchase_order_lines_product",
            PurchaseOrderLines::Table,
            [PurchaseOrderLines::StoreId, PurchaseOrderLines::ProductId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(PurchaseReceipts::Table)
                .col(big_pk_auto(PurchaseReceipts::Id))
                .col(big_integer(PurchaseReceipts::StoreId))
                .col(big_integer(PurchaseReceipts::PurchaseOrderId))
                .col(string_len_null(PurchaseReceipts::IdempotencyKey, 200))
                .col(string_len(PurchaseReceipts::RequestHash, 64))
                .col(text_null(PurchaseReceipts::Note))
                .col(big_integer_null(PurchaseReceipts::CreatedBy))
                .col(timestamp_with_time_zone(PurchaseReceipts::CreatedAt))
                .foreign_key(&mut fk(
                    (PurchaseReceipts::Table, PurchaseReceipts::PurchaseOrderId),
                    (PurchaseOrders::Table, PurchaseOrders::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_purchase_receipts_idempotency",
            PurchaseReceipts::Table,
            [PurchaseReceipts::StoreId, PurchaseReceipts::IdempotencyKey],
        ))
        .await?;
        m.create_index(index(
            "ix_purchase_receipts_order",
            PurchaseReceipts::Table,
            [PurchaseReceipts::PurchaseOrderId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(PurchaseReceiptLines::Table)
                .col(big_pk_auto(PurchaseReceiptLines::Id))
                .col(big_integer(PurchaseReceiptLines::ReceiptId))
                .col(big_integer(PurchaseReceiptLines::LineId))
                .col(big_integer(PurchaseReceiptLines::ProductId))
                .col(big_integer(PurchaseReceiptLines::WarehouseId))
                .col(string_len(PurchaseReceiptLines::Bin, 32).default(""))
                .col(
                    big_integer(PurchaseReceiptLines::Quantity)
                        .check(Expr::col(PurchaseReceiptLines::Quantity).gt(0)),
                )
                .foreign_key(&mut fk(
                    (PurchaseReceiptLines::Table, PurchaseReceiptLines::ReceiptId),
                    (PurchaseReceipts::Table, PurchaseReceipts::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (PurchaseReceiptLines::Table, PurchaseReceiptLines::LineId),
                    (PurchaseOrderLines::Table, PurchaseOrderLines::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_purchase_receipt_lines_receipt",
            PurchaseReceiptLines::Table,
            [PurchaseReceiptLines::ReceiptId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(PurchaseOrderCounters::Table)
                .col(big_integer(PurchaseOrderCounters::StoreId))
                .col(string_len(PurchaseOrderCounters::Series, 20))
                .col(integer(PurchaseOrderCounters::Year))
                .col(big_integer(PurchaseOrderCounters::LastValue))
                .primary_key(
                    Index::create()
                        .col(PurchaseOrderCounters::StoreId)
                        .col(PurchaseOrderCounters::Series)
                        .col(PurchaseOrderCounters::Year),
                )
                .foreign_key(&mut fk(
                    (PurchaseOrderCounters::Table, PurchaseOrderCounters::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProductCosts::Table)
                .col(big_integer(ProductCosts::ProductId).primary_key())
                .col(big_integer(ProductCosts::StoreId))
                .col(
                    big_integer(ProductCosts::AverageCostCents)
                        .check(Expr::col(ProductCosts::AverageCostCents).gte(0)),
                )
                .col(big_integer(ProductCosts::Quantity))
                .col(timestamp_with_time_zone(ProductCosts::UpdatedAt))
                .foreign_key(&mut fk(
                    (ProductCosts::Table, ProductCosts::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReorderRules::Table)
                .col(big_integer(ReorderRules::ProductId).primary_key())
                .col(big_integer(ReorderRules::StoreId))
                .col(
                    big_integer(ReorderRules::ReorderPoint)
                        .check(Expr::col(ReorderRules::ReorderPoint).gte(0)),
                )
                .col(big_integer(ReorderRules::TargetLevel))
                .col(big_integer_null(ReorderRules::SupplierId))
                .col(timestamp_with_time_zone(ReorderRules::UpdatedAt))
                .check(
                    Expr::col(ReorderRules::TargetLevel).gte(Expr::col(ReorderRules::ReorderPoint)),
                )
                .foreign_key(&mut fk(
                    (ReorderRules::Table, ReorderRules::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (ReorderRules::Table, ReorderRules::SupplierId),
                    (Suppliers::Table, Suppliers::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_reorder_rules_store",
            ReorderRules::Table,
            [ReorderRules::StoreId],
        ))
        .await?;
        Ok(())
    }
}
