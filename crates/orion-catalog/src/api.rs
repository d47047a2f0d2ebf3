//! Catalog API: products, CSV import/export, the Letzshop feed.

use orion_web::problem::responses::{
    ProblemConflict, ProblemInvalid, ProblemNotFound, ProblemTooLarge,
};
use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use orion_kernel::{CursorParams, ListPage, Listing, Money, Pagination, ProductId, StoreId};
use orion_web::ApiError;
use orion_web::Problem;
use orion_web::{ApiJson, AppState, StoreCtx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

orion_web::problem_from!(crate::CatalogError);

use crate::csv_io::{self, ImportReport};
use crate::entity::product;
use crate::feed;
use crate::service::{self, Draft, ProductFilter};

/// Largest product CSV accepted by the import endpoint.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product, delete_product))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(import_products))
                .layer(large_body_limit()),
        )
        .routes(routes!(export_products))
        .routes(routes!(letzshop_feed))
}

/// Routes whose bodies may exceed the default limit.
pub fn large_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_IMPORT_BYTES)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductBody {
    pub sku: String,
    pub gtin: Option<String>,
    /// gtin8, gtin12, gtin13, gtin14, isbn10, isbn13 (guessed from the length when absent).
    pub gtin_type: Option<String>,
    /// `{"en": {"title", "description"}, "fr": …, "de": …}`; at least one title.
    pub translations: BTreeMap<String, Translation>,
    /// Gross price, e.g. `"19.99"`.
    pub price: String,
    pub sale_price: Option<String>,
    /// standard (default), reduced, super-reduced, parking, zero.
    pub vat_rate_class: Option<String>,
    /// Per-country rate class, e.g. `{"DE": "reduced"}`.
    pub vat_overrides: Option<BTreeMap<String, String>>,
    /// physical (default), digital, service.
    pub product_type: Option<String>,
    pub brand: Option<String>,
    pub mpn: Option<String>,
    /// new (default), used, refurbished.
    pub condition: Option<String>,
    /// in_stock, out_of_stock, preorder; absent = follows stock.
    pub availability: Option<String>,
    pub image_link: Option<String>,
    pub additional_image_links: Option<Vec<String>>,
    pub active: Option<bool>,
}

fn translations_into(d: &mut Draft, t: BTreeMap<String, Translation>) {
    for (lang, tr) in t {
        match tr.title {
            Some(v) => d.titles.insert(lang.clone(), v),
            None => d.titles.remove(&lang),
        };
        match tr.description {
            Some(v) => d.descriptions.insert(lang, v),
            None => d.descriptions.remove(&lang),
        };
    }
}

impl From<ProductBody> for Draft {
    fn from(b: ProductBody) -> Self {
        let mut d = Draft {
            sku: Some(b.sku),
            gtin: b.gtin,
            gtin_type: b.gtin_type,
            price: Some(b.price),
            sale_price: b.sale_price,
            vat_rate_class: b.vat_rate_class,
            vat_overrides: b.vat_overrides.unwrap_or_default(),
            product_type: b.product_type,
            brand: b.brand,
            mpn: b.mpn,
            condition: b.condition,
            availability: b.availability,
            image_link: b.image_link,
            additional_image_links: b.additional_image_links.unwrap_or_default(),
            active: b.active,
            ..Default::default()
        };
        translations_into(&mut d, b.translations);
        d
    }
}

/// A partial update: absent fields stay as they are; `null` clears optional ones.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub sku: Option<String>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub gtin: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub gtin_type: Option<Option<String>>,
    /// Languages given replace that language's title and description.
    pub translations: Option<BTreeMap<String, Translation>>,
    pub price: Option<String>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub sale_price: Option<Option<String>>,
    pub vat_rate_class: Option<String>,
    pub vat_overrides: Option<BTreeMap<String, String>>,
    pub product_type: Option<String>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub brand: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub mpn: Option<Option<String>>,
    pub condition: Option<String>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub availability: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    #[schema(value_type = Option<String>)]
    pub image_link: Option<Option<String>>,
    pub additional_image_links: Option<Vec<String>>,
    pub active: Option<bool>,
}

