//! The customer CSV export (SPEC §5). Rows are read in keyset pages of [`PAGE`] customers
//! (`WHERE store_id = ? AND id > last ORDER BY id LIMIT …`) by a task that stays one page
//! ahead ([`pages`]), and rendered by one function, [`write_row`], whether they go to a file
//! ([`write_csv`], the CLI) or to an HTTP response ([`csv_body`], one chunk per page).
//! Memory stays flat for any number of customers.
//!
//! Format: UTF-8 without BOM, comma-separated, RFC 4180 quoting (only where needed), CRLF
//! line ends; money as `123.45`; dates as `YYYY-MM-DD` (Europe/Luxembourg calendar day);
//! `marketing_consent` as `true`/`false`; tags joined with `;`.

use std::io::Write;

use axum::body::{Body, Bytes};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use futures_util::stream::{self, Stream, StreamExt};
use orion_db::Db;
use orion_kernel::time::{local_date, start_of_local_day};
use orion_kernel::{CsvDialect, CustomerId, Invalid, Money, StoreId};
use sea_orm::sea_query::{BinOper, Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QueryResult, QuerySelect,
};
use serde::Deserialize;

use crate::domain::{self, TAG_SEPARATOR};
use crate::entity::customer::{self, Column as C};
use crate::error::CustomerError;
use crate::service::{self, parse_bool};

/// Columns of the customer CSV, in order.
pub const COLUMNS: [&str; 13] = [
    "email",
    "first_name",
    "last_name",
    "phone",
    "customer_number",
    "total_orders",
    "total_spent",
    "avg_order_value",
    "first_order_date",
    "last_order_date",
    "preferred_language",
    "marketing_consent",
    "tags",
];

/// Customers per keyset page.
pub const PAGE: u64 = 1000;

/// Export filters as they arrive (query string, form, CLI flags). Dates are `YYYY-MM-DD`,
/// inclusive, in the Europe/Luxembourg calendar.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Customers created on or after this day.
    pub created_from: Option<String>,
    /// Customers created on or before this day.
    pub created_to: Option<String>,
    /// Customers whose last order is on or after this day.
    pub ordered_from: Option<String>,
    /// Customers whose last order is on or before this day.
    pub ordered_to: Option<String>,
    /// `true` or `false`.
    pub marketing_consent: Option<String>,
    /// Customers with this tag (case-insensitive).
    pub tag: Option<String>,
}

/// Parsed export filters.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub created_from: Option<DateTime<Utc>>,
    /// Exclusive: the start of the day after `created_to`.
    pub created_before: Option<DateTime<Utc>>,
    pub ordered_from: Option<DateTime<Utc>>,
    /// Exclusive: the start of the day after `ordered_to`.
    pub ordered_before: Option<DateTime<Utc>>,
    pub marketing_consent: Option<bool>,
    pub tag: Option<String>,
}

fn day(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>, CustomerError> {
    match domain::clean(v) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Invalid::field(field, "must be a date YYYY-MM-DD").into()),
    }
}

fn day_after(d: NaiveDate) -> DateTime<Utc> {
    start_of_local_day(d.checked_add_days(Days::new(1)).unwrap_or(d))
}

impl ExportQuery {
    pub fn parse(&self) -> Result<ExportFilter, CustomerError> {
        let tag = match domain::clean(self.tag.as_deref()) {
            Some(t) => Some(domain::parse_tag(&t).map_err(|m| Invalid::field("tag", m))?),
            None => None,
        };
        Ok(ExportFilter {
            created_from: day("created_from", self.created_from.as_deref())?
                .map(start_of_local_day),
            created_before: day("created_to", self.created_to.as_deref())?.map(day_after),
            ordered_from: day("ordered_from", self.ordered_from.as_deref())?
                .map(start_of_local_day),
            ordered_before: day("ordered_to", self.ordered_to.as_deref())?.map(day_after),
            marketing_consent: parse_bool("marketing_consent", self.marketing_consent.as_deref())?,
            tag,
        })
    }
}

impl ExportFilter {
    fn condition(&self, store: StoreId) -> Result<Condition, CustomerError> {
        let mut c = Condition::all().add(C::StoreId.eq(store.0));
        if let Some(t) = self.created_from {
            c = c.add(C::CreatedAt.gte(t));
        }
        if let Some(t) = self.created_before {
            c = c.add(C::CreatedAt.lt(t));
        }
        if let Some(t) = self.ordered_from {
            c = c.add(C::LastOrderAt.gte(t));
        }
        if let Some(t) = self.ordered_before {
            c = c.add(C::LastOrderAt.lt(t));
        }
        if let Some(b) = self.marketing_consent {
            c = c.add(C::MarketingConsent.eq(b));
        }
        if let Some(t) = &self.tag {
            c = c.add(service::tag_condition("tag", t)?);
        }
        Ok(c)
    }
}

