//! Packing slips and pick lists: the printable views of orders (rendered by `orion-pdf`),
//! with the bin of every item as inventory places it. Read only; nothing is stored.
//!
//! A packing slip is written in its order's language (as its invoice is: the order's
//! language when it is en/fr/de, else the reader's); a pick list, for the warehouse, in the
//! reader's language. Dates are the store's days.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use orion_inventory::pick_locations::{ItemToPick, Pick, pick_locations};
use orion_kernel::locale;
use orion_kernel::{Address, Invalid, Lang, OrderId, OrderItemId, ProductId, StoreId};
use orion_pdf::{PackingItemView, PackingSlipView, PickListView, PickRowView};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::OrderError;
use crate::entity::{order, order_item};
use crate::service;

/// The most orders one pick list or batch of packing slips may cover.
pub const MAX_ORDERS: usize = 1000;

/// Printed where an item has no bin.
pub const NO_BIN: &str = "—";

/// Who prints, for which store.
#[derive(Debug, Clone)]
pub struct Printer {
    pub store: StoreId,
    pub store_name: String,
    /// The store's IANA time zone.
    pub time_zone: String,
    /// The reader's language.
    pub lang: Lang,
}

impl Printer {
    fn day(&self, at: DateTime<Utc>, lang: Lang) -> String {
        locale::local_date(at, locale::time_zone(&self.time_zone), lang)
    }
}

/// The ids asked for, each once in the order given: at least one, at most [`MAX_ORDERS`].
pub fn check_ids(ids: &[i64]) -> Result<Vec<i64>, OrderError> {
    if ids.is_empty() {
        return Err(Invalid::field("order_ids", "must not be empty").into());
    }
    let mut seen = HashSet::new();
    let unique: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if unique.len() > MAX_ORDERS {
        return Err(Invalid::field("order_ids", format!("at most {MAX_ORDERS} orders")).into());
    }
    Ok(unique)
}