fn some<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl ProductPatch {
    fn apply(self, d: &mut Draft) {
        if let Some(v) = self.sku {
            d.sku = Some(v);
        }
        if let Some(v) = self.gtin {
            d.gtin = v;
            if d.gtin.is_none() {
                d.gtin_type = None;
            }
        }
        if let Some(v) = self.gtin_type {
            d.gtin_type = v;
        }
        if let Some(t) = self.translations {
            translations_into(d, t);
        }
        if let Some(v) = self.price {
            d.price = Some(v);
        }
        if let Some(v) = self.sale_price {
            d.sale_price = v;
        }
        if let Some(v) = self.vat_rate_class {
            d.vat_rate_class = Some(v);
        }
        if let Some(v) = self.vat_overrides {
            d.vat_overrides = v;
        }
        if let Some(v) = self.product_type {
            d.product_type = Some(v);
        }
        if let Some(v) = self.brand {
            d.brand = v;
        }
        if let Some(v) = self.mpn {
            d.mpn = v;
        }
        if let Some(v) = self.condition {
            d.condition = Some(v);
        }
        if let Some(v) = self.availability {
            d.availability = v;
        }
        if let Some(v) = self.image_link {
            d.image_link = v;
        }
        if let Some(v) = self.additional_image_links {
            d.additional_image_links = v;
        }
        if let Some(v) = self.active {
            d.active = Some(v);
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductOut {
    pub id: i64,
    pub sku: String,
    pub gtin: Option<String>,
    pub gtin_type: Option<String>,
    pub translations: BTreeMap<String, Translation>,
    pub price: Money,
    pub sale_price: Option<Money>,
    pub vat_rate_class: String,
    pub vat_overrides: BTreeMap<String, String>,
    pub product_type: String,
    pub brand: Option<String>,
    pub mpn: Option<String>,
    pub condition: String,
    pub availability: Option<String>,
    pub image_link: Option<String>,
    pub additional_image_links: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<product::Model> for ProductOut {
    fn from(p: product::Model) -> Self {
        let mut translations = BTreeMap::new();
        for l in crate::domain::LANGUAGES {
            if p.title(l).is_some() || p.description(l).is_some() {
                translations.insert(
                    l.to_owned(),
                    Translation {
                        title: p.title(l).map(str::to_owned),
                        description: p.description(l).map(str::to_owned),
                    },
                );
            }
        }
        ProductOut {
            additional_image_links: p.extra_images(),
            vat_overrides: p
                .vat_overrides
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default(),
            id: p.id,
            sku: p.sku,
            gtin: p.gtin,
            gtin_type: p.gtin_type,
            translations,
            price: Money(p.price_cents),
            sale_price: p.sale_price_cents.map(Money),
            vat_rate_class: p.vat_rate_class,
            product_type: p.product_type,
            brand: p.brand,
            mpn: p.mpn,
            condition: p.condition,
            availability: p.availability,
            image_link: p.image_link,
            active: p.active,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Products of the store, oldest first, with search and filters: by page number, or walked
/// with cursors (`?limit=`, then `?after=<next_cursor>`; never counted, stable while products
/// are added).
#[utoipa::path(get, path = "/api/v1/store/products", extensions(("x-permission" = json!("products.view"))), tag = "catalog", security(("bearer" = [])), params(ProductFilter, Pagination, CursorParams),
    responses((status = 200, body = ListPage<ProductOut>), ProblemInvalid))]
pub async fn list_products(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(f): Query<ProductFilter>,
    Query(p): Query<Pagination>,
    Query(c): Query<CursorParams>,
) -> Result<Json<ListPage<ProductOut>>, ApiError> {
    ctx.require("products.view")?;
    let how = Listing::of(p, &c)?;
    let page = service::listing(state.db.conn(), ctx.store_id(), &f, &how).await?;
    Ok(Json(page.map(Into::into)))
}

/// Create a product (counts against the plan's product limit when active).
#[utoipa::path(post, path = "/api/v1/store/products", extensions(("x-permission" = json!("products.edit"))), tag = "catalog", security(("bearer" = [])), request_body = ProductBody,
    responses((status = 201, body = ProductOut), (status = 409, description = "SKU or GTIN taken", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Product limit reached", body = Problem, content_type = "application/problem+json"),
        ProblemInvalid))]
pub async fn create_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    ApiJson(b): ApiJson<ProductBody>,
) -> Result<(StatusCode, Json<ProductOut>), ApiError> {
    ctx.require("products.edit")?;
    let tx = state.db.begin_write().await?;
    let p = service::create(&tx, ctx.store.merchant_id, ctx.store_id(), &b.into()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/store/products/{product_id}", extensions(("x-permission" = json!("products.view"))), tag = "catalog", security(("bearer" = [])), params(("product_id" = i64, Path)),
    responses((status = 200, body = ProductOut), ProblemNotFound))]
pub async fn get_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<ProductOut>, ApiError> {
    ctx.require("products.view")?;
    Ok(Json(
        service::find(state.db.conn(), ctx.store_id(), ProductId(id))
            .await?
            .into(),
    ))
}

/// Change a product (partial update).
#[utoipa::path(patch, path = "/api/v1/store/products/{product_id}", extensions(("x-permission" = json!("products.edit"))), tag = "catalog", security(("bearer" = [])), params(("product_id" = i64, Path)),
    request_body = ProductPatch,
    responses((status = 200, body = ProductOut), ProblemNotFound,
        ProblemConflict, ProblemInvalid))]
pub async fn update_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ProductPatch>,
) -> Result<Json<ProductOut>, ApiError> {
    ctx.require("products.edit")?;
    let tx = state.db.begin_write().await?;
    let p = service::update(&tx, ctx.store.merchant_id, ctx.store_id(), id, |d| {
        b.apply(d)
    })
    .await?;
    tx.commit().await?;
    Ok(Json(p.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeleteResult {
    pub id: i64,
    /// False when the product is referenced (stock movements, order lines) and was deactivated instead.
    pub deleted: bool,
    pub active: bool,
}

/// Delete a product; one with stock movements or order lines is deactivated instead.
#[utoipa::path(delete, path = "/api/v1/store/products/{product_id}", extensions(("x-permission" = json!("products.edit"))), tag = "catalog", security(("bearer" = [])), params(("product_id" = i64, Path)),
    responses((status = 200, body = DeleteResult), ProblemNotFound))]
pub async fn delete_product(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Path(id): Path<i64>,
) -> Result<Json<DeleteResult>, ApiError> {
    ctx.require("products.edit")?;
    let tx = state.db.begin_write().await?;
    let deleted = service::delete(&tx, ctx.store_id(), id).await?;
    tx.commit().await?;
    Ok(Json(DeleteResult {
        id,
        deleted,
        active: false,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Validate and report without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// The CSV of an upload: a `file` part of a multipart form, or the raw body (`text/csv`).
pub async fn upload(req: Request, state: &AppState) -> Result<Bytes, ApiError> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let too_large = || {
        ApiError::new(
            orion_web::ProblemKind::PayloadTooLarge,
            format!("The file exceeds {} MiB", MAX_IMPORT_BYTES / 1024 / 1024),
        )
    };
    if is_multipart {
        let mut mp = Multipart::from_request(req, state)
            .await
            .map_err(|e| ApiError::malformed(e.body_text()))?;
        while let Some(field) = mp
            .next_field()
            .await
            .map_err(|e| ApiError::malformed(e.body_text()))?
        {
            if field.name() == Some("file") {
                return field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        ApiError::malformed(e.body_text())
                    }
                });
            }
        }
        Err(ApiError::field("file", "the form has no part named file"))
    } else {
        Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::malformed(e.body_text())
            }
        })
    }
}

