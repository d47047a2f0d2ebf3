//! The accountant's package of a period: one zip with the sales journal, the VAT summary,
//! every invoice and credit note as PDF (`invoices/<number>.pdf`) and as Peppol UBL
//! (`invoices/<number>.xml`), and `manifest.sha256`, the
//! SHA-256 of every other file in `sha256sum -c` format.
//!
//! Asking for a package starts a **job** ([`start`]; the same `Idempotency-Key` returns the
//! same job) that makes every document's PDF ready — rendered once and stored by invoicing,
//! as any download of it would — and counts its progress; the job claims the package with a
//! lease, so one runner works on it at a time across instances, and a runner that stopped
//! (its lease ran out) is taken over by the next read of the package ([`resume_if_abandoned`]).
//! Once done, the zip is **streamed** on download ([`write_zip`]): no copy of it is kept, one
//! PDF at a time is in memory.

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, Utc};
use orion_db::Db;
use orion_kernel::{Invalid, StoreId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::api::Chunks;
use crate::entity::package;
use crate::error::AccountingError;
use crate::period::Period;

/// How long a runner owns a package without renewing its claim.
const LEASE: Duration = Duration::seconds(60);
/// How long a queued package may wait for the runner its request started.
const QUEUED_GRACE: Duration = Duration::seconds(5);
/// Documents made ready between two progress updates.
const STEP: u64 = 50;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PackageOut {
    pub id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Documents (invoices and credit notes) in the period.
    pub total: i64,
    /// Documents whose PDF is ready.
    pub done: i64,
    /// Why the package failed.
    pub error: Option<String>,
    pub created_at: chrono::DateTime<Utc>,
    pub finished_at: Option<chrono::DateTime<Utc>>,
    /// Where to download the zip once `done`.
    pub download: Option<String>,
}

impl From<package::Model> for PackageOut {
    fn from(m: package::Model) -> Self {
        PackageOut {
            download: (m.status == "done")
                .then(|| format!("/api/v1/store/accounting/packages/{}/download", m.id)),
            id: m.id,
            from: m.period_from,
            to: m.period_to,
            status: m.status,
            total: m.total,
            done: m.done,
            error: m.error,
            created_at: m.created_at,
            finished_at: m.finished_at,
        }
    }
}

/// Records a package for the period (or returns the one asked for with the same key) and
/// whether it was created now.
pub async fn start(
    db: &Db,
    store: StoreId,
    period: Period,
    key: Option<String>,
    user: Option<i64>,
) -> Result<(package::Model, bool), AccountingError> {
    let conn = db.conn();
    if let Some(k) = key.as_deref() {
        if k.is_empty() || k.len() > 200 {
            return Err(Invalid::field("Idempotency-Key", "must be 1 to 200 characters").into());
        }
        if let Some(m) = by_key(conn, store, k).await? {
            return Ok((m, false));
        }
    }
    let total = orion_invoicing::service::queries::count_issued_between(
        conn,
        store,
        period.from,
        period.to,
    )
    .await? as i64;
    let row = package::ActiveModel {
        store_id: Set(store.0),
        period_from: Set(period.from),
        period_to: Set(period.to),
        status: Set("queued".into()),
        total: Set(total),
        done: Set(0),
        lease_until: Set(None),
        error: Set(None),
        idempotency_key: Set(key.clone()),
        created_by: Set(user),
        created_at: Set(Utc::now()),
        finished_at: Set(None),
        ..Default::default()
    };
    match row.insert(conn).await {
        Ok(m) => Ok((m, true)),
        // The same key, asked for twice at once: the other request's package.
        Err(e) => match key.as_deref() {
            Some(k) => by_key(conn, store, k)
                .await?
                .map(|m| (m, false))
                .ok_or(e.into()),
            None => Err(e.into()),
        },
    }
}

async fn by_key(
    conn: &impl ConnectionTrait,
    store: StoreId,
    key: &str,
) -> Result<Option<package::Model>, AccountingError> {
    Ok(package::Entity::find()
        .filter(package::Column::StoreId.eq(store.0))
        .filter(package::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await?)
}

/// The store's package `id` (another store's answers 404 like a missing one).
pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<package::Model, AccountingError> {
    orion_db::query::find_in_store::<package::Entity>(
        conn,
        package::Column::StoreId,
        store,
        id,
        "Package",
    )
    .await
    .map_err(|e| match e {
        orion_db::query::LookupError::NotFound(n) => AccountingError::NotFound(n),
        orion_db::query::LookupError::Db(d) => AccountingError::Db(d),
    })
}

/// The store's latest packages, newest first.
pub async fn recent(
    conn: &impl ConnectionTrait,
    store: StoreId,
    limit: u64,
) -> Result<Vec<package::Model>, AccountingError> {
    Ok(package::Entity::find()
        .filter(package::Column::StoreId.eq(store.0))
        .order_by_desc(package::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Whether no runner works on the package although it is not finished.
pub fn abandoned(m: &package::Model) -> bool {
    let now = Utc::now();
    match m.status.as_str() {
        "queued" => m.created_at < now - QUEUED_GRACE,
        "running" => m.lease_until.is_none_or(|l| l < now),
        _ => false,
    }
}

/// Starts a runner for a package nobody works on (a stopped server's).
pub fn resume_if_abandoned(db: &Db, m: &package::Model) {
    if abandoned(m) {
        spawn(db.clone(), m.id);
    }
}

/// Runs the package in the background.
pub fn spawn(db: Db, id: i64) {
    tokio::spawn(async move {
        if let Err(e) = run(&db, id).await {
            tracing::error!(package = id, error = %e, "accountant's package failed");
        }
    });
}

/// Claims the package (queued, or running with an expired lease) for `LEASE`.
async fn claim(conn: &impl ConnectionTrait, id: i64) -> Result<bool, AccountingError> {
    let now = Utc::now();
    let res = package::Entity::update_many()
        .col_expr(package::Column::Status, Expr::value("running"))
        .col_expr(package::Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(package::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(package::Column::Status.eq("queued"))
                .add(
                    sea_orm::Condition::all()
                        .add(package::Column::Status.eq("running"))
                        .add(
                            sea_orm::Condition::any()
                                .add(package::Column::LeaseUntil.is_null())
                                .add(package::Column::LeaseUntil.lt(now)),
                        ),
                ),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Makes every document's PDF ready, counting progress; `false` when another runner has
/// the package (or it is finished).
pub async fn run(db: &Db, id: i64) -> Result<bool, AccountingError> {
    let conn = db.conn();
    if !claim(conn, id).await? {
        return Ok(false);
    }
    let Some(m) = package::Entity::find_by_id(id).one(conn).await? else {
        return Ok(false);
    };
    let result = prepare(conn, &m).await;
    let (status, error) = match &result {
        Ok(_) => ("done", None),
        Err(e) => ("failed", Some(e.to_string())),
    };
    let mut update = package::Entity::update_many()
        .col_expr(package::Column::Status, Expr::value(status))
        .col_expr(package::Column::Error, Expr::value(error))
        .col_expr(
            package::Column::LeaseUntil,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
        .col_expr(package::Column::FinishedAt, Expr::value(Some(Utc::now())));
    if let Ok(done) = result {
        update = update
            .col_expr(package::Column::Done, Expr::value(done))
            .col_expr(package::Column::Total, Expr::value(done));
    }
    update.filter(package::Column::Id.eq(id)).exec(conn).await?;
    Ok(true)
}

async fn prepare(conn: &impl ConnectionTrait, m: &package::Model) -> Result<i64, AccountingError> {
    let store = StoreId(m.store_id);
    let (mut after, mut done) = (0, 0_i64);
    loop {
        let docs = orion_invoicing::service::queries::issued_between(
            conn,
            store,
            m.period_from,
            m.period_to,
            after,
            STEP,
        )
        .await?;
        let Some(last) = docs.last() else { break };
        after = last.id;
        for d in &docs {
            orion_invoicing::pdf::stored_or_render(conn, d).await?;
        }
        done += docs.len() as i64;
        package::Entity::update_many()
            .col_expr(package::Column::Done, Expr::value(done))
            .col_expr(package::Column::LeaseUntil, Expr::value(Utc::now() + LEASE))
            .filter(package::Column::Id.eq(m.id))
            .exec(conn)
            .await?;
    }
    Ok(done)
}

/// A `Write` the zip writer fills and the download drains after each file.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn zip_error(e: impl std::fmt::Display) -> AccountingError {
    AccountingError::Package(e.to_string())
}

/// The zip of a finished package, written to `out` while it is sent.
pub async fn write_zip(
    conn: &sea_orm::DatabaseConnection,
    store: StoreId,
    store_code: &str,
    m: &package::Model,
    out: &Chunks,
) -> Result<(), AccountingError> {
    use zip::write::SimpleFileOptions;
    let period = Period {
        from: m.period_from,
        to: m.period_to,
    };
    let buf = Shared::default();
    let mut zip = zip::ZipWriter::new_stream(buf.clone());
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let mut manifest = String::new();
    let send = async |bytes: Vec<u8>| {
        out.send(bytes)
            .await
            .map_err(|_| AccountingError::Disconnected)
    };

    // The sales journal, page by page as the CSV download writes it.
    zip.start_file("sales-journal.csv", opts)
        .map_err(zip_error)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let journal = {
        let (conn, code) = (conn.clone(), store_code.to_owned());
        tokio::spawn(async move {
            crate::journal::csv_pages(
                &conn,
                store,
                &code,
                period,
                orion_kernel::CsvDialect::Standard,
                &tx,
            )
            .await
        })
    };
    let mut sha = Sha256::new();
    while let Some(chunk) = rx.recv().await {
        sha.update(&chunk);
        zip.write_all(&chunk).map_err(zip_error)?;
        send(buf.take()).await?;
    }
    journal
        .await
        .map_err(|e| AccountingError::Package(e.to_string()))??;
    manifest.push_str(&format!(
        "{}  sales-journal.csv\n",
        hex::encode(sha.finalize())
    ));

    let vat = crate::vat_summary::vat_summary(conn, store, period).await?;
    let csv = crate::journal::csv_document(
        orion_kernel::CsvDialect::Standard,
        &crate::vat_summary::CSV_COLUMNS,
        crate::vat_summary::csv_rows(&vat, orion_kernel::CsvDialect::Standard),
    );
    add(&mut zip, opts, "vat-summary.csv", &csv, &mut manifest)?;
    send(buf.take()).await?;

    let mut after = 0;
    loop {
        let docs = orion_invoicing::service::queries::issued_between(
            conn,
            store,
            period.from,
            period.to,
            after,
            STEP,
        )
        .await?;
        let Some(last) = docs.last() else { break };
        after = last.id;
        for d in &docs {
            let pdf = orion_invoicing::pdf::stored_or_render(conn, d).await?;
            let stem = orion_web::pages::file_stem(&d.number);
            add(
                &mut zip,
                opts,
                &format!("invoices/{stem}.pdf"),
                &pdf,
                &mut manifest,
            )?;
            // Its Peppol BIS 3 UBL e-invoice beside it, for accounting software to import.
            let ubl = orion_invoicing::einvoice::ubl_of(conn, d).await?;
            add(
                &mut zip,
                opts,
                &format!("invoices/{stem}.xml"),
                ubl.as_bytes(),
                &mut manifest,
            )?;
            send(buf.take()).await?;
        }
    }
    zip.start_file("manifest.sha256", opts).map_err(zip_error)?;
    zip.write_all(manifest.as_bytes()).map_err(zip_error)?;
    zip.finish().map_err(zip_error)?;
    send(buf.take()).await
}

fn add(
    zip: &mut zip::ZipWriter<zip::write::StreamWriter<Shared>>,
    opts: zip::write::SimpleFileOptions,
    name: &str,
    bytes: &[u8],
    manifest: &mut String,
) -> Result<(), AccountingError> {
    zip.start_file(name, opts).map_err(zip_error)?;
    zip.write_all(bytes).map_err(zip_error)?;
    manifest.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(bytes))));
    Ok(())
}
