//! Inventory operations. Each is one conditional `UPDATE` of a stock level (so concurrent
//! operations cannot overdraw it) plus one row in the append-only transaction log, inside the
//! caller's write transaction.

use std::collections::HashMap;

use chrono::Utc;
use orion_billing::{Feature, limits};
use orion_catalog::CatalogError;
use orion_kernel::{
    FieldError, Invalid, MerchantId, NotFound, OrderItemId, Pagination, ProductId, StoreId,
    WarehouseId,
};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{reservation, stock_level, transaction, warehouse};
use crate::error::StockError;

pub mod import_levels;
pub mod set_levels;

/// The largest quantity one movement (adjustment, receipt, return, count, move, reservation)
/// may carry, and the largest on-hand quantity a stock level may hold: one billion units.
/// Larger values are refused as invalid input (422 naming the field), so stock arithmetic
/// can never overflow.
pub const MAX_QUANTITY: i64 = 1_000_000_000;

/// Refuses a quantity whose magnitude exceeds [`MAX_QUANTITY`] (`i64::MIN` included).
fn within_bound(field: &'static str, q: i64) -> Result<(), StockError> {
    if q.unsigned_abs() > MAX_QUANTITY as u64 {
        return Err(Invalid::field(
            field,
            format!("must be between -{MAX_QUANTITY} and {MAX_QUANTITY}"),
        )
        .into());
    }
    Ok(())
}

/// The refusal of a change that would leave more than [`MAX_QUANTITY`] units on hand.
fn over_max(field: &'static str, on_hand: i64) -> StockError {
    Invalid::field(
        field,
        format!("would leave more than {MAX_QUANTITY} units on hand here ({on_hand} now)"),
    )
    .into()
}

/// Locks the stock levels of the given products of a store, in ascending id order, until the
/// end of the transaction (PostgreSQL `SELECT … ORDER BY id FOR NO KEY UPDATE`).
///
/// Every operation that changes more than one stock level takes its locks this way before
/// changing any, so concurrent transactions lock levels in one global order (by id) and
/// cannot deadlock. On SQLite, write transactions are serialised (`BEGIN IMMEDIATE`) and
/// nothing is needed.
pub async fn lock_levels(
    tx: &DatabaseTransaction,
    store: StoreId,
    products: &[i64],
) -> Result<(), StockError> {
    if products.is_empty() || tx.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut products = products.to_vec();
    products.sort_unstable();
    products.dedup();
    stock_level::Entity::find()
        .select_only()
        .column(stock_level::Column::Id)
        .filter(stock_level::Column::StoreId.eq(store.0))
        .filter(stock_level::Column::ProductId.is_in(products))
        .order_by_asc(stock_level::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple::<i64>()
        .all(tx)
        .await?;
    Ok(())
}

/// Locks the given stock levels in ascending id order (see [`lock_levels`]).
async fn lock_level_ids(tx: &DatabaseTransaction, ids: &[i64]) -> Result<(), StockError> {
    if tx.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    stock_level::Entity::find()
        .select_only()
        .column(stock_level::Column::Id)
        .filter(stock_level::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(stock_level::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple::<i64>()
        .all(tx)
        .await?;
    Ok(())
}

/// Kinds of inventory transaction (the `kind` column of the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxKind {
    Reserve,
    Release,
    Fulfil,
    Adjust,
    Set,
    Import,
    Receive,
    Return,
    MoveOut,
    MoveIn,
}

impl TxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserve => "reserve",
            Self::Release => "release",
            Self::Fulfil => "fulfil",
            Self::Adjust => "adjust",
            Self::Set => "set",
            Self::Import => "import",
            Self::Receive => "receive",
            Self::Return => "return",
            Self::MoveOut => "move_out",
            Self::MoveIn => "move_in",
        }
    }
}

/// Who caused a change, and why (stored on the log row).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub reason: Option<String>,
    pub reference: Option<String>,
    pub order_id: Option<i64>,
    pub order_item_id: Option<i64>,
}

impl Actor {
    pub fn user(id: i64) -> Self {
        Actor {
            user_id: Some(id),
            ..Default::default()
        }
    }

    pub fn with_reason(mut self, r: Option<String>) -> Self {
        self.reason = r
            .map(|r| r.trim().chars().take(500).collect())
            .filter(|r: &String| !r.is_empty());
        self
    }
}

/// Where stock lies: a warehouse (default when `None`) and a bin (empty = none).
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub warehouse_id: Option<i64>,
    pub bin: String,
}