/// Import products from CSV (upsert by SKU). Valid rows are applied in one transaction;
/// invalid rows are reported with row and column; `?dry_run=true` writes nothing.
#[utoipa::path(post, path = "/api/v1/store/products/import", extensions(("x-permission" = json!("products.edit"))), tag = "catalog", security(("bearer" = [])), params(ImportParams),
    request_body(content = String, content_type = "text/csv", description = "CSV with a header line (or multipart/form-data with a `file` part)"),
    responses((status = 200, body = ImportReport), ProblemTooLarge,
        (status = 422, description = "Unusable file (no header, no sku column)", body = Problem, content_type = "application/problem+json")))]
pub async fn import_products(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(params): Query<ImportParams>,
    req: Request,
) -> Result<Json<ImportReport>, ApiError> {
    ctx.require("products.edit")?;
    let bytes = upload(req, &state).await?;
    let report = run_import(
        &state,
        ctx.store.merchant_id,
        ctx.store_id(),
        &bytes,
        params.dry_run,
        |_| {},
    )
    .await?;
    Ok(Json(report))
}

/// Shared by the API and the CLI: one transaction, committed unless dry-run or nothing valid.
pub async fn run_import(
    state: &AppState,
    merchant: orion_kernel::MerchantId,
    store: StoreId,
    bytes: &[u8],
    dry_run: bool,
    progress: impl FnMut(u64),
) -> Result<ImportReport, ApiError> {
    let tx = state.db.begin_write().await?;
    let report = csv_io::import(&tx, merchant, store, bytes, dry_run, progress).await?;
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(report)
}

