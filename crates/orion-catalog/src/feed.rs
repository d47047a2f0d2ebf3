//! Streamed exports: the product CSV (the import's own format, so it round-trips) and the
//! Letzshop product feed (tab-separated, Google-Shopping columns, one language per file).
//! Both read the store's products in keyset pages, so memory stays flat.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use futures_util::stream::{self, Stream};
use orion_kernel::{CsvDialect, Money, StoreId};
use orion_web::ApiError;
use orion_web::AppState;

use crate::csv_io::COLUMNS;
use crate::entity::product;
use crate::service;
use crate::stock::{self, Place};

const PAGE: u64 = 500;

fn csv_line(fields: &[String], delimiter: u8) -> Vec<u8> {
    // The feed is plain TSV (no quoting; fields are cleaned of tabs and line breaks).
    let quote = if delimiter == b'\t' {
        csv::QuoteStyle::Never
    } else {
        csv::QuoteStyle::Necessary
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(quote)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

/// A product as one row of the product CSV (amounts as `dialect` writes them, text cells
/// safe from formula injection; the import reads them back). `places`: where its stock lies.
pub fn csv_row(p: &product::Model, dialect: CsvDialect, places: &[Place]) -> Vec<String> {
    let mut row = csv_fields(p, dialect);
    row.extend(stock_cells(p, places));
    row.iter()
        .map(|c| orion_kernel::text_cell(c).into_owned())
        .collect()
}

fn csv_fields(p: &product::Model, dialect: CsvDialect) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        p.sku.clone(),
        o(&p.gtin),
        o(&p.gtin_type),
        o(&p.title_en),
        o(&p.title_fr),
        o(&p.title_de),
        o(&p.description_en),
        o(&p.description_fr),
        o(&p.description_de),
        dialect.amount(Money(p.price_cents)),
        p.sale_price_cents
            .map(|c| dialect.amount(Money(c)))
            .unwrap_or_default(),
        p.vat_rate_class.clone(),
        p.product_type.clone(),
        o(&p.brand),
        o(&p.mpn),
        p.condition.clone(),
        p.active.to_string(),
        o(&p.image_link),
        p.extra_images().join(","),
    ]
}

/// The `stock`, `warehouse` and `bin` cells of a product, so that importing the file again
/// sets what is there: the one place holding its stock (0 at the default place when none);
/// blank when it lies in several places (the import then leaves the stock alone) or the
/// product has no stock.
fn stock_cells(p: &product::Model, places: &[Place]) -> [String; 3] {
    match places {
        _ if !p.is_stocked() => Default::default(),
        [] => ["0".into(), String::new(), String::new()],
        [one] => [
            one.on_hand.to_string(),
            one.warehouse.clone(),
            one.bin.clone(),
        ],
        _ => Default::default(),
    }
}

/// Pages of `(rows)` rendered by `render`, streamed after `header`.
fn paged<F>(
    state: AppState,
    store: StoreId,
    include_inactive: bool,
    header: Vec<u8>,
    render: F,
) -> impl Stream<Item = Result<Bytes, ApiError>>
where
    F: Fn(
            &AppState,
            Vec<product::Model>,
        ) -> futures_util::future::BoxFuture<'static, Result<Vec<u8>, ApiError>>
        + Send
        + Sync
        + 'static,
{
    let render = Arc::new(render);
    stream::unfold((Some(header), 0i64, false), move |(header, after, done)| {
        let (state, render) = (state.clone(), render.clone());
        async move {
            if let Some(h) = header {
                return Some((Ok(Bytes::from(h)), (None, after, done)));
            }
            if done {
                return None;
            }
            match service::page_after(state.db.conn(), store, after, PAGE, include_inactive).await {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let last = rows.last().map(|p| p.id).unwrap_or(after);
                    let finished = (rows.len() as u64) < PAGE;
                    match render(&state, rows).await {
                        Ok(bytes) => Some((Ok(Bytes::from(bytes)), (None, last, finished))),
                        Err(e) => Some((Err(e), (None, last, true))),
                    }
                }
                Err(e) => Some((Err(e.into()), (None, after, true))),
            }
        }
    })
}

