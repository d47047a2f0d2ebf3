//! Schema of the inventory module.

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

#[derive(DeriveIden)]
enum Stores {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

struct M20261124000301CreateInventory;

impl MigrationName for M20261124000301CreateInventory {
    fn name(&self) -> &str {
        "m20261124_000301_create_inventory"
    }
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

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
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_warehouses_store_code")
                .table(Warehouses::Table)
                .col(Warehouses::StoreId)
                .col(Warehouses::Code)
                .unique()
                .to_owned(),
        )
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
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (StockLevels::Table, StockLevels::ProductId),
                    (Products::Table, Products::Id),
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
        m.create_index(
            Index::create()
                .name("ux_stock_levels_slot")
                .table(StockLevels::Table)
                .col(StockLevels::ProductId)
                .col(StockLevels::WarehouseId)
                .col(StockLevels::Bin)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_stock_levels_store")
                .table(StockLevels::Table)
                .col(StockLevels::StoreId)
                .col(StockLevels::ProductId)
                .to_owned(),
        )
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
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Reservations::Table, Reservations::ProductId),
                    (Products::Table, Products::Id),
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
        m.create_index(
            Index::create()
                .name("ix_reservations_item")
                .table(Reservations::Table)
                .col(Reservations::StoreId)
                .col(Reservations::OrderItemId)
                .to_owned(),
        )
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
                    (Stores::Table, Stores::Id),
                    ForeignKeyAction::Cascade,
                ))
                // RESTRICT: a product with stock movements cannot be deleted (it is deactivated).
                .foreign_key(&mut fk(
                    (
                        InventoryTransactions::Table,
                        InventoryTransactions::ProductId,
                    ),
                    (Products::Table, Products::Id),
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
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_inventory_transactions_product")
                .table(InventoryTransactions::Table)
                .col(InventoryTransactions::StoreId)
                .col(InventoryTransactions::ProductId)
                .col(InventoryTransactions::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
