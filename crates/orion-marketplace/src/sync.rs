//! The sync engine: pages through `shipments(unconfirmed)` then `shipments(confirmed)`, and
//! imports each page in ONE transaction together with the job's resume cursor, so a crash
//! resumes from the last committed page and nothing is lost or duplicated. Shipments already
//! imported are compared by a fingerprint of their unit states: unchanged ones cost nothing
//! but one query per page. A run holds the store's lease (see `service::claim_store`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::Utc;
use orion_customers::service::CustomerInput;
use orion_db::Db;
use orion_kernel::{Address, DomainError, OrderId, StoreId, StoreRef};
use orion_letzshop::{LsAddress, Shipment, ShipmentState};
use orion_orders::OrderError;
use orion_orders::marketplace::{
    self, Imported, Isolation, MarketplaceItem, MarketplaceOrder, Resynced,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde::Serialize;

use crate::entity::{connection, job, shipment};
use crate::error::MarketplaceError;
use crate::service;

/// Imported orders between two statistics refreshes (PostgreSQL `ANALYZE`).
const ANALYZE_EVERY: i32 = 2000;

/// Most errors kept on a job (the count is exact, the list is capped).
const MAX_ERRORS: usize = 100;

/// What a run did (also the body of `POST /sync?wait=true`).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SyncCounts {
    pub job_id: i64,
    pub status: String,
    pub imported: i64,
    pub updated: i64,
    pub held: i64,
    pub exceptions: i64,
    pub unchanged: i64,
    pub pages: i64,
    pub errors: Vec<String>,
}

impl SyncCounts {
    pub fn of(j: &job::Model) -> Self {
        SyncCounts {
            job_id: j.id,
            status: j.status.clone(),
            imported: j.imported.into(),
            updated: j.updated.into(),
            held: j.held.into(),
            exceptions: j.exceptions.into(),
            unchanged: j.unchanged.into(),
            pages: j.pages.into(),
            errors: serde_json::from_str(&j.errors).unwrap_or_default(),
        }
    }
}