/// The text columns of an exported customer, in the order they are packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Email = 0,
    FirstName,
    LastName,
    Phone,
    CustomerNumber,
    PreferredLanguage,
    /// The JSON array as stored.
    Tags,
}

const TEXTS: [C; 7] = [
    C::Email,
    C::FirstName,
    C::LastName,
    C::Phone,
    C::CustomerNumber,
    C::PreferredLanguage,
    C::Tags,
];

/// Separates the packed text columns: a control character, which validation keeps out of
/// every text column (and JSON escapes inside tags).
const SEP: char = '\u{1f}';

/// The columns of one exported customer. The seven text columns arrive as one value
/// (`email || U+001F || COALESCE(first_name, '') || …`, plain SQL on both backends): per
/// value costs (copies, allocations, thread hand-offs in the driver) dominate a large
/// export, and this halves the values per row. Empty text means NULL.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: i64,
    texts: String,
    /// Byte range of each [`Text`] in `texts`.
    spans: [(u32, u32); 7],
    pub total_orders: i64,
    pub total_spent_cents: i64,
    pub first_order_at: Option<DateTime<Utc>>,
    pub last_order_at: Option<DateTime<Utc>>,
    pub marketing_consent: bool,
}

impl ExportRow {
    /// A row from separate text values (`None` = NULL).
    pub fn new(
        id: i64,
        texts: [Option<&str>; 7],
        total_orders: i64,
        total_spent_cents: i64,
        first_order_at: Option<DateTime<Utc>>,
        last_order_at: Option<DateTime<Utc>>,
        marketing_consent: bool,
    ) -> Self {
        let mut joined = String::new();
        let mut spans = [(0u32, 0u32); 7];
        for (span, t) in spans.iter_mut().zip(texts) {
            let start = joined.len();
            joined.push_str(t.unwrap_or(""));
            *span = (offset(start), offset(joined.len()));
        }
        ExportRow {
            id,
            texts: joined,
            spans,
            total_orders,
            total_spent_cents,
            first_order_at,
            last_order_at,
            marketing_consent,
        }
    }

    /// One text column ("" for NULL).
    pub fn text(&self, t: Text) -> &str {
        let (a, b) = self.spans[t as usize];
        self.texts.get(a as usize..b as usize).unwrap_or("")
    }