/// The orders of `ids` (checked with [`check_ids`]) in the store, in the order asked; an id
/// of no order of the store is a field error naming the first ones.
async fn orders_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: &[i64],
) -> Result<Vec<order::Model>, OrderError> {
    let ids = check_ids(ids)?;
    let mut found: HashMap<i64, order::Model> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for o in order::Entity::find()
            .filter(order::Column::StoreId.eq(store.0))
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            found.insert(o.id, o);
        }
    }
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains_key(id))
        .map(i64::to_string)
        .collect();
    if !unknown.is_empty() {
        let mut shown = unknown
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if unknown.len() > 10 {
            shown.push_str(", …");
        }
        return Err(Invalid::field(
            "order_ids",
            format!("names orders that are not in this store: {shown}"),
        )
        .into());
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// An order's items that ship (declined ones left out), in line order.
fn shipping(items: Vec<order_item::Model>) -> Vec<order_item::Model> {
    items
        .into_iter()
        .filter(|i| i.status != "declined")
        .collect()
}

/// Where each item's units are picked from (items without a product have no bin).
async fn picks(
    conn: &impl ConnectionTrait,
    store: StoreId,
    items: &[&order_item::Model],
) -> Result<HashMap<i64, Vec<Pick>>, OrderError> {
    let wanted: Vec<ItemToPick> = items
        .iter()
        .filter_map(|i| {
            i.product_id.map(|p| ItemToPick {
                item: OrderItemId(i.id),
                product: ProductId(p),
                quantity: i.quantity,
            })
        })
        .collect();
    Ok(pick_locations(conn, store, &wanted).await?)
}

fn bin_of(location: &Option<String>) -> String {
    location.clone().unwrap_or_else(|| NO_BIN.to_owned())
}

/// Every place an item is picked from, `A-01, B-03`, or `—`.
fn bins(picks: Option<&Vec<Pick>>) -> String {
    let places: Vec<String> = picks
        .into_iter()
        .flatten()
        .filter_map(|p| p.location.clone())
        .collect();
    if places.is_empty() {
        NO_BIN.to_owned()
    } else {
        places.join(", ")
    }
}

/// The language a packing slip is written in: the order's, else the reader's.
fn slip_lang(o: &order::Model, reader: Lang) -> Lang {
    Lang::parse(&o.locale).unwrap_or(reader)
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut out = Vec::new();
    for part in [&a.name, &a.company].into_iter().flatten() {
        if !part.trim().is_empty() && !out.contains(part) {
            out.push(part.clone());
        }
    }
    out.push(a.street.clone());
    out.push(format!("{} {}", a.postal_code, a.city));
    out.push(
        orion_vat::CountryCode::parse(&a.country)
            .map(|c| c.name_en())
            .unwrap_or_else(|_| a.country.clone()),
    );
    out
}

/// The delivery address as printed; the customer's name when the address has none.
fn ship_to(o: &order::Model) -> Vec<String> {
    let Ok(address) = serde_json::from_str::<Address>(&o.shipping_address) else {
        return Vec::new();
    };
    let mut lines = address_lines(&address);
    let has_name = address
        .name
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    let customer = [&o.customer_first_name, &o.customer_last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    if !has_name && !customer.trim().is_empty() {
        lines.insert(0, customer.trim().to_owned());
    }
    lines
}

fn slip_view(
    p: &Printer,
    o: &order::Model,
    items: &[order_item::Model],
    picks: &HashMap<i64, Vec<Pick>>,
) -> PackingSlipView {
    let lang = slip_lang(o, p.lang);
    let total: i64 = items.iter().map(|i| i.quantity).sum();
    PackingSlipView {
        lang: lang.as_str().to_owned(),
        store_name: p.store_name.clone(),
        order_number: o.order_number.clone(),
        order_date: p.day(o.ordered_at, lang),
        ship_to: ship_to(o),
        items: items
            .iter()
            .map(|i| PackingItemView {
                sku: i.sku.clone(),
                name: i.name.clone(),
                quantity: locale::number(i.quantity, lang),
                bin: bins(picks.get(&i.id)),
            })
            .collect(),
        total_units: locale::number(total, lang),
        notes: o.notes.clone().filter(|n| !n.trim().is_empty()),
    }
}

/// The packing slip of one order of the store (another store's order is not found).
pub async fn packing_slip(
    conn: &impl ConnectionTrait,
    p: &Printer,
    id: OrderId,
) -> Result<PackingSlipView, OrderError> {
    let o = service::find(conn, p.store, id).await?;
    let items = shipping(service::items(conn, id).await?);
    let picks = picks(conn, p.store, &items.iter().collect::<Vec<_>>()).await?;
    Ok(slip_view(p, &o, &items, &picks))
}

/// The orders of `ids` with the items that ship and where each is picked from.
async fn gather(
    conn: &impl ConnectionTrait,
    store: StoreId,
    ids: &[i64],
) -> Result<
    (
        Vec<order::Model>,
        HashMap<i64, Vec<order_item::Model>>,
        HashMap<i64, Vec<Pick>>,
    ),
    OrderError,
> {
    let orders = orders_of(conn, store, ids).await?;
    let found: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let mut items = HashMap::new();
    for chunk in found.chunks(500) {
        for (id, its) in service::items_of_orders(conn, chunk).await? {
            items.insert(id, shipping(its));
        }
    }
    let all: Vec<&order_item::Model> = items.values().flatten().collect();
    let picks = picks(conn, store, &all).await?;
    Ok((orders, items, picks))
}

/// One packing slip per order of `ids`, in the order asked.
pub async fn packing_slips(
    conn: &impl ConnectionTrait,
    p: &Printer,
    ids: &[i64],
) -> Result<Vec<PackingSlipView>, OrderError> {
    let (orders, items, picks) = gather(conn, p.store, ids).await?;
    Ok(orders
        .iter()
        .map(|o| slip_view(p, o, items.get(&o.id).map_or(&[], Vec::as_slice), &picks))
        .collect())
}

/// One line of the pick list: a product (or an unmatched item's SKU and name) in one bin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PickKey {
    /// No bin sorts last.
    no_bin: bool,
    bin: String,
    sku: String,
    name: String,
    product: Option<i64>,
}

/// The pick list of the orders of `ids`: units summed per product and bin, sorted by bin
/// then SKU (items without a bin last), with the orders needing them; dated `now`.
pub async fn pick_list(
    conn: &impl ConnectionTrait,
    p: &Printer,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<PickListView, OrderError> {
    let (orders, items, picks) = gather(conn, p.store, ids).await?;
    let lang = p.lang;
    let mut rows: BTreeMap<PickKey, (i64, Vec<String>)> = BTreeMap::new();
    for o in &orders {
        for i in items.get(&o.id).into_iter().flatten() {
            let places = match picks.get(&i.id) {
                Some(ps) if !ps.is_empty() => ps.clone(),
                _ => vec![Pick {
                    location: None,
                    quantity: i.quantity,
                }],
            };
            for place in places {
                let key = PickKey {
                    no_bin: place.location.is_none(),
                    bin: bin_of(&place.location),
                    sku: i.sku.clone().unwrap_or_default(),
                    name: i.name.clone(),
                    product: i.product_id,
                };
                let row = rows.entry(key).or_default();
                row.0 += place.quantity;
                if !row.1.contains(&o.order_number) {
                    row.1.push(o.order_number.clone());
                }
            }
        }
    }
    let total: i64 = rows.values().map(|r| r.0).sum();
    Ok(PickListView {
        lang: lang.as_str().to_owned(),
        store_name: p.store_name.clone(),
        date: p.day(now, lang),
        order_numbers: orders.iter().map(|o| o.order_number.clone()).collect(),
        rows: rows
            .into_iter()
            .map(|(k, (quantity, orders))| PickRowView {
                bin: k.bin,
                sku: Some(k.sku).filter(|s| !s.is_empty()),
                name: k.name,
                quantity: locale::number(quantity, lang),
                orders,
            })
            .collect(),
        total_units: locale::number(total, lang),
    })
}

/// Renders off the async threads (PDF layout and compression are CPU work).
pub async fn render<F>(f: F) -> Result<Vec<u8>, orion_web::ApiError>
where
    F: FnOnce(&orion_pdf::PdfEngine) -> Result<Vec<u8>, orion_pdf::PdfError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || f(orion_pdf::engine()))
        .await
        .map_err(orion_web::ApiError::internal)?
        .map_err(orion_web::ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_required_deduplicated_and_capped() {
        assert!(check_ids(&[]).is_err());
        assert_eq!(check_ids(&[3, 1, 3, 2, 1]).unwrap(), vec![3, 1, 2]);
        let many: Vec<i64> = (1..=MAX_ORDERS as i64).collect();
        assert_eq!(check_ids(&many).unwrap().len(), MAX_ORDERS);
        let too_many: Vec<i64> = (0..=MAX_ORDERS as i64).collect();
        assert!(check_ids(&too_many).is_err());
    }

    #[test]
    fn bins_list_every_place_or_a_dash() {
        let pick = |l: Option<&str>, q| Pick {
            location: l.map(str::to_owned),
            quantity: q,
        };
        assert_eq!(bins(None), NO_BIN);
        assert_eq!(bins(Some(&vec![pick(None, 2)])), NO_BIN);
        assert_eq!(
            bins(Some(&vec![pick(Some("A-01"), 2), pick(Some("B-03"), 1)])),
            "A-01, B-03"
        );
    }

    #[test]
    fn pick_rows_sort_by_bin_then_sku_without_bin_last() {
        let key = |bin: Option<&str>, sku: &str| PickKey {
            no_bin: bin.is_none(),
            bin: bin.unwrap_or(NO_BIN).to_owned(),
            sku: sku.to_owned(),
            name: String::new(),
            product: None,
        };
        let mut keys = vec![
            key(None, "A"),
            key(Some("B-01"), "A"),
            key(Some("A-02"), "Z"),
            key(Some("A-02"), "B"),
        ];
        keys.sort();
        let order: Vec<(String, String)> = keys.into_iter().map(|k| (k.bin, k.sku)).collect();
        assert_eq!(
            order,
            [("A-02", "B"), ("A-02", "Z"), ("B-01", "A"), (NO_BIN, "A")]
                .map(|(b, s)| (b.to_owned(), s.to_owned()))
        );
    }
}