pub(crate) fn download(
    body: axum::body::Body,
    content_type: &'static str,
    filename: &str,
) -> Response {
    orion_web::pages::attachment(body, content_type, filename)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Only `csv`.
    pub format: Option<String>,
    /// `standard` (comma-separated, the default) or `excel` (semicolon-separated UTF-8
    /// with a byte-order mark and decimal commas, for spreadsheets set to French or German).
    pub dialect: Option<String>,
}

/// All products as CSV, in the import's format (streamed).
#[utoipa::path(get, path = "/api/v1/store/products/export", extensions(("x-permission" = json!("products.view"))), tag = "catalog", security(("bearer" = [])), params(ExportParams),
    responses((status = 200, description = "CSV", content_type = "text/csv"), ProblemInvalid))]
pub async fn export_products(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<ExportParams>,
) -> Result<Response, ApiError> {
    ctx.require("products.view")?;
    if q.format.as_deref().is_some_and(|f| f != "csv") {
        return Err(ApiError::field("format", "only csv is supported"));
    }
    let dialect = orion_kernel::CsvDialect::parse(q.dialect.as_deref())?;
    let name = format!(
        "{}_products_{}.csv",
        ctx.store.code,
        Utc::now().format("%Y-%m-%d")
    );
    Ok(download(
        feed::products_csv(state, ctx.store_id(), dialect),
        "text/csv; charset=utf-8",
        &name,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// en, fr or de (default: the store's language).
    pub language: Option<String>,
    /// Include inactive products (default false).
    #[serde(default)]
    pub include_inactive: bool,
}

/// The Letzshop product feed (tab-separated, Google-Shopping columns) in one language.
#[utoipa::path(get, path = "/api/v1/store/letzshop/export", extensions(("x-permission" = json!("products.view"))), tag = "catalog", security(("bearer" = [])), params(FeedParams),
    responses((status = 200, description = "Tab-separated feed", content_type = "text/tab-separated-values"),
        ProblemInvalid))]
pub async fn letzshop_feed(
    State(state): State<AppState>,
    ctx: StoreCtx,
    Query(q): Query<FeedParams>,
) -> Result<Response, ApiError> {
    ctx.require("products.view")?;
    let lang = match q.language.as_deref() {
        Some(l @ ("en" | "fr" | "de")) => l.to_owned(),
        Some(_) => return Err(ApiError::field("language", "must be en, fr or de")),
        None => "en".to_owned(),
    };
    let name = format!("{}_letzshop_export.csv", ctx.store.code);
    Ok(download(
        feed::letzshop_feed(
            state,
            ctx.store_id(),
            ctx.store.code.clone(),
            lang,
            q.include_inactive,
        ),
        "text/tab-separated-values; charset=utf-8",
        &name,
    ))
}