    /// Splits the packed texts; `None` unless there are exactly seven.
    fn spans_of(packed: &str) -> Option<[(u32, u32); 7]> {
        let mut spans = [(0u32, 0u32); 7];
        let mut parts = packed.split(SEP);
        let mut start = 0usize;
        for span in spans.iter_mut() {
            let part = parts.next()?;
            *span = (offset(start), offset(start + part.len()));
            start += part.len() + SEP.len_utf8();
        }
        parts.next().is_none().then_some(spans)
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// Decoded by position: a million rows make name look-ups measurable.
impl FromQueryResult for ExportRow {
    fn from_query_result(r: &QueryResult, _pre: &str) -> Result<Self, DbErr> {
        let texts: String = r.try_get_by_index(1)?;
        // A separator inside a value (only possible by editing the database directly) makes
        // the split ambiguous: such a row is read again column by column (see `page_after`).
        let spans = ExportRow::spans_of(&texts).unwrap_or([(0, 0); 7]);
        Ok(ExportRow {
            id: r.try_get_by_index(0)?,
            texts,
            spans,
            total_orders: r.try_get_by_index(2)?,
            total_spent_cents: r.try_get_by_index(3)?,
            first_order_at: r.try_get_by_index(4)?,
            last_order_at: r.try_get_by_index(5)?,
            marketing_consent: r.try_get_by_index(6)?,
        })
    }
}

impl ExportRow {
    fn is_ambiguous(&self) -> bool {
        self.spans[Text::Email as usize] == (0, 0)
    }
}

/// `email || SEP || COALESCE(first_name, '') || SEP || …` over [`TEXTS`].
fn packed_texts() -> Expr {
    let concat = BinOper::Custom("||");
    let mut e: Option<Expr> = None;
    for c in TEXTS {
        let v = Expr::expr(Func::coalesce([
            Expr::col((customer::Entity, c)),
            Expr::val(""),
        ]));
        e = Some(match e {
            None => v,
            Some(prev) => prev
                .binary(concat, Expr::val(SEP.to_string()))
                .binary(concat, v),
        });
    }
    e.unwrap_or_else(|| Expr::val(""))
}

/// How many customers match (for progress bars).
pub async fn count(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &ExportFilter,
) -> Result<u64, CustomerError> {
    customer::Entity::find()
        .filter(f.condition(store)?)
        .count(conn)
        .await
        .map_err(Into::into)
}

/// The query of one keyset page: up to [`PAGE`] matching customers after id `after`.
fn page_query(
    store: StoreId,
    f: &ExportFilter,
    after: i64,
) -> Result<sea_orm::Selector<sea_orm::SelectModel<ExportRow>>, CustomerError> {
    Ok(customer::Entity::find()
        .select_only()
        .column(C::Id)
        .expr(packed_texts())
        .columns([
            C::TotalOrders,
            C::TotalSpentCents,
            C::FirstOrderAt,
            C::LastOrderAt,
            C::MarketingConsent,
        ])
        .filter(f.condition(store)?)
        .filter(Expr::col((customer::Entity, C::Id)).gt(after))
        .order_by_asc(C::Id)
        .limit(PAGE)
        .into_model::<ExportRow>())
}

/// The next page of matching customers after id `after`, in id order.
pub async fn page_after(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &ExportFilter,
    after: i64,
) -> Result<Vec<ExportRow>, CustomerError> {
    let mut rows = page_query(store, f, after)?.all(conn).await?;
    for r in rows.iter_mut().filter(|r| r.is_ambiguous()) {
        let c = service::find(conn, store, CustomerId(r.id)).await?;
        *r = ExportRow::new(
            c.id,
            [
                Some(c.email.as_str()),
                c.first_name.as_deref(),
                c.last_name.as_deref(),
                c.phone.as_deref(),
                Some(c.customer_number.as_str()),
                c.preferred_language.as_deref(),
                c.tags.as_deref(),
            ],
            c.total_orders,
            c.total_spent_cents,
            c.first_order_at,
            c.last_order_at,
            c.marketing_consent,
        );
    }
    Ok(rows)
}

/// Every matching customer in id order, as pages of at most [`PAGE`] rows. A task reads the
/// keyset pages one after the other and stays one page ahead of the consumer (a channel of
/// one), so the database produces page N+1 while page N is rendered, and at most three
/// pages are in memory. The stream ends after the last page or after an error.
pub fn pages(
    conn: DatabaseConnection,
    store: StoreId,
    f: ExportFilter,
) -> impl Stream<Item = Result<Vec<ExportRow>, CustomerError>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<ExportRow>, CustomerError>>(1);
    tokio::spawn(async move {
        let mut after = 0i64;
        loop {
            let page = page_after(&conn, store, &f, after).await;
            let next = match &page {
                Ok(rows) if rows.len() as u64 == PAGE => rows.last().map(|r| r.id),
                _ => None,
            };
            let empty = page.as_ref().is_ok_and(Vec::is_empty);
            if empty || tx.send(page).await.is_err() {
                return;
            }
            match next {
                Some(id) => after = id,
                None => return,
            }
        }
    });
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

/// A CSV writer in `dialect` over `out` (the caller writes the dialect's preamble).
pub fn writer<W: Write>(out: W, dialect: CsvDialect) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out)
}

pub fn write_header<W: Write>(w: &mut csv::Writer<W>) -> csv::Result<()> {
    w.write_record(COLUMNS)
}

fn tags_joined(json: Option<&str>, out: &mut String) {
    let Some(json) = json else { return };
    // Tags cannot contain quotes or backslashes, so their JSON is `["a","b"]` verbatim.
    if let Some(inner) = json.strip_prefix("[\"").and_then(|j| j.strip_suffix("\"]"))
        && !inner.contains('\\')
        && inner.split("\",\"").all(|t| !t.contains('"'))
    {
        for (i, t) in inner.split("\",\"").enumerate() {
            if i > 0 {
                out.push(TAG_SEPARATOR);
            }
            out.push_str(t);
        }
        return;
    }
    let tags: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    for (i, t) in tags.iter().enumerate() {
        if i > 0 {
            out.push(TAG_SEPARATOR);
        }
        out.push_str(t);
    }
}