/// The product CSV of a store (all products, active or not).
pub fn products_csv(state: AppState, store: StoreId, dialect: CsvDialect) -> Body {
    let mut header = dialect.preamble().to_vec();
    header.extend(csv_line(
        &COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        dialect.delimiter(),
    ));
    let s = paged(state, store, true, header, move |state, rows| {
        let state = state.clone();
        Box::pin(async move {
            let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
            let places = stock::places(state.db.conn(), store, &ids).await?;
            Ok(rows
                .iter()
                .flat_map(|p| {
                    let at = places.get(&p.id).map(Vec::as_slice).unwrap_or_default();
                    csv_line(&csv_row(p, dialect, at), dialect.delimiter())
                })
                .collect())
        })
    });
    Body::from_stream(s)
}

/// Columns of the Letzshop feed, in order.
pub const FEED_COLUMNS: [&str; 14] = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_link",
    "availability",
    "price",
    "sale_price",
    "brand",
    "gtin",
    "mpn",
    "condition",
    "product_type",
];

fn feed_text(s: &str) -> String {
    // Tabs and line breaks would break the TSV structure.
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The feed row of a product in `lang`, with `available` units in stock.
pub fn feed_row(
    p: &product::Model,
    lang: &str,
    available: i64,
    base_url: &str,
    store_code: &str,
) -> Vec<String> {
    let (title, title_lang) = p.title_or_fallback(lang);
    let description = p
        .description(lang)
        .or_else(|| p.description(title_lang))
        .or_else(|| ["en", "fr", "de"].iter().find_map(|l| p.description(l)))
        .unwrap_or(title);
    let availability = match p.availability.as_deref() {
        Some("preorder") => "preorder",
        Some("out_of_stock") => "out of stock",
        Some("in_stock") => "in stock",
        _ if !p.is_stocked() || available > 0 => "in stock",
        _ => "out of stock",
    };
    vec![
        feed_text(&p.sku),
        feed_text(title),
        feed_text(description),
        format!(
            "{}/p/{}/{}",
            base_url.trim_end_matches('/'),
            store_code,
            p.sku
        ),
        p.image_link.clone().unwrap_or_default(),
        p.extra_images().join(","),
        availability.to_owned(),
        format!("{} EUR", Money(p.price_cents)),
        p.sale_price_cents
            .map(|c| format!("{} EUR", Money(c)))
            .unwrap_or_default(),
        feed_text(p.brand.as_deref().unwrap_or_default()),
        p.gtin.clone().unwrap_or_default(),
        feed_text(p.mpn.as_deref().unwrap_or_default()),
        p.condition.clone(),
        p.product_type.clone(),
    ]
}

/// The Letzshop feed of a store in one language.
pub fn letzshop_feed(
    state: AppState,
    store: StoreId,
    store_code: String,
    lang: String,
    include_inactive: bool,
) -> Body {
    let header = csv_line(
        &FEED_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        b'\t',
    );
    let base = state.settings.public_url.clone();
    let s = paged(
        state,
        store,
        include_inactive,
        header,
        move |state, rows| {
            let (state, lang, base, code) = (
                state.clone(),
                lang.clone(),
                base.clone(),
                store_code.clone(),
            );
            Box::pin(async move {
                let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
                let stock = crate::stock::available(state.db.conn(), store, &ids).await?;
                Ok(rows
                    .iter()
                    .flat_map(|p| {
                        csv_line(
                            &feed_row(
                                p,
                                &lang,
                                stock.get(&p.id).copied().unwrap_or(0),
                                &base,
                                &code,
                            ),
                            b'\t',
                        )
                    })
                    .collect())
            })
        },
    );
    Body::from_stream(s)
}
