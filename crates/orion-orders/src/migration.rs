//! Schema of the orders module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000501CreateOrders),
        Box::new(M20261124000502AddBackorders),
        Box::new(M20261125000503WatchOrders),
        Box::new(M20261205000504CreateBulkJobs),
        Box::new(M20261205000505AddInvoiced),
        Box::new(M20261206000506IndexNotInvoiced),
    ]
}

#[derive(DeriveIden, Clone)]
enum Orders {
    Table,
    Id,
    StoreId,
    OrderNumber,
    Channel,
    ExternalOrderId,
    ExternalShipmentId,
    ExternalNumber,
    Status,
    HeldReason,
    CustomerId,
    CustomerEmail,
    CustomerFirstName,
    CustomerLastName,
    CustomerCompany,
    CustomerVatId,
    CustomerPhone,
    BillingAddress,
    ShippingAddress,
    ShipCountry,
    ShipPostcode,
    SubtotalCents,
    ShippingCents,
    DiscountCents,
    TaxCents,
    TotalCents,
    Currency,
    Locale,
    TrackingNumber,
    Carrier,
    Notes,
    IdempotencyKey,
    RequestHash,
    OrderedAt,
    ConfirmedAt,
    ShippedAt,
    DeliveredAt,
    CancelledAt,
    RefundedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    StoreId,
    ProductId,
    Sku,
    Gtin,
    Name,
    Quantity,
    UnitPriceCents,
    LineTotalCents,
    VatRateClass,
    Status,
    ExternalUnitIds,
    Position,
}