/// The store's default warehouse, created on first use ("MAIN").
pub async fn default_warehouse(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<warehouse::Model, StockError> {
    if let Some(w) = warehouse::Entity::find()
        .filter(warehouse::Column::StoreId.eq(store.0))
        .filter(warehouse::Column::IsDefault.eq(true))
        .one(conn)
        .await?
    {
        return Ok(w);
    }
    let stmt = Query::insert()
        .into_table(warehouse::Entity)
        .columns([
            warehouse::Column::StoreId,
            warehouse::Column::Code,
            warehouse::Column::Name,
            warehouse::Column::IsDefault,
            warehouse::Column::Active,
            warehouse::Column::CreatedAt,
        ])
        .values_panic([
            store.0.into(),
            "MAIN".into(),
            "Main warehouse".into(),
            true.into(),
            true.into(),
            Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::columns([warehouse::Column::StoreId, warehouse::Column::Code])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    warehouse::Entity::find()
        .filter(warehouse::Column::StoreId.eq(store.0))
        .filter(warehouse::Column::Code.eq("MAIN"))
        .one(conn)
        .await?
        .ok_or(StockError::Inconsistent("default warehouse missing"))
}

pub async fn warehouses(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<warehouse::Model>, StockError> {
    default_warehouse(conn, store).await?;
    warehouse::Entity::find()
        .filter(warehouse::Column::StoreId.eq(store.0))
        .order_by_asc(warehouse::Column::Id)
        .all(conn)
        .await
        .map_err(Into::into)
}

pub async fn find_warehouse(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: WarehouseId,
) -> Result<warehouse::Model, StockError> {
    let id = id.0;
    Ok(orion_db::query::find_in_store::<warehouse::Entity>(
        conn,
        warehouse::Column::StoreId,
        store,
        id,
        "Warehouse",
    )
    .await?)
}

/// Creates a warehouse (needs the `warehouses` feature).
pub async fn create_warehouse(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    code: &str,
    name: &str,
) -> Result<warehouse::Model, StockError> {
    limits::require_feature(tx, merchant, Feature::WAREHOUSES).await?;
    let code = code.trim().to_ascii_uppercase();
    let name = name.trim();
    let mut errors = Vec::new();
    if code.is_empty()
        || code.len() > 32
        || !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        errors.push(FieldError::new(
            "code",
            "must be 1–32 letters, digits, '-' or '_'",
        ));
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "must be 1–100 characters"));
    }
    if !errors.is_empty() {
        return Err(Invalid(errors).into());
    }
    default_warehouse(tx, store).await?;
    warehouse::ActiveModel {
        store_id: Set(store.0),
        code: Set(code),
        name: Set(name.to_owned()),
        is_default: Set(false),
        active: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|e| {
        if orion_db::errors::is_unique_violation(&e) {
            StockError::DuplicateWarehouse
        } else {
            e.into()
        }
    })
}

/// Resolves a slot to a warehouse of the store; bins need the `warehouses` feature.
pub(crate) async fn resolve(
    conn: &impl ConnectionTrait,
    merchant: MerchantId,
    store: StoreId,
    slot: &Slot,
) -> Result<(warehouse::Model, String), StockError> {
    let bin = slot.bin.trim().to_ascii_uppercase();
    if bin.len() > 32 || bin.chars().any(|c| c.is_control()) {
        return Err(Invalid::field("bin", "must be at most 32 characters").into());
    }
    let w = match slot.warehouse_id {
        Some(id) => find_warehouse(conn, store, WarehouseId(id))
            .await
            .map_err(|_| Invalid::field("warehouse_id", "no such warehouse in this store"))?,
        None => default_warehouse(conn, store).await?,
    };
    if !w.is_default || !bin.is_empty() {
        limits::require_feature(conn, merchant, Feature::WAREHOUSES).await?;
    }
    Ok((w, bin))
}

/// The physical product of the store a stock operation is about.
async fn stocked_product(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: i64,
) -> Result<orion_catalog::entity::product::Model, StockError> {
    let p = orion_catalog::service::find(conn, store, ProductId(product))
        .await
        .map_err(|e| match e {
            CatalogError::NotFound(_) => {
                Invalid::field("product_id", "no such product in this store").into()
            }
            e => StockError::from(e),
        })?;
    if !p.is_stocked() {
        return Err(Invalid::field(
            "product_id",
            format!("{} products have no stock", p.product_type),
        )
        .into());
    }
    Ok(p)
}

/// The stock level of a slot, created empty if missing.
async fn level(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: i64,
    warehouse: i64,
    bin: &str,
) -> Result<stock_level::Model, StockError> {
    let stmt = Query::insert()
        .into_table(stock_level::Entity)
        .columns([
            stock_level::Column::StoreId,
            stock_level::Column::ProductId,
            stock_level::Column::WarehouseId,
            stock_level::Column::Bin,
            stock_level::Column::OnHand,
            stock_level::Column::Reserved,
            stock_level::Column::UpdatedAt,
        ])
        .values_panic([
            store.0.into(),
            product.into(),
            warehouse.into(),
            bin.into(),
            0i64.into(),
            0i64.into(),
            Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::columns([
                stock_level::Column::ProductId,
                stock_level::Column::WarehouseId,
                stock_level::Column::Bin,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    stock_level::Entity::find()
        .filter(stock_level::Column::ProductId.eq(product))
        .filter(stock_level::Column::WarehouseId.eq(warehouse))
        .filter(stock_level::Column::Bin.eq(bin))
        .one(conn)
        .await?
        .ok_or(StockError::Inconsistent("stock level missing"))
}

/// Applies `on_hand += dh, reserved += dr` to one level if the result stays valid
/// (0 ≤ reserved ≤ on_hand ≤ [`MAX_QUANTITY`]); returns the updated level, or `None` when
/// refused. `dh` and `dr` are bounded by [`MAX_QUANTITY`] by the callers; the conditions are
/// written so that the database never computes a value out of range.
async fn change(
    conn: &impl ConnectionTrait,
    level_id: i64,
    dh: i64,
    dr: i64,
) -> Result<Option<stock_level::Model>, StockError> {
    debug_assert!(dh.unsigned_abs() <= MAX_QUANTITY as u64);
    debug_assert!(dr.unsigned_abs() <= MAX_QUANTITY as u64);
    let on_hand = Expr::col(stock_level::Column::OnHand);
    let reserved = Expr::col(stock_level::Column::Reserved);
    let res = stock_level::Entity::update_many()
        .col_expr(stock_level::Column::OnHand, on_hand.clone().add(dh))
        .col_expr(stock_level::Column::Reserved, reserved.clone().add(dr))
        .col_expr(stock_level::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(stock_level::Column::Id.eq(level_id))
        .filter(on_hand.clone().gte(-dh))
        .filter(on_hand.clone().lte(MAX_QUANTITY - dh))
        .filter(reserved.clone().gte(-dr))
        .filter(reserved.lte(MAX_QUANTITY - dr))
        // reserved + dr ≤ on_hand + dh, without sums that could leave the range
        .filter(
            Expr::col(stock_level::Column::Reserved)
                .sub(on_hand)
                .lte(dh - dr),
        )
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    stock_level::Entity::find_by_id(level_id)
        .one(conn)
        .await
        .map_err(Into::into)
}

async fn log(
    tx: &DatabaseTransaction,
    kind: TxKind,
    l: &stock_level::Model,
    dh: i64,
    dr: i64,
    actor: &Actor,
) -> Result<transaction::Model, StockError> {
    if !matches!(kind, TxKind::MoveOut | TxKind::MoveIn) {
        crate::low_stock::check(tx, l, dh, dr).await?;
    }
    transaction::ActiveModel {
        store_id: Set(l.store_id),
        product_id: Set(l.product_id),
        warehouse_id: Set(l.warehouse_id),
        bin: Set(l.bin.clone()),
        kind: Set(kind.as_str().into()),
        on_hand_change: Set(dh),
        reserved_change: Set(dr),
        on_hand_after: Set(l.on_hand),
        reserved_after: Set(l.reserved),
        order_id: Set(actor.order_id),
        order_item_id: Set(actor.order_item_id),
        reference: Set(actor.reference.clone()),
        reason: Set(actor.reason.clone()),
        actor_user_id: Set(actor.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(Into::into)
}

fn insufficient(action: &'static str, requested: i64, available: i64) -> StockError {
    StockError::Short {
        action,
        requested,
        available,
    }
}

/// Adds `delta` (may be negative) to on-hand stock of a slot. Stock never drops below what
/// is reserved, and never rises above [`MAX_QUANTITY`]. Refusals of the quantity name the
/// field `quantity` for receipts and returns, `delta` otherwise.
#[allow(clippy::too_many_arguments)]
pub async fn adjust(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    product: ProductId,
    slot: &Slot,
    delta: i64,
    kind: TxKind,
    actor: &Actor,
) -> Result<stock_level::Model, StockError> {
    let product = product.0;
    let field = match kind {
        TxKind::Receive | TxKind::Return => "quantity",
        _ => "delta",
    };
    if delta == 0 {
        return Err(Invalid::field(field, "must not be 0").into());
    }
    within_bound(field, delta)?;
    stocked_product(tx, store, product).await?;
    let (w, bin) = resolve(tx, merchant, store, slot).await?;
    let l = level(tx, store, product, w.id, &bin).await?;
    match change(tx, l.id, delta, 0).await? {
        Some(after) => {
            log(tx, kind, &after, delta, 0, actor).await?;
            Ok(after)
        }
        None => {
            // Refused: read the level again to tell which bound was hit.
            let now = stock_level::Entity::find_by_id(l.id)
                .one(tx)
                .await?
                .ok_or(StockError::Inconsistent("stock level missing"))?;
            if delta > 0 {
                Err(over_max(field, now.on_hand))
            } else {
                Err(insufficient("remove", -delta, now.available()))
            }
        }
    }
}

/// Sets the on-hand quantity of a slot, logged as `kind` (`Set` for a stock count, or
/// `Import`). Never below what is reserved there.
#[allow(clippy::too_many_arguments)]
pub async fn set_on_hand(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    product: ProductId,
    slot: &Slot,
    on_hand: i64,
    kind: TxKind,
    actor: &Actor,
) -> Result<stock_level::Model, StockError> {
    let product = product.0;
    if on_hand < 0 {
        return Err(Invalid::field("on_hand", "must not be negative").into());
    }
    if on_hand > MAX_QUANTITY {
        return Err(Invalid::field("on_hand", format!("must be at most {MAX_QUANTITY}")).into());
    }
    stocked_product(tx, store, product).await?;
    let (w, bin) = resolve(tx, merchant, store, slot).await?;
    let l = level(tx, store, product, w.id, &bin).await?;
    let delta = on_hand
        .checked_sub(l.on_hand)
        .filter(|d| d.unsigned_abs() <= MAX_QUANTITY as u64)
        .ok_or(StockError::Inconsistent("stock level out of range"))?;
    if on_hand < l.reserved {
        return Err(Invalid::field(
            "on_hand",
            format!(
                "{} units are reserved here; the count cannot be lower",
                l.reserved
            ),
        )
        .into());
    }
    match change(tx, l.id, delta, 0).await? {
        Some(after) => {
            log(tx, kind, &after, delta, 0, actor).await?;
            Ok(after)
        }
        None => Err(StockError::CountChanged),
    }
}

/// Moves unreserved stock between two slots.
#[allow(clippy::too_many_arguments)]
pub async fn move_stock(
    tx: &DatabaseTransaction,
    merchant: MerchantId,
    store: StoreId,
    product: ProductId,
    from: &Slot,
    to: &Slot,
    quantity: i64,
    actor: &Actor,
) -> Result<(stock_level::Model, stock_level::Model), StockError> {
    let product = product.0;
    if quantity <= 0 {
        return Err(Invalid::field("quantity", "must be positive").into());
    }
    within_bound("quantity", quantity)?;
    stocked_product(tx, store, product).await?;
    let (fw, fbin) = resolve(tx, merchant, store, from).await?;
    let (tw, tbin) = resolve(tx, merchant, store, to).await?;
    if fw.id == tw.id && fbin == tbin {
        return Err(Invalid::field("to_bin", "must differ from the source").into());
    }
    let src = level(tx, store, product, fw.id, &fbin).await?;
    let dst = level(tx, store, product, tw.id, &tbin).await?;
    // Both levels, in id order: two opposite moves cannot deadlock.
    lock_level_ids(tx, &[src.id, dst.id]).await?;
    let out = match change(tx, src.id, -quantity, 0).await? {
        Some(out) => out,
        None => {
            let now = stock_level::Entity::find_by_id(src.id)
                .one(tx)
                .await?
                .ok_or(StockError::Inconsistent("stock level missing"))?;
            return Err(insufficient("move", quantity, now.available()));
        }
    };
    log(tx, TxKind::MoveOut, &out, -quantity, 0, actor).await?;
    let inn = match change(tx, dst.id, quantity, 0).await? {
        Some(inn) => inn,
        None => {
            let now = stock_level::Entity::find_by_id(dst.id)
                .one(tx)
                .await?
                .ok_or(StockError::Inconsistent("stock level missing"))?;
            return Err(over_max("quantity", now.on_hand));
        }
    };
    log(tx, TxKind::MoveIn, &inn, quantity, 0, actor).await?;
    Ok((out, inn))
}

/// Reserves `quantity` units of a product for an order item, from the given warehouse or
/// from any, default warehouse first. May span several bins; all or nothing.
pub async fn reserve(
    tx: &DatabaseTransaction,
    store: StoreId,
    product: ProductId,
    warehouse: Option<WarehouseId>,
    quantity: i64,
    actor: &Actor,
) -> Result<Vec<reservation::Model>, StockError> {
    let (product, warehouse) = (product.0, warehouse.map(|w| w.0));
    if quantity <= 0 {
        return Err(Invalid::field("quantity", "must be positive").into());
    }
    within_bound("quantity", quantity)?;
    stocked_product(tx, store, product).await?;
    let default = default_warehouse(tx, store).await?;
    // The product's levels, locked in id order before any is changed (see `lock_levels`).
    lock_levels(tx, store, &[product]).await?;
    let mut remaining = quantity;
    let mut made = Vec::new();
    // A concurrent reservation may take a level between reading and updating it; the
    // conditional update refuses then, and the levels are read again.
    for _attempt in 0..5 {
        let mut q = stock_level::Entity::find()
            .filter(stock_level::Column::StoreId.eq(store.0))
            .filter(stock_level::Column::ProductId.eq(product));
        if let Some(w) = warehouse {
            q = q.filter(stock_level::Column::WarehouseId.eq(w));
        }
        let mut levels: Vec<_> = q
            .all(tx)
            .await?
            .into_iter()
            .filter(|l| l.available() > 0)
            .collect();
        let total: i64 = levels.iter().map(stock_level::Model::available).sum();
        if total < remaining {
            return Err(insufficient(
                "reserve",
                quantity,
                total + (quantity - remaining),
            ));
        }
        levels.sort_by_key(|l| (l.warehouse_id != default.id, -l.available(), l.id));
        for l in levels {
            if remaining == 0 {
                break;
            }
            let take = Ord::min(remaining, l.available());
            if let Some(after) = change(tx, l.id, 0, take).await? {
                log(tx, TxKind::Reserve, &after, 0, take, actor).await?;
                let r = reservation::ActiveModel {
                    store_id: Set(store.0),
                    product_id: Set(product),
                    stock_level_id: Set(l.id),
                    order_id: Set(actor.order_id),
                    order_item_id: Set(actor.order_item_id),
                    quantity: Set(take),
                    status: Set("active".into()),
                    created_at: Set(Utc::now()),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(tx)
                .await?;
                made.push(r);
                remaining -= take;
            }
        }
        if remaining == 0 {
            return Ok(made);
        }
    }
    Err(insufficient("reserve", quantity, quantity - remaining))
}

/// Active reservations of an order item (or of one reservation id).
async fn active(
    tx: &DatabaseTransaction,
    store: StoreId,
    order_item: Option<i64>,
    reservation_id: Option<i64>,
) -> Result<Vec<reservation::Model>, StockError> {
    let mut q = reservation::Entity::find()
        .filter(reservation::Column::StoreId.eq(store.0))
        .filter(reservation::Column::Status.eq("active"));
    if let Some(i) = order_item {
        q = q.filter(reservation::Column::OrderItemId.eq(i));
    }
    if let Some(r) = reservation_id {
        q = q.filter(reservation::Column::Id.eq(r));
    }
    q.order_by_asc(reservation::Column::Id)
        .all(tx)
        .await
        .map_err(Into::into)
}

async fn settle(
    tx: &DatabaseTransaction,
    rs: Vec<reservation::Model>,
    fulfil: bool,
    actor: &Actor,
) -> Result<u64, StockError> {
    let mut n = 0;
    for r in rs {
        // Only the transaction that flips the reservation from active settles it.
        let flipped = reservation::Entity::update_many()
            .col_expr(
                reservation::Column::Status,
                Expr::value(if fulfil { "fulfilled" } else { "released" }),
            )
            .col_expr(reservation::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(reservation::Column::Id.eq(r.id))
            .filter(reservation::Column::Status.eq("active"))
            .exec(tx)
            .await?;
        if flipped.rows_affected != 1 {
            continue;
        }
        let dh = if fulfil { -r.quantity } else { 0 };
        let after = change(tx, r.stock_level_id, dh, -r.quantity)
            .await?
            .ok_or(StockError::Inconsistent("reservation exceeds stock"))?;
        let a = Actor {
            order_id: r.order_id,
            order_item_id: r.order_item_id,
            ..actor.clone()
        };
        log(
            tx,
            if fulfil {
                TxKind::Fulfil
            } else {
                TxKind::Release
            },
            &after,
            dh,
            -r.quantity,
            &a,
        )
        .await?;
        n += r.quantity as u64;
    }
    Ok(n)
}

/// Releases the active reservations of an order item; returns the units released.
pub async fn release(
    tx: &DatabaseTransaction,
    store: StoreId,
    order_item: OrderItemId,
    actor: &Actor,
) -> Result<u64, StockError> {
    let order_item = order_item.0;
    let rs = active(tx, store, Some(order_item), None).await?;
    settle(tx, rs, false, actor).await
}

/// Fulfils (ships) the active reservations of an order item: on hand and reserved both drop.
pub async fn fulfil(
    tx: &DatabaseTransaction,
    store: StoreId,
    order_item: OrderItemId,
    actor: &Actor,
) -> Result<u64, StockError> {
    let order_item = order_item.0;
    let rs = active(tx, store, Some(order_item), None).await?;
    settle(tx, rs, true, actor).await
}

/// Releases or fulfils one reservation by id (HTTP face of the same operations).
pub async fn settle_one(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
    fulfil: bool,
    actor: &Actor,
) -> Result<reservation::Model, StockError> {
    let r = orion_db::query::find_in_store::<reservation::Entity>(
        tx,
        reservation::Column::StoreId,
        store,
        id,
        "Reservation",
    )
    .await?;
    if r.status != "active" {
        return Err(StockError::ReservationSettled { status: r.status });
    }
    settle(tx, vec![r.clone()], fulfil, actor).await?;
    reservation::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or(NotFound("Reservation").into())
}

/// What is available (on hand less reserved, over every warehouse and bin) of each of the
/// products, by product id (a product without stock levels has 0).
pub async fn available_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    products: &[i64],
) -> Result<HashMap<i64, i64>, StockError> {
    let mut out: HashMap<i64, i64> = products.iter().map(|p| (*p, 0)).collect();
    for chunk in products.chunks(500) {
        for l in stock_level::Entity::find()
            .filter(stock_level::Column::StoreId.eq(store.0))
            .filter(stock_level::Column::ProductId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            *out.entry(l.product_id).or_default() += l.available();
        }
    }
    Ok(out)
}

pub async fn levels(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: Option<ProductId>,
    warehouse: Option<WarehouseId>,
) -> Result<Vec<stock_level::Model>, StockError> {
    let (product, warehouse) = (product.map(|p| p.0), warehouse.map(|w| w.0));
    let mut q = stock_level::Entity::find().filter(stock_level::Column::StoreId.eq(store.0));
    if let Some(p) = product {
        q = q.filter(stock_level::Column::ProductId.eq(p));
    }
    if let Some(w) = warehouse {
        q = q.filter(stock_level::Column::WarehouseId.eq(w));
    }
    q.order_by_asc(stock_level::Column::ProductId)
        .order_by_asc(stock_level::Column::WarehouseId)
        .order_by_asc(stock_level::Column::Bin)
        .all(conn)
        .await
        .map_err(Into::into)
}

pub async fn transactions(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: Option<i64>,
    p: &Pagination,
) -> Result<(Vec<transaction::Model>, u64), StockError> {
    let mut q = transaction::Entity::find().filter(transaction::Column::StoreId.eq(store.0));
    if let Some(pid) = product {
        q = q.filter(transaction::Column::ProductId.eq(pid));
    }
    Ok(orion_db::query::page(conn, q.order_by_desc(transaction::Column::Id), p).await?)
}

pub async fn reservations_of_item(
    conn: &impl ConnectionTrait,
    store: StoreId,
    order_item: OrderItemId,
) -> Result<Vec<reservation::Model>, StockError> {
    let order_item = order_item.0;
    reservation::Entity::find()
        .filter(reservation::Column::StoreId.eq(store.0))
        .filter(reservation::Column::OrderItemId.eq(order_item))
        .order_by_asc(reservation::Column::Id)
        .all(conn)
        .await
        .map_err(Into::into)
}