/// Renders one customer as a CSV record: the one place the export's row format lives.
pub fn write_row<W: Write>(
    w: &mut csv::Writer<W>,
    r: &ExportRow,
    dialect: CsvDialect,
) -> csv::Result<()> {
    use std::fmt::Write as _;
    let mut buf = String::with_capacity(32);
    let mut field = |w: &mut csv::Writer<W>, f: &dyn Fn(&mut String)| {
        buf.clear();
        f(&mut buf);
        w.write_field(buf.as_bytes())
    };
    let date = |t: Option<DateTime<Utc>>| {
        move |b: &mut String| {
            if let Some(t) = t {
                let d = local_date(t);
                let _ = write!(b, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            }
        }
    };
    for t in [
        Text::Email,
        Text::FirstName,
        Text::LastName,
        Text::Phone,
        Text::CustomerNumber,
    ] {
        w.write_field(orion_kernel::text_cell(r.text(t)).as_bytes())?;
    }
    field(w, &|b| {
        let _ = write!(b, "{}", r.total_orders);
    })?;
    field(w, &|b| {
        b.push_str(&dialect.amount(Money(r.total_spent_cents)));
    })?;
    field(w, &|b| {
        let avg = domain::average_cents(r.total_spent_cents, r.total_orders);
        b.push_str(&dialect.amount(Money(avg)));
    })?;
    field(w, &date(r.first_order_at))?;
    field(w, &date(r.last_order_at))?;
    w.write_field(orion_kernel::text_cell(r.text(Text::PreferredLanguage)).as_bytes())?;
    w.write_field(if r.marketing_consent { "true" } else { "false" })?;
    field(w, &|b| {
        tags_joined(Some(r.text(Text::Tags)).filter(|t| !t.is_empty()), b);
        if orion_kernel::text_cell(b) != b.as_str() {
            b.insert(0, '\'');
        }
    })?;
    w.write_record(None::<&[u8]>)
}

/// [`write_row`] for each customer.
pub fn write_rows<W: Write>(
    w: &mut csv::Writer<W>,
    rows: &[ExportRow],
    dialect: CsvDialect,
) -> csv::Result<()> {
    rows.iter().try_for_each(|r| write_row(w, r, dialect))
}

/// Writes the whole export (header and every matching customer) to `out`, page by page;
/// `progress` receives the number of rows written so far after each page. Returns the
/// number of rows.
pub async fn write_csv<W: Write>(
    conn: &DatabaseConnection,
    store: StoreId,
    f: &ExportFilter,
    dialect: CsvDialect,
    mut out: W,
    mut progress: impl FnMut(u64),
) -> Result<u64, CustomerError> {
    out.write_all(dialect.preamble())
        .map_err(|e| CustomerError::Export(e.to_string()))?;
    let mut w = writer(out, dialect);
    write_header(&mut w)?;
    let mut total = 0u64;
    let pages = pages(conn.clone(), store, f.clone());
    futures_util::pin_mut!(pages);
    while let Some(page) = pages.next().await {
        let page = page?;
        write_rows(&mut w, &page, dialect)?;
        total += page.len() as u64;
        progress(total);
    }
    w.flush()
        .map_err(|e| CustomerError::Export(e.to_string()))?;
    Ok(total)
}

fn into_bytes(w: csv::Writer<Vec<u8>>) -> Result<Bytes, CustomerError> {
    w.into_inner()
        .map(Bytes::from)
        .map_err(|e| CustomerError::Export(e.error().to_string()))
}

/// The export as a streamed HTTP body: the header line, then one chunk per page. A task
/// reads and renders ahead of the client by at most two pages (a bounded channel), and
/// stops when the client goes away. A database error mid-way aborts the response, so a
/// client never mistakes a partial file for a complete one.
pub fn csv_body(db: Db, store: StoreId, f: ExportFilter, dialect: CsvDialect) -> Body {
    let mut w = writer(dialect.preamble().to_vec(), dialect);
    let header = write_header(&mut w)
        .map_err(CustomerError::from)
        .and_then(|()| into_bytes(w));
    let rows = pages(db.conn().clone(), store, f).map(move |page| {
        let page = page.inspect_err(|e| {
            tracing::error!(store = store.0, error = %e, "customer export failed");
        })?;
        let mut w = writer(Vec::with_capacity(page.len() * 160), dialect);
        write_rows(&mut w, &page, dialect)?;
        into_bytes(w)
    });
    Body::from_stream(stream::once(std::future::ready(header)).chain(rows))
}

/// `<STORE_CODE>_customers_<YYYY-MM-DD>.csv` for today in Luxembourg.
pub fn file_name(store_code: &str) -> String {
    format!(
        "{store_code}_customers_{}.csv",
        local_date(Utc::now()).format("%Y-%m-%d")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ExportRow {
        ExportRow::new(
            1,
            [
                Some("anne@example.lu"),
                Some("Anne, \"Nan\""),
                Some("Müller"),
                None,
                Some("CUS-000001"),
                Some("fr"),
                Some(r#"["vip","b2b"]"#),
            ],
            3,
            10000,
            Some("2026-01-31T23:30:00Z".parse().unwrap()),
            Some("2026-03-01T10:00:00Z".parse().unwrap()),
            true,
        )
    }

    #[test]
    fn packed_texts_split_into_seven() {
        let s =
            ExportRow::spans_of("a@x.lu\u{1f}Anne\u{1f}\u{1f}\u{1f}CUS-1\u{1f}fr\u{1f}[\"vip\"]")
                .unwrap();
        let r = ExportRow {
            texts: "a@x.lu\u{1f}Anne\u{1f}\u{1f}\u{1f}CUS-1\u{1f}fr\u{1f}[\"vip\"]".into(),
            spans: s,
            ..row()
        };
        assert_eq!(
            [
                Text::Email,
                Text::FirstName,
                Text::LastName,
                Text::CustomerNumber,
                Text::PreferredLanguage,
                Text::Tags
            ]
            .map(|t| r.text(t)),
            ["a@x.lu", "Anne", "", "CUS-1", "fr", "[\"vip\"]"]
        );
        assert!(ExportRow::spans_of("a\u{1f}b").is_none());
        assert!(ExportRow::spans_of("a\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}x").is_none());
    }

    #[test]
    fn rows_render_as_rfc4180() {
        let mut w = writer(Vec::new(), CsvDialect::Standard);
        write_header(&mut w).unwrap();
        let empty = ExportRow::new(
            2,
            [
                Some("anne@example.lu"),
                None,
                None,
                None,
                Some("CUS-000001"),
                None,
                None,
            ],
            0,
            0,
            None,
            None,
            false,
        );
        write_rows(&mut w, &[row(), empty], CsvDialect::Standard).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "email,first_name,last_name,phone,customer_number,total_orders,total_spent,avg_order_value,first_order_date,last_order_date,preferred_language,marketing_consent,tags\r\n\
             anne@example.lu,\"Anne, \"\"Nan\"\"\",Müller,,CUS-000001,3,100.00,33.33,2026-02-01,2026-03-01,fr,true,vip;b2b\r\n\
             anne@example.lu,,,,CUS-000001,0,0.00,0.00,,,,false,\r\n"
        );
    }

    #[test]
    fn the_excel_form_uses_semicolons_and_decimal_commas() {
        let mut w = writer(CsvDialect::Excel.preamble().to_vec(), CsvDialect::Excel);
        write_header(&mut w).unwrap();
        write_rows(&mut w, &[row()], CsvDialect::Excel).unwrap();
        let bytes = w.into_inner().unwrap();
        assert!(bytes.starts_with(orion_kernel::csv_dialect::BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "anne@example.lu;\"Anne, \"\"Nan\"\"\";Müller;;CUS-000001;3;100,00;33,33;2026-02-01;2026-03-01;fr;true;\"vip;b2b\""
        );
    }

    #[test]
    fn tags_are_joined_with_semicolons() {
        for (json, want) in [
            (r#"["vip"]"#, "vip"),
            (r#"["vip","b2b"]"#, "vip;b2b"),
            (r#"["a", "b"]"#, "a;b"),
            (r#"["x\"y"]"#, "x\"y"),
            ("[]", ""),
            ("not json", ""),
        ] {
            let mut out = String::new();
            tags_joined(Some(json), &mut out);
            assert_eq!(out, want, "{json}");
        }
    }

    #[test]
    fn filters_parse_and_name_fields() {
        let f = ExportQuery {
            created_from: Some("2026-01-01".into()),
            created_to: Some("2026-01-31".into()),
            marketing_consent: Some("true".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            f.created_from,
            Some("2025-12-31T23:00:00Z".parse().unwrap())
        );
        assert_eq!(
            f.created_before,
            Some("2026-01-31T23:00:00Z".parse().unwrap())
        );
        assert_eq!(f.marketing_consent, Some(true));
        let e = ExportQuery {
            ordered_to: Some("31/01/2026".into()),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(orion_kernel::DomainError::fields(&e)[0].field, "ordered_to");
    }
}
