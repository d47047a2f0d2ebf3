//! Schema of the inventory module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(M20261124000301CreateInventory)]
}

#[derive(DeriveIden, Clone)]
enum Warehouses {
    Table,
    Id,
    StoreId,
    Code,
    Name,
    IsDefault,
    Active,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum StockLevels {
    Table,
    Id,
    StoreId,
    ProductId,
    WarehouseId,
    Bin,
    OnHand,
    Reserved,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Reservations {
    Table,
    Id,
    StoreId,
    ProductId,
    StockLevelId,
    OrderId,
    OrderItemId,
    Quantity,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum InventoryTransactions {
    Table,
    Id,
    StoreId,
    ProductId,
    WarehouseId,
    Bin,
    Kind,
    OnHandChange,
    ReservedChange,
    OnHandAfter,
    ReservedAfter,
    OrderId,
    OrderItemId,
    Reference,
    Reason,
    ActorUserId,
    CreatedAt,
}

orion_db::migration!(
    M20261124000301CreateInventory,
    "m20261124_000301_create_inventory"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000301CreateInventory {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Warehouses::Table)
                .col(big_pk_auto(Warehouses::Id))
                .col(big_integer(Warehouses::StoreId))
                .col(string_len(Warehouses::Code, 32))
                .col(string_len(Warehouses::Name, 100))
                .col(boolean(Warehouses::IsDefault).default(false))
                .col(boolean(Warehouses::Active).default(true))
                .col(timestamp_with_time_zone(Warehouses::CreatedAt))
                .foreign_key(&mut fk(
                    (Warehouses::Table, Warehouses::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_warehouses_store_code",
            Warehouses::Table,
            [Warehouses::StoreId, Warehouses::Code],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(StockLevels::Table)
                .col(big_pk_auto(StockLevels::Id))
                .col(big_integer(StockLevels::StoreId))
                .col(big_integer(StockLevels::ProductId))
                .col(big_integer(StockLevels::WarehouseId))
                .col(string_len(StockLevels::Bin, 32).default(""))
                .col(
                    big_integer(StockLevels::OnHand)
                        .default(0)
                        .check(Expr::col(StockLevels::OnHand).gte(0)),
                )
                .col(
                    big_integer(StockLevels::Reserved)
                        .default(0)
                        .check(Expr::col(StockLevels::Reserved).gte(0)),
                )
                .col(timestamp_with_time_zone(StockLevels::UpdatedAt))
                .check(Expr::col(StockLevels::Reserved).lte(Expr::col(StockLevels::OnHand)))
                .foreign_key(&mut fk(
                    (StockLevels::Table, StockLevels::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (StockLevels::Table, StockLevels::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (StockLevels::Table, StockLevels::WarehouseId),
                    (Warehouses::Table, Warehouses::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_stock_levels_slot",
            StockLevels::Table,
            [
                StockLevels::ProductId,
                StockLevels::WarehouseId,
                StockLevels::Bin,
            ],
        ))
        .await?;
        m.create_index(index(
            "ix_stock_levels_store",
            StockLevels::Table,
            [StockLevels::StoreId, StockLevels::ProductId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Reservations::Table)
                .col(big_pk_auto(Reservations::Id))
                .col(big_integer(Reservations::StoreId))
                .col(big_integer(Reservations::ProductId))
                .col(big_integer(Reservations::StockLevelId))
                .col(big_integer_null(Reservations::OrderId))
                .col(big_integer_null(Reservations::OrderItemId))
                .col(
                    big_integer(Reservations::Quantity)
                        .check(Expr::col(Reservations::Quantity).gt(0)),
                )
                .col(string_len(Reservations::Status, 10).check(
                    Expr::col(Reservations::Status).is_in(["active", "released", "fulfilled"]),
                ))
                .col(timestamp_with_time_zone(Reservations::CreatedAt))
                .col(timestamp_with_time_zone(Reservations::UpdatedAt))
                .foreign_key(&mut fk(
                    (Reservations::Table, Reservations::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Reservations::Table, Reservations::ProductId),
                    id_of("products"),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (Reservations::Table, Reservations::StockLevelId),
                    (StockLevels::Table, StockLevels::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_reservations_item",
            Reservations::Table,
            [Reservations::StoreId, Reservations::OrderItemId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(InventoryTransactions::Table)
                .col(big_pk_auto(InventoryTransactions::Id))
                .col(big_integer(InventoryTransactions::StoreId))
                .col(big_integer(InventoryTransactions::ProductId))
                .col(big_integer(InventoryTransactions::WarehouseId))
                .col(string_len(InventoryTransactions::Bin, 32))
                .col(string_len(InventoryTransactions::Kind, 10).check(
                    Expr::col(InventoryTransactions::Kind).is_in([
                        "reserve", "release", "fulfil", "adjust", "set", "import", "receive",
                        "return", "move_out", "move_in",
                    ]),
                ))
                .col(big_integer(InventoryTransactions::OnHandChange))
                .col(big_integer(InventoryTransactions::ReservedChange))
                .col(
                    big_integer(InventoryTransactions::OnHandAfter)
                        .check(Expr::col(InventoryTransactions::OnHandAfter).gte(0)),
                )
                .col(
                    big_integer(InventoryTransactions::ReservedAfter)
                        .check(Expr::col(InventoryTransactions::ReservedAfter).gte(0)),
                )
                .col(big_integer_null(InventoryTransactions::OrderId))
                .col(big_integer_null(InventoryTransactions::OrderItemId))
                .col(string_len_null(InventoryTransactions::Reference, 100))
                .col(string_len_null(InventoryTransactions::Reason, 500))
                .col(big_integer_null(InventoryTransactions::ActorUserId))
                .col(timestamp_with_time_zone(InventoryTransactions::CreatedAt))
                .foreign_key(&mut fk(
                    (InventoryTransactions::Table, InventoryTransactions::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                // RESTRICT: a product with stock movements cannot be deleted (it is deactivated).
                .foreign_key(&mut fk(
                    (
                        InventoryTransactions::Table,
                        InventoryTransactions::ProductId,
                    ),
                    id_of("products"),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (
                        InventoryTransactions::Table,
                        InventoryTransactions::WarehouseId,
                    ),
                    (Warehouses::Table, Warehouses::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (
                        InventoryTransactions::Table,
                        InventoryTransactions::ActorUserId,
                    ),
                    id_of("users"),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_inventory_transactions_product",
            InventoryTransactions::Table,
            [
                InventoryTransactions::StoreId,
                InventoryTransactions::ProductId,
                InventoryTransactions::Id,
            ],
        ))
        .await?;
        Ok(())
    }
}
