//! CSV export of purchase orders: one row per line, with its order's columns.

use orion_kernel::{CsvDialect, Money, Pagination, StoreId, text_cell};
use sea_orm::ConnectionTrait;

use super::queries::{self, PoFilter};
use crate::error::PurchasingError;

/// The most purchase orders one export holds.
pub const MAX_ORDERS: u64 = 10_000;

/// The CSV of the store's purchase orders matching `f`, newest first.
pub async fn csv(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &PoFilter,
    dialect: CsvDialect,
) -> Result<Vec<u8>, PurchasingError> {
    let mut out = dialect.preamble().to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    let io = |e: csv::Error| {
        PurchasingError::Inconsistent(if e.is_io_error() { "csv io" } else { "csv" })
    };
    w.write_record([
        "number",
        "status",
        "supplier",
        "order_date",
        "expected_at",
        "line",
        "sku",
        "title",
        "quantity",
        "received",
        "closed_short",
        "unit_cost",
        "line_total",
        "currency",
    ])
    .map_err(io)?;
    let names = queries::supplier_names(conn, store).await?;
    let mut page = 1;
    let mut seen = 0;
    loop {
        let p = Pagination {
            page: Some(page),
            per_page: Some(100),
        };
        let (pos, total) = queries::list(conn, store, f, &p).await?;
        if pos.is_empty() {
            break;
        }
        for po in pos {
            seen += 1;
            let d = queries::detail(conn, store, po).await?;
            for (l, prod) in &d.lines {
                w.write_record([
                    d.po.number.clone().unwrap_or_default(),
                    d.po.status.clone(),
                    text_cell(
                        names
                            .get(&d.po.supplier_id)
                            .map(String::as_str)
                            .unwrap_or(""),
                    )
                    .into_owned(),
                    d.po.order_date.map(|x| x.to_string()).unwrap_or_default(),
                    d.po.expected_at.map(|x| x.to_string()).unwrap_or_default(),
                    l.position.to_string(),
                    text_cell(prod.as_ref().map(|p| p.sku.as_str()).unwrap_or("")).into_owned(),
                    text_cell(
                        prod.as_ref()
                            .map(|p| p.title_or_fallback("en").0)
                            .unwrap_or(""),
                    )
                    .into_owned(),
                    l.quantity.to_string(),
                    l.received.to_string(),
                    l.closed_short.to_string(),
                    dialect.amount(Money(l.unit_cost_cents)),
                    dialect.amount(Money(l.line_total_cents)),
                    "EUR".into(),
                ])
                .map_err(io)?;
            }
        }
        if seen >= total.min(MAX_ORDERS) {
            break;
        }
        page += 1;
    }
    out.extend(
        w.into_inner()
            .map_err(|_| PurchasingError::Inconsistent("csv buffer"))?,
    );
    Ok(out)
}