#[derive(DeriveIden, Clone)]
enum OrderHistory {
    Table,
    Id,
    OrderId,
    StoreId,
    FromStatus,
    ToStatus,
    ActorUserId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum OrderExceptions {
    Table,
    Id,
    StoreId,
    OrderId,
    OrderItemId,
    Gtin,
    Sku,
    Status,
    ResolvedProductId,
    CreatedAt,
    ResolvedAt,
}

orion_db::migration!(
    M20261124000501CreateOrders,
    "m20261124_000501_create_orders"
);

const STATUSES: [&str; 8] = [
    "held",
    "pending",
    "processing",
    "partially_shipped",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
];

#[async_trait::async_trait]
impl MigrationTrait for M20261124000501CreateOrders {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let money = |c: Orders| {
            big_integer(c.clone())
                .default(0)
                .check(Expr::col(c).gte(0))
                .take()
        };
        m.create_table(
            Table::create()
                .table(Orders::Table)
                .col(big_pk_auto(Orders::Id))
                .col(big_integer(Orders::StoreId))
                .col(string_len_uniq(Orders::OrderNumber, 64))
                .col(
                    string_len(Orders::Channel, 16)
                        .check(Expr::col(Orders::Channel).is_in(["direct", "letzshop"])),
                )
                .col(string_len_null(Orders::ExternalOrderId, 100))
                .col(string_len_null(Orders::ExternalShipmentId, 100))
                .col(string_len_null(Orders::ExternalNumber, 100))
                .col(
                    string_len(Orders::Status, 20).check(Expr::col(Orders::Status).is_in(STATUSES)),
                )
                .col(string_len_null(Orders::HeldReason, 50))
                .col(big_integer_null(Orders::CustomerId))
                .col(string_len(Orders::CustomerEmail, 254))
                .col(string_len_null(Orders::CustomerFirstName, 100))
                .col(string_len_null(Orders::CustomerLastName, 100))
                .col(string_len_null(Orders::CustomerCompany, 200))
                .col(string_len_null(Orders::CustomerVatId, 20))
                .col(string_len_null(Orders::CustomerPhone, 50))
                .col(text_null(Orders::BillingAddress))
                .col(text(Orders::ShippingAddress))
                .col(string_len(Orders::ShipCountry, 2))
                .col(string_len_null(Orders::ShipPostcode, 20))
                .col(money(Orders::SubtotalCents))
                .col(money(Orders::ShippingCents))
                .col(money(Orders::DiscountCents))
                .col(money(Orders::TaxCents))
                .col(money(Orders::TotalCents))
                .col(string_len(Orders::Currency, 3).default("EUR"))
                .col(
                    string_len(Orders::Locale, 2)
                        .check(Expr::col(Orders::Locale).is_in(["en", "fr", "de"])),
                )
                .col(string_len_null(Orders::TrackingNumber, 100))
                .col(string_len_null(Orders::Carrier, 50))
                .col(text_null(Orders::Notes))
                .col(string_len_null(Orders::IdempotencyKey, 200))
                .col(string_len_null(Orders::RequestHash, 64))
                .col(timestamp_with_time_zone(Orders::OrderedAt))
                .col(timestamp_with_time_zone_null(Orders::ConfirmedAt))
                .col(timestamp_with_time_zone_null(Orders::ShippedAt))
                .col(timestamp_with_time_zone_null(Orders::DeliveredAt))
                .col(timestamp_with_time_zone_null(Orders::CancelledAt))
                .col(timestamp_with_time_zone_null(Orders::RefundedAt))
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::CustomerId),
                    id_of("customers"),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            (
                "ux_orders_store_shipment",
                vec![Orders::StoreId, Orders::ExternalShipmentId],
                true,
            ),
            (
                "ux_orders_store_idempotency",
                vec![Orders::StoreId, Orders::IdempotencyKey],
                true,
            ),
            (
                "ix_orders_store_status",
                vec![Orders::StoreId, Orders::Status, Orders::Id],
                false,
            ),
            (
                "ix_orders_store_ordered",
                vec![Orders::StoreId, Orders::OrderedAt],
                false,
            ),
            // The list is newest first: this index serves it without sorting.
            (
                "ix_orders_store_id",
                vec![Orders::StoreId, Orders::Id],
                false,
            ),
            ("ix_orders_customer", vec![Orders::CustomerId], false),
        ] {
            let mut idx = Index::create().name(name).table(Orders::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            if unique {
                idx.unique();
            }
            m.create_index(idx).await?;
        }
        m.create_table(
            Table::create()
                .table(OrderItems::Table)
                .col(big_pk_auto(OrderItems::Id))
                .col(big_integer(OrderItems::OrderId))
                .col(big_integer(OrderItems::StoreId))
                .col(big_integer_null(OrderItems::ProductId))
                .col(string_len_null(OrderItems::Sku, 64))
                .col(string_len_null(OrderItems::Gtin, 14))
                .col(string_len(OrderItems::Name, 300))
                .col(big_integer(OrderItems::Quantity).check(Expr::col(OrderItems::Quantity).gt(0)))
                .col(
                    big_integer(OrderItems::UnitPriceCents)
                        .check(Expr::col(OrderItems::UnitPriceCents).gte(0)),
                )
                .col(
                    big_integer(OrderItems::LineTotalCents)
                        .check(Expr::col(OrderItems::LineTotalCents).gte(0)),
                )
                .col(string_len(OrderItems::VatRateClass, 16))
                .col(string_len(OrderItems::Status, 10).check(
                    Expr::col(OrderItems::Status).is_in(["pending", "confirmed", "declined"]),
                ))
                .col(text_null(OrderItems::ExternalUnitIds))
                .col(integer(OrderItems::Position))
                .foreign_key(&mut fk(
                    (OrderItems::Table, OrderItems::OrderId),
                    (Orders::Table, Orders::Id),
                    ForeignKeyAction::Cascade,
                ))
                // RESTRICT: a product with order lines cannot be deleted (it is deactivated).
                .foreign_key(&mut fk(
                    (OrderItems::Table, OrderItems::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_order_items_order",
            OrderItems::Table,
            [OrderItems::OrderId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(OrderHistory::Table)
                .col(big_pk_auto(OrderHistory::Id))
                .col(big_integer(OrderHistory::OrderId))
                .col(big_integer(OrderHistory::StoreId))
                .col(string_len_null(OrderHistory::FromStatus, 20))
                .col(string_len(OrderHistory::ToStatus, 20))
                .col(big_integer_null(OrderHistory::ActorUserId))
                .col(string_len_null(OrderHistory::Note, 1000))
                .col(timestamp_with_time_zone(OrderHistory::CreatedAt))
                .foreign_key(&mut fk(
                    (OrderHistory::Table, OrderHistory::OrderId),
                    (Orders::Table, Orders::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (OrderHistory::Table, OrderHistory::ActorUserId),
                    id_of("users"),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_order_history_order",
            OrderHistory::Table,
            [OrderHistory::OrderId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(OrderExceptions::Table)
                .col(big_pk_auto(OrderExceptions::Id))
                .col(big_integer(OrderExceptions::StoreId))
                .col(big_integer(OrderExceptions::OrderId))
                .col(big_integer_uniq(OrderExceptions::OrderItemId))
                .col(string_len_null(OrderExceptions::Gtin, 14))
                .col(string_len_null(OrderExceptions::Sku, 64))
                .col(
                    string_len(OrderExceptions::Status, 10)
                        .check(Expr::col(OrderExceptions::Status).is_in(["open", "resolved"])),
                )
                .col(big_integer_null(OrderExceptions::ResolvedProductId))
                .col(timestamp_with_time_zone(OrderExceptions::CreatedAt))
                .col(timestamp_with_time_zone_null(OrderExceptions::ResolvedAt))
                .foreign_key(&mut fk(
                    (OrderExceptions::Table, OrderExceptions::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (OrderExceptions::Table, OrderExceptions::OrderId),
                    (Orders::Table, Orders::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (OrderExceptions::Table, OrderExceptions::OrderItemId),
                    (OrderItems::Table, OrderItems::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (OrderExceptions::Table, OrderExceptions::ResolvedProductId),
                    id_of("products"),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_order_exceptions_open",
            OrderExceptions::Table,
            [OrderExceptions::StoreId, OrderExceptions::Status],
        ))
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OrderSettings {
    Table,
    StoreId,
    AllowBackorders,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BackorderCols {
    #[sea_orm(iden = "order_items")]
    Table,
    Backordered,
}

// Backorders: a store setting, and the flag on items confirmed without stock.
orion_db::migration!(
    M20261124000502AddBackorders,
    "m20261124_000502_add_backorders"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000502AddBackorders {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OrderSettings::Table)
                .col(big_integer(OrderSettings::StoreId).primary_key())
                .col(boolean(OrderSettings::AllowBackorders).default(false))
                .col(timestamp_with_time_zone(OrderSettings::UpdatedAt))
                .foreign_key(&mut fk(
                    (OrderSettings::Table, OrderSettings::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(BackorderCols::Table)
                .add_column(boolean(BackorderCols::Backordered).default(false))
                .to_owned(),
        )
        .await
    }
}

// The order list is cached per instance under the store's `orders` change
// counter, which every write of an order or an order item bumps (see `orion_db::changes`).
orion_db::migration!(M20261125000503WatchOrders, "m20261125_000503_watch_orders");

#[async_trait::async_trait]
impl MigrationTrait for M20261125000503WatchOrders {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["orders", "order_items"] {
            orion_db::changes::watch_by_store(m.get_connection(), table, crate::list_cache::SCOPE)
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OrderBulkJobs {
    Table,
    Id,
    StoreId,
    MerchantId,
    StoreCode,
    StoreCountry,
    IdempotencyKey,
    RequestHash,
    Action,
    OrderIds,
    Tracking,
    Carrier,
    Status,
    Total,
    CreatedBy,
    LeaseUntil,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum OrderBulkResults {
    Table,
    Id,
    JobId,
    OrderId,
    Ok,
    Error,
    CreatedAt,
}

orion_db::migration!(
    M20261205000504CreateBulkJobs,
    "m20261205_000504_create_bulk_jobs"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261205000504CreateBulkJobs {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OrderBulkJobs::Table)
                .col(big_pk_auto(OrderBulkJobs::Id))
                .col(big_integer(OrderBulkJobs::StoreId))
                .col(big_integer(OrderBulkJobs::MerchantId))
                .col(string_len(OrderBulkJobs::StoreCode, 64))
                .col(string_len(OrderBulkJobs::StoreCountry, 2))
                .col(string_len_null(OrderBulkJobs::IdempotencyKey, 200))
                .col(string_len(OrderBulkJobs::RequestHash, 64))
                .col(string_len(OrderBulkJobs::Action, 20))
                .col(text(OrderBulkJobs::OrderIds))
                .col(text_null(OrderBulkJobs::Tracking))
                .col(string_len_null(OrderBulkJobs::Carrier, 50))
                .col(
                    string_len(OrderBulkJobs::Status, 10).check(
                        Expr::col(OrderBulkJobs::Status).is_in(["queued", "running", "done"]),
                    ),
                )
                .col(integer(OrderBulkJobs::Total))
                .col(big_integer_null(OrderBulkJobs::CreatedBy))
                .col(timestamp_with_time_zone_null(OrderBulkJobs::LeaseUntil))
                .col(timestamp_with_time_zone(OrderBulkJobs::CreatedAt))
                .col(timestamp_with_time_zone_null(OrderBulkJobs::FinishedAt))
                .foreign_key(&mut fk(
                    (OrderBulkJobs::Table, OrderBulkJobs::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_order_bulk_jobs_key",
            OrderBulkJobs::Table,
            [OrderBulkJobs::StoreId, OrderBulkJobs::IdempotencyKey],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(OrderBulkResults::Table)
                .col(big_pk_auto(OrderBulkResults::Id))
                .col(big_integer(OrderBulkResults::JobId))
                .col(big_integer(OrderBulkResults::OrderId))
                .col(boolean(OrderBulkResults::Ok))
                .col(text_null(OrderBulkResults::Error))
                .col(timestamp_with_time_zone(OrderBulkResults::CreatedAt))
                .foreign_key(&mut fk(
                    (OrderBulkResults::Table, OrderBulkResults::JobId),
                    (OrderBulkJobs::Table, OrderBulkJobs::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        // One result per order of a job: an order's action and its result commit together.
        m.create_index(unique_index(
            "ux_order_bulk_results_order",
            OrderBulkResults::Table,
            [OrderBulkResults::JobId, OrderBulkResults::OrderId],
        ))
        .await
    }
}

#[derive(DeriveIden)]
enum InvoicedCol {
    #[sea_orm(iden = "orders")]
    Table,
    Invoiced,
}

// Whether an order has its invoice: the invoicing module keeps it (and fills it for the
// invoices issued before the column existed), so the list can show "shipped, not invoiced".
orion_db::migration!(M20261205000505AddInvoiced, "m20261205_000505_add_invoiced");

#[async_trait::async_trait]
impl MigrationTrait for M20261205000505AddInvoiced {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(InvoicedCol::Table)
                .add_column(boolean(InvoicedCol::Invoiced).default(false))
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum InvoicedIx {
    #[sea_orm(iden = "orders")]
    Table,
    StoreId,
    Invoiced,
    Status,
    Id,
}

// "Shipped, not invoiced" (the dashboard's today panel and the list's attention filter) reads
// only the store's uninvoiced orders instead of every shipped and delivered one.
orion_db::migration!(
    M20261206000506IndexNotInvoiced,
    "m20261206_000506_index_not_invoiced"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206000506IndexNotInvoiced {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_orders_store_invoiced")
                .table(InvoicedIx::Table)
                .col(InvoicedIx::StoreId)
                .col(InvoicedIx::Invoiced)
                .col(InvoicedIx::Status)
                .col(InvoicedIx::Id)
                .to_owned(),
        )
        .await
    }
}