/// SHA-256 (first 16 bytes, hex) of the sorted `unit id=state` pairs.
pub fn fingerprint(s: &Shipment) -> String {
    use sha2::{Digest, Sha256};
    let mut pairs: Vec<(&str, &str)> = s
        .inventory_units
        .iter()
        .map(|u| (u.id.as_str(), u.state.as_str()))
        .collect();
    pairs.sort_unstable();
    let mut h = Sha256::new();
    for (id, st) in pairs {
        h.update(id.as_bytes());
        h.update(b"=");
        h.update(st.as_bytes());
        h.update(b"\n");
    }
    hex::encode(&h.finalize()[..16])
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn address(a: &LsAddress) -> Address {
    let name = [clean(&a.first_name), clean(&a.last_name)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let street = [clean(&a.street_name), clean(&a.street_number)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Address {
        name: Some(name).filter(|n| !n.is_empty()),
        company: clean(&a.company),
        street,
        postal_code: clean(&a.zip_code).unwrap_or_default(),
        city: clean(&a.city).unwrap_or_default(),
        country: clean(&a.country_iso)
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default(),
    }
}

/// One shipment as the orders module imports it: units grouped per variant (quantity =
/// number of units), addresses mapped, customer by e-mail.
pub fn map_shipment(s: &Shipment) -> Result<MarketplaceOrder, String> {
    let o = &s.order;
    let email = clean(&o.email).ok_or_else(|| format!("shipment {}: no customer e-mail", s.id))?;
    let ship = o
        .ship_address
        .as_ref()
        .or(o.bill_address.as_ref())
        .ok_or_else(|| format!("shipment {}: no address", s.id))?;
    let shipping_address = address(ship);
    if shipping_address.country.len() != 2 {
        return Err(format!("shipment {}: no country ISO code", s.id));
    }
    if s.inventory_units.is_empty() {
        return Err(format!("shipment {}: no inventory units", s.id));
    }
    let locale = clean(&o.locale)
        .map(|l| l.to_ascii_lowercase())
        .filter(|l| matches!(l.as_str(), "en" | "fr" | "de"))
        .unwrap_or_else(|| "en".into());
    let person = o.bill_address.as_ref().unwrap_or(ship);
    let mut items: Vec<MarketplaceItem> = Vec::new();
    let mut by_variant: HashMap<&str, usize> = HashMap::new();
    for u in &s.inventory_units {
        let v = &u.variant;
        if v.price_cents < 0 {
            return Err(format!(
                "shipment {}: negative price on unit {}",
                s.id, u.id
            ));
        }
        match by_variant.get(v.id.as_str()) {
            Some(&i) => items[i].unit_ids.push(u.id.clone()),
            None => {
                let n = &v.product_name;
                let name = match locale.as_str() {
                    "fr" => n.fr.clone().or(n.en.clone()).or(n.de.clone()),
                    "de" => n.de.clone().or(n.en.clone()).or(n.fr.clone()),
                    _ => n.en.clone().or(n.fr.clone()).or(n.de.clone()),
                }
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| format!("Letzshop item {}", v.id));
                by_variant.insert(v.id.as_str(), items.len());
                items.push(MarketplaceItem {
                    gtin: clean(&v.gtin).filter(|g| g.len() <= 14),
                    sku: clean(&v.sku).filter(|s| s.chars().count() <= 64),
                    name,
                    unit_price_cents: v.price_cents,
                    unit_ids: vec![u.id.clone()],
                });
            }
        }
    }
    Ok(MarketplaceOrder {
        channel: "letzshop".into(),
        external_order_id: o.id.clone(),
        external_shipment_id: s.id.clone(),
        external_number: clean(&s.number).or(clean(&o.number)),
        customer: CustomerInput {
            email,
            first_name: clean(&person.first_name),
            last_name: clean(&person.last_name),
            phone: clean(&person.phone),
            company: clean(&person.company),
            preferred_language: Some(locale.clone()),
            address: serde_json::to_value(&shipping_address).ok(),
            ..Default::default()
        },
        billing_address: o.bill_address.as_ref().map(address),
        shipping_address,
        locale,
        ordered_at: o.completed_at.unwrap_or_else(Utc::now),
        items,
        unit_states: unit_states(s),
    })
}

#[derive(Default)]
struct PageCounts {
    imported: i32,
    updated: i32,
    held: i32,
    exceptions: i32,
    unchanged: i32,
    errors: Vec<String>,
}

impl PageCounts {
    fn count(&mut self, imported: Imported, exceptions: usize) {
        match imported {
            Imported::Created => self.imported += 1,
            Imported::Held => {
                self.imported += 1;
                self.held += 1;
            }
            Imported::Existing => self.unchanged += 1,
        }
        self.exceptions += exceptions as i32;
    }
}

fn unit_states(s: &Shipment) -> HashMap<String, String> {
    s.inventory_units
        .iter()
        .map(|u| (u.id.clone(), u.state.clone()))
        .collect()
}

/// Imports (or re-syncs) the shipments of one page inside `tx`: new shipments go through
/// the orders module's one import entry point (matching, quota, decisions), changed ones get
/// their decisions applied; the page's shipment rows keep the fingerprints.
/// `fast`: the page imported as one batch, no savepoints; any error fails the whole page
/// (the caller rolls back and redoes it with `fast = false`, which isolates each shipment).
async fn import_page(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    nodes: &[Shipment],
    fast: bool,
) -> Result<PageCounts, MarketplaceError> {
    let mut c = PageCounts::default();
    if nodes.is_empty() {
        return Ok(c);
    }
    // One query tells which shipments of the page are already imported.
    let known: HashMap<String, shipment::Model> = shipment::Entity::find()
        .filter(shipment::Column::StoreId.eq(store.id.0))
        .filter(shipment::Column::ShipmentId.is_in(nodes.iter().map(|s| s.id.clone())))
        .all(tx)
        .await?
        .into_iter()
        .map(|r| (r.shipment_id.clone(), r))
        .collect();
    let now = Utc::now();
    // Re-sync of known shipments whose units changed.
    for s in nodes {
        let Some(k) = known.get(&s.id) else { continue };
        let fp = fingerprint(s);
        if k.fingerprint == fp {
            c.unchanged += 1;
            continue;
        }
        let sp = tx.begin().await?;
        match marketplace::apply_unit_states(&sp, store.id, OrderId(k.order_id), &unit_states(s))
            .await
        {
            Ok(r) => {
                if r != Resynced::Deferred {
                    shipment::Entity::update_many()
                        .col_expr(shipment::Column::Fingerprint, Expr::value(fp))
                        .col_expr(shipment::Column::SyncedAt, Expr::value(now))
                        .filter(shipment::Column::Id.eq(k.id))
                        .exec(&sp)
                        .await?;
                }
                sp.commit().await?;
                if r == Resynced::Updated {
                    c.updated += 1;
                } else {
                    c.unchanged += 1;
                }
            }
            Err(e) => {
                sp.rollback().await?;
                c.errors.push(format!("shipment {}: {}", s.id, explain(&e)));
            }
        }
    }
    // New shipments, mapped, then imported in one call.
    let mut fresh: Vec<(&Shipment, MarketplaceOrder)> = Vec::new();
    for s in nodes.iter().filter(|s| !known.contains_key(&s.id)) {
        match map_shipment(s) {
            Ok(m) => fresh.push((s, m)),
            Err(e) => c.errors.push(e),
        }
    }
    if fresh.is_empty() {
        return Ok(c);
    }
    let orders: Vec<MarketplaceOrder> = fresh.iter().map(|(_, m)| m.clone()).collect();
    let isolation = if fast {
        Isolation::Batch
    } else {
        Isolation::PerOrder
    };
    let results = marketplace::import(tx, store, &orders, isolation).await?;
    let mut rows: Vec<shipment::ActiveModel> = Vec::new();
    for ((s, _), r) in fresh.iter().zip(results) {
        match r {
            Ok(done) => {
                rows.push(shipment::ActiveModel {
                    store_id: Set(store.id.0),
                    shipment_id: Set(s.id.clone()),
                    order_id: Set(done.order.id),
                    // A held order's decisions are applied at a later sync.
                    fingerprint: Set(if done.deferred {
                        String::new()
                    } else {
                        fingerprint(s)
                    }),
                    synced_at: Set(now),
                    ..Default::default()
                });
                c.count(done.imported, done.exceptions);
            }
            Err(e) => c.errors.push(format!("shipment {}: {}", s.id, explain(&e))),
        }
    }
    if !rows.is_empty() {
        shipment::Entity::insert_many(rows).exec(tx).await?;
    }
    Ok(c)
}

/// An order error as the sync log keeps it: the sentence, then each invalid field.
fn explain(e: &OrderError) -> String {
    let fields: Vec<String> = e
        .fields()
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    if fields.is_empty() {
        e.to_string()
    } else {
        format!("{e} ({})", fields.join("; "))
    }
}

fn phase_state(phase: &str) -> Option<ShipmentState> {
    match phase {
        "unconfirmed" => Some(ShipmentState::Unconfirmed),
        "confirmed" => Some(ShipmentState::Confirmed),
        _ => None,
    }
}

fn next_phase(phase: &str) -> &'static str {
    match phase {
        "unconfirmed" => "confirmed",
        _ => "done",
    }
}

fn merged_errors(existing: &str, new: &[String]) -> String {
    let mut all: Vec<String> = serde_json::from_str(existing).unwrap_or_default();
    for e in new {
        if all.len() >= MAX_ERRORS {
            break;
        }
        all.push(e.clone());
    }
    serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
}

async fn finish(
    db_: &Db,
    j: &job::Model,
    status: &str,
    error: Option<String>,
    started: Instant,
) -> Result<job::Model, MarketplaceError> {
    let conn = db_.conn();
    let now = Utc::now();
    let mut a: job::ActiveModel = j.clone().into();
    a.status = Set(status.into());
    if let Some(e) = &error {
        a.errors = Set(merged_errors(&j.errors, std::slice::from_ref(e)));
    }
    a.finished_at = Set(Some(now));
    a.updated_at = Set(now);
    a.lease_owner = Set(None);
    // A failed run is announced (webhooks) in the transaction that records it.
    let tx = db_.begin_write().await?;
    let j = a.update(&tx).await?;
    if status == "failed" {
        let ev = orion_db::events::DomainEvent {
            store: StoreId(j.store_id),
            kind: "letzshop.sync_failed",
            data: serde_json::json!({"job_id": j.id, "kind": j.kind, "error": error}),
        };
        orion_db::events::emit(&tx, &ev)
            .await
            .map_err(MarketplaceError::Event)?;
    }
    tx.commit().await?;
    let c = SyncCounts::of(&j);
    service::log(
        conn,
        StoreId(j.store_id),
        &j.kind,
        serde_json::json!({"job_id": j.id, "imported": c.imported, "updated": c.updated, "held": c.held,
            "exceptions": c.exceptions, "unchanged": c.unchanged, "pages": c.pages, "errors": c.errors.len()}),
        started.elapsed().as_millis() as i64,
        error.or_else(|| (!c.errors.is_empty()).then(|| format!("{} shipment(s) failed: {}", c.errors.len(), c.errors[0]))),
    )
    .await?;
    if let Some(conn_row) = service::find_connection(conn, StoreId(j.store_id)).await? {
        let next = conn_row
            .auto_sync
            .then(|| now + chrono::Duration::minutes(conn_row.sync_interval_minutes.into()));
        connection::Entity::update_many()
            .col_expr(connection::Column::LastSyncAt, Expr::value(now))
            .col_expr(connection::Column::NextSyncAt, Expr::value(next))
            .filter(connection::Column::StoreId.eq(j.store_id))
            .exec(conn)
            .await?;
    }
    Ok(j)
}

/// Runs (or resumes) job `job_id` of `store`. The caller holds the store's lease as `owner`.
/// `stop` ends the run between pages (the job goes back to `queued` and resumes later).
pub async fn run_job(
    db_: &Db,
    secret: &[u8],
    store: StoreId,
    job_id: i64,
    owner: &str,
    stop: Arc<AtomicBool>,
) -> Result<job::Model, MarketplaceError> {
    let started = Instant::now();
    let conn = db_.conn();
    let mut j = service::find_job(conn, store, job_id).await?;
    if matches!(j.status.as_str(), "done" | "failed") {
        return Ok(j);
    }
    {
        let now = Utc::now();
        let mut a: job::ActiveModel = j.clone().into();
        a.status = Set("running".into());
        a.lease_owner = Set(Some(owner.into()));
        if j.started_at.is_none() {
            a.started_at = Set(Some(now));
        }
        a.updated_at = Set(now);
        j = a.update(conn).await?;
    }
    let client = match service::connection(conn, store)
        .await
        .and_then(|c| service::client_for(secret, &c))
    {
        Ok(c) => c,
        Err(e) => return finish(db_, &j, "failed", Some(e.to_string()), started).await,
    };
    let sref = service::store_ref(conn, store).await?;
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(state) = phase_state(&j.phase) {
        if stop.load(Ordering::Relaxed) {
            let mut a: job::ActiveModel = j.clone().into();
            a.status = Set("queued".into());
            a.lease_owner = Set(None);
            return a.update(conn).await.map_err(Into::into);
        }
        let fetch = Instant::now();
        let page = match client.shipments_page(state, j.cursor.as_deref()).await {
            Ok(p) => p,
            Err(e) => return finish(db_, &j, "failed", Some(e.to_string()), started).await,
        };
        let fetch_ms = fetch.elapsed().as_secs_f64() * 1000.0;
        let write = Instant::now();
        // Duplicate nodes (within a page or across pages) are imported once.
        let mut nodes = Vec::with_capacity(page.nodes.len());
        for s in page.nodes {
            if seen.insert(s.id.clone()) {
                nodes.push(s);
            }
        }
        let mut tx = db_.begin_write().await?;
        if !service::extend_store(&tx, store, owner).await? {
            tx.rollback().await?;
            return Err(MarketplaceError::LeaseLost);
        }
        let c = match import_page(&tx, &sref, &nodes, true).await {
            Ok(c) => c,
            Err(_) => {
                // Redo the page shipment by shipment (savepoints) to isolate the failure.
                tx.rollback().await?;
                tx = db_.begin_write().await?;
                if !service::extend_store(&tx, store, owner).await? {
                    tx.rollback().await?;
                    return Err(MarketplaceError::LeaseLost);
                }
                import_page(&tx, &sref, &nodes, false).await?
            }
        };
        // PostgreSQL plans the page look-ups with table statistics; refresh them as a big
        // import grows the tables (autovacuum may lag behind by minutes).
        if (j.imported + c.imported) / ANALYZE_EVERY > j.imported / ANALYZE_EVERY {
            for t in ["letzshop_shipments", "orders", "order_items", "customers"] {
                orion_db::refresh_statistics(&tx, t).await?;
            }
        }
        let (phase, cursor) = if page.has_next_page && page.end_cursor.is_some() {
            (j.phase.clone(), page.end_cursor.clone())
        } else {
            (next_phase(&j.phase).to_owned(), None)
        };
        let mut a: job::ActiveModel = j.clone().into();
        a.phase = Set(phase);
        a.cursor = Set(cursor);
        a.pages = Set(j.pages + 1);
        a.imported = Set(j.imported + c.imported);
        a.updated = Set(j.updated + c.updated);
        a.held = Set(j.held + c.held);
        a.exceptions = Set(j.exceptions + c.exceptions);
        a.unchanged = Set(j.unchanged + c.unchanged);
        a.errors = Set(merged_errors(&j.errors, &c.errors));
        a.updated_at = Set(Utc::now());
        j = a.update(&tx).await?;
        tx.commit().await?;
        tracing::debug!(
            store = store.0,
            job = j.id,
            page = j.pages,
            fetch_ms,
            write_ms = write.elapsed().as_secs_f64() * 1000.0,
            "letzshop page synced"
        );
    }
    finish(db_, &j, "done", None, started).await
}

/// Claims the store's lease (waiting up to `wait` for another run to finish), then runs
/// `job_id` and releases the lease. `Ok(None)` when the lease stayed taken.
pub async fn claim_and_run(
    db_: &Db,
    secret: &[u8],
    store: StoreId,
    job_id: i64,
    wait: std::time::Duration,
    stop: Arc<AtomicBool>,
) -> Result<Option<job::Model>, MarketplaceError> {
    let owner = service::new_owner();
    let deadline = Instant::now() + wait;
    loop {
        if service::claim_store(db_.conn(), store, &owner).await? {
            break;
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let beat = crate::worker::heartbeat(db_.clone(), store, owner.clone());
    let res = run_job(db_, secret, store, job_id, &owner, stop).await;
    beat.abort();
    service::release_store(db_.conn(), store, &owner).await?;
    res.map(Some)
}
