//! Schema of the catalog module.

use orion_db::migration::{fk, id_of, index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(M20261124000201CreateCatalog),
        Box::new(M20261206000202IndexProductsStoreId),
    ]
}

#[derive(DeriveIden, Clone)]
enum Products {
    Table,
    Id,
    StoreId,
    Sku,
    Gtin,
    GtinType,
    TitleEn,
    TitleFr,
    TitleDe,
    DescriptionEn,
    DescriptionFr,
    DescriptionDe,
    PriceCents,
    SalePriceCents,
    VatRateClass,
    VatOverrides,
    Brand,
    Mpn,
    Condition,
    Availability,
    ImageLink,
    AdditionalImageLinks,
    ProductType,
    Active,
    CreatedAt,
    UpdatedAt,
}

orion_db::migration!(
    M20261124000201CreateCatalog,
    "m20261124_000201_create_catalog"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261124000201CreateCatalog {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Products::Table)
                .col(big_pk_auto(Products::Id))
                .col(big_integer(Products::StoreId))
                .col(string_len(Products::Sku, 64))
                .col(string_len_null(Products::Gtin, 14))
                .col(
                    string_len_null(Products::GtinType, 8).check(
                        Expr::col(Products::GtinType)
                            .is_in(["gtin8", "gtin12", "gtin13", "gtin14", "isbn10", "isbn13"]),
                    ),
                )
                .col(string_len_null(Products::TitleEn, 300))
                .col(string_len_null(Products::TitleFr, 300))
                .col(string_len_null(Products::TitleDe, 300))
                .col(text_null(Products::DescriptionEn))
                .col(text_null(Products::DescriptionFr))
                .col(text_null(Products::DescriptionDe))
                .col(
                    big_integer(Products::PriceCents).check(Expr::col(Products::PriceCents).gte(0)),
                )
                .col(
                    big_integer_null(Products::SalePriceCents)
                        .check(Expr::col(Products::SalePriceCents).gte(0)),
                )
                .col(string_len(Products::VatRateClass, 16).check(
                    Expr::col(Products::VatRateClass).is_in([
                        "standard",
                        "reduced",
                        "super-reduced",
                        "parking",
                        "zero",
                    ]),
                ))
                .col(text_null(Products::VatOverrides))
                .col(string_len_null(Products::Brand, 100))
                .col(string_len_null(Products::Mpn, 70))
                .col(
                    string_len(Products::Condition, 12).check(
                        Expr::col(Products::Condition).is_in(["new", "used", "refurbished"]),
                    ),
                )
                .col(string_len_null(Products::Availability, 16).check(
                    Expr::col(Products::Availability).is_in([
                        "in_stock",
                        "out_of_stock",
                        "preorder",
                    ]),
                ))
                .col(string_len_null(Products::ImageLink, 2000))
                .col(text_null(Products::AdditionalImageLinks))
                .col(string_len(Products::ProductType, 10).check(
                    Expr::col(Products::ProductType).is_in(["physical", "digital", "service"]),
                ))
                .col(boolean(Products::Active).default(true))
                .col(timestamp_with_time_zone(Products::CreatedAt))
                .col(timestamp_with_time_zone(Products::UpdatedAt))
                .foreign_key(&mut fk(
                    (Products::Table, Products::StoreId),
                    id_of("stores"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ux_products_store_sku",
            Products::Table,
            [Products::StoreId, Products::Sku],
        ))
        .await?;
        // NULL GTINs do not collide (both backends treat NULLs as distinct in unique indexes).
        m.create_index(unique_index(
            "ux_products_store_gtin",
            Products::Table,
            [Products::StoreId, Products::Gtin],
        ))
        .await?;
        Ok(())
    }
}

// Cursor walks of the product list (`WHERE store_id = ? AND id > ? ORDER BY id`) and its
// pages read the store's products in id order on this index, without sorting.
orion_db::migration!(
    M20261206000202IndexProductsStoreId,
    "m20261206_000202_index_products_store_id"
);

#[async_trait::async_trait]
impl MigrationTrait for M20261206000202IndexProductsStoreId {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "ix_products_store_id",
            Products::Table,
            [Products::StoreId, Products::Id],
        ))
        .await
    }
}
